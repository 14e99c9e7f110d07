"""Report rows shaped in SQL (backends/bulk_report.py) against the object path they replace:
`caseload.report.worklist` and `compliance` over `BulkStore.results`, itself held to the
pyDatalog reference in test_bulk_backend.py."""
from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from policyengine.backends import bulk_report
from policyengine.backends.bulk import BulkStore, CaseMeta
from policyengine.caseload.generate import generate
from policyengine.caseload.report import compliance, compliance_by_manager, worklist
from policyengine.cases.load import load_case_data
from policyengine.compiler.compile import editions, load_edition
import missing_cases

TEAMS = ("North", "South", "")
MANAGERS = ("A. Jones", "B. Singh", "C. Okafor", None)


def _store(cases) -> tuple[BulkStore, dict[str, CaseMeta]]:
    meta = {case.id: CaseMeta(MANAGERS[i % 4], TEAMS[i % 3] or None) for i, case in enumerate(cases)}
    store = BulkStore()
    store.add_cases((case, meta[case.id]) for case in cases)
    return store, meta


def _object_path(store: BulkStore, meta, names, as_of):
    results = {case: [] for case in meta}
    titles = {}
    for name in names:
        program = load_edition(name)
        titles.update({(program.edition.name, s.id): s.title for s in program.standards.values()})
        for case, found in store.results(program, as_of).items():
            results[case].extend(found)
    return results, titles


def _sql_path(store: BulkStore, names, as_of) -> None:
    bulk_report.reset(store)
    for name in names:
        bulk_report.shape(store, load_edition(name), as_of)


def _compliance_rows(store: BulkStore) -> list[dict]:
    return [{"edition": r["edition"], "standard": r["standard"], "title": r["title"], "applicable": r["applicable"],
             **{group: r[group] for group in bulk_report.GROUP_NAMES}} for r in bulk_report.compliance_counts(store)]


def _assert_same_report(cases, names, as_of, within=5):
    store, meta = _store(cases)
    results, titles = _object_path(store, meta, names, as_of)
    _sql_path(store, names, as_of)
    expected = worklist(results, meta, within)
    assert list(bulk_report.worklist_items(store, within)) == expected
    assert _compliance_rows(store) == [{k: v for k, v in r.as_dict().items() if k != "on_time_rate"}
                                       for r in compliance(results, titles)]
    assert bulk_report.status_counts(store) == Counter(r.status for found in results.values() for r in found)
    by_manager = [{"team": r.team, "manager": r.manager, **{k: v for k, v in r.figures.as_dict().items()
                                                          if k != "on_time_rate"}}
                  for r in compliance_by_manager(results, meta, titles)]
    assert [{k: row[k] for k in by_manager[0]} for row in bulk_report.compliance_counts(store, ("team", "manager"))] \
        == by_manager
    return store, expected


@pytest.fixture(scope="module")
def generated():
    return [load_case_data(data, data["id"]) for data in generate(150, seed=11)]


def test_generated_caseload_every_edition_in_turn(generated):
    store, items = _assert_same_report(generated, editions(), dt.date(2010, 9, 1))
    statuses = Counter(item.status for item in items)
    assert statuses["overdue"] > 30 and statuses["pending"] > 5   # the comparison has rows to compare
    assert {item.edition for item in items} == set(editions())
    windows = [item for item in items if ": window " in item.explanation]
    assert windows and all("so far (after" in item.explanation for item in windows)


def test_the_cases_shaped_a_slice_at_a_time_give_the_same_report(generated, monkeypatch):
    """`SHAPED_CASES`: 150 cases in slices of 40 (the last a short one), counted and listed as at once."""
    monkeypatch.setattr(bulk_report, "SHAPED_CASES", 40)
    store, items = _assert_same_report(generated, ["2007"], dt.date(2010, 9, 1))
    assert store.con.execute(f"SELECT count(*) FROM {bulk_report.RESULTS} WHERE cid IS NULL").fetchone()[0] > 0
    assert Counter(item.status for item in items)["overdue"] > 30


def test_cases_that_cannot_be_timed_name_the_field_to_record():
    store, items = _assert_same_report(missing_cases.equivalence_cases(), editions(), missing_cases_as_of())
    untimed = [item for item in items if item.status == "missing_data"]
    assert untimed
    assert any("sentences[0].release_date (the release or tariff date)" in item.explanation for item in untimed)


def missing_cases_as_of() -> dt.date:
    return dt.date(2016, 9, 30)   # after every case in tests/missing_cases.py (as test_bulk_backend)


def test_one_edition_a_wider_horizon_and_compliance_by_team_and_manager(generated):
    store, _ = _assert_same_report(generated, ["2007"], dt.date(2009, 6, 30), within=20)
    overall = {r["standard"]: r for r in bulk_report.compliance_counts(store)}
    by_team = bulk_report.compliance_counts(store, by=("team", "manager"))
    assert {r["team"] for r in by_team} == {"North", "South", ""}
    assert {r["manager"] for r in by_team} == {"A. Jones", "B. Singh", "C. Okafor", ""}
    for standard, row in overall.items():
        for group in ("applicable", *bulk_report.GROUP_NAMES):
            assert sum(r[group] for r in by_team if r["standard"] == standard) == row[group], (standard, group)
    assert all(r["applicable"] == sum(r[g] for g in bulk_report.GROUP_NAMES) for r in by_team)
    with pytest.raises(ValueError):
        bulk_report.compliance_counts(store, by=("case_id",))



def test_an_overdue_first_meeting_over_christmas_2009_by_hand():
    """A tier 4 community order sentenced on Mon 21 Dec 2009, with no meeting: 2c.6's first
    meeting is due 2 working days on, Wed 23 Dec.  As of Tue 5 Jan 2010 it is 6 working days
    overdue: Thu 24, Tue 29, Wed 30, Thu 31 Dec, Mon 4 and Tue 5 Jan, skipping Christmas Day
    (Fri 25 Dec), Boxing Day's substitute (Mon 28 Dec) and New Year's Day (Fri 1 Jan)."""
    case = load_case_data({
        "id": "=HAND-1", "offender": {"name": "Test", "gender": "male", "date_of_birth": "1980-01-01"},
        "sentences": [{"id": "s1", "type": "community_order", "date": "2009-12-21", "length_months": 12,
                       "psr": "standard_delivery", "requirements": [{"kind": "supervision", "months": 12}]}],
        "assessments": [{"date": "2009-12-14", "source": "psr", "tier": 4, "rosh": "medium", "ppo": False}],
        "events": []}, "=HAND-1")
    store, _ = _store([case])
    _sql_path(store, ["2007"], dt.date(2010, 1, 5))
    (item,) = [i for i in bulk_report.worklist_items(store, 5) if i.obligation == "2c.6/first_meeting"]
    assert (item.case, item.status, item.due, item.working_days) == ("=HAND-1", "overdue", dt.date(2009, 12, 23), 6)
    assert item.explanation == ("First meeting with the Offender Manager: due Wed 23 Dec 2009 (2 working days) "
                                "after sentence s1 on Mon 21 Dec 2009; 6 working days overdue")


def test_each_obligation_judged_by_the_edition_in_force_on_its_trigger_date():
    """`judged`: the SQL form of evaluate.edition_in_force over the results, per edition."""
    from policyengine.evaluate import edition_in_force
    cases = missing_cases.equivalence_cases()
    as_of = missing_cases_as_of()
    programs = [load_edition(name) for name in editions()]
    store, meta = _store(cases)
    results, titles = _object_path(store, meta, editions(), as_of)
    judged = {case: [r for r in found if edition_in_force(programs, r.trigger.date).edition.name == r.edition]
              for case, found in results.items()}
    bulk_report.reset(store)
    for program in programs:
        bulk_report.shape(store, program, as_of, judged=bulk_report.judged_span(programs, program))
    assert list(bulk_report.worklist_items(store, 5)) == worklist(judged, meta, 5)
    assert _compliance_rows(store) == [{k: v for k, v in r.as_dict().items() if k != "on_time_rate"}
                                       for r in compliance(judged, titles)]
    kept = sum(map(len, judged.values()))
    assert 0 < kept < sum(map(len, results.values()))
    assert len({r.edition for found in judged.values() for r in found}) > 1
