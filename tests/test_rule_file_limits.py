"""Rule files that cannot run: one located line from lint, check and test, never a traceback.

Each mistake is written into a small policy and put through `nsr lint FILE`, `nsr check
--edition FILE` and `nsr test` (a test file naming the policy as its edition); positions are
counted by hand in the texts below.
"""
from __future__ import annotations

import datetime as dt
import itertools
import json
from pathlib import Path

import pytest

from policyengine.cases.load import load_case_data
from policyengine.cli import main
from policyengine.compiler.compile import compile_text
from policyengine.evaluate import evaluate
from policyengine.language.errors import PolicyError
from policyengine.language.parse import MAX_NESTING
from policyengine.tooling.fmt import FormatError, format_text
from policyengine.tooling.commands import read_policy
from policyengine.tooling.lint import lint

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "examples" / "tier4-community-order.yaml"
HEADER = 'edition "test" {\n  title "T"\n  in force from 2008-02-01\n}\n'
# Line 5 onwards.  Sentenced Fri 21 Dec 2007: day 5 is Wed 2 Jan 2008 (Tue 25 Dec Christmas Day,
# Wed 26 Dec Boxing Day and Tue 1 Jan New Year's Day skipped); the contact on Thu 27 Dec meets it.
STANDARD = '''standard "9.1" {
  title "First meeting"
  quote "The first meeting is arranged within 5 working days of sentence"
  obligation first_meeting {
    after sentence
    when contacts(N) and N >= 0
    due within 5 working days
    met by contact where mode = face_to_face
  }
}
rule contacts(N) if N = count(E where event(E, contact, D)).
explain contacts(N) "{N} contacts"
'''
TEST_FILE = '''tests:
  - name: first meeting
    as_of: 2008-03-01
    edition: "{policy}"
    case:
      id: T1
      sentences:
        - {{id: s1, type: community_order, date: 2007-12-21, length_months: 12}}
    expect:
      - {{obligation: 9.1/first_meeting, due: 2008-01-02}}
'''


@pytest.fixture(autouse=True)
def _no_shared_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYENGINE_CACHE", str(tmp_path / "cache"))


def _policy(extra: str = "", old: str = "", new: str = "") -> str:
    return HEADER + (STANDARD.replace(old, new, 1) if old else STANDARD) + extra


def _every_command(tmp_path: Path, capsys, policy: str | bytes) -> list[str]:
    """What lint, check --edition and test print on stderr or stdout: the lines a user reads."""
    path = tmp_path / "p.nsr"
    (path.write_bytes if isinstance(policy, bytes) else path.write_text)(policy)
    (tmp_path / "t.yaml").write_text(TEST_FILE.format(policy=path))
    said = []
    assert main(["check", str(CASE), "--as-of", "2008-03-01", "--edition", str(path)]) == 2
    said.append(capsys.readouterr().err.strip())
    assert main(["lint", str(path)]) in (1, 2)   # 2: a file that cannot be read (not UTF-8)
    printed = capsys.readouterr()
    said.append((printed.out + printed.err).strip())
    main(["lint", "--format", "json", str(path)])
    (linted,) = json.loads(capsys.readouterr().out)["files"]
    (diagnostic,) = linted["diagnostics"]
    said.append(diagnostic["text"])
    assert main(["test", str(tmp_path / "t.yaml")]) != 0
    lines = capsys.readouterr().out.splitlines()   # the details under the table, wrapped to the width
    first = next(i for i, line in enumerate(lines) if line.startswith(f"  {path}"))
    rest = [line.strip() for line in itertools.takewhile(lambda line: line.startswith("    "), lines[first + 1:])]
    said.append(" ".join([lines[first].strip(), *rest]))
    for text in said:
        assert "\n" not in text and "Traceback" not in text
    return said


def test_the_sample_policy_runs(tmp_path, capsys):
    """The policy every test below breaks: it compiles, and the first meeting is met on time."""
    program = compile_text(_policy(), "p.nsr")
    case = load_case_data({"id": "T1", "sentences": [{"id": "s1", "type": "community_order", "date": "2007-12-21"}],
                           "events": [{"id": "c1", "kind": "contact", "date": "2007-12-27", "mode": "face_to_face",
                                       "with": "offender_manager"}]}, "t")
    (result,) = [r for r in evaluate(program, case, dt.date(2008, 3, 1)).results if r.standard == "9.1"]
    assert (result.due, result.status) == (dt.date(2008, 1, 2), "met_on_time")


def test_an_impossible_in_force_date(tmp_path, capsys):
    for said in _every_command(tmp_path, capsys, _policy().replace("2008-02-01", "2008-02-30")):
        assert said.endswith("p.nsr:3:17: not a valid date (found '2008-02-30'); expected a real calendar date")


def test_a_year_0_in_force_date(tmp_path, capsys):
    for said in _every_command(tmp_path, capsys, _policy().replace("2008-02-01", "0000-01-01")):
        assert said.endswith("p.nsr:3:17: not a valid date (found '0000-01-01'); expected a real calendar date")


def test_a_file_that_is_not_utf8(tmp_path, capsys):
    policy = _policy().replace('title "T"', 'title "Caf\u00e9"').encode("latin-1")   # line 2: `  title "Caf` is 12 characters, é the 13th
    for said in _every_command(tmp_path, capsys, policy):
        assert said.endswith("p.nsr:2:13: the file is not UTF-8 text: byte 0xe9 cannot be read; "
                             "expected a file saved as UTF-8")


def test_a_byte_order_mark_is_read_as_utf8(tmp_path):
    path = tmp_path / "p.nsr"
    path.write_bytes(b"\xef\xbb\xbf" + _policy().encode("utf-8"))
    shown, text = read_policy(str(path))
    assert [p for p in lint(text, shown) if not p.message.startswith("warning")] == []


def test_a_5000_term_sum(tmp_path, capsys):
    rule = "rule big(X) if contacts(A) and X = " + " + ".join(["A"] * 5000) + ".\n"   # line 17
    for said in _every_command(tmp_path, capsys, _policy(rule)):
        assert said.endswith("p.nsr:17:36: expression too long or too deeply nested: more than 100 operations one "
                             "inside another; expected at most 100 (a sum of at most 101 terms): split it over "
                             "several rules")


def test_brackets_nested_too_deeply(tmp_path, capsys):
    rule = "rule big(X) if contacts(A) and X = " + "(" * 3000 + "A" + ")" * 3000 + ".\n"
    # `big(` and `contacts(` close again; the 101st open bracket of the sum is at column 36 + 100.
    for said in _every_command(tmp_path, capsys, _policy(rule)):
        assert said.endswith("p.nsr:17:136: brackets nested more than 100 deep; expected at most 100: "
                             "split the expression over several rules")


def test_the_longest_expression_allowed_runs_on_every_engine():
    """101 terms, 100 operations: parsed, checked, compiled and evaluated (the rule decides
    whether the obligation applies, so every engine computes it)."""
    sum_rule = "rule weighted(X) if contacts(A) and X = " + " + ".join(["A"] * (MAX_NESTING + 1)) + ".\n"
    program = compile_text(_policy(sum_rule + 'explain weighted(X) "{X}"\n', "contacts(N) and N >= 0",
                                   "weighted(N) and N >= 0"), "p.nsr")
    case = load_case_data({"id": "T1", "sentences": [{"id": "s1", "type": "community_order", "date": "2007-12-21"}],
                           "events": [{"id": "c1", "kind": "contact", "date": "2007-12-27", "mode": "face_to_face",
                                       "with": "offender_manager"}]}, "t")
    for engine in ("plain", "pydatalog"):
        (result,) = [r for r in evaluate(program, case, dt.date(2008, 3, 1), engine=engine).results
                     if r.standard == "9.1"]
        assert (result.due, result.status) == (dt.date(2008, 1, 2), "met_on_time"), engine


def test_formatting_refuses_what_it_cannot_walk():
    with pytest.raises(FormatError, match="17:136: brackets nested more than 100 deep"):
        format_text(_policy("rule big(X) if contacts(A) and X = " + "(" * 3000 + "A" + ")" * 3000 + ".\n"))


@pytest.mark.parametrize("number, unit, column, message", [
    ("99999999999999999999", "working days", 16, "number too large (found '99999999999999999999'); "
                                                 "expected at most 1,000,000,000"),
    ("10001", "working days", 16, "duration too long (found '10001 working days'); expected at most 10,000 "
                                  "of any unit"),
])
def test_huge_durations(tmp_path, capsys, number, unit, column, message):
    policy = _policy(old="due within 5 working days", new=f"due within {number} {unit}")
    for said in _every_command(tmp_path, capsys, policy):
        assert said.endswith(f"p.nsr:11:{column}: {message}")


def test_an_unknown_unit(tmp_path, capsys):
    policy = _policy(old="due within 5 working days", new="due within 5 fortnights")
    for said in _every_command(tmp_path, capsys, policy):
        assert said.endswith("p.nsr:11:16: unknown time unit (found 'fortnights'); "
                             "expected working days, days, weeks or months; write '10 weeks'")


def test_an_empty_file(tmp_path, capsys):
    for said in _every_command(tmp_path, capsys, ""):
        assert "policy has no edition header" in said


@pytest.mark.parametrize("cut", [40, 150, 400])
def test_a_truncated_file(tmp_path, capsys, cut):
    for said in _every_command(tmp_path, capsys, _policy()[:cut]):
        assert "p.nsr:" in said and "syntax error" in said


def test_a_schedule_window_of_no_days(tmp_path, capsys):
    recurring = '''standard "9.2" {
  title "Weekly"
  quote "q"
  recurring weekly {
    after sentence
    at least 1 every 0 weeks
    counting contact
    ends by supervision_end
  }
}
'''   # line 17
    for said in _every_command(tmp_path, capsys, _policy(recurring)):
        assert said.endswith("p.nsr:22:22: a schedule window cannot last 0 days (found '0 weeks'); "
                             "expected 1 or more")


# ------------------------------------------------------------------ rules that cannot run
def test_division_by_a_literal_zero(tmp_path, capsys):
    rule = "rule ratio(X) if contacts(A) and X = A / (2 - 2).\n"
    for said in _every_command(tmp_path, capsys, _policy(rule)):
        assert said.endswith("p.nsr:17:38: division by zero; expected a divisor that is not 0")


def test_division_by_a_number_that_is_not_zero_is_fine():
    assert [p for p in lint(_policy("rule half(X) if contacts(A) and X = A / 2.\n"), "p.nsr")
            if not p.message.startswith("warning")] == []


@pytest.mark.parametrize("rules", [
    "rule counter(Y) if counter(X) and Y = X + 1.\nrule counter(0).\n",
    "rule day(D) if day(E) and D = E + 1 days.\nrule day(2008-01-01).\n",
    # through a second predicate, and through a copy of the computed value
    "rule ping(Y) if pong(X) and Z = X * 2 and Y = Z.\nrule pong(X) if ping(X).\nrule ping(1).\n",
    # asking the cycle about a computed value: a top-down engine never stops asking
    "rule back(D) given D if E = D - 1 days and back(E).\nrule first(D) if event(X, contact, D) and back(D).\n",
])
def test_recursion_through_arithmetic_or_a_date_function(tmp_path, capsys, rules):
    for said in _every_command(tmp_path, capsys, _policy(rules)):
        assert "p.nsr:17:1: recursion that cannot end: this rule for " in said
        assert said.endswith("so each round derives new facts; expected recursion over values already in the facts")


def test_recursion_over_values_in_the_facts_is_fine():
    """Reachability over recorded facts ends: nothing new is computed round the cycle."""
    rules = ("rule linked(A, B) if event_sentence(A, B).\n"
             "rule linked(A, C) if linked(A, B) and linked(B, C) and N = 1 + 1 and N > 1.\n")
    assert [p for p in lint(_policy(rules), "p.nsr") if not p.message.startswith("warning")] == []


def test_a_policy_that_cannot_run_never_reaches_an_engine():
    with pytest.raises(PolicyError, match="recursion that cannot end"):
        compile_text(_policy("rule counter(Y) if counter(X) and Y = X + 1.\nrule counter(0).\n"), "p.nsr")
    with pytest.raises(PolicyError, match="division by zero"):
        compile_text(_policy("rule ratio(X) if contacts(A) and X = A / 0.\n"), "p.nsr")


def test_the_bundled_editions_and_library_lint_clean(capsys):
    files = sorted(str(p) for p in (ROOT / "policies").glob("*.nsr")) + \
        sorted(str(p) for p in (ROOT / "policies" / "library").glob("*.nsr"))
    assert main(["lint", *files]) == 0
    assert capsys.readouterr().out.count(": ok") == len(files)


@pytest.mark.parametrize("rule, written, message", [
    ("rule soon(X) if event(E, contact, D) and X = D + 5.\n", "D + 5",
     "arithmetic on a date: '+' needs two numbers; expected a duration to move a date (D + 5 days), "
     "or a comparison of two dates"),
    ("rule gap(X) if sentence(S, T, D) and X = D - 2008-01-01.\n", "D - 2008",
     "arithmetic on a date: '-' needs two numbers; expected a duration to move a date (D + 5 days), "
     "or a comparison of two dates"),
    ("rule later(X) if N = count(E where event(E, contact, D)) and X = N + 5 days.\n", "N + 5 days",
     "a duration added to a number; expected a date before '+ N days'"),
])
def test_a_date_used_as_a_number(tmp_path, capsys, rule, written, message):
    for said in _every_command(tmp_path, capsys, _policy(rule)):
        assert said.endswith(f"p.nsr:17:{rule.index(written) + 1}: {message}")


def test_a_divisor_that_is_zero_when_the_rule_runs_makes_the_condition_fail_in_every_engine():
    """`10 / (A - A)` has no value: the obligation that needs it does not apply, and no engine raises."""
    rule = "rule ratio(X) if contacts(A) and X = 10 / (A - A).\nexplain ratio(X) \"{X}\"\n"
    program = compile_text(_policy(rule, "contacts(N) and N >= 0", "ratio(N) and N >= 0"), "p.nsr")
    case = load_case_data({"id": "T1", "sentences": [{"id": "s1", "type": "community_order", "date": "2007-12-21"}],
                           "events": [{"id": "c1", "kind": "contact", "date": "2007-12-27", "mode": "face_to_face",
                                       "with": "offender_manager"}]}, "t")
    for engine in ("plain", "pydatalog"):
        evaluation = evaluate(program, case, dt.date(2008, 3, 1), engine=engine)
        assert [r for r in evaluation.results if r.standard == "9.1"] == [], engine
    from policyengine.backends.bulk import BulkStore
    store = BulkStore()
    store.add_cases([case])
    assert [r for r in store.results(program, dt.date(2008, 3, 1))["T1"] if r.standard == "9.1"] == []


def test_a_date_passed_through_a_predicate_the_file_defines(tmp_path, capsys):
    """The kinds of a defined predicate's arguments come from its rules (sdate holds dates)."""
    rules = "rule sdate(D) if event(E, sentence, D).\nrule soon(X) if sdate(D) and X = D + 5.\n"   # line 18
    for said in _every_command(tmp_path, capsys, _policy(rules)):
        assert said.endswith("p.nsr:18:34: arithmetic on a date: '+' needs two numbers; expected a duration "
                             "to move a date (D + 5 days), or a comparison of two dates")


def test_a_predicate_holding_dates_and_text_is_not_certainly_a_date():
    rules = ("rule mixed(D) if event(E, sentence, D).\nrule mixed(N) if event_field(E, name, N).\n"
             "rule odd(X) if mixed(D) and X = D + 5.\n")
    assert not [p for p in lint(_policy(rules), "p.nsr") if "arithmetic" in p.message]
