"""The worklist is streamed to its files (caseload.write.write_all): the files hold every item, the
same text as the whole list would give, and the page shows the first 500 with the true total."""
import csv
import datetime as dt
import json

from policyengine.caseload.report import WorkItem
from policyengine.caseload.write import worklist_rows, write_all


def _items(n: int):
    for i in range(n):
        status = "overdue" if i % 3 == 0 else "missing_data" if i % 3 == 1 else "pending"
        yield WorkItem("North", "=Ruth Ellis", f"CRN-{i:05d}", "2007", "2c.6/first_meeting", status,
                       dt.date(2008, 1, 2) if status != "missing_data" else None, i % 7, f"item {i}")


def test_streamed_worklist_files_match_the_whole_list(tmp_path):
    written, totals = write_all(tmp_path, _items(601), [], [], dt.date(2008, 1, 15), cases=601, within=5)
    assert (tmp_path / "worklist.json").read_text(encoding="utf-8") == json.dumps(
        list(worklist_rows(_items(601))), indent=1)
    rows = list(csv.DictReader((tmp_path / "worklist.csv").open(encoding="utf-8")))
    assert len(rows) == 601 and rows[600]["case"] == "CRN-00600" and rows[0]["manager"] == "'=Ruth Ellis"
    assert (totals.count, totals.overdue, totals.untimed, len(totals.head)) == (601, 201, 200, 500)
    page = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "The first 500 are shown; worklist.csv has all 601." in page
    assert tmp_path / "report.html" in written


def test_an_empty_worklist_is_an_empty_array_and_an_empty_csv(tmp_path):
    write_all(tmp_path, iter(()), [], [], dt.date(2008, 1, 15), cases=0, within=5)
    assert json.loads((tmp_path / "worklist.json").read_text(encoding="utf-8")) == []
    assert (tmp_path / "worklist.csv").read_text(encoding="utf-8") == ""


def test_worklist_json_spells_every_value_as_json_dumps(tmp_path):
    """The worklist's JSON is written row by row without json.dumps; the text must still be what
    json.dumps(rows, indent=1) gives, for any text a case file can hold."""
    hostile = ['quote " and \\ backslash', "caf\u00e9 \u2028 line separator", "tab\there\nnewline \x00 \x1f",
               "emoji \U0001F600", "=SUM(A1)", ""]
    items = [WorkItem(team, "m", f"C{i}", "2007", "2c.6/x", "overdue", dt.date(2008, 1, 2), -3 if i else 0, team)
             for i, team in enumerate(hostile)]
    items.append(WorkItem("", "", "C9", "2007", "2c.6/x", "missing_data", None, 0, ""))
    write_all(tmp_path, iter(items), [], [], dt.date(2008, 1, 15), cases=len(items), within=5)
    assert (tmp_path / "worklist.json").read_text(encoding="utf-8") == json.dumps(
        list(worklist_rows(items)), indent=1)


def test_a_row_json_cannot_spell_directly_is_left_to_json_dumps():
    from policyengine.caseload.write import _json_row
    row = {"a": 1.5, "b": [1, {"c": None}], "d": True, "e": dt.date(2009, 1, 2)}
    assert _json_row(row) == "\n".join(" " + line for line in json.dumps(row, indent=1, default=str).splitlines())
    assert _json_row({}) == " {}"
    assert _json_row({"k": False, "n": None}) == ' {\n  "k": false,\n  "n": null\n }'
