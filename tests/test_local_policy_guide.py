"""docs/local-policy.md, worked end to end: the example local policy lints clean (strictly), its
policy tests pass, and the guide's renamed copy of 2015 diffs and compares as the guide says."""
from __future__ import annotations

from pathlib import Path

from policyengine.cli import main
from policyengine.resources import read_text

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "local-policy"
RESPOND = """    when co_or_pss_failure(trigger) and not explained_in_advance(trigger)
    due within 6 working days"""


def test_the_local_policy_lints_clean_and_its_tests_pass(capsys):
    assert main(["lint", "--strict", str(EXAMPLE / "north-west.nsr")]) == 0
    assert main(["test", str(ROOT / "tests" / "policies" / "north-west.yaml")]) == 0
    assert "2 passed" in capsys.readouterr().out


def test_the_guide_quotes_the_example_files():
    guide = (ROOT / "docs" / "local-policy.md").read_text(encoding="utf-8")
    policy = (EXAMPLE / "north-west.nsr").read_text(encoding="utf-8")
    tests = (ROOT / "tests" / "policies" / "north-west.yaml").read_text(encoding="utf-8")
    quote = next(line for line in policy.splitlines() if line.strip().startswith("quote "))
    assert quote in guide
    assert "      # 5 working days from Fri 23 Dec: Wed 28 (1), Thu 29 (2), Fri 30 Dec (3), Mon 2 Jan" in tests
    assert "      # 5 working days from Fri 23 Dec: Wed 28 (1), Thu 29 (2), Fri 30 Dec (3), Mon 2 Jan" in guide


def test_the_renamed_copy_diffs_and_compares(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = read_text("policies", "2015.nsr").replace('edition "2015"', 'edition "2015-nw-draft"', 1)
    Path("2015-nw-draft.nsr").write_text(text.replace(RESPOND, RESPOND.replace("6 working", "5 working")),
                                         encoding="utf-8")
    assert main(["lint", "--strict", "2015-nw-draft.nsr"]) == 0
    capsys.readouterr()
    assert main(["diff", "2015", "2015-nw-draft.nsr"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2015 → 2015-nw-draft: 2 changed, 35 unchanged (37 topics)")
    main(["diff", "2015", "2015-nw-draft.nsr", "--format", "json"])
    assert capsys.readouterr().out.count('"note": "6 working days → 5 working days (tighter by 1 working day)"') == 2
    main(["compare", str(ROOT / "examples"), "--editions", "2015,2015-nw-draft.nsr", "--as-of", "2016-06-01"])
    out = capsys.readouterr().out
    assert "warnings (2015 → 2015-nw-draft): 1 case(s)\n  met → breached: 1 (CRN-E500005)" in out
