"""Parse `.nsr` text into the typed syntax tree (`ast`), reporting syntax errors by position.

Every problem a rule file can hold is a `PolicyError` located at file:line:column, never an
exception from the machinery: bytes that are not UTF-8, impossible dates, and expressions nested
more than `MAX_NESTING` operations deep (the tree is walked recursively from here on, by the
checker, the compiler and every backend, so its depth is bounded here).
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from dataclasses import replace
from functools import lru_cache
from os import PathLike

from lark import Lark, Token, Transformer, Tree, v_args
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from . import ast
from ..resources import read_text
from .errors import Diagnostic, PolicyError, did_you_mean

# Readable names for the grammar's terminals, used in "expected ..." messages.
_TERMINAL_NAMES = {
    "NAME": "a lower_case name", "VAR": "a Variable", "INT": "a whole number", "DECIMAL": "a decimal number",
    "DATE": "a date (YYYY-MM-DD)",
    "STRING": "a quoted string", "CMP": "a comparison (=, !=, <, <=, >, >=)", "LPAR": "'('", "RPAR": "')'",
    "LBRACE": "'{'", "RBRACE": "'}'", "LSQB": "'['", "RSQB": "']'", "COMMA": "','", "DOT": "'.'",
    "PLUS": "'+'", "MINUS": "'-'", "STAR": "'*'", "SLASH": "'/'", "$END": "end of file",
}


@lru_cache(maxsize=1)
def _parser() -> Lark:
    text = read_text("grammar", "nsr.lark")
    return Lark(text, parser="lalr", propagate_positions=True, maybe_placeholders=False)


def _expected(names: set[str]) -> str:
    parser = _parser()
    shown = []
    for name in sorted(names):
        if name in _TERMINAL_NAMES:
            shown.append(_TERMINAL_NAMES[name])
            continue
        try:
            pattern = parser.get_terminal(name).pattern
            shown.append(repr(pattern.value) if pattern.type == "str" else name)
        except KeyError:
            shown.append(name)
    return ", ".join(sorted(set(shown)))


_BOM = "\ufeff"
MAX_NUMBER = 1_000_000_000   # whole numbers in rule files: the SQL backend computes in 64 bits
MAX_NESTING = 100   # operations one inside another: + - * / and shifts, count(...), sum(...)
_BRACKETS = re.compile(r'"(?:[^"\\]|\\.)*"|#[^\n]*|[()]')   # strings and comments hold no brackets
_OPERATIONS = {"add", "subtract", "multiply", "divide", "shift_forward", "shift_back", "count", "total", "least",
               "greatest"}


def read_policy(path: str | PathLike[str]) -> str:
    """A rule file's text; PolicyError when it cannot be read or is not UTF-8."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise PolicyError([Diagnostic(ast.Span(str(path), 0, 0),
                                      f"cannot read: {error.strerror or error}")]) from None
    return decode_policy(data, str(path))


def decode_policy(data: bytes, file: str) -> str:
    """UTF-8 text; a byte that is not UTF-8 is reported at its line and column, with its value."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[:error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1:].decode("utf-8").removeprefix(_BOM)) + 1
        raise PolicyError([Diagnostic(ast.Span(file, line, column),
                                      f"the file is not UTF-8 text: byte 0x{error.object[error.start]:02x} "
                                      "cannot be read",
                                      expected="a file saved as UTF-8")]) from None


def parse_policy(text: str, file: str = "<string>") -> ast.Policy:
    """Parse a whole policy file; raise PolicyError naming file:line:column on bad syntax."""
    text = text.removeprefix(_BOM)   # some editors start a UTF-8 file with one
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as error:
        raise PolicyError([_syntax_diagnostic(error, text, file)]) from None
    too_deep = nesting_problem(tree, text, file)
    if too_deep is not None:
        raise PolicyError([too_deep])
    try:
        return _ToAst(file).transform(tree)
    except VisitError as error:
        if isinstance(error.orig_exc, PolicyError):
            raise error.orig_exc from None
        raise


def nesting_problem(tree: Tree, text: str, file: str) -> Diagnostic | None:
    """The first operation, or bracket, nested more than MAX_NESTING deep.  Walked without
    recursion: a sum of 5,000 terms is a tree 5,000 levels deep."""
    stack = [(tree, 0)]
    while stack:
        node, depth = stack.pop()
        if node.data in _OPERATIONS:
            depth += 1
            if depth > MAX_NESTING:
                return Diagnostic(ast.Span(file, getattr(node.meta, "line", 0), getattr(node.meta, "column", 0)),
                                  f"expression too long or too deeply nested: more than {MAX_NESTING} operations "
                                  "one inside another", expected=f"at most {MAX_NESTING} (a sum of at most "
                                  f"{MAX_NESTING + 1} terms): split it over several rules")
        stack.extend((child, depth) for child in node.children if isinstance(child, Tree))
    depth = 0
    for match in _BRACKETS.finditer(text):   # brackets leave no node in the tree
        depth += {"(": 1, ")": -1}.get(match.group(), 0)
        if depth > MAX_NESTING:
            line = text.count("\n", 0, match.start()) + 1
            column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
            return Diagnostic(ast.Span(file, line, column), f"brackets nested more than {MAX_NESTING} deep",
                              expected=f"at most {MAX_NESTING}: split the expression over several rules")
    return None


def _syntax_diagnostic(error: UnexpectedInput, text: str, file: str) -> Diagnostic:
    line = getattr(error, "line", 0) or 0
    column = getattr(error, "column", 0) or 0
    unclosed = _unclosed_string(error, text, file)
    if unclosed is not None:
        return unclosed
    if isinstance(error, UnexpectedToken):
        token = error.token
        if token.type == "$END":
            line, column = _end_of_last_token(text)
            found = "end of file"
        else:
            found = str(token)
        # The parser state's own acceptable tokens: LALR's error set merges states and over-reports.
        try:
            expected = set(error.interactive_parser.accepts()) - {"$END"} or set(error.expected)
        except Exception:
            expected = set(error.expected)
        missing_unit = _missing_unit(error, file)
        if missing_unit is not None:
            return missing_unit
        return Diagnostic(ast.Span(file, line, column), "syntax error", found, _expected(expected),
                          _syntax_hint(error, token, expected))
    if isinstance(error, UnexpectedCharacters):
        found = text[error.pos_in_stream] if error.pos_in_stream < len(text) else "end of file"
        allowed = set(error.allowed or ())
        return Diagnostic(ast.Span(file, line, column), "syntax error: unexpected character", found,
                          _expected(allowed) if allowed else None)
    if isinstance(error, UnexpectedEOF):
        lines = text.splitlines() or [""]
        return Diagnostic(ast.Span(file, len(lines), len(lines[-1]) + 1), "syntax error: unexpected end of file",
                          None, _expected(set(error.expected)))
    return Diagnostic(ast.Span(file, line, column), "syntax error")


_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"|#[^\n]*|"')   # strings, comments, and a quote that is never closed


def _unclosed_string(error: UnexpectedInput, text: str, file: str) -> Diagnostic | None:
    """A string left open is reported where it starts, not where the parser stumbles.  Strings may
    span lines, so `title "Example` runs on to the next '"' (a line or more later) and the words
    after that are taken as code: when the error is on the line where a string that spans lines
    ends, that string is the mistake.  A '"' with no other after it is one too."""
    position = getattr(error, "pos_in_stream", None)
    if isinstance(error, UnexpectedToken) and error.token.type != "$END":
        position = error.token.start_pos
    if position is None:
        position = len(text)
    error_line = text.count("\n", 0, position)
    for match in _STRINGS.finditer(text):
        if match.start() > position:
            break
        body = match.group()
        if body.startswith("#"):
            continue
        start_line = text.count("\n", 0, match.start())
        column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        opened = text[match.start():].split("\n", 1)[0]
        shown = opened if len(opened) <= 30 else opened[:29] + "…"
        if body == '"' or (body.endswith('"') and "\n" in body and text.count("\n", 0, match.end()) == error_line):
            if body == '"':
                hint = "no other '\"' follows it in the file"
            else:
                carried = body.rsplit("\n", 1)[1].strip().rstrip('"').strip()
                carried = carried if len(carried) <= 30 else carried[:29] + "…"
                hint = (f"as written it runs on to line {error_line + 1}" +
                        (f" and takes {carried!r} with it" if carried else ""))
            return Diagnostic(ast.Span(file, start_line + 1, column), "syntax error: string not closed", shown,
                              f"a closing '\"' on line {start_line + 1}", hint)
    return None


_NUMBER_WORDS = {word: number for number, word in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_NUMBER_WORDS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "ninety": 90, "hundred": 100})


def _keywords(names: set[str]) -> list[str]:
    """The keywords among terminal names ('TITLE' -> 'title')."""
    words = []
    for name in names:
        try:
            pattern = _parser().get_terminal(name).pattern
        except KeyError:
            continue
        if pattern.type == "str" and pattern.value.isidentifier():
            words.append(pattern.value)
    return words


def _value_stack(error: UnexpectedToken) -> list:
    try:
        return list(error.interactive_parser.parser_state.value_stack)
    except Exception:
        return []


def _syntax_hint(error: UnexpectedToken, token: Token, expected: set[str]) -> str | None:
    """A misspelt keyword ('titel': did you mean 'title'?), a number in words, an 'or' between
    conditions, or the block a missing '}' leaves open."""
    if token.type == "NAME" and "INT" in expected and str(token).lower() in _NUMBER_WORDS:
        return f"write the number in figures: '{_NUMBER_WORDS[str(token).lower()]}'"
    if token.type == "OR" and "AND" in expected:
        return ("conditions are joined only by 'and': for one of two conditions write a rule for each "
                "(rules with the same head are alternatives) and use that predicate, or write X in [a, b] "
                "when a value may be one of several")
    if token.type in ("NAME", "VAR"):   # a word that is no keyword here: perhaps a misspelt one
        hint = did_you_mean(str(token), _keywords(expected))
        if hint:
            return hint
    if "RBRACE" in expected and (token.type == "$END" or token.column == 1):
        stack = _value_stack(error)
        opens: list[int] = []   # braces still open: a '}' not yet reduced into its block closes one
        for i, value in enumerate(stack):
            if isinstance(value, Token) and value.type == "LBRACE":
                opens.append(i)
            elif isinstance(value, Token) and value.type == "RBRACE" and opens:
                opens.pop()
        if opens:
            head = []
            for value in reversed(stack[: opens[-1]]):
                if not isinstance(value, Token) or value.type in ("LBRACE", "RBRACE"):
                    break
                head.insert(0, str(value))
            brace = stack[opens[-1]]
            return f"the '{{' of {' '.join(head) or 'a block'} at line {brace.line} is never closed"
    return None


_DURATION_STARTS = {"within", "every", "for"}


def _missing_unit(error: UnexpectedToken, file: str) -> Diagnostic | None:
    """`due within 5` then the next line: the parser took the next keywords for a unit; say what is missing."""
    stack = _value_stack(error)
    keywords = set(_keywords({terminal.name for terminal in _parser().terminals}))
    index = len(stack) - 1
    while index >= 0 and isinstance(stack[index], Token) and stack[index].type == "NAME" \
            and str(stack[index]) in keywords and len(stack) - index <= 2:
        index -= 1
    if index < 1 or not isinstance(stack[index], Token) or stack[index].type not in ("INT", "VAR"):
        return None
    before = stack[index - 1]
    if not (isinstance(before, Token) and str(before) in _DURATION_STARTS):
        return None
    amount = stack[index]
    return Diagnostic(ast.Span(file, amount.line, amount.column), f"duration '{amount}' has no time unit",
                      str(amount), "working days, days, weeks or months",
                      f"write '{before} {amount} working days' (or days, weeks, months)")


def _end_of_last_token(text: str) -> tuple[int, int]:
    """Just after the last thing that is not blank or a comment: where a missing '.' or '}' belongs."""
    lines = text.splitlines() or [""]
    for number in range(len(lines), 0, -1):
        code = re.sub(r'"(?:[^"\\]|\\.)*"', lambda m: "x" * len(m.group()), lines[number - 1]).split("#", 1)[0]
        if code.strip():
            return number, len(code.rstrip()) + 1
    return 1, 1


def _unquote(token: Token) -> str:
    body = str(token)[1:-1]
    return body.replace('\\"', '"').replace("\\\\", "\\")


_UNITS = {
    ("working", "day"): "working_days", ("working", "days"): "working_days",
    ("day",): "days", ("days",): "days", ("calendar", "day"): "days", ("calendar", "days"): "days",
    ("week",): "weeks", ("weeks",): "weeks", ("month",): "months", ("months",): "months",
    ("hour",): "hours", ("hours",): "hours",   # deadlines only (the checker refuses them elsewhere)
}


def _measure(measure: tuple) -> str:
    """What a phase counts: events, or hours ("hour" and "hours"); anything else is kept for the checker."""
    word = measure[1]
    return "hours" if word in ("hour", "hours") else word


class _ToAst(Transformer):
    """Lark tree -> ast nodes.  Unknown time units are kept as written for the checker."""

    def __init__(self, file: str):
        super().__init__()
        self.file = file

    def _span(self, meta) -> ast.Span:
        return ast.Span(self.file, getattr(meta, "line", 0), getattr(meta, "column", 0))

    def _tspan(self, token: Token) -> ast.Span:
        return ast.Span(self.file, token.line, token.column)

    # ----------------------------------------------------------- values and expressions
    def name(self, children):
        (token,) = children
        return ast.Const(str(token), self._tspan(token))

    def decimal(self, children):
        (token,) = children
        whole = str(token).split(".")[0]
        if int(whole) > MAX_NUMBER:
            raise PolicyError([Diagnostic(self._tspan(token), "number too large", str(token),
                                          f"at most {MAX_NUMBER:,}")])
        return ast.Const(Decimal(str(token)), self._tspan(token))

    def integer(self, children):
        (token,) = children
        return ast.Const(self._whole(token), self._tspan(token))

    def _whole(self, token: Token) -> int:
        value = int(token)
        if value > MAX_NUMBER:
            raise PolicyError([Diagnostic(self._tspan(token), "number too large", str(token),
                                          f"at most {MAX_NUMBER:,}")])
        return value

    def date(self, children):
        (token,) = children
        try:
            value = dt.date.fromisoformat(str(token))
        except ValueError:
            raise PolicyError([Diagnostic(self._tspan(token), "not a valid date", str(token), "a real calendar date")])
        return ast.Const(value, self._tspan(token))

    def string(self, children):
        (token,) = children
        return ast.Const(_unquote(token), self._tspan(token))

    def true(self, children):
        return ast.Const(True)

    def false(self, children):
        return ast.Const(False)

    def var(self, children):
        (token,) = children
        return ast.Var(str(token), self._tspan(token))

    @v_args(meta=True)
    def unit(self, meta, children):
        words = tuple(str(c) for c in children)
        return (_UNITS.get(words, " ".join(words)), " ".join(words))

    @v_args(meta=True)
    def duration(self, meta, children):
        amount_token, (unit, text) = children
        amount = self._whole(amount_token) if amount_token.type == "INT" else ast.Var(str(amount_token), self._tspan(amount_token))
        return ast.Duration(amount, unit, f"{amount_token} {text}", self._span(meta))

    @v_args(meta=True)
    def add(self, meta, children):
        return ast.Arith("+", children[0], children[1], self._span(meta))

    @v_args(meta=True)
    def subtract(self, meta, children):
        return ast.Arith("-", children[0], children[1], self._span(meta))

    @v_args(meta=True)
    def multiply(self, meta, children):
        return ast.Arith("*", children[0], children[1], self._span(meta))

    @v_args(meta=True)
    def divide(self, meta, children):
        return ast.Arith("/", children[0], children[1], self._span(meta))

    @v_args(meta=True)
    def shift_forward(self, meta, children):
        return ast.Shift(children[0], +1, children[1], self._span(meta))

    @v_args(meta=True)
    def shift_back(self, meta, children):
        return ast.Shift(children[0], -1, children[1], self._span(meta))

    @v_args(meta=True)
    def count(self, meta, children):
        var_token, body = children
        return ast.Count(ast.Var(str(var_token), self._tspan(var_token)), body, self._span(meta))

    @v_args(meta=True)
    def total(self, meta, children):
        summed, var_token, body = children
        return ast.Count(ast.Var(str(var_token), self._tspan(var_token)), body, self._span(meta),
                         ast.Var(str(summed), self._tspan(summed)), "sum")

    @v_args(meta=True)
    def least(self, meta, children):
        return self._extreme(meta, children, "min")

    @v_args(meta=True)
    def greatest(self, meta, children):
        return self._extreme(meta, children, "max")

    def _extreme(self, meta, children, aggregate: str) -> ast.Count:
        value, var_token, body = children
        return ast.Count(ast.Var(str(var_token), self._tspan(var_token)), body, self._span(meta),
                         ast.Var(str(value), self._tspan(value)), aggregate)

    # ----------------------------------------------------------- results and inputs
    @v_args(meta=True)
    def result(self, meta, children):
        atom, title = children
        return ast.Result(atom, _unquote(title), self._span(meta))

    def kind(self, children):
        return ("kind", str(children[0]))

    def library_import(self, children):
        (name,) = children
        return ast.Import(_unquote(name), self._tspan(name))

    @v_args(meta=True)
    def input(self, meta, children):
        name, *fields, what = children
        return ast.Input(str(name), tuple(fields), _unquote(what), self._tspan(name))

    def input_field(self, children):
        name, (type_name, choices) = children
        return ast.InputField(str(name), type_name, choices, self._tspan(name))

    def input_scalar(self, children):
        return (str(children[0]), ())

    def input_choice(self, children):
        values = tuple(c.value for c in children)
        kinds = {type(v) for v in values}
        kind = {frozenset({int}): "integer", frozenset({str}): "string"}.get(frozenset(kinds), "name")
        if kind == "string" and all(v.isidentifier() and v.islower() for v in values):
            kind = "name"   # lower_case names (static, dynamic), not quoted text
        return (kind, values)

    # ----------------------------------------------------------- literals and rules
    @v_args(meta=True)
    def atom(self, meta, children):
        name, *args = children
        return ast.Atom(str(name), tuple(a for a in args if a is not None), self._span(meta))

    @v_args(meta=True)
    def positive(self, meta, children):
        return ast.Positive(children[0], self._span(meta))

    @v_args(meta=True)
    def negative(self, meta, children):
        return ast.Negative(children[0], self._span(meta))

    @v_args(meta=True)
    def compare(self, meta, children):
        left, op, right = children
        return ast.Compare(str(op), left, right, self._span(meta))

    @v_args(meta=True)
    def member(self, meta, children):
        expr, *values = children
        return ast.Member(expr, tuple(values), self._span(meta))

    def body(self, children):
        return tuple(children)

    @v_args(meta=True)
    def rule(self, meta, children):
        head, *rest = children
        given = next((r for r in rest if isinstance(r, list)), [])
        body = next((r for r in rest if isinstance(r, tuple)), ())
        return ast.Rule(head, body, self._span(meta), given=tuple(given))

    def given(self, children):
        return [str(c) for c in children]

    # ----------------------------------------------------------- obligations
    @v_args(meta=True)
    def filter_compare(self, meta, children):
        field, op, value = children
        return ast.Filter(str(field), str(op), (value,), self._span(meta))

    @v_args(meta=True)
    def filter_in(self, meta, children):
        field, *values = children
        return ast.Filter(str(field), "in", tuple(values), self._span(meta))

    def filters(self, children):
        return tuple(children)

    @v_args(meta=True)
    def _pattern(self, meta, children) -> ast.EventPattern:
        kind, *rest = children
        earlier = "earlier" in rest
        filters = next((r for r in rest if isinstance(r, tuple)), ())
        return ast.EventPattern(str(kind), filters, self._tspan(kind), earlier)

    def including_earlier(self, children):
        return "earlier"

    @v_args(meta=True)
    def trigger(self, meta, children):
        return ("trigger", self._pattern(meta, children))

    @v_args(meta=True)
    def met_by(self, meta, children):
        return ("met_by", self._pattern(meta, children))

    @v_args(meta=True)
    def counted_by(self, meta, children):
        return ("counted_by", self._pattern(meta, children))

    def when(self, children):
        return ("when", children[0])

    def window_when(self, children):
        return ("window_when", children[0])

    def due_within(self, children):
        return ("within", children[0])

    def due_same_day(self, children):
        return ("same_day", None)

    def due_same_or_next(self, children):
        return ("same_or_next_working_day", None)

    def due_if(self, children):
        return ("if", children[0])

    def due_otherwise(self, children):
        return ("otherwise", ())

    @v_args(meta=True)
    def deadline(self, meta, children):
        rule, duration = children[0]
        condition, otherwise = None, False
        if len(children) > 1:
            tag, body = children[1]
            condition, otherwise = body, tag == "otherwise"
        return ("deadline", ast.Deadline(rule, duration, condition, otherwise, self._span(meta)))

    def judgement(self, children):
        return ("judgement", True)

    @v_args(meta=True)
    def exception(self, meta, children):
        body, paragraph = children
        return ("exception", ast.Exception_(body, _unquote(paragraph), self._span(meta)))

    def reading(self, children):
        return ("reading", _unquote(children[0]))

    @v_args(meta=True)
    def needs(self, meta, children):
        atom, what, place = children
        return ("needs", ast.Need(atom, _unquote(what), _unquote(place), self._span(meta)))

    @v_args(meta=True)
    def phase_every(self, meta, children):
        count, *rest = children
        measure = rest.pop(0) if rest and isinstance(rest[0], tuple) else ("measure", "events", None)
        every, *rest = rest
        return ("phase", ast.Phase(self._whole(count), every, rest[0] if rest else None, self._span(meta),
                                   _measure(measure)))

    @v_args(meta=True)
    def phase_throughout(self, meta, children):
        measure = children[1] if len(children) > 1 else ("measure", "events", None)
        return ("phase", ast.Phase(self._whole(children[0]), None, None, self._span(meta), _measure(measure)))

    def measure(self, children):
        return ("measure", str(children[0]), self._tspan(children[0]))

    def paused(self, children):
        return ("paused", tuple(str(c) for c in children))

    def ends(self, children):
        return ("ends", str(children[0]))

    @staticmethod
    def _collect(items) -> dict[str, list]:
        found: dict[str, list] = {}
        for tag, value in items:
            found.setdefault(tag, []).append(value)
        return found

    def _block(self, children) -> dict:
        """The common head of obligation and recurring blocks: name, optional title, trigger, when."""
        name, *rest = children
        title = _unquote(rest.pop(0)) if rest and isinstance(rest[0], Token) else None
        parts = self._collect(rest)
        common = dict(name=str(name), title=title, trigger=parts.get("trigger", [None])[-1],
                      when=tuple(lit for body in parts.get("when", []) for lit in body),
                      readings=tuple(parts.get("reading", [])), span=self._tspan(name),
                      needs=tuple(parts.get("needs", [])))
        return {"common": common, **parts}

    def obligation(self, children):
        parts = self._block(children)
        return ast.Obligation(
            **parts["common"],
            deadlines=tuple(parts.get("deadline", [])),
            met_by=tuple(parts.get("met_by", [])),
            judgement=bool(parts.get("judgement")),
            exceptions=tuple(parts.get("exception", [])),
        )

    def recurring(self, children):
        parts = self._block(children)
        return ast.Recurring(
            **parts["common"],
            window_when=tuple(lit for body in parts.get("window_when", []) for lit in body),
            phases=tuple(parts.get("phase", [])),
            counted_by=parts.get("counted_by", [None])[-1],
            paused_during=tuple(k for group in parts.get("paused", []) for k in group),
            ends_by=parts.get("ends", [None])[-1],
        )

    # ----------------------------------------------------------- standards and editions
    def title(self, children):
        return ("title", _unquote(children[0]))

    def section(self, children):
        return ("section", _unquote(children[0]))

    def quote(self, children):
        return ("quote", (_unquote(children[0]), self._tspan(children[0])))

    def per(self, children):
        return ("per", _unquote(children[0]))

    def because(self, children):
        return ("because", _unquote(children[0]))

    def extends(self, children):
        return ("extends", (_unquote(children[0]), self._tspan(children[0])))

    def withdraw(self, children):
        ident, *rest = children
        parts = self._collect(rest)
        return ast.Withdrawal(_unquote(ident), parts.get("per", [None])[-1], parts.get("because", [None])[-1],
                              self._tspan(ident))

    def publisher(self, children):
        return ("publisher", _unquote(children[0]))

    def source(self, children):
        return ("source", _unquote(children[0]))

    def in_force(self, children):
        dates = [self.date([c]).value for c in children]
        return ("in_force", (dates[0], dates[1] if len(dates) > 1 else None))

    def override(self, children):
        return self._standard(children, overrides=True)

    def standard(self, children):
        return self._standard(children)

    def _standard(self, children, overrides: bool = False) -> ast.Standard:
        ident, *rest = children
        items = [c if isinstance(c, tuple) else (type(c).__name__, c) for c in rest]
        parts = self._collect(items)
        span = self._tspan(ident)
        rules = tuple(ast.Rule(r.head, r.body, r.span, _unquote(ident), r.given) for r in parts.get("Rule", []))
        quotes = parts.get("quote", [])
        return ast.Standard(
            id=_unquote(ident), title=parts.get("title", [None])[-1], section=parts.get("section", [None])[-1],
            quotes=tuple(text for text, _ in quotes), readings=tuple(parts.get("reading", [])),
            obligations=tuple(parts.get("Obligation", [])), recurrings=tuple(parts.get("Recurring", [])),
            rules=rules, span=span, quote_spans=tuple(where for _, where in quotes), overrides=overrides,
            per=parts.get("per", [None])[-1], because=parts.get("because", [None])[-1],
        )

    @v_args(meta=True)
    def edition(self, meta, children):
        name, *rest = children
        parts = self._collect(rest)
        in_force = parts.get("in_force", [(None, None)])[-1]
        base, base_span = parts.get("extends", [(None, ast.NOWHERE)])[-1]
        return ast.Edition(
            name=_unquote(name), title=parts.get("title", [None])[-1],
            publisher=parts.get("publisher", [None])[-1], in_force_from=in_force[0], in_force_to=in_force[1],
            source=parts.get("source", [None])[-1], span=self._tspan(name), extends=base, extends_span=base_span,
        )

    # ----------------------------------------------------------- correspondence between editions
    def covers(self, children):
        return ("covers", tuple(ast.TopicMember(_unquote(c), self._tspan(c)) for c in children))

    def added(self, children):
        return ("added", _unquote(children[0]))

    def topic(self, children):
        name, *rest = children
        title = _unquote(rest.pop(0)) if rest and isinstance(rest[0], Token) else None
        parts = self._collect(rest)
        return ast.Topic(str(name), title, tuple(m for group in parts.get("covers", []) for m in group),
                         parts.get("added", [None])[-1], tuple(parts.get("reading", [])), self._tspan(name))

    def dropped_topic(self, children):
        name, reason = children
        return ast.DroppedTopic(str(name), _unquote(reason), self._tspan(name))

    def start(self, children):
        editions = [c for c in children if isinstance(c, ast.Edition)]
        kinds = [c[1] for c in children if isinstance(c, tuple) and c[0] == "kind"]
        if editions and kinds:
            editions[0] = replace(editions[0], kind=kinds[-1])
        return ast.Policy(
            file=self.file,
            edition=editions[0] if editions else None,
            standards=tuple(c for c in children if isinstance(c, ast.Standard)),
            rules=tuple(c for c in children if isinstance(c, ast.Rule)),
            topics=tuple(c for c in children if isinstance(c, ast.Topic)),
            dropped=tuple(c for c in children if isinstance(c, ast.DroppedTopic)),
            templates=tuple(c for c in children if isinstance(c, ast.Template)),
            changeables=tuple(c for c in children if isinstance(c, ast.Changeable)),
            results=tuple(c for c in children if isinstance(c, ast.Result)),
            inputs=tuple(c for c in children if isinstance(c, ast.Input)),
            withdrawals=tuple(c for c in children if isinstance(c, ast.Withdrawal)),
            imports=tuple(c for c in children if isinstance(c, ast.Import)),
        )

    # ----------------------------------------------------------- plain English
    @v_args(meta=True)
    def explain(self, meta, children):
        atom, text = children
        return ast.Template(atom, _unquote(text), self._span(meta))

    @v_args(meta=True)
    def changeable(self, meta, children):
        kind, *rest = children
        filters = rest[0] if len(rest) > 1 else ()
        return ast.Changeable(ast.EventPattern(str(kind), tuple(filters), self._tspan(kind)), _unquote(rest[-1]),
                              self._span(meta))
