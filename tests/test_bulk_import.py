"""The bulk import (DuckDB parses, screens and derives facts in SQL) stores exactly what the
per-record path stores (cases.load + cases.facts), and reports exactly its problems."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from policyengine.backends.bulk import BulkStore
from policyengine.backends.bulk_schema import fact_columns
from policyengine.caseload import bulk_import
from policyengine.caseload.bulk_import import import_json_lines
from policyengine.caseload.generate import write_jsonl
from policyengine.caseload.sources import read_caseload
from policyengine.cases.schema_sql import SchemaNotTranslated, surely_valid
from policyengine.cases.load import _schema

FUZZED = Path(__file__).resolve().parent / "data" / "fuzzed_caseload.jsonl"


def _sentence(sid: str, day: str, **more) -> dict:
    return {"id": sid, "type": "community_order", "date": day, "length_months": 12, **more}


# Parts of the format the generator does not write, each in a case of its own.  The last two use
# parts whose facts only the per-record path derives (offences; a victim contact override).
EXTRA = [
    {"id": "X-1", "edition_hint": 2007, "flags": ["psr_not_prepared", "bail_information_scheme"],
     "offender": {"name": "A B", "gender": "female", "date_of_birth": "1980-02-29"},
     "sentences": [_sentence("s1", "2008-01-31", psr="oral", end_date="2009-01-30",
                             requirements=[{"kind": "unpaid_work", "hours": 120}, {"kind": "drr", "months": 6,
                                                                                     "seriousness": "low"},
                                           {"kind": "supervision", "note": "weekly"}]),
                   {"id": "s2", "type": "custody", "date": "2008-01-31", "length_months": 1, "release_date": "2008-02-15"},
                   {"id": "s3", "type": "licence", "date": "2008-06-01", "psr": "none"}],
     "assessments": [{"date": "2008-02-01", "tier": 3, "rosh": "high", "ogrs": 40},
                     {"date": "2008-01-31", "tier": 2, "ppo": True, "mappa_category": 1, "mappa_level": 2},
                     {"date": "2008-05-01", "tier": 4, "source": "oasys"}],
     "periods": [{"id": "p1", "kind": "custody", "start": "2008-03-01", "end": "2008-03-31"},
                 {"id": "p2", "kind": "hospital", "start": "2008-07-01"}],
     "events": [{"id": "before", "kind": "contact", "date": "2007-12-01", "mode": "face_to_face", "with": "offender_manager"},
                {"id": "e1", "kind": "offender_manager_assigned", "date": "2008-01-31", "name": "Old", "team": "T1"},
                {"id": "e2", "kind": "offender_manager_assigned", "date": "2008-06-01", "name": "New"},
                {"id": "e3", "kind": "offender_manager_assigned", "date": "2008-06-01", "name": "Later listed",
                 "team": "T2"},
                {"id": "e4", "kind": "failure_to_comply", "date": "2008-02-01", "sentence": "s2"},
                {"id": "e5", "kind": "release", "date": "2008-02-15", "on": "licence", "licence_end": "2008-08-01"},
                {"id": "e6", "kind": "contact", "date": "2008-07-02", "mode": "telephone", "with": "offender_manager", "note": "after the licence"}]},
    {"id": "X-2", "sentences": [_sentence("s1", "2008-01-07")],
     "offences": [{"statute": "Theft Act 1968", "section": "9(1)", "detail": "intent_gbh"}]},
    {"id": "X-3", "sentences": [{"id": "s1", "type": "custody", "date": "2008-01-07", "length_months": 24,
                                 "victim_contact_override": {"qualifies": True, "reason": "child victim"}}]},
]


def _facts(store: BulkStore) -> dict[str, list]:
    """Every fact table and the case rows, keyed by case id rather than the store's numbers."""
    out = {}
    for pred in fact_columns():
        rows = store.con.execute(f'SELECT b.case_id, r.* EXCLUDE (cid) FROM "raw_{pred}" r '
                                 "JOIN bulk_cases b USING (cid)").fetchall()
        out[pred] = sorted(rows, key=repr)
    out["bulk_cases"] = sorted(store.con.execute("SELECT case_id, source, manager, team FROM bulk_cases").fetchall())
    return out


def _per_record(source: Path) -> tuple[BulkStore, list, dict]:
    store = BulkStore()
    loaded = read_caseload(source)
    store.add_cases(loaded.cases)
    return store, loaded.problems, loaded.ids


def _bulk(source: Path, monkeypatch, chunk_lines: int = 50) -> tuple[BulkStore, list, dict, list[int]]:
    slow: list[int] = []
    per_line = bulk_import.read_line

    def counted(raw, number, *rest):
        slow.append(number)
        return per_line(raw, number, *rest)
    monkeypatch.setattr(bulk_import, "read_line", counted)
    store = BulkStore()
    loaded = import_json_lines(store, source, chunk_lines=chunk_lines)
    store.finish_loading()
    return store, loaded.problems, loaded.ids, slow


def test_bulk_and_per_record_imports_store_the_same_facts(tmp_path, monkeypatch):
    source = tmp_path / "c.jsonl"
    write_jsonl(source, 300, seed=5)
    with source.open("a") as handle:
        handle.write("".join(json.dumps(case) + "\n" for case in EXTRA))
    expected, expected_problems, expected_ids = _per_record(source)
    got, problems, ids, slow = _bulk(source, monkeypatch)
    assert problems == expected_problems == []
    assert ids == expected_ids
    assert slow == [302, 303]   # only the cases with offences and an override took the per-record path
    want, have = _facts(expected), _facts(got)
    assert sum(map(len, want.values())) > 30_000
    for table in want:
        assert have[table] == want[table], table


def test_bulk_import_reports_the_fuzzed_file_as_the_per_record_path_does(monkeypatch):
    expected, expected_problems, expected_ids = _per_record(FUZZED)
    got, problems, ids, slow = _bulk(FUZZED, monkeypatch, chunk_lines=64)
    assert len(expected_problems) > 100
    assert problems == expected_problems
    assert ids == expected_ids
    assert len(slow) < 240   # the good lines were read in bulk
    assert _facts(got) == _facts(expected)


@pytest.mark.parametrize("keyword", [{"type": "number"}, {"minLength": 2}, {"not": {"pattern": "x"}}])
def test_a_schema_keyword_the_sql_cannot_translate_is_refused_not_guessed(keyword):
    with pytest.raises(SchemaNotTranslated):
        surely_valid({"type": "object", "properties": {"a": keyword}}, "j")


def test_the_case_schema_translates_whole():
    assert len(surely_valid(_schema(), "j")) > 10_000
