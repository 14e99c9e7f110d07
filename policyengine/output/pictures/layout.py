"""Geometry shared by the pictures: rectangles, and the indented tree layout of a derivation.

An indented (outline) layout keeps each node's long label readable at full width, places a
child one indent to the right of its parent and below everything drawn before it, so boxes
can never overlap and the connectors run in the gutter left of the children.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def overlaps(self, other: "Box") -> bool:
        """True when the two rectangles share interior area (touching edges do not count)."""
        return (self.x < other.right and other.x < self.right
                and self.y < other.bottom and other.y < self.bottom)


def overlapping(boxes: list[Box]) -> list[tuple[Box, Box]]:
    """Every pair of boxes that overlap (for tests and for checking a drawing)."""
    ordered = sorted(boxes, key=lambda b: b.y)
    pairs = []
    for i, a in enumerate(ordered):  # sweep on y: only boxes starting above a's bottom can meet it
        for b in ordered[i + 1:]:
            if b.y >= a.bottom:
                break
            if a.overlaps(b):
                pairs.append((a, b))
    return pairs


@dataclass
class TreeItem:
    """A node to place: its size is known before layout; children in drawing order."""
    key: int
    w: float
    h: float
    children: list["TreeItem"] = field(default_factory=list)


def indented_layout(roots: list[TreeItem], left: float, top: float, indent: float, gap: float,
                    root_gap: float) -> dict[int, Box]:
    """Place each tree in depth-first order: x by depth, y one below the other."""
    boxes: dict[int, Box] = {}
    y = top
    for number, root in enumerate(roots):
        if number:
            y += root_gap
        stack = [(root, 0)]
        while stack:
            item, depth = stack.pop()
            boxes[item.key] = Box(left + depth * indent, y, item.w, item.h)
            y += item.h + gap
            stack.extend((child, depth + 1) for child in reversed(item.children))
    return boxes
