"""The terminal: how wide it is, whether it shows colour and Unicode, and the one way to draw a table.

Every command that prints a table builds it with `table()` and turns it into text with `render()`
(rich does the layout: columns wrap or shrink to the width, long titles end in an ellipsis).
Output written to a file or a pipe has a fixed width (`COLUMNS`, else 100) and no colour, so it is
the same from run to run; `NO_COLOR` turns colour off on a terminal too.
"""
from __future__ import annotations

import codecs
import io
import os
import re
import shutil
import sys
import unicodedata
from dataclasses import dataclass, replace
from typing import Iterable, Iterator, Mapping, Sequence

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Column, Table
from rich.text import Text

__all__ = ["Column", "Hanging", "Screen", "Text", "entries", "file_screen", "indented", "natural_width", "render", "screen_for", "status_text", "styled",
           "table", "use_ascii_fallbacks"]

PIPED_WIDTH = 100     # the width of output that goes to a file or a pipe, unless COLUMNS says otherwise
NARROWEST = 40        # below this a table cannot be read however it is drawn

# Colours by status (rich style names). A status not listed is drawn plain.
STATUS_STYLE = {
    "overdue": "bold red", "missed": "bold red", "judged_not_met": "bold red",
    "met_late": "yellow",
    "met_on_time": "green", "met": "green", "judged_met": "green",
    "pending": "", "needs_judgement": "dim", "not_applicable": "dim",
}


@dataclass(frozen=True)
class Screen:
    """Where the output goes: its width in columns, whether to colour it, whether it can show Unicode."""
    width: int = PIPED_WIDTH
    colour: bool = False
    unicode: bool = True


def _can_show(encoding: str | None, sample: str = "─…→≠└") -> bool:
    try:
        sample.encode(encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _columns(environ: Mapping[str, str]) -> int | None:
    columns = environ.get("COLUMNS", "").strip()
    return int(columns) if columns.isdigit() and int(columns) > 0 else None


def file_screen(environ: Mapping[str, str] | None = None) -> Screen:
    """A file written with -o: COLUMNS or 100 wide, no colour, UTF-8."""
    width = _columns(os.environ if environ is None else environ) or PIPED_WIDTH
    return Screen(max(NARROWEST, width), False, True)


def screen_for(stream=None, environ: Mapping[str, str] | None = None) -> Screen:
    """The screen `stream` (standard output by default) stands for: a terminal's own width and
    colour unless NO_COLOR is set (https://no-color.org); for a file or a pipe COLUMNS or 100, no colour."""
    stream = sys.stdout if stream is None else stream
    environ = os.environ if environ is None else environ
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):
        terminal = False
    width = _columns(environ)
    if width is None:
        width = shutil.get_terminal_size((PIPED_WIDTH, 24)).columns if terminal else PIPED_WIDTH
    colour = terminal and not environ.get("NO_COLOR") and environ.get("TERM") != "dumb"
    return Screen(max(NARROWEST, width), colour, _can_show(getattr(stream, "encoding", None)))


# ------------------------------------------------------------------ tables
_HEAD_RULE = box.Box("    \n    \n ─  \n    \n    \n    \n    \n    \n")   # a rule under the header, nothing else


def table(columns: Sequence[Column | str], rows: Iterable[Sequence[RenderableType | str]], screen: Screen,
          title: str | None = None, expand: bool = False, lines_between: bool = False) -> Table:
    """A table in the house style: a rule under the header, two spaces between columns, no frame
    (`lines_between`: a blank line between rows). `expand`: as wide as the screen, the columns
    with a ratio sharing what the others leave. A column that shortens with an ellipsis wraps
    instead when the screen cannot show '…'."""
    built = []
    for column in columns:
        column = Column(column) if isinstance(column, str) else column
        if column.overflow == "ellipsis" and not screen.unicode:
            column = replace(column, overflow="fold", no_wrap=False)
        built.append(column)
    grid = Table(*built, box=_HEAD_RULE, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0),
                 title=title, title_justify="left", title_style="bold" if screen.colour else "",
                 header_style="bold" if screen.colour else "", collapse_padding=True, expand=expand,
                 show_lines=lines_between)
    for row in rows:
        grid.add_row(*row)
    return grid


class Hanging:
    """A paragraph whose first line starts `first` columns in and the lines it wraps onto `rest` columns in."""

    def __init__(self, text: Text | str, first: int = 0, rest: int = 2):
        self.text = Text(text) if isinstance(text, str) else text
        self.first, self.rest = first, rest

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        lines = self.text.wrap(console, max(1, options.max_width - self.rest))
        for index, line in enumerate(lines):
            yield Segment(" " * (self.rest if index else self.first))
            yield from line.render(console)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        words = self.text.plain.split() or [""]
        return Measurement(self.rest + max(len(w) for w in words), max(self.first, self.rest) + len(self.text.plain))


def indented(text: Text | str, first: int, rest: int | None = None) -> Hanging:
    """`text` indented `first` columns, and the lines it wraps onto `rest` columns (default: the same)."""
    return Hanging(text, first, first if rest is None else rest)


def entries(lines: Sequence[Text | str]) -> RenderableType:
    """Lines of a cell each as its own entry: a long one wraps with its later lines indented."""
    if len(lines) == 1:
        return Text(lines[0]) if isinstance(lines[0], str) else lines[0]
    return Group(*(Hanging(line, 0, 2) for line in lines))


def styled(text: str, style: str, screen: Screen) -> Text:
    """`text` in `style` when the screen shows colour."""
    return Text(text, style=style if screen.colour else "")


def status_text(status: str, words: str, screen: Screen) -> Text:
    return styled(words, STATUS_STYLE.get(status, ""), screen)


_TRAILING = re.compile(r"[ \t]+((?:\x1b\[[0-9;]*m)*)$", re.M)


def render(screen: Screen, *parts: RenderableType | str) -> str:
    """The parts one after another as text for `screen` (ANSI colour codes only when it shows
    colour), each line without trailing spaces, ending with a newline."""
    out = io.StringIO()
    console = Console(file=out, width=screen.width, color_system="standard" if screen.colour else None,
                      force_terminal=screen.colour, no_color=not screen.colour, highlight=False, markup=False,
                      emoji=False, legacy_windows=False, soft_wrap=False)
    for part in parts:
        console.print(Text(part) if isinstance(part, str) else part)
    return _TRAILING.sub(r"\1", out.getvalue())


# ------------------------------------------------------------------ output that cannot show Unicode
ASCII_FALLBACKS = {
    "→": "->", "←": "<-", "≠": "!=", "≤": "<=", "≥": ">=", "…": "...", "—": "--", "–": "-",
    "“": '"', "”": '"', "‘": "'", "’": "'", "×": "x", "·": ".", "•": "*",
    "─": "-", "━": "-", "│": "|", "├": "|", "└": "`", "┌": "+", "┐": "+", "┘": "+", "┼": "+",
}
ERRORS = "nsr-ascii"


def _fallback(error: UnicodeError) -> tuple[str, int]:
    """What a character the output cannot encode is written as: its ASCII look-alike, the letter
    without its accent, or '?'."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    out = []
    for char in error.object[error.start:error.end]:
        plain = ASCII_FALLBACKS.get(char)
        if plain is None:
            plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii") or "?"
        out.append(plain)
    return "".join(out), error.end


codecs.register_error(ERRORS, _fallback)


def use_ascii_fallbacks(*streams) -> None:
    """Let `streams` (standard output and error by default) write what their encoding cannot
    (ASCII under LANG=C, say) as readable look-alikes: '→' as '->', '≠' as '!=', '…' as '...'."""
    for stream in streams or (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and not _can_show(getattr(stream, "encoding", None)):
            try:
                stream.reconfigure(errors=ERRORS)
            except (ValueError, OSError):   # a stream that cannot be reconfigured keeps its own rules
                pass


def natural_width(renderable: RenderableType | str) -> int:
    """How many columns `renderable` takes when nothing wraps."""
    if isinstance(renderable, str):
        return max((len(line) for line in renderable.splitlines()), default=0)
    console = Console(file=io.StringIO(), width=10_000, color_system=None, legacy_windows=False)
    return console.measure(renderable).maximum
