"""`nsr test`: the project's own policy tests pass, and a wrong expectation fails with a diff.

The project's policy tests live in tests/policies/*.yaml; their expected dates are counted by
hand in the files' comments.  This module runs them through the CLI (so CI runs them with the
README's test command) and checks that the runner can fail: wrong values, unknown names and
mistakes in a test file are each reported, by place, without stopping the other tests.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
import re
from pathlib import Path

import pytest

from policyengine.cli import main
from policyengine.tooling.policytest import ERROR, FAIL, PASS, run_paths
from policyengine.tooling.testfile import load_test_file

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests" / "policies"
TIER4 = ROOT / "examples" / "tier4-community-order.yaml"


def write(tmp_path: Path, text: str, name: str = "t.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_projects_policy_tests_pass(capsys):
    code = main(["test", str(TESTS)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "failed" not in out and "ERROR" not in out
    # Every file is picked up, and multi-edition tests run once per edition.
    rows = [line.split() for line in out.splitlines() if line.startswith("ok ")]
    editions = {row[-2] for row in rows}                     # Edition (its label, not a path), then the number checked
    assert {"2007", "2011", "2015"} <= editions
    assert any(name.startswith("north-west") for name in editions)   # docs/local-policy.md's worked example
    assert len(rows) >= 8


def test_a_wrong_due_date_fails_with_expected_and_actual(tmp_path, capsys):
    # 2c.6 for this case is due Thu 27 Dec 2007 (25 and 26 Dec are bank holidays); 28 Dec is wrong.
    path = write(tmp_path, f"""tests:
  - name: wrong date
    case: {TIER4}
    as_of: 2008-01-15
    edition: "2007"
    expect:
      - obligation: 2c.6/first_meeting
        trigger: s1
        due: 2007-12-28
        status: met_late
""")
    code = main(["test", str(path)])
    out = capsys.readouterr().out
    assert code == 1
    assert re.search(r"^FAIL\s+/", out, re.M)                                                # the table row
    assert f"\nFAIL {path}::wrong date [2007]\n" in out                                      # the details
    assert "due                      expected 2007-12-28   actual 2007-12-27" in out
    assert "status                   expected met_late     actual met_on_time" in out
    assert "0 passed, 1 failed" in out


def test_missing_citation_and_misspelt_obligation_fail(tmp_path):
    path = write(tmp_path, f"""tests:
  - name: cites
    case: {TIER4}
    as_of: 2008-01-15
    edition: "2007"
    expect:
      - {{obligation: 2c.6/first_meeting, cites: ["2c.6"]}}
      - {{obligation: 2c.6/first_meeting, cites: ["2c.7"]}}
      - {{obligation: 2c.6/first_meting, status: met_on_time}}
""")
    (outcome,) = run_paths([str(path)])
    assert outcome.status == FAIL
    assert len(outcome.details) == 2
    assert "cites" in outcome.details[0] and "expected 2c.7 among the standards cited; actual 2c.6" in outcome.details[0]
    assert outcome.details[1] == ("  tests[0].expect[2]: the 2007 edition has no obligation or standard "
                                  "'2c.6/first_meting'; did you mean '2c.6/first_meeting'?")


def test_does_not_apply_fails_when_the_obligation_is_owed(tmp_path):
    path = write(tmp_path, f"""tests:
  - name: owed
    case: {TIER4}
    as_of: 2008-01-15
    edition: "2007"
    does_not_apply: [2c.6, 2a.4/custody]
""")
    (outcome,) = run_paths([str(path)])
    assert outcome.status == FAIL
    assert len(outcome.details) == 1
    assert outcome.details[0].startswith("  does_not_apply: expected 2c.6 not to apply, but the case has:")
    assert "2c.6/first_meeting for sentence s1 2007-12-21" in outcome.details[0]


def test_an_expectation_on_several_windows_must_hold_for_each(tmp_path):
    # Windows 1-3 of the tier 4 schedule are met, window 4 (11-17 Jan 2008) is still open.
    path = write(tmp_path, f"""tests:
  - name: all windows met
    case: {TIER4}
    as_of: 2008-01-15
    edition: "2007"
    expect:
      - {{obligation: 2c.16/tier4_weekly, status: met}}
""")
    (outcome,) = run_paths([str(path)])
    assert outcome.status == FAIL
    assert len(outcome.details) == 1 and "window 4" in outcome.details[0]


def test_mistakes_in_a_test_file_are_errors_by_place_and_other_tests_still_run(tmp_path, capsys):
    path = write(tmp_path, f"""tests:
  - name: broken
    case: {TIER4}
    as_of: 2008-13-01
    edition: "2007"
    expect:
      - {{obligation: 2c.6, stauts: met, status: mett}}
  - name: missing case file
    case: nowhere.yaml
    as_of: 2008-01-15
    edition: "2007"
    expect: [{{obligation: 2c.6}}]
  - name: fine
    case: {TIER4}
    as_of: 2008-01-15
    edition: "2007"
    expect: [{{obligation: 2c.6/first_meeting, status: met_on_time}}]
""")
    outcomes = run_paths([str(path)])
    assert [o.status for o in outcomes] == [ERROR, ERROR, PASS]
    assert outcomes[0].details == [
        "tests[0].as_of: '2008-13-01' is not a date (YYYY-MM-DD)",
        "tests[0].expect[0].stauts: unknown key; did you mean 'status'?",
        "tests[0].expect[0].status: unknown status 'mett'; did you mean 'met'?",
    ]
    assert "nowhere.yaml" in outcomes[1].details[0] and "cannot read the file" in outcomes[1].details[0]
    assert main(["test", str(path)]) == 1
    assert "1 passed, 2 errors" in capsys.readouterr().out


def test_a_test_file_is_data_not_code(tmp_path):
    marker = tmp_path / "ran"
    path = write(tmp_path, f"""tests: !!python/object/apply:os.system ["touch {marker}"]\n""")
    (outcome,) = [o for t in load_test_file(path) for o in [t]]
    assert outcome.problems and "YAML" in outcome.problems[0]
    assert not marker.exists()


def test_inline_case_and_per_edition_expectations(tmp_path):
    # Sentenced Thu 21 Apr 2011: under 2007, 2c.6 (5 working days) skips Good Friday 22 Apr,
    # Easter Monday 25 Apr, the Royal Wedding 29 Apr and 2 May: Wed 4 May.  Under 2011 the
    # same case owes no 2c.6 at all.
    path = write(tmp_path, """tests:
  - name: inline
    as_of: 2011-06-30
    case:
      id: T-INLINE
      sentences: [{id: s1, type: community_order, date: 2011-04-21, length_months: 12}]
      events: [{id: c1, kind: contact, date: 2011-05-05, mode: face_to_face, with: offender_manager}]
    editions:
      "2007":
        expect: [{obligation: 2c.6/first_meeting, due: 2011-05-04, status: met_late, working_days_late: 1}]
      "2011":
        does_not_apply: [2011c.2.1.3/high_rosh_community]
""")
    outcomes = run_paths([str(path)])
    assert [(o.edition, o.status) for o in outcomes] == [("2007", PASS), ("2011", PASS)], outcomes


def test_junit_xml(tmp_path):
    path = write(tmp_path, f"""tests:
  - name: passes
    case: {TIER4}
    as_of: 2008-01-15
    edition: "2007"
    expect: [{{obligation: 2c.6/first_meeting, due: 2007-12-27}}]
  - name: fails
    case: {TIER4}
    as_of: 2008-01-15
    edition: "2007"
    expect: [{{obligation: 2c.6/first_meeting, due: 2007-12-26}}]
""")
    junit = tmp_path / "out.xml"
    assert main(["test", str(path), "--junit", str(junit)]) == 1
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite.get("tests") == "2" and suite.get("failures") == "1" and suite.get("errors") == "0"
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["passes [2007]", "fails [2007]"]
    assert cases[0].find("failure") is None
    assert "expected 2007-12-26" in cases[1].find("failure").text


def test_no_tests_found_is_an_input_error(tmp_path, capsys):
    assert main(["test", str(tmp_path)]) == 2
    assert main(["test", str(tmp_path / "missing")]) == 2


def test_coverage_lists_what_was_exercised_and_the_rest(tmp_path, capsys):
    path = write(tmp_path, f"""tests:
  - name: one
    case: {TIER4}
    as_of: 2008-01-15
    edition: "2007"
    expect: [{{obligation: 2c.6/first_meeting, status: met_on_time}}]
""")
    assert main(["test", str(path), "--coverage"]) == 0
    out = capsys.readouterr().out
    assert "Coverage of the 2007 edition (1 test run)" in out
    exercised, rest = out.split("Obligations no test exercised")
    assert any(line.split()[:2] == ["*", "2c.6/first_meeting"] and line.rstrip().endswith("met_on_time")
               for line in exercised.splitlines())
    # The 2c.16 tier 4 schedule ran (not asserted): windows met and one pending.
    assert any(line.split()[:1] == ["2c.16/tier4_weekly"] and line.rstrip().endswith("met, pending")
               for line in exercised.splitlines())
    # No failure to comply in this case: the enforcement obligations and standard 2f.8 are listed as not exercised.
    assert "2f.8/warning" in rest and "2f.4/enforcement" in rest
    standards_rest = rest.split("Standards no test exercised")[1].split("Written rules")[0]
    assert "2f.8" in standards_rest and "2c.6," not in standards_rest
    assert "Written rules whose body never held" in out
