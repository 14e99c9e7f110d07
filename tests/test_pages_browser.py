"""The HTML pages as a person sees them: loaded in headless Chromium at 1366x768 and at 420 px.

Nothing may be wider than the window (a wide drawing or table scrolls inside its own box, and
at 1366 px a timeline fits its box without scrolling), and the timeline's empty state, lanes
and legend must not overlap. The rectangles are the browser's own (getBoundingClientRect).

Needs /usr/bin/chromium, /usr/bin/chromedriver (`apt-get install -y chromium chromium-driver`)
and selenium (the `test` extra). Without them these tests skip, except where
POLICYENGINE_BROWSER_TESTS=required (as .ci/run sets it): there they fail.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import pytest

from policyengine.backends.bulk import CaseMeta
from policyengine.caseload.report import compliance, worklist
from policyengine.caseload.write import html_report
from policyengine.cases.load import load_case
from policyengine.compare.diff import diff_editions
from policyengine.compare.diff_report import diff_html
from policyengine.evaluate import evaluate
from policyengine.explain.derivation import explain
from policyengine.explain.derived import explain_subject
from policyengine.output.pictures.page import subject_page, why_page
from policyengine.output.pictures.timeline import timeline_html

from support import program

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SIZES = [(1366, 768), (420, 800)]
INSTALL = ("apt-get install -y chromium chromium-driver; "
           ".venv/bin/python -m pip install -e '.[test]' (selenium)")


def _browser_or_skip():
    """A headless Chromium driven by selenium, or a skip (a failure where the browser is required)."""
    missing = [name for name in ("chromium", "chromedriver") if not shutil.which(name)]
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        missing.append("selenium")
    if missing:
        message = f"browser tests need {', '.join(missing)}: {INSTALL}"
        if os.environ.get("POLICYENGINE_BROWSER_TESTS") == "required":
            pytest.fail(message)
        pytest.skip(message)
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--hide-scrollbars"):
        options.add_argument(argument)
    options.binary_location = shutil.which("chromium")
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


@pytest.fixture(scope="module")
def browser():
    driver = _browser_or_skip()
    yield driver
    driver.quit()


def _evaluation(name: str, as_of: dt.date):
    return evaluate(program("2007"), load_case(str(EXAMPLES / f"{name}.yaml")), as_of)


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, Path]:
    """Every kind of page, from the examples: the DRR case has 36 schedule windows; the tier 4
    case judged on Sat 1 Dec 2007 (before its sentence of Fri 21 Dec) owes nothing yet."""
    folder = tmp_path_factory.mktemp("pages")
    tier4 = _evaluation("tier4-community-order", dt.date(2008, 1, 15))
    graph, roots = explain(tier4, "2c.6")
    found = {
        "why": why_page(tier4, "2c.6", None, graph, roots, summary="2c.6/first_meeting for s1: met on time"),
        "timeline": timeline_html(tier4),
        "timeline-empty": timeline_html(_evaluation("tier4-community-order", dt.date(2007, 12, 1))),
        "timeline-drr": timeline_html(_evaluation("drr", dt.date(2008, 4, 15))),
        "timeline-long": timeline_html(_evaluation("licence-release", dt.date(2016, 3, 1))),  # 1.2 px a day
        "diff": diff_html(diff_editions(["2007", "2015"])),
        "tier": subject_page(tier4, *explain_subject(tier4, "tier")),   # nsr why CASE tier --format html
    }
    cases = {name: _evaluation(name, dt.date(2008, 6, 1))
             for name in ("tier4-community-order", "drr", "enforcement", "tier2-upw")}
    results = {ev.case.id: ev.results for ev in cases.values()}
    meta = {case: CaseMeta(manager="A. Manager", team="North") for case in results}
    found["caseload"] = html_report(worklist(results, meta, 5), compliance(results, {}), [], dt.date(2008, 6, 1),
                                    len(results), 5)
    paths = {}
    for name, page in found.items():
        paths[name] = folder / f"{name}.html"
        paths[name].write_text(page, encoding="utf-8")
    return paths


def _open(browser, page: Path, size: tuple[int, int]) -> None:
    width, height = size
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False})
    browser.get(page.as_uri())


def _rect(browser, selector: str) -> dict | None:
    return browser.execute_script(
        "const e = document.querySelector(arguments[0]); if (!e) return null;"
        "const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};",
        selector)


def _rects(browser, selector: str) -> list[dict]:
    return browser.execute_script(
        "return Array.from(document.querySelectorAll(arguments[0])).map(e => {"
        "const r = e.getBoundingClientRect(); return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; });",
        selector)


def _overlap(a: dict, b: dict) -> bool:
    return a["left"] < b["right"] and b["left"] < a["right"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


# every box that may hold something wider than itself, and whether its content fits or it scrolls
_BOXES = """
return Array.from(document.querySelectorAll('.picture, .table-wrap')).map(box => {
  const r = box.getBoundingClientRect();
  return {kind: box.className, left: r.left, right: r.right, client: box.clientWidth, scroll: box.scrollWidth,
          overflow: getComputedStyle(box).overflowX};
});
"""


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}px")
@pytest.mark.parametrize("name", ["why", "timeline", "timeline-empty", "timeline-drr", "timeline-long", "diff",
                                  "caseload", "tier"])
def test_nothing_is_wider_than_the_window(browser, pages, name, size):
    _open(browser, pages[name], size)
    inner, page_width = browser.execute_script(
        "return [window.innerWidth, document.documentElement.scrollWidth]")
    assert inner == size[0]
    assert page_width <= inner, f"{name} at {size[0]} px is {page_width} px wide: the page scrolls sideways"
    boxes = browser.execute_script(_BOXES)
    assert boxes or name == "timeline-empty"
    for box in boxes:
        assert box["left"] >= 0 and box["right"] <= inner, box
        if box["scroll"] > box["client"]:      # wider content: it scrolls inside its own box
            assert box["overflow"] in ("auto", "scroll"), box
    heading = _rect(browser, "h1")
    assert heading["right"] <= inner


@pytest.mark.parametrize("name", ["timeline", "timeline-empty", "timeline-drr", "timeline-long"])
def test_a_timeline_fits_its_box_on_a_laptop_screen(browser, pages, name):
    _open(browser, pages[name], SIZES[0])
    picture = browser.execute_script(
        "const p = document.querySelector('.picture'); const s = p.querySelector('svg').getBoundingClientRect();"
        "return {client: p.clientWidth, scroll: p.scrollWidth, svg: s.width, natural: +p.querySelector('svg')"
        ".getAttribute('width')};")
    assert picture["scroll"] <= picture["client"], picture        # no scrolling needed at 1366 px
    assert picture["svg"] >= min(picture["natural"], 960) - 1     # scaled down, never below 960 px


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}px")
def test_the_empty_timeline_keeps_its_message_clear_of_the_legend(browser, pages, size):
    _open(browser, pages["timeline-empty"], size)
    message, legend, drawing = _rect(browser, ".tl-empty"), _rect(browser, ".tl-legend"), _rect(browser, ".picture svg")
    assert message and legend, "the empty state and the legend are both drawn"
    assert not _overlap(message, legend), (message, legend)
    assert message["bottom"] <= legend["top"]
    assert drawing["left"] <= legend["left"] and legend["right"] <= drawing["right"] + 0.5   # the key is not cut off
    assert browser.find_element("css selector", "p.empty").text.startswith("No obligation with a clock on Sat 01 Dec")


@pytest.mark.parametrize("name", ["timeline", "timeline-drr", "timeline-long"])
def test_timeline_lanes_and_legend_do_not_overlap(browser, pages, name):
    _open(browser, pages[name], SIZES[0])
    labels, legend = _rects(browser, ".tl-lane-label"), _rect(browser, ".tl-legend")
    assert len(labels) > 5
    assert not [label for label in labels if _overlap(label, legend)]
    ordered = sorted(labels, key=lambda r: r["top"])
    assert all(a["bottom"] <= b["top"] + 0.5 for a, b in zip(ordered, ordered[1:]))   # one lane under another
