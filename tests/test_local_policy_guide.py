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
    assert "4 passed" in capsys.readouterr().out   # NW.1 twice, 2015.7.1 under 2015 and under the layer


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


def test_the_layer_diffs_against_2015_with_exactly_its_changes(capsys):
    import json
    assert main(["diff", "2015", str(EXAMPLE / "north-west.nsr"), "--format", "json"]) == 0
    (diff,) = json.loads(capsys.readouterr().out)["diffs"]
    assert (diff["before"], diff["after"]) == ("2015", "north-west-2015")
    assert [(c["change"], c["standard"], c["per"]) for c in diff["local_changes"]] == [
        ("overridden", "2015.7.1", "Practice Direction 3/2016, paragraph 4 (illustrative)"),
        ("withdrawn", "2015.8.2", "Practice Direction 3/2016, paragraph 7 (illustrative)"),
        ("added", "NW.1", None)]
    # The topics the changes touch, and only those: 2015.7.1's deadline (in two topics), its
    # breach duty restated unchanged, and 2015.8.2's referral gone from the risk topic.
    changed = {t["topic"]: t for t in diff["topics"] if t["status"] != "unchanged"}
    assert sorted(changed) == ["enforcement", "risk", "warnings"]
    assert [d["ref"] for d in changed["risk"]["only_before"]] == ["2015.8.2/referred"]
    notes = [c["note"] for t in changed.values() for p in t["pairs"] for c in p["changes"]]
    assert notes == ["6 working days → 5 working days (tighter by 1 working day)"] * 2
    guide = (ROOT / "docs" / "local-policy.md").read_text(encoding="utf-8")
    main(["diff", "2015", str(EXAMPLE / "north-west.nsr")])
    shown = capsys.readouterr().out.splitlines()
    assert "\n".join(shown[:4]) in guide   # the guide shows the command's output as it is


def test_the_layer_compares_with_2015(capsys):
    main(["compare", str(ROOT / "examples"), "--editions", f"2015,{EXAMPLE / 'north-west.nsr'}",
          "--as-of", "2016-06-01"])
    assert "warnings (2015 → north-west-2015): 1 case(s)\n  met → breached: 1 (CRN-E500005)" in capsys.readouterr().out
    main(["compare", str(ROOT / "examples" / "enforcement.yaml"), "--editions", f"2015,{EXAMPLE / 'north-west.nsr'}",
          "--as-of", "2016-06-01", "--format", "json"])
    import json
    warnings = next(t for t in json.loads(capsys.readouterr().out)["topics"] if t["topic"] == "warnings")
    layered = warnings["cells"]["north-west-2015"]["obligations"]
    assert {(o["obligation"], o["layer"]) for o in layered} >= {("2015.7.1/respond", "north-west-2015")}
    assert all("layer" not in o for o in warnings["cells"]["2015"]["obligations"])
