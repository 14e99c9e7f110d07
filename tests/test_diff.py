"""`nsr diff`: the structural diff of two editions, topic by topic, and the correspondence lint.

Each test names one topic and the specific change the rule files encode, checked against the
printed standards: e.g. 2007 2f.8 gives a warning 10 working days, 2015's "Warning or enforcement"
statement 6 working days; 2007 4.2 offers victim contact within 40 working days, 2015 within 8 weeks.
"""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest

from policyengine.cli import main
from policyengine.compare.diff import EditionDiff, Pair, TopicDiff, diff_editions
from policyengine.compare.diff_report import diff_html, diff_json, diff_markdown, diff_text
from policyengine.output.terminal import Screen
from policyengine.compare.correspondence import correspondence_warnings
from policyengine.tooling.lint import lint
from policyengine.language.parse import parse_policy

ROOT = Path(__file__).resolve().parent.parent


@functools.cache
def diff(before: str, after: str) -> EditionDiff:
    (found,) = diff_editions([before, after])
    return found


def topic(before: str, after: str, name: str) -> TopicDiff:
    found = [t for t in diff(before, after).topics if t.name == name]
    assert len(found) == 1, f"no topic {name} in {before} → {after}"
    return found[0]


def pair(before: str, after: str, name: str, left: str, right: str) -> Pair:
    found = [p for p in topic(before, after, name).pairs if p.before.ref == left and p.after.ref == right]
    assert len(found) == 1, f"{left} → {right} not paired in {name}: {[(p.before.ref, p.after.ref) for p in topic(before, after, name).pairs]}"
    return found[0]


def changes(p: Pair) -> dict[str, str]:
    return {c.facet: c.note for c in p.changes}


# ---------------------------------------------------------------- changed topics, one test each
def test_first_appointment_counts_from_allocation_in_2015():
    # 2c.6: 2 working days (tier 4) / 5 working days of sentence; 2015: 5 working days of allocation.
    found = changes(pair("2007", "2015", "first_appointment_community", "2c.6/first_meeting", "2015.5.1/first_appointment"))
    assert found["trigger"] == "sentence → allocation"
    assert found["deadline"].startswith("5 working days after sentence → 5 working days after allocation (same length")
    assert "− 2 working days if recorded_tier_at(trigger_date, 4)" in found["deadline"]
    # om_contact_since (2007) and f2f_om_since (2015) have the same definition: not a change.
    assert "met by" not in found
    assert "unless requirement(trigger_sentence, drr)" in found["exceptions"]


def test_first_appointment_2011_only_times_high_rosh_cases():
    found = changes(pair("2007", "2011", "first_appointment_community", "2c.6/first_meeting",
                         "2011c.2.1.3/high_rosh_community"))
    assert found["applies to"] == "+ high_rosh_at(trigger_date)"
    assert found["deadline"].startswith("5 working days → 2 working days (tighter by 3 working days)")
    assert [d.ref for d in topic("2007", "2011", "first_appointment_community").only_after] == ["2011.10/prompt_contact"]


def test_warning_deadline_tightens_from_10_to_6_working_days():
    found = changes(pair("2007", "2015", "warnings", "2f.8/warning", "2015.7.1/respond"))
    assert found["deadline"] == "10 working days → 6 working days (tighter by 4 working days)"
    assert "+ enforcement_initiated where failure = trigger" in found["met by"]
    # Licence failures split off into 2015.7.2: 9 working days.
    licence = changes(pair("2007", "2015", "warnings", "2f.8/warning", "2015.7.2/decision"))
    assert licence["deadline"] == "10 working days → 9 working days (tighter by 1 working day)"
    assert "+ licence_failure(trigger)" in licence["applies to"]


def test_warnings_unchanged_2007_to_2011():
    # HMI's guide (2011d.2.2.16) restates 2f.8 word for word as a rule: same trigger, deadline, event.
    found = topic("2007", "2011", "warnings")
    assert found.status == "unchanged"
    assert [(p.before.ref, p.after.ref) for p in found.pairs] == [("2f.8/warning", "2011d.2.2.16/warning")]


def test_enforcement_deadline_and_urgent_enforcement():
    found = changes(pair("2007", "2015", "enforcement", "2f.4/enforcement", "2015.7.1/respond"))
    assert found["deadline"] == "10 working days → 6 working days (tighter by 4 working days)"
    urgent = changes(pair("2007", "2011", "enforcement", "2f.3/urgent_enforcement", "2011.14/enforced"))
    assert urgent["timing"] == "timed → judgement"
    assert urgent["deadline"] == "same day → no deadline"


def test_breach_counts_from_the_failure_in_2015():
    found = changes(pair("2007", "2015", "breach", "2f.6/documents", "2015.7.1/breach"))
    assert found["trigger"] == "failure to comply calling for breach → failure to comply"
    assert found["deadline"] == ("20 working days after failure to comply calling for breach → 6 working days "
                                 "after failure to comply (tighter by 14 working days)")
    assert "− breach_papers_covering" in found["met by"]
    assert "+ breach_required(trigger)" in found["applies to"]


def test_recall_decision_becomes_timed_again_in_2015():
    found = changes(pair("2011", "2015", "recall", "2011.14/enforced", "2015.7.2/decision"))
    assert found["timing"] == "judgement → timed"
    assert found["deadline"] == "no deadline → 9 working days"
    assert [d.ref for d in topic("2011", "2015", "recall").only_after] == ["2015.7.2/report", "2015.6.2/reviewed"]


def test_victim_contact_40_working_days_becomes_8_weeks():
    found = changes(pair("2007", "2015", "victims", "4.2/offer", "2015.9.1/offer"))
    assert found["deadline"] == "40 working days → 8 weeks (about the same length)"
    assert found["met by"] == "+ victim_contact_offer; − victim_contact_offer where method = letter"
    assert changes(pair("2007", "2011", "victims", "4.2/offer", "2011.19/victims"))["timing"] == "timed → judgement"


def test_licence_first_contact_widens_to_post_sentence_supervision():
    p = pair("2007", "2015", "licence_first_contact", "2c.13/first_contact", "2015.5.2/first_appointment")
    found = changes(p)
    assert found["trigger"] == ("release where on = licence → "
                                "release where on in [licence, post_sentence_supervision]")
    # 2007: the day of release, or 1 working day with a recorded reason; 2015: 1 working day.
    assert found["deadline"] == ("same day → 1 working day (looser: about 0 → 1 calendar days); "
                                 "− 1 working day if same_day_contact_impractical(trigger)")
    assert [d.ref for d in topic("2007", "2015", "licence_first_contact").only_before] == ["2c.13/second_contact"]


def test_unpaid_work_first_session_10_working_days_of_sentence_to_7_of_allocation():
    found = changes(pair("2007", "2015", "unpaid_work_start", "2d.1.4/first_session", "2015.27.1/first_session"))
    assert found["trigger"] == "sentence → allocation"
    assert found["deadline"] == ("10 working days after sentence → 7 working days after allocation "
                                 "(tighter by 3 working days)")
    # A reallocation never starts the 2015 clock (allocation_clock takes the first allocation).
    assert found["applies to"] == "− not custodial_sentence(trigger_sentence)"


def test_unpaid_work_hours_become_a_12_month_deadline():
    found = changes(pair("2007", "2015", "unpaid_work", "2d.1.5/average", "2015.27.2/hours"))
    assert found["timing"] == "judgement → timed"
    assert found["deadline"] == "no deadline → 12 months"


def test_initial_plan_2011_keeps_15_working_days_for_high_rosh_only():
    found = changes(pair("2007", "2011", "initial_plan", "2b.3/community", "2011c.2.1.8/community"))
    assert found["applies to"] == "+ high_rosh_at(trigger_date)"
    assert found["deadline"] == ("15 working days → 15 working days (same); "
                                 "− 5 working days if tier4_or_ppo_at(trigger_date)")
    assert changes(pair("2007", "2015", "initial_plan", "2b.3/community", "2015.4.2/completed"))["timing"] == \
        "timed → judgement"


def test_drr_first_contact_becomes_judgement():
    found = changes(pair("2007", "2015", "drr_first_contact", "2d.9.2/first_contact", "2015.17.1/prepared"))
    assert found["timing"] == "timed → judgement"
    assert found["deadline"] == "1 working day → no deadline"


def test_has_requirement_is_read_as_requirement():
    # 2011 writes has_requirement(S, K), an alias of requirement(S, K): no change in whom it applies to.
    assert "applies to" not in changes(pair("2011", "2015", "drr_first_contact", "2011.31/drr_prepared",
                                            "2015.17.1/prepared"))


def test_contact_levels_by_tier_are_gone_in_2015():
    found = topic("2007", "2015", "contact_frequency")
    assert found.status == "changed" and not found.pairs
    assert {"2c.16/tier4_weekly", "2c.16/tier3", "2c.16/tier2", "2c.16/tier1"} <= {d.ref for d in found.only_before}
    assert [d.ref for d in found.only_after] == ["2015.5.3/implemented"]
    assert {d.timing for d in found.only_before if d.ref.startswith("2c.16/tier")} == {"schedule"}


def test_weekly_contact_is_for_high_rosh_rather_than_tier_4_in_2011():
    # 2007 2c.16: tier 4 weekly; HMI 2011 guide 2.2.8: weekly for high or very high RoSH.
    found = changes(pair("2007", "2011", "contact_frequency", "2c.16/tier4_weekly", "2011d.2.2.8/high_rosh_weekly"))
    assert found["schedule"] == ("+ each window when high_rosh_at(window_start); "
                                 "− each window when tier_at(window_start, 4)")
    assert "timing" not in found  # a schedule in both


def test_evaluation_keeps_8_weeks_but_needs_a_termination_assessment_on_the_sentence():
    found = changes(pair("2007", "2015", "evaluation", "2e.8/evaluation", "2015.10.1/evaluation"))
    assert "deadline" not in found  # 8 weeks in both
    assert "+ termination_assessment_for" in found["met by"]


def test_transfer_deadline_becomes_judgement():
    found = changes(pair("2007", "2015", "transfer", "1.1/after_transfer_in", "2015.5.5/transfer"))
    assert found["timing"] == "timed → judgement"
    assert found["deadline"] == "1 working day if recorded_tier4_or_ppo_at(trigger_date), 3 working days otherwise → no deadline"


def test_review_after_recall_loses_its_14_working_days():
    # 2007 2e.5: the plan is reviewed within 14 working days of recall; 2015.6.2: reviewed, no timescale.
    found = changes(pair("2007", "2015", "reviews", "2e.5/after_recall", "2015.6.2/reviewed"))
    assert found["timing"] == "timed → judgement"
    assert found["deadline"] == "14 working days → no deadline"
    assert {"2e.5/four_monthly", "2e.5/after_release"} <= {d.ref for d in topic("2007", "2015", "reviews").only_before}


def test_pre_release_plan_12_weeks_before_release_in_2015():
    found = changes(pair("2007", "2015", "pre_release", "2c.12/conditions_sent", "2015.4.3/plan"))
    assert found["deadline"].startswith("same day after four weeks before release → 12 weeks after pre release window opens")
    assert "+ sentence_plan where type = pre_release" in found["met by"]


def test_approved_premises_placement_is_a_new_timed_duty_in_2015():
    only = {d.ref: d for d in topic("2011", "2015", "approved_premises").only_after}
    assert list(only) == ["2015.4.3/ap_placement"]
    assert only["2015.4.3/ap_placement"].timing == "timed"
    assert only["2015.4.3/ap_placement"].deadlines == ("same day",)


def test_allocation_deadline_becomes_a_judgement():
    found = changes(pair("2007", "2011", "allocation", "1.1/after_sentence", "2011s.3/allocated"))
    assert found["timing"] == "timed → judgement"
    assert "3 working days otherwise → no deadline" in found["deadline"]


@pytest.mark.parametrize("editions", [("2007", "2011"), ("2011", "2015"), ("2007", "2015")])
def test_every_status_is_backed_by_what_it_says(editions):
    for t in diff(*editions).topics:
        if t.status == "unchanged":
            assert t.pairs and not t.only_before and not t.only_after and not any(p.changes for p in t.pairs), t.name
        elif t.status == "changed":
            assert t.only_before or t.only_after or any(p.changes for p in t.pairs), t.name
        elif t.status == "added":
            assert t.only_after and not t.only_before and not t.pairs, t.name
        else:
            assert t.status == "removed" and t.only_before and not t.only_after and not t.pairs, t.name
        for p in t.pairs:
            for c in p.changes:
                assert c.before != c.after or c.note, (t.name, c)


# ---------------------------------------------------------------- added and removed topics
def test_dropped_topics_carry_their_reason():
    assert topic("2007", "2011", "custody_plus").status == "removed"
    assert "Custody Plus" in topic("2007", "2011", "custody_plus").reason
    # Across two steps the reason comes from the edition in between.
    assert topic("2007", "2015", "custody_plus").reason == topic("2007", "2011", "custody_plus").reason
    assessment = topic("2011", "2015", "assessment")
    assert assessment.status == "removed" and "starts from the Plan" in assessment.reason
    assert [d.ref for d in topic("2007", "2011", "plan_copies").only_before] == ["2c.4/copy"]


def test_added_topics_carry_their_reason():
    found = topic("2007", "2011", "supervision_requirement")
    assert found.status == "added" and "outcomes 43 and 44" in found.reason
    assert [d.ref for d in found.only_after] == ["2011.43/supervision_prepared", "2011.44/supervision_undertaken"]
    assert topic("2007", "2015", "supervision_requirement").reason == found.reason


def test_three_editions_diff_each_against_the_next():
    found = diff_editions(["2015", "2007", "2011"])  # any order: oldest first
    assert [(d.before, d.after) for d in found] == [("2007", "2011"), ("2011", "2015")]


# ---------------------------------------------------------------- output
def test_table_shows_both_quotes_side_by_side():
    text = diff_text([diff("2007", "2015")], screen=Screen(width=200))
    assert text.startswith("2007 → 2015: ")
    assert max(len(line) for line in text.splitlines()) <= 200
    block = text[text.index("warnings: Warnings after a failure to comply"):]
    block = block[: block.index("\nCHANGED", 1)]
    assert "10 working days → 6 working days (tighter by 4 working days)" in block
    assert "“Where an offender fails to comply" in block   # the 2015 text
    assert "2007: 2f.8/warning" in block and "2015: 2015.7.1/respond" in block


def test_markdown_html_and_json():
    diffs = [diff("2007", "2015")]
    md = diff_markdown(diffs)
    assert "| deadline | 10 working days | 6 working days | **10 working days → 6 working days (tighter by 4 working days)** |" in md
    page = diff_html(diffs)
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert not re.search(r"<(link|script)\b|src=|https?://", page)   # self-contained
    assert "10 working days → 6 working days" in page
    data = diff_json(diffs)
    json.dumps(data)
    topics = {t["topic"]: t for t in data["diffs"][0]["topics"]}
    warning = next(p for p in topics["warnings"]["pairs"] if p["after"]["ref"] == "2015.7.1/respond")
    deadline = next(c for c in warning["changes"] if c["facet"] == "deadline")
    assert deadline["before"] == ["10 working days"] and deadline["after"] == ["6 working days"]
    assert data["diffs"][0]["summary"] == diffs[0].counts()


def test_cli_diff(capsys):
    assert main(["diff", "2007", "2015", "--format", "json", "--topic", "victims"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [t["topic"] for t in data["diffs"][0]["topics"]] == ["victims"]
    assert main(["diff", "2007"]) == 2
    assert "two editions" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_:
        main(["diff", "2007", "1999"])
    assert exit_.value.code == 2
    assert "unknown edition '1999'" in capsys.readouterr().err


# ---------------------------------------------------------------- correspondence lint
def _policy(name: str) -> str:
    return (ROOT / "policies" / f"{name}.nsr").read_text(encoding="utf-8")


def correspondence(text: str, file: str) -> list[str]:
    """What `nsr lint` says about correspondence (other lint checks are tested elsewhere)."""
    return [str(d) for d in correspondence_warnings(parse_policy(text, file))]


@pytest.mark.parametrize("edition", ["2007", "2011", "2015"])
def test_bundled_policies_correspond_without_warnings(edition):
    assert correspondence(_policy(edition), f"policies/{edition}.nsr") == []
    assert not [d for d in lint(_policy(edition), f"policies/{edition}.nsr") if "topic" in d.message]


def test_lint_warns_about_an_unmarked_dropped_topic():
    text = _policy("2011").replace(
        'dropped topic custody_plus "The 2011 edition does not mention Custody Plus, which was never brought into force."\n', "")
    problems = correspondence(text, "policies/2011.nsr")
    assert len(problems) == 1
    assert re.match(r"policies/2011\.nsr:\d+:\d+: warning: topic 'custody_plus' of the 2007 edition \(2c\.17, "
                    r"policies/2007\.nsr:\d+:\d+\) corresponds to nothing here", problems[0])
    assert problems[0] in [str(d) for d in lint(text, "policies/2011.nsr")]   # nsr lint reports it


def test_lint_warns_about_a_standard_in_no_topic_and_an_unmarked_new_topic():
    text = _policy("2011").replace('  standards "2011.43", "2011.44"\n  added', '  standards "2011.43"\n  reading')
    problems = correspondence(text, "policies/2011.nsr")
    assert any("warning: standard '2011.44' is in no topic" in p for p in problems)
    assert any("warning: topic 'supervision_requirement' (2011.43) corresponds to nothing in the 2007 edition" in p
               for p in problems)
    assert len(problems) == 2


def test_lint_warns_when_the_next_edition_does_not_mark_a_topic_dropped():
    # 2007 declares a topic that 2011 neither continues nor drops.
    text = _policy("2007") + '\ntopic nothing_later "A topic 2011 does not know" {\n  standards "3.5"\n}\n'
    problems = correspondence(text, "policies/2007.nsr")
    assert len(problems) == 1
    assert ("warning: topic 'nothing_later' (3.5) corresponds to nothing in the 2011 edition, "
            "and policies/2011.nsr does not mark it dropped") in problems[0]


HEADER = 'edition "test" { title "T" publisher "P" in force from 2007-08-03 }\n'
STANDARD = 'standard "9.1" {\n  title "A"\n  quote "Q"\n  obligation o {\n    after sentence\n    judgement\n  }\n}\n'


def test_topic_errors_name_the_place():
    text = HEADER + STANDARD + ('topic t "T" {\n  standards "9.1", "9.2", "9.1/x", "9.1"\n}\n'
                                'topic t {\n  standards "9.1/o"\n}\n'
                                'dropped topic t "why"\n')
    problems = [str(d) for d in lint(text, "x.nsr")]
    assert "x.nsr:11:20: topic 't' names no standard of this file (found '9.2'); expected a standard id declared in this file" in problems
    assert "x.nsr:11:27: standard '9.1' has no obligation 'x' (found '9.1/x'); expected 9.1/o" in problems
    assert "x.nsr:11:36: '9.1' is listed twice in topic 't'" in problems
    assert "x.nsr:13:7: duplicate topic 't' (first declared at x.nsr:10:7)" in problems
    assert "x.nsr:16:15: topic 't' is both declared (at x.nsr:10:7) and dropped" in problems


def test_a_file_without_topics_is_not_compared():
    # Small policies (and the tests' own) take no part in comparison and get no correspondence warnings.
    assert lint(HEADER + STANDARD, "x.nsr") == []


def test_topic_keywords_remain_usable_as_names():
    text = HEADER + "rule q(topic, standards).\nrule p(X) if q(X, added) and q(dropped, X).\n"
    assert lint(text, "x.nsr") == []
