"""The rebuildable caches: bank-holiday tables and compiled policies give the same answers as no cache."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Fri 21 Dec 2007 + 2 working days = Thu 27 Dec (Tue 25 Christmas Day, Wed 26 Boxing Day).
PROBE = ("import datetime as dt; from policyengine.runtime import calendar; "
         "print(calendar.add_working_days(dt.date(2007, 12, 21), 2), calendar.bank_holiday(dt.date(2011, 4, 29)))")


def _run(cache: Path | str) -> str:
    env = {**os.environ, "POLICYENGINE_CACHE": str(cache)}
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True, cwd=ROOT)
    return done.stdout.strip()


def test_bank_holiday_cache_is_written_then_used(tmp_path):
    first = _run(tmp_path)
    (table,) = tmp_path.glob("bank-holidays-ENG-*.json")
    data = json.loads(table.read_text())
    assert data["years"]["2007"]["2007-12-25"] == "Christmas Day"
    assert first == _run(tmp_path) == _run("off")
    assert first.startswith("2007-12-27 ") and "Wedding" in first


def test_a_damaged_bank_holiday_cache_is_rebuilt(tmp_path):
    _run(tmp_path)
    (table,) = tmp_path.glob("bank-holidays-ENG-*.json")
    table.write_text("{not json")
    assert _run(tmp_path).startswith("2007-12-27 ")
    assert json.loads(table.read_text())["coverage"]


def test_compiled_policy_cache_gives_the_same_answers(tmp_path):
    command = [sys.executable, "-m", "policyengine.cli", "check", "examples/tier4-community-order.yaml",
               "--as-of", "2008-01-15", "--format", "json"]
    outputs = []
    for cache in (tmp_path, tmp_path, "off"):
        env = {**os.environ, "POLICYENGINE_CACHE": str(cache)}
        outputs.append(subprocess.run(command, env=env, capture_output=True, text=True, check=True, cwd=ROOT).stdout)
    assert list(tmp_path.glob("*.pickle"))
    assert outputs[0] == outputs[1] == outputs[2]
