"""`nsr why --format svg`: the derivation graph drawn as cards in an indented tree.

Each card is one node of the explanation graph (policyengine/explain.py): its kind says how it
is styled (green holds, red fails or is missing, amber pending), rule cards carry the
standard's id, title and quoted text (the first time the standard appears; always in the
tooltip), case facts name where in the case file they came from, and computed dates name the
non-working days they skipped.  A subtree drawn before is drawn again only as a link to it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..html import STATUS_TONES
from .layout import Box, TreeItem, indented_layout
from .svg import MONO, SANS, Svg, clip_lines, text_width, wrap

if TYPE_CHECKING:
    import networkx as nx

TEXT_WIDTH = 660          # px of text per card at most
PAD = 7
INDENT = 26
GAP = 6
MARGIN = 16
LEGEND_HEIGHT = 30

KIND_WORDS = {
    "obligation": "obligation", "derived": "holds (derived)", "case_fact": "case fact",
    "missing_fact": "missing from the case", "engine_fact": "given", "computed": "computed",
    "condition": "condition holds", "count": "count", "failed_rule": "rule not satisfied",
    "failed": "fails", "held": "holds", "not_derived": "does not hold",
    "absent": "absent, as required", "why_not": "why not", "elided": "elided (too deep)",
    "reference": "shown above",
}
# kind -> tone: the colour family a card is drawn in
TONES = {
    "derived": "ok", "case_fact": "fact", "engine_fact": "given", "computed": "computed",
    "condition": "ok", "count": "ok", "held": "ok", "absent": "ok",
    "missing_fact": "bad", "failed": "bad", "not_derived": "bad", "failed_rule": "badrule",
    "why_not": "warn", "elided": "muted", "reference": "muted",
}
STYLE = """
.w-legend text, .w-card text { font-family: %(sans)s; fill: #1f2328; }
.w-card .box { stroke-width: 1.4; }
.w-card .tag { font-size: 10px; font-weight: bold; }
.w-card .title { font-size: 12px; font-weight: bold; }
.w-card .label { font-family: %(mono)s; font-size: 12px; }
.w-card .quote { font-size: 11px; font-style: italic; fill: #3b3f45; }
.w-card .reading, .w-card .note { font-size: 11px; fill: #444c56; }
.w-card .ref { font-size: 11px; }
.w-edge { fill: none; stroke: #8c959f; stroke-width: 1.2; }
.t-ok .box { fill: #eefbf1; stroke: #2da44e; }      .t-ok .tag { fill: #1a7f37; }
.t-fact .box { fill: #dafbe1; stroke: #1a7f37; stroke-width: 2; } .t-fact .tag { fill: #116329; }
.t-given .box { fill: #f0f3f6; stroke: #6e7781; }   .t-given .tag { fill: #57606a; }
.t-computed .box { fill: #ddf4ff; stroke: #0969da; } .t-computed .tag { fill: #0550ae; }
.t-bad .box { fill: #ffebe9; stroke: #cf222e; stroke-width: 2; } .t-bad .tag { fill: #a40e26; }
.t-badrule .box { fill: #fff5f5; stroke: #cf222e; stroke-dasharray: 5 3; } .t-badrule .tag { fill: #a40e26; }
.t-warn .box { fill: #fff8c5; stroke: #bf8700; }    .t-warn .tag { fill: #7d4e00; }
.t-late .box { fill: #fff1e5; stroke: #bc4c00; stroke-width: 2; } .t-late .tag { fill: #953800; }
.t-muted .box { fill: #f6f8fa; stroke: #8c959f; stroke-dasharray: 4 3; } .t-muted .tag { fill: #57606a; }
.k-obligation .box { stroke-width: 2.5; }
.k-obligation .tag { font-size: 10.5px; }
""" % {"sans": SANS, "mono": MONO}


@dataclass
class Line:
    text: str
    cls: str
    size: float
    mono: bool = False
    bold: bool = False

    @property
    def height(self) -> float:
        return round(self.size * 1.35, 1)


@dataclass
class Card:
    """One node as drawn: its text lines, tooltip, and (for a repeat) the card it refers to."""
    key: int
    node: int
    kind: str
    tone: str
    lines: list[Line]
    tooltip: str
    anchor: str | None = None       # element id, when later cards link here
    refers_to: str | None = None
    children: list["Card"] = field(default_factory=list)

    @property
    def size(self) -> tuple[float, float]:
        w = max(text_width(line.text, line.size, line.mono, line.bold) for line in self.lines) + 2 * PAD
        return min(w, TEXT_WIDTH + 2 * PAD), sum(line.height for line in self.lines) + 2 * PAD - 2


def obligation_status(data: dict) -> str:
    """The status of an obligation node: its `status` attribute, else the end of its label."""
    if data.get("status"):
        return str(data["status"])
    tail = str(data.get("label", "")).rsplit(": ", 1)[-1].strip().replace(" ", "_")
    return tail if tail in STATUS_TONES else ""


def _lines(text: str, cls: str, size: float, mono: bool = False, limit: int | None = None,
           bold: bool = False) -> list[Line]:
    wrapped = wrap(text, TEXT_WIDTH, size, mono, bold)
    if limit:
        wrapped = clip_lines(wrapped, limit, TEXT_WIDTH, size, mono, bold)
    return [Line(t, cls, size, mono, bold) for t in wrapped]


def _tooltip(data: dict) -> str:
    parts = [str(data.get("label", ""))]
    if data.get("standard"):
        parts.append(f"Standard {data['standard']}: {data.get('title', '')}".rstrip(": "))
    if data.get("clause"):
        parts.append(f"clause: {data['clause']}")
    if data.get("quote"):
        parts.append(f"\u201c{data['quote']}\u201d")
    if data.get("reading"):
        parts.append(f"Reading: {data['reading']}")
    for key, word in (("source", "from the case file at"), ("note", ""), ("values", "values:"), ("at", "rule at")):
        if data.get(key):
            parts.append(f"{word} {data[key]}".strip())
    return "\n".join(parts)


class _Builder:
    """Turns the explanation graph into cards: quotes once per standard, repeats as links."""

    def __init__(self, graph: nx.DiGraph):
        self.graph = graph
        self.keys = iter(range(10 ** 9))
        self.quoted: set[str] = set()
        self.drawn: dict[int, str] = {}       # subtree signature -> anchor of its first drawing
        self.signatures: dict[int, int] = {}
        self.interned: dict[tuple, int] = {}

    def signature(self, node: int) -> int:
        """Equal for two nodes whose whole subtrees read the same (so one can stand for the other)."""
        if node not in self.signatures:
            data = self.graph.nodes[node]
            own = tuple(str(data.get(k, "")) for k in ("kind", "label", "standard", "clause", "at", "source",
                                                          "note", "values"))
            shape = own + tuple(self.signature(c) for c in self.graph.successors(node))
            self.signatures[node] = self.interned.setdefault(shape, len(self.interned))
        return self.signatures[node]

    def card(self, node: int) -> Card:
        data = self.graph.nodes[node]
        children = list(self.graph.successors(node))
        kind = str(data.get("kind", "derived"))
        signature = self.signature(node)
        if children and signature in self.drawn:
            anchor = self.drawn[signature]
            lines = [Line(KIND_WORDS["reference"], "tag", 10, bold=True)] + _lines(
                f"\u2191 {data.get('label', '')}", "label", 12, mono=True, limit=2)
            return Card(next(self.keys), node, "reference", "muted", lines, _tooltip(data), refers_to=anchor)
        anchor = f"why-n{node}"
        if children:
            self.drawn[signature] = anchor
        tone = STATUS_TONES.get(obligation_status(data), "ok") if kind == "obligation" else TONES.get(kind, "ok")
        card = Card(next(self.keys), node, kind, tone, self._content(kind, data), _tooltip(data), anchor=anchor)
        card.children = [self.card(child) for child in children]
        return card

    def _content(self, kind: str, data: dict) -> list[Line]:
        tag = KIND_WORDS.get(kind, kind.replace("_", " "))
        standard = data.get("standard")
        if kind == "obligation" and standard:
            tag += f" \u00b7 standard {standard}"
        elif standard:
            tag += f" \u00b7 {standard} {data.get('clause', '')}".rstrip()
        elif data.get("clause") and data.get("clause") != "rule":
            tag += f" \u00b7 {data['clause']}"
        if data.get("at"):
            tag += f" \u00b7 {data['at']}"
        if data.get("source"):
            tag += f" \u00b7 from {data['source']}"
        lines = _lines(tag, "tag", 10, limit=2, bold=True)
        first_time = bool(standard) and standard not in self.quoted
        if standard and (first_time or kind == "obligation") and data.get("title"):
            lines += _lines(f"{standard} {data['title']}", "title", 12, limit=2, bold=True)
        lines += _lines(str(data.get("label", "")), "label", 12, mono=True)
        if first_time and data.get("quote"):
            self.quoted.add(standard)
            lines += _lines(f"\u201c{data['quote']}\u201d", "quote", 11, limit=5)
            if data.get("reading"):
                lines += _lines(f"Reading: {data['reading']}", "reading", 11, limit=3)
        for key in ("note", "values"):
            if data.get(key):
                lines += _lines(str(data[key]), "note", 11)
        return lines


def cards(graph: nx.DiGraph, roots: list[int]) -> list[Card]:
    builder = _Builder(graph)
    return [builder.card(root) for root in roots]


def _items(card: Card) -> TreeItem:
    w, h = card.size
    return TreeItem(card.key, w, h, [_items(child) for child in card.children])


def layout(trees: list[Card]) -> dict[int, Box]:
    """Every card's rectangle, keyed by card key."""
    return indented_layout([_items(tree) for tree in trees], MARGIN, MARGIN + LEGEND_HEIGHT, INDENT, GAP, 18)


def _walk(card: Card):
    yield card
    for child in card.children:
        yield from _walk(child)


def why_svg(graph: nx.DiGraph, roots: list[int], standalone: bool = True, label: str = "") -> str:
    """The derivation graph as one SVG document (or an inline <svg> element for HTML)."""
    trees = cards(graph, roots)
    boxes = layout(trees)
    width = max((b.right for b in boxes.values()), default=300) + MARGIN
    height = max((b.bottom for b in boxes.values()), default=60) + MARGIN
    svg = Svg(max(width, 620), height)
    everything = [card for tree in trees for card in _walk(tree)]
    svg.width = max(svg.width, _legend(svg, [card.tone for card in everything]) + MARGIN)
    for card in everything:       # edges first, so cards are drawn over them
        parent = boxes[card.key]
        for child in card.children:
            box = boxes[child.key]
            x = parent.x + INDENT / 2
            svg.add("path", d=f"M{x:.1f},{parent.bottom:.1f} V{box.y + 13:.1f} H{box.x:.1f}", class_="w-edge")
    for card in everything:
        _draw(svg, card, boxes[card.key])
    return svg.render(STYLE, standalone, label or "derivation graph")


def _draw(svg: Svg, card: Card, box: Box) -> None:
    classes = f"w-card k-{card.kind} t-{card.tone}"
    if card.refers_to:
        svg.open("a", href=f"#{card.refers_to}")
    svg.open("g", class_=classes, id=card.anchor, data_node=card.node)
    svg.title(card.tooltip)
    svg.add("rect", x=box.x, y=box.y, width=box.w, height=box.h, rx=5, class_="box")
    y = box.y + PAD - 2
    for line in card.lines:
        y += line.height
        svg.add("text", line.text, x=box.x + PAD, y=y - line.size * 0.3, class_=line.cls)
    svg.close("g")
    if card.refers_to:
        svg.close("a")


LEGEND = [("ok", "holds"), ("fact", "case fact"), ("computed", "computed date"), ("given", "given (as-of date)"),
          ("bad", "fails / missing"), ("badrule", "rule not satisfied"), ("warn", "pending / why not"),
          ("late", "met late"), ("muted", "shown above / not applicable")]


def _legend(svg: Svg, tones: list[str]) -> float:
    """A key to the colours actually used in this drawing; returns where it ends."""
    x = MARGIN
    svg.open("g", class_="w-legend")
    for tone, words in LEGEND:
        if tone not in tones:
            continue
        svg.open("g", class_=f"t-{tone}")
        svg.add("rect", x=x, y=MARGIN, width=14, height=12, rx=3, class_="box")
        svg.add("text", words, x=x + 19, y=MARGIN + 10, font_size=11)
        svg.close("g")
        x += 19 + text_width(words, 11) + 14
    svg.close("g")
    return x
