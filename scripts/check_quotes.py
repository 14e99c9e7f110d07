"""Check that every `quote` in the rule files is the source documents' own words.

A quote is the text a standard encodes, shown to users beside every answer, so it must be the
document's words, not a correction or a paraphrase (those go in the standard's `reading`). This
script reads each quote of `policyengine/policies/*.nsr` and `policyengine/policies/library/*.nsr`
with the project's parser and looks for it in the plain-text source documents. `.ci/run` runs it
where the documents are present:

    .venv/bin/python scripts/check_quotes.py [SEEDS_DIR]      (default: ../shared/seeds)

The documents were extracted from PDFs, so the comparison ignores what the extraction changed
and a reader would not: line breaks and runs of spaces, words joined or split ("facetoface",
"post release"), hyphens between letters (a line-end hyphenation, "face-to-face"), bullets (and
the "o" a second-level bullet became), HTML tags and *emphasis* marks, and typographic against
ASCII quotes and dashes. A quote may skip text with an ellipsis ("..." or "…"): its parts must
then be found in order, each within `ELISION_GAP` characters of the one before.

Two comments, on the line just above a quote, tell the script what it cannot see by itself:

    # quote: table       the quote joins the cells of one table row, which the extraction
                         interleaved with the row's other cells: its words must appear in
                         order, each within `TABLE_GAP` characters of the one before
    # quote: from TEXT   the quote is from TEXT, a document that is not among the sources: not
                         checked, but listed (and flagged if it is found in the sources after all)

Exit code 0 when every quote is found, 1 when some quote is not (each printed with the closest
passage of the sources and the words that differ), 2 when the documents or rule files cannot be
read.
"""
from __future__ import annotations

import difflib
import re
import sys
import textwrap
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from policyengine.language.errors import PolicyError   # noqa: E402  (the checkout's own package)
from policyengine.language.parse import parse_policy, read_policy   # noqa: E402

RULE_FILES = ("policyengine/policies/*.nsr", "policyengine/policies/library/*.nsr")
ELISION_GAP = 1500    # characters (spaces not counted) an ellipsis may skip
# Characters of other cells allowed between two words of a table quote: the HMI guide's quick
# indicator for D.2.2.8 ends ("than monthly.") about 830 characters of the guidance column after
# the rest of its sentence.
TABLE_GAP = 900
WIDTH = 100          # columns of the report
MARK = re.compile(r"^\s*#\s*quote:\s*(?P<mark>.*?)\s*$")
_ELLIPSIS = re.compile(r"\.{3,}|…")
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d"
_BULLETS = "\u2022\u2023\u2043\u2219\u25aa\u25ab\u25cf\u25e6\u27a4\u2756\uf0b7\uf0a7\uf0d8"
# What the extraction added to the words: HTML tags and *emphasis* marks, and the letter "o" that
# a second-level bullet became.
_MARKUP = re.compile(r"</?(?:p|i|u|b|em|strong|ul|ol|li|br|span|div|sup|sub)\b[^<>]*>"
                     r"|(?<=\w)\*+|\*+(?=\w)|(?<!\S)o(?!\S)")
_FOLD = ({ord(c): "-" for c in _DASHES} | {ord(c): '"' for c in "\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033"}
         | {ord(c): "'" for c in "\u2018\u2019\u201a\u201b\u2032`\u00b4"} | {ord(c): None for c in _BULLETS})


# ------------------------------------------------------------------ normalisation
def normalise(text: str) -> str:
    """The text as the comparison sees it: no spaces, no bullets, ASCII quotes and dashes, no
    hyphen between letters (where a line-end hyphen or a joined word leaves one and not the other)."""
    return "".join(char for char, _ in _normalise_keeping_places(text))


def _normalise_keeping_places(text: str) -> list[tuple[str, int]]:
    """`normalise`, each character with the offset in `text` it came from (to show a passage)."""
    kept, at = [], 0
    for skip in [*_MARKUP.finditer(text), None]:
        end = skip.start() if skip else len(text)
        kept += [(out, i) for i in range(at, end)
                 for out in unicodedata.normalize("NFKC", text[i]).translate(_FOLD) if not out.isspace()]
        at = skip.end() if skip else end
    return [(char, at) for i, (char, at) in enumerate(kept)
            if char != "-" or (0 < i < len(kept) - 1 and kept[i - 1][0].isdigit() and kept[i + 1][0].isdigit())]


def parts(quote: str) -> list[str]:
    """The normalised pieces of a quote between its ellipses, in order (none empty)."""
    return [piece for piece in (normalise(p) for p in _ELLIPSIS.split(unicodedata.normalize("NFKC", quote)))
            if piece]


def table_words(quote: str) -> list[str]:
    """The normalised words of a quote taken from a table, split at hyphens too: a cell's word
    hyphenated at the end of its line has the rest of the row between its halves."""
    words = re.split(f"[\\s{_DASHES}-]+", _ELLIPSIS.sub(" ", quote))
    return [word for word in (normalise(w) for w in words) if word]


# ------------------------------------------------------------------ matching
@dataclass(frozen=True)
class Document:
    """One source document: its text and the normalised text, with where each character came from."""
    name: str
    text: str
    flat: str
    places: tuple[int, ...]

    @classmethod
    def of(cls, name: str, text: str) -> Document:
        kept = _normalise_keeping_places(text)
        return cls(name, text, "".join(c for c, _ in kept), tuple(at for _, at in kept))

    def line_of(self, flat_index: int) -> int:
        return self.text.count("\n", 0, self.places[min(flat_index, len(self.places) - 1)]) + 1

    def passage(self, start: int, end: int) -> str:
        """The original text from flat offset start to end, its spacing collapsed."""
        if start >= end:
            return ""
        first, last = self.places[start], self.places[end - 1] + 1
        while first > 0 and not self.text[first - 1].isspace():   # whole words at both ends
            first -= 1
        while last < len(self.text) and not self.text[last].isspace():
            last += 1
        return " ".join(self.text[first:last].split())


def find_in_order(pieces: list[str], flat: str, gap: int) -> int | None:
    """Where the first piece starts in `flat` such that each next piece follows the one before,
    at most `gap` characters after it; None when there is no such place."""
    if not pieces:
        return None
    start = flat.find(pieces[0])
    while start >= 0:
        end = start + len(pieces[0])
        for piece in pieces[1:]:
            at = flat.find(piece, end, end + gap + len(piece))
            if at < 0:
                break
            end = at + len(piece)   # the earliest place for this piece leaves the most room for the next
        else:
            return start
        start = flat.find(pieces[0], start + 1)
    return None


def found(quote: str, flat: str, table: bool = False) -> bool:
    """Whether `flat` (a normalised document) holds the quote, as prose or as a table's cell."""
    if table:
        return find_in_order(table_words(quote), flat, TABLE_GAP) is not None
    return find_in_order(parts(quote), flat, ELISION_GAP) is not None


def closest(quote: str, documents: list[Document]) -> tuple[Document, int, int] | None:
    """The passage of the documents nearest the quote: the stretch sharing most of its 8-character
    runs, trimmed to what difflib aligns with it.  (document, flat start, flat end)."""
    target = "".join(parts(quote))
    size = 8
    runs = {target[i:i + size] for i in range(len(target) - size + 1)}
    if not runs:
        return None
    best: tuple[int, Document, int] | None = None
    for document in documents:
        hits = sorted(at for run in runs for at in _occurrences(run, document.flat))
        first = 0
        for last, at in enumerate(hits):   # the window of the quote's length ending at each hit
            while hits[first] < at - len(target):
                first += 1
            if best is None or last - first + 1 > best[0]:
                best = (last - first + 1, document, hits[first])
    if best is None or best[0] == 0:
        return None
    _, document, start = best
    lo, hi = max(0, start - len(target) // 2), min(len(document.flat), start + len(target) * 3 // 2)
    blocks = [b for b in difflib.SequenceMatcher(None, target, document.flat[lo:hi], autojunk=False)
              .get_matching_blocks() if b.size >= 3]
    if not blocks:
        return document, start, min(len(document.flat), start + len(target))
    return document, lo + blocks[0].b, lo + blocks[-1].b + blocks[-1].size


def _occurrences(run: str, flat: str):
    at = flat.find(run)
    while at >= 0:
        yield at
        at = flat.find(run, at + 1)


def differences(quote: str, passage: str, limit: int = 6) -> list[str]:
    """The words that differ, as "-quote's +source's", compared as `normalise` sees them."""
    mine, theirs = quote.split(), passage.split()
    matcher = difflib.SequenceMatcher(None, [normalise(w) for w in mine], [normalise(w) for w in theirs],
                                      autojunk=False)
    shown = []
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal" or normalise(" ".join(mine[a1:a2])) == normalise(" ".join(theirs[b1:b2])):
            continue   # words joined or split differently, but the same text
        shown.append(" ".join(f"[-{w}-]" for w in [" ".join(mine[a1:a2])] if w)
                     + (" " if a2 > a1 and b2 > b1 else "")
                     + " ".join(f"{{+{w}+}}" for w in [" ".join(theirs[b1:b2])] if w))
    return shown[:limit] + ([f"... and {len(shown) - limit} more"] if len(shown) > limit else [])


# ------------------------------------------------------------------ the rule files
@dataclass(frozen=True)
class Quote:
    """A quote as a rule file writes it, with the mark on the line above it (`# quote: ...`), if any."""
    file: str
    line: int
    standard: str
    text: str
    mark: str = ""

    @property
    def table(self) -> bool:
        return self.mark == "table"

    @property
    def elsewhere(self) -> str | None:
        """The document it is quoted from, when that is not among the sources."""
        return self.mark[len("from "):].strip() if self.mark.startswith("from ") else None


def quotes_in(path: Path, shown_as: str) -> list[Quote]:
    """Every quote of one rule file, in order, with its line; PolicyError if the file is bad."""
    text = read_policy(path)
    lines = text.splitlines()
    quotes = []
    for standard in parse_policy(text, shown_as).standards:
        for quote, where in zip(standard.quotes, standard.quote_spans):
            above = MARK.match(lines[where.line - 2]) if where.line >= 2 else None
            quotes.append(Quote(shown_as, where.line, standard.id, quote, above.group("mark") if above else ""))
    return quotes


def check(quote: Quote, documents: list[Document]) -> str | None:
    """What is wrong with one quote (a few lines, at most WIDTH columns), or None."""
    here = f"{quote.file}:{quote.line}: standard {quote.standard}:"
    if quote.mark and not (quote.table or quote.elsewhere):
        return _wrapped(f"{here} unknown mark '# quote: {quote.mark}'; expected '# quote: table' or "
                        "'# quote: from DOCUMENT'")
    if quote.elsewhere:
        if any(found(quote.text, d.flat) or found(quote.text, d.flat, table=True) for d in documents):
            return _wrapped(f"{here} marked '# quote: {quote.mark}' but found in the source documents: "
                            "remove the mark")
        return None
    if any(found(quote.text, d.flat, quote.table) for d in documents):
        if quote.table and any(found(quote.text, d.flat) for d in documents):
            return _wrapped(f"{here} marked '# quote: table' but found as written: remove the mark")
        return None
    lines = [_wrapped(f"{here} not found in the source documents{' (as cells of a table)' if quote.table else ''}"),
             _wrapped(quote.text, "quote:  ")]
    near = closest(quote.text, documents)
    if near is not None:
        document, start, end = near
        passage = document.passage(start, end)
        lines.append(_wrapped(f"{passage}  ({document.name}, line {document.line_of(start)})", "source: "))
        lines += [_wrapped(d, "differs: ") for d in differences(quote.text, passage)]
    return "\n".join(lines)


def _wrapped(text: str, label: str | None = None) -> str:
    """A message at most WIDTH wide: a heading from column 1, or a labelled paragraph indented under it."""
    first = "" if label is None else "  " + label
    return textwrap.fill(text, WIDTH, initial_indent=first, subsequent_indent=" " * max(2, len(first)),
                         break_long_words=False, break_on_hyphens=False)


def main(argv: list[str]) -> int:
    seeds = Path(argv[0]) if argv else ROOT.parent / "shared" / "seeds"
    paths = sorted(p for pattern in RULE_FILES for p in ROOT.glob(pattern))
    try:
        documents = [Document.of(p.name, p.read_text(encoding="utf-8")) for p in sorted(seeds.glob("*.txt"))]
    except (OSError, UnicodeDecodeError) as error:
        print(f"{seeds}: cannot read the source documents: {error}", file=sys.stderr)
        return 2
    if not documents:
        print(f"{seeds}: no source documents (*.txt) there", file=sys.stderr)
        return 2
    try:
        quotes = [q for p in paths for q in quotes_in(p, str(p.relative_to(ROOT)))]
    except PolicyError as error:
        print(error, file=sys.stderr)
        return 2
    problems = [problem for problem in (check(q, documents) for q in quotes) if problem]
    for problem in problems:
        print(problem)
    elsewhere = [q for q in quotes if q.elsewhere]
    for quote in elsewhere:
        print(f"{quote.file}:{quote.line}: standard {quote.standard}: not checked, quoted from {quote.elsewhere}")
    print(f"{len(quotes)} quotes in {len(paths)} rule files: {len(problems)} with a problem"
          + (f", {len(elsewhere)} from documents not in {seeds}" if elsewhere else ""))
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
