"""`nsr why` names every condition of a `met by` and each event that was looked at and did not
count, with the condition it failed (issue 22).

Sentenced Mon 5 Mar 2012; 5 working days (no bank holiday in the range): Tue 6 (1), Wed 7 (2),
Thu 8 (3), Fri 9 (4), Mon 12 Mar (5).  c1, a letter on Tue 6 Mar, and c2, a telephone call with a
key worker on Wed 7 Mar, do not count; c3, face to face with the offender manager on Fri 9 Mar,
meets it on time.  The weekly schedule (week 1: Mon 5 - Sun 11 Mar) counts c3 only.
"""
from __future__ import annotations

import datetime as dt

import pytest

from policyengine.cases.load import load_case_data
from policyengine.compiler.compile import compile_text
from policyengine.evaluate import evaluate
from policyengine.explain.narrative import explanations

POLICY = '''edition "considered" { title "C" publisher "P" in force from 2007-08-03 }
standard "9.3" {
  title "First contact"
  quote "The offender is contacted within 5 working days, by telephone or face to face, by the Offender Manager."
  obligation first "First contact" {
    after sentence
    due within 5 working days
    met by contact where mode in [telephone, face_to_face] and with = offender_manager
  }
  recurring weekly "Weekly contact" {
    after sentence
    at least 1 every 1 week
    counting contact where mode = face_to_face
    ends by supervision_end
  }
}
'''


def _contact(id: str, date: str, mode: str, with_: str) -> dict:
    return {"id": id, "kind": "contact", "date": date, "mode": mode, "with": with_}


CASE = {"id": "CONSIDERED-1", "offender": {"name": "T P", "gender": "male", "date_of_birth": "1985-03-02"},
        "sentences": [{"id": "s1", "type": "community_order", "date": "2012-03-05", "length_months": 12,
                       "requirements": [{"kind": "supervision", "months": 12}]}],
        "events": [_contact("c1", "2012-03-06", "letter", "offender_manager"),
                   _contact("c2", "2012-03-07", "telephone", "key_worker"),
                   _contact("c3", "2012-03-09", "face_to_face", "offender_manager")]}


@pytest.fixture(autouse=True)
def _own_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("POLICYENGINE_CACHE", str(tmp_path / "cache"))


def _answers(query: str, as_of=dt.date(2012, 3, 10)):
    evaluation = evaluate(compile_text(POLICY, "considered.nsr"), load_case_data(CASE, "test"), as_of)
    return [e.answer.text for e in explanations(evaluation, query)]


def test_met_by_names_every_condition_and_each_event_that_did_not_count():
    (text,) = _answers("9.3/first")
    assert text.startswith("Met on time: a contact (mode telephone or face to face, with offender manager) was "
                           "due by Monday 12 March 2012 (5 working days after ")
    assert text.endswith(
        "a contact c3 on Friday 9 March 2012 met it. A contact c1 on Tuesday 6 March 2012 does not count: the "
        "mode must be telephone or face to face (it is letter); a contact c2 on Wednesday 7 March 2012 does not "
        "count: it must be with offender manager (it is with key worker).")


def test_a_window_names_the_events_it_did_not_count():
    (text,) = _answers("9.3/weekly")
    assert text == (
        "Met: at least 1 (a contact (mode face to face)) needed between Monday 5 March 2012 and Sunday 11 March "
        "2012 (at least 1 a week); 1 counted event recorded (c3). A contact c1 on Tuesday 6 March 2012 does not count: the mode must "
        "be face to face (it is letter); a contact c2 on Wednesday 7 March 2012 does not count: the mode must be "
        "face to face (it is telephone).")


def test_an_event_after_the_as_of_date_is_not_considered():
    (text,) = _answers("9.3/first", dt.date(2012, 3, 6))
    assert text.startswith("Pending, 4 working days left: ")
    assert text.endswith("A contact c1 on Tuesday 6 March 2012 does not count: the mode must be telephone or "
                         "face to face (it is letter).")


def test_windows_are_numbered_from_1_in_the_answer_and_the_derivation():
    from policyengine.explain.derivation import explain
    from policyengine.explain.narrative import explanations_text
    from policyengine.output.report import trees_text
    evaluation = evaluate(compile_text(POLICY, "considered.nsr"), load_case_data(CASE, "test"), dt.date(2012, 3, 13))
    text = explanations_text(explanations(evaluation, "9.3/weekly"))
    assert [line for line in text.splitlines() if line.startswith("9.3/")] == [
        "9.3/weekly for s1 window 1: met", "9.3/weekly for s1 window 2: pending"]
    graph, roots = explain(evaluation, "9.3/weekly")
    tree = trees_text(graph, roots)
    assert "9.3/weekly for sentence s1 window 1 (k = 0 in the rules): met" in tree
    assert "9.3/weekly for sentence s1 window 2 (k = 1 in the rules): pending" in tree


def test_why_json_lists_the_events_that_did_not_count(tmp_path, capsys):
    import json
    import yaml
    from policyengine.cli import main
    policy, case = tmp_path / "considered.nsr", tmp_path / "case.yaml"
    policy.write_text(POLICY, encoding="utf-8")
    case.write_text(yaml.safe_dump(CASE), encoding="utf-8")
    assert main(["why", str(case), "9.3/first", "--edition", str(policy), "--as-of", "2012-03-10",
                 "--format", "json"]) == 0
    (answer,) = json.loads(capsys.readouterr().out)["answers"]
    assert answer["window"] is None
    assert answer["not_counted"] == [
        {"event": "c1", "kind": "contact", "date": "2012-03-06",
         "why": "the mode must be telephone or face to face (it is letter)"},
        {"event": "c2", "kind": "contact", "date": "2012-03-07",
         "why": "it must be with offender manager (it is with key worker)"}]
    main(["why", str(case), "9.3/weekly", "--edition", str(policy), "--as-of", "2012-03-10", "--format", "json"])
    (window,) = json.loads(capsys.readouterr().out)["answers"]
    assert window["window"] == 1 and [e["event"] for e in window["not_counted"]] == ["c1", "c2"]
