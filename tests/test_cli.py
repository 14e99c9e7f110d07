"""The `nsr` command end to end, through `policyengine.cli.main` (docs/output.md).

Most answers come from examples/tier4-community-order.yaml judged on 15 January 2008: a
tier 4 community order passed on Friday 21 December 2007, whose first meeting with the
Offender Manager (2c.6) was due two working days later, on Thursday 27 December, after the
weekend, Christmas Day and Boxing Day.  Each evaluation costs about half a second, so every
distinct command line is run once and its result shared between tests.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path
from unittest import mock

import pytest

from policyengine.cli import main

ROOT = Path(__file__).resolve().parent.parent
TIER4 = str(ROOT / "examples" / "tier4-community-order.yaml")
INVALID = str(ROOT / "examples" / "invalid.yaml")
POLICY_2007 = str(ROOT / "policies" / "2007.nsr")
AS_OF = ["--as-of", "2008-01-15"]

RESULT_FIELDS = {"obligation", "standard", "title", "status", "trigger", "due", "deadline", "satisfied_by",
                 "working_days_late", "working_days_remaining", "window", "exception", "reason"}
EVENT_FIELDS = {"id", "kind", "date", "source"}
STATUSES = {"met_on_time", "met_late", "overdue", "pending", "needs_judgement", "judged_met", "judged_not_met",
            "not_applicable", "met", "missed"}

_RUNS: dict[tuple[str, ...], tuple[int, str, str]] = {}


def nsr(capsys, *argv: str, columns: int = 100) -> tuple[int, str, str]:
    """Run `nsr ARGV` once per distinct command line and width (COLUMNS; output goes to a pipe):
    (exit code, stdout, stderr). A usage error's SystemExit is its exit code."""
    key = (str(columns), *argv)
    if key not in _RUNS:
        capsys.readouterr()
        with mock.patch.dict(os.environ, {"COLUMNS": str(columns)}):
            try:
                code = main(list(argv))
            except SystemExit as exit_:
                code = exit_.code
        out, err = capsys.readouterr()
        _RUNS[key] = (code, out, err)
    return _RUNS[key]


def by_obligation(data: dict, obligation: str) -> list[dict]:
    return [r for r in data["obligations"] if r["obligation"] == obligation]


# ------------------------------------------------------------------ check
def test_check_table_has_header_and_the_2c6_row(capsys):
    code, out, err = nsr(capsys, "check", TIER4, *AS_OF, columns=200)
    assert code == 0, err
    assert out.startswith("Case CRN-A100001 under the 2007 edition (National Standards for the Management of "
                          "Offenders), as of Tue 15 Jan 2008\n")
    assert re.search(r"^Std\s+Obligation\s+Title\s+Trigger\s+Due\s+Status\s+Met by / count\s+Working days$", out, re.M)
    assert re.search(r"^2c\.6\s+first_meeting\s+First meeting with the Offender Manager\s+sentence s1 2007-12-21\s+"
                     r"2007-12-27\s+met on time\s+c1 2007-12-27$", out, re.M)
    # A schedule's windows are one row: 3 met (21 Dec-10 Jan), the 4th open until Thu 17 Jan, 2 working days left;
    # the schedule's level in words, then the open window on the row's next line.
    lines = out.splitlines()
    (at,) = [i for i, line in enumerate(lines) if line.startswith("2c.16")]
    assert re.fullmatch(r"2c\.16\s+tier4_weekly\s+Tier 4: at least one contact per week\s+sentence s1 2007-12-21\s+"
                        r"2008-01-17\s+met 3 of 4 windows, 1 pending\s+at least 1 a week\s+2 left", lines[at])
    assert re.fullmatch(r"\s+open: 0/1 in 2008-01-11 to 2008-01-17", lines[at + 1])
    assert "Not applicable" not in out
    assert max(len(line) for line in out.splitlines()) <= 200


def test_check_table_fits_100_columns_with_titles_shortened(capsys):
    code, out, err = nsr(capsys, "check", TIER4, *AS_OF)
    assert code == 0, err
    assert max(len(line) for line in out.splitlines()) <= 100
    assert out.startswith("Case CRN-A100001 under the 2007 edition (National Standards for the Management of "
                          "Offenders), as of\nTue 15 Jan 2008\n")
    # Too narrow for a title column: each title sits under its obligation's name, shortened with '…'.
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("2b.2 "))
    assert lines[at].split()[:2] == ["2b.2", "tier_before_plan"] and "2008-01-02  met on time" in lines[at]
    assert lines[at + 1].split()[0] == "Tier" and "…" in lines[at + 1]
    assert "Tier assigned before the initial Sentence Plan".startswith(lines[at + 1].split("…")[0].strip())


def test_check_table_all_lists_what_does_not_apply_and_why(capsys):
    code, out, _ = nsr(capsys, "check", TIER4, *AS_OF, "--all", columns=250)
    assert code == 0
    table = out.split("\nNot applicable\n", 1)[1]
    assert re.search(r"^Std\s+Obligation\s+Title\s+Why not$", table, re.M)
    # In English, as `nsr why` says it (the rule form is in the JSON)
    assert re.search(r"^2d\.9\.2\s+first_contact\s+DRR: first contact with the Offender Manager\s+"
                     r"It is owed only when the sentence s1 has a drr requirement, and that does not hold", table, re.M)
    assert re.search(r"^1\.1\s+after_transfer_in\s+Offender Manager assigned after transfer-in\s+"
                     r"It starts from the transfer in, and the case file records none", table, re.M)


def test_check_json_has_the_documented_fields(capsys):
    code, out, _ = nsr(capsys, "check", TIER4, *AS_OF, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert {"format", "case", "edition", "as_of", "summary", "warnings", "obligations"} <= set(data)
    assert "not_applicable" not in data
    assert (data["format"], data["case"], data["edition"], data["as_of"]) == (1, "CRN-A100001", "2007", "2008-01-15")
    assert data["warnings"] == []
    for result in data["obligations"]:
        assert set(result) >= RESULT_FIELDS
        assert result["status"] in STATUSES
        assert set(result["trigger"]) == EVENT_FIELDS
        assert result["satisfied_by"] is None or set(result["satisfied_by"]) == EVENT_FIELDS
    statuses = [r["status"] for r in data["obligations"]]
    assert data["summary"] == {s: statuses.count(s) for s in sorted(set(statuses))}
    assert list(data["summary"]) == sorted(data["summary"])

    (meeting,) = by_obligation(data, "2c.6/first_meeting")
    assert meeting["standard"] == "2c.6"
    assert meeting["status"] == "met_on_time"
    assert meeting["trigger"] == {"id": "s1", "kind": "sentence", "date": "2007-12-21", "source": "sentences[0]"}
    assert meeting["due"] == "2007-12-27"
    assert meeting["deadline"] == "2 working days"
    assert meeting["satisfied_by"] == {"id": "c1", "kind": "contact", "date": "2007-12-27", "source": "events[1]"}
    assert meeting["working_days_late"] is None and meeting["working_days_remaining"] is None
    assert meeting["window"] is None and meeting["exception"] is None and meeting["reason"] is None

    (judgement,) = by_obligation(data, "2c.1/as_designed")
    assert judgement["status"] == "needs_judgement"
    assert judgement["due"] is None and judgement["deadline"] is None

    (review,) = by_obligation(data, "2e.5/four_monthly")
    assert (review["status"], review["due"], review["deadline"]) == ("pending", "2008-04-21", "4 months")
    assert review["working_days_remaining"] == 67

    windows = by_obligation(data, "2c.16/tier4_weekly")
    assert [w["window"]["index"] for w in windows] == [0, 1, 2, 3]
    first, last = windows[0], windows[-1]
    assert first["window"] == {"index": 0, "number": 1, "start": "2007-12-21", "end": "2007-12-27", "need": 1,
                               "count": 1, "events": ["c1"]}
    assert [w["window"]["number"] for w in windows] == [1, 2, 3, 4]
    assert (first["status"], first["due"], first["deadline"]) == ("met", "2007-12-27", "at least 1 a week")
    assert last["status"] == "pending" and last["working_days_remaining"] == 2
    assert last["window"]["count"] == 0 and last["satisfied_by"] is None


def test_check_json_all_adds_not_applicable_with_reasons(capsys):
    code, out, _ = nsr(capsys, "check", TIER4, *AS_OF, "--format", "json", "--all")
    assert code == 0
    data = json.loads(out)
    reasons = {n["obligation"]: n for n in data["not_applicable"]}
    assert all(set(n) == {"obligation", "standard", "title", "reason", "condition"} for n in data["not_applicable"])
    assert reasons["2d.9.2/first_contact"]["condition"] == "condition not met: requirement(s1, drr)"
    assert reasons["2d.9.2/first_contact"]["reason"] == ("It is owed only when the sentence s1 has a drr requirement, "
                                                          "and that does not hold for this case.")
    assert reasons["2d.9.2/first_contact"]["standard"] == "2d.9.2"
    assert reasons["1.1/after_transfer_in"]["condition"] == "no trigger: the case has no transfer_in"
    assert reasons["1.1/after_transfer_in"]["reason"].startswith("It starts from the transfer in, and the case file records none")
    assert "home_visit" in " ".join(reasons) and "high_rosh_at" in reasons["2c.16/home_visit"]["condition"]
    applying = {r["obligation"] for r in data["obligations"]}
    assert not applying & set(reasons)


# ------------------------------------------------------------------ why
def test_why_text_cites_the_standard_the_case_file_and_the_bank_holidays(capsys):
    code, out, err = nsr(capsys, "why", TIER4, "2c.6", *AS_OF, "--full", columns=250)
    assert code == 0, err
    out = out.split("\n\n", 1)[1]          # after the short answer, the derivation
    first = out.splitlines()[0]
    assert first.startswith("2c.6/first_meeting for sentence s1: met on time   [2c.6 obligation, ")
    assert '"For a community order, the first meeting between the Offender Manager and the offender' in out
    assert "reading: 'an offender who has already been assigned to tier 4' names a tier assigned before sentence" in out
    assert "(from events[1])" in out
    assert "(from sentences[0])" in out
    assert "(from assessments[0].tier)" in out
    assert "(from --as-of)" in out
    assert "Thu 2007-12-27 = add_working_days(Fri 2007-12-21, 2)" in out
    assert "Tue 25 Dec 2007 (Christmas Day)" in out and "Wed 26 Dec 2007 (Boxing Day)" in out


def test_why_json_is_a_node_link_graph(capsys):
    code, out, _ = nsr(capsys, "why", TIER4, "2c.6", *AS_OF, "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"format", "edition", "roots", "nodes", "edges", "answers"} and data["format"] == 1
    assert data["edition"] == "2007"
    (answer,) = data["answers"]
    assert (answer["obligation"], answer["trigger"], answer["status"]) == ("2c.6/first_meeting", "s1", "met_on_time")
    assert answer["text"].startswith("Met on time: ")
    nodes = {n["id"]: n for n in data["nodes"]}
    assert len(nodes) == len(data["nodes"])
    assert all({"id", "kind", "label"} <= set(n) for n in data["nodes"])
    assert all(set(e) == {"source", "target"} and e["source"] in nodes and e["target"] in nodes
               for e in data["edges"])
    (root,) = data["roots"]
    assert nodes[root]["kind"] == "obligation"
    assert nodes[root]["label"] == "2c.6/first_meeting for sentence s1: met on time"
    assert nodes[root]["standard"] == "2c.6"
    assert nodes[root]["quote"].startswith("For a community order, the first meeting")
    assert re.fullmatch(r"policies/2007\.nsr:\d+:\d+", nodes[root]["at"])
    assert "reading" in nodes[root]
    assert not any(e["target"] == root for e in data["edges"])
    (computed,) = [n for n in data["nodes"] if n["kind"] == "computed" and "add_working_days" in n["label"]]
    assert "Christmas Day" in computed["note"] and "Boxing Day" in computed["note"]
    sources = {n.get("source") for n in data["nodes"] if n["kind"] == "case_fact"}
    assert {"events[1]", "sentences[0]", "assessments[0].tier"} <= sources
    deadline = [n for n in data["nodes"] if n.get("clause", "").startswith("deadline 1: 2 working days")]
    assert deadline and deadline[0]["standard"] == "2c.6"
    assert all(v is not None for n in data["nodes"] for v in n.values())


def test_why_dot_is_a_graphviz_digraph(capsys):
    code, out, _ = nsr(capsys, "why", TIER4, "2c.6", *AS_OF, "--format", "dot")
    assert code == 0
    lines = out.strip().splitlines()
    assert lines[0] == "digraph why {" and lines[-1] == "}"
    assert 'n0 [label="2c.6/first_meeting for sentence s1: met on time\\n[2c.6 obligation]", kind="obligation"];' in out
    assert "n0 -> n1;" in out
    assert re.search(r'n\d+ \[label="event\(c1, contact, Thu 2007-12-27\)\\n\(from events\[1\]\)", kind="case_fact"\];',
                     out)


def test_why_for_an_obligation_that_does_not_apply_shows_the_failed_condition(capsys):
    code, out, _ = nsr(capsys, "why", TIER4, "2c.16/home_visit", *AS_OF, "--full", columns=250)
    assert code == 0
    assert out.startswith("2c.16/home_visit: not applicable\n  Does not apply: it is owed only when the risk of "
                          "serious harm was high or very high on Friday 21 December 2007")
    out = out.split("\n\n", 1)[1]
    assert out.startswith("2c.16/home_visit: not applicable")
    code, wide, _ = nsr(capsys, "why", TIER4, "2c.16/home_visit", *AS_OF, "--full", columns=250)
    code, narrow, _ = nsr(capsys, "why", TIER4, "2c.16/home_visit", *AS_OF, "--full")
    assert max(len(line) for line in narrow.splitlines()) <= 100     # wrapped, each line under its start
    assert [w for w in narrow.split() if w != "│"] == [w for w in wide.split() if w != "│"]   # the same words
    assert "obligation_applies(2c.16/home_visit, _, _, _) does not hold" in out
    assert "holds: rosh_at(Fri 2007-12-21, medium)" in out
    assert "condition fails: medium in [high, very_high]" in out


def test_why_unknown_obligation_exits_2_with_a_short_did_you_mean(capsys):
    code, out, err = nsr(capsys, "why", TIER4, "2c6", *AS_OF)
    assert code == 2
    assert out == ""
    assert err.startswith("no obligation '2c6' in the 2007 edition; did you mean 2c.6")
    assert err.rstrip().endswith("(`nsr standards 2007` lists them)") and err.count("\n") == 1 and len(err) < 200
    code, _, err = nsr(capsys, "why", TIER4, "9.9", *AS_OF)
    assert code == 2
    assert err == "no obligation '9.9' in the 2007 edition (`nsr standards 2007` lists them)\n"
    code, _, err = nsr(capsys, "why", TIER4, "2a.8", *AS_OF)   # a standard with no clock and no obligation
    assert code == 2 and err.startswith("standard 2a.8 of the 2007 edition has no obligation to explain")


def test_why_with_a_trigger_the_case_does_not_have_exits_2(capsys):
    code, _, err = nsr(capsys, "why", TIER4, "2c.6", *AS_OF, "--trigger", "zz")
    assert code == 2
    assert err == "no obligation '2c.6' started by 'zz' in this case; its triggers: s1\n"


def test_why_2c13_second_contact_after_a_release_on_licence(capsys, tmp_path):
    case = tmp_path / "licence.yaml"
    case.write_text("id: CRN-L1\n"
                    "sentences:\n"
                    "  - {id: s1, type: custody, date: 2008-01-07, length_months: 12, release_date: 2008-07-04}\n"
                    "assessments:\n"
                    "  - {date: 2008-01-07, tier: 3}\n"
                    "events:\n"
                    "  - {id: r1, kind: release, date: 2008-07-04, on: licence, licence_end: 2009-01-06}\n"
                    "  - {id: c1, kind: contact, date: 2008-07-04, mode: face_to_face, with: offender_manager}\n"
                    "  - {id: c2, kind: contact, date: 2008-07-08, mode: face_to_face, with: offender_manager}\n",
                    encoding="utf-8")
    code, out, _ = nsr(capsys, "why", str(case), "2c.13/second_contact", "--as-of", "2008-07-20")
    assert code == 0
    assert out.startswith("2c.13/second_contact for r1: met on time\n  Met on time: ")


# ------------------------------------------------------------------ bad input
def test_check_bad_case_file_exits_2_with_field_paths_on_stderr(capsys):
    code, out, err = nsr(capsys, "check", INVALID, *AS_OF)
    assert code == 2
    assert out == ""
    assert "Traceback" not in err
    for path in ("sentences[0].requirements[1].hours", "assessments[0].tier", "periods[0].end", "events[1].date",
                 "events[2].kind", "events[3].mode", "events[7].id", "events[8].mode"):
        assert f"invalid.yaml: {path}: " in err, path


def test_check_unknown_edition_exits_2(capsys):
    code, out, err = nsr(capsys, "check", TIER4, *AS_OF, "--edition", "2099")
    assert code == 2
    assert out == ""
    assert "unknown edition '2099'" in err and "2007" in err


def test_bad_as_of_date_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["check", TIER4, "--as-of", "2008-13-01"])
    assert exit_.value.code == 2
    assert "'2008-13-01' is not a date (YYYY-MM-DD)" in capsys.readouterr().err


def test_a_count_over_the_whole_case_evaluates(capsys, tmp_path):
    policy = tmp_path / "count.nsr"
    policy.write_text('edition "T" { title "Count" }\n'
                      "rule contacts(N) if N = count(C where event(C, contact, D)).\n", encoding="utf-8")
    code, _, err = nsr(capsys, "check", TIER4, *AS_OF, "--edition", str(policy))
    assert code == 0, err
    assert "Traceback" not in err


def test_an_open_ended_schedule_window_has_no_due_date(capsys, tmp_path):
    case = tmp_path / "tier1.yaml"
    case.write_text("id: CRN-T1\n"
                    "sentences:\n"
                    "  - {id: s1, type: community_order, date: 2008-01-07, requirements: [{kind: supervision}]}\n"
                    "assessments:\n"
                    "  - {date: 2008-01-07, tier: 1}\n"
                    "events:\n"
                    "  - {id: c1, kind: contact, date: 2008-01-09, mode: face_to_face, with: offender_manager}\n",
                    encoding="utf-8")
    code, out, _ = nsr(capsys, "check", str(case), "--as-of", "2008-03-01", "--format", "json")
    assert code == 0
    (window,) = by_obligation(json.loads(out), "2c.16/tier1")
    assert window["status"] == "pending"
    assert window["due"] is None and window["window"]["end"] is None
    assert window["working_days_remaining"] is None


# ------------------------------------------------------------------ validate, lint, standards
def test_validate_exit_codes(capsys):
    code, out, _ = nsr(capsys, "validate", TIER4)
    assert code == 0
    assert out.strip() == f"{TIER4}: ok (CRN-A100001)"
    code, out, _ = nsr(capsys, "validate", TIER4, INVALID)
    assert code == 1
    assert f"{TIER4}: ok (CRN-A100001)" in out
    assert f"{INVALID}: events[8].mode: 'fax' is not one of:" in out
    assert "Traceback" not in out


def test_lint_the_2007_policy_is_clean(capsys):
    code, out, _ = nsr(capsys, "lint", POLICY_2007)
    assert code == 0
    assert out.strip() == f"{POLICY_2007}: ok"


def test_lint_reports_problems_with_positions(capsys, tmp_path):
    policy = tmp_path / "bad.nsr"
    policy.write_text('edition "T" { title "Bad" }\nrule foo(X) if barx(X).\n', encoding="utf-8")
    code, out, _ = nsr(capsys, "lint", str(policy))
    assert code == 1
    assert f"{policy}:2:16: undefined predicate barx/1" in out


def test_standards_lists_the_2007_edition(capsys):
    code, out, _ = nsr(capsys, "standards", "2007", columns=200)
    assert code == 0
    assert out.startswith("The 2007 edition (National Standards for the Management of Offenders): 140 standards, "
                          "28 conditional, 70 judgement, 42 timed\n")
    assert re.search(r"^2c\.6\s+timed\s+First meeting with the Offender Manager$", out, re.M)
    assert re.search(r"^2c\.1\s+judgement\s+", out, re.M)
    ids = [line.split()[0] for line in out.splitlines() if line.strip()]
    assert ids.index("1.1") < ids.index("2c.6") < ids.index("2c.16") < ids.index("4.2")


def test_standards_of_an_unknown_edition_exits_2(capsys):
    code, out, err = nsr(capsys, "standards", "2099")
    assert code == 2
    assert out == "" and "unknown edition '2099'" in err
