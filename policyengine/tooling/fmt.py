"""`nsr fmt`: one canonical layout for `.nsr` files, keeping every comment.

The layout is driven by the Lark parse tree, not by knowledge of each construct, so it keeps
working when the grammar gains declarations:

* every item of the file, and every child between a construct's `{` and `}`, starts its own
  line, indented two spaces per level; the `}` closes on a line of its own;
* inside an item, tokens are separated by one space, except none before `,` `)` `]` `.` and
  none after `(` `[` or between a name and its `(`;
* a line break the writer put inside an item (a long rule body, say) is kept, indented four
  spaces beyond the item and four more per bracket still open; blank lines between items are
  kept, at most one, never just after a `{` or just before a `}`;
* a comment on its own line keeps its own line at the indentation of what follows; a comment
  after code stays at the end of that line, two spaces after it.

The result is checked before it is returned: it must lex to exactly the same tokens and the
same comments as the input, so formatting can never change what a policy means.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedInput

from ..resources import read_text

INDENT = "  "
CONTINUATION = "    "
_COMMENT = re.compile(r"#[^\n]*")
_NO_SPACE_BEFORE = {"COMMA", "RPAR", "RSQB", "DOT", "COLON"}
_NO_SPACE_AFTER = {"LPAR", "LSQB"}
_OPENERS, _CLOSERS = {"LPAR", "LSQB"}, {"RPAR", "RSQB"}


class FormatError(Exception):
    """The file does not parse (the message is the parser's diagnostic), or formatting failed its own check."""


@lru_cache(maxsize=1)
def _parser() -> Lark:
    """The rule language's own grammar, keeping the keyword and punctuation tokens in the tree."""
    return Lark(read_text("grammar", "nsr.lark"), parser="lalr", keep_all_tokens=True, maybe_placeholders=False)


@dataclass(frozen=True)
class _Place:
    kind: str      # "item" (starts a line), "close" (a block's '}'), "inline"
    depth: int     # indentation level of the item this token belongs to


def _first_token(node) -> Token | None:
    if isinstance(node, Token):
        return node
    for child in node.children:
        found = _first_token(child)
        if found is not None:
            return found
    return None


def _places(tree: Tree) -> tuple[dict[int, _Place], dict[int, int]]:
    """Where each token (by start position) sits in the layout, from the tree's shape alone; and
    which node holds it (a name and the '(' after it in one node are a call: `p(X)`, `count(`)."""
    places: dict[int, _Place] = {}
    parents: dict[int, int] = {}

    def visit(node, depth: int, parent: int = 0) -> None:
        if isinstance(node, Token):
            places.setdefault(node.start_pos, _Place("inline", depth))
            parents[node.start_pos] = parent
            return
        children = node.children
        opens = [i for i, c in enumerate(children) if isinstance(c, Token) and c.type == "LBRACE"]
        closes = [i for i, c in enumerate(children) if isinstance(c, Token) and c.type == "RBRACE"]
        inner: range = range(0)
        if node.data == "start":
            inner = range(len(children))
            depth = -1
        elif opens and closes and opens[0] < closes[-1]:
            inner = range(opens[0] + 1, closes[-1])
            if len(inner):
                places[children[closes[-1]].start_pos] = _Place("close", depth)
        for index, child in enumerate(children):
            if index in inner:
                first = _first_token(child)
                if first is not None:
                    places[first.start_pos] = _Place("item", depth + 1)
                visit(child, depth + 1, id(node))
            else:
                visit(child, depth, id(node))

    visit(tree, 0)
    return places, parents


def _tokens(tree: Tree) -> list[Token]:
    return sorted((t for t in tree.scan_values(lambda v: isinstance(v, Token))), key=lambda t: t.start_pos)


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: str | None = None     # the line being built
        self.opened = True                  # the last line opened a block (or nothing written yet)
        self.force_break = False            # a trailing comment ended the line
        self.last: str | None = None        # the type of the last token on the current line

    def flush(self) -> None:
        if self.current is not None:
            self.lines.append(self.current.rstrip())
            self.opened = self.last == "LBRACE"
            self.current, self.last = None, None

    def start(self, indent: str, text: str, blank: bool) -> None:
        self.flush()
        if blank and not self.opened and self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.current = indent + text
        self.force_break = False

    def text(self) -> str:
        self.flush()
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return "\n".join(self.lines) + "\n" if self.lines else ""


def format_text(text: str) -> str:
    """The canonical layout of a policy file; raises FormatError when it does not parse."""
    from ..language.errors import PolicyError
    from ..language.parse import nesting_problem, parse_policy
    text = text.replace("\r\n", "\n").removeprefix("\ufeff")
    try:
        tree = _parser().parse(text)
    except UnexpectedInput as error:
        try:
            parse_policy(text, "<fmt>")
        except PolicyError as diagnostic:
            raise FormatError(str(diagnostic.diagnostics[0]).removeprefix("<fmt>:")) from None
        raise FormatError(str(error)) from None
    too_deep = nesting_problem(tree, text, "<fmt>")   # the layout below walks the tree recursively
    if too_deep is not None:
        raise FormatError(str(too_deep).removeprefix("<fmt>:"))
    places, parents = _places(tree)
    tokens = _tokens(tree)
    out = _Writer()
    previous: Token | None = None
    position = 0
    nesting = 0                             # brackets open inside the current item
    for token in tokens + [None]:
        end = token.start_pos if token is not None else len(text)
        place = places.get(token.start_pos, _Place("inline", 0)) if token is not None else _Place("item", 0)
        item_indent = INDENT * max(place.depth, 0)
        gap = text[position:end]
        # Comments in the gap, in order: trailing (same line as code) or on their own lines.
        cursor = 0
        for match in _COMMENT.finditer(gap):
            before = gap[cursor:match.start()]
            comment = match.group().rstrip()
            if "\n" not in before and out.current is not None and cursor == 0:
                out.current = out.current.rstrip() + "  " + comment
                out.force_break = True
            else:
                indent = item_indent
                if place.kind == "close":
                    indent = INDENT * (place.depth + 1)
                elif place.kind == "inline":
                    indent = INDENT * max(place.depth, 0) + CONTINUATION * (1 + nesting)
                out.start(indent, comment, before.count("\n") >= 2)
                out.force_break = True
            cursor = match.end()
        if token is None:
            break
        rest = gap[cursor:]
        value = text[token.start_pos:token.end_pos]
        if place.kind == "item":
            nesting = 0
            out.start(item_indent, value, rest.count("\n") >= 2)
        elif place.kind == "close":
            out.start(item_indent, value, False)
        elif out.current is None or out.force_break or "\n" in rest:
            inside = max(nesting - (token.type in _CLOSERS), 0)
            out.start(INDENT * max(place.depth, 0) + CONTINUATION * (1 + inside), value, False)
        else:
            call = token.type == "LPAR" and previous is not None and parents[previous.start_pos] == parents[token.start_pos]
            out.current += ("" if call else _space(previous, token)) + value
        out.last = token.type
        nesting += (token.type in _OPENERS) - (token.type in _CLOSERS)
        previous = token
        position = token.end_pos
    result = out.text()
    _check_same(text, result)
    return result


def _space(previous: Token | None, token: Token) -> str:
    if previous is None or token.type in _NO_SPACE_BEFORE or previous.type in _NO_SPACE_AFTER:
        return ""
    return " "


def _lexed(text: str) -> tuple[list[tuple[str, str]], list[str]]:
    tree = _parser().parse(text)
    return [(t.type, str(t)) for t in _tokens(tree)], _comments(text, tree)


def _comments(text: str, tree: Tree) -> list[str]:
    found, position = [], 0
    for token in _tokens(tree) + [None]:
        end = token.start_pos if token is not None else len(text)
        found += [m.group().rstrip() for m in _COMMENT.finditer(text[position:end])]
        if token is not None:
            position = token.end_pos
    return found


def _check_same(before: str, after: str) -> None:
    if _lexed(before) != _lexed(after):
        raise FormatError("internal error: formatting would change the tokens or comments; file left as it was")


def changed_lines(before: str, after: str) -> int:
    """How many lines a reformat changes (removed plus added), for `--check` reports."""
    import difflib
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return sum(1 for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---")))
