"""Caseload input (folders, JSON Lines, tables), the worklist, the compliance report and the CLI."""
from __future__ import annotations

import csv
import datetime as dt
import json
import sys
from pathlib import Path

import pytest

from policyengine.backends.bulk import CaseMeta
from policyengine.caseload.commands import Progress
from policyengine.caseload.report import compliance, worklist
from policyengine.caseload.sources import read_caseload
from policyengine.cli import main
from policyengine.backends.results import EventRef, ObligationResult

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

# Community order passed Monday 7 January 2008, tier 4, no contact at all.  2c.6 asks for the first
# meeting within 2 working days: Wednesday 9 January (no bank holiday in the range).  On Monday 14
# January it is overdue by 3 working days (10, 11 and 14 January).
NO_CONTACT = {"id": "CASE-NC", "sentences": [{"id": "s1", "type": "community_order", "date": "2008-01-07",
                                               "length_months": 12}],
              "assessments": [{"date": "2008-01-07", "tier": 4}],
              "events": [{"id": "om", "kind": "offender_manager_assigned", "date": "2008-01-07", "name": "A. Manager"}]}
INVALID = {"id": "CASE-BAD", "sentences": [{"id": "s1", "type": "community_order", "date": "2008-02-30"}]}


def test_json_lines_reports_invalid_case_and_keeps_the_rest(tmp_path):
    source = tmp_path / "cases.jsonl"
    source.write_text("\n".join(json.dumps(c) for c in (NO_CONTACT, INVALID)) + "\nnot json\n")
    loaded = read_caseload(source)
    cases = list(loaded.cases)
    assert [case.id for case, _ in cases] == ["CASE-NC"]
    assert cases[0][1].manager == "A. Manager"
    problems = {(p.case, p.path) for p in loaded.problems}
    assert ("CASE-BAD", "sentences[0].date") in problems
    assert any(p.case == "cases.jsonl:3" and p.message.startswith("JSON syntax error at line 1, column 1: ") for p in loaded.problems)


def test_folder_of_case_files_names_the_invalid_file():
    loaded = read_caseload(EXAMPLES)
    assert len(list(loaded.cases)) == len(list(EXAMPLES.glob("*.yaml"))) - 1
    assert {p.case for p in loaded.problems} == {"invalid"}
    assert all(p.path or p.message for p in loaded.problems)


def test_tables_layout_builds_the_same_case(tmp_path):
    with open(tmp_path / "cases.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case_id", "sentence_id", "sentence_type", "sentence_date", "length_months",
                         "assessments", "team"])
        writer.writerow(["CASE-NC", "s1", "community_order", "2008-01-07", "12",
                         json.dumps([{"date": "2008-01-07", "tier": 4}]), "Team North"])
    with open(tmp_path / "events.csv", "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case_id", "id", "kind", "date", "name", "mode", "with"])
        writer.writerow(["CASE-NC", "om", "offender_manager_assigned", "2008-01-07", "A. Manager", "", ""])
        writer.writerow(["CASE-NC", "c1", "contact", "2008-01-08", "", "fax", "offender_manager"])
    loaded = read_caseload(tmp_path)
    assert list(loaded.cases) == []  # 'fax' is not a contact mode
    assert [(p.case, p.path) for p in loaded.problems] == [("CASE-NC", "events[1].mode")]
    rows = (tmp_path / "events.csv").read_text().replace("fax", "face_to_face")
    (tmp_path / "events.csv").write_text(rows)
    loaded = read_caseload(tmp_path)
    (case, meta), = loaded.cases
    assert meta == CaseMeta("A. Manager", "Team North")
    assert [e.kind for e in case.events] == ["offender_manager_assigned", "contact"]


def _result(status, due, late=None, remaining=None, case_title="t"):
    trigger = EventRef("s1", "sentence", dt.date(2008, 1, 7), "sentences[0]")
    return ObligationResult("x/y", "x", case_title, status, trigger, due, "2 working days",
                            working_days_late=late, working_days_remaining=remaining, edition="2007")


def test_worklist_orders_by_urgency_within_manager():
    results = {"A": [_result("overdue", dt.date(2008, 1, 9), late=3), _result("pending", dt.date(2008, 1, 20), remaining=4),
                     _result("pending", dt.date(2008, 2, 20), remaining=25), _result("met_on_time", dt.date(2008, 1, 9))],
               "B": [_result("overdue", dt.date(2008, 1, 2), late=9)]}
    meta = {"A": CaseMeta("Ann", "T1"), "B": CaseMeta("Ann", "T1")}
    items = worklist(results, meta, within=5)
    assert [(i.case, i.status, i.working_days) for i in items] == [("B", "overdue", 9), ("A", "overdue", 3),
                                                                   ("A", "pending", 4)]
    assert "3 working days overdue" in items[1].explanation


def test_compliance_counts_and_rate():
    results = {"A": [_result("met_on_time", None), _result("met_late", None), _result("overdue", None),
                     _result("pending", None), _result("not_applicable", None)]}
    (row,) = compliance(results, {})
    assert (row.applicable, row.met_on_time, row.late, row.overdue, row.pending) == (4, 1, 1, 1, 1)
    assert abs(row.on_time_rate - 1 / 3) < 1e-9


def test_caseload_import_and_check_end_to_end(tmp_path, capsys):
    source = tmp_path / "cases.jsonl"
    source.write_text("\n".join(json.dumps(c) for c in (NO_CONTACT, INVALID)) + "\n")
    db = tmp_path / "caseload.duckdb"
    assert main(["caseload", "import", str(source), "--db", str(db)]) == 0
    assert "CASE-BAD" in (tmp_path / "caseload.duckdb.errors.csv").read_text()
    printed = capsys.readouterr().out
    assert printed.startswith(f"1 case imported into {db}; 1 invalid case skipped, problems in ")
    out = tmp_path / "report"
    assert main(["caseload", "check", str(db), "--as-of", "2008-01-14", "--edition", "2007", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert printed.startswith("1 case as of 2008-01-14: ") and "working days; 1 invalid case\n" in printed
    items = json.loads((out / "worklist.json").read_text())
    first = [i for i in items if i["obligation"] == "2c.6/first_meeting"]
    assert first == [{**first[0], "status": "overdue", "due": "2008-01-09", "working_days": 3, "case": "CASE-NC",
                      "manager": "A. Manager"}]
    report = {r["standard"]: r for r in json.loads((out / "compliance.json").read_text())}
    assert report["2c.6"]["overdue"] == 1
    page = (out / "report.html").read_text()
    assert "CASE-BAD" in page
    assert '<span class="bad" style="width: 100.0%"></span>' in page   # 2c.6: its one decided obligation overdue
    assert "sentences[0].date" in (out / "errors.csv").read_text()


def test_progress_is_silent_when_piped(capsys):
    progress = Progress("working", 10, stream=sys.stderr)
    for _ in range(10):
        progress()
    progress.close()
    assert capsys.readouterr().err == ""


def test_a_caseload_is_read_case_by_case(tmp_path):
    """Cases are read as they are stored, not all held first; problems fill as reading goes."""
    source = tmp_path / "cases.jsonl"
    source.write_text("\n".join(json.dumps(c) for c in (INVALID, NO_CONTACT, {**NO_CONTACT, "id": "CASE-2"})) + "\n")
    loaded = read_caseload(source)
    assert loaded.problems == []
    case, _ = next(loaded.cases)
    assert case.id == "CASE-NC" and [p.case for p in loaded.problems] == ["CASE-BAD"]
    assert [c.id for c, _ in loaded.cases] == ["CASE-2"]


def test_a_line_that_is_not_utf8_is_one_problem(tmp_path):
    source = tmp_path / "cases.jsonl"
    source.write_bytes(b'{"id": "CASE-\xff"}\n' + json.dumps(NO_CONTACT).encode() + b"\n")
    loaded = read_caseload(source)
    assert [case.id for case, _ in loaded.cases] == ["CASE-NC"]
    assert [(p.case, p.message) for p in loaded.problems] == [("cases.jsonl:1", "not UTF-8 text: byte 14 of the line")]


@pytest.mark.parametrize("command", [["import", "--db", "x.duckdb"], ["check", "--as-of", "2008-01-14"]])
def test_a_missing_caseload_is_a_message_not_a_traceback(tmp_path, capsys, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    verb, *options = command
    assert main(["caseload", verb, "nothere.jsonl", *options]) == 2
    assert capsys.readouterr().err == "nothere.jsonl: no such file or folder\n"
    assert list(tmp_path.iterdir()) == []   # no store file or report left behind


def test_csv_cells_a_spreadsheet_would_run_are_written_as_text(tmp_path):
    """A case id, manager or message from a case file that starts like a formula (=, +, -, @) is
    written with a leading apostrophe in every CSV, so a spreadsheet shows it and never runs it."""
    hostile = {**NO_CONTACT, "id": '=HYPERLINK("http://x","y")',
               "events": [{**NO_CONTACT["events"][0], "name": "@SUM(A1)"}]}
    bad = {**INVALID, "id": "+cmd|' /C calc'!A0"}
    source = tmp_path / "cases.jsonl"
    source.write_text("\n".join(json.dumps(c) for c in (hostile, bad)) + "\n")
    out = tmp_path / "report"
    assert main(["caseload", "check", str(source), "--as-of", "2008-01-14", "--edition", "2007",
                 "--out", str(out)]) == 0
    worklist_rows = list(csv.DictReader((out / "worklist.csv").open(encoding="utf-8")))
    assert {row["case"] for row in worklist_rows} == {"'" + hostile["id"]}
    assert {row["manager"] for row in worklist_rows} == {"'@SUM(A1)"}
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in worklist_rows for cell in row.values())
    errors = list(csv.DictReader((out / "errors.csv").open(encoding="utf-8")))
    assert [row["case"] for row in errors] == ["'" + bad["id"]]
    # The JSON keeps the values as they are: it is read by programs, not spreadsheets.
    assert {i["case"] for i in json.loads((out / "worklist.json").read_text())} == {hostile["id"]}
    compliance_rows = list(csv.DictReader((out / "compliance.csv").open(encoding="utf-8")))
    assert compliance_rows and all(row["applicable"].isdigit() for row in compliance_rows)   # numbers stay numbers


def test_caseload_check_fail_on_counts_the_failing_results(tmp_path, capsys):
    source = tmp_path / "cases.jsonl"
    source.write_text(json.dumps(NO_CONTACT) + "\n")
    out = tmp_path / "report"
    args = ["caseload", "check", str(source), "--as-of", "2008-01-14", "--edition", "2007", "--out", str(out)]
    assert main(args) == 0
    capsys.readouterr()
    overdue = sum(1 for i in json.loads((out / "worklist.json").read_text()) if i["status"] == "overdue")
    assert overdue >= 1   # 2c.6's first meeting, due Wednesday 9 January, among them
    assert main([*args, "--fail-on", "overdue"]) == 1
    assert capsys.readouterr().err == f"failing (--fail-on): {overdue} overdue\n"
    untimed = sum(1 for i in json.loads((out / "worklist.json").read_text()) if i["status"] == "missing_data")
    assert main([*args, "--fail-on", "missing"]) == (1 if untimed else 0)


def test_a_tables_source_names_its_folder_and_case_and_is_read_back():
    from policyengine.caseload.sources import tables_source, tables_source_parts
    source = tables_source(Path("/data/north"), "CRN/cases[1]")
    assert source == "north/cases[CRN/cases[1]]"
    assert tables_source_parts(source) == ("north", "CRN/cases[1]")
    assert tables_source_parts("cases.jsonl:12") is None
    assert tables_source_parts("north/cases[unclosed") is None
