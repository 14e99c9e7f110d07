"""Pictures: `nsr why --format svg|html` and `nsr timeline` (policyengine/pictures).

The example is examples/tier4-community-order.yaml: a tier 4 community order passed on Friday
21 December 2007.  Hand-computed dates used below:
- 2c.6 first meeting, 2 working days: Mon 24 Dec is day 1; Tue 25 Dec (Christmas Day) and Wed
  26 Dec (Boxing Day) are bank holidays, so day 2 is Thu 27 Dec 2007 (contact c1 that day).
- 2a.4 OASys, 5 working days: 24, 27, 28, 31 Dec and (1 Jan being New Year's Day) Wed 2 Jan 2008.
- 2e.5 review, 4 calendar months from sentence: Mon 21 Apr 2008.
Judged on 24 December 2007 nothing has met 2c.6 yet (pending); on 1 March 2008 it was met on time.
"""
from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from policyengine.cases.load import load_case
from policyengine.cli import _emit, main
from policyengine.evaluate import evaluate
from policyengine.explain.derivation import explain
from policyengine.output.pictures.layout import Box, overlapping
from policyengine.output.pictures.page import why_page
from policyengine.output.pictures.svg import esc, text_width
from policyengine.output.pictures.timeline import _Timeline, timeline_html, timeline_svg
from policyengine.output.pictures.why import cards, layout, why_svg

from support import program, run

ROOT = Path(__file__).resolve().parent.parent
TIER4 = ROOT / "examples" / "tier4-community-order.yaml"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def pending():
    """Judged on Mon 24 Dec 2007: 2c.6 is pending (due Thu 27 Dec, no contact yet)."""
    return evaluate(program("2007"), load_case(str(TIER4)), dt.date(2007, 12, 24))


@pytest.fixture(scope="module")
def later():
    return evaluate(program("2007"), load_case(str(TIER4)), dt.date(2008, 3, 1))


def _texts(root: ET.Element, tag: str = "text") -> list[str]:
    return ["".join(e.itertext()) for e in root.iter(f"{SVG}{tag}")]


def _card_boxes(root: ET.Element) -> list[tuple[ET.Element, Box]]:
    """Every drawn card with its rectangle, read back from the SVG itself."""
    found = []
    for group in root.iter(f"{SVG}g"):
        if "w-card" in group.get("class", "").split():
            rect = group.find(f"{SVG}rect")
            found.append((group, Box(*(float(rect.get(k)) for k in ("x", "y", "width", "height")))))
    return found


# ---------------------------------------------------------------------------------------- why
def test_why_svg_draws_the_chain_with_standard_facts_and_dates(pending):
    graph, roots = explain(pending, "2c.6")
    text = why_svg(graph, roots)
    root = ET.fromstring(text)                      # well-formed XML
    assert root.tag == f"{SVG}svg"
    drawn = "\n".join(_texts(root))
    tooltips = "\n".join(_texts(root, "title"))
    assert "2c.6 First meeting with the Offender Manager" in drawn       # standard id and title on the rule card
    assert "For a community order, the first meeting" in drawn           # the standard's own words
    assert "For a community order, the first meeting" in tooltips
    assert "from sentences[0]" in drawn                                   # case facts say where they came from
    assert "2007-12-27" in drawn and "2007-12-21" in drawn               # the due date and the trigger
    assert "Christmas Day" in drawn and "Boxing Day" in drawn            # the bank holidays skipped
    kinds = {g.get("class") for g, _ in _card_boxes(root)}
    assert any("k-obligation" in k and "t-warn" in k for k in kinds)     # pending: amber
    assert any("k-case_fact" in k for k in kinds)
    assert any("k-computed" in k for k in kinds)
    missing = [g for g, _ in _card_boxes(root) if "k-missing_fact" in g.get("class")]
    assert missing and all("t-bad" in g.get("class") for g in missing)  # no contact yet: red
    assert any("contact" in "".join(g.itertext()) for g in missing)


def test_why_svg_status_colour_follows_the_answer(later):
    graph, roots = explain(later, "2c.6")
    root = ET.fromstring(why_svg(graph, roots))
    obligation = [g for g, _ in _card_boxes(root) if "k-obligation" in g.get("class")]
    assert len(obligation) == 1 and "t-ok" in obligation[0].get("class")  # met on time: green
    assert "met on time" in "".join(obligation[0].itertext())


def test_why_cards_never_overlap_and_text_fits(later):
    graph, roots = explain(later, "2c.16")           # the weekly schedule: a large graph
    text = why_svg(graph, roots)
    drawn = _card_boxes(ET.fromstring(text))
    assert len(drawn) > 100
    assert overlapping([box for _, box in drawn]) == []
    fonts = {"tag": (10, False, True), "title": (12, False, True), "label": (12, True, False),
             "quote": (11, False, False), "reading": (11, False, False), "note": (11, False, False)}
    for group, box in drawn:                      # every line's estimated width fits inside its box
        for line in group.iter(f"{SVG}text"):
            size, mono, bold = fonts[line.get("class")]
            assert float(line.get("x")) + text_width(line.text or "", size, mono, bold) <= box.right, line.text
            assert box.y < float(line.get("y")) < box.bottom
    trees = cards(graph, roots)
    boxes = layout(trees)
    for tree in trees:                            # children sit right of and below their parent
        stack = [tree]
        while stack:
            card = stack.pop()
            for child in card.children:
                assert boxes[child.key].x > boxes[card.key].x and boxes[child.key].y > boxes[card.key].bottom
                stack.append(child)


def test_overlap_check_detects_overlap():
    assert overlapping([Box(0, 0, 10, 10), Box(5, 5, 10, 10)])
    assert not overlapping([Box(0, 0, 10, 10), Box(10, 0, 10, 10), Box(0, 10, 10, 10)])  # touching is fine


def _graph(label: str, quote: str) -> nx.DiGraph:
    graph = nx.DiGraph()
    graph.add_node(0, kind="obligation", label=f"{label}: overdue", standard="9<9>", title='T & "x"', quote=quote,
                   clause="obligation", at="p.nsr:1:1")
    graph.add_node(1, kind="derived", label="shared(a)", clause="rule")
    graph.add_node(2, kind="case_fact", label=label, source="events[0].purpose")
    graph.add_node(3, kind="derived", label="shared(a)", clause="rule")
    graph.add_node(4, kind="case_fact", label=label, source="events[0].purpose")
    graph.add_edges_from([(0, 1), (1, 2), (0, 3), (3, 4)])
    return graph


def test_why_svg_escapes_rule_and_case_text():
    label = 'a<b>&"c\'d'
    quote = "</text><script>alert('q')</script> & more"
    text = why_svg(_graph(label, quote), [0])
    assert "<script" not in text and "</text><" not in text.replace("</text>\n<", "")
    root = ET.fromstring(text)
    assert label in _texts(root)                                      # round-trips exactly once unescaped
    assert any(quote in t for t in _texts(root, "title"))
    assert "9<9> T & \"x\"" in _texts(root)
    assert esc('<&>"\'') == "&lt;&amp;&gt;&quot;&#39;"
    assert esc("bell\x07 ok") == "bell ok"                            # characters XML cannot carry are dropped


def test_repeated_subtree_is_drawn_once_then_linked():
    root = ET.fromstring(why_svg(_graph("x(1)", "q"), [0]))
    links = [a for a in root.iter(f"{SVG}a")]
    assert len(links) == 1
    target = links[0].get("href")[1:]
    assert any(g.get("id") == target for g in root.iter(f"{SVG}g"))
    assert sum(1 for t in _texts(root) if t == "x(1)") == 1           # the repeated leaf is not drawn again


@pytest.fixture(scope="module")
def nasty():
    """A case whose id, a free-text field and a note are full of markup characters."""
    case = {"id": 'CRN<&"x">', "sentences": [{
        "id": "s1", "type": "community_order", "date": "2008-01-07", "length_months": 12, "psr": "fast_delivery",
        "requirements": [{"kind": "supervision", "months": 12}]}],
        "events": [{"id": "c1", "kind": "contact", "date": "2008-01-08", "mode": "face_to_face",
                    "with": "offender_manager", "purpose": '<script>alert("p")</script> & <b>',
                    "note": "<img src=x onerror=alert(1)> seen"}]}
    return run("2007", case, dt.date(2008, 2, 1))


def _page_text(page: str) -> str:
    """The text a reader sees (character references decoded)."""
    parser = HTMLParser(convert_charrefs=True)
    found: list[str] = []
    parser.handle_data = found.append
    parser.feed(page)
    parser.close()
    return "".join(found)


def _self_contained(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"https?:", page)                            # no URL at all: no namespace, no asset
    assert not re.search(r"<(script|img|link|iframe|object)\b", page, re.I)
    assert not re.search(r"\b(src|href)\s*=\s*\"(?!#)", page)        # only in-page links
    body = page[page.index("<svg"): page.index("</svg>") + 6]
    ET.fromstring(body.replace("<svg", f'<svg xmlns="{SVG[1:-1]}"', 1))  # the inline picture is well-formed


def test_why_html_is_self_contained_and_escaped(nasty):
    evaluation = nasty
    graph, roots = explain(evaluation, "2c.6")
    page = why_page(evaluation, "2c.6", None, graph, roots, summary="Met <on time> & done")
    _self_contained(page)
    assert 'CRN<&"x">' in _page_text(page) and 'CRN<&"x">' not in page
    assert "Met <on time> & done" in _page_text(page) and "<on time>" not in page
    assert re.search(r'<h1>Why 2c\.6 First meeting with the Offender Manager: <span class="status tone-ok">met on time'
                     r"</span></h1>", page)


# ---------------------------------------------------------------------------------------- timeline
def test_timeline_marks_every_event_and_due_date(later):
    root = ET.fromstring(timeline_svg(later))
    marks = {g.get("data-event"): g for g in root.iter(f"{SVG}g") if g.get("class") == "tl-event"}
    events = {f.args[0]: f.args[2] for f in later.facts if f.predicate == "event"}
    assert set(marks) == set(events) and {"s1", "c1", "hv1", "c9"} <= set(marks)
    assert all(marks[e].get("data-date") == d.isoformat() for e, d in events.items())
    due = {(el.get("data-obligation"), el.get("data-due")) for el in root.iter() if el.get("data-due")}
    assert ("2c.6/first_meeting", "2007-12-27") in due
    assert ("2a.4/community", "2008-01-02") in due
    assert ("2e.5/four_monthly", "2008-04-21") in due
    for r in later.results:                        # every result with a clock has its due date drawn
        if r.due and r.due != dt.date.max:
            assert (r.obligation, r.due.isoformat()) in due, r
    asof = [g for g in root.iter(f"{SVG}g") if g.get("class") == "tl-asof"]
    assert [g.get("data-date") for g in asof] == ["2008-03-01"]
    holidays = {g.get("data-date") for g in root.iter(f"{SVG}g") if g.get("class") == "tl-holiday"}
    assert {"2007-12-25", "2007-12-26", "2008-01-01"} <= holidays
    months = {line.get("data-month") for line in root.iter(f"{SVG}line") if line.get("data-month")}
    assert {"2008-01-01", "2008-02-01", "2008-03-01"} <= months


def test_timeline_puts_dates_on_one_axis(later):
    root = ET.fromstring(timeline_svg(later))
    event_x = {g.get("data-event"): float(g.find(f"{SVG}circle").get("cx"))
               for g in root.iter(f"{SVG}g") if g.get("class") == "tl-event"}
    assert event_x["s1"] < event_x["c1"] < event_x["c2"] < event_x["hv1"]
    due = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "tl-due"
               and g.get("data-obligation") == "2c.6/first_meeting")
    bar = due.find(f"{SVG}rect")
    assert float(bar.get("x")) + float(bar.get("width")) / 2 == pytest.approx(event_x["c1"])  # c1 met it on the day
    met = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "tl-met"
               and g.get("data-obligation") == "2c.6/first_meeting")
    assert met.get("data-event") == "c1" and met.get("data-date") == "2007-12-27"
    windows = [g for g in root.iter(f"{SVG}g") if g.get("class") == "tl-window"]
    assert windows and windows[0].get("data-start") == "2007-12-21"     # the weekly schedule from sentence


def test_timeline_lanes_do_not_overlap_and_judgements_are_optional(later):
    plain, everything = _Timeline(later, False), _Timeline(later, True)
    plain.draw(True)
    everything.draw(True)
    assert overlapping(plain.lanes) == [] and overlapping(everything.lanes) == []
    assert len(everything.groups()) > len(plain.groups())
    assert all(r.status != "needs_judgement" for g in plain.groups() for r in g)


def test_timeline_html_is_self_contained_and_escaped(nasty):
    page = timeline_html(nasty)
    _self_contained(page)
    assert "CRN&lt;&amp;&quot;x&quot;&gt;" in page
    assert "&lt;script&gt;alert(&quot;p&quot;)&lt;/script&gt; &amp; &lt;b&gt;" in page   # a field, in a tooltip
    assert "note: &lt;img src=x onerror=alert(1)&gt; seen" in page                          # a note, too


# ---------------------------------------------------------------------------------------- command line
def test_cli_writes_pictures(tmp_path, capsys):
    out = tmp_path / "why.html"
    assert main(["why", str(TIER4), "2c.6", "--as-of", "2008-01-15", "--format", "html", "-o", str(out)]) == 0
    page = out.read_text(encoding="utf-8")
    _self_contained(page)
    assert '<p class="summary">' in page and "27 December 2007" in page   # the short answer leads the page
    assert page.index('<p class="summary">') < page.index("<svg")
    capsys.readouterr()
    assert main(["timeline", str(TIER4), "--as-of", "2008-01-15", "--format", "html"]) == 0
    page = capsys.readouterr().out
    _self_contained(page)
    assert "Timeline of case CRN-A100001" in page
    assert _emit("<svg/>", str(tmp_path / "no" / "t.svg")) == 2       # an unwritable -o: a message, exit 2
    assert "cannot write" in capsys.readouterr().err


def test_timeline_empty_state_has_a_row_of_its_own():
    """Judged on Sat 1 Dec 2007, before the sentence of Fri 21 Dec: no obligation yet. The message
    takes the place of the lanes, above the legend, and the drawing is wide enough for the legend."""
    early = evaluate(program("2007"), load_case(str(TIER4)), dt.date(2007, 12, 1))
    root = ET.fromstring(timeline_svg(early))
    (empty,) = [t for t in root.iter(f"{SVG}text") if "tl-empty" in t.get("class", "").split()]
    assert empty.text == "no obligation with a clock on Sat 01 Dec 2007"
    (legend,) = [g for g in root.iter(f"{SVG}g") if g.get("class") == "tl-legend"]
    tops = [float(e.get("y")) for e in legend.iter(f"{SVG}rect")]
    assert float(empty.get("y")) + 3 < min(tops)                     # its baseline (and descenders) above the key
    ends = [float(t.get("x")) + text_width(t.text, 10) for t in legend.iter(f"{SVG}text")]
    assert max(ends) <= float(root.get("width"))
