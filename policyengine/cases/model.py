"""Typed, immutable view of one validated case file.

The loader (``load.py``) builds these only after the whole file has passed
validation, so every field here can be trusted: dates are real
``datetime.date`` values, ids are unique and references resolve.  Objects are
frozen because the same case is shared by the fact extractor, the engine and
the report writer, none of which may change it.

Every record keeps ``path``: where it came from in the file (``events[3]``),
so that any finding can point a practitioner back at the entry concerned.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
import datetime as dt
from types import MappingProxyType

Scalar = str | int | bool | dt.date
"""A single field value as it appears in facts."""

ASSESSMENT_FIELDS: tuple[str, ...] = (
    "tier",
    "rosh",
    "ppo",
    "ogrs",
    "ogp",
    "mappa_category",
    "mappa_level",
)
"""Assessment fields that each form their own timeline (see ``Assessment``)."""

ORA_COMMENCEMENT = dt.date(2015, 2, 1)
"""The Offender Rehabilitation Act 2014 came into force: the first day a rehabilitation activity
requirement could be ordered (it replaced the supervision and activity requirements)."""



def _no_fields() -> Mapping[str, Scalar]:
    return MappingProxyType({})


@dataclass(frozen=True)
class Offender:
    """Who the case is about; `gender` matters where a standard applies to women offenders."""

    name: str | None = None
    gender: str | None = None
    date_of_birth: dt.date | None = None


@dataclass(frozen=True)
class Requirement:
    """A requirement of an order (or licence condition).

    ``params`` holds the kind-specific values (``hours``, ``seriousness``,
    ``months``) because which ones apply depends on the kind.
    """

    kind: str
    params: Mapping[str, Scalar] = field(default_factory=_no_fields, hash=False)
    note: str | None = None
    path: str = ""


@dataclass(frozen=True)
class VictimContactOverride:
    """A practitioner's record that a sentence does or does not qualify for the statutory victim
    contact scheme, whatever its offences and length show (policies/library/victims.nsr)."""

    qualifies: bool
    reason: str


@dataclass(frozen=True)
class Sentence:
    """A sentence or licence: the thing whose start triggers most deadlines.

    ``end_date`` is as written in the file; the ``sentence_end`` fact adds
    the default (``date`` plus ``length_months``) when it is omitted.
    """

    id: str
    type: str
    date: dt.date
    length_months: int | None = None
    end_date: dt.date | None = None
    release_date: dt.date | None = None
    psr: str = "none"
    victim_contact_override: VictimContactOverride | None = None
    court: str | None = None
    requirements: tuple[Requirement, ...] = ()
    note: str | None = None
    path: str = ""


@dataclass(frozen=True)
class Assessment:
    """A dated record of assessed values (tier, RoSH, PPO status, ...).

    A record may set any subset of ``ASSESSMENT_FIELDS``; ``None`` means
    "not assessed in this record", so an earlier value carries on.
    ``source`` is the origin of the record (oasys, psr, ...), not a file path.
    """

    date: dt.date
    source: str | None = None
    tier: int | None = None
    rosh: str | None = None
    ppo: bool | None = None
    ogrs: int | None = None
    ogp: int | None = None
    mappa_category: int | None = None
    mappa_level: int | None = None
    tier_departure_reason: str | None = None
    note: str | None = None
    path: str = ""


@dataclass(frozen=True)
class Event:
    """Something that happened on a day.

    ``sentence`` is the sentence id as written (None when omitted; the fact
    extractor applies the single-sentence default).  ``fields`` holds the
    kind-specific fields that were given, already typed; ``note`` is free
    text for people and never reaches the rules.
    """

    id: str
    kind: str
    date: dt.date
    sentence: str | None = None
    fields: Mapping[str, Scalar] = field(default_factory=_no_fields, hash=False)
    note: str | None = None
    path: str = ""
    time: int | None = None     # minutes after midnight (the case file's "14:30" is 870), where recorded


@dataclass(frozen=True)
class Period:
    """A span (custody, hospital, certified sickness) that suspends schedules.

    ``end`` is the inclusive last day as written; None while ongoing.
    """

    id: str
    kind: str
    start: dt.date
    end: dt.date | None = None
    note: str | None = None
    path: str = ""


@dataclass(frozen=True)
class Judgement:
    """A practitioner's recorded verdict on a standard that needs judgement.

    ``by`` and ``reason`` are kept for the report; only standard, met and
    date reach the rules.
    """

    standard: str
    date: dt.date
    met: bool
    by: str | None = None
    reason: str | None = None
    path: str = ""
    trigger: str | None = None       # the event it judges; None: every trigger on or before ``date``


@dataclass(frozen=True)
class Offence:
    """An offence as Schedule 15 to the Criminal Justice Act 2003 names it (MAPPA categories).

    ``sentence`` is as written (None: the fact extractor picks the sentence by date)."""

    statute: str
    section: str
    id: str | None = None
    detail: str | None = None
    form: str = "committed"
    outcome: str = "convicted"
    date: dt.date | None = None
    sentence: str | None = None
    description: str | None = None
    path: str = ""


@dataclass(frozen=True)
class Order:
    """A registration or order with a start (and perhaps an end): sex-offender registration,
    disqualification from working with children, the hospital-order variants."""

    id: str
    kind: str
    start: dt.date
    end: dt.date | None = None
    note: str | None = None
    path: str = ""


@dataclass(frozen=True)
class Intervention:
    """A programme, treatment or activity; ``completed`` is None while it runs."""

    id: str
    kind: str
    start: dt.date
    completed: dt.date | None = None
    intensity: str | None = None
    note: str | None = None
    path: str = ""


@dataclass(frozen=True)
class Case:
    """One offender's case: the unit the engine checks.

    ``source`` names the file (or other origin) it was loaded from.
    """

    id: str
    sentences: tuple[Sentence, ...]
    assessments: tuple[Assessment, ...] = ()
    periods: tuple[Period, ...] = ()
    judgements: tuple[Judgement, ...] = ()
    events: tuple[Event, ...] = ()
    offender: Offender | None = None
    edition_hint: str | None = None
    flags: tuple[str, ...] = ()
    offences: tuple[Offence, ...] = ()
    orders: tuple[Order, ...] = ()
    interventions: tuple[Intervention, ...] = ()
    source: str = ""
