"""`nsr serve`'s web pages and its OpenAPI document, through Starlette's test client: every
value escaped, English first with the rules under a fold, and every route described."""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

pytest.importorskip("starlette")
from starlette.routing import Route  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from policyengine.cases.load import _CaseYamlLoader  # noqa: E402
from policyengine.service.app import Settings, create_app  # noqa: E402
from policyengine.service.caseload_source import open_caseload  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
AS_OF = "2009-06-01"
EVIL_ID = '<script>alert("id")</script>'
EVIL_NAME = "<script>alert('name')</script>"
EVIL_MANAGER = "<img src=x onerror=alert(1)>"
HTML = {"Accept": "text/html"}


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(Settings(open_caseload(EXAMPLES)))) as c:
        yield c


@pytest.fixture(scope="module")
def evil(tmp_path_factory):
    """A caseload whose case id, offender name and offender manager's name are markup."""
    folder = tmp_path_factory.mktemp("evil")
    data = yaml.load((EXAMPLES / "tier2-upw.yaml").read_text(encoding="utf-8"), Loader=_CaseYamlLoader)
    data["id"] = EVIL_ID
    data["offender"]["name"] = EVIL_NAME
    for event in data["events"]:
        if event["kind"] == "offender_manager_assigned":
            event["name"] = EVIL_MANAGER
    (folder / "evil.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    shutil.copy(EXAMPLES / "invalid.yaml", folder / "invalid.yaml")
    with TestClient(create_app(Settings(open_caseload(folder)))) as c:
        yield c


def page(client, url: str) -> str:
    got = client.get(url, headers=HTML)
    assert got.status_code == 200, got.text[:500]
    assert got.headers["content-type"].startswith("text/html")
    return got.text


def no_markup_from_the_case(html: str) -> None:
    assert "<script" not in html.lower(), "no page holds a script element"
    assert "<img" not in html.lower()
    assert "onerror=alert" not in html.replace("&#34;", '"') or "&lt;img" in html


# ------------------------------------------------------------------ escaping on every page
def test_markup_in_a_case_id_and_names_is_escaped_on_every_page(evil):
    encoded = quote(EVIL_ID, safe="")
    pages = {
        "worklist": page(evil, f"/?as_of={AS_OF}"),
        "worklist filtered": page(evil, f"/?as_of={AS_OF}&manager={quote(EVIL_MANAGER)}"),
        "case": page(evil, f"/cases/{encoded}?as_of={AS_OF}"),
        "why": page(evil, f"/why?case={encoded}&obligation=2c.6&as_of={AS_OF}"),
        "standards": page(evil, "/standards/2007"),
        "changes": page(evil, "/changes?from=2007&to=2015"),
    }
    for name, html in pages.items():
        no_markup_from_the_case(html)
    for name in ("worklist", "case", "why"):
        assert "&lt;script&gt;alert(&#34;id&#34;)&lt;/script&gt;" in pages[name], name
    assert "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;" in pages["case"]
    assert "&lt;img src=x onerror=alert(1)&gt;" in pages["worklist"]
    assert f'href="/cases/{encoded}?' in pages["worklist"], "the link to the case carries the id percent-encoded"
    unknown = evil.get(f"/cases/{quote('<script>x</script>', safe='')}", headers=HTML)
    assert unknown.status_code == 404
    no_markup_from_the_case(unknown.text)


def test_pages_load_no_script_and_one_stylesheet(client):
    html = page(client, f"/?as_of={AS_OF}")
    assert re.findall(r'<link rel="stylesheet" href="([^"]+)"', html) == ["/static/style.css"]
    assert "<script" not in html and "<style" not in html
    policy = client.get("/", headers=HTML).headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy and "style-src 'self'" in policy
    css = client.get("/static/style.css")
    assert css.headers["content-type"].startswith("text/css") and ".tone-bad" in css.text and "nav.site" in css.text


# ------------------------------------------------------------------ what each page shows
def test_the_worklist_counts_filters_and_links(client):
    html = page(client, f"/?as_of={AS_OF}")
    data = client.get(f"/v1/worklist?as_of={AS_OF}").json()
    assert f"<b>{data['counts']['overdue']}</b> Overdue" in html
    assert html.count('data-label="Case"><a href="/cases/') == len(data["items"])
    mine = page(client, f"/?as_of={AS_OF}&manager=Tom+Whitaker")
    assert "CRN-B200002" in mine and "CRN-M400004" not in mine
    assert '<option selected>Tom Whitaker</option>' in mine
    assert "1 problem(s) in case files that could not be read" in html


def test_the_case_page_has_the_summary_timeline_answers_and_editions(client):
    html = page(client, f"/cases/CRN-B200002?as_of={AS_OF}")
    assert "Tier on 01 Jun 2009: allocated 2" in html
    assert "<svg" in html and 'aria-label="timeline of case CRN-B200002"' in html
    assert 'class="status tone-bad">OVERDUE' in html and 'class="status tone-ok">met on time' in html
    assert '/why?case=CRN-B200002&amp;obligation=2c.6%2Ffirst_meeting' in html
    head = re.search(r"<thead><tr><th>Topic</th>(.*?)</tr></thead>", html).group(1)
    assert re.findall(r"<th>(\d{4})</th>", head) == ["2007", "2011", "2015"]


def test_the_why_page_puts_english_first_and_the_rule_under_a_fold(client):
    html = page(client, f"/why?case=CRN-B200002&obligation=2e.5&as_of={AS_OF}")
    english, _, fold = html.partition('<details class="rule">')
    assert fold, "the derivation sits under a fold"
    assert "<summary>Show the rule</summary>" in fold
    rule_names = set(re.findall(r"\b([a-z]+(?:_[a-z]+)+)\(", fold))
    assert rule_names, "the fold holds the rules"
    assert not {name for name in rule_names if f"{name}(" in english}, "no rule name before the fold"
    assert "Overdue by 248 working days" in english
    assert "<h3>What would meet it</h3>" in english
    assert "A review of the sentence plan recorded on or before Friday 6 June 2008 would have met it" in english


def test_the_standards_page_has_quotes_readings_and_the_rule_folded(client):
    html = page(client, "/standards/2007")
    assert "<h2 id=\"s1\">1 Responsibility and Accountability</h2>" in html
    article = html[html.index('id="2c.6"'):]
    article = article[:article.index("</article>")]
    assert "blockquote" in article and "How it is read:" in article
    english, _, fold = article.partition("<details")
    assert "standard &#34;2c.6&#34; {" in fold and "standard &#34;" not in english


def test_the_changes_page_shows_both_texts_side_by_side(client):
    html = page(client, "/changes?from=2007&to=2015")
    assert "What changed from 2007 to 2015" in html
    assert "<th>Facet</th><th>2007</th><th>2015</th>" in html
    assert client.get("/changes?from=2007&to=2007", headers=HTML).status_code == 400


def test_a_page_error_is_a_page_for_a_browser_and_a_problem_for_a_program(client):
    for_browser = client.get("/cases/CRN-A100002", headers=HTML)
    assert for_browser.status_code == 404 and for_browser.headers["content-type"].startswith("text/html")
    assert "did you mean CRN-A100001" in for_browser.text
    for_program = client.get("/cases/CRN-A100002")
    assert for_program.headers["content-type"] == "application/problem+json"


def test_sign_in_sets_the_token_cookie_only_for_the_right_token(tmp_path):
    token = "a-page-token-of-enough-length"
    with TestClient(create_app(Settings(open_caseload(EXAMPLES), token))) as c:
        assert c.get("/", headers=HTML).status_code == 401
        assert c.get("/signin", headers=HTML).status_code == 200
        assert c.post("/signin", data={"token": "wrong"}).status_code == 401
        signed = c.post("/signin", data={"token": token}, follow_redirects=False)
        assert signed.status_code == 303
        cookie = signed.headers["set-cookie"]
        assert "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
        assert c.get(f"/?as_of={AS_OF}", headers=HTML).status_code == 200


# ------------------------------------------------------------------ the OpenAPI document
def _template(path: str) -> str:
    return re.sub(r"\{(\w+):\w+\}", r"{\1}", path)


def test_every_route_is_described_in_the_openapi_document(client):
    document = client.get("/openapi.json").json()
    app = client.app.app
    routes = [r for r in app.routes if isinstance(r, Route)]
    assert len(routes) >= 17
    for route in routes:
        path = _template(route.path)
        assert path in document["paths"], path
        for method in route.methods - {"HEAD"}:
            assert method.lower() in document["paths"][path], f"{method} {path}"
    described = {(p, m) for p, ops in document["paths"].items() for m in ops}
    served = {(_template(r.path), m.lower()) for r in routes for m in r.methods - {"HEAD"}}
    assert described == served, "nothing is described that is not served"


def test_the_openapi_document_is_valid_openapi_3_1(client):
    validator = pytest.importorskip("openapi_spec_validator")
    document = client.get("/openapi.json").json()
    assert document["openapi"] == "3.1.0"
    validator.validate(document)


# ------------------------------------------------------------------ a worklist still being derived
def test_a_worklist_still_being_derived_is_a_page_that_says_so_and_reloads(monkeypatch):
    """On a national caseload the first worklist of a date takes a minute: the page answers at
    once, says what is happening, reloads itself (no script), and shows the worklist once kept."""
    import threading
    caseload = open_caseload(EXAMPLES)
    release, derive = threading.Event(), caseload._derive
    calls = []

    def slow(as_of, edition):
        calls.append((as_of, edition))
        assert release.wait(60), "the test never released the derivation"
        return derive(as_of, edition)

    monkeypatch.setattr(caseload, "_derive", slow)
    with TestClient(create_app(Settings(caseload, worklist_wait=0.05))) as c:
        first = c.get(f"/?as_of={AS_OF}&manager=Ruth%20Ellis", headers=HTML)
        assert first.status_code == 202 and first.headers["retry-after"] == "5"
        assert "being prepared" in first.text and "7 cases" in first.text and "01 Jun 2009" in first.text
        assert re.search(r'<meta http-equiv="refresh" content="5">', first.text)
        again = c.get(f"/?as_of={AS_OF}", headers=HTML)   # asked again while it runs: not started twice
        assert again.status_code == 202
        release.set()
        deadline = __import__("time").monotonic() + 60
        while (ready := c.get(f"/?as_of={AS_OF}", headers=HTML)).status_code == 202:
            assert __import__("time").monotonic() < deadline
        assert ready.status_code == 200 and "being prepared" not in ready.text and "Due soon" in ready.text
        assert calls == [(__import__("datetime").date(2009, 6, 1), "auto")]
        # the API waits for the worklist instead (a program can wait): same worklist, not derived again
        assert c.get(f"/v1/worklist?as_of={AS_OF}").status_code == 200 and len(calls) == 1


def test_the_server_starts_deriving_todays_worklist_as_it_starts(monkeypatch):
    """`nsr serve` (prepare_on_start) asks for today's worklist under every edition in force as it
    starts, in the background, so the first person to open the worklist need not wait for it."""
    import datetime as dt
    import threading
    caseload = open_caseload(EXAMPLES)
    derive, asked, done = caseload._derive, [], threading.Event()

    def counted(as_of, edition):
        asked.append((as_of, edition))
        try:
            return derive(as_of, edition)
        finally:
            done.set()
    monkeypatch.setattr(caseload, "_derive", counted)
    with TestClient(create_app(Settings(caseload, worklist_wait=0.05, prepare_on_start=True))) as c:
        assert done.wait(60)
        assert asked == [(dt.date.today(), "auto")]
        assert c.get("/", headers=HTML).status_code == 200 and asked == [(dt.date.today(), "auto")]


def test_a_server_stopping_interrupts_a_worklist_still_being_derived(monkeypatch):
    """Stopping while a worklist is derived leaves nothing running inside DuckDB."""
    import threading
    caseload = open_caseload(EXAMPLES)
    started = threading.Event()

    def endless(as_of, edition):
        started.set()
        caseload._store.con.execute("SELECT count(*) FROM range(10000000000) a, range(10) b").fetchall()
    monkeypatch.setattr(caseload, "_derive", endless)
    with TestClient(create_app(Settings(caseload, worklist_wait=0.05, prepare_on_start=True))):
        assert started.wait(60)
    (preparation,) = caseload._preparing.values()
    assert preparation.done.is_set() and preparation.error is not None


def test_a_failed_derivation_is_reported_then_tried_again(monkeypatch):
    caseload = open_caseload(EXAMPLES)
    derive, failures = caseload._derive, []

    def once_broken(as_of, edition):
        if not failures:
            failures.append(edition)
            raise RuntimeError("the store went away")
        return derive(as_of, edition)

    monkeypatch.setattr(caseload, "_derive", once_broken)
    with TestClient(create_app(Settings(caseload, worklist_wait=30)), raise_server_exceptions=False) as c:
        broken = c.get(f"/?as_of={AS_OF}", headers=HTML)
        assert broken.status_code == 500 and "RuntimeError" in broken.text and "Traceback" not in broken.text
        assert c.get(f"/?as_of={AS_OF}", headers=HTML).status_code == 200
