"""Small SVG toolkit: escaping, estimated text widths, word wrapping and an element writer.

No font metrics are available offline, so text widths are estimated from per-character
widths of a typical sans-serif face (and 0.6 em for monospace); the estimates err wide so
that wrapped text stays inside its box.  Everything drawn from rule files or case files
goes through `esc`: those files are data, never markup.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

SVG_NS = "http://www.w3.org/2000/svg"
MONO = "DejaVu Sans Mono, Menlo, Consolas, monospace"
SANS = "DejaVu Sans, Helvetica, Arial, sans-serif"

# characters XML 1.0 forbids outright: dropped, since no escape can carry them
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def esc(value: object) -> str:
    """Text or attribute value made safe for XML/HTML: & < > " ' escaped, forbidden characters dropped."""
    text = _FORBIDDEN.sub("", str(value))
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))


_NARROW = set("ijlI.,;:'!|() ")
_SLIM = set("frt[]{}/-")
_WIDE = set("mwMW@%")


def text_width(text: str, size: float, mono: bool = False, bold: bool = False) -> float:
    """Estimated rendered width in px; per-character widths of DejaVu Sans, the widest common
    sans-serif, so text fits whichever face the reader has (Helvetica, Arial are narrower)."""
    if mono:
        return len(text) * size * (0.64 if bold else 0.61)
    em = 0.0
    for ch in text:
        if ch in _NARROW:
            em += 0.33
        elif ch in _SLIM:
            em += 0.43
        elif ch in _WIDE:
            em += 0.98
        elif ch.isupper():
            em += 0.77
        else:
            em += 0.64
    return em * size * (1.1 if bold else 1.0)


def wrap(text: str, width: float, size: float, mono: bool = False, bold: bool = False) -> list[str]:
    """Greedy word wrap to `width` px; a word too long for a line is split where it must be."""
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if text_width(candidate, size, mono, bold) <= width:
                line = candidate
                continue
            if line:
                lines.append(line)
            while text_width(word, size, mono, bold) > width and len(word) > 1:
                cut = max(1, _fit(word, width, size, mono, bold))
                lines.append(word[:cut])
                word = word[cut:]
            line = word
        lines.append(line)
    return lines


def _fit(word: str, width: float, size: float, mono: bool, bold: bool) -> int:
    for end in range(len(word), 0, -1):
        if text_width(word[:end], size, mono, bold) <= width:
            return end
    return 1


def clip_lines(lines: list[str], limit: int, width: float, size: float, mono: bool = False,
               bold: bool = False) -> list[str]:
    """At most `limit` lines; the last kept line ends with an ellipsis when text was cut."""
    if len(lines) <= limit:
        return lines
    kept = lines[:limit]
    last = kept[-1]
    while last and text_width(last + " …", size, mono, bold) > width:
        last = last[:-1]
    kept[-1] = last.rstrip() + " …"
    return kept


@dataclass
class Svg:
    """Collects SVG elements as text; every attribute value and text node is escaped here."""
    width: float
    height: float
    parts: list[str] = field(default_factory=list)

    def add(self, tag: str, text: str | None = None, **attrs: object) -> None:
        self.parts.append(element(tag, text, **attrs))

    def open(self, tag: str, **attrs: object) -> None:
        self.parts.append(f"<{tag}{_attrs(attrs)}>")

    def close(self, tag: str) -> None:
        self.parts.append(f"</{tag}>")

    def title(self, text: str) -> None:
        """A tooltip for the enclosing group (browsers show it on hover)."""
        self.parts.append(element("title", text))

    def render(self, style: str = "", standalone: bool = True, label: str = "") -> str:
        """The drawing as one <svg> element; standalone adds the XML declaration and namespace
        (an inline SVG in HTML needs neither, and then the page holds no URL at all)."""
        attrs = {"width": f"{self.width:.0f}", "height": f"{self.height:.0f}",
                 "viewBox": f"0 0 {self.width:.0f} {self.height:.0f}", "role": "img"}
        if label:
            attrs["aria-label"] = label
        head = f'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="{SVG_NS}"' if standalone else "<svg"
        body = "\n".join(self.parts)
        css = f"<style>\n{style}\n</style>\n" if style else ""
        return f"{head}{_attrs(attrs)}>\n{css}{body}\n</svg>\n"


def _attrs(attrs: dict) -> str:
    out = []
    for key, value in attrs.items():
        if value is None or value is False:
            continue
        name = key.rstrip("_").replace("_", "-")
        if isinstance(value, float):
            value = f"{value:.1f}".rstrip("0").rstrip(".")
        out.append(f' {name}="{esc(value)}"')
    return "".join(out)


def element(tag: str, text: str | None = None, **attrs: object) -> str:
    if text is None:
        return f"<{tag}{_attrs(attrs)}/>"
    return f"<{tag}{_attrs(attrs)}>{esc(text)}</{tag}>"
