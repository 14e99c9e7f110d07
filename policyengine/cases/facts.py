"""Flatten a ``Case`` into the ground facts the rules reason over.

Rules never see the case file, only these facts, so every default and
derived value a rule depends on is settled here, once:

* ``event_sentence``: an event without a ``sentence`` field belongs to the
  case's only sentence; with two or more sentences it belongs to none.
* ``sentence_end``: ``end_date`` if given, else ``date`` + ``length_months``
  calendar months (clamped to month end); absent when neither is known.
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

from policyengine.calendar import add_months
from policyengine.cases.model import ASSESSMENT_FIELDS, Case, Period, Sentence


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
    ]


def sentence_end(sentence: Sentence) -> date | None:
    """Effective end of a sentence: ``end_date``, else date + length, else None."""
    if sentence.end_date is not None:
        return sentence.end_date
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
        for r in s.requirements:
            yield Fact("requirement", (s.id, r.kind), r.path)
            for name, value in r.params.items():
                yield Fact("requirement_param", (s.id, r.kind, name, value), f"{r.path}.{name}")


def _event_facts(case: Case) -> Iterator[Fact]:
    only_sentence = case.sentences[0].id if len(case.sentences) == 1 else None
    for e in case.events:
        yield Fact("event", (e.id, e.kind, e.date), e.path)
        if e.sentence is not None:
            yield Fact("event_sentence", (e.id, e.sentence), f"{e.path}.sentence")
        elif only_sentence is not None:
            yield Fact("event_sentence", (e.id, only_sentence), e.path)
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


def _period_facts(case: Case) -> Iterator[Fact]:
    for p in case.periods:
        yield Fact("period", (p.id, p.kind, p.start, period_until(p)), p.path)


def _judgement_facts(case: Case) -> Iterator[Fact]:
    for j in case.judgements:
        yield Fact("judgement", (j.standard, j.met, j.date), j.path)
