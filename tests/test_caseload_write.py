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
