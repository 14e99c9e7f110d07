"""The .nsr rule language: what `nsr lint` tells a policy writer, and where.

Every diagnostic is checked at its exact file:line:column with the key words of its message
(and `expected` where the writer needs it).  Small policies are written inline; `pos()` finds
the 1-based line and column of a piece of text so that the expected positions are exact but
still readable.  Behaviour that looks wrong is written as a policy writer would expect it and
marked xfail(strict=True) with the reason.
"""
from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path

import pytest

from policyengine.cases.load import load_case_data
from policyengine.cli import main
from policyengine.compiler.compile import compile_text
from policyengine.tooling.lint import lint
from policyengine.evaluate import evaluate
from policyengine.language.errors import Diagnostic, PolicyError

ROOT = Path(__file__).resolve().parent.parent
FILE = "t.nsr"

HEADER = 'edition "test" { title "T" publisher "P" in force from 2007-08-03 } import "tiering"\n'

STANDARD = '''standard "9.1" {
  title "Example"
  quote "The first meeting is arranged within 5 working days of sentence"
  obligation first_meeting {
    after sentence
    when community_sentence(trigger_sentence)
    due within 5 working days
    met by contact where mode = face_to_face and with = offender_manager
  }
}
'''

VALID = HEADER + STANDARD + "rule my_rule(S) if sentence(S, community_order, D).\n"

EVENT_KINDS = ("breach_documents_to_court", "contact", "failure_to_comply", "home_visit", "oasys_assessment",
               "offender_manager_assigned", "release", "sentence", "warning", "work_session")


@pytest.fixture(autouse=True)
def _no_shared_cache(tmp_path, monkeypatch):
    """Compiled programs go to a per-test cache directory, never the user's ~/.cache."""
    monkeypatch.setenv("POLICYENGINE_CACHE", str(tmp_path / "cache"))


# ---------------------------------------------------------------- helpers


def pos(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, column) of the nth occurrence of `needle` in `text`."""
    index = -1
    for _ in range(nth + 1):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def at(diagnostic: Diagnostic) -> tuple[int, int]:
    return diagnostic.span.line, diagnostic.span.column


def only(text: str) -> Diagnostic:
    """The single diagnostic lint reports for `text`."""
    problems = lint(text, FILE)
    assert len(problems) == 1, "\n".join(str(p) for p in problems) or "no diagnostics"
    problem = problems[0]
    assert problem.span.file == FILE
    return problem


def expected_tokens(diagnostic: Diagnostic) -> set[str]:
    return {part.strip() for part in (diagnostic.expected or "").split(",")}


def with_standard(old: str, new: str) -> str:
    assert old in STANDARD
    return HEADER + STANDARD.replace(old, new, 1)


def obligation(body: str) -> str:
    """A policy whose one standard holds one obligation with `body` inside its braces."""
    return HEADER + 'standard "9.1" {\n  title "Example"\n  quote "q"\n  obligation o {\n' + body + "  }\n}\n"


def recurring(phases: str) -> str:
    return HEADER + '''standard "9.2" {
  title "Contact level"
  quote "at least one contact per week"
  recurring weekly {
    after sentence
''' + phases + '''    counting contact
    ends by supervision_end
  }
}
'''


def run_in_thread(function):
    """Run `function` in a fresh thread (pyDatalog keeps per-thread state) and return its value."""
    outcome: dict = {}

    def target():
        try:
            outcome["value"] = function()
        except BaseException as error:  # re-raised below, in the test's own thread
            outcome["error"] = error

    worker = threading.Thread(target=target)
    worker.start()
    worker.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def case(events=(), sentences=None) -> object:
    sentences = sentences if sentences is not None else [
        {"id": "s1", "type": "community_order", "date": "2007-12-21", "length_months": 12}]
    return load_case_data({"id": "T-LANG", "sentences": sentences, "events": list(events)}, "t")


def contact(id: str, date: str, sentence: str | None = None, mode: str = "face_to_face") -> dict:
    event = {"id": id, "kind": "contact", "date": date, "mode": mode, "with": "offender_manager"}
    if sentence:
        event["sentence"] = sentence
    return event


# ---------------------------------------------------------------- the starting point


def test_minimal_policy_is_clean():
    assert lint(VALID, FILE) == []


def test_minimal_policy_compiles_to_a_program():
    program = compile_text(VALID, FILE)
    assert program.edition.name == "test"
    assert program.edition.in_force_from == dt.date(2007, 8, 3)
    assert "9.1" in program.standards
    assert program.standards["9.1"].quotes == ("The first meeting is arranged within 5 working days of sentence",)
    assert "9.1/first_meeting" in program.obligations
    assert program.arities["my_rule"] == 1


def test_bundled_2007_policy_lints_clean():
    text = (ROOT / "policies" / "2007.nsr").read_text(encoding="utf-8")
    assert lint(text, "policies/2007.nsr") == []


def test_bundled_prelude_is_valid_inside_a_policy():
    # The prelude's own predicates are usable (tier_at, community_sentence, met_on_time, ...).
    text = HEADER + "rule late(O, T) if met_late(O, T).\nrule t4(S) if sentence(S, X, D) and tier_at(D, 4).\n"
    assert lint(text, FILE) == []


# ---------------------------------------------------------------- syntax errors


def test_missing_dot_before_next_rule():
    text = HEADER + "rule p(S) if sentence(S, custody, D)\nrule q(S) if p(S).\n"
    problem = only(text)
    assert at(problem) == (3, 1) == pos(text, "rule q")
    assert problem.message == "syntax error"
    assert problem.found == "rule"
    assert {"'.'", "'and'"} <= expected_tokens(problem)
    assert str(problem).startswith("t.nsr:3:1: syntax error (found 'rule'); expected ")


def test_missing_dot_at_end_of_file_points_after_the_last_token():
    text = HEADER + "rule p(S) if sentence(S, custody, D)\n"
    problem = only(text)
    assert at(problem) == (2, 37)  # just after the closing ')'
    assert problem.found == "end of file"
    assert "'.'" in expected_tokens(problem)


def test_missing_dot_expected_tokens_are_only_the_valid_ones():
    text = HEADER + "rule p(S) if sentence(S, custody, D)\nrule q(S) if p(S).\n"
    assert expected_tokens(only(text)) == {"'.'", "'and'"}


def test_missing_dot_before_trailing_comment_points_after_the_last_token():
    text = HEADER + "rule p(S) if sentence(S, custody, D)\n# the end\n\n"
    problem = only(text)
    assert problem.found == "end of file"
    assert at(problem) == (2, 37)


def test_missing_closing_brace_at_end_of_file():
    text = HEADER + 'standard "9.1" {\n  title "x"\n  quote "y"\n'
    problem = only(text)
    assert at(problem) == (4, 12)  # end of the last line, after the quote
    assert problem.message == "syntax error"
    assert problem.found == "end of file"
    assert "'}'" in expected_tokens(problem)
    assert {"'quote'", "'obligation'", "'rule'"} <= expected_tokens(problem)


def test_missing_closing_brace_before_next_standard():
    text = HEADER + 'standard "9.1" {\n  title "x"\n  quote "y"\n\nstandard "9.2" { title "z" quote "w" }\n'
    problem = only(text)
    assert at(problem) == pos(text, 'standard "9.2"') == (6, 1)
    assert problem.found == "standard"
    assert "'}'" in expected_tokens(problem)


def test_missing_closing_brace_of_an_obligation():
    text = obligation("    after sentence\n    due within 5 working days\n    met by contact\n")
    text = text[: text.rindex("  }\n")] + "}\n"  # drop the obligation's own '}'
    problem = only(text)
    assert problem.found == "end of file"
    assert "'}'" in expected_tokens(problem)
    assert problem.span.line == text.count("\n")


def test_misspelt_keyword_in_edition():
    text = 'edition "test" {\n  titel "T"\n}\n'
    problem = only(text)
    assert at(problem) == (2, 3)
    assert problem.found == "titel"
    assert expected_tokens(problem) == {"'in'", "'publisher'", "'source'", "'title'", "'}'"}
    assert str(problem) == ("t.nsr:2:3: syntax error (found 'titel'); "
                            "expected 'in', 'publisher', 'source', 'title', '}'")


def test_misspelt_keyword_in_standard():
    text = HEADER + 'standard "9.1" {\n  titel "Example"\n  quote "q"\n}\n'
    problem = only(text)
    assert at(problem) == pos(text, "titel") == (3, 3)
    assert problem.found == "titel"
    assert {"'title'", "'quote'", "'section'", "'reading'", "'obligation'", "'}'"} <= expected_tokens(problem)


def test_misspelt_keyword_in_deadline():
    text = obligation("    after sentence\n    due withn 5 working days\n    met by contact\n")
    problem = only(text)
    assert at(problem) == pos(text, "withn")
    assert problem.found == "withn"
    assert expected_tokens(problem) == {"'same'", "'within'"}


def test_garbage_character_in_rule():
    text = HEADER + "rule p(S) if sentence(S, custody, D) @ q.\n"
    problem = only(text)
    assert at(problem) == pos(text, "@") == (2, 38)
    assert problem.message == "syntax error: unexpected character"
    assert problem.found == "@"
    assert "'.'" in expected_tokens(problem)


def test_garbage_character_where_a_term_is_expected():
    text = HEADER + "rule p(S) if\tsentence(S, custody, D) and\t$.\n"
    problem = only(text)
    assert at(problem) == pos(text, "$")
    assert problem.found == "$"
    assert {"a Variable", "a lower_case name", "'('"} <= expected_tokens(problem)


def test_semicolon_instead_of_dot():
    text = HEADER + "rule p(S) if sentence(S, custody, D) and D > 2007-08-03;\n"
    problem = only(text)
    assert at(problem) == pos(text, ";")
    assert problem.found == ";"
    assert "'.'" in expected_tokens(problem)


def test_typographic_quotes_are_a_syntax_error():
    text = HEADER + 'standard "9.1" { title "x" quote \u201cfancy\u201d }\n'
    problem = only(text)
    assert at(problem) == pos(text, "\u201c")
    assert problem.found == "\u201c"
    assert problem.expected == "a quoted string"


def test_unterminated_string():
    text = HEADER + 'standard "9.1" { title "t\n'
    problem = only(text)
    assert at(problem) == pos(text, '"t\n') == (2, 24)
    assert (problem.message, problem.found) == ("syntax error: string not closed", '"t')
    assert problem.expected == "a closing '\"' on line 2"


def test_invalid_calendar_date():
    text = HEADER + "rule p(S) if sentence(S, custody, D) and D > 2007-02-30.\n"
    problem = only(text)
    assert at(problem) == pos(text, "2007-02-30")
    assert problem.message == "not a valid date"
    assert problem.found == "2007-02-30"
    assert problem.expected == "a real calendar date"


def test_line_numbers_count_crlf_line_endings():
    text = (HEADER + "rule p(S) if sentence(S, custody, D)\nrule q(S) if p(S).\n").replace("\n", "\r\n")
    problem = only(text)
    assert at(problem) == (3, 1)
    assert problem.found == "rule"


def test_compile_text_raises_policy_error_with_the_diagnostics():
    text = HEADER + "rule p(S) if sentence(S, custody, D)\nrule q(S) if p(S).\n"
    with pytest.raises(PolicyError) as raised:
        compile_text(text, FILE)
    assert [at(d) for d in raised.value.diagnostics] == [(3, 1)]
    assert str(raised.value).startswith("t.nsr:3:1: syntax error (found 'rule')")


# ---------------------------------------------------------------- comments


def test_comments_are_ignored_everywhere():
    text = ('# a policy file\n'
            'edition "test" { # header\n'
            '  title "T" publisher "P" # who\n'
            '  in force from 2007-08-03 }\n'
            '# rule broken(X) if @@@ }}} not even syntax\n'
            'standard "9.1" {  # standard\n'
            '  title "Example"\n'
            '  quote "a # inside a string is text"  # but this is a comment\n'
            '  obligation first_meeting {\n'
            '    after sentence # trigger\n'
            '    # when nothing\n'
            '    due within 5 working days # five\n'
            '    met by contact where mode = face_to_face # and with = nobody\n'
            '  }\n'
            '}\n'
            'rule p(S) if # the body follows\n'
            '  sentence(S, custody, D) # custody\n'
            '  . # end\n'
            '# trailing comment without newline')
    assert lint(text, FILE) == []
    program = compile_text(text, FILE)
    assert program.standards["9.1"].quotes == ("a # inside a string is text",)
    assert program.obligations["9.1/first_meeting"].met_by == ("contact where mode = face_to_face",)


def test_positions_after_comments_are_exact():
    text = HEADER + "# one\n# two\n   # three\nrule p(S) if nonsense(S).\n"
    problem = only(text)
    assert at(problem) == pos(text, "nonsense") == (5, 14)


# ---------------------------------------------------------------- predicates and arity


def test_undefined_predicate():
    text = HEADER + "rule p(S) if sentencd(S, custody, D).\n"
    problem = only(text)
    assert at(problem) == pos(text, "sentencd") == (2, 14)
    assert problem.message == "undefined predicate sentencd/3"
    assert "a predicate defined by a rule" in problem.expected


def test_undefined_predicate_under_not_and_in_obligation():
    text = obligation("    after sentence\n    when not unknown_thing(trigger_sentence)\n"
                      "    due within 5 working days\n    met by contact\n")
    problem = only(text)
    assert at(problem) == pos(text, "unknown_thing")
    assert problem.message == "undefined predicate unknown_thing/1"


def test_arity_mismatch_on_prelude_predicate():
    text = HEADER + "rule p(D) if sentence(S, custody, D) and tier_at(D).\n"
    problem = only(text)
    assert at(problem) == pos(text, "tier_at") == (2, 42)
    assert problem.message == "arity mismatch: tier_at takes 2 argument(s), given 1"


def test_arity_mismatch_on_prelude_predicate_shows_its_shape():
    problem = only(HEADER + "rule p(D) if sentence(S, custody, D) and tier_at(D).\n")
    assert problem.expected == "tier_at(D, Tier)"


def test_arity_mismatch_on_case_fact_shows_its_shape():
    text = HEADER + "rule p(S) if sentence(S, custody).\n"
    problem = only(text)
    assert at(problem) == pos(text, "sentence(")
    assert problem.message == "arity mismatch: sentence takes 3 argument(s), given 2"
    assert problem.expected == "sentence(sentence, type, date)"
    assert str(problem).endswith("; expected sentence(sentence, type, date)")


def test_arity_mismatch_inside_obligation_condition():
    text = obligation("    after sentence\n    when tier_at(trigger_date)\n"
                      "    due within 5 working days\n    met by contact\n")
    problem = only(text)
    assert at(problem) == pos(text, "tier_at")
    assert "tier_at takes 2 argument(s), given 1" in problem.message


def test_arity_mismatch_between_two_rules():
    text = HEADER + "rule p(S) if sentence(S, custody, D).\nrule p(S, D) if sentence(S, custody, D).\n"
    problem = only(text)
    assert at(problem) == pos(text, "p(S, D)") == (3, 6)
    assert problem.message == "arity mismatch: p is defined elsewhere with 1 arguments, here with 2"


def test_arity_mismatch_on_use_of_own_predicate():
    text = HEADER + "rule p(S) if sentence(S, custody, D).\nrule q(S) if p(S, D).\n"
    problem = only(text)
    assert at(problem) == pos(text, "p(S, D)")
    assert problem.message == "arity mismatch: p takes 1 argument(s), given 2"


def test_redefining_a_case_fact():
    text = HEADER + "rule event(E, contact, D) if sentence(E, custody, D).\n"
    problem = only(text)
    assert at(problem) == pos(text, "event(") == (2, 6)
    assert problem.message == "'event' is a case fact or generated predicate and cannot be redefined"


@pytest.mark.parametrize("head", ["as_of(D)", "obligation_due(O, T, I, D)", "tier_during(T, D, D)"])
def test_redefining_engine_and_generated_facts(head):
    text = HEADER + f"rule {head} if sentence(O, T, D) and sentence(I, T, D).\n"
    problems = lint(text, FILE)
    name = head.split("(")[0]
    assert [(at(p), p.message) for p in problems] == [
        (pos(text, head), f"{name!r} is a case fact or generated predicate and cannot be redefined")]


def test_adding_clauses_to_a_prelude_predicate_is_allowed():
    assert lint(HEADER + "rule community_sentence(S) if sentence(S, licence, D).\n", FILE) == []


# ---------------------------------------------------------------- unsafe variables


def test_unsafe_head_variable():
    text = HEADER + "rule p(S, X) if sentence(S, custody, D).\n"
    problem = only(text)
    assert at(problem) == pos(text, "X)") == (2, 11)
    assert problem.message == ("unsafe variable X: it appears in the head of p but is not bound by a positive "
                               "condition in the body")


def test_unsafe_head_variable_of_a_fact():
    text = HEADER + "rule p(X).\n"
    problem = only(text)
    assert at(problem) == (2, 8)
    assert problem.message.startswith("unsafe variable X: it appears in the head of p")


def test_variable_only_under_not():
    text = HEADER + "rule p(S) if sentence(S, custody, D) and not event(E, contact, D).\n"
    problem = only(text)
    assert at(problem) == pos(text, "E, contact") == (2, 52)
    assert problem.message == ("unsafe variable E: negated in 'not event(...)': bind it in an earlier "
                               "positive condition")


def test_head_variable_bound_only_under_not():
    text = HEADER + "rule p(S) if not sentence(S, custody, D).\n"
    problems = lint(text, FILE)
    found = {(at(p), p.message.split(":")[0]) for p in problems}
    assert found == {
        (pos(text, "S, custody"), "unsafe variable S"),
        (pos(text, "D)."), "unsafe variable D"),
        (pos(text, "S)"), "unsafe variable S"),
    }
    head = next(p for p in problems if at(p) == pos(text, "S)"))
    assert "appears in the head of p" in head.message


def test_comparison_on_unbound_variable():
    text = HEADER + "rule p(S) if sentence(S, custody, D) and X > D.\n"
    problem = only(text)
    assert at(problem) == pos(text, "X >") == (2, 42)
    assert problem.message == "unsafe variable X: compared with '>': bind it in an earlier positive condition"


def test_comparison_before_the_binding_condition_is_unsafe():
    # Bodies are read left to right: D is not yet bound when compared.
    text = HEADER + "rule p(S) if D > 2007-08-03 and sentence(S, custody, D).\n"
    problem = only(text)
    assert at(problem) == pos(text, "D >")
    assert problem.message.startswith("unsafe variable D: compared with '>'")


def test_equality_binds_a_new_variable():
    assert lint(HEADER + "rule p(S, E) if sentence(S, custody, D) and E = D + 10 working days.\n", FILE) == []


def test_equality_with_unbound_right_hand_side():
    text = HEADER + "rule p(S, E) if sentence(S, custody, D) and E = X + 1.\n"
    problem = only(text)
    assert at(problem) == pos(text, "X + 1")
    assert problem.message == "unsafe variable X: needed to compute E"


def test_membership_on_unbound_variable():
    text = HEADER + "rule p(S) if sentence(S, custody, D) and X in [a, b].\n"
    problem = only(text)
    assert at(problem) == pos(text, "X in")
    assert problem.message == "unsafe variable X: tested with 'in': bind it first"


def test_given_variable_is_bound_by_the_caller():
    text = HEADER + "rule after_sentence(D) given D if sentence(S, custody, E) and E < D.\n"
    assert lint(text, FILE) == []


def test_given_names_a_variable_not_in_the_head():
    text = HEADER + "rule p(D) given X if sentence(S, custody, E) and E < D.\n"
    problems = lint(text, FILE)
    messages = {at(p): p.message for p in problems}
    assert messages[pos(text, "p(D)")] == "'given X' names a variable that is not in the head of p"
    # and so D is bound by nothing
    assert messages[pos(text, "D.")] == "unsafe variable D: compared with '<': bind it in an earlier positive condition"
    assert messages[pos(text, "D)")].startswith("unsafe variable D: it appears in the head of p")
    assert len(problems) == 3


def test_calling_a_given_rule_with_an_unbound_argument():
    text = HEADER + "rule p(S) if sentence(S, custody, D) and tier4_or_ppo_at(X).\n"
    problem = only(text)
    assert at(problem) == pos(text, "X)")
    assert problem.message == ("unsafe variable X: tier4_or_ppo_at needs argument 1 known: "
                               "bind it in an earlier condition")


def test_calling_own_given_rule_with_an_unbound_argument():
    text = (HEADER + "rule before(D) given D if sentence(S, custody, E) and D < E.\n"
            "rule q(S) if sentence(S, custody, D) and before(X).\n")
    problem = only(text)
    assert at(problem) == pos(text, "X)")
    assert problem.message.startswith("unsafe variable X: before needs argument 1 known")


def test_unsafe_counted_variable():
    text = HEADER + "rule p(S, N) if sentence(S, custody, D) and N = count(W where sentence(S, T, D)).\n"
    problem = only(text)
    assert at(problem) == pos(text, "W where")
    assert problem.message.startswith("unsafe variable W: the counted variable must be bound")


# ---------------------------------------------------------------- stratification


def test_negation_that_cannot_be_stratified():
    text = (HEADER + "rule q(X) if sentence(X, custody, D).\n"
            "rule p(X) if q(X) and not r(X).\n"
            "rule r(X) if q(X) and not p(X).\n")
    problems = lint(text, FILE)
    assert sorted(at(p) for p in problems) == [(3, 1), (4, 1)]
    by_line = {p.span.line: p for p in problems}
    assert by_line[3].message == ("negation that cannot be stratified: p depends negatively on r, which depends "
                                  "on p again (cycle: p -> r)")
    assert by_line[4].message.startswith("negation that cannot be stratified: r depends negatively on p")
    for problem in problems:
        assert problem.expected == "no 'not' or count(...) inside a recursive definition"
    with pytest.raises(PolicyError):
        compile_text(text, FILE)


def test_negation_of_itself():
    text = HEADER + "rule p(X) if sentence(X, custody, D) and not p(X).\n"
    problem = only(text)
    assert at(problem) == (2, 1)
    assert "p depends negatively on p" in problem.message


def test_count_through_recursion_is_rejected():
    text = HEADER + "rule p(X, N) if sentence(X, custody, D) and N = count(Y where p(Y, M)).\n"
    problems = lint(text, FILE)
    assert problems
    assert all(at(p) == (2, 1) and p.message.startswith("negation that cannot be stratified") for p in problems)


def test_count_through_recursion_is_reported_once_in_the_writers_terms():
    problem = only(HEADER + "rule p(X, N) if sentence(X, custody, D) and N = count(Y where p(Y, M)).\n")
    assert "count_" not in problem.message


def test_recursion_without_negation_is_fine():
    text = (HEADER + "rule linked(X, Y) if event_sentence(X, Y).\n"
            "rule linked(X, Z) if linked(X, Y) and linked(Y, Z).\n"
            "rule unlinked(E) if event(E, contact, D) and sentence(S, T, D2) and not linked(E, S).\n")
    assert lint(text, FILE) == []
    compile_text(text, FILE)


# ---------------------------------------------------------------- standards


def test_duplicate_standard_id_names_both_places():
    text = HEADER + STANDARD + STANDARD.replace("first_meeting", "other")
    problem = only(text)
    first, second = pos(text, '"9.1"', 0), pos(text, '"9.1"', 1)
    assert at(problem) == second == (12, 10)
    assert problem.message == f"duplicate standard id '9.1' (first defined at t.nsr:{first[0]}:{first[1]})"
    assert "t.nsr:2:10" in problem.message


def test_standard_without_quote_has_no_citation():
    text = with_standard('  quote "The first meeting is arranged within 5 working days of sentence"\n', "")
    problem = only(text)
    assert at(problem) == pos(text, '"9.1"') == (2, 10)
    assert problem.message == "standard '9.1' has no citation"
    assert problem.expected == 'quote "the text of the paragraph it encodes"'


def test_standard_without_title():
    text = with_standard('  title "Example"\n', "")
    problem = only(text)
    assert at(problem) == pos(text, '"9.1"')
    assert problem.message == "standard '9.1' has no title"


def test_duplicate_obligation_name():
    text = obligation("    after sentence\n    due within 5 working days\n    met by contact\n  }\n"
                      "  obligation o {\n    after sentence\n    due within 5 working days\n    met by contact\n")
    problem = only(text)
    assert at(problem) == pos(text, "o {", 1)
    assert problem.message == "duplicate obligation name 'o' in standard '9.1'"


def test_policy_without_edition_header():
    problem = only("rule p(S) if sentence(S, custody, D).\n")
    assert at(problem) == (1, 1)
    assert problem.message == "policy has no edition header"
    assert problem.expected.startswith('edition "NAME"')


# ---------------------------------------------------------------- event kinds, fields, values


def test_unknown_event_kind_in_after():
    text = with_standard("after sentence", "after sentense")
    problem = only(text)
    assert at(problem) == pos(text, "sentense") == (6, 11)
    assert problem.message == "unknown event kind 'sentense'"
    for kind in EVENT_KINDS:
        assert kind in expected_tokens(problem)


def test_unknown_event_kind_in_met_by():
    text = with_standard("met by contact", "met by contakt")
    problem = only(text)
    assert at(problem) == pos(text, "contakt") == (9, 12)
    assert problem.message == "unknown event kind 'contakt'"
    assert "contact" in expected_tokens(problem)


def test_unknown_event_kind_in_counting():
    text = recurring("    at least 1 every 1 week\n").replace("counting contact", "counting contacts")
    problem = only(text)
    assert at(problem) == pos(text, "contacts")
    assert problem.message == "unknown event kind 'contacts'"


def test_unknown_event_kind_in_event_atom():
    text = HEADER + "rule p(E) if event(E, contakt, D).\n"
    problem = only(text)
    assert at(problem) == pos(text, "contakt")
    assert problem.message == "unknown event kind 'contakt'"


def test_derived_predicate_as_met_by():
    text = (HEADER + "rule any_contact(T, E, D) if event(E, contact, D) and event(T, sentence, TD).\n"
            + 'explain any_contact(T, E, D) "any contact"\n'
            + STANDARD.replace("met by contact where mode = face_to_face and with = offender_manager",
                               "met by any_contact"))
    assert lint(text, FILE) == []


def test_unknown_field_in_where_filter():
    text = with_standard("mode = face_to_face", "medium = face_to_face")
    problem = only(text)
    assert at(problem) == pos(text, "medium") == (9, 26)
    assert problem.message == "unknown field 'medium' for event kind 'contact' in 'met by'"
    assert problem.expected == "duration_minutes, mode, purpose, with"


def test_unknown_field_in_trigger_filter():
    text = with_standard("after sentence", "after sentence where kind = custody")
    problem = only(text)
    assert at(problem) == pos(text, "kind =")
    assert problem.message == "unknown field 'kind' for event kind 'sentence' in the trigger"
    assert problem.expected == "length_months, type"


def test_unknown_event_field_in_rule():
    text = HEADER + "rule p(E) if event(E, contact, D) and event_field(E, medium, V).\n"
    problem = only(text)
    assert at(problem) == pos(text, "medium")
    assert problem.message == "unknown event field 'medium'"


def test_value_outside_a_fields_enum():
    text = with_standard("mode = face_to_face", "mode = fax")
    problem = only(text)
    assert at(problem) == pos(text, "fax") == (9, 33)
    assert problem.message == "'fax' is not a value of contact.mode"
    assert problem.expected == "face_to_face, telephone, video, letter, other"


def test_value_outside_a_fields_enum_in_a_list():
    text = with_standard("mode = face_to_face", "mode in [face_to_face, fax, video]")
    problem = only(text)
    assert at(problem) == pos(text, "fax")
    assert problem.message == "'fax' is not a value of contact.mode"


def test_context_names_are_allowed_as_filter_values():
    text = with_standard("met by contact where mode = face_to_face and with = offender_manager",
                         "met by correspondence_replied where reply_to = trigger")
    assert lint(text, FILE) == []


def test_non_boolean_value_for_a_boolean_field():
    text = obligation("    after failure_to_comply where explained_in_advance = yes\n"
                      "    due within 5 working days\n    met by contact\n")
    problem = only(text)
    assert at(problem) == pos(text, "yes")


def test_value_outside_enum_in_event_field_atom():
    text = HEADER + "rule p(E) if event(E, contact, D) and event_field(E, mode, fax).\n"
    problem = only(text)
    assert at(problem) == pos(text, "fax")
    assert "'fax' is not a value of contact.mode" in problem.message


def test_unknown_period_kind():
    text = HEADER + "rule p(P) if period(P, holiday, F, U).\n"
    problem = only(text)
    assert at(problem) == pos(text, "holiday")
    assert problem.message == "unknown period kind 'holiday'"
    assert problem.expected == "custody, hospital, certified_sickness"


# ---------------------------------------------------------------- time units and deadlines


def test_unknown_time_unit_in_deadline():
    text = with_standard("due within 5 working days", "due within 3 fortnights")
    problem = only(text)
    assert at(problem) == pos(text, "3 fortnights") == (8, 16)
    assert problem.message == "unknown time unit"
    assert problem.found == "fortnights"
    assert problem.expected == "working days, days, weeks or months"
    assert str(problem) == ("t.nsr:8:16: unknown time unit (found 'fortnights'); "
                            "expected working days, days, weeks or months")


@pytest.mark.parametrize("unit", ["1 working day", "2 working days", "3 days", "3 calendar days", "1 day",
                                  "1 week", "8 weeks", "1 month", "6 months"])
def test_known_time_units_in_deadline(unit):
    assert lint(with_standard("5 working days", unit), FILE) == []


def test_unknown_time_unit_in_rule_shift():
    text = HEADER + "rule p(S, E) if sentence(S, custody, D) and E = D + 3 fortnights.\n"
    problems = lint(text, FILE)
    assert problems
    assert {(at(p), p.message, p.found) for p in problems} == {(pos(text, "3 fortnights"), "unknown time unit",
                                                                "fortnights")}


def test_deadline_with_variable_amount():
    text = obligation("    after sentence\n    due within N working days\n    met by contact\n")
    problems = lint(text, FILE)
    assert any(at(p) == pos(text, "N working") and p.message == "a deadline needs a fixed number"
               for p in problems)


def test_otherwise_not_last():
    text = with_standard("    due within 5 working days\n",
                         "    due within 5 working days otherwise\n"
                         "    due within 3 working days if tier4_or_ppo_at(trigger_date)\n")
    problem = only(text)
    assert at(problem) == pos(text, "due within 5") == (8, 5)
    assert problem.message == "'otherwise' must be the last deadline of the obligation"


def test_otherwise_last_is_fine():
    text = with_standard("    due within 5 working days\n",
                         "    due within 3 working days if tier4_or_ppo_at(trigger_date)\n"
                         "    due within 5 working days otherwise\n")
    assert lint(text, FILE) == []


def test_obligation_without_deadline_or_judgement():
    text = obligation("    after sentence\n    met by contact\n")
    problem = only(text)
    assert at(problem) == pos(text, "o {")
    assert problem.message == "obligation 'o' has neither a deadline nor 'judgement'"


def test_obligation_without_met_by():
    text = obligation("    after sentence\n    due within 5 working days\n")
    problem = only(text)
    assert at(problem) == pos(text, "o {")
    assert problem.message == "obligation 'o' has a deadline but nothing that meets it"


def test_obligation_without_trigger():
    text = obligation("    due within 5 working days\n    met by contact\n")
    problem = only(text)
    assert at(problem) == pos(text, "o {")
    assert problem.message == "'o' has no trigger"


# ---------------------------------------------------------------- schedules


def test_schedule_in_weeks_and_days_is_fine():
    assert lint(recurring("    at least 1 every 1 week for 4 weeks\n    at least 1 every 14 days\n"), FILE) == []


def test_schedule_in_months_is_fine():
    assert lint(recurring("    at least 1 every 1 month\n"), FILE) == []
    assert lint(recurring("    at least 2 every 1 month for 6 months\n    at least 1 every 2 months\n"), FILE) == []
    assert lint(recurring("    at least 1 every 1 week for 4 weeks\n    at least 1 every 1 month\n"), FILE) == []


def test_schedule_phase_of_weeks_for_months_rejected():
    """A phase's windows and its length are counted alike: 'every 1 week for 2 months' would leave
    a part-week whose length depends on the months, so it is refused."""
    text = recurring("    at least 1 every 1 week for 2 months\n    at least 1 every 4 weeks\n")
    problem = only(text)
    assert at(problem) == pos(text, "2 months")
    assert problem.message == ("a phase of windows of 1 week cannot run for 2 months: its windows and its "
                               "length are counted alike")
    assert problem.expected == "months with months; days or weeks with days or weeks"


def test_schedule_phase_of_months_for_weeks_rejected():
    text = recurring("    at least 1 every 1 month for 8 weeks\n    at least 1 every 1 month\n")
    problem = only(text)
    assert at(problem) == pos(text, "8 weeks")
    assert problem.found == "8 weeks"


def test_schedule_window_in_working_days_rejected():
    text = recurring("    at least 1 every 5 working days\n")
    problem = only(text)
    assert at(problem) == pos(text, "5 working days")
    assert problem.message == "schedule windows are counted in calendar days, weeks or months"
    assert problem.found == "5 working days"
    assert problem.expected == "days, weeks or months"


def test_only_last_phase_is_open_ended():
    text = recurring("    at least 1 every 1 week\n    at least 1 every 4 weeks\n")
    problem = only(text)
    assert at(problem) == pos(text, "at least 1 every 1 week")
    assert problem.message == "only the last phase can run to the end of the schedule"


def test_unknown_paused_period():
    text = recurring("    at least 1 every 1 week\n    paused during holiday\n")
    problem = only(text)
    assert at(problem) == pos(text, "weekly")
    assert problem.message == "unknown period kind 'holiday' in 'paused during'"


# ---------------------------------------------------------------- context names


def test_trigger_date_outside_an_obligation():
    text = HEADER + "rule p(S) if sentence(S, custody, D) and D > trigger_date.\n"
    problem = only(text)
    assert at(problem) == pos(text, "trigger_date") == (2, 46)
    assert problem.message == "'trigger_date' only has a meaning inside an obligation or recurring block"


def test_trigger_sentence_in_a_standards_own_rule():
    text = HEADER + STANDARD.replace("}\n", "}\n  rule q(S) if requirement(trigger_sentence, S).\n", 1)
    problems = lint(text, FILE)
    assert problems
    assert {(at(p), p.message) for p in problems} == {
        (pos(text, "trigger_sentence, S"),
         "'trigger_sentence' only has a meaning inside an obligation or recurring block")}


def test_trigger_date_in_the_head_of_a_rule():
    text = HEADER + "rule p(trigger_date) if sentence(S, custody, D).\n"
    problem = only(text)
    assert at(problem) == pos(text, "trigger_date")


def test_window_start_outside_each_window():
    text = obligation("    after sentence\n    when tier_at(window_start, 4)\n"
                      "    due within 5 working days\n    met by contact\n")
    problems = lint(text, FILE)
    assert problems
    assert {(at(p), p.message) for p in problems} == {
        (pos(text, "window_start"), "'window_start' only has a meaning in 'each window when ...'")}


@pytest.mark.parametrize("text, needle", [
    (HEADER + "rule p(S, E) if sentence(S, custody, D) and E = D + 3 fortnights.\n", "3 fortnights"),
    (HEADER + "rule p(S) if sentence(S, custody, D) and tier4_or_ppo_at(D + 3 fortnights).\n", "3 fortnights"),
    (HEADER + "rule p(S) if requirement(S, trigger_sentence).\n", "trigger_sentence"),
    (obligation("    after sentence\n    when tier_at(window_start, 4)\n    due within 5 working days\n"
                "    met by contact\n"), "window_start"),
], ids=["unit-in-equality", "unit-in-input-argument", "context-name-argument", "window-name-input-argument"])
def test_each_problem_is_reported_once(text, needle):
    problem = only(text)
    assert at(problem) == pos(text, needle)


# ---------------------------------------------------------------- count(...)


def test_count_with_zero_matches_yields_zero():
    text = HEADER + ("rule contacts(S, N) if sentence(S, T, D)\n"
                     "    and N = count(E where event(E, contact, ED) and event_sentence(E, S)).\n"
                     "rule no_contact_yet(S) if contacts(S, N) and N = 0.\n")
    assert lint(text, FILE) == []
    program = compile_text(text, FILE)
    sentences = [{"id": "s1", "type": "community_order", "date": "2007-12-21", "length_months": 12},
                 {"id": "s2", "type": "community_order", "date": "2007-12-22", "length_months": 12}]

    def run():
        none = evaluate(program, case(sentences=sentences), dt.date(2008, 1, 31))
        some = evaluate(program, case([contact("c1", "2007-12-27", "s1"), contact("c2", "2007-12-28", "s1")],
                                      sentences), dt.date(2008, 1, 31))
        return (sorted(none.kb.query("contacts", None, None)), sorted(none.kb.query("no_contact_yet", None)),
                sorted(some.kb.query("contacts", None, None)), sorted(some.kb.query("no_contact_yet", None)))

    none_counts, none_zero, some_counts, some_zero = run_in_thread(run)
    assert none_counts == [("s1", 0), ("s2", 0)]
    assert none_zero == [("s1",), ("s2",)]
    assert some_counts == [("s1", 2), ("s2", 0)]
    assert some_zero == [("s2",)]


def test_count_with_filter_that_matches_nothing_yields_zero():
    text = HEADER + ("rule video_contacts(S, N) if sentence(S, T, D) and N = count(E where event(E, contact, ED)\n"
                     "    and event_sentence(E, S) and event_field(E, mode, video)).\n")
    program = compile_text(text, FILE)
    evaluation = run_in_thread(lambda: evaluate(program, case([contact("c1", "2007-12-27", "s1")]),
                                                dt.date(2008, 1, 31)))
    assert run_in_thread(lambda: evaluation.kb.query("video_contacts", None, None)) == [("s1", 0)]


def test_count_not_grouped_by_any_variable():
    text = HEADER + "rule contacts_in_case(N) if as_of(A) and N = count(E where event(E, contact, D)).\n"
    assert lint(text, FILE) == []
    program = compile_text(text, FILE)

    def run():
        evaluation = evaluate(program, case([contact("c1", "2007-12-27", "s1")]), dt.date(2008, 1, 31))
        return evaluation.kb.query("contacts_in_case", None)

    assert run_in_thread(run) == [(1,)]


# ---------------------------------------------------------------- sum(...)


def test_sum_adds_up_once_per_counted_event_and_yields_zero_when_none():
    # Two 30-minute contacts on the same day are two contacts: 30 + 30 + 45 = 105, not 75.
    text = HEADER + ("rule contact_minutes(S, M) if sentence(S, T, D) and M = sum(Minutes for each E where\n"
                     "    event(E, contact, ED) and event_sentence(E, S) and event_field(E, duration_minutes, Minutes)).\n")
    assert lint(text, FILE) == []
    program = compile_text(text, FILE)
    sentences = [{"id": "s1", "type": "community_order", "date": "2007-12-21", "length_months": 12},
                 {"id": "s2", "type": "community_order", "date": "2007-12-22", "length_months": 12}]
    events = [contact("c1", "2007-12-27", "s1") | {"duration_minutes": 30},
              contact("c2", "2007-12-27", "s1") | {"duration_minutes": 30},
              contact("c3", "2007-12-28", "s1") | {"duration_minutes": 45},
              contact("c4", "2007-12-28", "s2")]          # no minutes recorded: adds nothing
    evaluation = run_in_thread(lambda: evaluate(program, case(events, sentences), dt.date(2008, 1, 31)))
    assert sorted(run_in_thread(lambda: evaluation.kb.query("contact_minutes", None, None))) == [("s1", 105), ("s2", 0)]


def test_sum_needs_its_summed_variable_bound_inside():
    text = HEADER + "rule m(N) if as_of(A) and N = sum(Minutes for each E where event(E, contact, D)).\n"
    problem = only(text)
    assert problem.message.startswith("unsafe variable Minutes: the summed variable must be bound")
    assert at(problem) == pos(text, "Minutes for")


def test_a_phase_in_hours_and_its_mistakes():
    body = ('standard "9.4" {\n  title "x"\n  quote "q"\n  recurring r {\n    after sentence\n'
            '    PHASES\n    counting contact\n    ends by supervision_end\n  }\n}\n')
    good = HEADER + body.replace("PHASES", "at least 15 hours every 1 week for 16 weeks")
    assert lint(good, FILE) == []
    info = compile_text(good, FILE).obligations["9.4/r"]
    assert (info.measure, info.deadlines[0].text) == ("hours", "at least 15 hours a week for 16 weeks")
    wrong = HEADER + body.replace("PHASES", "at least 15 minutes every 1 week")
    assert only(wrong).message == "unknown measure 'minutes': a phase counts events, or adds up hours"
    mixed = HEADER + body.replace("PHASES", "at least 15 hours every 1 week for 16 weeks\n    at least 1 every 1 week")
    assert "mixes phases counting events with phases counting hours" in only(mixed).message


# ---------------------------------------------------------------- plain-English templates


TEMPLATED = HEADER + """rule tier_four(S) if event(S, sentence, D) and tier_at(D, 4).
standard "9.5" {
  title "x"
  quote "q"
  obligation o {
    after sentence
    when tier_four(trigger_sentence)
    due within 2 working days
    met by contact
  }
}
"""


def test_lint_warns_about_a_condition_with_no_template_and_not_once_it_has_one():
    warnings = lint(TEMPLATED, FILE)
    assert [str(w) for w in warnings] == [
        f"{FILE}:{pos(TEMPLATED, 'tier_four(trigger')[0]}:{pos(TEMPLATED, 'tier_four(trigger')[1]}: warning: predicate "
        "'tier_four' is read out by explanations but has no plain-English template; expected explain tier_four(...) \"...\""]
    assert lint(TEMPLATED + 'explain tier_four(S) "{S} is a tier 4 sentence"\n', FILE) == []


def test_a_template_placeholder_must_be_one_of_its_variables():
    text = TEMPLATED + 'explain tier_four(S) "{Sentence} is a tier 4 sentence"\n'
    problem = only(text)
    assert problem.message == "the explanation of tier_four uses {Sentence}, which is not one of its variables"
    assert (problem.expected, at(problem)) == ("S", pos(text, "explain tier_four"))


def test_a_changeable_action_must_be_an_event_kind_with_real_fields():
    problem = only(HEADER + 'changeable contct "a contact"\n')
    assert problem.message == "unknown event kind 'contct'"
    problem = only(HEADER + 'changeable contact where colour = red "a contact"\n')
    assert problem.message == "unknown field 'colour' for event kind 'contact' in a changeable action"


# ---------------------------------------------------------------- nothing is run as Python


PAYLOAD = "__import__('os').system('touch {marker}')"


def test_python_in_a_quote_is_just_text(tmp_path):
    marker = tmp_path / "pwned"
    payload = PAYLOAD.format(marker=marker)
    text = HEADER + f'standard "9.3" {{\n  title "x"\n  quote "{payload}"\n  reading "{payload}"\n}}\n'
    assert lint(text, FILE) == []
    program = compile_text(text, FILE)
    assert program.standards["9.3"].quotes == (payload,)
    assert program.standards["9.3"].readings == (payload,)
    assert not marker.exists()


def test_python_as_a_name_is_a_syntax_error(tmp_path):
    marker = tmp_path / "pwned"
    text = HEADER + f"rule {PAYLOAD.format(marker=marker)}.\n"
    problem = only(text)
    assert at(problem) == (2, 6)
    assert problem.message == "syntax error: unexpected character"
    assert problem.found == "_"
    assert not marker.exists()


def test_python_as_a_top_level_item_is_a_syntax_error(tmp_path):
    marker = tmp_path / "pwned"
    text = HEADER + PAYLOAD.format(marker=marker) + "\n"
    problem = only(text)
    assert at(problem) == (2, 1)
    assert problem.found == "_"
    # Every top-level item's keyword (other items, e.g. `topic`, are added to the grammar over time).
    assert {"'edition'", "'rule'", "'standard'", "'topic'", "'dropped'"} <= expected_tokens(problem)
    with pytest.raises(PolicyError):
        compile_text(text, FILE)
    assert not marker.exists()


def test_python_in_a_string_constant_is_compared_as_text(tmp_path):
    marker = tmp_path / "pwned"
    payload = PAYLOAD.format(marker=marker)
    text = HEADER + (f'rule odd(E) if event(E, contact, D) and event_field(E, purpose, "{payload}").\n'
                     f'rule label(S, L) if sentence(S, T, D) and L = "{payload}".\n')
    assert lint(text, FILE) == []
    program = compile_text(text, FILE)
    events = [dict(contact("c1", "2007-12-27", "s1"), purpose=payload), contact("c2", "2007-12-28", "s1")]

    def run():
        evaluation = evaluate(program, case(events), dt.date(2008, 1, 31))
        return evaluation.kb.query("odd", None), evaluation.kb.query("label", None, None)

    odd, label = run_in_thread(run)
    assert odd == [("c1",)]
    assert label == [("s1", payload)]
    assert not marker.exists()


# ---------------------------------------------------------------- the nsr lint command


def test_cli_lint_clean_file(capsys):
    assert main(["lint", str(ROOT / "policies" / "2007.nsr")]) == 0
    assert capsys.readouterr().out.strip().endswith("2007.nsr: ok")


def test_cli_lint_reports_problems_and_exits_1(tmp_path, capsys):
    path = tmp_path / "bad.nsr"
    path.write_text(with_standard("mode = face_to_face", "mode = fax"), encoding="utf-8")
    assert main(["lint", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.splitlines() == [f"{path}:9:33: 'fax' is not a value of contact.mode; "
                                "expected face_to_face, telephone, video, letter, other"]


def test_cli_lint_several_files(tmp_path, capsys):
    good, bad = tmp_path / "good.nsr", tmp_path / "bad.nsr"
    good.write_text(VALID, encoding="utf-8")
    bad.write_text(HEADER + "rule p(S) if sentence(S, custody, D)\n", encoding="utf-8")
    assert main(["lint", str(good), str(bad)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{good}: ok"
    assert lines[1].startswith(f"{bad}:2:37: syntax error (found 'end of file'); expected ")
    assert len(lines) == 2


def test_cli_lint_missing_file(tmp_path, capsys):
    assert main(["lint", str(tmp_path / "absent.nsr")]) == 2   # input that cannot be read: exit 2
    assert "absent.nsr: cannot read" in capsys.readouterr().err
