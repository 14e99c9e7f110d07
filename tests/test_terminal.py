"""What the terminal shows: widths, colour (on a terminal, off when piped or with NO_COLOR),
schedules summarised, and output that stays readable when the encoding cannot show Unicode.

The tier 4 example (examples/tier4-community-order.yaml, sentenced Fri 21 Dec 2007, tier 4)
owes at least one contact a week from the day of sentence: windows Fri 21-Thu 27 Dec, Fri 28 Dec-
Thu 3 Jan, Fri 4-Thu 10 Jan, each met, and Fri 11-Thu 17 Jan, open on Tue 15 Jan 2008 with two
working days left (Wed 16, Thu 17).
"""
from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from policyengine.cli import main
from policyengine.output import terminal
from policyengine.output.terminal import Screen, screen_for

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TIER4 = str(EXAMPLES / "tier4-community-order.yaml")
DRR = str(EXAMPLES / "drr.yaml")
AS_OF = ["--as-of", "2008-01-15"]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


class _Terminal(io.StringIO):
    """Standard output as a terminal would be: isatty() is true."""
    encoding = "utf-8"

    def isatty(self) -> bool:
        return True


def run(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


# ------------------------------------------------------------------ width and colour
def test_a_pipe_gets_COLUMNS_or_100_and_no_colour():
    pipe = io.StringIO()
    assert screen_for(pipe, {}) == Screen(100, False, "utf-8")
    assert screen_for(pipe, {"COLUMNS": "160"}).width == 160
    assert screen_for(pipe, {"COLUMNS": "wide"}).width == 100     # not a number: the default
    assert screen_for(pipe, {"COLUMNS": "10"}).width == 40        # too narrow for any table: 40


def test_a_terminal_gets_colour_unless_NO_COLOR_or_a_dumb_terminal():
    assert screen_for(_Terminal(), {"COLUMNS": "120", "TERM": "xterm"}) == Screen(120, True, "utf-8")
    assert screen_for(_Terminal(), {"COLUMNS": "120", "TERM": "xterm", "NO_COLOR": "1"}).colour is False
    assert screen_for(_Terminal(), {"COLUMNS": "120", "TERM": "dumb"}).colour is False
    assert screen_for(_Terminal(), {"COLUMNS": "120", "NO_COLOR": ""}).colour is True   # empty: not set (no-color.org)


def test_check_in_colour_on_a_terminal_and_plain_when_piped_or_NO_COLOR(capsys, monkeypatch, tmp_path):
    # Sentenced Mon 7 Jan 2008, tier 4, nothing recorded since. On Mon 14 Jan: 1.1 (1 working day,
    # Tue 8 Jan) and 2c.6 (2 working days, Wed 9 Jan) are overdue; the first weekly window (Mon 7 -
    # Sun 13 Jan) was missed.
    case = tmp_path / "late.yaml"
    case.write_text(LATE, encoding="utf-8")
    monkeypatch.setenv("TERM", "xterm")
    code, piped, _ = run(capsys, "check", str(case), "--as-of", "2008-01-14")
    assert code == 0 and not ANSI.search(piped)
    shown = _Terminal()
    monkeypatch.setattr(sys, "stdout", shown)
    assert main(["check", str(case), "--as-of", "2008-01-14"]) == 0
    coloured = shown.getvalue()
    red = "\x1b[1;31m"
    assert f"{red}OVERDUE" in coloured and f"{red}1 window MISSED" in coloured
    assert "\x1b[2m11 needs judgement" in coloured                   # judgements awaited: dim
    assert ANSI.sub("", coloured) == piped                           # the same text, coloured
    monkeypatch.setenv("NO_COLOR", "1")
    shown = _Terminal()
    monkeypatch.setattr(sys, "stdout", shown)
    assert main(["check", str(case), "--as-of", "2008-01-14"]) == 0
    assert shown.getvalue() == piped


def test_render_colours_a_status_only_on_a_colour_screen():
    late = terminal.status_text("met_late", "met late", Screen(colour=True))
    assert terminal.render(Screen(colour=True), late) == "\x1b[33mmet late\x1b[0m\n"
    assert terminal.render(Screen(), terminal.status_text("met_late", "met late", Screen())) == "met late\n"


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.yaml") if p.name != "invalid.yaml"))
def test_every_example_fits_100_columns(capsys, example):
    code, out, _ = run(capsys, "check", str(EXAMPLES / example), "--as-of", "2010-01-15", "--all")
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 100, example


def test_a_wide_screen_gives_one_line_a_row_and_full_titles(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run(capsys, "check", TIER4, *AS_OF)
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 200
    rows = [line for line in out.splitlines() if re.match(r"(1|2[a-e])\.\d+ ", line)]
    assert len(rows) == 8 and "…" not in out     # every row on one line, every title whole
    assert any("Tier assigned before the initial Sentence Plan" in row for row in rows)


def test_a_narrow_screen_shortens_titles_with_an_ellipsis(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run(capsys, "check", TIER4, *AS_OF)
    assert code == 0
    assert max(len(line) for line in out.splitlines()) <= 80
    assert re.search(r"^\s+Tier assigned \S*…", out, re.M)


# ------------------------------------------------------------------ schedules
def test_schedule_windows_are_one_row_and_windows_lists_each(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    code, out, _ = run(capsys, "check", TIER4, *AS_OF)
    lines = out.splitlines()
    (at,) = [i for i, line in enumerate(lines) if line.startswith("2c.16")]
    row = lines[at]
    assert "met 3 of 4 windows, 1 pending" in row and "at least 1 a week" in row
    assert "open: 0/1 in 2008-01-11 to 2008-01-17" in lines[at + 1]
    assert row.rstrip().endswith("2 left")
    assert "--windows lists every window" in out
    code, out, _ = run(capsys, "check", TIER4, *AS_OF, "--windows")
    rows = [line.split() for line in out.splitlines() if line.startswith("2c.16")]
    assert [re.search(r"in (\S+) to (\S+)", " ".join(r)).groups() for r in rows] == [
        ("2007-12-21", "2007-12-27"), ("2007-12-28", "2008-01-03"), ("2008-01-04", "2008-01-10"),
        ("2008-01-11", "2008-01-17")]
    assert "--windows lists every window" not in out


def test_the_drr_example_summarises_each_schedule_as_the_json_counts_it(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    code, out, _ = run(capsys, "check", DRR, "--as-of", "2009-01-15", "--format", "json")
    windows: dict[str, dict[str, int]] = {}
    for result in json.loads(out)["obligations"]:
        if result["window"]:
            counts = windows.setdefault(result["obligation"], {})
            counts[result["status"]] = counts.get(result["status"], 0) + 1
    assert len(windows) >= 4
    code, out, _ = run(capsys, "check", DRR, "--as-of", "2009-01-15")
    for obligation, counts in windows.items():
        standard, name = obligation.split("/")
        (row,) = [line for line in out.splitlines() if line.split()[:2] == [standard, name]]
        total = sum(counts.values())
        summary = f"met {counts.get('met', 0)} of {total} windows"
        for status, word in (("missed", "missed"), ("pending", "pending")):
            if counts.get(status):
                summary += f", {counts[status]} {word}"
        assert summary in row, (obligation, row)
    code, out, _ = run(capsys, "check", DRR, "--as-of", "2009-01-15", "--windows")
    assert sum(1 for line in out.splitlines() if re.match(r"2d\.9\.4\s+weekly\s", line)) == sum(
        windows["2d.9.4/weekly"].values())


# ------------------------------------------------------------------ output that cannot show Unicode
def _ascii_stdout(monkeypatch) -> io.BytesIO:
    raw = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="ascii", write_through=True))
    return raw


@pytest.mark.parametrize("argv", [
    ["diff", "2007", "2015", "--topic", "warnings"],
    ["why", str(EXAMPLES / "mappa-tiering.yaml"), "tier", "--as-of", "2009-01-30"],
    ["check", TIER4, *AS_OF],
    ["compare", TIER4, *AS_OF],
    ["why", TIER4, "2c.6", *AS_OF, "--full"],
], ids=["diff", "why-tier", "check", "compare", "why"])
def test_an_ascii_stdout_gets_readable_look_alikes(monkeypatch, argv):
    raw = _ascii_stdout(monkeypatch)
    assert main(argv) == 0
    text = raw.getvalue().decode("ascii")            # every byte is ASCII
    assert "?" * 3 not in text
    lines = text.splitlines()
    if argv[0] in ("check", "compare", "diff"):
        assert max(len(line) for line in lines) <= 100
        at = next(i for i, line in enumerate(lines) if set(line) == {"-", " "} and "- -" in line)
        starts = [i for i in range(1, len(lines[at])) if lines[at][i - 1:i + 1] == " -"]
        rows = lines[at + 1:]
        rows = rows[:rows.index("")] if "" in rows else rows
        for row in rows:   # the columns still line up: a gap before every column's start
            assert all(row[s - 1] == " " for s in starts if s < len(row)), row
    if argv[0] == "diff":
        assert "2007 -> 2015" in text and "!= deadline" in text and '"' in text
    if argv[0] == "why" and argv[2] == "tier":
        assert "|- " in text and "`- " in text
    if argv[0] == "check":
        assert "..." in text          # the titles shortened with three dots


def test_a_process_whose_output_is_ascii_does_not_crash(tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "ascii", "COLUMNS": "100",
           "POLICYENGINE_CACHE": str(tmp_path / "cache")}
    env.pop("NO_COLOR", None)
    done = subprocess.run([sys.executable, "-m", "policyengine.cli", "diff", "2007", "2015", "--topic", "warnings"],
                          capture_output=True, env=env, cwd=ROOT, timeout=300)
    assert done.returncode == 0, done.stderr.decode("ascii", "replace")
    out = done.stdout.decode("ascii")
    assert out.startswith("2007 -> 2015: ") and "10 working days -> 6 working days" in out
    assert b"Traceback" not in done.stderr


LATE = """id: T-LATE
sentences:
  - {id: s1, type: community_order, date: 2008-01-07, length_months: 12, requirements: [{kind: supervision, months: 12}]}
assessments:
  - {date: 2008-01-07, tier: 4}
"""
