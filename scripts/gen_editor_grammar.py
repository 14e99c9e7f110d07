"""Regenerate editors/vscode/syntaxes/nsr.tmLanguage.json from grammar/nsr.lark.

Run after changing the grammar: `.venv/bin/python scripts/gen_editor_grammar.py`
(tests/test_editor_grammar.py fails while the two disagree).
"""
from __future__ import annotations

from pathlib import Path

from policyengine.tooling.editor import GRAMMAR_FILE, tm_grammar_text

ROOT = Path(__file__).resolve().parent.parent

if __name__ == "__main__":
    target = ROOT / GRAMMAR_FILE
    target.write_text(tm_grammar_text(), encoding="utf-8")
    print(f"wrote {target.relative_to(ROOT)}")
