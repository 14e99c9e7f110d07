"""Flatten a ``Case`` into the ground facts the rules reason over.

Rules never see the case file, only these facts, so every default and
derived value a rule depends on is settled here, once:

* ``event_sentence``: an event without a ``sentence`` field belongs to the
  latest sentence passed on or before its date (see ``default_sentence``).
* ``sentence_end``: the day after ``end_date`` if given, else ``date`` +
  ``length_months`` calendar months (clamped to month end): an exclusive end,
  like every interval here; absent when neither is known.
* ``*_during`` timelines: an assessed value holds from its record's date until
  (exclusive) the date of the next record setting the same field, else
  ``date.max``.
* ``period``: ``Until`` is the day *after* the inclusive ``end``, or
  ``date.max`` while ongoing, so every interval here is half-open [From, Until).

The case id is not part of any fact; the engine adds it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from ..runtime.calendar import add_months
from .model import ASSESSMENT_FIELDS, Case, Offence, Period, Sentence


@dataclass(frozen=True)
class Fact:
    """One ground fact; ``source`` is the case-file path it came from."""

    predicate: str
    args: tuple
    source: str


def case_facts(case: Case) -> list[Fact]:
    """All facts for ``case``: sentences, events, assessments, periods, judgements."""
    return [
        *_sentence_facts(case),
        *_event_facts(case),
        *_assessment_facts(case),
        *_period_facts(case),
        *_judgement_facts(case),
        *_case_facts_about_the_offender(case),
        *_offence_facts(case),
        *_order_facts(case),
        *_intervention_facts(case),
    ]


def sentence_end(sentence: Sentence) -> date | None:
    """The day a sentence is over (exclusive, like every interval here): the day after
    ``end_date``, else date + length (the anniversary), else None."""
    if sentence.end_date is not None:
        return sentence.end_date + timedelta(days=1)
    if sentence.length_months is not None:
        return add_months(sentence.date, sentence.length_months)
    return None


def period_until(period: Period) -> date:
    """Exclusive end of a period: the day after ``end``, or ``date.max`` if ongoing."""
    if period.end is None or period.end == date.max:
        return date.max
    return period.end + timedelta(days=1)


def _sentence_facts(case: Case) -> Iterator[Fact]:
    for s in case.sentences:
        at = s.path
        yield Fact("sentence", (s.id, s.type, s.date), at)
        yield Fact("event", (s.id, "sentence", s.date), at)
        yield Fact("event_sentence", (s.id, s.id), at)
        yield Fact("event_field", (s.id, "type", s.type), at)
        if s.length_months is not None:
            yield Fact("sentence_length_months", (s.id, s.length_months), f"{at}.length_months")
            yield Fact("event_field", (s.id, "length_months", s.length_months), at)
        if s.release_date is not None:
            yield Fact("sentence_release_date", (s.id, s.release_date), f"{at}.release_date")
        end = sentence_end(s)
        if end is not None:
            end_at = f"{at}.end_date" if s.end_date is not None else f"{at}.length_months"
            yield Fact("sentence_end", (s.id, end), end_at)
        if s.psr != "none":
            yield Fact("psr", (s.id, s.psr), f"{at}.psr")
        if s.victim_contact_override is not None:
            override = s.victim_contact_override
            yield Fact("victim_contact_override", (s.id, override.qualifies, override.reason),
                       f"{at}.victim_contact_override")
        for r in s.requirements:
            yield Fact("requirement", (s.id, r.kind), r.path)
            for name, value in r.params.items():
                yield Fact("requirement_param", (s.id, r.kind, name, value), f"{r.path}.{name}")


def default_sentence(case: Case, on: date) -> str:
    """The sentence an event that names none belongs to: the latest sentence passed on or
    before its date (the first listed among those of that date), else the earliest sentence.
    Concurrent sentences are one sentence for the standards (Interpretation Note 7)."""
    before = [s for s in case.sentences if s.date <= on]
    if not before:
        return min(case.sentences, key=lambda s: s.date).id
    latest = max(s.date for s in before)
    return next(s.id for s in before if s.date == latest)


def _event_facts(case: Case) -> Iterator[Fact]:
    for e in case.events:
        yield Fact("event", (e.id, e.kind, e.date), e.path)
        if e.time is not None:
            yield Fact("event_time", (e.id, e.time), f"{e.path}.time")
        if e.sentence is not None:
            yield Fact("event_sentence", (e.id, e.sentence), f"{e.path}.sentence")
        else:
            yield Fact("event_sentence", (e.id, default_sentence(case, e.date)), e.path)
        for name, value in e.fields.items():
            yield Fact("event_field", (e.id, name, value), f"{e.path}.{name}")


def _assessment_facts(case: Case) -> Iterator[Fact]:
    # Sorting is stable and the loader rejects two records setting the same
    # field on one day, so each timeline is strictly increasing in date.
    records = sorted(case.assessments, key=lambda a: a.date)
    for name in ASSESSMENT_FIELDS:
        timeline = [(a.date, getattr(a, name), a.path) for a in records if getattr(a, name) is not None]
        untils = [start for start, _, _ in timeline[1:]] + [date.max]
        for (start, value, at), until in zip(timeline, untils):
            yield Fact(f"{name}_during", (value, start, until), f"{at}.{name}")
    for a in records:
        if a.tier_departure_reason is not None:
            yield Fact("tier_departure_reason", (a.tier_departure_reason, a.date), f"{a.path}.tier_departure_reason")


def _period_facts(case: Case) -> Iterator[Fact]:
    for p in case.periods:
        yield Fact("period", (p.id, p.kind, p.start, period_until(p)), p.path)


def _case_facts_about_the_offender(case: Case) -> Iterator[Fact]:
    if case.offender is not None and case.offender.gender is not None:
        yield Fact("offender_gender", (case.offender.gender,), "offender.gender")
    for index, flag in enumerate(case.flags):
        yield Fact("case_flag", (flag,), f"flags[{index}]")


def _judgement_facts(case: Case) -> Iterator[Fact]:
    for j in case.judgements:
        if j.trigger is None:
            yield Fact("judgement", (j.standard, j.met, j.date), j.path)
        else:
            yield Fact("judgement_on", (j.standard, j.trigger, j.met, j.date), j.path)


def offence_id(offence: Offence) -> str:
    """An offence's id as the rules see it: its own, else where it is in the file."""
    return offence.id or offence.path


def _offence_facts(case: Case) -> Iterator[Fact]:
    """``offence(O, Statute, Section)``, once more with the bare section when a subsection is
    given ('20(1)' also matches Schedule 15's 'section 20'), and the qualifying details."""
    for o in case.offences:
        oid, at = offence_id(o), o.path
        yield Fact("offence", (oid, o.statute, o.section), f"{at}.section")
        base = o.section.split("(")[0].strip()
        if base and base != o.section:
            yield Fact("offence", (oid, o.statute, base), f"{at}.section")
        if o.detail is not None:
            yield Fact("offence_detail", (oid, o.detail), f"{at}.detail")
        yield Fact("offence_form", (oid, o.form), f"{at}.form" if o.form != "committed" else at)
        if o.outcome == "cautioned":
            yield Fact("offence_cautioned", (oid,), f"{at}.outcome")
        if o.sentence is not None:
            yield Fact("offence_sentence", (oid, o.sentence), f"{at}.sentence")
        elif case.sentences:
            on = o.date or min(s.date for s in case.sentences)
            yield Fact("offence_sentence", (oid, default_sentence(case, on)), at)


def _order_facts(case: Case) -> Iterator[Fact]:
    for o in case.orders:
        until = date.max if o.end is None else o.end + timedelta(days=1)
        yield Fact("order", (o.id, o.kind, o.start, until), o.path)


def _intervention_facts(case: Case) -> Iterator[Fact]:
    """``intervention(I, Kind, Start, Completed)``: Completed is ``date.max`` while it runs."""
    for i in case.interventions:
        yield Fact("intervention", (i.id, i.kind, i.start, i.completed or date.max), i.path)
        if i.intensity is not None:
            yield Fact("intervention_intensity", (i.id, i.intensity), f"{i.path}.intensity")
