"""Diagnostics for policy writers: where, what was found, what was expected."""
from __future__ import annotations

from dataclasses import dataclass

from .ast import Span


@dataclass(frozen=True)
class Diagnostic:
    span: Span
    message: str
    found: str | None = None
    expected: str | None = None

    def __str__(self) -> str:
        where = str(self.span) if self.span.line else self.span.file  # no position: a whole-file problem
        text = f"{where}: {self.message}"
        if self.found is not None:
            text += f" (found {self.found!r})"
        if self.expected:
            text += f"; expected {self.expected}"
        return text


class PolicyError(Exception):
    """One or more problems in a policy file; nothing is compiled while any remain."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics, key=lambda d: (d.span.file, d.span.line, d.span.column))
        super().__init__("\n".join(str(d) for d in self.diagnostics))
