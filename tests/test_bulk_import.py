"""The bulk import (DuckDB parses, screens and derives facts in SQL) stores exactly what the
per-record path stores (cases.load + cases.facts), and reports exactly its problems."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml

from policyengine.backends.bulk import BulkStore
from policyengine.backends.bulk_schema import fact_columns
from policyengine.caseload import bulk_import
from policyengine.caseload.bulk_import import import_into, import_json_lines
from policyengine.caseload.generate import generate, write_jsonl
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
                {"id": "e4", "kind": "failure_to_comply", "date": "2008-02-01", "time": "09:05", "sentence": "s2"},
                {"id": "e5", "kind": "release", "date": "2008-02-15", "on": "licence", "licence_end": "2008-08-01"},
                {"id": "e6", "kind": "contact", "date": "2008-07-02", "mode": "telephone", "with": "offender_manager", "time": "23:59", "note": "after the licence"}]},
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


def test_lines_duckdb_reads_more_leniently_than_python_get_python_s_verdict(tmp_path, monkeypatch):
    good = json.dumps(EXTRA[0])
    lines = [good.replace('"psr": "oral"', '"psr": null'),                        # null for an optional field
             good.replace('"hours": 120', '"hours": 120.0'),                      # a fraction where an integer goes
             good.replace('"hours": 120', '"hours": NaN'),
             good.replace('"hours": 120}', '"hours": 120,}'),                     # a trailing comma
             good.replace('"tier": 3,', '"tier": 3, "tier": 2,'),                 # a key given twice
             good.replace('"X-1"', '"X-\\u0031"'),                                # an escape: the same id
             good.replace('"A B"', '"A\\tB"').replace('"X-1"', '"X-7"'),           # an escaped tab: fine for both
             good.replace('"e5"', '"e5\\n"').replace('"X-1"', '"X-8"'),           # Python's re: '$' before a newline
             good.replace('"sentence": "s2"', '"sentence": "p1"').replace('"X-1"', '"X-9"'),   # wrong kind
             # Python refuses these, DuckDB reads them: the screen must not let them through
             good.replace('"A B"', '"A\x01B"').replace('"X-1"', '"X-10"'),     # a control character in text
             good.replace('"A B"', '"A\tB"').replace('"X-1"', '"X-11"'),       # a tab in text
             good.replace('"hours": 120', '"hours": nan').replace('"X-1"', '"X-12"'),
             good.replace('"ogrs": 40', '"ogrs": -Infinity').replace('"X-1"', '"X-13"'),
             good.replace('"ogrs": 40', '"ogrs": -inf').replace('"X-1"', '"X-14"')]
    source = tmp_path / "lenient.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected, expected_problems, expected_ids = _per_record(source)
    got, problems, ids, slow = _bulk(source, monkeypatch)
    assert [p.source for p in expected_problems] != []
    assert problems == expected_problems and ids == expected_ids
    assert _facts(got) == _facts(expected)
    assert {p.source for p in expected_problems} >= {f"lenient.jsonl:{n}" for n in range(10, 15)}
    assert set(range(1, 15)) - set(slow) == {6, 7}   # the escapes (id, tab) were read in bulk


def test_key_lists_and_kinds_judged_once_a_distinct_list_still_catch_each_event(tmp_path, monkeypatch):
    """The screen judges an event's keys once per distinct key list and kind, and a field's check
    once for every kind that knows the field alike: each line breaking one of them is still sent
    to the per-record path, and gets its problems; the good lines beside them do not."""
    case = EXTRA[0]

    def with_event(n: int, **change) -> str:
        events = [dict(e) for e in case["events"]]
        events[6] = {k: v for k, v in {**events[6], **change}.items() if v is not None}
        return json.dumps({**case, "id": f"K-{n}", "events": events})
    lines = [with_event(1, type="initial"),            # a field another kind knows, not a contact
             with_event(2, mode=None),                  # a contact without its required mode
             with_event(3, kind="no_such_kind"),
             with_event(4, kind=7),
             with_event(5, kind="sentence_plan", mode=None, **{"with": None}, type="review"),        # good
             with_event(6, kind="sentence_plan", mode=None, **{"with": None}, type="termination"),   # an oasys type
             with_event(7, kind="oasys_assessment", mode=None, **{"with": None}, type="initial"),  # good
             with_event(8, kind="oasys_assessment", mode=None, **{"with": None}),   # its type is required
             with_event(9, mode="telephone", duration_minutes=0),                 # below a contact's minimum
             with_event(10, kind="home_visit", mode=None, duration_minutes=1441),  # the same check, another kind
             with_event(11, kind="home_visit", mode=None)]                        # good
    source = tmp_path / "keys.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected, expected_problems, expected_ids = _per_record(source)
    got, problems, ids, slow = _bulk(source, monkeypatch)
    assert {p.case for p in expected_problems} == {f"K-{n}" for n in (1, 2, 3, 4, 6, 8, 9, 10)}
    assert problems == expected_problems and ids == expected_ids
    assert slow == [1, 2, 3, 4, 6, 8, 9, 10]
    assert _facts(got) == _facts(expected)


def test_entries_that_are_not_objects_and_arrays_that_are_not_arrays_get_python_s_verdict(tmp_path, monkeypatch):
    """The case's arrays are staged as lists of their entries' JSON, where a JSON null entry is
    NULL and a value that is not an array is no list: each such line still fails the screen."""
    case = EXTRA[0]
    changes = [{"events": [None]}, {"events": [3]}, {"events": [*case["events"], None]}, {"events": "e1"},
               {"events": {}}, {"events": None}, {"sentences": []}, {"sentences": [None]}, {"assessments": [[]]},
               {"periods": [{}]}, {"sentences": [_sentence(f"s{n}", "2008-01-31") for n in range(1001)]}, {"events": []}]   # the last is good
    lines = [json.dumps({**case, "id": f"N-{n}", **change}) for n, change in enumerate(changes, start=1)]
    source = tmp_path / "entries.jsonl"
    source.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected, expected_problems, expected_ids = _per_record(source)
    got, problems, ids, slow = _bulk(source, monkeypatch)
    assert {p.source for p in expected_problems} == {f"entries.jsonl:{n}" for n in range(1, 12)}
    assert [p.path for p in expected_problems if p.source == "entries.jsonl:11"] == ["sentences"]   # too many
    assert problems == expected_problems and ids == expected_ids
    assert slow == list(range(1, 12))
    assert _facts(got) == _facts(expected)


def test_a_chunk_the_screen_cannot_read_is_read_record_by_record(monkeypatch):
    import duckdb

    from policyengine.cases.facts_sql import FactsSql

    def broken(self, lines, texts):
        raise duckdb.ConversionException("a value the screen did not expect")
    monkeypatch.setattr(FactsSql, "stage", broken)
    expected, expected_problems, expected_ids = _per_record(FUZZED)
    got, problems, ids, slow = _bulk(FUZZED, monkeypatch, chunk_lines=100)
    assert slow == list(range(1, 241))
    assert problems == expected_problems and ids == expected_ids
    assert _facts(got) == _facts(expected)


# ---------------------------------------------------------------- the other layouts
def _bulk_any(source: Path, monkeypatch, chunk_lines: int = 40) -> tuple[BulkStore, list, dict, int]:
    """As `_bulk`, for any layout; counts the records that took their layout's per-record path."""
    slow = [0]

    def counted(function):
        def wrapper(*args, **kwargs):
            slow[0] += 1
            return function(*args, **kwargs)
        return wrapper
    for name in ("read_case_file", "validated_case"):
        monkeypatch.setattr(bulk_import, name, counted(getattr(bulk_import, name)))
    store = BulkStore()
    loaded = import_into(store, source, chunk_lines=chunk_lines)
    store.finish_loading()
    return store, loaded.problems, loaded.ids, slow[0]


def _write_tables(folder: Path, cases: list[dict]) -> None:
    """The cases/events tables layout of these cases: a cases row per sentence (the case's own
    parts as JSON on its first row), an events row per event (its other fields as JSON)."""
    folder.mkdir()
    with open(folder / "cases.csv", "w", newline="", encoding="utf-8") as handle:
        rows = csv.writer(handle)
        rows.writerow(["case_id", "sentence_id", "sentence_type", "sentence_date", "length_months", "end_date",
                       "release_date", "psr", "gender", "team", "manager", "requirements", "assessments",
                       "periods", "flags"])
        for case in cases:
            for n, sentence in enumerate(case["sentences"]):
                whole = [json.dumps(case[k]) if n == 0 and k in case else "" for k in ("assessments", "periods", "flags")]
                rows.writerow([case["id"], sentence["id"], sentence["type"], sentence["date"],
                               sentence.get("length_months", ""), sentence.get("end_date", ""),
                               sentence.get("release_date", ""), sentence.get("psr", ""),
                               case.get("offender", {}).get("gender", ""), case.get("team", ""), case.get("manager", ""),
                               json.dumps(sentence["requirements"]) if "requirements" in sentence else "", *whole])
    with open(folder / "events.csv", "w", newline="", encoding="utf-8") as handle:
        rows = csv.writer(handle)
        rows.writerow(["case_id", "id", "kind", "date", "sentence", "fields"])
        for case in cases:
            for event in case.get("events", []):
                rest = {k: v for k, v in event.items() if k not in ("id", "kind", "date", "sentence")}
                rows.writerow([case["id"], event["id"], event["kind"], event["date"], event.get("sentence", ""),
                               json.dumps(rest) if rest else ""])


def test_the_tables_layout_is_read_in_bulk_as_record_by_record(tmp_path, monkeypatch):
    cases = list(generate(150, seed=11))
    cases[3]["team"], cases[3]["manager"] = "Team Given", "Given Manager"   # beside the case: wins over events
    cases[4]["team"] = "=HYPERLINK(1)"
    cases[5]["events"][0]["mode"] = "fax"                                   # a schema problem
    cases[6]["sentences"][0]["requirements"] = "not a list"                 # JSON text that is not the shape
    cases[7]["sentences"].append(dict(cases[7]["sentences"][0], id="s2"))   # two sentences, two rows
    cases.append({**cases[8], "id": "X-judged", "judgements": None})        # the same facts under another id
    folder = tmp_path / "tables"
    _write_tables(folder, cases)
    with open(folder / "events.csv", "a", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([[cases[9]["id"], "bad", "contact", "2008-01-02", "", "{not json"],
                                      [cases[10]["id"], "arr", "contact", "2008-01-02", "", "[1, 2]"]])
    expected, expected_problems, expected_ids = _per_record(folder)
    got, problems, ids, slow = _bulk_any(folder, monkeypatch)
    assert {p.case for p in expected_problems} >= {cases[5]["id"], cases[6]["id"], cases[9]["id"], cases[10]["id"]}
    assert problems == expected_problems
    assert ids == expected_ids
    assert slow == 2   # only the two invalid cases the tables built took the per-record path
    want, have = _facts(expected), _facts(got)
    assert sum(map(len, want.values())) > 10_000
    assert ("GEN-0000004", f"{folder.name}/cases[GEN-0000004]", "Given Manager", "Team Given") in have["bulk_cases"]
    for table in want:
        assert have[table] == want[table], table


def test_a_folder_of_case_files_is_read_in_bulk_as_record_by_record(tmp_path, monkeypatch):
    folder = tmp_path / "cases"
    (folder / "nested").mkdir(parents=True)
    cases = list(generate(60, seed=13))
    for n, case in enumerate(cases):
        if n % 2:
            (folder / f"{case['id']}.json").write_text(json.dumps(case, indent=2), encoding="utf-8")
        else:
            (folder / "nested" / f"{case['id']}.yaml").write_text(yaml.safe_dump(case), encoding="utf-8")
    (folder / "bad.yaml").write_text("id: B\nsentences: [\n", encoding="utf-8")                  # YAML syntax
    (folder / "list.json").write_text("[1, 2]", encoding="utf-8")                             # not a mapping
    (folder / "fax.yaml").write_text(yaml.safe_dump({**cases[0], "id": "FAX", "events": [
        dict(cases[0]["events"][0], kind="contact", mode="fax", **{"with": "offender_manager"})]}), encoding="utf-8")
    (folder / "alias.yaml").write_text("id: &x AL-1\nsentences:\n  - {id: s1, type: community_order, "
                                       "date: 2008-01-07, length_months: 12}\nevents: []\nnote: *x\n",
                                       encoding="utf-8")
    (folder / "latin1.json").write_bytes(json.dumps({**cases[1], "id": "L\u00e9"}, ensure_ascii=False).encode("latin-1"))
    expected, expected_problems, expected_ids = _per_record(folder)
    got, problems, ids, slow = _bulk_any(folder, monkeypatch)
    assert {p.case for p in expected_problems} == {"bad", "list", "fax", "alias", "latin1"}   # named by file
    assert problems == expected_problems
    assert ids == expected_ids
    assert slow == 5   # the broken files, and no more
    want, have = _facts(expected), _facts(got)
    assert sum(map(len, want.values())) > 5_000
    for table in want:
        assert have[table] == want[table], table
