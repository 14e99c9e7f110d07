"""`nsr fmt`: the canonical layout keeps every comment, is idempotent and never changes meaning.

Meaning is checked on the real policies: each file is formatted in a temporary copy and both
versions are compiled; the knowledge bases (rules, standards, obligations, edition) must be
identical once source positions, which formatting moves, are set aside.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from lark import Lark

from policyengine.cli import main
from policyengine.compiler.compile import compile_text
from policyengine.language.ast import NOWHERE
from policyengine.language.parse import parse_policy
from policyengine.resources import read_text
from policyengine.tooling import fmt
from policyengine.tooling.fmt import FormatError, format_text

ROOT = Path(__file__).resolve().parent.parent
POLICIES = sorted((ROOT / "policies").rglob("*.nsr"))
EDITIONS = [p for p in POLICIES if p.parent.name == "policies" and p.name != "prelude.nsr"]
SHARED = [p for p in POLICIES if p not in EDITIONS]       # the prelude and policies/library/*

MESSY = '''# a policy file
edition "test" { # header
  title "T" publisher "P" # who
     in force from 2007-08-03 }
# rule broken(X) if @@@ }}} not even syntax
standard "9.1" {  # standard


  title "Example"
  quote "a # inside a string is text"  # but this is a comment
  obligation first_meeting {
    after sentence # trigger
        # when nothing
    due within 5 working days # five
    met by contact where mode = face_to_face # and with = nobody

  }
}



rule p(S) if # the body follows
  sentence(S, custody, D) # custody
  . # end
rule q( S ,D) if sentence(S,custody,D) and D>=2007-01-01+2 working days
        and N = count(X where p(X)) and D in [a,b].
rule r(X) if p( X ) and(X+1)*2 > 2.
# trailing comment without newline'''

CANONICAL = '''# a policy file
edition "test" {  # header
  title "T"
  publisher "P"  # who
  in force from 2007-08-03
}
# rule broken(X) if @@@ }}} not even syntax
standard "9.1" {  # standard
  title "Example"
  quote "a # inside a string is text"  # but this is a comment
  obligation first_meeting {
    after sentence  # trigger
    # when nothing
    due within 5 working days  # five
    met by contact where mode = face_to_face  # and with = nobody
  }
}

rule p(S) if  # the body follows
    sentence(S, custody, D)  # custody
    .  # end
rule q(S, D) if sentence(S, custody, D) and D >= 2007-01-01 + 2 working days
    and N = count(X where p(X)) and D in [a, b].
rule r(X) if p(X) and (X + 1) * 2 > 2.
# trailing comment without newline
'''


@pytest.fixture(autouse=True)
def _no_shared_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYENGINE_CACHE", "off")


def comments(text: str) -> list[str]:
    return [line[line.index("#"):].rstrip() for line in text.splitlines()
            if "#" in line and line.count('"', 0, line.index("#")) % 2 == 0]


def test_messy_file_gets_the_canonical_layout():
    assert format_text(MESSY) == CANONICAL


def test_canonical_layout_is_a_fixed_point():
    assert format_text(CANONICAL) == CANONICAL
    assert format_text(CANONICAL.replace("\n", "\r\n")) == CANONICAL


def test_every_policy_file_is_covered():
    assert {p.name for p in EDITIONS} >= {"2007.nsr", "2011.nsr", "2015.nsr"}
    assert "prelude.nsr" in {p.name for p in SHARED}


@pytest.mark.parametrize("path", POLICIES, ids=lambda p: p.name)
def test_policy_files_format_idempotently_and_keep_every_comment(path):
    text = path.read_text(encoding="utf-8")
    once = format_text(text)
    assert format_text(once) == once
    assert comments(once) == comments(text)
    assert len(comments(text)) > 10


def _without_spans(value):
    """Dataclasses (and containers of them) with every source position replaced by NOWHERE."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _without_spans(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if "span" in changes:
            changes["span"] = NOWHERE
        return dataclasses.replace(value, **changes) if any(f.init for f in dataclasses.fields(value)) else value
    if isinstance(value, dict):
        return {k: _without_spans(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_without_spans(v) for v in value)
    return value


@pytest.mark.parametrize("path", EDITIONS, ids=lambda p: p.name)
def test_formatting_never_changes_the_compiled_knowledge_base(path, tmp_path):
    original = path.read_text(encoding="utf-8")   # read once: the copy and the comparison see one text
    copy = tmp_path / path.name
    copy.write_text(original, encoding="utf-8")
    assert main(["fmt", str(copy)]) == 0
    formatted = copy.read_text(encoding="utf-8")
    name = f"policies/{path.name}"
    before, after = compile_text(original, name), compile_text(formatted, name)
    assert after.rules == before.rules and len(after.rules) > 100
    assert [r.origin.clause for r in after.rules] == [r.origin.clause for r in before.rules]
    assert _without_spans(after.standards) == _without_spans(before.standards)
    assert _without_spans(after.obligations) == _without_spans(before.obligations)
    assert _without_spans(after.edition) == _without_spans(before.edition)
    assert after.arities == before.arities


@pytest.mark.parametrize("path", SHARED, ids=lambda p: p.name)
def test_formatting_a_shared_rule_file_keeps_its_syntax_tree(path):
    # The prelude and library files are compiled into every edition; their parsed form must not move.
    text = path.read_text(encoding="utf-8")
    before = parse_policy(text, path.name)
    after = parse_policy(format_text(text), path.name)
    assert _without_spans(after) == _without_spans(before)
    assert before.all_rules()


def test_check_mode(tmp_path, capsys):
    messy, tidy = tmp_path / "messy.nsr", tmp_path / "tidy.nsr"
    messy.write_text(MESSY, encoding="utf-8")
    tidy.write_text(CANONICAL, encoding="utf-8")
    assert main(["fmt", "--check", str(tidy)]) == 0
    assert main(["fmt", "--check", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert f"{messy}: not formatted (" in out and "tidy.nsr" not in out
    assert messy.read_text(encoding="utf-8") == MESSY      # --check changes nothing
    assert main(["fmt", str(messy)]) == 0
    assert messy.read_text(encoding="utf-8") == CANONICAL
    assert main(["fmt", "--check", str(tmp_path)]) == 0


def test_a_file_that_does_not_parse_is_left_alone(tmp_path, capsys):
    broken = tmp_path / "broken.nsr"
    broken.write_text('edition "x" {\n  titel "T"\n}\n', encoding="utf-8")
    with pytest.raises(FormatError, match=r"^2:3: syntax error \(found 'titel'\)"):
        format_text(broken.read_text(encoding="utf-8"))
    assert main(["fmt", str(broken)]) == 2
    assert "broken.nsr: not formatted: 2:3: syntax error" in capsys.readouterr().err
    assert broken.read_text(encoding="utf-8") == 'edition "x" {\n  titel "T"\n}\n'


def test_a_new_block_construct_is_laid_out_without_changing_the_formatter(monkeypatch):
    # The grammar gains a `glossary` declaration with its own block; the formatter knows nothing of it.
    grammar = read_text("grammar", "nsr.lark").replace(
        "_item: edition", '_item: glossary\n     | edition', 1) + '\nglossary: "glossary" NAME "{" (title | reading)* "}"\n'
    monkeypatch.setattr(fmt, "_parser", lambda: Lark(grammar, parser="lalr", keep_all_tokens=True,
                                                      maybe_placeholders=False))
    text = 'glossary contact {title "Contact" # t\nreading "r"}\nrule p(S) if sentence(S,custody,D).\n'
    assert format_text(text) == ('glossary contact {\n  title "Contact"  # t\n  reading "r"\n}\n'
                                 'rule p(S) if sentence(S, custody, D).\n')
