"""Victim contact in every edition: 2007 4.1-4.6 and 2e.1, 2011.19 and 2015.9.1 are owed for a
sentence that qualifies for the statutory victim contact scheme, which is now derived from the case
file (policies/library/victims.nsr): 12 months or more in custody for a Schedule 15 offence (or
murder) the sentence was passed for.  A practitioner's victim_contact_override, with a reason,
decides instead, in either direction.  Custody for such an offence with no length recorded is
missing data.

Dates are counted by hand (2007 Interpretation Note 9: the day of sentence is day 0, Monday to
Friday count, England & Wales bank holidays do not); the 2015 edition's 8 weeks are calendar weeks.
Bank holidays in range are named beside each count.
"""
from __future__ import annotations

import datetime as dt

import pytest

from policyengine.cases.load import CaseError, load_case_data
from policyengine.explain.narrative import Narrator, not_applicable as reasons_not_applicable
from support import not_applicable, result, run

D = dt.date

WOUNDING = {"statute": "Offences against the Person Act 1861", "section": "20"}          # Sch. 15 para 7
SEXUAL_ASSAULT = {"statute": "Sexual Offences Act 2003", "section": "3"}                 # Sch. 15 para 104
THEFT = {"statute": "Theft Act 1968", "section": "1"}                                    # not specified
CARELESS_DEATH = {"statute": "Road Traffic Act 1988", "section": "2B"}                   # not in Sch. 15
FIREARM_INTENT = {"statute": "Firearms Act 1968", "section": "16"}                       # Sch. 15 para 26
MURDER = {"statute": "common law", "section": "murder"}

VICTIM_DUTIES_2007 = ["4.1/information", "4.2/offer", "4.3/key_stages", "4.6/passed",
                      "2e.1/victim_contact_officer"]


def case(id: str, sentence: dict, offence: dict | None, events: list | None = None, **more) -> dict:
    """One sentence s1, and the offence it was passed for (if any)."""
    data: dict = {"id": id, "sentences": [{"id": "s1", **sentence}], "events": events or [], **more}
    if offence is not None:
        data["offences"] = [{"id": "o1", "sentence": "s1", **offence}]
    return data


def custody(date: str, months: int | None, **more) -> dict:
    sentence = {"type": "custody", "date": date, **more}
    if months is not None:
        sentence["length_months"] = months
    return sentence


def override(qualifies: bool, reason: str) -> dict:
    return {"victim_contact_override": {"qualifies": qualifies, "reason": reason}}


# ================================================================ derived: qualifies

def derived_2007():
    """18 months in custody for malicious wounding, passed Thu 11 Dec 2008; released on licence
    on Thu 10 Sep 2009."""
    return run("2007", case("V-DERIVED-2007", custody("2008-12-11", 18), WOUNDING, [
        {"id": "vo1", "kind": "victim_contact_offer", "date": "2009-02-10", "method": "letter"},
        {"id": "r1", "kind": "release", "date": "2009-09-10", "on": "licence"},
    ]), D(2009, 9, 30))


def test_4_2_derived_from_a_schedule_15_offence_and_18_months_in_custody():
    # Thu 11 Dec 2008 + 40 working days: Fri 12 (1), 15-19 Dec (2-6), Mon 22 (7), Tue 23 (8),
    # Wed 24 (9), [Thu 25 Christmas Day, Fri 26 Boxing Day], Mon 29 (10), Tue 30 (11), Wed 31 (12),
    # [Thu 1 Jan 2009 New Year's Day], Fri 2 Jan (13), 5-9 Jan (14-18), 12-16 (19-23), 19-23 (24-28),
    # 26-30 (29-33), 2-6 Feb (34-38), Mon 9 (39), Tue 10 Feb 2009 (40).  The letter that day is on time.
    offer = result(derived_2007(), "4.2/offer", "s1")
    assert (offer.due, offer.status, offer.satisfied_by.id) == (D(2009, 2, 10), "met_on_time", "vo1")


def test_4_1_4_3_4_6_and_2e1_are_owed_for_the_derived_qualifying_sentence():
    ev = derived_2007()
    for obligation in ("4.1/information", "4.3/key_stages", "4.6/passed", "2e.1/victim_contact_officer"):
        assert result(ev, obligation, "s1").status == "needs_judgement", obligation


def test_4_4_and_4_5_are_owed_at_the_release_of_the_derived_qualifying_sentence():
    ev = derived_2007()
    assert result(ev, "4.4/view", "r1").status == "needs_judgement"
    assert result(ev, "4.5/conditions", "r1").status == "needs_judgement"


def test_4_2_says_why_it_applies_in_plain_words():
    ev = derived_2007()
    answer = Narrator(ev).answer(result(ev, "4.2/offer", "s1")).text
    assert "because s1 qualifies for the statutory victim contact scheme" in answer


def test_2011_19_owed_for_exactly_12_months_in_custody_for_a_sexual_offence():
    # "12 months and over" (HMI guide question 11): 12 months exactly qualifies.
    ev = run("2011", case("V-2011-12M", custody("2011-10-03", 12), SEXUAL_ASSAULT), D(2011, 12, 1))
    assert result(ev, "2011.19/victims", "s1").status == "needs_judgement"


def test_2011_19_not_owed_for_11_months_in_custody():
    ev = run("2011", case("V-2011-11M", custody("2011-10-03", 11), SEXUAL_ASSAULT), D(2011, 12, 1))
    assert "2011.19/victims" in not_applicable(ev)


def test_2015_9_1_derived_offer_within_8_weeks():
    # Wed 14 Dec 2016 + 8 calendar weeks (56 days: 17 to Sat 31 Dec, 31 to Tue 31 Jan, 8 more) =
    # Wed 8 Feb 2017; Christmas 2016 (Mon 26, Tue 27 Dec) and New Year (Mon 2 Jan 2017) do not
    # move calendar weeks.  The offer on Thu 2 Feb is on time.
    ev = run("2015", case("V-2015-DERIVED", custody("2016-12-14", 18), WOUNDING, [
        {"id": "vo1", "kind": "victim_contact_offer", "date": "2017-02-02", "method": "other"},
    ]), D(2017, 3, 1))
    offer = result(ev, "2015.9.1/offer", "s1")
    assert (offer.due, offer.status, offer.satisfied_by.id) == (D(2017, 2, 8), "met_on_time", "vo1")


# ================================================================ derived: does not qualify

@pytest.mark.parametrize("sentence, offence, why", [
    (custody("2008-12-11", 11), WOUNDING, "under 12 months in custody"),
    (custody("2008-12-11", 24), THEFT, "not a specified violent or sexual offence"),
    ({"type": "suspended_sentence_order", "date": "2008-12-11", "length_months": 24}, WOUNDING,
     "a suspended sentence is treated as a community order (guide question 13a)"),
    (custody("2008-12-11", 24), {**WOUNDING, "outcome": "cautioned"}, "a caution is not a conviction"),
    (custody("2008-12-11", 24), None, "no offence recorded"),
])
def test_4_2_not_owed_when_the_sentence_does_not_qualify(sentence, offence, why):
    ev = run("2007", case("V-NOT", sentence, offence), D(2009, 3, 31))
    gone = not_applicable(ev)
    for obligation in VICTIM_DUTIES_2007:
        assert obligation in gone, (obligation, why)


def test_2015_9_1_not_owed_for_a_non_specified_offence_or_under_12_months():
    for sentence, offence in ((custody("2016-12-14", 24), THEFT), (custody("2016-12-14", 6), WOUNDING)):
        ev = run("2015", case("V-2015-NOT", sentence, offence), D(2017, 3, 1))
        assert "2015.9.1/offer" in not_applicable(ev)


def test_4_2_says_which_condition_failed_for_11_months():
    ev = run("2007", case("V-11M", custody("2008-12-11", 11), WOUNDING), D(2009, 3, 31))
    why = {na.obligation: na.reason for na in reasons_not_applicable(ev)}["4.2/offer"]
    assert why == ("It is owed only when s1 qualifies for the statutory victim contact scheme, and that does"
                   " not hold for this case (it fails at 11 >= 12).")


# ================================================================ length not recorded

def test_4_2_custody_for_a_specified_offence_without_a_length_cannot_be_timed():
    ev = run("2007", case("V-NO-LENGTH", custody("2008-12-11", None), WOUNDING), D(2009, 3, 31))
    for obligation in VICTIM_DUTIES_2007:
        found = result(ev, obligation, "s1")
        assert found.status == "missing_data", obligation
        assert [m.field for m in found.missing] == ["sentences[0].length_months"], obligation


def test_2011_19_and_2015_9_1_without_a_length_cannot_be_timed():
    ev = run("2011", case("V-NO-LENGTH-2011", custody("2012-05-01", None), WOUNDING), D(2012, 9, 1))
    assert result(ev, "2011.19/victims", "s1").status == "missing_data"
    ev = run("2015", case("V-NO-LENGTH-2015", custody("2017-01-03", None), MURDER), D(2017, 3, 1))
    found = result(ev, "2015.9.1/offer", "s1")
    assert (found.status, found.due) == ("missing_data", None)
    assert [m.field for m in found.missing] == ["sentences[0].length_months"]


# ================================================================ the override, both ways

def test_4_2_override_qualifies_for_an_offence_schedule_15_does_not_list():
    # Causing death by careless driving (Road Traffic Act 1988 s.2B) is one of the guide's own
    # examples (question 11) but not in Schedule 15.  30 months passed Mon 14 Jul 2008 + 40
    # working days: 15-18 Jul (1-4), 21-25 (5-9), 28 Jul-1 Aug (10-14), 4-8 Aug (15-19), 11-15
    # (20-24), 18-22 (25-29), [Mon 25 Aug summer bank holiday], Tue 26-Fri 29 (30-33), 1-5 Sep
    # (34-38), Mon 8 (39), Tue 9 Sep 2008 (40).  No offer by Wed 10 Sep: 1 working day late.
    reason = "causing death by careless driving: a violent offence (HMI guide question 11)"
    without = run("2007", case("V-CARELESS", custody("2008-07-14", 30), CARELESS_DEATH), D(2008, 9, 10))
    assert "4.2/offer" in not_applicable(without)
    ev = run("2007", case("V-CARELESS-OVERRIDE", custody("2008-07-14", 30, **override(True, reason)),
                          CARELESS_DEATH), D(2008, 9, 10))
    offer = result(ev, "4.2/offer", "s1")
    assert (offer.due, offer.status, offer.working_days_late) == (D(2008, 9, 9), "overdue", 1)


def test_4_2_override_excludes_a_derived_case_with_no_victim():
    reason = "possession of a firearm with intent: no identifiable victim"
    ev = run("2007", case("V-FIREARM", custody("2008-12-11", 60, **override(False, reason)), FIREARM_INTENT),
             D(2009, 3, 31))
    gone = not_applicable(ev)
    for obligation in VICTIM_DUTIES_2007:
        assert obligation in gone, obligation
    why = {na.obligation: na.reason for na in reasons_not_applicable(ev)}["4.2/offer"]
    assert why.endswith("(it fails because the case file records that s1 does not qualify for statutory"
                        f" victim contact: {reason}).")


def test_2015_9_1_override_qualifies_a_life_sentence_with_no_length_recorded():
    # Murder, life sentence passed Tue 3 Jan 2017 (no length recorded): qualifying on the
    # override, so timed.  + 8 weeks: 28 days to Tue 31 Jan, 28 more to Tue 28 Feb 2017.
    # As of Wed 1 Mar: 1 working day late.
    ev = run("2015", case("V-LIFE", custody("2017-01-03", None, **override(True, "life sentence for murder")),
                          MURDER), D(2017, 3, 1))
    offer = result(ev, "2015.9.1/offer", "s1")
    assert (offer.due, offer.status, offer.working_days_late) == (D(2017, 2, 28), "overdue", 1)


def test_2015_9_1_override_excludes_an_undecided_case():
    # Excluded with a reason: not missing data, not owed.
    ev = run("2015", case("V-EXCLUDED", custody("2017-01-03", None, **override(False, "no identifiable victim")),
                          WOUNDING), D(2017, 3, 1))
    assert "2015.9.1/offer" in not_applicable(ev)


# ================================================================ the case file

def test_the_old_hand_set_flag_is_refused_with_what_to_record_instead():
    data = case("V-OLD", {"type": "custody", "date": "2008-12-11", "length_months": 18,
                          "victim_contact_qualifying": True}, WOUNDING)
    with pytest.raises(CaseError) as caught:
        load_case_data(data, "old.yaml")
    message = str(caught.value)
    assert "sentences[0].victim_contact_qualifying" in message
    assert "victim_contact_override" in message
    assert len(message.splitlines()) == 1


def test_an_override_needs_a_reason():
    data = case("V-NO-REASON", custody("2008-12-11", 18, victim_contact_override={"qualifies": False}), WOUNDING)
    with pytest.raises(CaseError) as caught:
        load_case_data(data, "override.yaml")
    assert "sentences[0].victim_contact_override.reason: required field is missing" in str(caught.value)
