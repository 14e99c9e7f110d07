"""Ten typical mistakes in a rule file: the exact message, line and column, and a suggestion.

Each test writes the mistake a policy writer makes, and checks what `nsr lint` says: where
(1-based line and column), the message, what was found and expected, and the hint ("did you
mean ...?") wherever one can be worked out.  Positions are counted in the texts below by hand.
"""
from __future__ import annotations

import json

import pytest

from policyengine.cli import main
from policyengine.tooling.lint import lint
from policyengine.language.errors import Diagnostic

FILE = "t.nsr"
HEADER = 'edition "test" { title "T" publisher "P" in force from 2007-08-03 }\n'
STANDARD = '''standard "9.1" {
  title "Example"
  quote "The first meeting is arranged within 5 working days of sentence"
  obligation first_meeting {
    after sentence
    due within 5 working days
    met by contact where mode = face_to_face
  }
}
'''


@pytest.fixture(autouse=True)
def _no_shared_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYENGINE_CACHE", str(tmp_path / "cache"))


def only(text: str) -> Diagnostic:
    problems = lint(text, FILE)
    assert len(problems) == 1, "\n".join(p.describe() for p in problems) or "no diagnostics"
    return problems[0]


def edited(old: str, new: str) -> str:
    assert old in STANDARD
    return HEADER + STANDARD.replace(old, new, 1)


def at(problem: Diagnostic) -> tuple[int, int]:
    return problem.span.line, problem.span.column


def test_1_misspelt_keyword():
    problem = only(edited("  title", "  titel"))
    assert at(problem) == (3, 3)
    assert problem.describe() == (
        "t.nsr:3:3: syntax error (found 'titel'); expected 'obligation', 'quote', 'reading', 'recurring', "
        "'rule', 'section', 'title', '}'; did you mean 'title'?")


def test_1b_misspelt_keyword_in_a_deadline():
    problem = only(edited("due within", "due withn"))
    assert at(problem) == (7, 9)
    assert problem.found == "withn" and problem.hint == "did you mean 'within'?"


def test_2_missing_closing_brace_names_the_open_block():
    text = HEADER + STANDARD[: -len("}\n")]          # the standard's own '}' is missing
    problem = only(text)
    assert at(problem) == (9, 4)                       # just after the obligation's '}'
    assert problem.message == "syntax error" and problem.found == "end of file"
    assert "'}'" in problem.expected
    assert problem.hint == "the '{' of standard \"9.1\" at line 2 is never closed"


def test_2b_missing_closing_brace_before_the_next_standard():
    text = HEADER + STANDARD.replace("  }\n}\n", "}\n") + 'standard "9.2" {\n  title "x"\n  quote "y"\n}\n'
    problem = only(text)
    assert at(problem) == (10, 1)
    assert problem.found == "standard"
    assert problem.hint == "the '{' of standard \"9.1\" at line 2 is never closed"


def test_3_unknown_event_kind():
    problem = only(edited("after sentence", "after sentense"))
    assert at(problem) == (6, 11)
    assert problem.message == "unknown event kind 'sentense'"
    assert problem.expected.startswith("activity_contact, ") and ", sentence, " in problem.expected
    assert problem.hint == "did you mean 'sentence'?"


def test_4_undefined_predicate():
    problem = only(HEADER + "rule p(S) if sentencd(S, custody, D).\n")
    assert at(problem) == (2, 14)
    assert problem.describe() == ("t.nsr:2:14: undefined predicate sentencd/3; expected a case fact, a predicate "
                                  "defined by a rule, or a generated predicate; did you mean 'sentence'?")


def test_5_wrong_arity():
    # rosh_at is the prelude's (tier_at is tiering's: without `import "tiering"` it is undefined here).
    problem = only(HEADER + "rule p(D) if sentence(S, custody, D) and rosh_at(D).\n")
    assert at(problem) == (2, 42)
    assert problem.describe() == ("t.nsr:2:42: arity mismatch: rosh_at takes 2 argument(s), given 1; "
                                  "expected rosh_at(D, Rosh)")
    assert problem.hint is None        # the shape is the help here


def test_6_unsafe_variable_from_a_misspelt_name():
    problem = only(HEADER + "rule p(S, Dtae) if sentence(S, custody, Date).\n")
    assert at(problem) == (2, 11)
    assert problem.describe() == ("t.nsr:2:11: unsafe variable Dtae: it appears in the head of p but is not "
                                  "bound by a positive condition in the body; did you mean 'Date'?")


def test_7_standard_without_a_citation():
    problem = only(edited('  quote "The first meeting is arranged within 5 working days of sentence"\n', ""))
    assert at(problem) == (2, 10)
    assert problem.describe() == ("t.nsr:2:10: standard '9.1' has no citation; "
                                  "expected quote \"the text of the paragraph it encodes\"")


def test_8_deadline_with_no_unit():
    problem = only(edited("due within 5 working days", "due within 5"))
    assert at(problem) == (7, 16)                      # the 5
    assert problem.describe() == ("t.nsr:7:16: duration '5' has no time unit (found '5'); expected working days, "
                                  "days, weeks or months; write 'within 5 working days' (or days, weeks, months)")


def test_8b_deadline_with_a_misspelt_unit():
    problem = only(edited("due within 5 working days", "due within 5 workng days"))
    assert at(problem) == (7, 16)
    assert problem.describe() == ("t.nsr:7:16: unknown time unit (found 'workng days'); expected working days, "
                                  "days, weeks or months; did you mean 'working days'?")


def test_9_negative_cycle():
    text = HEADER + ("rule p(S) if sentence(S, custody, D) and not q(S).\n"
                     "rule q(S) if sentence(S, custody, D) and not p(S).\n")
    problems = lint(text, FILE)
    assert [at(p) for p in problems] == [(2, 1), (3, 1)]
    assert problems[0].describe() == (
        "t.nsr:2:1: negation that cannot be stratified: p depends negatively on q, which depends on p again "
        "(cycle: p -> q); expected no 'not' or count(...) inside a recursive definition")


def test_10_duplicate_standard_id():
    problem = only(HEADER + STANDARD + STANDARD)
    assert at(problem) == (11, 10)
    assert problem.describe() == "t.nsr:11:10: duplicate standard id '9.1' (first defined at t.nsr:2:10)"


def test_lint_prints_the_hint_and_json_carries_it(tmp_path, capsys):
    path = tmp_path / "bad.nsr"
    path.write_text(edited("after sentence", "after sentense"), encoding="utf-8")
    assert main(["lint", str(path)]) == 1
    assert capsys.readouterr().out.rstrip().endswith("; did you mean 'sentence'?")
    assert main(["lint", "--format", "json", str(path)]) == 1
    data = json.loads(capsys.readouterr().out)
    (entry,) = data["files"]
    (diagnostic,) = entry["diagnostics"]
    assert entry["ok"] is False and data["format"] == 1
    assert (diagnostic["line"], diagnostic["column"]) == (6, 11)
    assert diagnostic["message"] == "unknown event kind 'sentense'"
    assert diagnostic["hint"] == "did you mean 'sentence'?"
    assert diagnostic["text"].startswith(f"{path}:6:11: unknown event kind 'sentense'; expected ")


def test_lint_json_for_a_clean_file(tmp_path, capsys):
    path = tmp_path / "good.nsr"
    path.write_text(HEADER + STANDARD, encoding="utf-8")
    assert main(["lint", "--format", "json", str(path)]) == 0
    assert json.loads(capsys.readouterr().out) == {"format": 1, "files": [{"file": str(path), "ok": True,
                                                                             "diagnostics": []}]}


# ---------------------------------------------------------------- issue 22's weak spots
# Line 1 is the header, 2 the standard, 3 its title, 4 the quote, 5 the obligation, 6 after,
# 7 the deadline (`    due within ` is 15 characters, so its amount is at column 16), 8 met by.

def test_11_a_string_left_open_is_reported_where_it_starts():
    problem = only(edited('title "Example"', 'title "Example'))
    assert problem.describe() == (
        "t.nsr:3:9: syntax error: string not closed (found '\"Example'); expected a closing '\"' on line 3; "
        "as written it runs on to line 4 and takes 'quote' with it")


def test_11b_the_last_string_left_open():
    problem = only(edited("of sentence\"", "of sentence"))
    assert problem.describe() == (
        "t.nsr:4:9: syntax error: string not closed (found '\"The first meeting is arrange…'); expected a closing '\"' "
        "on line 4; no other '\"' follows it in the file")


def test_11c_a_string_left_open_inside_a_rule():
    text = HEADER + STANDARD + ('rule p(X) if event(X, contact, D) and event_field(X, purpose, "a b).\n'
                                'rule q(X) if event(X, contact, D) and event_field(X, purpose, "c").\n')
    problem = only(text)
    assert at(problem) == (11, 63)
    assert problem.message == "syntax error: string not closed" and problem.expected == "a closing '\"' on line 11"
    assert problem.hint.startswith("as written it runs on to line 12 and takes 'rule q(X)")


@pytest.mark.parametrize("written, hint", [
    ("2 weekdays", "write '2 working days' (Monday to Friday, bank holidays skipped)"),
    ("2 business days", "write '2 working days' (Monday to Friday, bank holidays skipped)"),
    ("3 workdays", "write '3 working days' (Monday to Friday, bank holidays skipped)"),
    ("1 fortnight", "write '2 weeks'"),
    ("1 year", "write '12 months'"),
])
def test_12_a_unit_the_language_lacks_is_rewritten_with_the_same_meaning(written, hint):
    problem = only(edited("due within 5 working days", f"due within {written}"))
    assert at(problem) == (7, 16)
    unit = written.split(" ", 1)[1]
    assert problem.describe() == (f"t.nsr:7:16: unknown time unit (found '{unit}'); expected working days, days, "
                                  f"weeks or months; {hint}")
    assert "weeks'?" not in problem.describe()   # never 'did you mean weeks', which changes the meaning


def test_12b_hours_in_a_rule_say_dates_have_no_time():
    text = HEADER + STANDARD + "rule soon(E, L) if event(E, contact, D) and L = D + 48 hours.\n"
    problem = only(text)
    assert problem.describe() == ("t.nsr:11:53: unknown time unit (found 'hours'); expected working days, days, "
                                  "weeks or months; case files record dates, not times: write 2 days "
                                  "(24 hours is 1 day); hours are for deadlines only (due within 48 hours)")


def test_13_a_number_in_words():
    problem = only(edited("due within 5 working days", "due within two working days"))
    assert problem.describe() == ("t.nsr:7:16: syntax error (found 'two'); expected a Variable, a whole number; "
                                  "write the number in figures: '2'")


OR_HINT = ("conditions are joined only by 'and': for one of two conditions write a rule for each (rules with "
           "the same head are alternatives) and use that predicate, or write X in [a, b] when a value may be "
           "one of several")


def test_14_or_between_conditions():
    problem = only(edited("    after sentence\n",
                          "    after sentence\n    when community_sentence(trigger) or custodial_sentence(trigger)\n"))
    assert at(problem) == (7, 38)
    assert problem.message == "syntax error" and problem.found == "or" and problem.hint == OR_HINT


def test_14b_or_in_a_rule():
    problem = only(HEADER + STANDARD + "rule p(S) if sentence(S, T, D) and T = custody or T = licence.\n")
    assert at(problem) == (11, 48)
    assert problem.hint == OR_HINT


def _warned(tmp_path):
    # A standard whose when-condition has no plain-English template: a warning, not an error.
    path = tmp_path / "warned.nsr"
    path.write_text(edited("    after sentence\n", "    after sentence\n    when odd(trigger)\n")
                    + "rule odd(S) if sentence(S, custody, D).\n", encoding="utf-8")
    return path


def test_15_lint_exits_0_on_warnings_and_1_with_strict(tmp_path, capsys):
    path = _warned(tmp_path)
    assert main(["lint", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{path}:7:10: warning: ") and "plain-English" in out
    assert main(["lint", "--strict", str(path)]) == 1
    assert main(["lint", "--format", "json", str(path)]) == 0
    assert main(["lint", "--strict", "--format", "json", str(path)]) == 1
    capsys.readouterr()
