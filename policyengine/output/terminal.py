"""The terminal: how wide it is, whether it shows colour and Unicode, and the one way to draw a table.

Every command that prints a table builds it with `table()` and turns it into text with `render()`
(rich does the layout: columns wrap or shrink to the width, long titles end in an ellipsis).
Output written to a file or a pipe has a fixed width (`COLUMNS`, else 100) and no colour, so it is
the same from run to run; `NO_COLOR` turns colour off on a terminal too. Output whose encoding
cannot show a character (ASCII under LANG=C, say) gets a look-alike: '→' is '->', '≠' is '!=',
'…' is '...'; tables are laid out with the look-alikes, so their columns still line up.
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
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Column, Table
from rich.text import Text

__all__ = ["Column", "Screen", "Text", "entries", "file_screen", "indented", "natural_width", "prose", "render",
           "screen_for",
           "shortened", "status_text", "styled", "table", "use_ascii_fallbacks"]

PIPED_WIDTH = 100     # the width of output that goes to a file or a pipe, unless COLUMNS says otherwise
NARROWEST = 40        # below this a table cannot be read however it is drawn

# Colours by status (rich style names). A status not listed is drawn plain.
STATUS_STYLE = {
    "overdue": "bold red", "missed": "bold red", "judged_not_met": "bold red",
    "met_late": "yellow", "missing_data": "yellow",
    "met_on_time": "green", "met": "green", "judged_met": "green",
    "pending": "", "needs_judgement": "dim", "not_applicable": "dim",
}


@dataclass(frozen=True)
class Screen:
    """Where the output goes: its width in columns, whether to colour it, and the encoding it is
    written in (what it can show)."""
    width: int = PIPED_WIDTH
    colour: bool = False
    encoding: str = "utf-8"

    @property
    def unicode(self) -> bool:
        """Whether the box-drawing lines, arrows and ellipses the tables use can be shown."""
        return _can_show(self.encoding, "─…→≠└")


def _can_show(encoding: str, text: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _encoding(stream) -> str:
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        return codecs.lookup(encoding).name
    except LookupError:
        return "utf-8"


def _columns(environ: Mapping[str, str]) -> int | None:
    columns = environ.get("COLUMNS", "").strip()
    return int(columns) if columns.isdigit() and int(columns) > 0 else None


def file_screen(environ: Mapping[str, str] | None = None) -> Screen:
    """A file written with -o: COLUMNS or 100 wide, no colour, UTF-8."""
    width = _columns(os.environ if environ is None else environ) or PIPED_WIDTH
    return Screen(max(NARROWEST, width), False, "utf-8")


def screen_for(stream=None, environ: Mapping[str, str] | None = None) -> Screen:
    """The screen `stream` (standard output by default) stands for: a terminal's own width, in
    colour unless NO_COLOR is set (https://no-color.org); for a file or a pipe COLUMNS or 100
    columns, no colour."""
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
    return Screen(max(NARROWEST, width), colour, _encoding(stream))


# ------------------------------------------------------------------ look-alikes
ASCII_FALLBACKS = {
    "→": "->", "←": "<-", "≠": "!=", "≤": "<=", "≥": ">=", "…": "...", "—": "--", "–": "-",
    "“": '"', "”": '"', "‘": "'", "’": "'", "×": "x", "·": ".", "•": "*", "\u00a0": " ",
    "─": "-", "━": "-", "│": "|", "├": "|", "└": "`", "┌": "+", "┐": "+", "┘": "+", "┼": "+",
}


def look_alike(char: str) -> str:
    """A character in ASCII: its look-alike, the letter without its accent, or '?'."""
    plain = ASCII_FALLBACKS.get(char)
    if plain is None:
        plain = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii") or "?"
    return plain


def showable(text: str, encoding: str) -> str:
    """`text` with every character `encoding` cannot write replaced by its look-alike."""
    if _can_show(encoding, text):
        return text
    return "".join(char if _can_show(encoding, char) else look_alike(char) for char in text)


def _showable_text(text: Text, encoding: str) -> Text:
    """A rich Text with its characters made showable, its styles kept."""
    if _can_show(encoding, text.plain):
        return text
    cuts = sorted({offset for span in text.spans for offset in (span.start, span.end)} - {0, len(text.plain)})
    out = Text(style=text.style, justify=text.justify, overflow=text.overflow, no_wrap=text.no_wrap, end=text.end)
    for piece in text.divide(cuts):
        part = Text(showable(piece.plain, encoding), style=piece.style)
        for span in piece.spans:   # each piece lies inside or outside every span
            part.stylize(span.style)
        out.append_text(part)
    return out


def _showable(part, encoding: str):
    """A part of the output made showable: text, styled text, a group or an indented paragraph."""
    if isinstance(part, str):
        return showable(part, encoding)
    if isinstance(part, Text):
        return _showable_text(part, encoding)
    if isinstance(part, Group):
        return Group(*(_showable(p, encoding) for p in part.renderables))
    if isinstance(part, _Hanging):
        return replace(part, text=_showable_text(part.text, encoding), first=showable(part.first, encoding),
                       rest=showable(part.rest, encoding))
    if isinstance(part, _Shortened):
        return replace(part, text=_showable_text(part.text, encoding))
    if isinstance(part, Padding):
        return Padding(_showable(part.renderable, encoding), (part.top, part.right, part.bottom, part.left))
    return part   # a table is made showable as it is built


# ------------------------------------------------------------------ pieces of text
@dataclass
class _Hanging:
    """A paragraph whose first line starts with `first` (spaces, or a tree's branch) and the lines it
    wraps onto with `rest`."""
    text: Text
    first: str = ""
    rest: str = "  "

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        lines = self.text.wrap(console, max(1, options.max_width - max(len(self.first), len(self.rest))))
        for index, line in enumerate(lines):
            yield Segment(self.rest if index else self.first)
            yield from line.render(console)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        words = self.text.plain.split() or [""]
        indent = max(len(self.first), len(self.rest))
        return Measurement(indent + max(len(w) for w in words), indent + len(self.text.plain))


@dataclass
class _Shortened:
    """One line of text cut to the width it is given, ending in '…' (or '...' where '…' cannot be shown)."""
    text: Text
    mark: str = "…"

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterator[Segment]:
        width, text = options.max_width, self.text
        if text.cell_len > width:
            text = text[: max(0, width - len(self.mark))]
            text.rstrip()
            text.append(self.mark)
        yield from text.render(console)
        yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(min(self.text.cell_len, len(self.mark) + 4), self.text.cell_len)


def _text(text: Text | str) -> Text:
    return Text(text) if isinstance(text, str) else text


def indented(text: Text | str, first: int, rest: int | None = None) -> _Hanging:
    """`text` indented `first` columns, and the lines it wraps onto `rest` columns (default: the same)."""
    return _Hanging(_text(text), " " * first, " " * (first if rest is None else rest))


_BRANCH = re.compile(r"^[ │├└─]*")


def prose(text: str, screen: Screen) -> str:
    """Lines of text (an answer, an indented tree) wrapped to the screen's width: a line that is too
    long goes on under where it started, below its tree branch."""
    parts = []
    for line in text.split("\n"):
        prefix = _BRANCH.match(line).group(0)
        rest = prefix.replace("├", "│").replace("└", " ").replace("─", " ")
        parts.append(_Hanging(Text(line[len(prefix):]), prefix, rest))
    return render(screen, *parts)


def shortened(text: Text | str, screen: Screen) -> _Shortened:
    """`text` on one line, cut with an ellipsis to the width of its column."""
    return _Shortened(_text(text), "…" if _can_show(screen.encoding, "…") else "...")


def entries(lines: Sequence[Text | str]) -> RenderableType:
    """Lines of a cell each as its own entry: a long one wraps with its later lines indented."""
    if len(lines) == 1:
        return _text(lines[0])
    return Group(*(_Hanging(_text(line), "", "  ") for line in lines))


def styled(text: str, style: str, screen: Screen) -> Text:
    """`text` in `style` when the screen shows colour."""
    return Text(text, style=style if screen.colour else "")


def status_text(status: str, words: str, screen: Screen) -> Text:
    return styled(words, STATUS_STYLE.get(status, ""), screen)


# ------------------------------------------------------------------ tables
_HEAD_RULE = box.Box("    \n    \n ─  \n    \n    \n    \n    \n    \n")   # a rule under the header, nothing else
_HEAD_RULE_ASCII = box.Box("    \n    \n -  \n    \n    \n    \n    \n    \n", ascii=True)


def table(columns: Sequence[Column | str], rows: Iterable[Sequence[RenderableType | str]], screen: Screen,
          expand: bool = False, lines_between: bool = False) -> Table:
    """A table in the house style: a rule under the header, two spaces between columns, no frame
    (`lines_between`: a blank line between rows). `expand`: as wide as the screen, the columns
    with a ratio sharing what the others leave. On a screen that cannot show Unicode, the cells
    hold their ASCII look-alikes before the columns are measured."""
    built = []
    for column in columns:
        column = Column(column) if isinstance(column, str) else column
        if column.overflow == "ellipsis":   # a word too long for its column is folded, never cut
            column = replace(column, overflow="fold")
        built.append(replace(column, header=_showable(column.header, screen.encoding)))
    grid = Table(*built, box=_HEAD_RULE if screen.unicode else _HEAD_RULE_ASCII, show_edge=False, pad_edge=False, padding=(0, 1, 0, 0), header_style="bold" if screen.colour else "",
                 collapse_padding=True, expand=expand, show_lines=lines_between)
    for row in rows:
        grid.add_row(*(_showable(cell, screen.encoding) for cell in row))
    return grid


_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")
_TRAILING = re.compile(r"(?:[ \t]|\x1b\[[0-9;]*m)+$", re.M)   # spaces (and colour codes among them) at a line's end


def _strip_trailing(text: str) -> str:
    return _TRAILING.sub(lambda m: "".join(_ESCAPE.findall(m.group(0))), text)


def render(screen: Screen, *parts: RenderableType | str) -> str:
    """The parts one after another as text for `screen` (ANSI colour codes only when it shows
    colour), each line without trailing spaces, ending with a newline."""
    out = io.StringIO()
    console = Console(file=out, width=screen.width, color_system="standard" if screen.colour else None,
                      force_terminal=screen.colour, no_color=not screen.colour, highlight=False, markup=False,
                      emoji=False, legacy_windows=False, soft_wrap=False)
    for part in parts:
        console.print(_showable(part, screen.encoding))
    return _strip_trailing(out.getvalue())


def natural_width(renderable: RenderableType | str) -> int:
    """How many columns `renderable` takes when nothing wraps."""
    if isinstance(renderable, str):
        return max((len(line) for line in renderable.splitlines()), default=0)
    console = Console(file=io.StringIO(), width=10_000, color_system=None, legacy_windows=False)
    return console.measure(renderable).maximum


# ------------------------------------------------------------------ standard output and error
ERRORS = "nsr-look-alike"


def _fallback(error: UnicodeError) -> tuple[str, int]:
    """The codec error handler: what a character the stream cannot encode is written as."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return "".join(look_alike(char) for char in error.object[error.start:error.end]), error.end


codecs.register_error(ERRORS, _fallback)


def use_ascii_fallbacks(*streams) -> None:
    """Let `streams` (standard output and error by default) write what their encoding cannot
    (ASCII under LANG=C, say) as look-alikes instead of failing with UnicodeEncodeError."""
    for stream in streams or (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and not _can_show(_encoding(stream), "─…→≠└é"):
            try:
                stream.reconfigure(errors=ERRORS)
            except (ValueError, OSError):   # a stream that cannot be reconfigured keeps its own rules
                pass
