"""MAPPA (policies/library/mappa.nsr, schedule15.nsr): categories 1-3, the Schedule 15 offences,
levels 1-3 with the indicative minimum, and the deadlines: referral 6 months before release
(custody), within 10 days of the assessment (community), 2007 2b.7 and 2e.9.

Dates are hand-computed; bank holidays in range are named where a count crosses one.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
from pathlib import Path

import pytest

from policyengine.cases.load import CaseError, load_case_data
from policyengine.compiler.compile import compile_text, load_edition
from policyengine.explain.derived import mappa_summary
from policyengine.output.report import subject_text
from policyengine.evaluate import evaluate

D = dt.date
ROOT = Path(__file__).resolve().parent.parent
OAPA = "Offences against the Person Act 1861"


@functools.cache
def shared_only():
    return compile_text('edition "mappa-only" { title "the shared rules alone" }\nimport "mappa"\n', "mappa-only.nsr")


@functools.cache
def edition(name: str):
    return load_edition(name)


def run(case: dict, as_of: dt.date, program=None):
    return evaluate(program or shared_only(), load_case_data(case, source=f"test:{case['id']}"), as_of)


def custody(*, months=36, date="2008-01-07", release="2009-07-06", offences=(), orders=(), assessments=(),
            events=()) -> dict:
    """Custody passed Monday 7 January 2008, release date Monday 6 July 2009."""
    return {"id": "MAPPA-CUSTODY",
            "sentences": [{"id": "s1", "type": "custody", "date": date, "length_months": months,
                           "release_date": release}],
            "offences": list(offences), "orders": list(orders), "assessments": list(assessments),
            "events": list(events)}


def community(*, offences=(), orders=(), assessments=(), events=(), months=12) -> dict:
    """A community order with supervision passed Monday 2 June 2008."""
    return {"id": "MAPPA-COMMUNITY",
            "sentences": [{"id": "s1", "type": "community_order", "date": "2008-06-02", "length_months": months,
                           "requirements": [{"kind": "supervision"}]}],
            "offences": list(offences), "orders": list(orders), "assessments": list(assessments),
            "events": list(events)}


def mappa(case: dict, day: dt.date):
    return mappa_summary(run(case, day).kb, day)


def results(ev, obligation: str):
    return [r for r in ev.results if r.obligation == obligation]


# ---------------------------------------------------------------- Schedule 15 as facts
SCHEDULE_15 = ROOT / "tests" / "data" / "schedule15.csv"   # from the Case Assessment Guide, Appendix 1


def _schedule_15() -> list[dict[str, str]]:
    """The Schedule's paragraphs as the source prints them (scripts/check_seeds.py keeps the file true to it)."""
    lines = [line for line in SCHEDULE_15.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines))


def test_every_schedule_15_paragraph_of_appendix_1_is_a_fact_or_a_rule():
    paragraphs = [row["paragraph"] for row in _schedule_15()]
    # Part 1: 1-65 without 59 (64), 59A-D, 60A-C, 63A-F (13); Part 2: 66-153 (88).
    assert len(paragraphs) == 64 + 13 + 88 == len(set(paragraphs))
    program = shared_only()
    facts = {r.head.args[0].value for r in program.rules if r.head.pred == "specified_offence"}
    rules = {r.head.args[1].value for r in program.rules if r.head.pred == "specified_offence_match"
             and hasattr(r.head.args[1], "value")}
    assert set(paragraphs) - facts - rules == set()
    assert {"64", "153"} <= rules and "s.327(3)(a)" in facts


def test_each_schedule_15_fact_names_the_statute_and_section_the_schedule_gives():
    """Where the Schedule names an Act and a section, the rule file's fact for that paragraph has the
    same Act and section ("51 or 52" is two facts), so a case file's offence spelt as the Schedule
    spells it matches."""
    program = shared_only()
    held: dict[str, set[tuple[str, str]]] = {}
    for rule in program.rules:
        if rule.head.pred == "specified_offence":
            number, _, statute, section = (a.value for a in rule.head.args[:4])
            held.setdefault(number, set()).add((statute, section))
    checked = 0
    for row in _schedule_15():
        if not row["statute"]:
            continue
        for section in row["section"].split(" or "):
            assert (row["statute"], section) in held[row["paragraph"]], row
            checked += 1
    assert checked >= 160


def matches(offence: dict) -> set[str]:
    ev = run(custody(offences=[{"id": "o1", **offence}]), D(2008, 2, 1))
    return {p for _, p, _ in ev.kb.query("specified_offence_match", "o1", None, None)}


@pytest.mark.parametrize("offence, paragraphs", [
    ({"statute": OAPA, "section": "18"}, {"6"}),
    ({"statute": OAPA, "section": "20(1)"}, {"7"}),                    # a subsection matches its section
    ({"statute": "common law", "section": "manslaughter"}, {"1"}),
    ({"statute": "common law", "section": "murder"}, {"s.327(3)(a)"}),
    ({"statute": "common law", "section": "murder", "form": "attempt"}, {"s.327(3)(a)", "65", "64"}),
    ({"statute": "Firearms Act 1968", "section": "17(2)"}, {"29"}),
    ({"statute": "Theft Act 1968", "section": "9", "detail": "intent_gbh"}, {"32"}),
    ({"statute": "Theft Act 1968", "section": "9", "detail": "intent_rape"}, {"97"}),
    ({"statute": "Theft Act 1968", "section": "9"}, set()),            # plain burglary is not specified
    ({"statute": "Theft Act 1968", "section": "1"}, set()),            # theft is not specified
    ({"statute": "Criminal Damage Act 1971", "section": "1(2)"}, {"36"}),
    ({"statute": "Criminal Damage Act 1971", "section": "1(2)", "detail": "arson"}, {"35", "36"}),
    ({"statute": "Sexual Offences Act 2003", "section": "3", "form": "incitement"}, {"104", "153"}),
    ({"statute": "Terrorism Act 2006", "section": "5"}, {"63B"}),
    ({"statute": "Channel Tunnel (Security) Order 1994", "section": "Part II"}, {"56"}),
])
def test_schedule_15_matching(offence, paragraphs):
    assert matches(offence) == paragraphs


# ---------------------------------------------------------------- categories
GBH = {"id": "o1", "statute": OAPA, "section": "18", "sentence": "s1"}


def test_category_1_registered_sex_offender_while_registered():
    case = custody(orders=[{"id": "r1", "kind": "sex_offender_registration", "start": "2008-01-07",
                            "end": "2018-01-06"}])
    summary = mappa(case, D(2008, 2, 1))
    assert (summary.category_indicated, summary.category_criteria) == (1, [(1, "registered_sex_offender")])
    assert mappa(case, D(2018, 1, 7)).category_indicated is None   # the registration's last day was 6 Jan 2018


def test_category_1_takes_precedence_over_category_2():
    case = custody(offences=[{"statute": "Sexual Offences Act 2003", "section": "1", "sentence": "s1"}],
                   orders=[{"id": "r1", "kind": "sex_offender_registration", "start": "2008-01-07"}])
    summary = mappa(case, D(2008, 2, 1))
    assert summary.category_indicated == 1
    assert {c for c, _ in summary.category_criteria} == {1, 2}


def test_category_2_specified_offence_and_12_months_custody():
    summary = mappa(custody(offences=[GBH], months=12), D(2008, 2, 1))
    assert (summary.category_indicated, summary.category_criteria) == (2, [(2, "custody_12_months_or_more")])


def test_category_2_not_with_11_months_custody():
    assert mappa(custody(offences=[GBH], months=11, release="2008-06-06"), D(2008, 2, 1)).category_indicated is None


def test_category_2_not_for_an_offence_outside_schedule_15():
    theft = {"statute": "Theft Act 1968", "section": "1", "sentence": "s1"}
    assert mappa(custody(offences=[theft]), D(2008, 2, 1)).category_indicated is None


def test_category_2_not_for_a_caution():
    cautioned = {**GBH, "outcome": "cautioned"}
    assert mappa(custody(offences=[cautioned]), D(2008, 2, 1)).category_indicated is None


def test_category_2_hospital_order_variants():
    for kind, criterion in (("hospital_order", "hospital_order"), ("hospital_order_with_restriction", "hospital_order")):
        case = community(offences=[GBH], orders=[{"id": "h1", "kind": kind, "start": "2008-06-02"}])
        assert (2, criterion) in mappa(case, D(2008, 7, 1)).category_criteria
    transfer = custody(offences=[GBH], orders=[{"id": "h1", "kind": "hospital_transfer", "start": "2008-03-03"}])
    assert (2, "custody_12_months_and_hospital_transfer") in mappa(transfer, D(2008, 3, 3)).category_criteria
    assert (2, "custody_12_months_and_hospital_transfer") not in mappa(transfer, D(2008, 3, 2)).category_criteria
    # A hospital order without a specified offence is not category 2.
    no_offence = community(orders=[{"id": "h1", "kind": "hospital_order", "start": "2008-06-02"}])
    assert mappa(no_offence, D(2008, 7, 1)).category_indicated is None


def test_category_2_disqualification_order_alone():
    case = community(orders=[{"id": "d1", "kind": "disqualification_order", "start": "2008-06-02"}])
    assert mappa(case, D(2008, 7, 1)).category_criteria == [(2, "disqualification_order")]
    assert mappa(case, D(2008, 6, 1)).category_indicated is None


def test_category_3_is_a_judgement():
    theft = {"statute": "Theft Act 1968", "section": "1", "sentence": "s1"}
    judged = community(offences=[theft], assessments=[{"date": "2008-06-02", "mappa_category": 3}])
    assert mappa(judged, D(2008, 7, 1)).category_criteria == [(3, "judged_other_dangerous_offender")]
    assert mappa(judged, D(2008, 7, 1)).category_indicated == 3
    not_judged = community(offences=[theft])
    assert mappa(not_judged, D(2008, 7, 1)).category_indicated is None


def test_recorded_category_without_criteria_still_places_the_case_under_mappa():
    summary = mappa(community(assessments=[{"date": "2008-06-02", "mappa_category": 2}]), D(2008, 7, 1))
    assert (summary.category_recorded, summary.category_indicated, summary.under_mappa) == (2, None, True)


# ---------------------------------------------------------------- levels
def test_level_2_indicated_by_high_rosh():
    case = community(assessments=[{"date": "2008-06-02", "mappa_category": 2, "mappa_level": 1, "rosh": "high"}])
    summary = mappa(case, D(2008, 7, 1))
    assert (summary.level_recorded, summary.level_indicated, summary.level_below_indicated) == (1, 2, True)
    assert (2, "high_or_very_high_rosh") in summary.level_criteria


def test_level_1_with_medium_rosh():
    case = community(assessments=[{"date": "2008-06-02", "mappa_category": 2, "mappa_level": 1, "rosh": "medium"}])
    summary = mappa(case, D(2008, 7, 1))
    assert (summary.level_indicated, summary.level_below_indicated, summary.level_criteria) == (1, False, [])


def test_level_2_indicated_after_level_3():
    case = community(assessments=[{"date": "2008-06-02", "mappa_category": 2, "mappa_level": 3},
                                  {"date": "2008-06-20", "mappa_level": 1}])
    during = mappa(case, D(2008, 6, 19))
    after = mappa(case, D(2008, 7, 1))
    assert (2, "previously_level_3") not in during.level_criteria
    assert (3, "judged_senior_representation") in during.level_criteria
    assert (2, "previously_level_3") in after.level_criteria
    assert (after.level_indicated, after.level_below_indicated) == (2, True)


def test_judged_level_2_criteria_stand_for_a_recorded_level():
    case = community(assessments=[{"date": "2008-06-02", "mappa_category": 2, "mappa_level": 2, "rosh": "medium"}])
    summary = mappa(case, D(2008, 7, 1))
    assert summary.level_criteria == [(2, "judged_multi_agency_management")]
    assert summary.level_indicated == 1    # the minimum: the judgement may go higher


def test_no_level_criteria_outside_mappa():
    summary = mappa(community(assessments=[{"date": "2008-06-02", "rosh": "high"}]), D(2008, 7, 1))
    assert (summary.under_mappa, summary.level_indicated, summary.level_criteria) == (False, None, [])


# ---------------------------------------------------------------- referral: custody (B.4.1.20)
def test_custody_referral_due_6_months_before_release():
    # Release Mon 6 Jul 2009 - 6 months = Tue 6 Jan 2009; referral Mon 15 Dec 2008: on time.
    case = custody(offences=[GBH], assessments=[{"date": "2008-01-07", "rosh": "high"}],
                   events=[{"id": "m1", "kind": "mappa_referral", "date": "2008-12-15", "level": 2}])
    [r] = results(run(case, D(2009, 1, 31)), "B.4.1.20/custody_referral")
    assert (r.status, r.due, r.satisfied_by.id) == ("met_on_time", D(2009, 1, 6), "m1")


def test_custody_referral_late():
    # Due Tue 6 Jan 2009; referral Tue 20 Jan: Wed 7 - Fri 9 (3), Mon 12 - Fri 16 (5), Mon 19, Tue 20 (2)
    # = 10 working days late (no bank holiday in range).
    case = custody(offences=[GBH], assessments=[{"date": "2008-01-07", "rosh": "high"}],
                   events=[{"id": "m1", "kind": "mappa_referral", "date": "2009-01-20"}])
    [r] = results(run(case, D(2009, 1, 31)), "B.4.1.20/custody_referral")
    assert (r.status, r.working_days_late) == ("met_late", 10)


def test_custody_referral_overdue_over_new_year():
    # Release Fri 3 Jul 2009 - 6 months = Sat 3 Jan 2009: due that day; as of Mon 12 Jan: Mon 5 - Fri 9
    # (5), Mon 12 (1) = 6 working days late.
    case = custody(release="2009-07-03", offences=[GBH], assessments=[{"date": "2008-01-07", "mappa_level": 2,
                                                                        "mappa_category": 2}])
    [r] = results(run(case, D(2009, 1, 12)), "B.4.1.20/custody_referral")
    assert (r.status, r.due, r.working_days_late) == ("overdue", D(2009, 1, 3), 6)


def test_no_custody_referral_at_level_1():
    case = custody(offences=[GBH], assessments=[{"date": "2008-01-07", "rosh": "medium", "mappa_level": 1}])
    assert results(run(case, D(2009, 1, 31)), "B.4.1.20/custody_referral") == []


def test_no_custody_referral_outside_mappa():
    case = custody(assessments=[{"date": "2008-01-07", "rosh": "high"}])
    assert results(run(case, D(2009, 1, 31)), "B.4.1.20/custody_referral") == []


def test_no_custody_referral_with_less_than_6_months_to_serve():
    case = custody(months=12, release="2008-07-04", offences=[GBH], assessments=[{"date": "2008-01-07", "rosh": "high"}])
    assert results(run(case, D(2008, 7, 31)), "B.4.1.20/custody_referral") == []


# ---------------------------------------------------------------- referral: community (B.4.1.20)
def test_community_referral_within_10_days_of_the_assessment():
    # Category 2 at sentence, RoSH raised to high on Fri 1 Aug 2008: due 10 calendar days later,
    # Mon 11 Aug 2008 (the August bank holiday, Mon 25 Aug, is outside the range).
    case = community(assessments=[{"date": "2008-06-02", "mappa_category": 2, "mappa_level": 1, "rosh": "medium"},
                                  {"date": "2008-08-01", "rosh": "high"}],
                     events=[{"id": "m1", "kind": "mappa_referral", "date": "2008-08-11"}])
    [r] = results(run(case, D(2008, 9, 1)), "B.4.1.20/community_referral")
    assert (r.trigger.date, r.due, r.status) == (D(2008, 8, 1), D(2008, 8, 11), "met_on_time")


def test_community_referral_late_and_overdue():
    case = community(assessments=[{"date": "2008-06-02", "mappa_category": 2, "rosh": "medium"},
                                  {"date": "2008-08-01", "rosh": "high"}])
    late = dict(case, events=[{"id": "m1", "kind": "mappa_referral", "date": "2008-08-12"}])
    [r] = results(run(late, D(2008, 9, 1)), "B.4.1.20/community_referral")
    assert (r.status, r.working_days_late) == ("met_late", 1)      # Tue 12 Aug, the day after Mon 11
    # Overdue as of Fri 29 Aug 2008: Tue 12 - Fri 15 (4), Mon 18 - Fri 22 (5), Tue 26 - Fri 29 (4);
    # Mon 25 Aug 2008 (Summer bank holiday) does not count: 13 working days late.
    [r] = results(run(case, D(2008, 8, 29)), "B.4.1.20/community_referral")
    assert (r.status, r.due, r.working_days_late) == ("overdue", D(2008, 8, 11), 13)


def test_community_referral_from_the_start_when_level_2_at_sentence():
    # Category 2 recorded before sentence, RoSH very high: Mon 2 Jun 2008 + 10 days = Thu 12 Jun 2008.
    case = community(assessments=[{"date": "2008-05-27", "mappa_category": 2, "rosh": "very_high"}])
    [r] = results(run(case, D(2008, 6, 30)), "B.4.1.20/community_referral")
    assert (r.trigger.date, r.due, r.status) == (D(2008, 6, 2), D(2008, 6, 12), "overdue")


def test_community_referral_only_for_the_first_assessment():
    case = community(assessments=[{"date": "2008-06-02", "mappa_category": 2, "mappa_level": 2},
                                  {"date": "2008-08-01", "rosh": "high"}])
    found = results(run(case, D(2008, 9, 1)), "B.4.1.20/community_referral")
    assert [r.trigger.date for r in found] == [D(2008, 6, 2)]


def test_no_community_referral_at_level_1():
    case = community(assessments=[{"date": "2008-06-02", "mappa_category": 2, "mappa_level": 1, "rosh": "medium"}])
    assert results(run(case, D(2008, 9, 1)), "B.4.1.20/community_referral") == []


def test_no_community_referral_outside_mappa():
    # A specified offence with a community order is not category 2 (12 months' custody is needed).
    case = community(offences=[GBH], assessments=[{"date": "2008-06-02", "rosh": "high"}])
    assert results(run(case, D(2008, 9, 1)), "B.4.1.20/community_referral") == []


def test_licence_referral_made_in_custody_counts():
    # Released on licence Mon 6 Jul 2009 at level 2: the referral of Mon 15 Dec 2008 already made.
    case = custody(offences=[GBH], assessments=[{"date": "2008-01-07", "rosh": "high"}],
                   events=[{"id": "m1", "kind": "mappa_referral", "date": "2008-12-15"},
                           {"id": "rel1", "kind": "release", "date": "2009-07-06", "on": "licence"}])
    [r] = results(run(case, D(2009, 8, 3)), "B.4.1.20/community_referral")
    assert (r.trigger.id, r.due, r.status, r.satisfied_by.id) == ("rel1", D(2009, 7, 16), "met_on_time", "m1")


# ---------------------------------------------------------------- 2007 2b.7 with indicated categories
def test_2b7_applies_to_a_case_the_criteria_place_under_mappa():
    # No category recorded; GBH with 36 months in custody is category 2.  Release Mon 6 Jul 2009:
    # level due Tue 6 Jan 2009; level 1 recorded Mon 15 Dec 2008.
    case = custody(offences=[GBH], assessments=[{"date": "2008-12-15", "mappa_level": 1}])
    [r] = results(run(case, D(2009, 1, 31), edition("2007")), "2b.7/before_release")
    assert (r.status, r.due) == ("met_on_time", D(2009, 1, 6))


def test_2b7_does_not_apply_without_category_or_criteria():
    case = custody(offences=[{"statute": "Theft Act 1968", "section": "1", "sentence": "s1"}])
    assert results(run(case, D(2009, 1, 31), edition("2007")), "2b.7/before_release") == []


# ---------------------------------------------------------------- 2007 2e.9: the MAPPA Coordinator
def _ending(events=(), assessments=({"date": "2008-01-14", "mappa_category": 2},)) -> dict:
    """A 12-month order passed Monday 14 January 2008: last day Tuesday 13 January 2009."""
    return {"id": "MAPPA-END", "sentences": [{"id": "s1", "type": "community_order", "date": "2008-01-14",
                                              "length_months": 12, "requirements": [{"kind": "supervision"}]}],
            "assessments": list(assessments), "events": list(events)}


def test_2e9_coordinator_notified_by_the_working_day_after_the_last_day():
    # Last day Tue 13 Jan 2009 (day 0): due Wed 14 Jan.  Notified Mon 12 Jan: on time.
    ev = run(_ending([{"id": "n1", "kind": "mappa_coordinator_notified", "date": "2009-01-12"}]), D(2009, 2, 2),
             edition("2007"))
    [r] = results(ev, "2e.9/mappa_coordinator")
    assert (r.trigger.date, r.due, r.status) == (D(2009, 1, 13), D(2009, 1, 14), "met_on_time")


def test_2e9_coordinator_notified_late_or_overdue():
    late = run(_ending([{"id": "n1", "kind": "mappa_coordinator_notified", "date": "2009-01-16"}]), D(2009, 2, 2),
               edition("2007"))
    [r] = results(late, "2e.9/mappa_coordinator")
    assert (r.status, r.working_days_late) == ("met_late", 2)       # Thu 15, Fri 16
    overdue = run(_ending(), D(2009, 1, 19), edition("2007"))
    [r] = results(overdue, "2e.9/mappa_coordinator")
    assert (r.status, r.working_days_late) == ("overdue", 3)        # Thu 15, Fri 16, Mon 19


def test_2e9_a_notification_before_the_evaluation_window_does_not_count():
    # The window opens 8 weeks before the last day: Tue 18 Nov 2008.  A notice on Mon 17 Nov is too early.
    early = run(_ending([{"id": "n1", "kind": "mappa_coordinator_notified", "date": "2008-11-17"}]), D(2009, 2, 2),
                edition("2007"))
    assert results(early, "2e.9/mappa_coordinator")[0].status == "overdue"
    ontime = run(_ending([{"id": "n1", "kind": "mappa_coordinator_notified", "date": "2008-11-18"}]), D(2009, 2, 2),
                 edition("2007"))
    assert results(ontime, "2e.9/mappa_coordinator")[0].status == "met_on_time"


def test_2e9_reported_from_the_opening_of_the_window_and_only_under_mappa():
    assert results(run(_ending(), D(2008, 11, 17), edition("2007")), "2e.9/mappa_coordinator") == []
    assert results(run(_ending(), D(2008, 11, 18), edition("2007")), "2e.9/mappa_coordinator")[0].status == "pending"
    assert results(run(_ending(assessments=()), D(2009, 2, 2), edition("2007")), "2e.9/mappa_coordinator") == []


# ---------------------------------------------------------------- case files and explanations
def test_case_file_problems_are_named_by_path():
    bad = community(offences=[{"statute": OAPA, "section": "18", "sentence": "s9"}],
                    orders=[{"id": "r1", "kind": "sex_offender_registration", "start": "2008-06-02",
                             "end": "2008-06-01"}])
    bad["interventions"] = [{"id": "i1", "kind": "did", "start": "2008-06-02", "intensity": "low"}]
    with pytest.raises(CaseError) as error:
        load_case_data(bad, "bad")
    text = str(error.value)
    assert "offences[0].sentence: refers to 's9', but there is no sentence with that id" in text
    assert "orders[0].end: 2008-06-01 is before the start 2008-06-02" in text
    assert "interventions[0].intensity: only applies to drr interventions" in text


def test_why_mappa_shows_criteria_that_held_and_did_not():
    case = custody(offences=[GBH], assessments=[{"date": "2008-01-07", "rosh": "high"}])
    text = subject_text(run(case, D(2008, 2, 1)), "mappa")
    assert text.startswith("MAPPA on 01 Feb 2008: category recorded none, indicated 2 (custody_12_months_or_more)")
    assert "mappa_criterion_on(Fri 2008-02-01, 2, custody_12_months_or_more)\n" in text
    assert "mappa_criterion_on(Fri 2008-02-01, 1, registered_sex_offender) does not hold" in text
    assert "specified_offence(6, violent, Offences against the Person Act 1861, 18, any" in text
    assert "mappa_level_criterion_on(Fri 2008-02-01, 2, high_or_very_high_rosh)\n" in text


def test_the_example_case_shows_derived_tier_and_mappa(capsys):
    from policyengine.cli import main
    example = ROOT / "examples" / "mappa-tiering.yaml"
    assert main(["check", str(example), "--as-of", "2009-01-30"]) == 0
    out = capsys.readouterr().out
    assert "Tier on 30 Jan 2009: no tier allocated; indicative 4" in out
    assert "MAPPA on 30 Jan 2009: category recorded none, indicated 2 (custody_12_months_or_more)" in out
    assert main(["why", str(example), "mappa", "--as-of", "2009-01-30"]) == 0
    assert "custody_12_months_or_more" in capsys.readouterr().out


def test_why_tier_from_the_command_line_as_text_and_json(capsys):
    import json
    from policyengine.cli import main
    example = str(ROOT / "examples" / "mappa-tiering.yaml")
    assert main(["why", example, "tier", "--as-of", "2009-01-30"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Tier on 30 Jan 2009: no tier allocated; indicative 4")
    assert "tier_ticked(Fri 2009-01-30, rosh_high, 4)" in text and "grid rows not ticked" in text
    assert main(["why", example, "tier", "--as-of", "2009-01-30", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    labels = [n["label"] for n in data["nodes"]]
    assert len(data["roots"]) == 1 and "grid rows not ticked" in labels
