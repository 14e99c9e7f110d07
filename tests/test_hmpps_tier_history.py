"""The v3 tier versions of March and early April 2026 (policies/hmpps-tier/v3-2026-03-16.nsr to
v3-2026-04-01.nsr): the service's own tests at each version's commit pass, in every backend; the
versions follow one another without a gap and read one input vocabulary; and what each version
changed is what the code of its commit does (the expected tiers below are worked by hand from
TierCalculator.kt at that commit, not taken from the rule files).
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import re
from pathlib import Path

import pytest
import yaml

from policyengine.backends.bulk_results import ResultStore
from policyengine.calculate import calculate, row_text
from policyengine.cases.inputs import input_case_from_data
from policyengine.cli import main
from policyengine.compiler.compile import load_edition
from policyengine.tooling.policytest import PASS, run_paths
from policyengine.tooling.testfile import load_test_file

ROOT = Path(__file__).resolve().parent.parent
FAMILY = ROOT / "policies" / "hmpps-tier"
HISTORY = FAMILY / "tests" / "history"
V3 = ["2026-03-16", "2026-03-23", "2026-03-30", "2026-04-01", "2026-04-23", "2026-06-08", "2026-06-18"]
NEW = V3[:4]


def edition(version: str) -> str:
    return f"hmpps-tier/v3-{version}"


def tier(version: str, inputs: dict, as_of: dt.date = dt.date(2026, 4, 10), engine: str = "plain") -> list[str]:
    program = load_edition(edition(version))
    case = input_case_from_data({"id": "c", "kind": "hmpps_tier", "inputs": inputs}, "test", program)
    return [row_text(row) for row in calculate(program, case, as_of, engine).values["tier"]]


# ------------------------------------------------------------------ the service's tests at each commit
def test_every_transcribed_test_passes():
    outcomes = run_paths([str(HISTORY)])
    failed = [(o.label, o.details) for o in outcomes if o.status != PASS]
    assert not failed, failed[:3]
    assert len(outcomes) == 305


@pytest.mark.parametrize("version, commits", [
    ("2026-03-16", {"778e362", "8597d12"}), ("2026-03-23", {"7582ef7", "f53c10e"}),
    ("2026-03-30", {"7e9431f"}), ("2026-04-01", {"b30b439"})])
def test_each_test_names_its_source_test_and_commit(version, commits):
    tests = load_test_file(HISTORY / f"v3-{version}.yaml")
    assert tests and all(t.editions[0].edition == edition(version) for t in tests)
    found = set()
    for test in tests:
        match = re.fullmatch(rf"v3-{version}/(TierCalculatorTest|TierCalculationV3Test|TierDetailsTest|TierControllerVersioningTest)@([0-9a-f]{{7}})"
                             r"/\d{3}: .+", test.name)
        assert match, test.name
        found.add(match[2])
    assert found == commits


def test_the_transcription_is_what_the_script_writes(tmp_path):
    spec = importlib.util.spec_from_file_location("history", ROOT / "scripts" / "convert_hmpps_tier_history.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "tests" / "history"
    assert module.main(["x", str(out)]) == 0
    for version in NEW:
        name = f"v3-{version}.yaml"
        assert (out / name).read_text(encoding="utf-8") == (HISTORY / name).read_text(encoding="utf-8"), name
    listed = yaml.safe_load((tmp_path / "not-converted-v3-history.yaml").read_text(encoding="utf-8"))
    assert listed == yaml.safe_load((FAMILY / "not-converted-v3-history.yaml").read_text(encoding="utf-8"))
    assert listed["converted"] == 305 and all(item["reason"] for item in listed["not_converted"])


@pytest.mark.parametrize("version", NEW)
def test_the_three_backends_agree_on_every_transcribed_case(version):
    program = load_edition(edition(version))
    tests = load_test_file(HISTORY / f"v3-{version}.yaml")
    cases = [test.case for test in tests]
    as_of = tests[0].as_of
    store = ResultStore(program)
    store.add_cases((c["id"], list(input_case_from_data(c, "test", program).facts)) for c in cases)
    in_bulk = store.results(as_of)
    store.close()
    for data in cases:
        parsed = input_case_from_data(data, "test", program)
        plain = calculate(program, parsed, as_of, "plain").values
        assert plain == calculate(program, parsed, as_of, "pydatalog").values, data["id"]
        bulk = in_bulk.get(data["id"], {})
        assert {k: sorted(map(row_text, v)) for k, v in plain.items()} == \
            {r.pred: sorted(map(row_text, bulk.get(r.pred, []))) for r in program.results}, data["id"]


# ------------------------------------------------------------------ dated versions, one vocabulary
def test_the_v3_versions_follow_one_another_without_a_gap():
    programs = [load_edition(edition(v)) for v in V3]
    assert programs[0].edition.in_force_from == dt.date(2026, 3, 16)
    for old, new in zip(programs, programs[1:]):
        assert old.edition.in_force_to + dt.timedelta(days=1) == new.edition.in_force_from, new.edition.name
    assert programs[-1].edition.in_force_to is None


def test_one_vocabulary_runs_every_case_under_every_version():
    # Every input of an earlier version is declared, with the same fields, by every later one.
    shapes = {v: {i.name: i.fields for i in load_edition(edition(v)).inputs} for v in V3}
    for version in NEW + ["2026-04-23"]:
        assert shapes[version] == shapes["2026-04-23"], version
    assert set(shapes["2026-04-23"].items()) <= set(shapes["2026-06-18"].items())
    # So each transcribed case also loads under each of the others.
    for version in NEW:
        for test in load_test_file(HISTORY / f"v3-{version}.yaml"):
            for other in V3:
                input_case_from_data(test.case, "test", load_edition(edition(other)))


# ------------------------------------------------------------------ what each version changed
def test_2026_03_16_reads_the_higher_sexual_score_against_thresholds_and_no_band():
    # 778e3623: max(DC-SRP, IIC-SRP) scores; <22 E, <26 D, <30 C, <36 B, else A; bands never read.
    assert tier("2026-03-16", {"iic_srp": {"score": "36", "band": "not_applicable"}}) == ["A"]
    assert tier("2026-03-16", {"dc_srp": {"score": "29.99", "band": "low"},
                               "iic_srp": {"score": "3", "band": "very_high"}}) == ["C"]
    # 8597d124 (the same afternoon): a highest score of 0 gives nothing.
    assert tier("2026-03-16", {"dc_srp": {"score": "0", "band": "very_high"}}) == ["G"]
    # From #757 the band decides: very high DC-SRP is A whatever the score.
    assert tier("2026-03-23", {"dc_srp": {"score": "0.01", "band": "very_high"}}) == ["A"]


TRUMP = {"arp": {"score": "90", "type": "dynamic"}, "csrp": {"score": "6.9", "type": "dynamic"},
         "dc_srp": {"score": "1.0", "band": "low"}, "iic_srp": {"score": "2.0", "band": "low"}}


def test_the_iic_srp_trump_rule_lived_one_week():
    # 7582ef7b: both valid, IIC-SRP higher: the CSRP counts as 0, so row 0.0 by column 90 gives D
    # (the IIC-SRP, low, gives E).  7e9431f9 dropped it: row 6.9 by column 90 gives A.
    assert [tier(v, TRUMP) for v in V3[:4]] == [["A"], ["D"], ["A"], ["A"]]
    for engine in ("plain", "pydatalog"):
        assert tier("2026-03-23", TRUMP, engine=engine) == ["D"]


def test_the_iic_srp_is_read_until_2026_04_01():
    # A DC-SRP of 2.11 (high: B) beside an IIC-SRP of 35.0 (high): the higher score is read, and an
    # IIC-SRP of high gives C (TierCalculationV3Test @ 7582ef7b).  From #762 only the DC-SRP counts.
    inputs = {"dc_srp": {"score": "2.11", "band": "high"}, "iic_srp": {"score": "35.0", "band": "high"}}
    assert [tier(v, inputs) for v in V3[1:5]] == [["C"], ["C"], ["B"], ["B"]]
    # A tie goes to the DC-SRP (dc.score >= iic.score).
    tie = {"dc_srp": {"score": "2.11", "band": "low"}, "iic_srp": {"score": "2.11", "band": "very_high"}}
    assert tier("2026-03-30", tie) == ["E"]


def test_no_active_event_counts_only_from_2026_04_23():
    inputs = {"active_event": False, "rosh": "very_high"}   # without MAPPA: C
    assert [tier(v, inputs, as_of=dt.date(2026, 5, 1)) for v in V3[:5]] == [["C"], ["C"], ["C"], ["C"], ["NA"]]


def test_a_lifer_released_exactly_a_year_ago_is_f_in_every_early_version():
    # inFirstYearOfRelease: latestReleaseDate > today.minusYears(1), strictly.
    for version in NEW:
        assert tier(version, {"registered": ["lifer_ipp"], "latest_release": "2025-04-10"}) == ["F"]
        assert tier(version, {"registered": ["lifer_ipp"], "latest_release": "2025-04-11"}) == ["B"]


# ------------------------------------------------------------------ nsr diff between consecutive versions
def test_diff_names_the_changed_rules_and_the_case_the_trump_rule_moved(capsys):
    cases = str(HISTORY / "v3-2026-03-23.yaml")
    assert main(["diff", edition("2026-03-23"), edition("2026-03-30"), "--cases", cases]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:3] == ["hmpps-tier v3 2026-03-23 -> hmpps-tier v3 2026-03-30", "Rules: reoffending changed",
                       "Cases: 1 of 89 change"]
    at = out.index("v3-2026-03-23/TierCalculatorTest@7582ef7/033: tier D -> A")
    assert "  before: table 1 reads D in row CSRP 0.0+, column ARP 90+" in out[at:]
    assert "  after:  table 1 reads A in row CSRP 6.9+, column ARP 90+" in out[at:]


def test_diff_says_why_the_new_version_no_longer_gives_a_step_and_nothing_else(capsys):
    # An IIC-SRP of 1.0, band very high: C from the IIC-SRP until #762, then nothing (G).  The
    # diff reads the old step and the new version's reason it does not give it; it does not list
    # every step that gives nothing in either version (MAPPA, lifer, ...).
    cases = str(HISTORY / "v3-2026-03-30.yaml")
    assert main(["diff", edition("2026-03-30"), edition("2026-04-01"), "--cases", cases]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1:3] == ["Rules: sexual_reoffending changed", "Cases: 5 of 85 change"]
    at = out.index("v3-2026-03-30/TierCalculatorTest@7e9431f/047: tier C -> G")
    block = out[at + 1:out.index("", at)]
    assert block == ["  before: sexual reoffending gives C",
                     "  before: the IIC-SRP is read: valid, and it scores higher than any valid DC-SRP",
                     "  before: indirect image contact sexual reoffending score 1.0, band very_high",
                     "  after:  not so: sexual reoffending (DC-SRP) gives C",
                     "  after:    no dc_srp (any, medium) input"]
    assert not any("MAPPA" in line or "lifer" in line for line in out)


def test_diff_from_the_first_version_reads_the_thresholds_it_dropped(capsys):
    cases = str(HISTORY / "v3-2026-03-16.yaml")
    assert main(["diff", edition("2026-03-16"), edition("2026-03-23"), "--cases", cases]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1:3] == ["Rules: reoffending changed; sexual_reoffending changed", "Cases: 7 of 55 change"]
    at = out.index("v3-2026-03-16/TierCalculatorTest@778e362/021: tier B -> G")
    block = out[at + 1:out.index("", at)]
    assert "  before: the higher sexual reoffending score (DC-SRP or IIC-SRP) is 35.0" in block
    assert block[block.index("  after:  not so: sexual reoffending gives B") + 1:][:2] == [
        "  after:    not so: the DC-SRP is read: valid, and no valid IIC-SRP scores higher",
        "  after:      direct contact sexual reoffending score 20.0, band none"]


def test_the_bundled_march_example_moves_with_each_sexual_reoffending_change(capsys):
    # ARP 80, CSRP 3.5 (table 1: B); DC-SRP 1.8 medium, IIC-SRP 2.6 high; RoSH medium, no MAPPA.
    # 03-16: max score 2.6 < 22 gives E, so B.  03-23: IIC-SRP read (2.6 > 1.8), high gives C, and
    # the trump rule reads CSRP as 0 (row 0.0, column 75: D), so C.  03-30: B again.  04-01: the
    # DC-SRP alone, medium 1.8 gives C; B.
    example = FAMILY / "examples" / "sexual-predictors-case.yaml"
    data = yaml.safe_load(example.read_text(encoding="utf-8"))
    assert [tier(v, data["inputs"], as_of=data["as_of"]) for v in V3[:5]] == [["B"], ["C"], ["B"], ["B"], ["B"]]
    assert main(["diff", edition("2026-03-16"), edition("2026-03-23"), "--cases", str(example)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[2:4] == ["Cases: 1 of 1 change", ""]
    assert out[4] == "sexual-predictors-example: tier B -> C"
    # Of the old version's steps only the one that set the tier (reoffending, B) is explained away,
    # not the sexual reoffending E it outranked.
    assert [line for line in out if "not so:" in line and line.startswith("  after:  ")] == [
        "  after:  not so: reoffending (table 1) gives B"]
    assert ("  after:      the CSRP counts as 0: the IIC-SRP is read in place of the DC-SRP, and the CSRP already "
            "includes the sexual predictors") in out
