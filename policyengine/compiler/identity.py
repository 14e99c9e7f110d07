"""Which policy a name stands for: a policy is its edition name *and* its text.

A copy of an installed edition keeps the copied `edition "2015"` header while its rules differ.
Named by its header alone, `nsr compare --editions 2015,my2015.nsr` would judge both columns
with one of the two files and report that nothing differs.  So every command names a policy
file whose header repeats an installed edition's name, with other text, by its label
`2015 (my2015.nsr)`: the label is the edition's name everywhere it is shown or used as a key
(results, tables, JSON, diffs).  Two files named on one command line that carry the same header
and are not the installed edition are refused (`same_names`), since no label could say which
is which without the reader knowing both files.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TypeVar

from ..resources import read_text

T = TypeVar("T")


def label(name: str, text: str, file: str) -> str:
    """`name`, or `name (file name)` when an installed edition is called `name` and has other text."""
    installed = read_text("policies", f"{name}.nsr") if name and "/" not in name and name != "prelude" else None
    if installed is None or installed.removeprefix("\ufeff") == text.removeprefix("\ufeff"):
        return name
    return f"{name} ({Path(file).name})"


def relabel(holder: T, text: str, file: str) -> T:
    """`holder` (an ast.Policy or an ir.Program) with its edition named by `label`."""
    edition = getattr(holder, "edition", None)
    if edition is None:
        return holder
    named = label(edition.name, text, file)
    if named == edition.name:
        return holder
    return dataclasses.replace(holder, edition=dataclasses.replace(edition, name=named))


def _text(typed: str) -> str | None:
    """The text of an installed edition or a policy file, as named on a command line (None if unreadable)."""
    installed = read_text("policies", f"{typed}.nsr") if "/" not in typed and not typed.endswith(".nsr") else None
    if installed is not None:
        return installed.removeprefix("\ufeff")
    try:
        return Path(typed).read_text(encoding="utf-8").removeprefix("\ufeff")
    except (OSError, UnicodeDecodeError):
        return None


def same_names(given: list[str], names: list[str]) -> str | None:
    """A one-line refusal when two of the policies named (`given`: as typed; `names`: their labels)
    would be shown under one name, else None.  The same name with the same text is one policy named
    twice; with other texts, two policies that no output could tell apart."""
    seen: dict[str, str] = {}
    for typed, name in zip(given, names):
        if name in seen:
            if seen[name] == typed or _text(seen[name]) == _text(typed):
                return f"edition {name!r} is named twice"
            return (f"{seen[name]} and {typed} are both edition {name!r}: give one of them another name in "
                    f"its edition \"...\" header")
        seen[name] = typed
    return None
