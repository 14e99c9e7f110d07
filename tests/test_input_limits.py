"""The limits on what a case may hold (docs/case-files.md, "Limits"), each refused in one line
naming the field, the caseload line or the option."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from policyengine.backends.bulk import BulkStore
from policyengine.caseload.generate import generate
from policyengine.caseload.sources import read_caseload
from policyengine.cases.load import MAX_CASE_BYTES, CaseError, date_range, load_case, load_case_data
from policyengine.cli import main
from policyengine.compiler.compile import load_edition
from policyengine.evaluate import evaluate


def _case(**extra) -> dict:
    return {"id": "L1", "sentences": [{"id": "s1", "type": "community_order", "date": "2008-01-10"}], **extra}


def _contact(number: int, date: str = "2008-01-11") -> dict:
    return {"id": f"c{number}", "kind": "contact", "date": date, "mode": "face_to_face", "with": "offender_manager"}


def _problems(data: dict) -> list[str]:
    with pytest.raises(CaseError) as caught:
        load_case_data(data, "case.json")
    return [str(problem) for problem in caught.value.problems]


# ------------------------------------------------------------------ dates
def test_the_date_range_is_the_schemas():
    assert date_range() == (dt.date(1900, 1, 1), dt.date(2099, 12, 31))


def test_a_case_sentenced_in_1008_is_refused_at_load():
    data = _case()
    data["sentences"][0]["date"] = "1008-01-10"
    assert _problems(data) == ["sentences[0].date: '1008-01-10' is outside the dates a case may hold "
                               "(1900-01-01 to 2099-12-31)"]


@pytest.mark.parametrize("date, accepted", [("1899-12-31", False), ("1900-01-01", True),
                                             ("2099-12-31", True), ("2100-01-01", False)])
def test_the_first_and_last_dates(date, accepted):
    data = _case(events=[_contact(1, date)], offender={"date_of_birth": "1900-01-01"})
    if accepted:
        assert load_case_data(data, "case.json").events[0].date == dt.date.fromisoformat(date)
    else:
        assert _problems(data) == [f"events[0].date: '{date}' is outside the dates a case may hold "
                                   "(1900-01-01 to 2099-12-31)"]


@pytest.mark.parametrize("command", ["check", "timeline", "why"])
@pytest.mark.parametrize("as_of", ["9999-12-31", "0001-01-01", "1899-12-31"])
def test_as_of_outside_the_range(command, as_of, capsys):
    extra = ["2c.6"] if command == "why" else []
    with pytest.raises(SystemExit) as exited:
        main([command, "examples/tier4-community-order.yaml", *extra, "--as-of", as_of])
    assert exited.value.code == 2
    assert capsys.readouterr().err.splitlines() == [
        f"nsr {command}: argument --as-of: {as_of} is outside the dates a case may hold "
        f"(1900-01-01 to 2099-12-31) (`nsr {command} --help` lists the options)"]


def _moved(data, years: int):
    """Every date of a generated case moved by whole years (28 keep the weekdays)."""
    if isinstance(data, dict):
        return {key: _moved(value, years) for key, value in data.items()}
    if isinstance(data, list):
        return [_moved(value, years) for value in data]
    if isinstance(data, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", data):
        day = dt.date.fromisoformat(data)
        return day.replace(year=day.year + years, day=min(day.day, 28)).isoformat()
    return data


@pytest.mark.parametrize("years", [-84, 84])
def test_bulk_and_plain_agree_outside_the_bulk_calendar(years):
    """The bulk calendar's table holds 1990-2060; outside it, it asks the same Python function."""
    cases = [load_case_data(_moved(data, years), data["id"]) for data in generate(10, seed=3)]
    program, as_of = load_edition("2007"), dt.date(2010 + years, 9, 1)
    store = BulkStore()
    store.add_cases(cases)
    bulk = store.results(program, as_of)
    for case in cases:
        plain = evaluate(program, case, as_of, engine="plain").results
        assert sorted(map(repr, bulk[case.id])) == sorted(map(repr, plain)), case.id


# ------------------------------------------------------------------ how much a case may hold
def test_5000_events_are_read_and_5001_refused():
    data = _case(events=[_contact(n) for n in range(5000)])
    assert len(load_case_data(data, "case.json").events) == 5000
    data["events"].append(_contact(5000))
    assert _problems(data) == ["events: has 5,001 entries; a case may hold at most 5,000"]


def test_other_lists_hold_at_most_1000_entries():
    periods = [{"id": f"p{n}", "kind": "custody", "start": "2008-02-01", "end": "2008-02-02"} for n in range(1001)]
    assert _problems(_case(periods=periods)) == ["periods: has 1,001 entries; a case may hold at most 1,000"]


def test_numbers_have_a_ceiling():
    data = _case()
    data["sentences"][0]["length_months"] = 99999999999999999
    assert _problems(data) == ["sentences[0].length_months: must be between 1 and 1200, not 99999999999999999"]


def test_a_case_file_over_the_size_limit(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("id: L1\nnote: " + "x" * MAX_CASE_BYTES + "\n")
    with pytest.raises(CaseError) as caught:
        load_case(path)
    assert str(caught.value) == f"{path}: the case is larger than 5 MB, the most a case file may hold"


def test_a_caseload_line_over_the_size_limit_is_one_problem(tmp_path):
    path = tmp_path / "caseload.jsonl"
    big = _case(id="L2", offender={"name": "x" * MAX_CASE_BYTES})
    path.write_text("\n".join(json.dumps(data) for data in (_case(id="L1"), big, _case(id="L3"))) + "\n")
    loaded = read_caseload(path)
    assert [case.id for case, _ in loaded.cases] == ["L1", "L3"]
    assert [(p.source, p.message) for p in loaded.problems] == [
        ("caseload.jsonl:2", "the case is larger than 5 MB, the most a case file may hold")]


# ------------------------------------------------------------------ text that is not text
def test_a_lone_surrogate_in_a_json_id(tmp_path, capsys):
    path = tmp_path / "case.json"
    path.write_text('{"id": "\\ud800", "sentences": [{"id": "s1", "type": "community_order", "date": "2008-01-10"}]}')
    assert main(["check", str(path), "--as-of", "2008-03-01"]) == 2
    err = capsys.readouterr().err
    assert err == f"{path}: id: '\\ud800' is not a character (a lone surrogate); write the text as UTF-8\n"
    err.encode("utf-8")


def test_a_lone_surrogate_in_a_yaml_id(tmp_path, capsys):
    path = tmp_path / "case.yaml"
    path.write_text('id: "\\ud800"\nsentences: [{id: s1, type: community_order, date: 2008-01-10}]\n')
    assert main(["check", str(path), "--as-of", "2008-03-01"]) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line == f"{path}: YAML syntax error at line 1, column 8: found invalid Unicode character escape code"


def test_a_lone_surrogate_in_a_caseload_line(tmp_path):
    path = tmp_path / "caseload.jsonl"
    path.write_text('{"id": "\\ud800", "sentences": []}\n' + json.dumps(_case()) + "\n")
    loaded = read_caseload(path)
    assert [case.id for case, _ in loaded.cases] == ["L1"]
    (problem,) = loaded.problems
    assert (problem.case, problem.path) == ("\\ud800", "id")
    problem.case.encode("utf-8")


def test_a_case_file_that_is_not_utf8_names_the_byte_and_line(tmp_path):
    path = tmp_path / "case.yaml"
    path.write_bytes(b"id: L1\nnote: caf\xe9\n")
    with pytest.raises(CaseError) as caught:
        load_case(path)
    assert str(caught.value) == f"{path}: the file is not UTF-8 text (byte 0xe9 on line 2)"


def test_a_policy_test_judged_outside_the_range(tmp_path):
    from policyengine.tooling.testfile import load_test_file
    path = tmp_path / "t.yaml"
    path.write_text('tests:\n  - name: far\n    as_of: 9999-12-31\n    edition: "2007"\n'
                    '    case: {id: T1, sentences: [{id: s1, type: community_order, date: 2008-01-10}]}\n'
                    '    expect: []\n')
    (test,) = load_test_file(path)
    assert test.problems[0] == "tests[0].as_of: 9999-12-31 is outside the dates a case may hold (1900-01-01 to 2099-12-31)"
