"""What would have met it, and what an outcome turns on (issue 6).

The counterfactual dates are checked two ways: against a date worked out by hand, and by
evaluating an edited copy of the case directly (not through the counterfactual code), so that
the day given meets the standard and the day after does not.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from policyengine.cases.load import load_case, load_case_data
from policyengine.compiler.compile import compile_text
from policyengine.tooling.lint import lint
from policyengine.explain.counterfactual import turning_points, what_would_meet
from support import program, result, run

D = dt.date
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _tier4(id: str, events=()) -> dict:
    """Tier 4 community order passed Fri 21 Dec 2007."""
    return {"id": id, "sentences": [{"id": "s1", "type": "community_order", "date": "2007-12-21", "length_months": 12}],
            "assessments": [{"date": "2007-12-14", "tier": 4, "rosh": "medium"}], "events": list(events)}


def _contact(id: str, date: str) -> dict:
    return {"id": id, "kind": "contact", "date": date, "mode": "face_to_face", "with": "offender_manager"}


def test_overdue_first_meeting_latest_day_is_27_december_2007():
    # Day 0 Fri 21 Dec 2007; Mon 24 Dec (1), [Christmas Day Tue 25, Boxing Day Wed 26], Thu 27 Dec (2).
    ev = run("2007", _tier4("CF-2C6"), D(2008, 1, 15))
    first = result(ev, "2c.6/first_meeting")
    assert first.status == "overdue"
    meet = what_would_meet(ev, first)
    assert (meet.latest, meet.next_day, meet.next_day_status) == (D(2007, 12, 27), D(2007, 12, 28), "met_late")
    assert (meet.action.kind, dict(meet.action.fields)) == ("contact", {"mode": "face_to_face", "with": "offender_manager"})
    # Checked directly: a contact on the day given meets it, one on the next day is late.
    on_the_day = run("2007", _tier4("CF-2C6-27", [_contact("c1", "2007-12-27")]), D(2008, 1, 15))
    next_day = run("2007", _tier4("CF-2C6-28", [_contact("c1", "2007-12-28")]), D(2008, 1, 15))
    assert result(on_the_day, "2c.6/first_meeting").status == "met_on_time"
    assert result(next_day, "2c.6/first_meeting").status == "met_late"


def test_late_plan_says_when_it_would_have_been_on_time():
    # 2b.3: 5 working days from Fri 21 Dec 2007: Mon 24 (1), Thu 27 (2), Fri 28 (3), Mon 31 (4),
    # [New Year's Day Tue 1 Jan], Wed 2 Jan 2008 (5).  Done Thu 3 Jan: late; by Wed 2 Jan on time.
    ev = run("2007", _tier4("CF-2B3", [{"id": "sp1", "kind": "sentence_plan", "date": "2008-01-03", "type": "initial"}]),
             D(2008, 1, 15))
    plan = result(ev, "2b.3/community")
    assert (plan.status, plan.due) == ("met_late", D(2008, 1, 2))
    meet = what_would_meet(ev, plan)
    assert (meet.action.kind, meet.latest, meet.next_day_status) == ("sentence_plan", D(2008, 1, 2), "met_late")


def test_met_on_time_and_judgements_have_no_counterfactual():
    ev = run("2007", _tier4("CF-MET", [_contact("c1", "2007-12-27")]), D(2008, 1, 15))
    assert what_would_meet(ev, result(ev, "2c.6/first_meeting")) is None
    assert what_would_meet(ev, result(ev, "2a.1/screening")) is None


POLICY = '''edition "test" { title "T" publisher "P" in force from 2007-08-03 }
standard "9.1" {
  title "Screening"
  quote "A screening is done within 5 working days of sentence"
  obligation screened {
    after sentence
    due within 5 working days
    met by screening
  }
}
'''


def test_only_declared_changeable_actions_are_proposed():
    case = _tier4("CF-DECLARED")
    undeclared = compile_text(POLICY, "cf-undeclared.nsr")
    from policyengine.cases.load import load_case_data
    from policyengine.evaluate import evaluate
    ev = evaluate(undeclared, load_case_data(case, "t"), D(2008, 1, 15))
    assert what_would_meet(ev, result(ev, "9.1/screened")) is None     # screening is not changeable
    declared_text = POLICY + 'changeable screening "a screening"\n'
    assert lint(declared_text, "cf-declared.nsr") == []
    declared = compile_text(declared_text, "cf-declared.nsr")
    ev = evaluate(declared, load_case_data(case, "t"), D(2008, 1, 15))
    # 5 working days from Fri 21 Dec 2007 (skipping 25, 26 Dec and 1 Jan): Wed 2 Jan 2008.
    meet = what_would_meet(ev, result(ev, "9.1/screened"))
    assert (meet.action.phrase, meet.latest, meet.next_day) == ("a screening", D(2008, 1, 2), D(2008, 1, 3))


def test_enforcement_turns_on_the_earlier_warning():
    # Warned Tue 5 Feb 2008 for a failure of Mon 4 Feb; failed again Mon 11 Feb, before the first
    # failure's 10 working days ran out (Tue 5 (1) ... Mon 18 Feb (10)): 2f.4 required
    # enforcement because of w1; without it, nothing was yet owed for f1, so it would not.
    case = {"id": "CF-TURNS", "sentences": [{"id": "s1", "type": "community_order", "date": "2008-01-07",
                                             "length_months": 12, "requirements": [{"kind": "supervision"}]}],
            "events": [{"id": "f1", "kind": "failure_to_comply", "date": "2008-02-04"},
                       {"id": "w1", "kind": "warning", "date": "2008-02-05", "failure": "f1"},
                       {"id": "f2", "kind": "failure_to_comply", "date": "2008-02-11"}]}
    from policyengine.evaluate import evaluate
    ev = evaluate(program("2007"), load_case_data(case, "t"), D(2008, 2, 29))
    enforcement = result(ev, "2f.4/enforcement", "f2")
    points = turning_points(ev, enforcement)
    assert [(p.event, p.kind, p.date, p.instead) for p in points] == [("w1", "warning", D(2008, 2, 5), "not_applicable")]


def test_enforcement_does_not_turn_on_a_warning_that_was_owed_anyway():
    # examples/enforcement.yaml: the failure of Thu 10 Apr 2008 came within 12 months of the
    # warning w1 (Fri 15 Feb 2008) for the failure of Thu 7 Feb.  Without w1, that warning was
    # still owed (by Thu 21 Feb) and counts as given: not warning never lowers the bar, so
    # enforcement turns on nothing the Offender Manager could have left undone.
    case = load_case(EXAMPLES / "enforcement.yaml")
    from policyengine.evaluate import evaluate
    ev = evaluate(program("2007"), case, D(2009, 6, 30))
    assert turning_points(ev, result(ev, "2f.4/enforcement", "ftc2")) == []
    raw = yaml.safe_load((EXAMPLES / "enforcement.yaml").read_text())
    assert any(e["id"] == "w1" and str(e["date"]) == "2008-02-15" for e in raw["events"])


def test_why_json_matches_its_published_schema(capsys):
    import json

    import jsonschema

    from policyengine.cli import main
    schema = json.loads((Path(__file__).resolve().parent.parent / "docs" / "schemas" / "why.schema.json").read_text())
    for case, query, as_of in ((EXAMPLES / "enforcement.yaml", "2f.4", "2009-06-30"),
                               (EXAMPLES / "enforcement.yaml", "2e.5", "2009-06-30"),
                               (EXAMPLES / "tier4-community-order.yaml", "2c.16", "2008-01-15")):
        assert main(["why", str(case), query, "--as-of", as_of, "--format", "json"]) == 0
        data = json.loads(capsys.readouterr().out)
        jsonschema.validate(data, schema)
        assert data["answers"]
    overdue = [a for a in data["answers"] if a["what_would_meet"]]
    assert overdue == []          # 2c.16 windows: no one-off counterfactual
