"""2007 National Standards: the conditional paragraphs (rules that say when they apply, no clock).

Each conditional paragraph is tested for a case where it applies and one where it does not.
Paragraphs that bind the provider organisation (2d.1.1, 5.1-5.12, ...) or await Custody Plus
(2c.17) apply to no case at all: for them the test is that no case, however flagged, brings them
into play, and that the rule file says why.
"""
from __future__ import annotations

import datetime as dt

import pytest

from policyengine.evaluate import Evaluation
from support import program, run

D = dt.date
AS_OF = D(2008, 6, 30)
ALL_FLAGS = ["bail_information_scheme", "bailee_in_approved_premises", "psr_not_prepared",
             "parole_release_plan_cannot_be_followed", "serious_further_offence_charged", "temporary_release_granted"]


def _case(id: str, *, flags=(), psr: str | None = None, events=(), assessments=()) -> Evaluation:
    sentence = {"id": "s1", "type": "custody", "date": "2008-01-07", "length_months": 24, "release_date": "2009-01-06"}
    if psr:
        sentence["psr"] = psr
    return run("2007", {"id": id, "flags": list(flags), "sentences": [sentence], "events": list(events),
                        "assessments": list(assessments)}, AS_OF)


def in_play(ev: Evaluation) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for c in ev.conditional:
        found.setdefault(c.standard, set()).add(c.circumstance)
    return found


PLAIN = _case("COND-PLAIN")


@pytest.mark.parametrize("standard, flag", [
    ("2a.7", "bail_information_scheme"), ("A1.1", "bail_information_scheme"),
    ("2c.11", "parole_release_plan_cannot_be_followed"),
    ("2d.12.6", "bailee_in_approved_premises"), ("2d.12.11", "bailee_in_approved_premises"),
    ("2f.9", "serious_further_offence_charged"), ("A2.4", "psr_not_prepared"), ("A5.3", "temporary_release_granted"),
])
def test_flagged_paragraph_applies_only_when_its_circumstance_is_recorded(standard, flag):
    assert in_play(_case(f"COND-{standard}", flags=[flag])).get(standard) == {flag}
    assert standard not in in_play(PLAIN)
    other = [f for f in ALL_FLAGS if f != flag]
    assert standard not in in_play(_case(f"COND-{standard}-OTHER", flags=other))


@pytest.mark.parametrize("why, extra", [
    ("pre_sentence_report", {"psr": "standard_delivery"}),
    ("parole_consideration", {"events": [{"id": "pb1", "kind": "parole_consideration", "date": "2008-05-01"}]}),
    ("rotl_report_requested", {"events": [{"id": "q1", "kind": "rotl_report_requested", "date": "2008-05-01",
                                           "decision_date": "2008-06-16"}]}),
    ("hdc_assessment_requested", {"events": [{"id": "h1", "kind": "hdc_assessment_requested", "date": "2008-05-01"}]}),
    ("mappa_meeting", {"assessments": [{"date": "2008-02-01", "mappa_category": 2, "mappa_level": 2}]}),
])
def test_2a8_applies_on_each_recorded_occasion(why, extra):
    assert in_play(_case(f"COND-2A8-{why}", **extra)).get("2a.8") == {why}


def test_2a8_does_not_apply_at_mappa_level_1_or_without_an_occasion():
    assert "2a.8" not in in_play(PLAIN)
    level_1 = _case("COND-2A8-L1", assessments=[{"date": "2008-02-01", "mappa_category": 2, "mappa_level": 1}])
    assert "2a.8" not in in_play(level_1)


ORGANISATION = ["2d.1.1", "2d.1.2", "2d.8.2", "2d.9.1", "2d.12.1", "2d.12.2", "2d.12.3"] + [f"5.{i}" for i in range(1, 13)]


def test_organisation_and_custody_plus_paragraphs_never_apply_to_a_case():
    everything = _case("COND-ALL", flags=ALL_FLAGS, psr="standard_delivery")
    assert not set(ORGANISATION + ["2c.17"]) & set(in_play(everything))
    scopes = dict(everything.kb.query("standard_scope", None, None))
    assert {s: scopes.get(s) for s in ORGANISATION} == {s: "organisation" for s in ORGANISATION}
    assert scopes.get("2c.17") == "custody_plus"


def test_every_conditional_paragraph_is_covered_here():
    conditional = {s for s, info in program("2007").standards.items() if info.kind == "conditional"}
    covered = set(ORGANISATION) | {"2c.17", "2a.8", "2a.7", "A1.1", "2c.11", "2d.12.11", "2f.9", "A2.4", "A5.3"}
    assert conditional == covered


def test_check_lists_the_conditional_paragraphs_in_play():
    from policyengine.output.report import evaluation_json, evaluation_table
    ev = _case("COND-REPORT", flags=["serious_further_offence_charged"])
    from policyengine.output.terminal import Screen
    assert ("Conditional standards in play (no clock; `nsr standards` quotes them): 2f.9 (serious_further_offence_charged)"
            in evaluation_table(ev, False, Screen(width=200)))
    assert {"standard": "2f.9", "title": "Serious further offence reported",
            "circumstance": "serious_further_offence_charged"} in evaluation_json(ev, False)["conditional"]
