"""Diagnostics for policy writers: where, what was found, what was expected."""
from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from .ast import Span


@dataclass(frozen=True)
class Diagnostic:
    span: Span
    message: str
    found: str | None = None
    expected: str | None = None
    hint: str | None = None        # "did you mean 'title'?": shown by describe(), not by str()

    def __str__(self) -> str:
        where = str(self.span) if self.span.line else self.span.file  # no position: a whole-file problem
        text = f"{where}: {self.message}"
        if self.found is not None:
            text += f" (found {self.found!r})"
        if self.expected:
            text += f"; expected {self.expected}"
        return text

    def describe(self) -> str:
        """The one-line message with the hint, as `nsr lint` prints it."""
        return f"{self}; {self.hint}" if self.hint else str(self)


def did_you_mean(word: str, candidates: Iterable[str]) -> str | None:
    """A hint naming the closest candidate to a misspelt word, or None when nothing is close."""
    close = difflib.get_close_matches(word, sorted(set(candidates) - {word}), n=1, cutoff=0.7)
    return f"did you mean {close[0]!r}?" if close else None


class PolicyError(Exception):
    """One or more problems in a policy file; nothing is compiled while any remain."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.span.file, d.span.line, d.span.column))
        super().__init__("\n".join(d.describe() for d in self.diagnostics))
