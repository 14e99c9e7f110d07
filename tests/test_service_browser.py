"""`nsr serve`'s pages in headless Chromium, as a practitioner uses them: open the worklist,
filter it, open a case, open a why-answer, and read what is shown; at 1366x768 and at a phone's
390 px nothing is wider than the window.

The server is the real app under uvicorn on a free loopback port, in a thread of this process.
Needs chromium, chromedriver and selenium, as tests/test_pages_browser.py (which says how to
install them); without them these tests skip, except under POLICYENGINE_BROWSER_TESTS=required.
Set POLICYENGINE_SCREENSHOTS=FOLDER to keep a screenshot of each page at each width.
"""
from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("uvicorn")
import uvicorn  # noqa: E402

from policyengine.service.app import Settings, create_app  # noqa: E402
from policyengine.service.caseload_source import open_caseload  # noqa: E402
from test_pages_browser import _browser_or_skip  # noqa: E402

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2009-06-01"
WIDTHS = [(1366, 768), (390, 844)]


@pytest.fixture(scope="module")
def server():
    """The served examples on http://127.0.0.1:PORT, stopped when the module's tests end."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = uvicorn.Config(create_app(Settings(open_caseload(ROOT / "examples"))), host="127.0.0.1", port=port,
                            log_level="warning", access_log=False)
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not running.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    running.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser():
    driver = _browser_or_skip()
    driver.set_window_size(*WIDTHS[0])
    yield driver
    driver.quit()


def _shot(browser, name: str) -> None:
    folder = os.environ.get("POLICYENGINE_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        width = browser.execute_script("return window.innerWidth")
        browser.save_screenshot(str(Path(folder) / f"serve-{name}-{width}.png"))


def _fits(browser) -> None:
    """Nothing makes the page wider than the window (wide tables and drawings scroll in their box)."""
    page_width = browser.execute_script("return document.documentElement.scrollWidth")
    window = browser.execute_script("return document.documentElement.clientWidth")
    assert page_width <= window, f"the page is {page_width} px wide in a {window} px window"


def test_a_practitioner_filters_the_worklist_opens_a_case_and_reads_why(server, browser):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select
    browser.set_window_size(*WIDTHS[0])
    browser.get(f"{server}/?as_of={AS_OF}")
    assert browser.title == "Worklist · National Standards"
    everyone = browser.find_elements(By.CSS_SELECTOR, "table.worklist-items tbody tr")
    assert len(everyone) > 5
    _shot(browser, "worklist")

    Select(browser.find_element(By.NAME, "manager")).select_by_visible_text("Tom Whitaker")
    browser.find_element(By.CSS_SELECTOR, "form.filters button").click()
    rows = browser.find_elements(By.CSS_SELECTOR, "table.worklist-items tbody tr")
    assert 0 < len(rows) < len(everyone)
    assert {row.find_element(By.CSS_SELECTOR, 'td[data-label="Manager"]').text for row in rows} \
        == {"Tom Whitaker"}
    assert "manager=Tom+Whitaker" in browser.current_url
    figures = browser.find_element(By.CSS_SELECTOR, "ul.figures").text
    assert f"{sum(1 for r in rows if 'Overdue' in r.text)}\nOverdue" in figures

    rows[0].find_element(By.CSS_SELECTOR, 'td[data-label="Case"] a').click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Case CRN-B200002"
    assert "Kelly Brennan" in browser.find_element(By.CSS_SELECTOR, "p.meta").text
    assert "Tier on 01 Jun 2009: allocated 2" in browser.find_element(By.CSS_SELECTOR, "section.answer").text
    assert browser.find_element(By.CSS_SELECTOR, "figure.picture svg").is_displayed()
    _shot(browser, "case")

    review = next(row for row in browser.find_elements(By.CSS_SELECTOR, "table.results tbody tr")
                  if row.find_element(By.CSS_SELECTOR, 'td[data-label="Std"]').text == "2e.5")
    assert review.find_element(By.CSS_SELECTOR, 'td[data-label="Status"]').text == "OVERDUE"
    review.find_element(By.LINK_TEXT, "Why, and what would meet it").click()
    answer = browser.find_element(By.CSS_SELECTOR, "section.answer").text
    assert answer.startswith("Overdue"), "the link names the one obligation and its trigger"
    assert "Overdue by 248 working days: the next formal review of the assessment and Sentence Plan was due by " \
           "Friday 6 June 2008" in answer
    assert "A review of the sentence plan recorded on or before Friday 6 June 2008 would have met it" in answer
    fold = browser.find_element(By.CSS_SELECTOR, "details.rule")
    assert not fold.find_element(By.TAG_NAME, "pre").is_displayed(), "the rules stay folded until asked for"
    fold.find_element(By.TAG_NAME, "summary").click()
    assert fold.find_element(By.TAG_NAME, "pre").is_displayed()
    _shot(browser, "why")


@pytest.mark.parametrize("size", WIDTHS, ids=lambda s: f"{s[0]}px")
@pytest.mark.parametrize("path", [f"/?as_of={AS_OF}", f"/cases/CRN-B200002?as_of={AS_OF}",
                                  f"/why?case=CRN-B200002&obligation=2e.5&as_of={AS_OF}", "/standards/2007",
                                  "/changes?from=2007&to=2015"],
                         ids=["worklist", "case", "why", "standards", "changes"])
def test_no_page_is_wider_than_the_window(server, browser, path, size):
    browser.set_window_size(*size)
    browser.get(server + path)
    _fits(browser)
    _shot(browser, path.strip("/").split("?")[0].replace("/", "-") or "worklist")
