"""The post-sentence tiering decision grid (policies/library/tiering.nsr): each row ticks when
its question is "yes" and not otherwise, the highest tick is the indicative tier, and the
standards that name the case's tier use the allocated tier when one is recorded, else the
indicative tier, while those that need an assigned tier use only a recorded one.

Each cell's tier is asserted with the source sentence that decides it (or, for a cell no
sentence decides, the documented default of its parameter) quoted beside the test.

Most cases run against a policy with no standards of its own (only the prelude and the library
load), so each answer comes straight from the grid's rules.  Dates are hand-computed; bank
holidays in range are named where a count crosses one.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from pathlib import Path

import pytest

from policyengine.cases.load import load_case_data
from policyengine.compiler import ir
from policyengine.compiler.compile import compile_text, load_edition
from policyengine.explain.derived import mappa_summary, summary_json, summary_lines, tier_summary, tier_used
from policyengine.evaluate import evaluate
from policyengine.output.report import evaluation_json, evaluation_table
from policyengine.output.terminal import Screen

D = dt.date
SENTENCED = "2008-06-02"            # Monday 2 June 2008
ON = D(2008, 7, 1)                   # the day the grid is asked about


@functools.cache
def grid_only():
    return compile_text('edition "grid-only" { title "the shared rules alone" }\nimport "tiering"\n', "grid-only.nsr")


@functools.cache
def edition_2007():
    return load_edition("2007")


def evaluate_case(case: dict, as_of: dt.date = ON, program=None):
    return evaluate(program or grid_only(), load_case_data(case, source=f"test:{case['id']}"), as_of)


def order(requirements=("supervision",), *, assessments=(), interventions=(), kind="community_order",
          sentence_extra=None, **extra) -> dict:
    """A 12-month order passed Monday 2 June 2008 with the given requirements."""
    return {"id": "TIER", "sentences": [{"id": "s1", "type": kind, "date": SENTENCED, "length_months": 12,
                                         "requirements": [r if isinstance(r, dict) else {"kind": r}
                                                          for r in requirements], **(sentence_extra or {})}],
            "assessments": list(assessments), "interventions": list(interventions), **extra}


def grid(case: dict, day: dt.date = ON):
    return tier_summary(evaluate_case(case, max(day, ON)).kb, day)


def rows(case: dict, day: dt.date = ON) -> dict[str, int]:
    return dict(grid(case, day).ticked)


# ---------------------------------------------------------------- rows on the sentence
def test_standalone_unpaid_work_ticks_t2():
    # Decided by three sentences naming tier 2 for these orders, and none another tier:
    # 2007 2a.4 guidance "tier 2 community orders composed of a standalone Unpaid Work Requirement";
    # 2007 2b.3 guidance "tier 2 cases with a standalone Unpaid Work Requirement";
    # HMI B.3.1.1 "Offenders managed at Tier 2 will have a standard or Level 2 OASys with the
    # exception of standalone unpaid work cases".
    summary = grid(order(["unpaid_work"]))
    assert dict(summary.ticked) == {"standalone_upw": 2}
    assert summary.indicative == 2


def test_a_standalone_unpaid_work_order_with_no_tier_is_exempt_from_2a4_as_tier_2():
    # 2a.4 guidance: a full OASys "is not mandatory for ... tier 2 community orders composed of a
    # standalone Unpaid Work Requirement".  No tier recorded: the grid's T2 is the case's tier
    # (2a.4 names a kind of order, not an assignment), so the exemption applies.  With the old T1
    # cell it applied too, through "tier 1 community orders"; with T2 the reason is the right one.
    ev = evaluate_case(order(["unpaid_work"]), program=edition_2007())
    result = next(r for r in ev.results if r.obligation == "2a.4/community")
    assert (result.status, result.exception) == ("not_applicable", "2a.4")
    assert tier_used(ev, result) == {"date": "2008-06-02", "tier": 2, "source": "indicative",
                                     "reads": "allocated_or_indicative"}


def test_unpaid_work_with_supervision_is_not_standalone_nor_punitive_only():
    assert rows(order(["unpaid_work", "supervision"])) == {}


def test_punitive_requirements_only_tick_t1():
    # Undecided cell, default T1: tier 1 profile "Cases in which punishment is or has become the
    # main objective"; no sentence names a tier for an order of punitive requirements only.
    assert rows(order(["unpaid_work", "curfew"])) == {"punitive_only": 1}
    assert rows(order(["unpaid_work", "attendance_centre"])) == {"punitive_only": 1}


def test_punitive_only_does_not_tick_with_a_rehabilitative_requirement():
    assert "punitive_only" not in rows(order(["unpaid_work", "curfew", "supervision"]))


def test_the_order_rows_stop_when_the_order_ends():
    # 12 months from Mon 2 Jun 2008: the last day is Mon 1 Jun 2009 (sentence_end Tue 2 Jun 2009).
    case = order(["unpaid_work"])
    assert rows(case, D(2009, 6, 1)) == {"standalone_upw": 2}
    assert rows(case, D(2009, 6, 2)) == {}


# ---------------------------------------------------------------- risk of serious harm
@pytest.mark.parametrize("rosh, expected", [("low", {}), ("medium", {"rosh_medium": 3}),
                                            ("high", {"rosh_high": 4}), ("very_high", {"rosh_high": 4})])
def test_rosh_rows_with_a_supervision_requirement(rosh, expected):
    assert rows(order(assessments=[{"date": "2008-05-27", "rosh": rosh}])) == expected


def test_rosh_rows_need_supervision_custody_or_licence():
    # A standalone unpaid work order with a medium RoSH: only the unpaid work row.
    assert rows(order(["unpaid_work"], assessments=[{"date": "2008-05-27", "rosh": "medium"}])) == {"standalone_upw": 2}


def test_rosh_rows_with_a_rehabilitation_activity_requirement():
    # A RAR has "two components; supervision and rehabilitation activities" (2015 Practice
    # Framework): the order counts as one with a supervision requirement.  Passed Mon 4 Jan 2016.
    case = {"id": "TIER-RAR", "sentences": [{"id": "s1", "type": "community_order", "date": "2016-01-04",
                                             "length_months": 12,
                                             "requirements": [{"kind": "rehabilitation_activity", "max_days": 20}]}],
            "assessments": [{"date": "2016-01-04", "rosh": "high"}]}
    assert rows(case, D(2016, 2, 1)) == {"rosh_high": 4}


def test_monitoring_and_prohibitions_are_punitive_requirements():
    assert rows(order(["unpaid_work", "curfew", "electronic_monitoring"])) == {"punitive_only": 1}
    assert rows(order(["unpaid_work", "foreign_travel_prohibition"])) == {"punitive_only": 1}


def test_rosh_recorded_after_the_day_does_not_count():
    case = order(assessments=[{"date": "2008-07-02", "rosh": "high"}])
    assert rows(case, ON) == {}
    assert rows(case, D(2008, 7, 2)) == {"rosh_high": 4}


def test_pre_release_custody_takes_the_rosh_rows_until_release():
    case = {"id": "CUSTODY", "sentences": [{"id": "s1", "type": "custody", "date": SENTENCED, "length_months": 24,
                                            "release_date": "2009-06-01"}],
            "assessments": [{"date": "2008-05-27", "rosh": "medium"}],
            "events": [{"id": "r1", "kind": "release", "date": "2009-06-01", "on": "unconditional"}]}
    assert rows(case, D(2009, 5, 29)) == {"rosh_medium": 3}
    assert rows(case, D(2009, 6, 1)) == {}       # released (unconditionally): no custody, no licence


def test_licence_takes_the_likelihood_rows():
    case = {"id": "LICENCE", "sentences": [{"id": "s1", "type": "custody", "date": SENTENCED, "length_months": 24,
                                            "release_date": "2009-06-01"}],
            "assessments": [{"date": "2009-05-01", "ogrs": 80}],
            "events": [{"id": "r1", "kind": "release", "date": "2009-06-01", "on": "licence",
                        "licence_end": "2010-06-01"}]}
    assert rows(case, D(2009, 6, 1)) == {"likelihood_high": 3}     # on licence
    assert rows(case, D(2009, 5, 29)) == {"likelihood_high": 3}    # pre-release custody
    assert rows(case, D(2010, 6, 2)) == {}                         # the licence's last day was 1 Jun 2010


# ---------------------------------------------------------------- likelihood bands (boundaries)
@pytest.mark.parametrize("score, row, tier", [
    (0, "likelihood_low", 1), (49, "likelihood_low", 1), (50, "likelihood_medium", 3), (74, "likelihood_medium", 3),
    (75, "likelihood_high", 3), (89, "likelihood_high", 3), (90, "likelihood_very_high", 3), (100, "likelihood_very_high", 3)])
def test_ogrs3_bands(score, row, tier):
    assert rows(order(assessments=[{"date": "2008-05-27", "ogrs": score}])) == {row: tier}


@pytest.mark.parametrize("score, row", [(33, "likelihood_low"), (34, "likelihood_medium"), (66, "likelihood_medium"),
                                        (67, "likelihood_high"), (84, "likelihood_high"), (85, "likelihood_very_high")])
def test_ogp_bands(score, row):
    assert list(rows(order(assessments=[{"date": "2008-05-27", "ogp": score}]))) == [row]


def test_both_scores_each_tick_their_band_and_the_higher_wins():
    summary = grid(order(assessments=[{"date": "2008-05-27", "ogrs": 49, "ogp": 40}]))
    assert dict(summary.ticked) == {"likelihood_low": 1, "likelihood_medium": 3}
    assert summary.indicative == 3


def test_likelihood_rows_need_supervision():
    assert rows(order(["unpaid_work", "curfew"], assessments=[{"date": "2008-05-27", "ogrs": 80}])) == {"punitive_only": 1}


# ---------------------------------------------------------------- current interventions
@pytest.mark.parametrize("kind, row, tier", [
    ("did", "did_liap", 2), ("liap", "did_liap", 2), ("cognitive_skills_booster", "cognitive_skills_booster", 2),
    ("accredited_programme", "accredited_programme", 3), ("alcohol_treatment", "alcohol_treatment", 2),
    ("activity", "activity", 2)])
def test_intervention_rows(kind, row, tier):
    case = order(["unpaid_work", "curfew"], interventions=[{"id": "i1", "kind": kind, "start": "2008-06-16"}])
    assert rows(case) == {"punitive_only": 1, row: tier}


def test_an_intervention_not_yet_started_is_not_current():
    case = order(["unpaid_work"], interventions=[{"id": "i1", "kind": "accredited_programme", "start": "2008-07-02"}])
    assert rows(case, ON) == {"standalone_upw": 2}


def test_current_means_until_four_weeks_after_completion():
    # Completed Tue 10 Jun 2008: current through Tue 8 Jul 2008 (28 days later), not on Wed 9 Jul.
    case = order(["unpaid_work"], interventions=[{"id": "i1", "kind": "accredited_programme", "start": "2008-06-03",
                                                   "completed": "2008-06-10"}])
    assert rows(case, D(2008, 7, 8)) == {"standalone_upw": 2, "accredited_programme": 3}
    assert rows(case, D(2008, 7, 9)) == {"standalone_upw": 2}


def test_drr_intensity_rows():
    low = order(["supervision"], interventions=[{"id": "i1", "kind": "drr", "intensity": "low", "start": SENTENCED}])
    high = order(["supervision"], interventions=[{"id": "i1", "kind": "drr", "intensity": "high", "start": SENTENCED}])
    assert rows(low) == {"drr_low": 2}
    assert rows(high) == {"drr_medium_high": 3}
    unstated = order(["supervision"], interventions=[{"id": "i1", "kind": "drr", "start": SENTENCED}])
    assert rows(unstated) == {}


def test_requirements_count_as_current_interventions_while_the_order_runs():
    assert rows(order(["supervision", {"kind": "drr", "seriousness": "low"}])) == {"drr_low": 2}
    assert rows(order(["supervision", {"kind": "drr", "seriousness": "medium"}])) == {"drr_medium_high": 3}
    assert rows(order(["supervision", "alcohol_treatment"])) == {"alcohol_treatment": 2}
    assert rows(order(["supervision", "activity"])) == {"activity": 2}
    assert rows(order(["supervision", "programme"])) == {"accredited_programme": 3}


def test_a_requirement_with_months_is_current_until_four_weeks_after_it_ends():
    # A 1-month activity requirement from Mon 2 Jun 2008 runs to Wed 2 Jul; current until Wed 30 Jul
    # (4 weeks later), not on Thu 31 Jul.
    case = order(["supervision", {"kind": "activity", "months": 1}])
    assert rows(case, D(2008, 7, 30)) == {"activity": 2}
    assert rows(case, D(2008, 7, 31)) == {}


def test_a_named_programme_replaces_the_programme_requirement():
    case = order(["supervision", "programme"], interventions=[{"id": "i1", "kind": "did", "start": SENTENCED}])
    assert rows(case) == {"did_liap": 2}


# ---------------------------------------------------------------- PPO and MAPPA, and the highest tick
def test_ppo_ticks_t4_whatever_the_sentence():
    summary = grid(order(["unpaid_work"], assessments=[{"date": "2008-05-27", "ppo": True}]))
    assert dict(summary.ticked) == {"standalone_upw": 2, "ppo": 4}
    assert summary.indicative == 4


def test_ppo_false_does_not_tick():
    assert rows(order(["unpaid_work"], assessments=[{"date": "2008-05-27", "ppo": False}])) == {"standalone_upw": 2}


@pytest.mark.parametrize("level, ticked", [(1, False), (2, True), (3, True)])
def test_mappa_level_2_or_3_ticks_t4(level, ticked):
    case = order(["unpaid_work"], assessments=[{"date": "2008-05-27", "mappa_category": 2, "mappa_level": level}])
    assert ("mappa_level_2_or_3" in rows(case)) is ticked


def test_the_highest_tier_ticked_is_the_indicative_tier():
    summary = grid(order(assessments=[{"date": "2008-05-27", "rosh": "medium", "ogrs": 30}],
                         interventions=[{"id": "i1", "kind": "cognitive_skills_booster", "start": SENTENCED}]))
    assert dict(summary.ticked) == {"rosh_medium": 3, "likelihood_low": 1, "cognitive_skills_booster": 2}
    assert summary.indicative == 3


def test_no_row_no_indicative_tier():
    summary = grid(order())
    assert (summary.indicative, summary.ticked, summary.source) == (None, [], None)


# ---------------------------------------------------------------- each cell and its evidence
GRID_FILE = Path(__file__).resolve().parent.parent / "policies" / "library" / "tiering.nsr"

# (row, tier, how it is settled, a sentence of the evidence written beside the cell).  Decided
# cells quote the sentence naming their tier; undecided ones the basis of their default.
CELLS = [
    ("standalone_upw", 2, "DECIDED", "tier 2 community orders composed of a standalone Unpaid Work Requirement"),
    ("standalone_upw", 2, "DECIDED", "tier 2 cases with a standalone Unpaid Work Requirement"),
    ("standalone_upw", 2, "DECIDED", "Offenders managed at Tier 2 will have a standard or Level 2 OASys with the exception of standalone unpaid work cases"),
    ("punitive_only", 1, "UNDECIDED", "\"Cases in which punishment is or has become the main objective\"; 2007 profile"),
    ("rosh_medium", 3, "UNDECIDED", '"Medium risk of harm cases"'),
    ("rosh_high", 4, "DECIDED", "High and very high risk of serious harm - public"),
    ("likelihood_low", 1, "DECIDED", "Low likelihood of reoffending cases\".  No other profile names a low likelihood."),
    ("likelihood_medium", 3, "DECIDED", "Medium/high likelihood of re-offending cases with multi-factor intervention plans\".  No profile names medium likelihood for another tier"),
    ("likelihood_high", 3, "DECIDED", "Medium/high likelihood of re-offending cases with"),
    ("likelihood_very_high", 3, "UNDECIDED", "No sentence names a tier for a very high likelihood"),
    ("did_liap", 2, "LOCAL DETERMINATION", "then cases should be tiered at T2"),
    ("cognitive_skills_booster", 2, "UNDECIDED", "No sentence names a tier for the Cognitive Skills Booster"),
    ("accredited_programme", 3, "UNDECIDED", "No sentence names a tier for an accredited programme"),
    ("alcohol_treatment", 2, "LOCAL DETERMINATION", "then the case should be tiered at least at T2"),
    ("activity", 2, "LOCAL DETERMINATION", "The same principle applies to Activity Requirements"),
    ("drr_low", 2, "UNDECIDED", "No sentence names a tier for a DRR of any intensity"),
    ("drr_medium_high", 3, "UNDECIDED", "No sentence names a tier for a DRR of any intensity"),
    ("ppo", 4, "DECIDED", "High local and national priority cases (prolific and/or persistent offenders)\"; 2007 tier 4 form"),
    ("mappa_level_2_or_3", 4, "DECIDED", "Cases requiring very high levels of inter-agency work\"; 2007 tier 4 form: \"Formal multiagency teamwork approaches (e.g. as in MAPPA and PPO schemes)\""),
]


def cell_comment(row: str) -> tuple[str, str]:
    """The comment written just above the row's rule in tiering.nsr (from its DECIDED, UNDECIDED or
    LOCAL DETERMINATION heading, as one line), and the rule itself."""
    text = GRID_FILE.read_text(encoding="utf-8")
    match = re.search(r"((?:^#.*\n)+)(rule tier_grid\(" + row + r",.*(?:\n    .*)?)", text, re.M)
    assert match, f"no rule tier_grid({row}, ...) with a comment above it"
    block = match.group(1)
    heading = max(block.rfind("# DECIDED"), block.rfind("# UNDECIDED"), block.rfind("# LOCAL DETERMINATION"))
    assert heading >= 0, block
    return re.sub(r"\n#\s*", " ", block[heading:]).strip(), match.group(2)


@pytest.mark.parametrize("row, tier, settled, evidence", CELLS)
def test_each_cell_has_its_tier_and_the_evidence_quoted_beside_it(row, tier, settled, evidence):
    comment, rule = cell_comment(row)
    heading = {"DECIDED": f"# DECIDED: T{tier}.", "UNDECIDED": f"# UNDECIDED (default T{tier}).",
               "LOCAL DETERMINATION": "# LOCAL DETERMINATION"}[settled]
    assert comment.startswith(heading), comment
    assert evidence in comment
    ticks = grid_only_kb().query("tier_grid", row, None, None)
    assert [t for _, t, _ in ticks] == [tier]
    parameter = {"DECIDED": None, "UNDECIDED": "undecided_tier", "LOCAL DETERMINATION": "local_tier"}[settled]
    if parameter:
        assert f"if {parameter}({row}, T)" in rule
    else:
        assert f"tier_grid({row}, {tier}, " in rule


@functools.cache
def grid_only_kb():
    return evaluate_case(order()).kb


def test_every_row_of_the_grid_is_settled_one_way():
    rows_in_file = re.findall(r"^rule tier_grid\((\w+),", GRID_FILE.read_text(encoding="utf-8"), re.M)
    assert sorted(set(rows_in_file)) == sorted({row for row, *_ in CELLS})
    assert len(rows_in_file) == 17                      # the grid prints 17 questions


def test_the_file_says_which_tiering_rules_the_grid_belongs_to():
    text = GRID_FILE.read_text(encoding="utf-8")
    assert "The grid belongs to the national tiering rules of 2008/09" in text
    assert '"PC 08/2008 National Rules for Tiering Cases and Associated\n# Guidance"' in text
    assert "It is not the tiering process of Probation Circular 65/2005" in text


def with_undecided_cell(row: str, tier: int) -> ir.Program:
    """The grid-only program with one undecided cell set to another tier, as an area would."""
    program = grid_only()
    rules = tuple(ir.Rule(ir.Lit("undecided_tier", (ir.K(row), ir.K(tier))), (), r.origin)
                  if r.head.pred == "undecided_tier" and r.head.args[0] == ir.K(row) else r for r in program.rules)
    assert rules != program.rules
    return dataclasses.replace(program, rules=rules)


def test_an_undecided_cell_is_a_parameter_the_grid_follows():
    # An area reading "UPW + curfew" with the standalone unpaid work row sets punitive_only to 2.
    case = order(["unpaid_work", "curfew"])
    assert rows(case) == {"punitive_only": 1}
    ev = evaluate_case(case, program=with_undecided_cell("punitive_only", 2))
    summary = tier_summary(ev.kb, ON)
    assert (dict(summary.ticked), summary.indicative) == ({"punitive_only": 2}, 2)


# ---------------------------------------------------------------- allocated, indicative, departure
def test_allocated_tier_is_used_when_recorded():
    ev = evaluate_case(order(assessments=[{"date": "2008-05-27", "tier": 2, "rosh": "high"}]))
    summary = tier_summary(ev.kb, ON)
    assert (summary.allocated, summary.indicative, summary.source, summary.departs) == (2, 4, "allocated", True)
    assert ev.kb.query("tier_at", ON, None) == [(ON, 2)]
    assert ev.kb.query("tier_source_at", ON, None) == [(ON, "allocated")]


def test_indicative_tier_is_used_when_no_tier_is_recorded():
    ev = evaluate_case(order(assessments=[{"date": "2008-05-27", "rosh": "high"}]))
    assert ev.kb.query("tier_at", ON, None) == [(ON, 4)]
    assert ev.kb.query("tier_source_at", ON, None) == [(ON, "indicative")]


def test_departure_reason_recorded_or_not():
    reason = "RoSH high only because of a historic offence; MAPPA level 1 agreed"
    with_reason = grid(order(assessments=[{"date": "2008-05-27", "tier": 2, "rosh": "high",
                                           "tier_departure_reason": reason}]))
    without = grid(order(assessments=[{"date": "2008-05-27", "tier": 2, "rosh": "high"}]))
    assert (with_reason.departs, with_reason.departure_reason) == (True, reason)
    assert (without.departs, without.departure_reason) == (True, None)
    assert "NO reason recorded" in without.line() and repr(reason) in with_reason.line()


def test_no_departure_when_allocated_equals_indicative():
    summary = grid(order(assessments=[{"date": "2008-05-27", "tier": 4, "rosh": "high"}]))
    assert (summary.departs, summary.allocated, summary.indicative) == (False, 4, 4)


def test_a_departure_reason_belongs_to_its_tier_record():
    # The reason given with the tier on 27 May no longer applies once tier 3 is recorded on 16 Jun.
    summary = grid(order(assessments=[{"date": "2008-05-27", "tier": 2, "rosh": "high", "tier_departure_reason": "x"},
                                      {"date": "2008-06-16", "tier": 3}]))
    assert (summary.allocated, summary.departs, summary.departure_reason) == (3, True, None)


def test_a_departure_reason_without_a_tier_is_rejected():
    from policyengine.cases.load import CaseError
    with pytest.raises(CaseError) as error:
        load_case_data(order(assessments=[{"date": "2008-05-27", "rosh": "high", "tier_departure_reason": "x"}]), "t")
    assert "assessments[0].tier_departure_reason: only applies to a record that sets tier" in str(error.value)


# ---------------------------------------------------------------- the standards use it, and say which
def test_2007_results_say_which_tier_they_used_and_which_they_read():
    # No tier recorded, RoSH high (grid T4).  2c.6 ("already been assigned to tier 4") reads only a
    # recorded tier: none, so 5 working days, Mon 2 Jun 2008 -> Mon 9 Jun (no bank holiday; the
    # spring bank holiday was Mon 26 May 2008), and its JSON says no tier was used.  2b.3 ("a tier 4
    # case") reads the case's tier: the indicative 4, so 5 working days too, and it says so.
    ev = evaluate_case(order(assessments=[{"date": "2008-05-27", "rosh": "high"}]), program=edition_2007())
    first = next(r for r in ev.results if r.obligation == "2c.6/first_meeting")
    assert (first.due, first.deadline) == (D(2008, 6, 9), "5 working days")
    assert tier_used(ev, first) == {"date": "2008-06-02", "tier": None, "source": None, "reads": "allocated"}
    plan = next(r for r in ev.results if r.obligation == "2b.3/community")
    assert (plan.due, plan.deadline) == (D(2008, 6, 9), "5 working days")
    assert tier_used(ev, plan) == {"date": "2008-06-02", "tier": 4, "source": "indicative",
                                   "reads": "allocated_or_indicative"}


def test_2007_first_meeting_uses_the_allocated_tier_when_recorded():
    # Tier 2 recorded: 5 working days, Mon 2 Jun 2008 -> Mon 9 Jun.
    ev = evaluate_case(order(assessments=[{"date": "2008-05-27", "tier": 2, "rosh": "high"}]), program=edition_2007())
    result = next(r for r in ev.results if r.obligation == "2c.6/first_meeting")
    assert result.due == D(2008, 6, 9)
    assert tier_used(ev, result) == {"date": "2008-06-02", "tier": 2, "source": "allocated", "reads": "allocated"}


def test_check_reports_both_tiers_and_the_departure():
    ev = evaluate_case(order(assessments=[{"date": "2008-05-27", "tier": 2, "rosh": "high"}]), program=edition_2007())
    text = evaluation_table(ev, False, Screen(width=200))
    assert ("Tier on 01 Jul 2008: allocated 2 (recorded 27 May 2008); indicative 4 (rosh_high T4); "
            "NO reason recorded for the departure from the indicative tier") in text
    assert "  at sentence s1 (02 Jun 2008): allocated 2, indicative 4; NO reason recorded" in text
    data = evaluation_json(ev, False)
    assert data["tier"] | {"rows_ticked": None, "at_starts": None} == {
        "date": "2008-07-01", "allocated": 2, "allocated_since": "2008-05-27", "indicative": 4, "used": "allocated",
        "rows_ticked": None, "at_starts": None, "departs": True, "departure_reason_recorded": False,
        "departure_reason": None}
    assert data["tier"]["rows_ticked"] == [{"row": "rosh_high", "tier": 4}]
    [start] = data["tier"]["at_starts"]
    assert (start["event"], start["kind"], start["date"], start["allocated"], start["indicative"], start["departs"]) \
        == ("s1", "sentence", "2008-06-02", 2, 4, True)
    first = next(o for o in data["obligations"] if o["obligation"] == "2c.6/first_meeting")
    assert first["tier"]["source"] == "allocated"
    not_tiered = next(o for o in data["obligations"] if o["obligation"] == "2e.5/four_monthly")
    assert not_tiered["tier"] is None


def test_check_lists_results_judged_on_the_indicative_tier_and_those_with_no_assigned_tier():
    ev = evaluate_case(order(assessments=[{"date": "2008-05-27", "rosh": "high"}]), program=edition_2007())
    lines = summary_lines(ev)
    line = next(l for l in lines if l.startswith("Judged on the indicative tier"))
    assert line == ("Judged on the indicative tier (no tier recorded on the day): "
                    "2a.4/community, 2b.3/community, 2c.16/tier4_weekly")
    line = next(l for l in lines if l.startswith("No tier recorded on the day"))
    assert line == ("No tier recorded on the day (these count only an assigned tier, never the indicative one): "
                    "1.1/after_sentence, 2c.6/first_meeting")
    assert "the indicative tier is used where a standard does not need an assigned tier" in lines[0]


def test_why_tier_shows_ticked_and_unticked_rows(capsys):
    from policyengine.output.report import subject_text
    ev = evaluate_case(order(["unpaid_work", "curfew"], assessments=[{"date": "2008-05-27", "ppo": True}]))
    text = subject_text(ev, "tier")
    fired, idle = text.split("grid rows not ticked")
    assert "tier_ticked(Tue 2008-07-01, ppo, 4)" in fired and "tier_ticked(Tue 2008-07-01, punitive_only, 1)" in fired
    assert "standalone_upw (T2)" in idle and "tier_row_applies(Tue 2008-07-01, standalone_upw) does not hold" in idle
    assert "rosh_high (T4)" in idle


def test_the_grid_is_loaded_by_the_editions_that_import_it():
    for edition in ("2007", "2011", "2015"):
        program = load_edition(edition)
        assert {"indicative_tier_at", "tier_grid", "specified_offence", "mappa_criterion_on"} <= set(program.arities)
    from policyengine.compiler.compile import editions
    assert {"tiering", "mappa", "schedule15"}.isdisjoint(editions())


def test_the_per_window_shortcut_gives_the_grid_answer_on_every_day():
    # grid_tier_at reads the tier at the latest date the grid's inputs change; day by day over a
    # case whose inputs change often it must agree with the grid worked out on the day itself.
    case = order(["supervision", {"kind": "activity", "months": 1}, "unpaid_work"],
                 assessments=[{"date": "2008-05-27", "ogrs": 30}, {"date": "2008-06-20", "rosh": "medium"},
                              {"date": "2008-08-04", "rosh": "low", "ppo": True}, {"date": "2008-08-18", "ppo": False}],
                 interventions=[{"id": "i1", "kind": "accredited_programme", "start": "2008-06-10",
                                 "completed": "2008-07-01"}])
    ev = evaluate_case(case, D(2009, 7, 1))
    day, seen = D(2008, 5, 30), set()
    while day <= D(2009, 6, 5):
        direct = ev.kb.query("indicative_tier_at", day, None)
        shortcut = ev.kb.query("grid_tier_at", day, None)
        assert direct == shortcut, day
        seen.add(direct[0][1] if direct else None)
        day += dt.timedelta(days=1)
    assert seen == {None, 1, 2, 3, 4}
