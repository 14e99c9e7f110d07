"""The synthetic caseload generator: valid cases, reproducible by seed, with the mix it documents."""
from __future__ import annotations

import collections
import datetime as dt
import json

from policyengine.caseload.generate import Settings, generate
from policyengine.cases.load import load_case_data
from policyengine.cli import main


def test_every_generated_case_validates():
    for data in generate(300, seed=11):
        load_case_data(data, data["id"])  # raises CaseError naming the field on any problem


def test_same_seed_same_caseload_and_different_seed_differs():
    assert list(generate(50, seed=4)) == list(generate(50, seed=4))
    assert list(generate(50, seed=4)) != list(generate(50, seed=5))


def test_mix_is_roughly_as_documented():
    cases = list(generate(2000, seed=1))
    types = collections.Counter(c["sentences"][0]["type"] for c in cases)
    assert 0.40 < types["community_order"] / 2000 < 0.50
    assert 0.30 < types["custody"] / 2000 < 0.40
    kinds = collections.Counter(e["kind"] for c in cases for e in c["events"])
    assert kinds["failure_to_comply"] > 0 and kinds["warning"] > 0 and kinds["enforcement_initiated"] > 0
    assert any("periods" in c for c in cases)
    tiers = collections.Counter(c["assessments"][0]["tier"] for c in cases)
    assert set(tiers) == {1, 2, 3, 4}


def test_from_2015_the_supervision_requirement_is_a_rehabilitation_activity_requirement():
    settings = Settings(start=dt.date(2015, 2, 1), end=dt.date(2016, 1, 1), horizon=dt.date(2016, 12, 31))
    cases = list(generate(200, seed=2, settings=settings))
    kinds = collections.Counter(r["kind"] for c in cases for s in c["sentences"] for r in s.get("requirements", ()))
    assert kinds["rehabilitation_activity"] > 100 and kinds["supervision"] == 0
    for data in cases:
        load_case_data(data, data["id"])


def test_nsr_generate_writes_json_lines(tmp_path, capsys):
    out = tmp_path / "cases.jsonl"
    assert main(["generate", "--cases", "25", "--seed", "3", "--output", str(out)]) == 0
    lines = out.read_text().splitlines()
    assert len(lines) == 25
    assert [json.loads(line) for line in lines] == list(generate(25, seed=3))
