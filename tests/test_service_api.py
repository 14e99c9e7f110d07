"""`nsr serve`'s JSON API through Starlette's test client: the documents equal what the command
line prints, and bad input gets a problem document (RFC 9457) with the field path."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

pytest.importorskip("starlette")
from starlette.testclient import TestClient  # noqa: E402

from policyengine.caseload.generate import generate  # noqa: E402
from policyengine.cases.load import _CaseYamlLoader  # noqa: E402
from policyengine.cli import main  # noqa: E402
from policyengine.service.api import MAX_BODY  # noqa: E402
from policyengine.service.app import Settings, create_app  # noqa: E402
from policyengine.service.caseload_source import open_caseload  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
VALID = sorted(p for p in EXAMPLES.glob("*.yaml") if p.name != "invalid.yaml")
TIER4 = EXAMPLES / "tier4-community-order.yaml"
AS_OF = "2009-06-01"
TOKEN = "a-test-token-of-enough-length"


@pytest.fixture(scope="module")
def caseload():
    return open_caseload(EXAMPLES)


@pytest.fixture(scope="module")
def client(caseload):
    with TestClient(create_app(Settings(caseload))) as c:
        yield c


def cli_out(capsys, *argv: str) -> str:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    return out


def as_json(path: Path) -> str:
    """A YAML case file as the JSON a case system would send, read as `nsr` reads YAML (dates as
    text, `on:` a key, not true)."""
    return json.dumps(yaml.load(path.read_text(encoding="utf-8"), Loader=_CaseYamlLoader))


# ------------------------------------------------------------------ the same documents as the CLI
@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_check_equals_the_cli_json_on_every_example(client, capsys, path):
    expected = cli_out(capsys, "check", str(path), "--format", "json", "--as-of", AS_OF, "--all")
    got = client.post(f"/v1/check?as_of={AS_OF}&all=true", content=as_json(path))
    assert got.status_code == 200, got.text
    assert got.headers["content-type"].startswith("application/json")
    assert got.text == expected


def test_check_calculates_a_case_of_a_rule_files_own_kind_as_the_cli_does(client, capsys, tmp_path):
    tier = ROOT / "policies" / "hmpps-tier" / "examples" / "tier-case.yaml"
    edition = "hmpps-tier/v3-2026-06-18"
    expected = cli_out(capsys, "check", str(tier), "--format", "json", "--edition", edition)
    got = client.post(f"/v1/check?edition={edition}", content=as_json(tier))
    assert got.status_code == 200, got.text
    assert got.text == expected
    data = json.loads(as_json(tier))
    data["inputs"]["rosh"], data["inputs"]["arp"]["score"] = "hgh", "lots"
    bad = client.post(f"/v1/check?edition={edition}", content=json.dumps(data))
    assert bad.status_code == 422
    problem = bad.json()
    assert [(e["path"], e["message"]) for e in problem["errors"]] == [
        ("inputs.arp.score", "expected a decimal number, got 'lots'"),
        ("inputs.rosh", "'hgh' is not allowed; expected one of very_high, high, medium, low; did you mean 'high'?")]
    assert client.post("/v1/check?edition=hmpps-tier/v9", content=as_json(tier)).status_code == 404


def test_check_equals_the_cli_json_on_generated_cases(client, capsys, tmp_path):
    for index, data in enumerate(generate(12, seed=19)):
        file = tmp_path / f"case{index}.json"
        file.write_text(json.dumps(data), encoding="utf-8")
        for edition in ("2007", "auto"):
            expected = cli_out(capsys, "check", str(file), "--format", "json", "--as-of", "2010-03-31",
                               "--edition", edition)
            got = client.post(f"/v1/check?as_of=2010-03-31&edition={edition}", content=file.read_text())
            assert got.status_code == 200, got.text
            assert got.text == expected, f"generated case {index} under {edition}"


@pytest.mark.parametrize("obligation", ["2c.6", "tier"])
def test_why_equals_the_cli_json(client, capsys, obligation):
    expected = cli_out(capsys, "why", str(TIER4), obligation, "--format", "json", "--as-of", "2008-01-15")
    got = client.post(f"/v1/why?obligation={obligation}&as_of=2008-01-15", content=as_json(TIER4))
    assert got.status_code == 200, got.text
    assert got.text == expected
    if obligation == "2c.6":
        assert json.loads(got.text)["answers"], "the plain-English answers are part of the document"


def test_compare_equals_the_cli_json(client, capsys):
    expected = cli_out(capsys, "compare", str(TIER4), "--format", "json", "--as-of", "2008-01-15",
                       "--editions", "2007,2015")
    got = client.post("/v1/compare?as_of=2008-01-15&editions=2007,2015", content=as_json(TIER4))
    assert got.status_code == 200, got.text
    assert got.text == expected


def test_standards_and_diff_equal_the_cli_json(client, capsys):
    expected = cli_out(capsys, "standards", "2011", "--format", "json")
    got = client.get("/v1/standards/2011")
    assert got.status_code == 200 and got.text == expected
    standard = json.loads(got.text)["standards"][0]
    assert standard["rule"].startswith(f'standard "{standard["id"]}" {{') and standard["rule"].endswith("}")
    expected = cli_out(capsys, "diff", "2007", "2015", "--format", "json")
    got = client.get("/v1/diff?from=2007&to=2015")
    assert got.status_code == 200 and got.text == expected


def test_editions_lists_the_installed_editions(client):
    data = client.get("/v1/editions").json()
    assert [e["name"] for e in data["editions"]] == ["2007", "2011", "2015"]
    assert data["editions"][0]["standards"] == "/v1/standards/2007"


def test_healthz(client):
    assert client.get("/healthz").json() == {"status": "ok", "cases": 7, "editions": ["2007", "2011", "2015"]}


# ------------------------------------------------------------------ the served caseload
def test_case_check_equals_the_cli_json_for_the_file_it_was_read_from(client, capsys):
    expected = cli_out(capsys, "check", str(TIER4), "--format", "json", "--as-of", "2008-01-15")
    got = client.get("/v1/cases/CRN-A100001/check?as_of=2008-01-15")
    assert got.status_code == 200, got.text
    assert got.text == expected


def test_unknown_case_is_404_with_did_you_mean(client):
    got = client.get("/v1/cases/CRN-A100002/check")
    assert got.status_code == 404
    assert got.headers["content-type"] == "application/problem+json"
    assert "did you mean CRN-A100001" in got.json()["detail"]


def test_worklist_filters_and_counts(client):
    whole = client.get(f"/v1/worklist?as_of={AS_OF}").json()
    assert whole["edition"] == "auto" and whole["within"] == 5
    assert whole["counts"]["overdue"] == sum(1 for i in whole["items"] if i["status"] == "overdue") > 0
    overdue = [i for i in whole["items"] if i["status"] == "overdue"]
    assert [i["working_days"] for i in overdue] == sorted((i["working_days"] for i in overdue), reverse=True)
    manager = overdue[0]["manager"]
    mine = client.get(f"/v1/worklist?as_of={AS_OF}&manager={manager}").json()
    assert mine["items"] and {i["manager"] for i in mine["items"]} == {manager}
    assert len(mine["items"]) < len(whole["items"])
    later = client.get(f"/v1/worklist?as_of={AS_OF}&within=400").json()
    assert later["counts"]["pending"] >= whole["counts"]["pending"]
    assert all(i["working_days"] <= 400 for i in later["items"] if i["status"] == "pending")


# ------------------------------------------------------------------ problem documents
def test_malformed_json_is_400_with_the_place(client):
    got = client.post("/v1/check", content='{"id": "x",')
    assert got.status_code == 400
    body = got.json()
    assert body["status"] == 400 and body["title"] == "Bad request"
    assert "JSON syntax error at line 1, column" in body["detail"]


def test_invalid_case_is_422_with_the_messages_of_nsr_validate(client, capsys, tmp_path):
    file = tmp_path / "invalid.json"
    file.write_text(as_json(EXAMPLES / "invalid.yaml"), encoding="utf-8")
    capsys.readouterr()
    assert main(["validate", str(file)]) == 1
    printed = [line.removeprefix(f"{file}: ") for line in capsys.readouterr().out.splitlines()]
    got = client.post("/v1/check", content=file.read_text())
    assert got.status_code == 422
    errors = got.json()["errors"]
    assert len(errors) > 1
    assert [f"{e['path']}: {e['message']}" if e["path"] else e["message"] for e in errors] == printed


def test_unknown_edition_and_obligation_are_404_with_did_you_mean(client):
    got = client.post("/v1/check?edition=2008", content=as_json(TIER4))
    assert got.status_code == 404 and "did you mean '2007'" in got.json()["detail"]
    got = client.post("/v1/why?obligation=2c.66&as_of=2008-01-15", content=as_json(TIER4))
    assert got.status_code == 404 and "did you mean" in got.json()["detail"] and "2c.6" in got.json()["detail"]
    assert client.get("/v1/diff?from=2007&to=2015&topic=frist_contact").status_code in (404,)


def test_an_edition_is_never_a_path(client):
    got = client.post("/v1/check?edition=policies/2007.nsr", content=as_json(TIER4))
    assert got.status_code == 404
    assert "path" not in got.json()["detail"]


def test_bad_query_values_are_400_naming_the_parameter(client):
    got = client.post("/v1/check?as_of=2008-02-30", content=as_json(TIER4))
    assert got.status_code == 400 and got.json()["errors"][0]["path"] == "query.as_of"
    got = client.get("/v1/worklist?within=-1")
    assert got.status_code == 400 and got.json()["errors"][0]["path"] == "query.within"


def test_a_body_above_the_limit_is_413(client):
    got = client.post("/v1/check", content=b"{" + b" " * MAX_BODY + b"}")
    assert got.status_code == 413
    assert "5 MB" in got.json()["detail"]


def test_unknown_route_and_method_are_problem_documents(client):
    assert client.get("/v1/nothing").json()["status"] == 404
    assert client.get("/v1/check").status_code == 405


def test_every_response_carries_a_csp_without_script(client):
    policy = client.get("/healthz").headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy


# ------------------------------------------------------------------ the token
def test_a_missing_or_wrong_token_is_401(caseload):
    with TestClient(create_app(Settings(caseload, TOKEN))) as c:
        assert c.get("/healthz").status_code == 200, "health checks need no token"
        refused = c.get("/v1/editions")
        assert refused.status_code == 401 and refused.headers["www-authenticate"].startswith("Bearer")
        assert refused.json()["status"] == 401
        assert c.get("/v1/editions", headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert c.get("/v1/editions", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


# ------------------------------------------------------------------ `nsr serve` options
def test_serve_refuses_other_addresses_without_a_token(capsys):
    assert main(["serve", str(EXAMPLES), "--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "without a token" in err and "--token-file" in err


def test_serve_refuses_a_short_token_file(capsys, tmp_path):
    file = tmp_path / "token"
    file.write_text("short\n")
    assert main(["serve", str(EXAMPLES), "--token-file", str(file)]) == 2
    assert "16 characters" in capsys.readouterr().err


# ------------------------------------------------------------------ a store from `nsr caseload import`
def test_a_store_serves_the_same_worklist_as_its_folder(client, capsys, tmp_path):
    db = tmp_path / "examples.duckdb"
    assert main(["caseload", "import", str(EXAMPLES), "--db", str(db)]) == 0
    capsys.readouterr()
    with TestClient(create_app(Settings(open_caseload(db)))) as stored:
        from_store = stored.get(f"/v1/worklist?as_of={AS_OF}&within=20").json()
        from_folder = client.get(f"/v1/worklist?as_of={AS_OF}&within=20").json()
        assert from_store["items"] and from_store == from_folder
        assert stored.get("/healthz").json()["cases"] == 7
        # the store keeps each case's facts and where it came from: the case file is read again
        expected = cli_out(capsys, "check", str(TIER4), "--format", "json", "--as-of", "2008-01-15")
        assert stored.get("/v1/cases/CRN-A100001/check?as_of=2008-01-15").text == expected


def test_a_store_imported_from_tables_serves_each_cases_page(capsys, tmp_path):
    """A case built from the cases/events tables is built again from them (its rows alone)."""
    from policyengine.caseload.generate import generate
    from test_bulk_import import _write_tables
    folder = tmp_path / "tables"
    cases = list(generate(5, seed=2))
    _write_tables(folder, cases)
    db = tmp_path / "tables.duckdb"
    assert main(["caseload", "import", str(folder), "--db", str(db)]) == 0
    capsys.readouterr()
    with TestClient(create_app(Settings(open_caseload(db)))) as stored, \
            TestClient(create_app(Settings(open_caseload(folder)))) as served:
        for case in (cases[0], cases[4]):
            url = f"/v1/cases/{case['id']}/check?as_of=2010-01-01"
            got = stored.get(url)
            assert got.status_code == 200 and got.json()["case"] == case["id"]
            assert got.text == served.get(url).text
            page = stored.get(f"/cases/{case['id']}?as_of=2010-01-01", headers={"accept": "text/html"})
            assert page.status_code == 200 and case["id"] in page.text


def test_a_file_that_is_not_a_finished_store_is_refused_in_one_line(tmp_path):
    from policyengine.output.exits import BadInput
    bogus = tmp_path / "empty.duckdb"
    bogus.write_bytes(b"not a database")
    with pytest.raises(BadInput) as refused:
        open_caseload(bogus)
    assert "\n" not in str(refused.value) and str(bogus) in str(refused.value)


def test_serve_workers_must_be_1_to_32(capsys):
    with pytest.raises(SystemExit) as refused:
        main(["serve", str(EXAMPLES), "--workers", "0"])
    assert refused.value.code == 2 and "from 1 to 32" in capsys.readouterr().err


def test_each_worker_process_opens_the_caseload_and_token_named_in_its_environment(client, monkeypatch, tmp_path):
    """`nsr serve --workers N`: uvicorn starts every worker afresh, so each builds its own app."""
    from policyengine.service.serve import WORKER_SETTINGS, app_from_environment
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    monkeypatch.setenv(WORKER_SETTINGS, json.dumps({"source": str(EXAMPLES), "token_file": str(token_file)}))
    with TestClient(app_from_environment()) as worker:
        assert worker.get("/v1/editions").status_code == 401
        body = as_json(TIER4)
        answer = worker.post(f"/v1/check?as_of={AS_OF}", content=body, headers={"Authorization": f"Bearer {TOKEN}"})
        assert answer.status_code == 200
        assert answer.text == client.post(f"/v1/check?as_of={AS_OF}", content=body).text


def test_a_json_lines_import_serves_each_case_from_its_line(capsys, tmp_path):
    """The store keeps facts; a case's check and page read its line of the imported file again
    (found by the line's offset), and say so in one line when that file has gone."""
    jsonl = tmp_path / "caseload.jsonl"
    records = list(generate(5, seed=23))
    jsonl.write_text("\n".join(json.dumps(r) for r in records[:2]) + "\n\n"   # a blank line: numbers still count it
                     + "\n".join(json.dumps(r) for r in records[2:]) + "\n", encoding="utf-8")
    db = tmp_path / "caseload.duckdb"
    assert main(["caseload", "import", str(jsonl), "--db", str(db)]) == 0
    capsys.readouterr()
    last, store = records[-1]["id"], open_caseload(db)
    with TestClient(create_app(Settings(store))) as stored, \
            TestClient(create_app(Settings(open_caseload(jsonl)))) as in_memory:
        for record in records:
            url = f"/v1/cases/{record['id']}/check?as_of=2010-03-31"
            got = stored.get(url)
            assert got.status_code == 200, got.text
            assert got.text == in_memory.get(url).text
            assert got.json()["case"] == record["id"]
        page = stored.get(f"/cases/{last}?as_of=2010-03-31", headers={"Accept": "text/html"})
        assert page.status_code == 200 and last in page.text
    jsonl.rename(tmp_path / "moved.jsonl")
    with TestClient(create_app(Settings(store))) as stored:
        gone = stored.get(f"/v1/cases/{last}/check")
        assert gone.status_code == 404 and "caseload.jsonl:6" in gone.json()["detail"]


def test_line_starts_are_byte_offsets_with_or_without_a_final_newline(tmp_path):
    from policyengine.service.caseload_source import _line_starts
    file = tmp_path / "lines.jsonl"
    file.write_bytes(b'{"a": 1}\r\n\n{"b": "\xc3\xa9"}')
    assert _line_starts(file) == [0, 10, 11]
    file.write_bytes(b'{"a": 1}\n{"b": 2}\n')
    assert _line_starts(file) == [0, 9]
    file.write_bytes(b"")
    assert _line_starts(file) == []
