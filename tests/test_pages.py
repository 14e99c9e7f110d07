"""Every HTML page `nsr` writes (why, timeline, caseload report, diff) escapes what it shows.

A case id, an event id and a standard's title are given markup characters (`<script>`, both
quotes and `&`) and carried through the real pipeline: the rule file is compiled with the
title in it, the case is evaluated with the ids in it, and each page is read back with an
HTML parser. The page must hold no script element and no event-handler attribute, must never
contain the raw string, and must show it back exactly as text. Dates on the pages are written
one way (`output.dates.day`).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from policyengine.backends.bulk import CaseMeta
from policyengine.caseload.report import compliance, worklist
from policyengine.caseload.sources import Problem
from policyengine.caseload.write import html_report
from policyengine.cases.load import load_case
from policyengine.compare.diff import diff_policies
from policyengine.compare.diff_report import diff_html
from policyengine.compiler.compile import compile_text
from policyengine.evaluate import evaluate
from policyengine.explain.derivation import explain
from policyengine.explain.narrative import explanations, explanations_text
from policyengine.language.parse import parse_policy
from policyengine.output.dates import day
from policyengine.output.pictures.page import why_page
from policyengine.output.pictures.timeline import timeline_html
from policyengine.resources import read_text

ROOT = Path(__file__).resolve().parent.parent
TIER4 = ROOT / "examples" / "tier4-community-order.yaml"
NASTY = "<script>alert(\"x\")</script> & 'q'"
CASE_ID = f"CRN {NASTY}"
SENTENCE_ID = f"s1{NASTY}"
EVENT_ID = f"c1{NASTY}"
TITLE = f"First meeting {NASTY}"
TOPIC = f"First appointment {NASTY}"


def _nsr_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _policy_text(edition: str) -> str:
    """An installed edition with the 2c.6 title and a topic title replaced by markup."""
    text = read_text("policies", f"{edition}.nsr")
    text = text.replace('"First meeting with the Offender Manager"', _nsr_string(TITLE))
    return text.replace('"First appointment after a community order or SSO"', _nsr_string(TOPIC))


def _renamed(value, old: str, new: str):
    """`value` (a case, or anything inside it) with every string equal to `old` made `new`:
    ids and the references to them alike."""
    if isinstance(value, str):
        return new if value == old else value
    if dataclasses.is_dataclass(value):
        return dataclasses.replace(value, **{f.name: _renamed(getattr(value, f.name), old, new)
                                             for f in dataclasses.fields(value) if f.init})
    if isinstance(value, tuple):
        return tuple(_renamed(v, old, new) for v in value)
    if isinstance(value, dict):
        return {k: _renamed(v, old, new) for k, v in value.items()}
    return value


@pytest.fixture(scope="module")
def evaluation():
    """The tier 4 example, its id, sentence s1 and contact c1 renamed, under the 2007 rules with
    2c.6's title replaced; judged on 15 Jan 2008 (2c.6 met by c1 on Thu 27 Dec 2007)."""
    program = compile_text(_policy_text("2007"), "nasty-2007.nsr")
    case = _renamed(_renamed(load_case(str(TIER4)), "s1", SENTENCE_ID), "c1", EVENT_ID)
    case = dataclasses.replace(case, id=CASE_ID)
    found = evaluate(program, case, dt.date(2008, 1, 15))
    first = next(r for r in found.results if r.obligation == "2c.6/first_meeting")
    assert (first.title, first.trigger.id, first.satisfied_by.id) == (TITLE, SENTENCE_ID, EVENT_ID)
    return found


class _Page(HTMLParser):
    """What a browser would build from the page: its elements, attributes and text."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str]] = []
        self.text: list[str] = []
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(name, value or "") for name, value in attrs]

    def handle_data(self, data):
        self.text.append(data)


def _check(page: str, shown: list[str]) -> _Page:
    parsed = _Page(page)
    assert "script" not in parsed.tags
    assert not [name for name, _ in parsed.attributes if name.startswith("on")]
    assert NASTY not in page and "<script" not in page.lower()
    text = "".join(parsed.text)
    for value in shown:                 # escaped once: the reader sees exactly what the file said
        assert value in text, value
    csp = [value for name, value in parsed.attributes if name == "content" and "default-src" in value]
    assert csp == ["default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"]
    assert parsed.tags.count("style") == 1 + page.count("<svg")        # one stylesheet (and the drawings' own)
    for svg in re.findall(r"<svg\b.*?</svg>", page, re.S):               # each drawing is well-formed XML
        ET.fromstring(svg.replace("<svg", '<svg xmlns="http://www.w3.org/2000/svg"', 1))
    return parsed


def test_why_page_escapes_case_ids_titles_and_event_ids(evaluation):
    graph, roots = explain(evaluation, "2c.6")
    summary = explanations_text(explanations(evaluation, "2c.6"))
    page = why_page(evaluation, "2c.6", None, graph, roots, summary=summary)
    _check(page, [CASE_ID, TITLE, EVENT_ID, SENTENCE_ID])


def test_timeline_page_escapes_case_ids_titles_and_event_ids(evaluation):
    page = timeline_html(evaluation, include_all=True)
    parsed = _check(page, [CASE_ID, TITLE, EVENT_ID, SENTENCE_ID])
    assert ("data-event", EVENT_ID) in parsed.attributes               # attribute values too


def test_caseload_report_escapes_case_ids_titles_event_ids_and_names(evaluation):
    results = {CASE_ID: evaluation.results}
    items = worklist(results, {CASE_ID: CaseMeta(manager=f"A. {NASTY}", team=f"Team {NASTY}")}, within=5)
    report = compliance(results, {})
    problems = [Problem(f"CRN-2 {NASTY}", f"cases.jsonl:2 {NASTY}", f"events[0].id {NASTY}", f"bad {NASTY}")]
    assert any(SENTENCE_ID in item.explanation for item in items)      # the trigger's id is in the worklist
    page = html_report(items, report, problems, dt.date(2008, 1, 15), cases=2, within=5)
    _check(page, [CASE_ID, TITLE, SENTENCE_ID, f"A. {NASTY}", f"Team {NASTY}", f"CRN-2 {NASTY}",
                  f"events[0].id {NASTY}", f"bad {NASTY}"])


def test_diff_page_escapes_titles():
    before = parse_policy(_policy_text("2007"), "nasty-2007.nsr")
    after = parse_policy(_policy_text("2015"), "nasty-2015.nsr")
    page = diff_html([diff_policies(before, after)])
    _check(page, [TITLE, TOPIC])


def test_dates_are_written_one_way(evaluation):
    """Thu 27 Dec 2007: 2c.6 due two working days after Fri 21 Dec 2007 (Christmas Day and Boxing
    Day are bank holidays); the as-of date, a Tuesday. No page writes an ISO date for people,
    apart from the derivation of `why` (its drawing and text version), which shows the rules'
    facts in rule syntax, as `nsr why --full` prints them."""
    assert day(dt.date(2007, 12, 27)) == "Thu 27 Dec 2007"
    assert day(dt.date(2008, 1, 1)) == "Tue 01 Jan 2008"
    assert day(dt.date(1, 1, 1)) == "Mon 01 Jan 0001" and day(dt.date.max) == "" and day(None) == ""
    graph, roots = explain(evaluation, "2c.6")
    pages = {"why": why_page(evaluation, "2c.6", None, graph, roots),
             "timeline": timeline_html(evaluation)}
    results = {CASE_ID: evaluation.results}
    pages["caseload"] = html_report(worklist(results, {}, 5), compliance(results, {}), [], evaluation.as_of, 1, 5)
    for name, page in pages.items():
        if name == "why":
            page = re.sub(r"<svg\b.*?</svg>|<pre>.*?</pre>", "", page, flags=re.S)
        text = "".join(_Page(page).text)
        assert "Tue 15 Jan 2008" in text, name
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text), (name, re.findall(r".{30}\d{4}-\d{2}-\d{2}", text))
    assert "Thu 27 Dec 2007" in pages["why"] and "Thu 27 Dec 2007" in pages["timeline"]
