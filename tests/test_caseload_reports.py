"""Right caseload reports: --edition auto, one-line edition errors, team and offender manager
breakdowns, bars that follow the counts."""
from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pytest

from policyengine.caseload.commands import judging_editions
from policyengine.caseload.generate import TEAMS, generate, team_of
from policyengine.caseload.sources import read_caseload
from policyengine.cli import main


def _case(case_id: str, day: str, manager: str = "A. Manager", team: str | None = "Team North") -> dict:
    """A tier 4 community order passed on `day` with its offender manager and nothing else."""
    assigned = {"id": "om", "kind": "offender_manager_assigned", "date": day, "name": manager}
    if team:
        assigned["team"] = team
    return {"id": case_id, "sentences": [{"id": "s1", "type": "community_order", "date": day, "length_months": 12}],
            "assessments": [{"date": day, "tier": 4}], "events": [assigned]}


def _check(tmp_path: Path, cases: list[dict], as_of: str, *options: str) -> Path:
    source = tmp_path / "cases.jsonl"
    source.write_text("".join(json.dumps(c) + "\n" for c in cases))
    out = tmp_path / f"report-{as_of}"
    assert main(["caseload", "check", str(source), "--as-of", as_of, "--out", str(out), *options]) == 0
    return out


def _editions(out: Path, name: str = "compliance") -> set[str]:
    return {row["edition"] for row in json.loads((out / f"{name}.json").read_text())}


def test_auto_judges_each_obligation_under_the_edition_in_force_on_its_trigger_date(tmp_path):
    # 2007 edition: 3 Aug 2007 to 4 Apr 2011; 2011 edition from 5 Apr 2011; 2015 from 3 Aug 2015.
    old, new = _case("OLD", "2008-01-07", "Old Manager"), _case("NEW", "2011-05-03", "New Manager")
    out = _check(tmp_path, [old, new], "2011-05-16")
    assert _editions(out) == {"2007", "2011"}
    rows = json.loads((out / "compliance_by_manager.json").read_text())
    assert {(r["manager"], r["edition"]) for r in rows} == {("Old Manager", "2007"), ("New Manager", "2011")}
    assert {i["edition"] for i in json.loads((out / "worklist.json").read_text()) if i["case"] == "OLD"} == {"2007"}
    # As of 2008 only the 2007 edition was ever in force: the later ones are not even evaluated.
    programs, _ = judging_editions("auto", dt.date(2008, 1, 14))
    assert [p.edition.name for p in programs] == ["2007"]
    assert _editions(_check(tmp_path, [old], "2016-01-04")) == {"2007"}   # checked years later, still 2007's


def test_named_editions_each_judge_every_obligation(tmp_path):
    out = _check(tmp_path, [_case("OLD", "2008-01-07")], "2011-05-16", "--edition", "2007,2011")
    assert _editions(out) == {"2007", "2011"}


@pytest.mark.parametrize("options, message", [
    (["--edition", "2007", "--edition", "2007"], "argument --edition: given more than once; give it once"),
    (["--edition", "2007,2007"], "argument --edition: edition '2007' is named twice"),
    (["--edition", "2008"], "argument --edition: unknown edition '2008'; did you mean '2007'?"),
])
def test_a_repeated_or_unknown_edition_is_one_line(tmp_path, capsys, options, message):
    source = tmp_path / "cases.jsonl"
    source.write_text(json.dumps(_case("A", "2008-01-07")) + "\n")
    with pytest.raises(SystemExit) as stop:
        main(["caseload", "check", str(source), "--as-of", "2008-01-14", "--out", str(tmp_path / "r"), *options])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"nsr caseload check: {message}") and err.count("\n") == 1
    assert not (tmp_path / "r").exists()


def test_worklist_and_compliance_break_down_by_team_and_manager(tmp_path):
    # No contact after sentence on Mon 7 Jan 2008: 2c.6's first meeting (2 working days) was due
    # Wed 9 Jan, overdue on Mon 14 Jan for both; one manager per team.
    cases = [_case("A", "2008-01-07", "Ann Reid", "Team North"), _case("B", "2008-01-07", "Bo Shaw", "Team South"),
             _case("C", "2008-01-07", "Bo Shaw", None)]
    out = _check(tmp_path, cases, "2008-01-14", "--edition", "2007")
    rows = list(csv.DictReader((out / "compliance_by_manager.csv").open(encoding="utf-8")))
    first = [(r["team"], r["manager"], r["overdue"]) for r in rows if r["standard"] == "2c.6"]
    assert first == [("", "Bo Shaw", "1"), ("Team North", "Ann Reid", "1"), ("Team South", "Bo Shaw", "1")]
    worklist = list(csv.DictReader((out / "worklist.csv").open(encoding="utf-8")))
    assert {(r["case"], r["team"], r["manager"]) for r in worklist} == {
        ("A", "Team North", "Ann Reid"), ("B", "Team South", "Bo Shaw"), ("C", "", "Bo Shaw")}
    page = (out / "report.html").read_text()
    assert "Compliance by team and Offender Manager" in page and "No team recorded" in page


def test_the_generator_fills_team_and_manager():
    source_cases = list(generate(40, seed=5))
    for case in source_cases:
        assigned = [e for e in case["events"] if e["kind"] == "offender_manager_assigned"]
        assert assigned and all(e["team"] == team_of(e["name"]) in TEAMS for e in assigned)


def test_meta_is_the_latest_assignment(tmp_path):
    case = _case("A", "2008-01-07", "Ann Reid", "Team North")
    case["events"].append({"id": "om2", "kind": "offender_manager_assigned", "date": "2008-03-03",
                           "name": "Cy Dunn", "team": "Team East"})
    source = tmp_path / "cases.jsonl"
    source.write_text(json.dumps(case) + "\n")
    ((_, meta),) = list(read_caseload(source).cases)
    assert (meta.manager, meta.team) == ("Cy Dunn", "Team East")


def test_bar_lengths_follow_the_counts(tmp_path):
    # Two cases owe 2c.6 (both overdue); 1.1 (offender manager assigned) is met for both; a third
    # case, sentenced on Fri 11 Jan 2008, owes 2c.6 by Tue 15 Jan: pending, so not decided.
    cases = [_case("A", "2008-01-07"), _case("B", "2008-01-07"), _case("C", "2008-01-11")]
    out = _check(tmp_path, cases, "2008-01-14", "--edition", "2007")
    rows = {r["standard"]: r for r in json.loads((out / "compliance.json").read_text())}
    assert (rows["2c.6"]["overdue"], rows["2c.6"]["pending"]) == (2, 1)
    longest = max(r["met_on_time"] + r["late"] + r["overdue"] for r in rows.values())
    page = (out / "report.html").read_text()
    bars = dict(re.findall(r'<td class="nowrap" data-label="Std">([^<]+)</td>.*?<td data-label="Decided">(.*?)</td>',
                           page, re.S))
    widths = [float(w) for w in re.findall(r'width: ([0-9.]+)%', bars["2c.6"])]
    assert widths == [round(100 * 2 / longest, 2)]


class _Terminal:
    def __init__(self):
        self.text = ""

    def isatty(self) -> bool:
        return True

    def write(self, text: str) -> None:
        self.text += text

    def flush(self) -> None:
        pass


def test_progress_on_a_terminal_shows_the_total_and_the_time_left():
    from policyengine.caseload.commands import Progress
    progress = Progress("reading cases", 2000, stream=_Terminal())
    progress.started, progress.done = 100.0, 500
    # 500 of 2,000 in 40 s: 1,500 more at the same pace take 120 s
    assert progress.line(140.0) == "reading cases [#######.......................] 500/2,000, about 2 min 00 s left"
    progress.done = 2000
    assert progress.line(200.0).endswith("2,000/2,000, about 0 s left")
    unknown = Progress("reading cases", None, stream=_Terminal())
    unknown.done = 1234
    assert unknown.line(1.0) == "reading cases 1,234"
    progress(1)
    assert "\r" in progress.stream.text
