"""A TextMate grammar for `.nsr` files (VS Code and other editors), generated from grammar/nsr.lark.

Keywords, the comparison operators and the shapes of dates, numbers and variables are read from
the Lark grammar's own terminals, so the highlighting cannot drift from the language: regenerate
with `python scripts/gen_editor_grammar.py` after changing the grammar (a test fails until then).
"""
from __future__ import annotations

import json
import re

from lark import Lark

from ..resources import read_text

SCOPE = "source.nsr"
GRAMMAR_FILE = "editors/vscode/syntaxes/nsr.tmLanguage.json"
_LITERALS = {"true", "false"}


def lark_terminals() -> dict[str, tuple[str, str]]:
    """Every terminal of the rule language: name -> (pattern type 'str' or 're', pattern text)."""
    parser = Lark(read_text("grammar", "nsr.lark"), parser="lalr")
    return {t.name: (t.pattern.type, t.pattern.value) for t in parser.terminals}


def keywords() -> list[str]:
    """The grammar's words: every literal terminal that is a lower-case word."""
    words = {value for kind, value in lark_terminals().values() if kind == "str" and re.fullmatch(r"[a-z_]+", value)}
    return sorted(words)


def _pattern(name: str) -> str:
    kind, value = lark_terminals()[name]
    return re.escape(value) if kind == "str" else value


def _alternatives(words: list[str]) -> str:
    return "|".join(sorted(words, key=lambda w: (-len(w), w)))


def tm_grammar() -> dict:
    words = keywords()
    control = [w for w in words if w not in _LITERALS]
    return {
        "$schema": "https://raw.githubusercontent.com/martinring/tmlanguage/master/tmlanguage.json",
        "name": "NSR (National Standards rules)",
        "scopeName": SCOPE,
        "fileTypes": ["nsr"],
        "comment": "Generated from grammar/nsr.lark by scripts/gen_editor_grammar.py; do not edit by hand.",
        "patterns": [{"include": f"#{name}"} for name in
                     ("comment", "string", "date", "number", "literal", "keyword", "call", "variable", "operator")],
        "repository": {
            "comment": {"name": "comment.line.number-sign.nsr", "match": _pattern("COMMENT")},
            "string": {"name": "string.quoted.double.nsr", "begin": '"', "end": '"',
                       "patterns": [{"name": "constant.character.escape.nsr", "match": r"\\."}]},
            "date": {"name": "constant.numeric.date.nsr", "match": rf"\b{_pattern('DATE')}\b"},
            "number": {"name": "constant.numeric.integer.nsr", "match": rf"\b{_pattern('INT')}\b"},
            "literal": {"name": "constant.language.boolean.nsr", "match": rf"\b(?:{_alternatives(sorted(_LITERALS))})\b"},
            "keyword": {"name": "keyword.control.nsr", "match": rf"\b(?:{_alternatives(control)})\b"},
            "call": {"name": "entity.name.function.nsr", "match": rf"\b{_pattern('NAME')}(?=\s*\()"},
            "variable": {"name": "variable.other.nsr", "match": rf"\b{_pattern('VAR')}\b"},
            "operator": {"name": "keyword.operator.nsr", "match": rf"{_pattern('CMP')}|[-+*/]"},
        },
    }


def tm_grammar_text() -> str:
    return json.dumps(tm_grammar(), indent=2) + "\n"
