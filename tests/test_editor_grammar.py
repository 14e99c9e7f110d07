"""The editor grammar (editors/vscode) cannot drift from grammar/nsr.lark, and it highlights real files.

The TextMate grammar's regular expressions are Oniguruma; the ones used here are also valid
Python regular expressions, so they are exercised with `re` on the bundled policies.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from policyengine.tooling.editor import GRAMMAR_FILE, keywords, lark_terminals, tm_grammar_text

ROOT = Path(__file__).resolve().parent.parent
COMMITTED = ROOT / GRAMMAR_FILE


def test_committed_grammar_is_the_generated_one():
    assert COMMITTED.read_text(encoding="utf-8") == tm_grammar_text(), \
        "grammar/nsr.lark changed: run `.venv/bin/python scripts/gen_editor_grammar.py`"


def test_every_keyword_of_the_lark_grammar_is_highlighted_and_nothing_else():
    grammar = json.loads(COMMITTED.read_text(encoding="utf-8"))
    repo = grammar["repository"]
    listed = set(re.fullmatch(r"\\b\(\?:(.*)\)\\b", repo["keyword"]["match"]).group(1).split("|"))
    listed |= set(re.fullmatch(r"\\b\(\?:(.*)\)\\b", repo["literal"]["match"]).group(1).split("|"))
    lark_text = (ROOT / "policyengine" / "grammar" / "nsr.lark").read_text(encoding="utf-8")
    code = "\n".join(line.split("//")[0] for line in lark_text.splitlines())   # without the grammar's comments
    quoted = {w for w in re.findall(r'"([a-z_]+)"', code)}
    assert listed == set(keywords()) == quoted
    for word in ("standard", "obligation", "recurring", "due", "within", "unless", "rule", "given", "count"):
        assert word in listed


def test_token_shapes_match_the_lark_terminals():
    repo = json.loads(COMMITTED.read_text(encoding="utf-8"))["repository"]
    terminals = lark_terminals()
    assert terminals["DATE"][1] in repo["date"]["match"]
    assert terminals["VAR"][1] in repo["variable"]["match"]
    assert re.fullmatch(repo["date"]["match"], "2007-12-21")
    assert re.fullmatch(repo["variable"]["match"], "TriggerDate")
    assert not re.fullmatch(repo["variable"]["match"], "trigger_date")
    assert re.fullmatch(repo["comment"]["match"], "# a comment")


def test_package_json_points_at_the_grammar():
    package = json.loads((ROOT / "editors" / "vscode" / "package.json").read_text(encoding="utf-8"))
    (language,) = package["contributes"]["languages"]
    (grammar,) = package["contributes"]["grammars"]
    assert language["extensions"] == [".nsr"] and grammar["language"] == language["id"] == "nsr"
    assert (ROOT / "editors" / "vscode" / grammar["path"]).resolve() == COMMITTED.resolve()
    assert grammar["scopeName"] == json.loads(COMMITTED.read_text(encoding="utf-8"))["scopeName"]


def test_highlighting_a_policy_line():
    repo = json.loads(COMMITTED.read_text(encoding="utf-8"))["repository"]
    line = "    due within 2 working days if tier_at(trigger_date, 4)  # tier 4"
    assert re.findall(repo["keyword"]["match"], line.split("#")[0]) == ["due", "within", "working", "if"]
    assert re.findall(repo["call"]["match"], line) == ["tier_at"]
    text = (ROOT / "policies" / "2007.nsr").read_text(encoding="utf-8")
    assert len(re.findall(repo["keyword"]["match"], text)) > 1000
