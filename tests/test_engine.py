"""The engine as a whole: editions side by side, the as-of date, the bundled examples."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policyengine.cases.load import load_case, load_case_data
from policyengine.compiler.compile import compile_text, load_edition
from policyengine.evaluate import evaluate
from policyengine.explain.narrative import not_applicable as reasons_not_applicable

ROOT = Path(__file__).resolve().parent.parent
POLICY_2007 = (ROOT / "policies" / "2007.nsr").read_text(encoding="utf-8")

# A variant edition: 2c.6 with 3 and 7 working days instead of 2 and 5.
VARIANT = POLICY_2007.replace('edition "2007"', 'edition "variant"').replace(
    "due within 2 working days if recorded_tier_at(trigger_date, 4)\n"
    "    due within 5 working days if not has_psr(trigger_sentence)\n    due within 5 working days otherwise",
    "due within 3 working days if recorded_tier_at(trigger_date, 4)\n"
    "    due within 7 working days if not has_psr(trigger_sentence)\n    due within 7 working days otherwise")

TIER4_CO = {
    "id": "T4",
    "sentences": [{"id": "s1", "type": "community_order", "date": "2007-12-21", "length_months": 12,
                   "psr": "standard_delivery", "requirements": [{"kind": "supervision"}]}],
    "assessments": [{"date": "2007-12-14", "tier": 4, "rosh": "medium"}],
    "events": [{"id": "c1", "kind": "contact", "date": "2007-12-28", "mode": "face_to_face",
                "with": "offender_manager"}],
}


def _first_meeting(program, case, as_of):
    (result,) = evaluate(program, case, as_of).find("2c.6/first_meeting")
    return result


def test_two_editions_side_by_side_do_not_interfere():
    assert VARIANT.replace('edition "variant"', 'edition "2007"') != POLICY_2007   # 2c.6's deadlines were replaced
    original = load_edition("2007")
    variant = compile_text(VARIANT, "variant.nsr")
    case = load_case_data(TIER4_CO, "t4")
    as_of = dt.date(2008, 1, 31)
    # Interleave evaluations: each must see only its own rules.
    first = _first_meeting(original, case, as_of)
    second = _first_meeting(variant, case, as_of)
    third = _first_meeting(original, case, as_of)
    # 2007: Fri 21 Dec = day 0; Mon 24 = 1; Tue 25, Wed 26 bank holidays; Thu 27 = 2.
    assert (first.due, first.status, first.working_days_late) == (dt.date(2007, 12, 27), "met_late", 1)
    # Variant: ... Thu 27 = 2; Fri 28 = 3.
    assert (second.due, second.status) == (dt.date(2007, 12, 28), "met_on_time")
    assert (third.due, third.status) == (first.due, first.status)
    assert original.edition.name == "2007" and variant.edition.name == "variant"


def test_case_is_judged_as_it_stood_on_the_as_of_date():
    case = load_case_data(TIER4_CO, "t4")
    # On Thu 27 Dec the contact of Fri 28 Dec has not happened: due today, 0 working days left.
    before = _first_meeting(load_edition("2007"), case, dt.date(2007, 12, 27))
    assert (before.status, before.satisfied_by, before.working_days_remaining) == ("pending", None, 0)
    # Mon 31 Dec: the contact (Fri 28) was 1 working day late.
    after = _first_meeting(load_edition("2007"), case, dt.date(2007, 12, 31))
    assert (after.status, after.satisfied_by.id, after.working_days_late) == ("met_late", "c1", 1)


def test_a_sentence_after_the_as_of_date_owes_nothing_yet():
    case = load_case_data(TIER4_CO, "t4")
    evaluation = evaluate(load_edition("2007"), case, dt.date(2007, 12, 1))
    assert evaluation.results == []


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "examples").glob("*.yaml") if p.name != "invalid.yaml"))
def test_every_example_evaluates(name):
    case = load_case(ROOT / "examples" / name)
    evaluation = evaluate(load_edition("2007"), case, dt.date(2018, 1, 1))
    assert evaluation.results, f"{name} owes nothing"
    assert all(r.status != "not_applicable" or r.exception for r in evaluation.results)
    assert all(n.reason and n.condition for n in reasons_not_applicable(evaluation))


PLAN_CASE = {
    "id": "J1",
    "sentences": [{"id": "s1", "type": "community_order", "date": "2008-03-03", "length_months": 12,
                   "requirements": [{"kind": "supervision"}]}],
    "assessments": [{"date": "2008-03-03", "tier": 2}],
    "events": [{"id": "sp1", "kind": "sentence_plan", "date": "2008-03-14", "type": "initial"}],
}


def _as_designed(case_data, as_of=dt.date(2008, 6, 2)):
    (result,) = evaluate(load_edition("2007"), load_case_data(case_data, "j"), as_of).find("2c.1/as_designed")
    return result


def test_judgement_standard_needs_a_recorded_judgement():
    assert _as_designed(PLAN_CASE).status == "needs_judgement"


@pytest.mark.parametrize("met, status", [(True, "judged_met"), (False, "judged_not_met")])
def test_recorded_judgement_decides_the_status(met, status):
    data = {**PLAN_CASE, "judgements": [{"standard": "2c.1", "date": "2008-05-30", "met": met,
                                         "by": "SPO A Khan", "reason": "plan reviewed against delivery"}]}
    assert _as_designed(data).status == status


def test_judgement_recorded_after_the_as_of_date_is_not_yet_known():
    data = {**PLAN_CASE, "judgements": [{"standard": "2c.1", "date": "2008-07-01", "met": True,
                                         "by": "SPO A Khan", "reason": "later"}]}
    assert _as_designed(data).status == "needs_judgement"


def test_urgent_enforcement_is_due_the_same_day():
    data = {**PLAN_CASE, "events": [
        {"id": "f1", "kind": "failure_to_comply", "date": "2008-04-10", "indicates": "public_at_greater_risk"},
        {"id": "e1", "kind": "enforcement_initiated", "date": "2008-04-11", "failure": "f1"}]}
    evaluation = evaluate(load_edition("2007"), load_case_data(data, "u"), dt.date(2008, 5, 1))
    (urgent,) = evaluation.find("2f.3")
    # Thu 10 Apr 2008 = day 0 and the deadline; enforcement on Fri 11 Apr is 1 working day late.
    assert (urgent.due, urgent.status, urgent.working_days_late) == (dt.date(2008, 4, 10), "met_late", 1)
    (warning,) = evaluation.find("2f.8/warning")
    assert (warning.status, warning.exception) == ("not_applicable", "2f.3")


DEADLINE_FORMS = '''
edition "deadline forms" { title "Every way to write a deadline" publisher "tests" in force from 2007-01-01 }
standard "T.1" {
  title "Deadline forms"
  quote "A test standard: each obligation is met by any contact."
  obligation same_or_next { after sentence due same or next working day met by contact }
  obligation same_day { after sentence due same day met by contact }
  obligation calendar_days { after sentence due within 10 days met by contact }
  obligation weeks { after sentence due within 2 weeks met by contact }
  obligation one_month { after sentence due within 1 month met by contact }
  obligation working_days { after sentence due within 3 working days met by contact }
}
'''


def _deadlines(sentence_date: str, contact_date: str):
    program = compile_text(DEADLINE_FORMS, "deadline-forms.nsr")
    case = load_case_data({
        "id": "D", "sentences": [{"id": "s1", "type": "community_order", "date": sentence_date}],
        "events": [{"id": "c1", "kind": "contact", "date": contact_date, "mode": "telephone", "with": "other"}],
    }, "d")
    evaluation = evaluate(program, case, dt.date(2008, 6, 30))
    return {r.obligation.split("/")[1]: r for r in evaluation.results}


def test_every_deadline_form_across_easter_2008():
    # Sentence Sat 22 Mar 2008 (day 0); Sun 23; Mon 24 Easter Monday; contact Tue 25 Mar.
    found = _deadlines("2008-03-22", "2008-03-25")
    due = {name: r.due for name, r in found.items()}
    assert due == {
        "same_or_next": dt.date(2008, 3, 25),   # Sat, Sun, Easter Monday are not working days
        "same_day": dt.date(2008, 3, 22),
        "calendar_days": dt.date(2008, 4, 1),   # 22 Mar + 10 days
        "weeks": dt.date(2008, 4, 5),           # 22 Mar + 14 days
        "one_month": dt.date(2008, 4, 22),
        "working_days": dt.date(2008, 3, 27),   # Tue 25 (1), Wed 26 (2), Thu 27 (3)
    }
    assert found["same_or_next"].status == "met_on_time"
    # Met on Tue 25 against Sat 22: working days after Sat 22 up to Tue 25 = Tue 25 only.
    assert (found["same_day"].status, found["same_day"].working_days_late) == ("met_late", 1)


def test_a_month_from_the_last_day_of_january_ends_on_the_last_day_of_february():
    found = _deadlines("2008-01-31", "2008-02-29")
    assert (found["one_month"].due, found["one_month"].status) == (dt.date(2008, 2, 29), "met_on_time")


def test_why_names_the_custody_period_that_stopped_the_schedule():
    from policyengine.explain.derivation import explain
    from policyengine.output.report import trees_text

    case = load_case(ROOT / "examples" / "custody-period.yaml")
    evaluation = evaluate(load_edition("2007"), case, dt.date(2008, 12, 1))
    graph, roots = explain(evaluation, "2c.16/tier2")
    text = trees_text(graph, roots)
    # periods[0] of the example: custody from Mon 14 Jul to Mon 4 Aug 2008.
    assert "clock stopped for custody 14 Jul 2008 to 04 Aug 2008" in text
    assert text.count('"For a supervision requirement') == 1  # the quote is shown once


def test_edition_auto_judges_each_obligation_under_the_edition_in_force_on_its_trigger_date():
    from policyengine.evaluate import evaluate_auto

    later = compile_text(VARIANT.replace("in force from 2007-08-03 to 2011-04-04", "in force from 2009-01-01"),
                         "later.nsr")
    original = compile_text(POLICY_2007.replace("to 2011-04-04", "to 2008-12-31"), "earlier.nsr")
    case = load_case_data({
        "id": "A",
        "sentences": [
            {"id": "s1", "type": "community_order", "date": "2008-12-19", "requirements": [{"kind": "supervision"}]},
            {"id": "s2", "type": "community_order", "date": "2009-01-09", "requirements": [{"kind": "supervision"}]},
        ],
        "assessments": [{"date": "2008-12-01", "tier": 2}],
    }, "a")
    evaluation = evaluate_auto([original, later], case, dt.date(2009, 3, 2))
    meetings = {r.trigger.id: r for r in evaluation.find("2c.6/first_meeting")}
    # s1, Fri 19 Dec 2008, under 2007 (5 working days): Mon 22 (1), Tue 23 (2), Wed 24 (3),
    # Thu 25 Christmas, Fri 26 Boxing Day, Mon 29 (4), Tue 30 Dec (5).
    assert (meetings["s1"].edition, meetings["s1"].due) == ("2007", dt.date(2008, 12, 30))
    # s2, Fri 9 Jan 2009, under the later edition (7 working days): 12-16 Jan (1-5), Mon 19 (6), Tue 20 (7).
    assert (meetings["s2"].edition, meetings["s2"].due) == ("variant", dt.date(2009, 1, 20))
    assert set(evaluation.parts) == {"2007", "variant"}


def test_cli_edition_auto_names_the_edition_of_every_row(capsys):
    import json

    from policyengine.cli import main

    assert main(["check", str(ROOT / "examples" / "tier4-community-order.yaml"), "--edition", "auto",
                 "--as-of", "2008-01-15", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["edition"] == "auto"
    first_meeting = next(o for o in data["obligations"] if o["obligation"] == "2c.6/first_meeting")
    assert (first_meeting["edition"], first_meeting["due"]) == ("2007", "2007-12-27")
    assert main(["check", str(ROOT / "examples" / "tier4-community-order.yaml"), "--edition", "auto",
                 "--as-of", "2008-01-15"]) == 0
    table = capsys.readouterr().out
    assert "under the edition in force on each trigger date" in table
    assert "\nEdition  Std" in table
