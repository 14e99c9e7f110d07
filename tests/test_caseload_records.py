"""One bad record is one error: each malformed record of a caseload is a row of errors.csv (where,
id when readable, field path, message) and every good record is still imported."""
from __future__ import annotations

import csv
import json
from pathlib import Path

from policyengine.caseload.store import open_store
from policyengine.cases.load import CaseError, load_case, parse_json
from policyengine.cli import main

DATA = Path(__file__).resolve().parent / "data"
FUZZED = DATA / "fuzzed_caseload.jsonl"   # scripts/make_fuzzed_caseload.py --seed 11 --cases 240


def _case(case_id: str) -> dict:
    return {"id": case_id, "sentences": [{"id": "s1", "type": "community_order", "date": "2008-01-07",
                                          "length_months": 12}],
            "assessments": [{"date": "2008-01-07", "tier": 4}],
            "events": [{"id": "om", "kind": "offender_manager_assigned", "date": "2008-01-07", "name": "A. Manager"}]}


def _import(tmp_path: Path, source: Path) -> tuple[set[str], list[dict]]:
    """Import `source`; the ids stored and the rows of errors.csv."""
    db = tmp_path / "c.duckdb"
    assert main(["caseload", "import", str(source), "--db", str(db), "--errors", str(tmp_path / "errors.csv")]) == 0
    store = open_store(db)
    stored = {case for case, in store.con.execute("SELECT case_id FROM bulk_cases").fetchall()}
    store.close()
    errors = tmp_path / "errors.csv"
    rows = list(csv.DictReader(errors.open(encoding="utf-8", newline=""))) if errors.exists() else []
    return stored, rows


def test_the_malformed_records_the_issue_names_are_one_error_each(tmp_path, capsys):
    good = json.dumps(_case("GOOD-1"))
    deep = json.dumps(_case("DEEP")).replace('"A. Manager"', "[" * 100_000 + "1" + "]" * 100_000)
    huge = _case("HUGE")
    huge["sentences"][0]["length_months"] = 2 ** 63
    lone = json.dumps(_case("LONE")).replace('"LONE"', '"CASE-\\ud800"')
    source = tmp_path / "cases.jsonl"
    source.write_text("\n".join([good, deep, json.dumps(huge), lone, json.dumps(_case("GOOD-2"))]) + "\n")
    stored, rows = _import(tmp_path, source)
    assert stored == {"GOOD-1", "GOOD-2"}
    assert [(r["case"], r["source"], r["path"], r["message"]) for r in rows] == [
        ("cases.jsonl:2", "cases.jsonl:2", "", "the data is too large, nested too deeply or refers to itself"),
        ("HUGE", "cases.jsonl:3", "sentences[0].length_months", "must be between 1 and 1200, not 9223372036854775808"),
        ("CASE-\\ud800", "cases.jsonl:4", "id",
         "'\\ud800' is not a character (a lone surrogate); write the text as UTF-8"),
    ]
    assert capsys.readouterr().out.startswith("2 cases imported into ")


def _tables(folder: Path, cases: list[list[str]], events: list[list[str]]) -> Path:
    folder.mkdir()
    for name, header, rows in (("cases", ["case_id", "sentence_id", "sentence_type", "sentence_date",
                                          "length_months", "assessments"], cases),
                               ("events", ["case_id", "id", "kind", "date", "fields"], events)):
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
    return folder


def test_tables_with_a_bad_cell_report_that_case_and_import_the_rest(tmp_path):
    tier = json.dumps([{"date": "2008-01-07", "tier": 4}])
    manager = json.dumps({"name": "A. Manager"})
    folder = _tables(tmp_path / "tables", [
        ["A", "s1", "community_order", "2008-01-07", "12", tier],
        ["B", "s1", "community_order", "2008-01-07", "twelve", tier],      # not a number
        ["C", "s1", "community_order", "2008-01-07", "12", tier],
        ["D", "s1", "community_order", "2008-01-07", "12", "[{not json"],  # a JSON column that is not JSON
    ], [
        ["A", "om", "offender_manager_assigned", "2008-01-07", manager],
        ["B", "om", "offender_manager_assigned", "2008-01-07", manager],
        ["C", "om", "offender_manager_assigned", "2008-01-07", '{"name": "A. Manager"'],   # cut short
        ["D", "om", "offender_manager_assigned", "2008-01-07", manager],
    ])
    stored, rows = _import(tmp_path, folder)
    assert stored == {"A"}
    assert sorted((r["case"], r["source"], r["path"], r["message"]) for r in rows) == [
        ("B", "tables/cases[B]", "sentences[0].length_months", "expected a whole number, got 'twelve'"),
        ("C", "tables/events row 4", "fields", "not valid JSON: Expecting ',' delimiter at column 22"),
        ("D", "tables/cases row 5", "assessments", "not valid JSON: Expecting property name enclosed in double "
                                                    "quotes at column 3"),
    ]


def _verdicts(tmp_path: Path) -> list[tuple[str | None, object]]:
    """Each line of the fuzzed file as `nsr validate` judges it written to a .json file of its own:
    (readable id or None, the case id when valid, else the set of (path, message))."""
    folder = tmp_path / "one_by_one"
    folder.mkdir()
    verdicts = []
    for number, line in enumerate(FUZZED.read_bytes().splitlines(), start=1):
        file = folder / f"line{number}.json"
        file.write_bytes(line)
        case_id = None
        try:
            data = parse_json(line.decode("utf-8"), str(file))
            if isinstance(data, dict) and isinstance(data.get("id"), str):
                case_id = data["id"].encode("utf-8", "backslashreplace").decode("utf-8")
        except (CaseError, UnicodeDecodeError):
            pass
        try:
            verdict: object = load_case(file).id
        except CaseError as error:
            verdict = {(p.path, p.message) for p in error.problems}
        verdicts.append((case_id, verdict))
    return verdicts


def test_a_fuzzed_caseload_each_bad_line_an_error_like_validate_and_every_good_one_stored(tmp_path):
    verdicts = _verdicts(tmp_path)
    stored, rows = _import(tmp_path, FUZZED)
    given: dict[str, int] = {}
    for case_id, _ in verdicts:
        if case_id:
            given[case_id] = given.get(case_id, 0) + 1
    twice = {case for case, n in given.items() if n > 1}
    assert twice and len(verdicts) == 240   # the file holds duplicate ids among its faults
    valid = {verdict for case, verdict in verdicts if isinstance(verdict, str)}
    assert len(valid) > 80
    assert stored == valid - twice
    by_line: dict[int, set[tuple[str, str]]] = {}
    for row in rows:
        name, line = row["source"].rsplit(":", 1)
        assert name == FUZZED.name
        by_line.setdefault(int(line), set()).add((row["path"], row["message"]))
    for number, (case_id, verdict) in enumerate(verdicts, start=1):
        found = by_line.get(number, set())
        if case_id in twice:
            assert found == {("id", next(m for p, m in found if p == "id"))}
            assert f"case id {case_id!r} is given {given[case_id]} times in this import" in next(iter(found))[1]
        elif isinstance(verdict, str):
            assert not found, (number, found)
        elif all(message.startswith("the file is not UTF-8 text") for _, message in verdict):
            assert len(found) == 1 and next(iter(found))[1].startswith("not UTF-8 text: byte "), (number, found)
        else:
            assert found == verdict, number   # the same field paths and messages as `nsr validate`
