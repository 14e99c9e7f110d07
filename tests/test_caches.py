"""The compiled-policy cache is data checked on the way in; bank holidays are never cached.

A tampered cache file must change no answer, run nothing, and cost one warning line naming it.
"""
from __future__ import annotations

import dataclasses
import json
import os
import pickle
import subprocess
import sys
import typing
from pathlib import Path

import pytest

from policyengine.compiler import compile as compiler
from policyengine.compiler import ir, ir_codec
from policyengine.language import ast
from policyengine.runtime import builtins

ROOT = Path(__file__).resolve().parent.parent
CHECK = [sys.executable, "-m", "policyengine.cli", "check", "examples/tier4-community-order.yaml",
         "--as-of", "2008-01-15", "--format", "json"]


def _run(command: list[str], cache: Path | str) -> subprocess.CompletedProcess:
    env = {**os.environ, "POLICYENGINE_CACHE": str(cache)}
    return subprocess.run(command, env=env, capture_output=True, text=True, check=True, cwd=ROOT)


class _Payload:
    """Unpickling this runs a shell command that creates a file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


# ------------------------------------------------------------------ the compiled policy, end to end
def test_a_tampered_compiled_policy_cache_runs_nothing_and_is_rebuilt_with_one_warning(tmp_path):
    cache, marker = tmp_path / "cache", tmp_path / "pwned"
    reference = _run(CHECK, "off").stdout
    first = _run(CHECK, cache)
    (stored,) = cache.glob("policy-*.json")
    assert first.stdout == reference and first.stderr == ""
    assert json.loads(stored.read_bytes())["program"][0] == "Program"

    stored.write_bytes(pickle.dumps(_Payload(marker)))
    tampered = _run(CHECK, cache)
    assert tampered.stdout == reference
    assert not marker.exists()
    (warning,) = tampered.stderr.splitlines()
    assert warning.startswith("warning: ignoring the compiled-policy cache ") and str(stored) in warning

    again = _run(CHECK, cache)   # the file was rewritten: no second warning
    assert again.stdout == reference and again.stderr == ""


# ------------------------------------------------------------------ the compiled policy, in process
@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    """A fresh cache directory, and no programs remembered from earlier tests."""
    monkeypatch.setenv("POLICYENGINE_CACHE", str(tmp_path))
    monkeypatch.setattr(compiler, "_MEMORY", {})
    return tmp_path


def _stored(cache: Path) -> tuple[Path, bytes, ir.Program]:
    program = compiler.load_edition("2007")
    (path,) = cache.glob("policy-*.json")
    return path, path.read_bytes(), program


def _tampered(stored: bytes, old: str, new: str) -> bytes:
    assert old in stored.decode("utf-8")
    return stored.decode("utf-8").replace(old, new, 1).encode("utf-8")


# Each a change to the real file that must be refused.  The names and operators are ones the SQL
# backend writes into its statements as they are.
TAMPERING = {
    "not JSON": lambda stored: stored[:1000],
    "arbitrary JSON": lambda stored: b'{"key": "1", "program": {"rules": "rm -rf"}}',
    "arbitrary JSON under the right key": lambda stored: stored[:stored.index(b'"program":')] + b'"program":{"a":[1]}}',
    "not JSON under the right key": lambda stored: stored[:stored.index(b'"program":')] + b'"program":["Program",}',
    "another policy's key": lambda stored: stored.replace(b'"key":"', b'"key":"0', 1),
    "a function that is not a builtin": lambda stored: _tampered(stored, '["Fn","add_working_days"', '["Fn","system"'),
    "SQL in a predicate name": lambda stored: _tampered(
        stored, '["Lit","obligation_due"', '["Lit","d\\"; COPY (SELECT 1) TO \'/tmp/x\'; --"'),
    "an operator that is not one": lambda stored: _tampered(stored, '["Cmp","<="', '["Cmp","<= 1 OR"'),
    "a class not in the IR": lambda stored: _tampered(stored, '["Span",', '["Path",'),
    "a bool for an int": lambda stored: _tampered(stored, '["DeadlineInfo",1,', '["DeadlineInfo",true,'),
    "a float for an int": lambda stored: _tampered(stored, '["DeadlineInfo",1,', '["DeadlineInfo",1.0,'),
    "a bool for a line number": lambda stored: _tampered(stored, '["Span","policies/2007.nsr",9,9]', '["Span","policies/2007.nsr",true,9]'),
    "nested too deeply": lambda stored: stored.replace(b'"program":', b'"program":' + b"[" * 100_000, 1),
}


@pytest.mark.parametrize("change", TAMPERING.values(), ids=TAMPERING.keys())
def test_a_tampered_compiled_policy_file_is_refused_and_rebuilt(cache, capsys, monkeypatch, change):
    path, stored, program = _stored(cache)
    path.write_bytes(change(stored))
    monkeypatch.setattr(compiler, "_MEMORY", {})
    rebuilt = compiler.load_edition("2007")
    assert ir_codec.encode(rebuilt) == ir_codec.encode(program)
    (warning,) = capsys.readouterr().err.splitlines()
    assert str(path) in warning
    assert path.read_bytes() == stored   # rewritten as compiled


def test_an_unchanged_compiled_policy_file_is_read_without_a_warning(cache, capsys, monkeypatch):
    path, stored, program = _stored(cache)
    monkeypatch.setattr(compiler, "_compile", lambda text, file: pytest.fail("compiled again"))
    monkeypatch.setattr(compiler, "_MEMORY", {})
    assert ir_codec.encode(compiler.load_edition("2007")) == ir_codec.encode(program)
    assert capsys.readouterr().err == ""


# ------------------------------------------------------------------ the codec covers the IR
@pytest.mark.parametrize("edition", compiler.editions())
def test_every_edition_survives_the_round_trip(edition):
    program = compiler.load_edition(edition)
    data = ir_codec.encode(program)
    back = ir_codec.decode(data)
    assert back == program
    assert ir_codec.encode(back) == data   # the fields equality leaves out (origins) too


def test_the_codec_knows_every_dataclass_the_ir_defines():
    """A new node type is decoded from its type hints; one typed too loosely fails here."""
    known = ir_codec._decoders().classes
    defined = [value for value in vars(ir).values() if isinstance(value, type) and dataclasses.is_dataclass(value)]
    assert {cls.__name__ for cls in defined} <= set(known)
    assert known["Span"] is ast.Span and known["Schedule"] is builtins.Schedule


def test_a_loosely_typed_field_cannot_be_cached():
    @dataclasses.dataclass(frozen=True)
    class Loose:
        value: object

    with pytest.raises(TypeError, match="cannot check"):
        ir_codec._Codec(Loose)
    with pytest.raises(TypeError, match="cannot store"):
        ir_codec.encode(typing.cast(ir.Program, Loose(1.5)))


# ------------------------------------------------------------------ bank holidays
# Fri 21 Dec 2007 + 2 working days = Thu 27 Dec (Tue 25 Christmas Day, Wed 26 Boxing Day).
PROBE = ("import datetime as dt; from policyengine.runtime import calendar; "
         "print(calendar.add_working_days(dt.date(2007, 12, 21), 2), calendar.bank_holiday(dt.date(2011, 4, 29)))")


def test_bank_holidays_come_from_the_package_whatever_the_cache_holds(tmp_path):
    """Earlier versions kept the table in the cache directory; a table there, however edited,
    is never read, and none is written."""
    import holidays
    table = tmp_path / f"bank-holidays-ENG-{holidays.__version__}.json"
    table.write_text(json.dumps({"coverage": [1800, 2200], "years": {
        "2007": {"2007-12-24": "invented", "2007-12-25": "Christmas Day", "2007-12-26": "Boxing Day",
                 "2007-12-27": "invented"},
        "2011": {}}}))
    done = _run([sys.executable, "-c", PROBE], tmp_path)
    day, name = done.stdout.strip().split(" ", 1)
    assert day == "2007-12-27" and "Wedding" in name
    assert done.stderr == ""
    assert [p.name for p in tmp_path.iterdir()] == [table.name]
