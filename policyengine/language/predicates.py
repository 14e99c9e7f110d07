"""The predicates every policy can use without defining them: case facts and generated ones.

Argument names are shown in arity messages so a policy writer sees what a predicate takes.
"""
from __future__ import annotations

# Facts loaded from a case file (see policyengine.cases.facts and docs/case-files.md).
CASE_FACTS: dict[str, tuple[str, ...]] = {
    "sentence": ("sentence", "type", "date"),
    "sentence_length_months": ("sentence", "months"),
    "sentence_release_date": ("sentence", "date"),
    "sentence_end": ("sentence", "date"),
    "requirement": ("sentence", "kind"),
    "requirement_param": ("sentence", "kind", "name", "value"),
    "psr": ("sentence", "kind"),
    "victim_contact_override": ("sentence", "qualifies", "reason"),
    "event": ("event", "kind", "date"),
    "event_field": ("event", "field", "value"),
    "event_sentence": ("event", "sentence"),
    "event_time": ("event", "minutes"),
    "tier_during": ("tier", "from", "until"),
    "rosh_during": ("rosh", "from", "until"),
    "ppo_during": ("ppo", "from", "until"),
    "ogrs_during": ("score", "from", "until"),
    "ogp_during": ("score", "from", "until"),
    "mappa_category_during": ("category", "from", "until"),
    "mappa_level_during": ("level", "from", "until"),
    "period": ("period", "kind", "from", "until"),
    "judgement": ("standard", "met", "date"),
    "judgement_on": ("standard", "trigger", "met", "date"),
    "offender_gender": ("gender",),
    "case_flag": ("flag",),
    "tier_departure_reason": ("reason", "date"),
    "offence": ("offence", "statute", "section"),
    "offence_detail": ("offence", "detail"),
    "offence_form": ("offence", "form"),
    "offence_cautioned": ("offence",),
    "offence_sentence": ("offence", "sentence"),
    "order": ("order", "kind", "from", "until"),
    "intervention": ("intervention", "kind", "start", "completed"),
    "intervention_intensity": ("intervention", "intensity"),
}

# Facts the engine adds for every evaluation.
ENGINE_FACTS: dict[str, tuple[str, ...]] = {
    "as_of": ("date",),
    "pauses": ("periods",),
    "window_index": ("k",),
}

# Predicates the compiler generates from obligation and recurring blocks.
GENERATED: dict[str, tuple[str, ...]] = {
    "obligation_standard": ("obligation", "standard"),
    "judgement_required": ("obligation",),
    "obligation_trigger": ("obligation", "trigger", "date", "sentence"),
    "obligation_applies": ("obligation", "trigger", "date", "sentence"),
    "obligation_excepted": ("obligation", "trigger", "paragraph"),
    "deadline_condition": ("obligation", "trigger", "index"),
    "obligation_due": ("obligation", "trigger", "index", "due"),
    "obligation_hours": ("obligation", "index", "minutes"),
    "obligation_candidate": ("obligation", "trigger", "event", "date"),
    "obligation_need_known": ("obligation", "trigger", "need"),
    "obligation_need_missing": ("obligation", "trigger", "need"),
    "schedule_trigger": ("obligation", "trigger", "date", "sentence"),
    "schedule_applies": ("obligation", "trigger", "date", "sentence"),
    "schedule_end": ("obligation", "trigger", "date"),
    "schedule_window": ("obligation", "trigger", "k", "start", "end", "need"),
    "schedule_window_applies": ("obligation", "trigger", "k", "start", "end", "need"),
    "schedule_hit": ("obligation", "trigger", "k", "event"),
    "schedule_in_hours": ("obligation",),
}

# Names that stand for the obligation's context inside its conditions and filters.
CONTEXT_NAMES = {
    "trigger": "Trigger__",
    "trigger_date": "TriggerDate__",
    "trigger_sentence": "TriggerSentence__",
    "window_start": "WindowStart__",
    "window_end": "WindowEnd__",
}

PERIOD_KINDS = ("custody", "hospital", "certified_sickness")


def signature(pred: str) -> tuple[str, ...] | None:
    for table in (CASE_FACTS, ENGINE_FACTS, GENERATED):
        if pred in table:
            return table[pred]
    return None
