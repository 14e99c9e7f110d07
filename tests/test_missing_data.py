"""Missing data is a finding: an obligation whose timing needs a fact the case file lacks is
reported as missing_data, naming the field to record, never silently as not applicable.

For each obligation the audit of the editions found (the `needs` clauses in policies/*.nsr), a
case without the fact (status missing_data, the field named, no due date) and the same case with
it (the due date counted by hand).  Then the rule language itself: parsing, lint, lowering, and
each place the status is reported (table, JSON, why, compare, policy tests, caseload).

Bank holidays in range, named where a count crosses them:
  2010  Fri 2 Apr (Good Friday), Mon 5 Apr (Easter Monday)
"""
from __future__ import annotations

import datetime as dt
import functools

import pytest

from missing_cases import custody_2007, custody_2015, drr_2007, release_2007, supervision_2007
from support import not_applicable, result, results, run

D = dt.date
RELEASE = ["sentences[0].release_date"]
LENGTH = ["sentences[0].length_months"]


def fields(r) -> list[str]:
    return [m.field for m in r.missing]


def assert_missing(ev, obligation: str, expected_fields: list[str]) -> None:
    r = result(ev, obligation)
    assert (r.status, r.due, r.window) == ("missing_data", None, None), obligation
    assert fields(r) == expected_fields, obligation
    assert r.reason.startswith("cannot be timed: the case file does not record "), obligation


# ---------------------------------------------------------------- 2007: custody and release dates
@functools.cache
def custody(release: bool = True, length: bool = True):
    case = custody_2007(f"MD-{release}-{length}", release_date="2010-04-08" if release else None,
                        length_months=36 if length else None)
    return run("2007", case, D(2011, 2, 1))


RELEASE_DATED = ["2a.4/custody", "2b.3/custody", "2e.5/pre_release", "2c.12/conditions", "2c.12/arrangements",
                 "2c.12/conditions_sent", "2c.12/arrangements_sent", "2b.7/before_release", "B.4.1.20/custody_referral"]


def test_custody_without_a_release_date_names_the_date_for_every_obligation_it_times():
    ev = custody(release=False)
    for obligation in RELEASE_DATED:
        assert_missing(ev, obligation, RELEASE)
    # The length is recorded: the end of the sentence is timed as usual (36 months from Mon 7 Jan
    # 2008: the last day is Thu 6 Jan 2011).
    assert result(ev, "2e.8/evaluation").due == D(2011, 1, 6)


def test_custody_without_a_length_names_the_length():
    ev = custody(length=False)
    for obligation in ("2a.4/custody", "2b.3/custody", "2e.5/pre_release"):
        assert_missing(ev, obligation, LENGTH)
    for obligation in ("2e.8/evaluation", "2e.9/notified", "2e.9/mappa_coordinator"):
        assert_missing(ev, obligation, LENGTH)
    # The release date is recorded: 2c.12 is timed (see below).
    assert result(ev, "2c.12/conditions_sent").due == D(2010, 3, 11)


def test_custody_without_either_names_both_in_the_rule_files_order():
    ev = custody(release=False, length=False)
    for obligation in ("2a.4/custody", "2b.3/custody", "2e.5/pre_release"):
        assert_missing(ev, obligation, LENGTH + RELEASE)


def test_custody_under_12_months_recorded_is_still_not_applicable():
    ev = run("2007", custody_2007("MD-SHORT", length_months=6, release_date=None), D(2008, 9, 1))
    na = not_applicable(ev)
    for obligation in ("2a.4/custody", "2b.3/custody"):
        assert obligation in na and "custody_under_12_months" in na[obligation]
    assert na["2e.5/pre_release"] == "no trigger: the case has no pre_release_window"


def test_2a4_and_2b3_custody_timed_with_the_facts():
    # Release Thu 8 Apr 2010 is 24 months or more after Mon 7 Jan 2008: 16 calendar weeks (112
    # days; 2008 is a leap year): 7 Jan + 24 = 31 Jan, + 29 = 29 Feb, + 31 = 31 Mar, + 28 = Mon 28 Apr.
    for obligation in ("2a.4/custody", "2b.3/custody"):
        r = result(custody(), obligation)
        assert (r.due, r.status, r.missing) == (D(2008, 4, 28), "overdue", ())


def test_2e5_pre_release_timed_with_the_facts():
    # Window opens 8 weeks before Thu 8 Apr 2010: Thu 11 Feb 2010; due 6 weeks later, Thu 25 Mar.
    r = result(custody(), "2e.5/pre_release")
    assert (r.trigger.date, r.due, r.status) == (D(2010, 2, 11), D(2010, 3, 25), "overdue")


def test_2c12_timed_with_the_release_date():
    # 4 calendar weeks before Thu 8 Apr 2010: Thu 11 Mar 2010.
    assert result(custody(), "2c.12/conditions_sent").due == D(2010, 3, 11)
    # 10 working days before Thu 8 Apr 2010, counting back: Wed 7 (1), Tue 6 (2), Mon 5 Easter
    # Monday and Fri 2 Good Friday skipped, Thu 1 Apr (3), Wed 31 Mar (4), Tue 30 (5), Mon 29 (6),
    # Fri 26 (7), Thu 25 (8), Wed 24 (9), Tue 23 Mar (10).
    assert result(custody(), "2c.12/arrangements_sent").due == D(2010, 3, 23)
    assert result(custody(), "2c.12/conditions").status == "needs_judgement"


def test_2b7_and_mappa_referral_timed_with_the_release_date():
    # 6 calendar months before Thu 8 Apr 2010: Thu 8 Oct 2009 (at least 6 months to serve).
    before = result(custody(), "2b.7/before_release")
    assert (before.due, before.status, before.satisfied_by.id) == (D(2009, 10, 8), "met_on_time",
                                                                   "mappa_level_record")
    referral = result(custody(), "B.4.1.20/custody_referral")
    assert (referral.due, referral.status) == (D(2009, 10, 8), "overdue")


def test_2e8_and_2e9_timed_with_the_length():
    # 36 months from Mon 7 Jan 2008: over on Fri 7 Jan 2011, so the last day is Thu 6 Jan 2011;
    # the window opens 8 weeks before, Thu 11 Nov 2010.
    evaluation = result(custody(), "2e.8/evaluation")
    assert (evaluation.trigger.date, evaluation.due, evaluation.status) == (D(2010, 11, 11), D(2011, 1, 6), "overdue")
    assert result(custody(), "2e.9/notified").status == "needs_judgement"
    # The Coordinator: 1 working day after Thu 6 Jan 2011 is Fri 7 Jan.
    assert result(custody(), "2e.9/mappa_coordinator").due == D(2011, 1, 7)


def test_a_recorded_judgement_stands_without_the_release_date():
    case = custody_2007("MD-JUDGED", release_date=None)
    case["judgements"] = [{"standard": "2c.12", "date": "2008-06-02", "met": True, "by": "SPO"}]
    ev = run("2007", case, D(2008, 9, 1))
    assert result(ev, "2c.12/conditions").status == "judged_met"
    assert result(ev, "2c.12/conditions_sent").status == "missing_data"


# ---------------------------------------------------------------- 2007: the tier
def test_2c13_second_contact_needs_the_tier_on_release():
    ev = run("2007", release_2007("MD-REL-NONE", tier=None), D(2010, 4, 6))
    assert_missing(ev, "2c.13/second_contact", ["assessments[].tier"])
    # The first contact needs no tier: due on the day of release, Thu 1 Apr, and not met.
    assert result(ev, "2c.13/first_contact").status == "overdue"


def test_2c13_second_contact_timed_with_the_tier():
    # Released Thu 1 Apr 2010: Fri 2 Good Friday, Sat, Sun, Mon 5 Easter Monday skipped;
    # Tue 6 (1), Wed 7 (2), Thu 8 Apr (3).  As of Tue 6 Apr: 2 working days left (Wed 7, Thu 8).
    r = result(run("2007", release_2007("MD-REL-2", tier=2), D(2010, 4, 6)), "2c.13/second_contact")
    assert (r.due, r.status, r.working_days_remaining) == (D(2010, 4, 8), "pending", 2)


def test_2c13_second_contact_not_owed_for_tier_1():
    assert "2c.13/second_contact" in not_applicable(run("2007", release_2007("MD-REL-1", tier=1), D(2010, 4, 6)))


def test_2c16_contact_level_needs_the_tier_once_per_start():
    ev = run("2007", supervision_2007("MD-SUP-NONE", tier=None), D(2008, 9, 1))
    assert_missing(ev, "2c.16/tier1", ["assessments[].tier"])
    assert [r.obligation for r in ev.results if r.standard == "2c.16"] == ["2c.16/tier1"]


def test_2c16_tier_1_timed_with_the_tier():
    # One window throughout the order: Mon 3 Mar 2008 to its last day, Mon 2 Mar 2009 (12 months).
    [window] = results(run("2007", supervision_2007("MD-SUP-1", tier=1), D(2008, 9, 1)), "2c.16/tier1")
    assert (window.window["start"], window.window["end"], window.window["need"], window.status) == \
        (D(2008, 3, 3), D(2009, 3, 2), 2, "pending")


# ---------------------------------------------------------------- 2007: the DRR band
def test_drr_without_a_seriousness_cannot_be_timed_once_per_schedule_family():
    ev = run("2007", drr_2007("MD-DRR-NONE", seriousness=None), D(2008, 6, 16))
    band = ["sentences[0].requirements[drr].seriousness"]
    assert_missing(ev, "2d.9.4/hours_high", band)
    assert_missing(ev, "2d.9.6/testing_medium_high", band)
    na = not_applicable(ev)
    assert "2d.9.4/hours_medium" in na and "2d.9.6/testing_low" in na
    assert {r.status for r in results(ev, "2d.9.4/weekly")} == {"missed", "pending"}  # timed regardless


def test_drr_high_band_timed():
    # Weeks from Mon 2 Jun 2008 (days 0-6): 2-8 Jun, 9-15 Jun, 16-22 Jun (open on Mon 16 Jun).
    ev = run("2007", drr_2007("MD-DRR-HIGH", seriousness="high"), D(2008, 6, 16))
    hours = sorted(results(ev, "2d.9.4/hours_high"), key=lambda r: r.window["index"])
    assert [(r.window["start"], r.window["end"], r.window["need"], r.status) for r in hours] == [
        (D(2008, 6, 2), D(2008, 6, 8), 15, "missed"), (D(2008, 6, 9), D(2008, 6, 15), 15, "missed"),
        (D(2008, 6, 16), D(2008, 6, 22), 15, "pending")]
    tests = sorted(results(ev, "2d.9.6/testing_medium_high"), key=lambda r: r.window["index"])
    assert [r.window["need"] for r in tests] == [2, 2, 2]


def test_drr_low_band_owes_neither_the_hours_nor_the_twice_weekly_tests():
    na = not_applicable(run("2007", drr_2007("MD-DRR-LOW", seriousness="low"), D(2008, 6, 16)))
    assert "2d.9.4/hours_high" in na and "2d.9.6/testing_medium_high" in na


# ---------------------------------------------------------------- 2015 and the MAPPA library
@functools.cache
def custody15(release: bool = True, length: bool = True):
    case = custody_2015(f"MD15-{release}-{length}", release_date="2016-05-31" if release else None,
                        length_months=12 if length else None)
    return run("2015", case, D(2016, 9, 30))


def test_2015_without_a_release_date_or_a_length():
    assert_missing(custody15(release=False), "2015.4.3/plan", RELEASE)
    assert_missing(custody15(release=False), "2015.4.3/ap_placement", RELEASE)
    assert_missing(custody15(length=False), "2015.10.1/evaluation", LENGTH)


def test_2015_timed_with_the_facts():
    # The Plan: 12 weeks before Tue 31 May 2016 opens the window (Tue 8 Mar); due on release day.
    plan = result(custody15(), "2015.4.3/plan")
    assert (plan.trigger.date, plan.due) == (D(2016, 3, 8), D(2016, 5, 31))
    # AP placement: 3 months before 31 May 2016 is "31 Feb", clamped to Mon 29 Feb 2016.
    assert result(custody15(), "2015.4.3/ap_placement").due == D(2016, 2, 29)
    # Evaluation: 12 months from Tue 1 Sep 2015 ends on Wed 31 Aug 2016 (its last day).
    assert result(custody15(), "2015.10.1/evaluation").due == D(2016, 8, 31)


def test_the_mappa_library_needs_the_release_date_under_2015_too():
    case = custody_2015("MD15-MAPPA", release_date=None)
    case["assessments"][0].update(mappa_category=2, mappa_level=2)
    assert_missing(run("2015", case, D(2016, 9, 30)), "B.4.1.20/custody_referral", RELEASE)


# ---------------------------------------------------------------- the rule language
POLICY = '''edition "t" { in force from 2007-08-03 }
standard "9.1" {
  title "Plan before release"
  quote "A plan 4 weeks before release."
  obligation plan {
    after sentence where type = custody
    needs sentence_release_date(trigger_sentence, R) "the release date" at "sentences[].release_date"
    due within 4 weeks
    met by sentence_plan
  }
}
'''


def _compile(text: str):
    from policyengine.compiler.compile import compile_text
    return compile_text(text, "t.nsr")


def test_needs_lowers_to_ordinary_rules_and_blocks_the_due_date():
    program = _compile(POLICY)
    info = program.obligations["9.1/plan"]
    assert [(n.index, n.what, n.place) for n in info.needs] == [(1, "the release date", "sentences[].release_date")]
    heads = sorted(str(r.head) for r in program.rules if r.origin.obligation == "9.1/plan")
    assert "obligation_need_known(9.1/plan, Trigger__, 1)" in " ".join(heads).replace("'", "")
    due = [r for r in program.rules_for("obligation_due") if r.origin.obligation == "9.1/plan"]
    assert all(any(getattr(l, "pred", "") == "obligation_need_known" for l in r.body) for r in due)


@pytest.mark.parametrize("engine", ["plain", "pydatalog"])
def test_a_small_policy_reports_missing_data_on_either_engine(engine):
    from policyengine.cases.load import load_case_data
    from policyengine.evaluate import evaluate
    program = _compile(POLICY)
    case = {"id": "X", "sentences": [{"id": "s1", "type": "custody", "date": "2008-01-07"}]}
    [r] = evaluate(program, load_case_data(case, "x"), D(2008, 3, 1), engine=engine).results
    assert (r.status, fields(r)) == ("missing_data", RELEASE)
    case["sentences"][0]["release_date"] = "2008-12-01"
    [r] = evaluate(program, load_case_data(case, "x"), D(2008, 3, 1), engine=engine).results
    # 4 calendar weeks from Mon 7 Jan 2008: Mon 4 Feb 2008.
    assert (r.status, r.due, r.missing) == ("overdue", D(2008, 2, 4), ())


@pytest.mark.parametrize("place, problem", [
    ("sentences.release_date", "'sentences' is a list: write sentences[]"),
    ("sentences[].relase_date", "no field 'relase_date' there"),
    ("sentences[].requirements[dr].months", "'dr' is not a kind of requirements"),
    ("assessments[].tier[]", "'tier' is not a list"),
])
def test_lint_checks_the_place_against_the_case_file_schema(place, problem):
    from policyengine.compiler.compile import shared
    from policyengine.cases.load import vocabulary
    from policyengine.language.check import check_policy
    from policyengine.language.parse import parse_policy
    policy = parse_policy(POLICY.replace("sentences[].release_date", place), "t.nsr")
    [diagnostic] = check_policy(policy, vocabulary(), list(shared()))
    assert problem in diagnostic.message
    assert (diagnostic.span.line, diagnostic.found) == (7, place)


def test_lint_checks_the_needed_atom_like_a_condition():
    from policyengine.compiler.compile import shared
    from policyengine.cases.load import vocabulary
    from policyengine.language.check import check_policy
    from policyengine.language.parse import parse_policy
    policy = parse_policy(POLICY.replace("sentence_release_date(trigger_sentence, R)",
                                         "sentence_release_dat(trigger_sentence, R)"), "t.nsr")
    [diagnostic] = check_policy(policy, vocabulary(), list(shared()))
    assert "undefined predicate sentence_release_dat/2" in diagnostic.message


# ---------------------------------------------------------------- where the status is reported
def test_check_table_counts_and_names_the_field(capsys):
    from policyengine.output.report import evaluation_json, evaluation_table
    from policyengine.output.terminal import Screen
    ev = custody(release=False)
    table = evaluation_table(ev, include_not_applicable=False, screen=Screen(width=200))   # one line a row
    assert f"{len(RELEASE_DATED)} cannot be timed" in table.splitlines()[1]
    row = next(line for line in table.splitlines() if line.startswith("2a.4 ") and "custody" in line)
    assert "cannot be timed" in row and "record sentences[0].release_date" in row
    data = evaluation_json(ev, include_not_applicable=False)
    assert data["summary"]["missing_data"] == len(RELEASE_DATED)
    entry = next(o for o in data["obligations"] if o["obligation"] == "2a.4/custody")
    assert entry["missing"] == [{"field": "sentences[0].release_date", "what": "the release or tariff date"}]
    assert entry["due"] is None


def test_why_says_what_to_record():
    from policyengine.explain.narrative import explanations
    [found] = explanations(custody(release=False), "2a.4/custody")
    assert found.answer.status == "missing_data"
    assert found.answer.text.startswith("Cannot be timed: an OASys assessment")
    assert "needs the release or tariff date, which the case file does not record" in found.answer.text
    assert "Record sentences[0].release_date in the case file" in found.answer.text
    assert found.data["to_record"] == [{"field": "sentences[0].release_date", "what": "the release or tariff date"}]
    assert found.what_would_meet is None and found.turns_on is None


def test_why_full_derives_the_status_from_the_prelude():
    from policyengine.explain.derivation import explain
    graph, [root] = explain(custody(release=False), "2a.4/custody")
    labels = [data["label"] for _, data in graph.nodes(data=True)]
    assert labels[0].endswith(": missing data")
    # the release date is the second fact 2a.4/custody needs (the length is the first)
    assert any(label.startswith("obligation_need_missing(2a.4/custody, s1, 2)") for label in labels)


def test_compare_gives_the_topic_the_verdict_cannot_be_timed():
    from policyengine.compare.side_by_side import Cell
    ev = custody(release=False)
    cell = Cell("2007", results(ev, "2a.4/custody"))
    assert cell.verdict == "cannot be timed" and cell.timed()
    assert [r.obligation for r in cell.decisive()] == ["2a.4/custody"]


def test_caseload_counts_missing_data_per_standard_and_lists_what_to_record():
    from policyengine.backends.bulk import CaseMeta
    from policyengine.caseload.report import compliance, worklist
    ev = custody(release=False)
    found = {"MD": ev.results}
    row = next(r for r in compliance(found, {}) if r.standard == "2a.4")
    assert (row.applicable, row.missing_data, row.on_time_rate) == (1, 1, None)
    items = [i for i in worklist(found, {"MD": CaseMeta("A", "T")}, 5) if i.obligation == "2a.4/custody"]
    assert [(i.status, i.due) for i in items] == [("missing_data", None)]
    assert "record sentences[0].release_date (the release or tariff date)" in items[0].explanation


def test_a_policy_test_names_the_missing_fields_and_rejects_a_bad_list(tmp_path):
    from policyengine.tooling.testfile import load_test_file
    path = tmp_path / "t.yaml"
    path.write_text("""tests:
  - name: t
    case: {id: X, sentences: [{id: s1, type: custody, date: 2008-01-07}]}
    as_of: 2008-03-01
    edition: "2007"
    expect:
      - {obligation: 2a.4/custody, status: missing_data, missing: ["sentences[0].length_months"]}
      - obligation: 2b.3/custody
        missing: sentences[0].length_months
""", encoding="utf-8")
    [test] = load_test_file(path)
    first = test.editions[0].expect[0]
    assert first.fields == {"status": "missing_data", "missing": "sentences[0].length_months"}
    assert test.problems == ["tests[0].expect[1].missing: expected a list of case-file fields, "
                             "got 'sentences[0].length_months'"]
