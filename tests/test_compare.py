"""`nsr compare`: one case judged under every edition, topic by topic, and a folder of cases.

The case: a community order with supervision and 100 hours of unpaid work passed on Friday
21 December 2007, tier 2 and RoSH high at sentence; offender manager allocated Monday
24 December; first face-to-face contact Friday 28 December; first work session Tuesday
8 January 2008.  Judged as of Tuesday 15 January 2008 under all three editions (whatever was in
force then), so the same facts meet three sets of rules.

Bank holidays in the range: Christmas Day (Tue 25 Dec 2007), Boxing Day (Wed 26 Dec 2007) and
New Year's Day (Tue 1 Jan 2008).  Day 0 is the day of the event.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import re
from pathlib import Path

from policyengine.cases.load import load_case_data
from policyengine.cli import main
from policyengine.compare.compare_report import cell_lines, comparison_json, comparison_table, directory_table
from policyengine.output.terminal import Screen
from policyengine.compare.side_by_side import compare_case, compare_directory, resolve_editions
from policyengine.compiler.compile import load_edition

AS_OF = dt.date(2008, 1, 15)
EDITIONS = ["2007", "2011", "2015"]

CASE = """\
id: CMP-1
offender: {name: Test Person, gender: male, date_of_birth: 1985-03-02}
sentences:
  - id: s1
    type: community_order
    date: 2007-12-21
    length_months: 12
    psr: fast_delivery
    requirements:
      - kind: supervision
        months: 12
      - kind: unpaid_work
        hours: 100
assessments:
  - {date: 2007-12-21, source: psr, tier: 2, rosh: high, ppo: false}
events:
  - {id: om1, kind: offender_manager_assigned, date: 2007-12-24, name: A Officer}
  - {id: c1, kind: contact, date: 2007-12-28, mode: face_to_face, with: offender_manager}
  - {id: ws1, kind: work_session, date: 2008-01-08, duration_minutes: 420}
"""


def _case(text: str, source: str):
    import yaml
    return load_case_data(yaml.safe_load(text), source)


@functools.cache
def _setup():
    policies = resolve_editions(EDITIONS)
    programs = {name: load_edition(name) for name in EDITIONS}
    return policies, programs


@functools.cache
def comparison():
    policies, programs = _setup()
    return compare_case(_case(CASE, "test:CMP-1"), policies, programs, AS_OF)


def cell(topic: str, edition: str):
    row = next(r for r in comparison().rows if r.topic == topic)
    return row.cells[edition]


def entry(topic: str, edition: str, obligation: str):
    found = [r for r in cell(topic, edition).results if r.obligation == obligation]
    assert len(found) == 1, found
    return found[0]


def test_first_appointment_under_each_edition():
    # 2007 2c.6, not tier 4: 5 working days of sentence.  Fri 21 Dec = day 0; Mon 24 (1), [25, 26 bank
    # holidays], Thu 27 (2), Fri 28 (3), Mon 31 (4), [Tue 1 Jan bank holiday], Wed 2 Jan (5).
    first_2007 = entry("first_appointment_community", "2007", "2c.6/first_meeting")
    assert (first_2007.due, first_2007.status) == (dt.date(2008, 1, 2), "met_on_time")
    # 2011 HMI guide 2.1.3, RoSH high: 2 working days of sentence: Mon 24 (1), Thu 27 Dec (2).
    # The contact on Fri 28 Dec is 1 working day late.
    first_2011 = entry("first_appointment_community", "2011", "2011c.2.1.3/high_rosh_community")
    assert (first_2011.due, first_2011.status, first_2011.working_days_late) == (dt.date(2007, 12, 27), "met_late", 1)
    # 2015.5.1: 5 working days of allocation (Mon 24 Dec = day 0): Thu 27 (1), Fri 28 (2), Mon 31 (3),
    # Wed 2 Jan (4), Thu 3 Jan (5).
    first_2015 = entry("first_appointment_community", "2015", "2015.5.1/first_appointment")
    assert (first_2015.due, first_2015.status) == (dt.date(2008, 1, 3), "met_on_time")
    row = next(r for r in comparison().rows if r.topic == "first_appointment_community")
    assert row.differs
    assert [c.verdict for c in row.cells.values()] == ["met", "breached", "met"]


def test_unpaid_work_first_session_under_each_edition():
    # 2007 2d.1.4: 10 working days of sentence: Mon 24 (1), Thu 27 (2), Fri 28 (3), Mon 31 (4), Wed 2 (5),
    # Thu 3 (6), Fri 4 (7), Mon 7 (8), Tue 8 (9), Wed 9 Jan (10).  Session on Tue 8 Jan: on time.
    upw_2007 = entry("unpaid_work_start", "2007", "2d.1.4/first_session")
    assert (upw_2007.due, upw_2007.status) == (dt.date(2008, 1, 9), "met_on_time")
    # 2011: only a judgement (outcome 45).
    assert [r.status for r in cell("unpaid_work_start", "2011").results] == ["needs_judgement"]
    # 2015.27.1: 7 working days of allocation (Mon 24 Dec): Thu 27 (1), Fri 28 (2), Mon 31 (3), Wed 2 (4),
    # Thu 3 (5), Fri 4 (6), Mon 7 Jan (7).  Session on Tue 8 Jan: 1 working day late.
    upw_2015 = entry("unpaid_work_start", "2015", "2015.27.1/first_session")
    assert (upw_2015.due, upw_2015.status, upw_2015.working_days_late) == (dt.date(2008, 1, 7), "met_late", 1)


def test_allocation_and_dropped_topics():
    # 2007 1.1: 3 working days of sentence (not tier 4, no PPO, no DRR): Mon 24 (1), Thu 27 (2), Fri 28 Dec (3);
    # allocated Mon 24 Dec.
    allocation = entry("allocation", "2007", "1.1/after_sentence")
    assert (allocation.due, allocation.status) == (dt.date(2007, 12, 28), "met_on_time")
    assert cell("assessment", "2015").has_topic is False            # dropped by 2015
    assert cell("assessment", "2015").verdict == "no such topic"
    assert cell("plan_copies", "2011").verdict == "no such topic"   # dropped by 2011


def test_cells_and_table_text():
    assert cell_lines(cell("first_appointment_community", "2011")) == [
        "2011c.2.1.3/high_rosh_community due Thu 27 Dec 2007: met late, 1 late",
        "1 awaiting judgement (2011.10/prompt_contact)",
    ]
    assert cell_lines(cell("assessment", "2015")) == ["— (no such topic)"]
    table = comparison_table(comparison(), screen=Screen(width=160))
    assert table.startswith("Case CMP-1 under the 2007, 2011, 2015 editions, as of Tue 15 Jan 2008")
    assert max(len(l) for l in table.splitlines()) <= 160
    line = next(l for l in table.splitlines() if "first_appointment_community" in l)
    assert line.startswith("≠")
    assert "2011c.2.1.3/high_rosh_community due Thu" in line   # the 2011 cell, wrapped in its column
    assert "Judgement only (--all shows them):" in table
    narrow = comparison_table(comparison())   # 100 columns: the cells wrap, nothing is cut
    assert max(len(l) for l in narrow.splitlines()) <= 100 and "…" not in narrow


def test_json(capsys, tmp_path):
    path = tmp_path / "case.yaml"
    path.write_text(CASE, encoding="utf-8")
    assert main(["compare", str(path), "--editions", "2007,2011,2015", "--as-of", "2008-01-15", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["editions"] == EDITIONS
    row = next(t for t in data["topics"] if t["topic"] == "unpaid_work_start")
    assert row["differs"] is True
    assert row["cells"]["2015"]["verdict"] == "breached"
    assert [(o["obligation"], o["due"], o["status"]) for o in row["cells"]["2015"]["obligations"]] == [
        ("2015.27.1/first_session", "2008-01-07", "met_late")]
    assert comparison_json(comparison())["case"] == "CMP-1"


# ---------------------------------------------------------------- a directory of cases
ON_TIME = CASE.replace("CMP-1", "CMP-2").replace("date: 2007-12-28, mode", "date: 2007-12-27, mode")
BROKEN = "id: CMP-3\nsentences: not a list\n"


def test_directory_counts_flips_and_reports_a_bad_case(tmp_path):
    (tmp_path / "a.yaml").write_text(CASE, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(ON_TIME, encoding="utf-8")
    (tmp_path / "c.yaml").write_text(BROKEN, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a case", encoding="utf-8")
    policies, programs = _setup()
    from policyengine.compare.side_by_side import case_files
    result = compare_directory(case_files(tmp_path), policies, programs, AS_OF)
    assert [Path(c).name for c in result.cases] == ["a.yaml", "b.yaml"]
    assert len(result.errors) == 1 and "c.yaml" in result.errors[0] and "sentences" in result.errors[0]
    # First appointment: CMP-1 met late under 2011 (contact Fri 28 Dec, due Thu 27 Dec); CMP-2's contact on
    # Thu 27 Dec is on time under all three, so only CMP-1 flips, 2007 → 2011 and back 2011 → 2015.
    flips = {t.pair: t for t in result.topics if t.topic == "first_appointment_community"}
    assert [(f.case, f.before, f.after) for f in flips[("2007", "2011")].flips] == [("CMP-1", "met", "breached")]
    assert [(f.case, f.before, f.after) for f in flips[("2011", "2015")].flips] == [("CMP-1", "breached", "met")]
    assert "2011: 2011c.2.1.3/high_rosh_community met late" in flips[("2007", "2011")].flips[0].responsible
    assert "deadline 5 working days → 2 working days" in flips[("2007", "2011")].change
    # Unpaid work: both cases' session is 1 working day late under 2015 and a judgement under 2011.
    upw = {t.pair: t for t in result.topics if t.topic == "unpaid_work_start"}
    assert sorted((f.case, f.before, f.after) for f in upw[("2011", "2015")].flips) == [
        ("CMP-1", "judgement", "breached"), ("CMP-2", "judgement", "breached")]
    text = directory_table(result)
    assert "2 case(s) under the 2007, 2011, 2015 editions" in text and "1 could not be compared" in text
    assert "first_appointment_community (2007 → 2011): 1 case(s)" in text


def test_cli_directory_exit_code(capsys, tmp_path):
    (tmp_path / "a.yaml").write_text(CASE, encoding="utf-8")
    (tmp_path / "c.yaml").write_text(BROKEN, encoding="utf-8")
    code = main(["compare", str(tmp_path), "--editions", "2007,2015", "--as-of", "2008-01-15"])
    out = capsys.readouterr().out
    assert code == 1   # a case could not be compared; the others were
    assert "1 case(s) under the 2007, 2015 editions" in out and "c.yaml" in out
    assert "unpaid_work_start (2007 → 2015): 1 case(s)" in out
    assert "  met → breached: 1 (CMP-1)" in out
