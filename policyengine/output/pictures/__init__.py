"""Pictures of an evaluation: the derivation graph of `nsr why` and the case timeline, as SVG or HTML.

Drawn here without Graphviz (nothing to install): layout.py places boxes, svg.py writes and
escapes the markup, why.py and timeline.py draw, page.py wraps a drawing in an HTML page.
"""
