"""Caseload stores that cannot lie: one-step imports, --update, --remove, duplicate ids, and a
store that an import did not finish refused by `caseload check`."""
from __future__ import annotations

import csv
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policyengine.backends.bulk import BulkStore
from policyengine.caseload import store as store_module
from policyengine.caseload.store import imports, open_store
from policyengine.cli import main

REPO = Path(__file__).resolve().parent.parent


def _case(case_id: str, manager: str = "A. Manager") -> dict:
    """A community order of Monday 7 January 2008 with its offender manager and nothing else."""
    return {"id": case_id, "sentences": [{"id": "s1", "type": "community_order", "date": "2008-01-07",
                                          "length_months": 12}],
            "assessments": [{"date": "2008-01-07", "tier": 4}],
            "events": [{"id": "om", "kind": "offender_manager_assigned", "date": "2008-01-07", "name": manager}]}


def _jsonl(path: Path, *cases: dict) -> Path:
    path.write_text("".join(json.dumps(c) + "\n" for c in cases))
    return path


def _stored(db: Path) -> dict[str, str]:
    """case id -> offender manager, as the store holds them."""
    store = open_store(db)
    try:
        return dict(store.con.execute("SELECT case_id, manager FROM bulk_cases").fetchall())
    finally:
        store.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_an_import_is_recorded_and_a_second_one_needs_update(tmp_path, capsys):
    db = tmp_path / "c.duckdb"
    source = _jsonl(tmp_path / "a.jsonl", _case("A"), _case("B"))
    assert main(["caseload", "import", str(source), "--db", str(db)]) == 0
    assert capsys.readouterr().out == f"2 cases imported into {db}; 2 cases in the store\n"
    store = open_store(db)
    (record,) = imports(store)
    store.close()
    assert (record["number"], record["source"], record["mode"], record["imported"], record["cases"]) == \
        (1, str(source), "new", 2, 2)
    assert record["started"] <= record["finished"]
    before = _digest(db)
    assert main(["caseload", "import", str(source), "--db", str(db)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{db}: already exists; use --update") and err.count("\n") == 1
    assert _digest(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl", "c.duckdb"]   # no scratch file left


def test_duplicate_ids_in_one_import_are_errors_and_none_is_stored(tmp_path, capsys):
    db = tmp_path / "c.duckdb"
    source = _jsonl(tmp_path / "a.jsonl", _case("A"), _case("B", "First"), _case("C"), _case("B", "Second"))
    assert main(["caseload", "import", str(source), "--db", str(db)]) == 0
    assert "2 cases imported" in capsys.readouterr().out
    assert _stored(db) == {"A": "A. Manager", "C": "A. Manager"}
    rows = list(csv.DictReader((tmp_path / "c.duckdb.errors.csv").open(encoding="utf-8")))
    assert [(r["case"], r["source"], r["path"]) for r in rows] == [("B", "a.jsonl:2", "id"), ("B", "a.jsonl:4", "id")]
    assert rows[0]["message"] == "case id 'B' is given 2 times in this import (a.jsonl:2, a.jsonl:4); none of them is imported"
    out = tmp_path / "report"
    assert main(["caseload", "check", str(db), "--as-of", "2008-01-14", "--edition", "2007", "--out", str(out)]) == 0
    assert capsys.readouterr().out.startswith("2 cases as of 2008-01-14")
    assert {r["case"] for r in json.loads((out / "worklist.json").read_text())} == {"A", "C"}


def test_update_replaces_the_cases_it_brings_and_keeps_the_others(tmp_path, capsys):
    db = tmp_path / "c.duckdb"
    bad = {**_case("C"), "sentences": [{"id": "s1", "type": "community_order", "date": "2008-02-30"}]}
    assert main(["caseload", "import", str(_jsonl(tmp_path / "a.jsonl", _case("A"), _case("B"), bad)),
                 "--db", str(db)]) == 0
    capsys.readouterr()
    update = _jsonl(tmp_path / "u.jsonl", _case("B", "New Manager"), _case("C"), _case("D"))
    assert main(["caseload", "import", str(update), "--db", str(db), "--update"]) == 0
    assert capsys.readouterr().out == f"3 cases imported into {db}; 1 stored case replaced; 4 cases in the store\n"
    assert _stored(db) == {"A": "A. Manager", "B": "New Manager", "C": "A. Manager", "D": "A. Manager"}
    store = open_store(db)
    # B's facts are the new record's only: one assignment event, not two
    assert store.con.execute("SELECT count(*) FROM raw_event e JOIN bulk_cases c USING (cid) "
                             "WHERE c.case_id = 'B'").fetchone()[0] == 2   # the sentence and the assignment
    assert store_module.stored_problems(store) == []   # C's old problem went with the record that fixed it
    assert [(r["mode"], r["imported"], r["replaced"], r["cases"]) for r in imports(store)] == \
        [("new", 2, 0, 2), ("update", 3, 1, 4)]
    store.close()


def test_remove_withdraws_cases_and_names_ids_it_does_not_hold(tmp_path, capsys):
    db = tmp_path / "c.duckdb"
    assert main(["caseload", "import", str(_jsonl(tmp_path / "a.jsonl", _case("A"), _case("B"), _case("C"))),
                 "--db", str(db)]) == 0
    capsys.readouterr()
    assert main(["caseload", "import", "--db", str(db), "--remove", "A,Z", "--remove", "C"]) == 0
    assert capsys.readouterr().out == (f"{db} updated; 2 cases withdrawn; 1 id to withdraw not in the store (Z); "
                                       "1 case in the store\n")
    assert _stored(db) == {"B": "A. Manager"}
    store = open_store(db)
    tables = [t for t, in store.con.execute("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'raw_%'"
                                            ).fetchall()]
    left = {cid for t in tables for cid, in store.con.execute(f'SELECT DISTINCT cid FROM "{t}"').fetchall()}
    assert left == {store.con.execute("SELECT cid FROM bulk_cases").fetchone()[0]}   # no facts of A or C remain
    assert imports(store)[-1]["mode"] == "remove" and imports(store)[-1]["removed"] == 2
    store.close()


def test_check_refuses_a_store_no_import_finished(tmp_path, capsys):
    db = tmp_path / "half.duckdb"
    half = BulkStore(db)   # tables and facts, but no finished import recorded
    half.close()
    assert main(["caseload", "check", str(db), "--as-of", "2008-01-14", "--out", str(tmp_path / "r")]) == 2
    assert capsys.readouterr().err == (f"{db}: not a complete caseload store (an import that did not finish, "
                                       "or one made by an older nsr); import the caseload again\n")
    assert not (tmp_path / "r").exists()
    assert main(["caseload", "import", str(_jsonl(tmp_path / "a.jsonl", _case("A"))), "--db", str(db),
                 "--update"]) == 2   # nor is one updated
    assert "not a complete caseload store" in capsys.readouterr().err


def test_a_file_that_is_no_store_is_one_line(tmp_path, capsys):
    db = tmp_path / "notes.duckdb"
    db.write_text("not a database\n")
    assert main(["caseload", "check", str(db), "--as-of", "2008-01-14", "--out", str(tmp_path / "r")]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"{db}: cannot be opened as a caseload store (") and err.count("\n") == 1


def test_a_failed_import_leaves_the_store_as_it_was(tmp_path, monkeypatch):
    db = tmp_path / "c.duckdb"
    assert main(["caseload", "import", str(_jsonl(tmp_path / "a.jsonl", _case("A"))), "--db", str(db)]) == 0
    before = _digest(db)

    def failing(self):   # every import ends here, whichever path read its cases
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(BulkStore, "finish_loading", failing)
    with pytest.raises(OSError):
        store_module.import_caseload(_jsonl(tmp_path / "u.jsonl", _case("B")), db, update=True)
    assert _digest(db) == before and _stored(db) == {"A": "A. Manager"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.jsonl", "c.duckdb", "u.jsonl"]


def _import_killed_midway(tmp_path: Path, db: Path, *options: str) -> None:
    """Run `nsr caseload import` on a pipe, give it a few cases, and kill it while it waits for more."""
    pipe = tmp_path / "cases.jsonl"
    os.mkfifo(pipe)
    process = subprocess.Popen([sys.executable, "-m", "policyengine.cli", "caseload", "import", str(pipe),
                                "--db", str(db), *options], cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    with open(pipe, "w") as writer:
        for number in range(50):
            writer.write(json.dumps(_case(f"NEW-{number}")) + "\n")
        writer.flush()
        deadline = time.monotonic() + 60
        while not list(tmp_path.glob(f".{db.name}.*.importing")):   # the import's scratch store
            assert process.poll() is None, process.stderr.read()
            assert time.monotonic() < deadline
            time.sleep(0.05)
        time.sleep(0.5)
        assert process.poll() is None   # still importing: waiting for the rest of the caseload
        process.send_signal(signal.SIGKILL)
        process.wait()
    pipe.unlink()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a named pipe")
def test_an_import_killed_midway_leaves_no_store_and_an_update_killed_leaves_the_old_one(tmp_path, capsys):
    db = tmp_path / "c.duckdb"
    _import_killed_midway(tmp_path, db)
    assert not db.exists()
    assert main(["caseload", "import", str(_jsonl(tmp_path / "a.jsonl", _case("A"), _case("B"))),
                 "--db", str(db)]) == 0
    assert not list(tmp_path.glob(".c.duckdb.*"))   # the killed import's scratch file is cleared away
    before = _digest(db)
    _import_killed_midway(tmp_path, db, "--update")
    assert _digest(db) == before
    capsys.readouterr()
    assert main(["caseload", "check", str(db), "--as-of", "2008-01-14", "--edition", "2007",
                 "--out", str(tmp_path / "r")]) == 0
    assert capsys.readouterr().out.startswith("2 cases as of 2008-01-14")
