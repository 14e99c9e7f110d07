"""The 2011 edition's timescales from the HMI Probation Case Assessment Guide (October 2013) that
policies/2011.nsr now times: contact in community orders at least monthly (D.2.2.8), the sentence
plan reviewed at least annually (C.2.1.19), the risk management plan within 15 working days in
high and very high risk of serious harm cases (B.4.1.11), and the prison's notice to the offender
manager within two days of a return to custody after recall (cited under D.2.2.19).

The cases are in hmi_2011_cases.py (the backend comparisons use them too).  Every expected date
was counted by hand, beside it: the occurrence is day 0; working days are Monday to Friday less
England & Wales bank holidays; months are calendar months (a date the month lacks is its last
day); "two days" are calendar days.

Bank holidays in range: 2012 Fri 6 Apr (Good Friday), Mon 9 Apr (Easter Monday), Mon 7 May,
Mon 4 Jun (spring, moved), Tue 5 Jun (Diamond Jubilee), Mon 27 Aug (summer), Tue 25 Dec, Wed 26 Dec;
2013 Tue 1 Jan, Fri 29 Mar (Good Friday), Mon 1 Apr (Easter Monday).
"""
from __future__ import annotations

import datetime as dt

import hmi_2011_cases as cases
from support import not_applicable, result, results, run

D = dt.date


def _run(case: dict, as_of: dt.date):
    return run("2011", case, as_of)


def months(ev, obligation: str = "2011d.2.2.8/community_monthly") -> list[tuple]:
    """The windows of a schedule: (first day, last day, counted, status)."""
    return [(r.window["start"], r.window["end"], r.window["count"], r.status)
            for r in sorted(results(ev, obligation), key=lambda r: r.window["index"])]


# ---------------------------------------------------------------- D.2.2.8: at least monthly


def test_2011d_2_2_8_monthly_windows_from_the_31st_over_the_leap_day():
    ev = _run(cases.monthly_leap(), D(2012, 6, 15))
    # Sentenced Tue 31 Jan 2012.  31 Jan + 1 month = Wed 29 Feb (2012 is a leap year), + 2 = Sat
    # 31 Mar, + 3 = Mon 30 Apr (April has 30 days), + 4 = Thu 31 May, + 5 = Sat 30 Jun.
    #   31 Jan - 28 Feb: c1 Tue 28 Feb, the month's last day        met
    #   29 Feb - 30 Mar: c2 Fri 30 Mar, a key worker (anyone counts)  met
    #   31 Mar - 29 Apr: c3 is Mon 30 Apr, a day too late             missed
    #   30 Apr - 30 May: c3                                           met
    #   31 May - 29 Jun: nothing yet on Fri 15 Jun                    pending
    assert months(ev) == [
        (D(2012, 1, 31), D(2012, 2, 28), 1, "met"), (D(2012, 2, 29), D(2012, 3, 30), 1, "met"),
        (D(2012, 3, 31), D(2012, 4, 29), 0, "missed"), (D(2012, 4, 30), D(2012, 5, 30), 1, "met"),
        (D(2012, 5, 31), D(2012, 6, 29), 0, "pending")]
    # Working days left on Fri 15 Jun to Fri 29 Jun: Mon 18 - Fri 22 (5), Mon 25 - Fri 29 (10).
    pending = results(ev, "2011d.2.2.8/community_monthly")[-1]
    assert pending.working_days_remaining == 10
    assert pending.deadline == "at least 1 a month"


def test_2011d_2_2_8_monthly_windows_from_the_31st_and_the_month_cut_short():
    ev = _run(cases.monthly_2013(), D(2013, 8, 1))
    # Sentenced Thu 31 Jan 2013; the order's last day is Sat 20 Jul 2013.  31 Jan + 1 month =
    # Thu 28 Feb (February 2013 has 28 days), + 2 = Sun 31 Mar, + 3 = Tue 30 Apr, + 4 = Fri 31 May,
    # + 5 = Sun 30 Jun, + 6 = Wed 31 Jul.  The sixth month, 30 Jun - 30 Jul, is cut short by the
    # end of the order and is not required.
    assert months(ev) == [
        (D(2013, 1, 31), D(2013, 2, 27), 1, "met"),      # c1 Wed 27 Feb
        (D(2013, 2, 28), D(2013, 3, 30), 1, "met"),      # c2 Thu 28 Feb, the next month's first day
        (D(2013, 3, 31), D(2013, 4, 29), 0, "missed"),
        (D(2013, 4, 30), D(2013, 5, 30), 1, "met"),      # c3 Tue 30 Apr
        (D(2013, 5, 31), D(2013, 6, 29), 1, "met")]      # c4 Mon 24 Jun


def test_2011d_2_2_8_monthly_windows_move_by_the_days_in_custody_and_hospital():
    ev = _run(cases.monthly_paused(), D(2012, 11, 5))
    # Sentenced Tue 15 May 2012; custody Fri 1 - Sun 10 Jun (10 days), hospital Mon 1 - Fri 5 Oct
    # (5 days).  Each month keeps its unpaused length and resumes where it stopped:
    #   month 1, unpaused 15 May - 14 Jun (31 days): 15-31 May (17 days), then Mon 11 - Sun 24 Jun
    #   (14 days); c1 Thu 24 May and c2 Fri 22 Jun count here (unpaused, c2 would be in month 2)
    #   month 2, unpaused 15 Jun - 14 Jul (30 days): Mon 25 Jun - Tue 24 Jul; c3 Tue 24 Jul
    #   month 3, unpaused 15 Jul - 14 Aug (31 days): Wed 25 Jul - Fri 24 Aug; nothing
    #   month 4, unpaused 15 Aug - 14 Sep (31 days): Sat 25 Aug - Mon 24 Sep; nothing
    #   month 5, unpaused 15 Sep - 14 Oct (30 days): Tue 25 Sep - Sun 30 Sep (6 days), hospital,
    #   then Sat 6 - Mon 29 Oct (24 days); c4 Mon 29 Oct
    #   month 6, unpaused 15 Oct - 14 Nov (31 days): Tue 30 Oct - Thu 29 Nov; open on Mon 5 Nov
    assert months(ev) == [
        (D(2012, 5, 15), D(2012, 6, 24), 2, "met"), (D(2012, 6, 25), D(2012, 7, 24), 1, "met"),
        (D(2012, 7, 25), D(2012, 8, 24), 0, "missed"), (D(2012, 8, 25), D(2012, 9, 24), 0, "missed"),
        (D(2012, 9, 25), D(2012, 10, 29), 1, "met"), (D(2012, 10, 30), D(2012, 11, 29), 0, "pending")]


def test_2011d_2_2_8_monthly_windows_stop_for_certified_sickness_and_go_with_weekly_contact():
    ev = _run(cases.monthly_high_rosh_sso(), D(2012, 6, 1))
    # A high RoSH SSO from Wed 29 Feb 2012 is owed weekly contact and monthly contact.  Certified
    # sickness Mon 2 - Sun 15 Apr (14 days) stops both clocks.  Month 1 is 29 Feb - 28 Mar (29 Feb
    # + 1 month = Thu 29 Mar); month 2, unpaused 29 Mar - 28 Apr (31 days): 29 Mar - 1 Apr (4 days),
    # then Mon 16 Apr - Sat 12 May (27 days): c3 Wed 9 May meets it.  Month 3, unpaused 29 Apr -
    # 28 May (30 days): Sun 13 May - Mon 11 Jun, open on Fri 1 Jun.
    assert months(ev) == [(D(2012, 2, 29), D(2012, 3, 28), 2, "met"), (D(2012, 3, 29), D(2012, 5, 12), 1, "met"),
                          (D(2012, 5, 13), D(2012, 6, 11), 0, "pending")]
    assert results(ev, "2011d.2.2.8/high_rosh_weekly")


def test_2011d_2_2_8_monthly_contact_is_not_timed_on_licence():
    ev = _run(cases.returned("K-LATE"), D(2012, 8, 1))
    assert "2011d.2.2.8/community_monthly" in not_applicable(ev)
    assert results(ev, "2011d.2.2.8/high_rosh_weekly")   # weekly for high RoSH on licence still applies


def test_2011d_2_2_8_monthly_schedule_in_words(capsys):
    """The check table, `why`, the timeline and `diff` say "at least 1 a month"."""
    from policyengine.cli import main
    import json
    import tempfile
    from pathlib import Path
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "case.json"
        path.write_text(json.dumps(cases.monthly_leap()))
        assert main(["check", str(path), "--edition", "2011", "--as-of", "2012-06-15"]) == 0
        table = capsys.readouterr().out
        assert "community_monthly" in table and "at least 1 a" in table and "month" in table
        assert main(["why", str(path), "2011d.2.2.8/community_monthly", "--edition", "2011",
                     "--as-of", "2012-06-15"]) == 0
        why = " ".join(capsys.readouterr().out.split())
        assert ("needed between Tuesday 31 January 2012 and Tuesday 28 February 2012 (at least 1 a month); "
                "1 counted event recorded (c1)") in why
        assert main(["timeline", str(path), "--edition", "2011", "--as-of", "2012-06-15", "--format", "svg"]) == 0
        assert "2011d.2.2.8/community_monthly window 5: Thu 31 May 2012 to Fri 29 Jun 2012; 0 of 1 done " \
               "(at least 1 a month); pending" in capsys.readouterr().out
    assert main(["diff", "2007", "2011", "--topic", "contact_frequency"]) in (0, 1)
    assert "at least 1 a month" in capsys.readouterr().out


# ---------------------------------------------------------------- C.2.1.19: reviewed at least annually


def test_2011c_2_1_19_review_due_a_year_after_the_leap_day_is_met_late_the_day_after():
    ev = _run(cases.review_leap(), cases.AS_OF)
    first = result(ev, "2011c.2.1.19/annual", "sp1")
    # Plan Wed 29 Feb 2012 + 12 months = Thu 28 Feb 2013 (February 2013 has no 29th).
    assert first.due == D(2013, 2, 28)
    # The review sp2 on Fri 1 Mar 2013 is 1 working day late.
    assert (first.status, first.satisfied_by.id, first.working_days_late) == ("met_late", "sp2", 1)
    # The review starts the next 12 months: Fri 1 Mar 2013 + 12 months = Sat 1 Mar 2014; nothing
    # by Tue 4 Mar 2014: Mon 3 (1), Tue 4 (2) working days late.
    second = result(ev, "2011c.2.1.19/annual", "sp2")
    assert (second.due, second.status, second.working_days_late) == (D(2014, 3, 1), "overdue", 2)


def test_2011c_2_1_19_review_on_28_february_is_on_time():
    ev = _run(cases.review_on_time(), D(2013, 3, 1))
    first = result(ev, "2011c.2.1.19/annual", "sp1")
    assert (first.due, first.status, first.satisfied_by.id) == (D(2013, 2, 28), "met_on_time", "sp2")
    # sp2 (Thu 28 Feb 2013) is due for review by Fri 28 Feb 2014.
    assert result(ev, "2011c.2.1.19/annual", "sp2").due == D(2014, 2, 28)


def test_2011c_2_1_19_plan_never_reviewed_is_overdue():
    """Doing nothing never scores better than reviewing late: with no review at all the plan of
    Wed 29 Feb 2012 is overdue from Thu 28 Feb 2013."""
    case = cases.review_leap()
    case["events"] = case["events"][:1]
    r = result(_run(case, D(2013, 4, 2)), "2011c.2.1.19/annual", "sp1")
    # Working days after Thu 28 Feb 2013 up to Tue 2 Apr 2013: Fri 1 Mar (1), 4-8 Mar (6),
    # 11-15 (11), 18-22 (16), 25-28 Mar (20), [Fri 29 Mar Good Friday, Mon 1 Apr Easter Monday],
    # Tue 2 Apr (21).
    assert (r.due, r.status, r.working_days_late) == (D(2013, 2, 28), "overdue", 21)


def test_2011c_2_1_19_no_review_owed_when_the_order_ends_first():
    # A 12-month order from Mon 13 Feb 2012 ends after Tue 12 Feb 2013, before the review of the
    # plan of Wed 29 Feb 2012 would fall due (Thu 28 Feb 2013).
    r = result(_run(cases.review_order_ends(), D(2013, 3, 15)), "2011c.2.1.19/annual", "sp1")
    assert (r.status, r.exception) == ("not_applicable", "2011c.2.1.19")


def test_2011c_2_1_19_no_review_owed_when_the_licence_ends_first():
    # Plan Thu 5 Jul 2012 (review due Fri 5 Jul 2013); the licence ends Tue 1 Jan 2013.
    r = result(_run(cases.review_licence_ends(), D(2013, 7, 15)), "2011c.2.1.19/annual", "sp1")
    assert (r.due, r.status, r.exception) == (D(2013, 7, 5), "not_applicable", "2011c.2.1.19")


# ---------------------------------------------------------------- B.4.1.11: risk management plan

# Sentenced Thu 20 Dec 2012: Fri 21 Dec (1), Mon 24 (2), [Tue 25 Christmas Day, Wed 26 Boxing
# Day], Thu 27 (3), Fri 28 (4), Mon 31 (5), [Tue 1 Jan New Year's Day], Wed 2 Jan (6), Thu 3 (7),
# Fri 4 (8), Mon 7 (9), Tue 8 (10), Wed 9 (11), Thu 10 (12), Fri 11 (13), Mon 14 (14), Tue 15 Jan
# 2013 (15).
RMP_DUE = D(2013, 1, 15)


def test_2011b_4_1_11_plan_on_the_15th_working_day_is_on_time():
    r = result(_run(cases.rmp_community("R-ONTIME", "2013-01-15"), D(2013, 2, 1)), "2011b.4.1.11/community")
    assert (r.due, r.status, r.satisfied_by.id) == (RMP_DUE, "met_on_time", "rmp1")


def test_2011b_4_1_11_plan_on_the_16th_working_day_is_late():
    r = result(_run(cases.rmp_community("R-LATE", "2013-01-16"), D(2013, 2, 1)), "2011b.4.1.11/community")
    assert (r.due, r.status, r.working_days_late) == (RMP_DUE, "met_late", 1)


def test_2011b_4_1_11_no_plan_is_overdue():
    r = result(_run(cases.rmp_community("R-NONE", None), D(2013, 1, 25)), "2011b.4.1.11/community")
    # Working days after Tue 15 Jan up to Fri 25 Jan 2013: 16, 17, 18 (3), 21-25 (8).
    assert (r.due, r.status, r.working_days_late) == (RMP_DUE, "overdue", 8)


def test_2011b_4_1_11_medium_rosh_is_a_judgement_and_low_rosh_owes_nothing():
    medium = _run(cases.rmp_community("R-MEDIUM", None, rosh="medium"), D(2013, 2, 1))
    assert result(medium, "2011b.4.1.11/medium").status == "needs_judgement"
    assert "2011b.4.1.11/community" in not_applicable(medium)
    low = _run(cases.rmp_community("R-LOW", None, rosh="low"), D(2013, 2, 1))
    assert {"2011b.4.1.11/community", "2011b.4.1.11/medium"} <= set(not_applicable(low))


def test_2011b_4_1_11_licence_met_by_a_plan_in_the_8_weeks_before_release():
    r = result(_run(cases.rmp_licence("R-LICENCE", "2012-10-15"), D(2012, 12, 3)), "2011b.4.1.11/licence")
    # Released Mon 5 Nov 2012: Tue 6 - Fri 9 (4), 12-16 (9), 19-23 (14), Mon 26 Nov (15); no bank
    # holiday.  The plan of Mon 15 Oct is 3 weeks before the release.
    assert (r.due, r.status, r.satisfied_by.id) == (D(2012, 11, 26), "met_on_time", "rmp1")


def test_2011b_4_1_11_licence_plan_more_than_8_weeks_before_release_does_not_count():
    # Mon 3 Sep 2012 is 9 weeks before the release of Mon 5 Nov; on Mon 3 Dec the plan is overdue:
    # Tue 27 - Fri 30 Nov (4), Mon 3 Dec (5).
    r = result(_run(cases.rmp_licence("R-EARLY", "2012-09-03"), D(2012, 12, 3)), "2011b.4.1.11/licence")
    assert (r.status, r.satisfied_by, r.working_days_late) == ("overdue", None, 5)


# ---------------------------------------------------------------- D.2.2.19: return to custody

# Recalled Wed 4 Jul 2012, received into prison Fri 6 Jul (day 0): two calendar days, Sat 7 (1),
# Sun 8 Jul (2).
RETURN_DUE = D(2012, 7, 8)


def test_2011d_2_2_19_notice_on_the_next_day_is_on_time():
    r = result(_run(cases.returned("K-ONTIME", (cases.notice("n1", "2012-07-07"),)), D(2012, 7, 20)),
               "2011d.2.2.19/notified")
    assert (r.trigger.id, r.due, r.status, r.satisfied_by.id) == ("pr1", RETURN_DUE, "met_on_time", "n1")


def test_2011d_2_2_19_notice_on_the_monday_is_late():
    r = result(_run(cases.returned("K-LATE", (cases.notice("n1", "2012-07-09"),)), D(2012, 7, 20)),
               "2011d.2.2.19/notified")
    # Working days after Sun 8 Jul up to Mon 9 Jul: 1.
    assert (r.due, r.status, r.working_days_late) == (RETURN_DUE, "met_late", 1)


def test_2011d_2_2_19_notice_of_another_reception_does_not_count():
    r = result(_run(cases.returned("K-OTHER", (cases.notice("n1", "2012-07-07", "pr0"),)), D(2012, 7, 11)),
               "2011d.2.2.19/notified")
    # Working days after Sun 8 Jul up to Wed 11 Jul: 9, 10, 11 (3).
    assert (r.status, r.working_days_late) == ("overdue", 3)


def test_2011d_2_2_19_only_the_first_reception_after_the_recall_starts_the_clock():
    case = cases.returned("K-TWICE", (cases.notice("n1", "2012-07-07"),))
    case["events"].append({"id": "pr2", "kind": "prison_reception", "date": "2012-09-03"})
    assert [r.trigger.id for r in results(_run(case, D(2012, 9, 20)), "2011d.2.2.19/notified")] == ["pr1"]


def test_2011d_2_2_19_recall_with_no_reception_is_not_timed():
    assert "2011d.2.2.19/notified" in not_applicable(_run(cases.recalled_not_returned(), D(2012, 8, 1)))
