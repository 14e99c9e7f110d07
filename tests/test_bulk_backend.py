"""The bulk (DuckDB) backend against the pyDatalog reference: same results, case by case.

The reference costs about 0.5 s a case under the full 2007 edition on the 2-core machine, so a
test run compares the examples and a generated sample per edition with it, and 500 generated
cases per edition with the plain evaluator (itself compared with the reference in
test_plain_engine.py). The comparison of 2,000 generated cases with the reference under every
edition takes about 25 minutes: `pytest -m slow` (or `benchmarks/caseload.py --equivalence N`).
"""
from __future__ import annotations

import datetime as dt
import random
import sys
import tempfile
from pathlib import Path

import pytest

from policyengine.runtime import calendar
from policyengine.backends.bulk import BulkStore
from policyengine.caseload.generate import generate
from policyengine.cases.load import CaseError, load_case, load_case_data
from policyengine.compiler.compile import editions, load_edition
from policyengine.evaluate import evaluate
from policyengine.backends.results import EventRef
import contact_cases
import hmi_2011_cases
import missing_cases
import owed_cases
import tier_cases

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
SAMPLE = 12   # generated cases per edition compared with the reference in a test run
CASELOAD = 500   # generated cases per edition compared with the plain evaluator in a test run
MISSING_AS_OF = dt.date(2016, 9, 30)   # after every case in tests/missing_cases.py


def _normalised(results):
    """evaluate._recurring lists a window's events by date, and names the first as satisfying it;
    events on the same day come in whatever order the engine gave them (pyDatalog's differs from
    run to run), so compare the events as a set and the satisfying event by its date."""
    for result in results:
        if result.window and "events" in result.window:
            result.window = dict(result.window, events=sorted(result.window["events"]))
            if result.satisfied_by is not None:
                result.satisfied_by = EventRef("first counted", "", result.satisfied_by.date, "")
    return results


def _examples():
    cases = []
    for path in sorted(EXAMPLES.glob("*.yaml")):
        try:
            cases.append(load_case(path))
        except CaseError:
            continue  # examples/invalid.yaml is invalid on purpose
    return cases


def _assert_same(program, cases, as_of):
    store = BulkStore()
    store.add_cases(cases)
    bulk = store.results(program, as_of)
    for case in cases:
        expected = _normalised(evaluate(program, case, as_of, engine="pydatalog").results)
        assert _normalised(bulk[case.id]) == expected, case.id


@pytest.mark.parametrize("edition", editions())
def test_examples_match_the_reference(edition):
    _assert_same(load_edition(edition), _examples(), dt.date(2016, 6, 1))


@pytest.mark.parametrize("edition", editions())
def test_generated_sample_matches_the_reference(edition):
    cases = [load_case_data(data, data["id"]) for data in generate(SAMPLE, seed=7)]
    _assert_same(load_edition(edition), cases, dt.date(2010, 9, 1))


@pytest.fixture(scope="module")
def caseload_store():
    cases = [load_case_data(data, data["id"]) for data in generate(CASELOAD, seed=11)]
    store = BulkStore()
    store.add_cases(cases)
    return cases, store


@pytest.mark.parametrize("edition", editions())
def test_generated_caseload_matches_the_plain_evaluator(edition, caseload_store):
    cases, store = caseload_store
    program, as_of = load_edition(edition), dt.date(2010, 9, 1)
    bulk = store.results(program, as_of)
    differ = [case.id for case in cases
              if _normalised(bulk[case.id]) != _normalised(evaluate(program, case, as_of, engine="plain").results)]
    assert differ == []


@pytest.mark.slow
def test_2000_generated_cases_match_the_reference_under_every_edition():
    """The full comparison: the reference in one process per core, every result of every case."""
    sys.path.insert(0, str(BENCHMARKS))
    from caseload import equivalence
    assert equivalence(2000, seed=1) == 0


def test_one_store_evaluates_every_edition_in_turn():
    """A predicate may be a table under one edition and a view under the next: evaluating the
    editions one after another in one store gives what a fresh store gives for each."""
    cases = _examples()
    store = BulkStore()
    store.add_cases(cases)
    for edition in (*editions(), *editions()):
        program = load_edition(edition)
        in_turn = store.results(program, dt.date(2016, 6, 1))
        fresh = BulkStore()
        fresh.add_cases(cases)
        alone = fresh.results(program, dt.date(2016, 6, 1))
        assert {k: _normalised(v) for k, v in in_turn.items()} == {k: _normalised(v) for k, v in alone.items()}, edition


@pytest.mark.parametrize("edition", editions())
def test_missing_data_cases_match_the_reference(edition):
    """Cases lacking a release date, a length, a tier or a DRR band (tests/missing_cases.py): the
    same missing_data results, with the same fields named, as the reference."""
    cases = missing_cases.equivalence_cases()
    _assert_same(load_edition(edition), cases, MISSING_AS_OF)
    store = BulkStore()
    store.add_cases(cases)
    untimed = {r.obligation for found in store.results(load_edition(edition), MISSING_AS_OF).values()
               for r in found if r.status == "missing_data" and r.missing}
    assert "B.4.1.20/custody_referral" in untimed   # every edition loads the MAPPA library
    if edition != "2011":
        assert len(untimed) >= 3


def test_tier_cases_match_the_reference_2007():
    """No tier recorded while the grid indicates one (tests/tier_cases.py): 1.1 and 2c.6 count only
    the assigned tier, 2a.4, 2b.3 and 2c.16 the case's; the same results as the reference."""
    cases = tier_cases.equivalence_cases()
    _assert_same(load_edition("2007"), cases, tier_cases.AS_OF)
    store = BulkStore()
    store.add_cases(cases)
    found = store.results(load_edition("2007"), tier_cases.AS_OF)
    first = {case: next(r.deadline for r in results if r.obligation == "2c.6/first_meeting")
             for case, results in found.items()}
    plan = {case: next(r.deadline for r in results if r.obligation == "2b.3/community")
            for case, results in found.items()}
    assert first == {"TIER-NONE-HIGH-PSR": "5 working days", "TIER-NONE-HIGH-NO-PSR": "5 working days",
                     "TIER-NONE-UPW": "5 working days"}
    assert plan["TIER-NONE-HIGH-PSR"] == plan["TIER-NONE-HIGH-NO-PSR"] == "5 working days"   # indicative 4


@pytest.mark.parametrize("edition", editions())
def test_owed_action_cases_match_the_plain_evaluator(edition):
    """Actions never taken or taken late, the emergency recall decision and the 12-month boundary
    (tests/owed_cases.py): the same results as the plain evaluator (which test_plain_engine.py
    holds to the reference for the same cases at each group's own as-of date), under each group's
    edition, as of the latest of those dates (one query of the store: each costs seconds)."""
    program = load_edition(edition)
    groups = [(cases, as_of) for group_edition, cases, as_of in owed_cases.equivalence_groups()
              if group_edition == edition]
    cases = [case for found, _ in groups for case in found]
    as_of = max(as_of for _, as_of in groups)
    store = BulkStore()
    store.add_cases(cases)
    bulk = store.results(program, as_of)
    for case in cases:
        assert _normalised(bulk[case.id]) == _normalised(evaluate(program, case, as_of).results), case.id


def test_examples_mid_supervision_2007():
    """An as-of date inside the examples' supervision periods: later events are not yet known."""
    _assert_same(load_edition("2007"), _examples(), dt.date(2008, 4, 1))


@pytest.mark.parametrize("as_of", [dt.date(2012, 8, 27), hmi_2011_cases.AS_OF])
def test_hmi_2011_cases_match_the_reference(as_of):
    """Monthly windows (month ends, the leap day of 2012, custody, hospital and sickness pauses,
    which the SQL applies to the month offsets as to weeks), the annual review, the risk management
    plan and the return to custody under 2011 (tests/hmi_2011_cases.py)."""
    _assert_same(load_edition("2011"), hmi_2011_cases.equivalence_cases(), as_of)


# Schedules mixing weeks and months, for the SQL unrolling of month offsets: a run of months after
# weeks, a run of weeks after months, two month phases of one run and "throughout" after months.
MONTH_PHASES = """edition "months" { title "Month phases" publisher "tests" in force from 2011-04-05 }
rule seen(E, D) if event(E, contact, D).
standard "M.1" {
  title "Schedules in months"
  quote "test"
  recurring mixed {
    after sentence
    at least 1 every 1 week for 4 weeks
    at least 1 every 1 month for 2 months
    at least 2 every 14 days
    counting seen
    paused during custody, hospital, certified_sickness
    ends by supervision_end
  }
  recurring bimonthly {
    after sentence
    at least 2 every 1 month for 3 months
    at least 1 every 2 months for 5 months
    at least 1 throughout
    counting seen
    paused during custody
    ends by supervision_end
  }
  recurring months_then_weeks {
    after sentence
    at least 1 every 1 month for 3 months
    at least 1 every 1 week
    counting contact where mode = face_to_face
    paused during hospital
    ends by supervision_end
  }
}
"""


def test_month_phases_match_the_reference():
    from policyengine.compiler.compile import compile_text
    program = compile_text(MONTH_PHASES, "month-phases.nsr")
    cases = hmi_2011_cases.equivalence_cases()[:4]
    for as_of in (dt.date(2012, 4, 2), hmi_2011_cases.AS_OF):
        _assert_same(program, cases, as_of)
    seen = {(r.obligation, r.status) for case in cases for r in evaluate(program, case, hmi_2011_cases.AS_OF).results}
    assert seen == {(f"M.1/{name}", status) for name in ("mixed", "bimonthly", "months_then_weeks")
                    for status in ("met", "missed")}


def _scalar(store, sql, *args):
    return store.con.execute(sql, list(args)).fetchone()[0]


def test_working_day_macros_match_calendar():
    store = BulkStore()
    rng = random.Random(3)
    # Christmas 2007 (25, 26 Dec, 1 Jan bank holidays), Easter 2008 (21, 24 Mar), and days outside
    # the calendar table (1985, 2075) that fall back to the Python functions.
    days = [dt.date(2007, 12, 21), dt.date(2007, 12, 24), dt.date(2008, 3, 20), dt.date(2008, 3, 22),
            dt.date(1985, 6, 1), dt.date(2075, 1, 3), dt.date(9999, 12, 31)]
    days += [dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(8000)) for _ in range(40)]
    for day in days:
        # and counts past the table's either end, up to the largest a BIGINT holds
        for n in (-3, -1, 0, 1, 2, 5, 10, 40, 30_000, -30_000, 2**63 - 1, -(2**63) + 1):
            assert _scalar(store, "SELECT bulk_add_working_days(?::DATE, ?::BIGINT)", day, n) == \
                calendar.add_working_days(day, n), (day, n)
        assert _scalar(store, "SELECT bulk_same_or_next_working_day(?::DATE)", day) == \
            calendar.same_or_next_working_day(day)
        other = day + dt.timedelta(days=rng.randrange(-60, 60)) if day.year < 9999 else day
        assert _scalar(store, "SELECT bulk_working_days_between(?::DATE, ?::DATE)", day, other) == \
            calendar.working_days_between(day, other)
        for n in (1, -2, 6, 13):
            if day.year < 9999:
                assert _scalar(store, "SELECT bulk_add_months(?::DATE, ?::BIGINT)", day, n) == \
                    calendar.add_months(day, n)


def test_day_arithmetic_saturates_like_calendar_and_keeps_null():
    """bulk_add_days / bulk_add_weeks / bulk_day_after at both ends of Python's date range, where
    calendar.add_days saturates, and with a NULL argument, which must stay NULL (not a clamp)."""
    store = BulkStore()
    edges = [dt.date.min, dt.date(1, 1, 5), dt.date(2010, 3, 26), dt.date(9999, 12, 25), dt.date.max]
    for day in edges:
        for n in (-400, -10, -1, 0, 1, 6, 10, 400):
            assert _scalar(store, "SELECT bulk_add_days(?::DATE, ?::BIGINT)", day, n) == calendar.add_days(day, n)
            assert _scalar(store, "SELECT bulk_add_weeks(?::DATE, ?::BIGINT)", day, n) == calendar.add_weeks(day, n)
    assert _scalar(store, "SELECT bulk_day_after(DATE '9999-12-31')") == dt.date.max
    assert _scalar(store, "SELECT bulk_day_after(DATE '2010-12-31')") == dt.date(2011, 1, 1)
    for sql in ("bulk_add_days(NULL::DATE, 3)", "bulk_add_days(DATE '2010-01-01', NULL::BIGINT)",
                "bulk_add_weeks(NULL::DATE, 1)", "bulk_day_after(NULL::DATE)"):
        assert _scalar(store, f"SELECT {sql}") is None, sql


def test_shift_active_days_matches_calendar():
    """Pauses as the bulk backend merges them (overlapping, touching, ongoing) against calendar."""
    rng = random.Random(5)
    store = BulkStore()
    store.con.execute("CREATE OR REPLACE TEMP TABLE f_period (cid INTEGER, c0 VARCHAR, c1 VARCHAR, c2 DATE, c3 DATE)")
    for trial in range(30):
        base = dt.date(2009, 1, 1)
        pauses = []
        for index in range(rng.randint(1, 4)):
            start = base + dt.timedelta(days=rng.randrange(0, 200))
            until = dt.date.max if rng.random() < 0.15 else start + dt.timedelta(days=rng.randint(1, 40))
            pauses.append((start, until))
        store.con.execute("DELETE FROM f_period")
        for index, (start, until) in enumerate(pauses):
            store.con.execute("INSERT INTO f_period VALUES (1, ?, 'custody', ?, ?)", [f"p{index}", start, until])
        from policyengine.backends.bulk import _merged_pauses
        merged = store.con.execute(f"SELECT pauses FROM ({_merged_pauses(repr('custody'))})").fetchone()[0]
        for _ in range(10):
            start = base + dt.timedelta(days=rng.randrange(-20, 220))
            n = rng.randrange(0, 120)
            got = store.con.execute("SELECT bulk_shift_active_days(?::DATE, ?::BIGINT, ?)", [start, n, merged]).fetchone()[0]
            assert got == calendar.shift_active_days(start, n, pauses), (pauses, start, n)


def test_shift_active_days_in_one_batch():
    """Rows of different cases in one call of the vectorised function: a pause of 3 days (3, 4 and
    5 January 2009), one that never ends, none at all, and no pause list (a case with none)."""
    store = BulkStore()
    pause = "{'f': DATE '2009-01-03', 'len': 3, 'af': DATE '2009-01-03', 'ongoing': false}"
    ongoing = "{'f': DATE '2009-01-03', 'len': 2925423, 'af': DATE '2009-01-03', 'ongoing': true}"
    rows = store.con.execute(f"""
        SELECT i, bulk_shift_active_days(DATE '2009-01-01', n, L) FROM (VALUES
            (1, 5, [{pause}]), (2, 2, [{pause}]), (3, 1, [{pause}]), (4, 2, [{ongoing}]),
            (5, 1, [{ongoing}]), (6, 5, []), (7, 5, NULL), (8, -3, [{pause}])) AS t(i, n, L)
        ORDER BY i""").fetchall()
    assert [day for _, day in rows] == [
        dt.date(2009, 1, 9),    # active: 1, 2, 6, 7, 8 January; the 9th is the first day after five
        dt.date(2009, 1, 6),    # two active days reach the 3rd, which is paused: the clock restarts on the 6th
        dt.date(2009, 1, 2),
        dt.date.max,            # the clock never restarts
        dt.date(2009, 1, 2),    # before the pause
        dt.date(2009, 1, 6),
        dt.date(2009, 1, 6),
        dt.date(2009, 1, 1),    # a negative count is 0
    ]


def test_paused_windows_in_bulk_are_the_hand_worked_ones():
    """The rows of a case with custody take the materialised path (sql.SqlCompiler._shifted_once):
    a tier 2 order sentenced Mon 7 Jan 2008, in custody Wed 20 - Fri 29 Feb 2008 (10 days, in the
    second fortnight, which had run Mon 18 and Tue 19 Feb).  Worked by hand, as in
    test_standards_2007_part2.test_2c16_tier2_schedule_pauses_in_custody_and_resumes_where_it_stopped:
    the fortnight resumes Sat 1 Mar with 12 days to go and ends Wed 12 Mar; every later window is
    10 days later than without custody."""
    contact = lambda id, day: {"id": id, "kind": "contact", "date": day, "mode": "face_to_face",
                               "with": "offender_manager"}
    case = load_case_data({
        "id": "PAUSED",
        "sentences": [{"id": "s1", "type": "community_order", "date": "2008-01-07", "length_months": 12,
                       "requirements": [{"kind": "supervision"}]}],
        "assessments": [{"date": "2008-01-07", "source": "oasys", "tier": 2, "rosh": "low"}],
        "periods": [{"id": "p1", "kind": "custody", "start": "2008-02-20", "end": "2008-02-29"}],
        "events": [contact(f"c{i}", day) for i, day in enumerate(
            ["2008-01-10", "2008-01-17", "2008-01-24", "2008-02-07", "2008-03-11", "2008-03-26",
             "2008-04-10", "2008-05-06", "2008-05-29"])],
    }, "paused")
    store = BulkStore()
    store.add_cases([case])
    found = [r for r in store.results(load_edition("2007"), dt.date(2008, 7, 2))["PAUSED"]
             if r.obligation == "2c.16/tier2"]
    D = dt.date.fromisoformat
    assert sorted((r.window["start"], r.window["end"], r.status) for r in found) == [
        (D("2008-01-07"), D("2008-01-13"), "met"), (D("2008-01-14"), D("2008-01-20"), "met"),
        (D("2008-01-21"), D("2008-01-27"), "met"), (D("2008-01-28"), D("2008-02-03"), "missed"),
        (D("2008-02-04"), D("2008-02-17"), "met"), (D("2008-02-18"), D("2008-03-12"), "met"),
        (D("2008-03-13"), D("2008-03-26"), "met"), (D("2008-03-27"), D("2008-04-09"), "missed"),
        (D("2008-04-10"), D("2008-04-23"), "met"), (D("2008-04-24"), D("2008-05-07"), "met"),
        (D("2008-05-08"), D("2008-06-04"), "met"), (D("2008-06-05"), D("2008-07-02"), "pending"),
    ]


def test_paused_month_windows_in_bulk_are_the_hand_worked_ones():
    """Monthly windows over custody and hospital, in SQL: the months of the 2011 D.2.2.8 order
    sentenced Tue 15 May 2012 (custody Fri 1 - Sun 10 Jun, hospital Mon 1 - Fri 5 Oct), as counted
    by hand in test_standards_2011_timescales: each month keeps its unpaused length (31 days for
    15 May - 14 Jun) and resumes where it stopped, so every later month starts the paused days later."""
    store = BulkStore()
    store.add_cases([load_case_data(hmi_2011_cases.monthly_paused(), "paused months")])
    found = [r for r in store.results(load_edition("2011"), dt.date(2012, 11, 5))["M-PAUSED"]
             if r.obligation == "2011d.2.2.8/community_monthly"]
    D = dt.date.fromisoformat
    assert sorted((r.window["start"], r.window["end"], r.status) for r in found) == [
        (D("2012-05-15"), D("2012-06-24"), "met"), (D("2012-06-25"), D("2012-07-24"), "met"),
        (D("2012-07-25"), D("2012-08-24"), "missed"), (D("2012-08-25"), D("2012-09-24"), "missed"),
        (D("2012-09-25"), D("2012-10-29"), "met"), (D("2012-10-30"), D("2012-11-29"), "pending"),
    ]


def test_a_store_from_before_event_kinds_were_stored():
    """Stores imported before each event fact kept its event's kind: read-only, they are read with
    a join; opened for writing, they are upgraded.  Either way the results are the same."""
    cases = _examples()
    program = load_edition("2007")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "old.duckdb"
        store = BulkStore(path)
        store.add_cases(cases)
        expected = store.results(program, dt.date(2016, 6, 1))
        for pred in ("event_field", "event_sentence"):
            store.con.execute(f"ALTER TABLE raw_{pred} DROP COLUMN kind")
        store.close()
        old = BulkStore(path, read_only=True)
        assert not old._stored_kinds()
        assert old.results(program, dt.date(2016, 6, 1)) == expected
        old.close()
        upgraded = BulkStore(path)
        assert upgraded._stored_kinds()
        assert upgraded.results(program, dt.date(2016, 6, 1)) == expected
        upgraded.close()


def test_as_of_filter_mirrors_known_on_for_every_fact():
    """The bulk store narrows facts to the as-of date in SQL (bulk.KNOWN_FROM and event ids);
    this fails when evaluate.known_on learns a new fact kind the SQL does not mirror."""
    from policyengine.backends.bulk import KNOWN_FROM
    from policyengine.backends.bulk_schema import fact_columns
    from policyengine.cases.facts import Fact
    from policyengine.evaluate import known_on
    for pred, types in fact_columns().items():
        if pred in ("event", "event_field", "event_sentence", "event_time"):
            continue  # known with their event: covered by the examples mid-supervision
        args = tuple(dt.date(2010, 1, 1) + dt.timedelta(days=30 * i) for i in range(len(types)))
        for as_of in (dt.date(2009, 12, 31), dt.date(2010, 2, 15), dt.date(2012, 1, 1)):
            kept = bool(known_on([Fact(pred, args, "")], as_of))
            index = KNOWN_FROM.get(pred, 1 if pred.endswith("_during") else None)
            mirrored = index is None or args[index] <= as_of
            assert kept == mirrored, (pred, as_of)


def test_an_events_time_is_known_with_its_event():
    """As of the day before an event, neither the event nor its recorded time is known."""
    from policyengine.cases.facts import Fact
    from policyengine.evaluate import known_on
    facts = [Fact("event", ("w1", "warning", dt.date(2008, 2, 15)), ""), Fact("event_time", ("w1", "09:30"), ""),
             Fact("event", ("c1", "contact", dt.date(2008, 2, 1)), ""), Fact("event_time", ("c1", "10:00"), "")]
    assert [f.args for f in known_on(facts, dt.date(2008, 2, 14)) if f.predicate == "event_time"] == [("c1", "10:00")]
    assert len(known_on(facts, dt.date(2008, 2, 15))) == 4


@pytest.mark.parametrize("phases", [
    ((1, 7, 112), (1, 28, None)),            # weekly for 16 weeks, then every 4 weeks (2c.16)
    ((2, 7, 84), (1, 14, 56), (1, 28, None)),
    ((1, 7, 10),),                           # one window, and a part-week that holds none
    ((1, None, None),),                      # "throughout"
    ((1, 7, 28), (1, None, None)),
    ((1, 1, None, "months"),),               # monthly (2011 D.2.2.8)
    ((1, 1, 3, "months"), (1, 2, None, "months")),
    ((1, 7, 28), (1, 1, 2, "months"), (1, 14, None)),
    ((1, 2, 5, "months"), (1, None, None)),  # two windows of 2 months, then the rest
])
def test_window_limit_is_the_last_window_started(phases):
    """builtins.window_limit is the last window whose unpaused first day is on or before the as-of
    date (no window that has started is left out, none later is worked out), and the SQL form
    unrolled over the phases gives the same number.  Starts on the 5th, the 30th and the 31st of a
    month, over the leap day of 2012."""
    from policyengine.backends.sql import _window_limit
    from policyengine.runtime.builtins import PhaseSpec, Schedule, unpaused_window, window_limit
    schedule = Schedule("test", tuple(PhaseSpec(*p) for p in phases), frozenset())
    store = BulkStore()
    for start in (dt.date(2009, 1, 5), dt.date(2011, 12, 30), dt.date(2012, 1, 31)):
        days = list(range(0, 400, 3))
        in_sql = store.con.execute(f"SELECT d, {_window_limit(schedule, 's', 'a')} FROM (SELECT ?::DATE AS s, "
                                   "unnest(?::INTEGER[]) AS d) t, LATERAL (SELECT s + d AS a) ORDER BY d",
                                   [start, days]).fetchall()
        for day, sql_limit in in_sql:
            as_of = start + dt.timedelta(days=day)
            limit = window_limit(start, as_of, schedule)
            started = [k for k in range(200) if (w := unpaused_window(start, k, schedule)) is not None and w[0] <= as_of]
            assert limit == max(started, default=0) == sql_limit, (start, day)


@pytest.mark.parametrize("phases", [
    ((1, 7, 112), (1, 28, None)),
    ((1, 1, None, "months"),),
    ((1, 1, 3, "months"), (1, 2, None, "months")),
    ((1, 7, 28), (1, 1, 2, "months"), (1, 14, None)),
    ((1, 2, 5, "months"), (1, None, None)),
])
def test_window_bounds_in_sql_are_the_engine_ones(phases):
    """sql._window_case gives each window the first and last day builtins.unpaused_window gives it
    (the offsets the bulk backend shifts over pauses), month windows anchored on the run's first day."""
    from policyengine.backends.sql import _window_case, _window_open
    from policyengine.runtime.builtins import PhaseSpec, Schedule, unpaused_window, window_need
    schedule = Schedule("test", tuple(PhaseSpec(*p) for p in phases), frozenset())
    store = BulkStore()
    start_sql, last_sql = _window_case(schedule, "k", "start", "NULL", "s"), _window_case(schedule, "k", "last", "NULL", "s")
    need_sql, open_sql = _window_case(schedule, "k", "need", "0", "NULL"), _window_open(schedule, "k")
    for start in (dt.date(2011, 1, 31), dt.date(2011, 8, 29), dt.date(2012, 2, 29)):
        rows = store.con.execute(f"SELECT k, {start_sql}, {last_sql}, {need_sql}, {open_sql} FROM (SELECT ?::DATE AS s, "
                                 "unnest(range(0, 30)) AS k) ORDER BY k", [start]).fetchall()
        for k, *row in rows:
            window = unpaused_window(start, k, schedule)
            if window is None:
                assert row[0] is None and row[2] == 0, (start, k)
                continue
            first, after, need = window
            assert row[0] == (first - start).days and row[2] == need == window_need(k, schedule), (start, k)
            if after is None:
                assert row[3] is True, (start, k)
            else:
                assert row[1] == (after - start).days - 1 and row[3] is False, (start, k)


@pytest.mark.parametrize("edition", editions())
def test_first_contact_home_visit_and_arrival_cases_match_the_reference(edition):
    """Issue 18's cases (tests/contact_cases.py), stored and evaluated by the bulk backend."""
    _assert_same(load_edition(edition), contact_cases.equivalence_cases(), contact_cases.AS_OF_ALL)


def test_a_read_only_store_from_before_a_fact_table_existed(tmp_path):
    """A store imported before a fact table was added (`event_time`) is checked read-only as if
    that fact were recorded for no case: same results as a store that has the empty table."""
    cases = [load_case_data(data, data["id"]) for data in generate(20, seed=3)]
    path = tmp_path / "old.duckdb"
    store = BulkStore(path)
    store.add_cases(cases)
    program, as_of = load_edition("2007"), dt.date(2010, 9, 1)
    expected = store.results(program, as_of)
    assert store.con.execute("SELECT count(*) FROM raw_event_time").fetchone()[0] == 0
    store.con.execute("DROP TABLE raw_event_time")
    store.close()
    old = BulkStore(path, read_only=True)
    assert old.results(program, as_of) == expected


def _timed_warning_case() -> dict:
    """A failure to comply at 14:30 on Thu 24 Mar 2016, and its warning at 14:31 on Fri 25 Mar."""
    offender = {"name": "Test Person", "gender": "male", "date_of_birth": "1985-03-02"}
    return {"id": "TIMED-1", "offender": offender,
            "sentences": [{"id": "s1", "type": "community_order", "date": "2016-01-04", "length_months": 12,
                           "requirements": [{"kind": "supervision", "months": 12}]}],
            "events": [{"id": "f1", "kind": "failure_to_comply", "date": "2016-03-24", "time": "14:30",
                        "explained_in_advance": False},
                       {"id": "w1", "kind": "warning", "date": "2016-03-25", "time": "14:31", "failure": "f1",
                        "type": "first"}]}


@pytest.mark.parametrize("as_of", [dt.date(2016, 3, 24), dt.date(2016, 3, 25), dt.date(2016, 4, 8)])
def test_an_event_time_is_known_with_its_event(as_of):
    """As of Thu 24 Mar the warning of Fri 25 Mar is not yet recorded, and neither is its time:
    the store's known facts hold the failure's minute (870) alone; from 25 Mar, both.  Every
    edition's results agree with the plain evaluator on each day."""
    case = load_case_data(_timed_warning_case(), "test")
    store = BulkStore()
    store.add_cases([case])
    for edition in editions():
        program = load_edition(edition)
        bulk = store.results(program, as_of)[case.id]
        assert _normalised(bulk) == _normalised(evaluate(program, case, as_of, engine="plain").results), edition
    known = sorted(store.con.execute("SELECT c0_str, c1_int FROM f_event_time").fetchall())
    expected = [("f1", 870)] + ([("w1", 871)] if as_of >= dt.date(2016, 3, 25) else [])
    assert known == expected


def test_a_compiled_program_is_kept_while_its_sql_is_cached():
    """BulkStore.compiled caches SQL by the program's id: the program is kept with it, so a
    program built later cannot take a freed one's id and be given its SQL (the hand-written
    benchmark builds a program per obligation and got another obligation's tables)."""
    import dataclasses
    import gc
    import weakref
    store = BulkStore()
    program = dataclasses.replace(load_edition("2007"))
    ref = weakref.ref(program)
    store.compiled(program)
    del program
    gc.collect()
    assert ref() is not None
    other = dataclasses.replace(load_edition("2007"), rules=[])
    assert store.compiled(other) is not store.compiled(ref())


def test_known_event_sentences_in_turn_a_view_and_a_table():
    """The known events' sentences are a table for the as-of date only under a program that reads
    them often (bulk.KNOWN_ONCE), else a view: one store evaluating such programs in turn, with
    the whole edition between them, gives what a fresh store gives for each."""
    sys.path.insert(0, str(BENCHMARKS))
    from handwritten import obligation_program
    cases = _examples()
    store = BulkStore()
    store.add_cases(cases)
    programs = [obligation_program("2a.4/community"), load_edition("2007"), obligation_program("2c.6/first_meeting")]
    for program in (*programs, *programs):
        in_turn = store.results(program, dt.date(2016, 6, 1))
        fresh = BulkStore()
        fresh.add_cases(cases)
        alone = fresh.results(program, dt.date(2016, 6, 1))
        assert in_turn and {k: _normalised(v) for k, v in in_turn.items()} == {
            k: _normalised(v) for k, v in alone.items()}
