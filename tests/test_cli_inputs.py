"""Every command's inputs and outputs: --version, '-' for standard input, -o FILE, folders for
lint and validate, --fail-on, validated counts and edition lists, and no traceback for bad input.

Exit codes: 0 done, 1 findings, 2 bad input, 3 a bug (output/exits.py).

The late case (LATE) is a tier 4 community order passed on Mon 7 Jan 2008 with nothing recorded
since. On Mon 14 Jan 2008: 1.1 (an Offender Manager within 1 working day: Tue 8 Jan) and 2c.6 (a
first meeting within 2 working days: Wed 9 Jan) are overdue; the first weekly contact window, Mon
7 - Sun 13 Jan, was missed; no bank holiday falls in that week.
"""
from __future__ import annotations

import io
import json
import os
import re
import sys
from pathlib import Path

import pytest

from policyengine.cli import main
from policyengine.files import open_atomically, write_atomically

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
TIER4 = str(EXAMPLES / "tier4-community-order.yaml")
INVALID = str(EXAMPLES / "invalid.yaml")
AS_OF = ["--as-of", "2008-01-15"]

LATE = """id: T-LATE
sentences:
  - {id: s1, type: community_order, date: 2008-01-07, length_months: 12, requirements: [{kind: supervision, months: 12}]}
assessments:
  - {date: 2008-01-07, tier: 4}
"""


def run(capsys, *argv: str, stdin: bytes | None = None, monkeypatch=None) -> tuple[int, str, str]:
    """`nsr ARGV` in process: (exit code, stdout, stderr); a usage error's SystemExit is its code."""
    capsys.readouterr()
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def late(tmp_path) -> str:
    path = tmp_path / "late.yaml"
    path.write_text(LATE, encoding="utf-8")
    return str(path)


# ------------------------------------------------------------------ --version
def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert re.fullmatch(r"nsr \(policyengine\) \d+\.\d+\.\d+\S*\n", out)


# ------------------------------------------------------------------ standard input
def test_check_why_and_timeline_read_a_case_from_standard_input(capsys, monkeypatch):
    text = Path(TIER4).read_bytes()
    code, from_file, _ = run(capsys, "check", TIER4, *AS_OF)
    code, from_stdin, err = run(capsys, "check", "-", *AS_OF, stdin=text, monkeypatch=monkeypatch)
    assert code == 0, err
    assert from_stdin == from_file
    code, out, _ = run(capsys, "why", "-", "2c.6", *AS_OF, stdin=text, monkeypatch=monkeypatch)
    assert code == 0 and out.startswith("2c.6/first_meeting for s1: met on time")
    code, out, _ = run(capsys, "timeline", "-", *AS_OF, stdin=text, monkeypatch=monkeypatch)
    assert code == 0 and "<svg" in out and "CRN-A100001" in out


def test_a_json_case_on_standard_input(capsys, monkeypatch):
    import yaml
    data = yaml.safe_load(LATE)
    data["sentences"][0]["date"] = "2008-01-07"
    data["assessments"][0]["date"] = "2008-01-07"
    code, out, err = run(capsys, "check", "-", "--as-of", "2008-01-14", "--format", "json",
                         stdin=json.dumps(data, indent="\t").encode(), monkeypatch=monkeypatch)   # tabs: JSON, not YAML
    assert code == 0, err
    overdue = {(o["obligation"], o["due"]) for o in json.loads(out)["obligations"] if o["status"] == "overdue"}
    assert overdue == {("1.1/after_sentence", "2008-01-08"), ("2c.6/first_meeting", "2008-01-09")}


def test_a_bad_case_on_standard_input_is_named_stdin(capsys, monkeypatch):
    code, out, err = run(capsys, "check", "-", *AS_OF, stdin=b"id: X\nsentences: 3\n", monkeypatch=monkeypatch)
    assert code == 2 and out == ""
    assert err.startswith("<stdin>: sentences: ")
    code, _, err = run(capsys, "check", "-", *AS_OF, stdin=b"id: \xff\xfe\n", monkeypatch=monkeypatch)
    assert code == 2 and err == "<stdin>: the input is not UTF-8 text\n"


def test_validate_compare_lint_and_fmt_read_standard_input(capsys, monkeypatch):
    text = Path(TIER4).read_bytes()
    code, out, _ = run(capsys, "validate", "-", stdin=text, monkeypatch=monkeypatch)
    assert (code, out) == (0, "<stdin>: ok (CRN-A100001)\n")
    code, out, _ = run(capsys, "validate", "-", "-", stdin=text, monkeypatch=monkeypatch)
    assert code == 2
    code, out, _ = run(capsys, "compare", "-", *AS_OF, "--editions", "2007,2015", stdin=text, monkeypatch=monkeypatch)
    assert code == 0 and out.startswith("Case CRN-A100001 under the 2007, 2015 editions")
    messy = b'edition "T" { title "T" }\nrule   foo(X)   if   bar(X).\nrule bar(1).\n'
    code, out, _ = run(capsys, "lint", "-", stdin=messy, monkeypatch=monkeypatch)
    assert (code, out) == (0, "<stdin>: ok\n")
    code, out, _ = run(capsys, "lint", "-", stdin=b'edition "T" { title "T" }\nrule foo(X) if barx(X).\n',
                       monkeypatch=monkeypatch)
    assert code == 1 and out.startswith("<stdin>:2:16: undefined predicate barx/1")
    code, out, _ = run(capsys, "fmt", "-", stdin=messy, monkeypatch=monkeypatch)
    assert code == 0 and "rule foo(X) if bar(X)." in out and "   " not in out.split("\n", 1)[1]
    code, out, _ = run(capsys, "fmt", "--check", "-", stdin=messy, monkeypatch=monkeypatch)
    assert code == 1 and out.startswith("<stdin>: not formatted")


# ------------------------------------------------------------------ -o FILE
@pytest.mark.parametrize("argv", [
    ["why", TIER4, "2c.6", *AS_OF],
    ["why", TIER4, "2c.6", *AS_OF, "--format", "json"],
    ["why", TIER4, "2c.6", *AS_OF, "--format", "dot"],
    ["why", TIER4, "2c.6", *AS_OF, "--format", "svg"],
    ["why", TIER4, "2c.6", *AS_OF, "--format", "html"],
    ["why", str(EXAMPLES / "mappa-tiering.yaml"), "tier", "--as-of", "2009-01-30"],
    ["why", str(EXAMPLES / "mappa-tiering.yaml"), "mappa", "--as-of", "2009-01-30", "--format", "json"],
    ["why", str(EXAMPLES / "mappa-tiering.yaml"), "tier", "--as-of", "2009-01-30", "--format", "dot"],
    ["why", str(EXAMPLES / "mappa-tiering.yaml"), "tier", "--as-of", "2009-01-30", "--format", "svg"],
    ["why", str(EXAMPLES / "mappa-tiering.yaml"), "mappa", "--as-of", "2009-01-30", "--format", "html"],
    ["diff", "2007", "2015", "--topic", "warnings"],
    ["diff", "2007", "2015", "--format", "html"],
    ["timeline", TIER4, *AS_OF],
    ["compare", TIER4, *AS_OF],
    ["compare", TIER4, *AS_OF, "--format", "json"],
    ["check", TIER4, *AS_OF],
])
def test_o_writes_the_file_and_prints_nothing(capsys, tmp_path, argv):
    code, printed, err = run(capsys, *argv)
    assert code == 0, err
    target = tmp_path / "out"
    code, out, err = run(capsys, *argv, "-o", str(target))
    assert (code, out, err) == (0, "", "")
    written = target.read_text(encoding="utf-8")
    assert written == printed     # what would have been printed (piped: same width, no colour)
    assert [p.name for p in tmp_path.iterdir()] == ["out"]   # no temporary file left behind


def test_why_tier_pictures_are_pictures(capsys, tmp_path):
    example = str(EXAMPLES / "mappa-tiering.yaml")
    code, out, _ = run(capsys, "why", example, "tier", "--as-of", "2009-01-30", "--format", "svg")
    assert code == 0 and "<svg" in out and "tier_ticked" in out
    code, out, _ = run(capsys, "why", example, "mappa", "--as-of", "2009-01-30", "--format", "html")
    assert code == 0 and out.startswith("<!DOCTYPE html>")
    assert "<h1>MAPPA on 30 Jan 2009: category recorded none, indicated 2" in out and "<svg" in out


def test_o_into_a_missing_folder_is_one_line_and_exit_2(capsys, tmp_path):
    code, out, err = run(capsys, "diff", "2007", "2015", "-o", str(tmp_path / "no" / "diff.txt"))
    assert code == 2 and out == ""
    assert err == f"{tmp_path / 'no' / 'diff.txt'}: cannot write: No such file or directory\n"


def test_a_file_is_replaced_whole_or_not_at_all(tmp_path):
    path = tmp_path / "report.txt"
    path.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError):
        with open_atomically(path) as handle:
            handle.write("half of the new")
            raise RuntimeError("interrupted")
    assert path.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]
    os.chmod(path, 0o640)
    write_atomically(path, "new “text”")
    assert path.read_text(encoding="utf-8") == "new “text”"
    assert path.stat().st_mode & 0o777 == 0o640     # the file keeps its permissions


# ------------------------------------------------------------------ folders
def test_lint_takes_folders(capsys, tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "good.nsr").write_text('edition "G" { title "G" }\nrule ok(1).\n', encoding="utf-8")
    (tmp_path / "sub" / "bad.nsr").write_text('edition "B" { title "B" }\nrule foo(X) if barx(X).\n', encoding="utf-8")
    (tmp_path / ".hidden" / "skip.nsr").write_text("not a policy", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a policy", encoding="utf-8")
    code, out, _ = run(capsys, "lint", str(tmp_path))
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 2 and lines[0] == f"{tmp_path / 'good.nsr'}: ok"
    assert lines[1].startswith(f"{tmp_path / 'sub' / 'bad.nsr'}:2:16: undefined predicate barx/1")
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(capsys, "lint", str(empty))
    assert code == 2 and err == f"no .nsr files under {empty}\n"


def test_lint_the_installed_policies_folder(capsys):
    code, out, _ = run(capsys, "lint", str(ROOT / "policies"))
    assert code == 0
    assert {Path(line.split(":")[0]).name for line in out.splitlines()} >= {"2007.nsr", "2011.nsr", "2015.nsr",
                                                                           "prelude.nsr", "mappa.nsr"}


def test_validate_takes_folders(capsys):
    code, out, _ = run(capsys, "validate", str(EXAMPLES))
    assert code == 1                                          # examples/invalid.yaml is invalid on purpose
    oks = [line for line in out.splitlines() if line.endswith(")") and ": ok (" in line]
    assert len(oks) == len(list(EXAMPLES.glob("*.yaml"))) - 1
    assert f"{INVALID}: events[8].mode: 'fax' is not one of:" in out


def test_validate_a_missing_file_is_bad_input(capsys, tmp_path):
    code, out, err = run(capsys, "validate", TIER4, str(tmp_path / "absent.yaml"))
    assert code == 2
    assert out == f"{TIER4}: ok (CRN-A100001)\n" and "absent.yaml: cannot read the file: No such file or directory" in err


# ------------------------------------------------------------------ --fail-on
def test_fail_on_sets_the_exit_code(capsys, late):
    as_of = ["--as-of", "2008-01-14"]
    code, out, err = run(capsys, "check", late, *as_of)
    assert code == 0 and err == ""                         # without --fail-on, findings are not failures
    code, out2, err = run(capsys, "check", late, *as_of, "--fail-on", "overdue")
    assert code == 1 and out2 == out
    assert err == "failing (--fail-on): 2 overdue\n"       # 1.1 due Tue 8 Jan, 2c.6 due Wed 9 Jan
    code, _, err = run(capsys, "check", late, *as_of, "--fail-on", "overdue,missed")
    assert (code, err) == (1, "failing (--fail-on): 2 overdue, 1 missed\n")   # the week of Mon 7 Jan
    code, _, err = run(capsys, "check", late, *as_of, "--fail-on", "missed", "--fail-on", "overdue")
    assert (code, err) == (1, "failing (--fail-on): 2 overdue, 1 missed\n")
    code, _, err = run(capsys, "check", late, *as_of, "--format", "json", "--fail-on", "judgement")
    assert code == 1 and err.startswith("failing (--fail-on): ") and err.endswith(" judgement\n")


def test_fail_on_nothing_failing_is_0_and_an_unknown_group_is_2(capsys):
    code, _, err = run(capsys, "check", TIER4, *AS_OF, "--fail-on", "overdue,missed")
    assert (code, err) == (0, "")                          # met or pending on 15 Jan 2008
    code, _, err = run(capsys, "check", TIER4, *AS_OF, "--fail-on", "late")
    assert code == 2 and "unknown status group 'late'; choose from overdue, missed, judgement" in err


def test_fail_on_groups_name_known_statuses():
    from policyengine.output.exits import FAIL_ON
    from policyengine.output.report import STATUS_WORDS
    assert set(FAIL_ON) >= {"overdue", "missed", "judgement"}
    assert all(status in STATUS_WORDS for group in FAIL_ON.values() for status in group)


def test_caseload_check_fails_on_overdue(capsys, tmp_path, late):
    folder = tmp_path / "cases"
    folder.mkdir()
    (folder / "late.yaml").write_text(LATE, encoding="utf-8")
    out = tmp_path / "report"
    argv = ["caseload", "check", str(folder), "--as-of", "2008-01-14", "--edition", "2007", "--out", str(out)]
    code, _, err = run(capsys, *argv)
    assert code == 0
    code, _, err = run(capsys, *argv, "--fail-on", "overdue")
    assert code == 1 and err == "failing (--fail-on): 2 overdue\n"


# ------------------------------------------------------------------ counts and editions
@pytest.mark.parametrize("argv, message", [
    (["generate", "--cases", "-5"], "argument --cases: must be 1 or more, not -5"),
    (["generate", "--cases", "0"], "argument --cases: must be 1 or more, not 0"),
    (["generate", "--cases", "many"], "argument --cases: 'many' is not a whole number"),
    (["caseload", "check", "x", "--as-of", "2008-01-01", "--within", "-1"], "argument --within: must be 0 or more"),
    (["check", TIER4, "--edition", "2008"], "unknown edition '2008'; did you mean '2007'?"),
    (["check", TIER4, "--edition", "2007", "--edition", "2015"], "argument --edition: given more than once"),
    (["check", TIER4, "--as-of", "2008-01-15", "--as-of", "2008-01-16"], "argument --as-of: given more than once"),
    (["compare", TIER4, "--editions", "2007,2007"], "edition '2007' is named twice"),
    (["compare", TIER4, "--editions", " , "], "name one edition or more"),
    (["compare", TIER4, "--editions", "2007,2o11"], "unknown edition '2o11'; did you mean '2011'?"),
    (["standards", "2016"], "unknown edition '2016'; did you mean '2015'?"),
    (["diff", "2007", "1999"], "unknown edition '1999'"),
    (["caseload", "check", "x", "--as-of", "2008-01-01", "--edition", "2077"], "unknown edition '2077'"),
])
def test_bad_option_values_are_one_line_and_exit_2(capsys, argv, message):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert message in err and err.count("\n") == 1, err


def test_edition_lists_take_spaces_and_commas(capsys):
    code, out, err = run(capsys, "compare", TIER4, *AS_OF, "--editions", "2007, 2015")
    assert code == 0, err
    assert out.startswith("Case CRN-A100001 under the 2007, 2015 editions")
    code, spaced, _ = run(capsys, "diff", "2007", "2015", "--topic", "warnings")
    code, commas, _ = run(capsys, "diff", "2007,2015", "--topic", "warnings")
    assert code == 0 and spaced == commas


def test_diff_an_unknown_topic_says_did_you_mean(capsys):
    code, _, err = run(capsys, "diff", "2007", "2015", "--topic", "warning")
    assert code == 2 and "no topic 'warning' in 2007 or 2015; did you mean 'warnings'?" in err


# ------------------------------------------------------------------ no traceback, ever
def _bad_inputs(tmp_path: Path) -> list[list[str]]:
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    (tmp_path / "binary.yaml").write_bytes(b"\x00\xff\xfe\x00")
    (tmp_path / "binary.nsr").write_bytes(b"\xff\xfe\x00edition")
    (tmp_path / "list.json").write_text("[1, 2]", encoding="utf-8")
    (tmp_path / "broken.nsr").write_text('edition "T" {\n', encoding="utf-8")
    folder = str(tmp_path)
    return [
        ["check", folder, *AS_OF], ["check", str(tmp_path / "absent.yaml"), *AS_OF],
        ["check", str(tmp_path / "empty.yaml"), *AS_OF], ["check", str(tmp_path / "binary.yaml"), *AS_OF],
        ["check", str(tmp_path / "list.json"), *AS_OF], ["check", INVALID, *AS_OF],
        ["check", TIER4, "--as-of", "2008-02-30"], ["check", TIER4, "--engine", "fast"],
        ["why", TIER4, "zz.9", *AS_OF], ["why", TIER4, "2c.6", *AS_OF, "--trigger", "nope"],
        ["why", TIER4, "2c.6", *AS_OF, "-o", str(tmp_path / "no" / "x.txt")],
        ["timeline", str(tmp_path / "absent.yaml"), *AS_OF],
        ["compare", str(tmp_path / "absent.yaml"), *AS_OF], ["compare", folder, *AS_OF, "--format", "markdown"],
        ["validate", str(tmp_path / "binary.yaml")], ["validate", str(tmp_path / "absent")],
        ["lint", str(tmp_path / "binary.nsr")], ["lint", str(tmp_path / "broken.nsr")],
        ["fmt", "--check", str(tmp_path / "binary.nsr")], ["fmt", str(tmp_path / "broken.nsr")],
        ["standards", str(tmp_path / "absent.nsr")], ["standards", str(tmp_path / "broken.nsr")],
        ["diff", "2007"], ["diff", "2007", "2007"], ["diff", "2007", str(tmp_path / "broken.nsr")],
        ["test", str(tmp_path / "absent")], ["test", "--junit", str(tmp_path / "no" / "j.xml"),
                                              str(ROOT / "tests" / "policies" / "2015.yaml")],
        ["generate", "--cases", "2", "-o", str(tmp_path / "no" / "c.jsonl")],
        ["caseload", "check", str(tmp_path / "absent"), "--as-of", "2008-01-01"],
        ["caseload", "import", str(tmp_path / "absent"), "--db", str(tmp_path / "x.duckdb")],
        ["nonsense"], [],
    ]


def test_no_bad_input_gives_a_traceback(capsys, tmp_path):
    for argv in _bad_inputs(tmp_path):
        code, out, err = run(capsys, *argv)
        assert code in (1, 2), (argv, code, err)
        assert (err if code == 2 else err + out).strip(), argv  # said: bad input on standard error
        assert "Traceback" not in err + out and "internal error" not in err, (argv, err)
        assert not any(p.name.endswith(".tmp") for p in tmp_path.rglob("*")), argv


def test_a_bug_is_one_line_and_exit_3_and_nsr_debug_shows_it(capsys, monkeypatch):
    import policyengine.cli as cli

    def broken(args):
        raise ZeroDivisionError("division by zero")
    monkeypatch.setitem(cli.COMMANDS, "standards", broken)
    code, out, err = run(capsys, "standards", "2007")
    assert code == 3 and out == ""
    assert err.startswith("nsr: internal error (ZeroDivisionError: division by zero). This is a bug in nsr")
    assert err.count("\n") == 1
    monkeypatch.setenv("NSR_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        main(["standards", "2007"])
