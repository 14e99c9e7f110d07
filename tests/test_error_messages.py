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
    problem = only(HEADER + "rule p(D) if sentence(S, custody, D) and tier_at(D).\n")
    assert at(problem) == (2, 42)
    assert problem.describe() == ("t.nsr:2:42: arity mismatch: tier_at takes 2 argument(s), given 1; "
                                  "expected tier_at(D, Tier)")
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
