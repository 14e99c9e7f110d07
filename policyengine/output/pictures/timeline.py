"""`nsr timeline`: a case on one date axis: its events by kind, its periods, and each obligation's
trigger, due date, the event that met it and its status, with schedule windows as bars.

One day is one column of `ppd` pixels; bank holidays are shaded (their names in tooltips) and
weekends too when a day is wide enough to show them; the as-of date is a dashed line, because
the case is drawn as it stood on that date (later events are not known yet).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...runtime import calendar
from ..dates import day, month
from ..html import STATUS_TONES
from .layout import Box
from .svg import SANS, Svg, clip_lines, text_width, wrap

if TYPE_CHECKING:
    from ...evaluate import Evaluation
    from ...backends.results import ObligationResult

MARGIN = 16
LABEL_WIDTH = 250
PLOT_WIDTH = 900         # px for the dates when each day can have 1.2 to 16 px: with the labels, the
                         # drawing fits a page's box at 1366 px without scaling
RIGHT = 24               # past the last day: room for an event's label
TITLE = 26               # the title line, drawn only in a standalone SVG (a page has its own heading)
HEADER = 52              # the axis: month names and the as-of label
LEGEND_ROW = 36
EVENT_ROW = 30
OBLIGATION_ROW = 34
SECTION_ROW = 24
# event kinds: blues, purples, teals and browns, never the red, green and amber of a status
PALETTE = ["#0969da", "#8250df", "#0e7c86", "#bf3989", "#7d5a2b", "#57606a", "#5a32a3", "#1b7c83",
           "#3e6fb0", "#8a4f7d", "#a371f7", "#4b5a6b"]
TONE_COLOURS = {"ok": "#2da44e", "bad": "#cf222e", "warn": "#d4a72c", "late": "#e16f24", "muted": "#8c959f"}
STYLE = """
.tl text { font-family: %s; fill: #1f2328; }
.tl .title { font-size: 14px; font-weight: bold; }
.tl .month { font-size: 11px; fill: #57606a; paint-order: stroke; stroke: #ffffff; stroke-width: 3px; }
.tl .section { font-size: 12px; font-weight: bold; fill: #24292f; }
.tl .lane { font-size: 11.5px; }
.tl .sub { font-size: 10px; fill: #57606a; }
.tl .mark-label { font-size: 9px; fill: #57606a; }
.tl .grid { stroke: #d0d7de; stroke-width: 1; }
.tl .rowline { stroke: #eaeef2; stroke-width: 1; }
.tl .weekend { fill: #f6f8fa; }
.tl .holiday { fill: #ffe4e8; }
.tl .asof { stroke: #0969da; stroke-width: 1.5; stroke-dasharray: 5 3; }
.tl .asof-label { font-size: 10.5px; fill: #0969da; font-weight: bold; }
.tl .span { stroke: #8c959f; stroke-width: 2; }
.tl .overdue-span { fill: #ffcecb; stroke: #cf222e; stroke-width: 1; }
.tl .late-span { fill: #ffd8b5; stroke: #bc4c00; stroke-width: 1; }
.tl .left-span { fill: #fff8c5; stroke: #d4a72c; stroke-width: 1; stroke-dasharray: 3 2; }
.tl .count { font-size: 9px; fill: #ffffff; font-weight: bold; }
""" % SANS


@dataclass
class Scale:
    start: dt.date
    end: dt.date           # inclusive
    x0: float
    ppd: float             # pixels per day

    def x(self, day: dt.date) -> float:
        """Left edge of a day's column."""
        return self.x0 + (day - self.start).days * self.ppd

    def mid(self, day: dt.date) -> float:
        return self.x(day) + self.ppd / 2

    @property
    def right(self) -> float:
        return self.x(self.end + dt.timedelta(days=1))


@dataclass(frozen=True)
class Event:
    id: str
    kind: str
    date: dt.date
    source: str


def _real(day: dt.date | None) -> bool:
    return day is not None and day not in (dt.date.max, dt.date.min)


def case_events(evaluation: Evaluation) -> list[Event]:
    return sorted((Event(f.args[0], f.args[1], f.args[2], f.source) for f in evaluation.facts
                   if f.predicate == "event"), key=lambda e: (e.date, e.id))


def shown_results(evaluation: Evaluation, include_all: bool = False) -> list[ObligationResult]:
    """The results with a clock (a due date or a window) or that cannot be timed for want of a
    fact (a finding); with include_all, every result."""
    return [r for r in evaluation.results
            if include_all or (r.window is not None or _real(r.due) or r.status == "missing_data")]


def _scale(evaluation: Evaluation, events: list[Event], results: list[ObligationResult]) -> Scale:
    days = [evaluation.as_of] + [e.date for e in events]
    for r in results:
        days += [d for d in (r.due, r.trigger.date if r.trigger else None,
                             r.satisfied_by.date if r.satisfied_by else None) if _real(d)]
        if r.window:
            days += [d for d in (r.window["start"], r.window["end"]) if _real(d)]
    for f in evaluation.facts:
        if f.predicate == "period":
            days += [d for d in f.args[2:4] if _real(d)]
    start, end = min(days) - dt.timedelta(days=7), max(days) + dt.timedelta(days=7)
    start = start.replace(day=1) if (start - start.replace(day=1)).days < 10 else start
    span = (end - start).days + 1
    ppd = max(1.2, min(16.0, PLOT_WIDTH / span))
    return Scale(start, end, MARGIN + LABEL_WIDTH, ppd)


def _months(scale: Scale):
    day = scale.start.replace(day=1)
    while day <= scale.end:
        yield day
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


class _Timeline:
    def __init__(self, evaluation: Evaluation, include_all: bool):
        self.evaluation = evaluation
        self.events = case_events(evaluation)
        self.results = shown_results(evaluation, include_all)
        self.scale = _scale(evaluation, self.events, self.results)
        self.kinds = sorted({e.kind for e in self.events}, key=lambda k: min(e.date for e in self.events if e.kind == k))
        self.colours = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(sorted(self.kinds))}
        self.fields: dict[str, list[str]] = defaultdict(list)
        for f in evaluation.facts:
            if f.predicate == "event_field":
                self.fields[f.args[0]].append(f"{f.args[1]}: {f.args[2]}")
        for event in getattr(evaluation.case, "events", ()):
            if event.note:  # free text for people: never reaches the rules, but belongs in a tooltip
                self.fields[event.id].append(f"note: {event.note}")
        self.periods = [f for f in evaluation.facts if f.predicate == "period"]
        self.rows: list[tuple[str, object]] = []    # (section or lane kind, payload), top to bottom
        self.lanes: list[Box] = []                  # each lane's label rectangle (for the layout test)

    # ----------------------------------------------------------------- structure
    def groups(self) -> list[list[ObligationResult]]:
        """One lane per obligation and trigger; a schedule's windows share their lane."""
        from ..report import standard_order
        lanes: dict[tuple, list[ObligationResult]] = {}
        for r in self.results:
            lanes.setdefault((r.obligation, r.trigger.id if r.trigger else "", r.edition), []).append(r)
        return sorted(lanes.values(), key=lambda rs: (standard_order(rs[0].standard), rs[0].obligation,
                                                      rs[0].trigger.date if rs[0].trigger else dt.date.min))

    def height(self, top: float) -> float:
        """From `top` (where the axis starts) down to the legend and the margin under it."""
        h = top + HEADER + SECTION_ROW + EVENT_ROW * max(1, len(self.kinds))
        if self.periods:
            h += SECTION_ROW + EVENT_ROW * len(self.periods)
        h += SECTION_ROW + OBLIGATION_ROW * max(1, len(self.groups()))
        return h + LEGEND_ROW + MARGIN

    def width(self) -> float:
        """The axis's extent, widened when the legend or the title needs more."""
        title = text_width(self.title(), 14, bold=True) + 2 * MARGIN
        return max(self.scale.right + RIGHT, MARGIN + self._legend(None, 0) + MARGIN, title)

    def title(self) -> str:
        ev = self.evaluation
        edition = "auto" if ev.parts else ev.program.edition.name
        return f"Case {ev.case.id} \u00b7 {edition} edition \u00b7 as of {day(ev.as_of)}"

    # ----------------------------------------------------------------- drawing
    def draw(self, standalone: bool) -> str:
        """The drawing; standalone adds the title line (a page puts it in its own heading)."""
        header = (TITLE if standalone else 0) + HEADER
        width, height = self.width(), self.height(TITLE if standalone else 0)
        svg = Svg(width, height)
        svg.open("g", class_="tl")
        if standalone:
            svg.add("text", self.title(), x=MARGIN, y=MARGIN + 8, class_="title")
        top, bottom = header - 6, height - MARGIN - LEGEND_ROW
        self._background(svg, top, bottom)
        y = header
        y = self._section(svg, "Events", y, width)
        for kind in self.kinds or ["(none)"]:
            y = self._event_lane(svg, kind, y, width)
        if self.periods:
            y = self._section(svg, "Periods", y, width)
            for period in self.periods:
                y = self._period_lane(svg, period, y, width)
        y = self._section(svg, "Obligations", y, width)
        groups = self.groups()
        if not groups:   # the empty state has a row of its own, so the legend stays clear of it
            svg.add("text", f"no obligation with a clock on {day(self.evaluation.as_of)}", x=MARGIN,
                    y=y + OBLIGATION_ROW / 2 + 4, class_="tl-empty sub")
            y += OBLIGATION_ROW
        for group in groups:
            y = self._obligation_lane(svg, group, y, width)
        self._as_of(svg, top, y, width)
        self._month_names(svg, top)
        svg.open("g", class_="tl-legend")
        self._legend(svg, y + 22)
        svg.close("g")
        svg.close("g")
        return svg.render(STYLE, standalone, f"timeline of case {self.evaluation.case.id}")

    def _background(self, svg: Svg, top: float, bottom: float) -> None:
        s = self.scale
        if s.ppd >= 5:
            d = s.start
            while d <= s.end:
                if d.weekday() >= 5:
                    svg.add("rect", x=s.x(d), y=top, width=s.ppd, height=bottom - top, class_="weekend")
                d += dt.timedelta(days=1)
        for holiday, name in calendar.bank_holidays_between(s.start - dt.timedelta(days=1), s.end):
            svg.open("g", class_="tl-holiday", data_date=holiday.isoformat())
            svg.title(f"{day(holiday)}: {name} (bank holiday)")
            svg.add("rect", x=s.x(holiday), y=top, width=max(s.ppd, 2.0), height=bottom - top, class_="holiday")
            svg.close("g")
        for first in _months(s):
            if first >= s.start:
                svg.add("line", x1=s.x(first), y1=top - 16, x2=s.x(first), y2=bottom, class_="grid",
                        data_month=first.isoformat())
        if s.ppd >= 3:   # a small tick on each Monday
            monday = s.start + dt.timedelta(days=(7 - s.start.weekday()) % 7)
            while monday <= s.end:
                svg.add("line", x1=s.x(monday), y1=top - 3, x2=s.x(monday), y2=top + 2, class_="grid")
                monday += dt.timedelta(days=7)

    def _month_names(self, svg: Svg, top: float) -> None:
        """Above the axis; drawn last, with a white halo, so the as-of line passes behind them."""
        s = self.scale
        step = 1 if s.ppd * 30 >= 52 else 3 if s.ppd * 90 >= 52 else 12
        for first in _months(s):
            x = s.x(first)
            following = s.x((first.replace(day=28) + dt.timedelta(days=4)).replace(day=1))
            room = first >= s.start or following - s.x0 > 60   # a part month at the left edge: name it if it fits
            if (first.month - 1) % step == 0 and x + 30 < s.right and room:
                svg.add("text", month(first), x=max(x, s.x0) + 3, y=top - 6, class_="month")

    def _section(self, svg: Svg, title: str, y: float, width: float) -> float:
        svg.add("text", title, x=MARGIN, y=y + 16, class_="section")
        svg.add("line", x1=MARGIN, y1=y + SECTION_ROW - 1, x2=width - MARGIN, y2=y + SECTION_ROW - 1, class_="grid")
        return y + SECTION_ROW

    def _lane_label(self, svg: Svg, main: str, sub: str, y: float, height: float, tooltip: str,
                    colour: str | None = None) -> None:
        box = Box(MARGIN, y, LABEL_WIDTH - 10, height)
        self.lanes.append(box)
        svg.open("g", class_="tl-lane-label")
        svg.title(tooltip)
        main_line = clip_lines(wrap(main, box.w, 11.5), 1, box.w, 11.5)[0]
        style = f"fill: {colour}" if colour else None   # an inline style: the stylesheet's fill would win over fill=
        svg.add("text", main_line, x=box.x, y=y + (14 if sub else height / 2 + 4), class_="lane", style=style)
        if sub:
            svg.add("text", clip_lines(wrap(sub, box.w, 10), 1, box.w, 10)[0], x=box.x, y=y + 27, class_="sub",
                    style=style)
        svg.close("g")

    def _event_lane(self, svg: Svg, kind: str, y: float, width: float) -> float:
        s = self.scale
        events = [e for e in self.events if e.kind == kind]
        colour = self.colours.get(kind, "#57606a")
        self._lane_label(svg, kind.replace("_", " "), "", y, EVENT_ROW, f"{kind}: {len(events)} event(s)", colour)
        svg.add("line", x1=s.x0, y1=y + EVENT_ROW - 0.5, x2=width - MARGIN, y2=y + EVENT_ROW - 0.5, class_="rowline")
        label_end = -1e9
        same_day: dict[dt.date, int] = defaultdict(int)
        for e in events:
            stack = same_day[e.date]
            same_day[e.date] += 1
            cx, cy = s.mid(e.date) + stack * 3, y + 19 - stack * 3
            svg.open("g", class_="tl-event", data_event=e.id, data_kind=e.kind, data_date=e.date.isoformat())
            details = "; ".join(self.fields.get(e.id, []))
            svg.title(f"{e.id}: {e.kind.replace('_', ' ')} on {day(e.date)} (from {e.source})"
                      + (f"\n{details}" if details else ""))
            svg.add("circle", cx=cx, cy=cy, r=5, fill=colour, stroke="#ffffff", stroke_width=1)
            w = text_width(e.id, 9)
            if cx - w / 2 > label_end + 3 and cx + w / 2 < width - 4:
                svg.add("text", e.id, x=cx, y=y + 9, class_="mark-label", text_anchor="middle")
                label_end = cx + w / 2
            svg.close("g")
        return y + EVENT_ROW

    def _period_lane(self, svg: Svg, period, y: float, width: float) -> float:
        s = self.scale
        pid, kind, since, until = period.args[:4]
        ongoing = until == dt.date.max
        last = self.evaluation.as_of if ongoing else until - dt.timedelta(days=1)
        self._lane_label(svg, kind.replace("_", " "), pid, y, EVENT_ROW,
                         f"{pid}: {kind} from {day(since)} "
                         + ("(ongoing)" if ongoing else f"to {day(last)}") + f" (from {period.source})")
        svg.open("g", class_="tl-period", data_period=pid, data_start=since.isoformat(),
                 data_end="" if ongoing else last.isoformat())
        svg.title(f"{kind.replace('_', ' ')} {day(since)} to " + ("now" if ongoing else f"{day(last)}")
                  + "; clocks that pause for it stop")
        svg.add("rect", x=s.x(since), y=y + 9, width=max(s.ppd, s.x(last) + s.ppd - s.x(since)), height=12, rx=3,
                fill="#8c959f", fill_opacity=0.55, stroke="#57606a")
        svg.close("g")
        svg.add("line", x1=s.x0, y1=y + EVENT_ROW - 0.5, x2=width - MARGIN, y2=y + EVENT_ROW - 0.5, class_="rowline")
        return y + EVENT_ROW

    def _obligation_lane(self, svg: Svg, group: list[ObligationResult], y: float, width: float) -> float:
        from .page import status_words
        s = self.scale
        first = group[0]
        name = first.obligation.split("/", 1)[-1].replace("_", " ")
        trigger = f"{first.trigger.kind.replace('_', ' ')} {first.trigger.id}" if first.trigger else ""
        if first.window:
            counts = defaultdict(int)
            for r in group:
                counts[status_words(r.status)] += 1
            status = ", ".join(f"{n} {w}" for w, n in counts.items())
            tone = next((STATUS_TONES[r.status] for r in group if STATUS_TONES.get(r.status) in ("bad", "warn")), "ok")
        else:
            status = status_words(first.status)
            tone = STATUS_TONES.get(first.status, "muted")
        edition = f" ({first.edition})" if self.evaluation.parts else ""
        self._lane_label(svg, f"{first.standard} {name}", f"{trigger} \u00b7 {status}", y, OBLIGATION_ROW,
                         f"{first.obligation}{edition}: {first.title}\ntriggered by {trigger}; {status}",
                         TONE_COLOURS["bad"] if tone == "bad" else None)
        svg.add("line", x1=s.x0, y1=y + OBLIGATION_ROW - 0.5, x2=width - MARGIN, y2=y + OBLIGATION_ROW - 0.5,
                class_="rowline")
        mid = y + OBLIGATION_ROW / 2
        for r in group:
            if r.window:
                self._window(svg, r, mid)
            else:
                self._once(svg, r, mid)
        if first.trigger:  # drawn last, hollow: visible over a window bar or the event that met it
            svg.open("g", class_="tl-trigger", data_obligation=first.obligation, data_event=first.trigger.id,
                     data_date=first.trigger.date.isoformat())
            svg.title(f"trigger: {trigger} on {day(first.trigger.date)}")
            svg.add("circle", cx=s.mid(first.trigger.date), cy=mid, r=5, fill="none", stroke="#24292f",
                    stroke_width=1.6)
            svg.close("g")
        return y + OBLIGATION_ROW

    def _window(self, svg: Svg, r: ObligationResult, mid: float) -> None:
        from .page import status_words
        s, w = self.scale, r.window
        start, end = w["start"], w["end"]
        if not (_real(start) and _real(end)):
            return
        done = (f"{w['minutes'] / 60:g}h of {w['need']}h" if "minutes" in w else f"{w['count']} of {w['need']}")
        short = (f"{w['minutes'] / 60:g}/{w['need']}" if "minutes" in w else f"{w['count']}/{w['need']}")
        colour = TONE_COLOURS[STATUS_TONES.get(r.status, "muted")]
        svg.open("g", class_="tl-window", data_obligation=r.obligation, data_due=_iso(r.due), data_status=r.status,
                 data_start=start.isoformat(), data_end=end.isoformat())
        phase = f" ({r.deadline})" if r.deadline else ""
        svg.title(f"{r.obligation} window {w.get('index', 0) + 1}: {day(start)} to {day(end)}; "
                  f"{done} done{phase}; {status_words(r.status)}")
        x0, x1 = s.x(start), s.x(end) + s.ppd
        svg.add("rect", x=x0 + 0.5, y=mid - 7, width=max(1.0, x1 - x0 - 1), height=14, rx=2, fill=colour,
                fill_opacity=0.85)
        if text_width(short, 9) + 4 < x1 - x0:
            svg.add("text", short, x=(x0 + x1) / 2, y=mid + 3, class_="count", text_anchor="middle")
        svg.close("g")

    def _once(self, svg: Svg, r: ObligationResult, mid: float) -> None:
        from .page import status_words
        s = self.scale
        tone = STATUS_TONES.get(r.status, "muted")
        colour = TONE_COLOURS[tone]
        as_of = self.evaluation.as_of
        begin = r.trigger.date if r.trigger else None
        due = r.due if _real(r.due) else None
        if begin and due and due >= begin:
            svg.add("line", x1=s.mid(begin), y1=mid, x2=s.mid(due), y2=mid, class_="span")
        if due and r.status == "overdue" and as_of > due:
            svg.open("g", class_="tl-overdue", data_obligation=r.obligation)
            svg.title(f"overdue since {day(due)}: {r.working_days_late} working day(s) late on the as-of date")
            svg.add("rect", x=s.x(due + dt.timedelta(days=1)), y=mid - 5, width=s.x(as_of) + s.ppd - s.x(due)
                    - s.ppd, height=10, class_="overdue-span")
            svg.close("g")
        if due and r.status == "met_late" and r.satisfied_by and r.satisfied_by.date > due:
            svg.add("rect", x=s.x(due + dt.timedelta(days=1)), y=mid - 5,
                    width=s.x(r.satisfied_by.date) - s.x(due), height=10, class_="late-span")
        if due and r.status == "pending" and due >= as_of:
            svg.open("g", class_="tl-left")
            svg.title(f"{r.working_days_remaining} working day(s) left on the as-of date")
            svg.add("rect", x=s.x(as_of), y=mid - 5, width=s.x(due) + s.ppd - s.x(as_of), height=10,
                    class_="left-span")
            svg.close("g")
        if due:
            deadline = f" ({r.deadline})" if r.deadline else ""
            svg.open("g", class_="tl-due", data_obligation=r.obligation, data_due=due.isoformat(),
                     data_status=r.status)
            svg.title(f"{r.obligation}: due {day(due)}{deadline}; {status_words(r.status)}"
                      + (f" (per {r.exception})" if r.exception else ""))
            x = s.mid(due)
            svg.add("rect", x=x - 1.5, y=mid - 10, width=3, height=20, fill=colour)
            svg.add("path", d=f"M{x + 1.5:.1f},{mid - 10:.1f} h8 l-3,3.5 l3,3.5 h-8 z", fill=colour)
            svg.close("g")
        elif r.status in ("needs_judgement", "not_applicable", "missing_data") and begin:
            mark = {"needs_judgement": "?", "not_applicable": "n/a"}.get(r.status, status_words(r.status))
            svg.add("text", mark, x=s.mid(begin) + 8, y=mid + 4, class_="sub")
        if r.satisfied_by and _real(r.satisfied_by.date):
            met = r.satisfied_by
            svg.open("g", class_="tl-met", data_obligation=r.obligation, data_event=met.id,
                     data_date=met.date.isoformat())
            svg.title(f"met by {met.kind.replace('_', ' ')} {met.id} on {day(met.date)}; "
                      f"{status_words(r.status)}")
            x = s.mid(met.date)
            svg.add("path", d=f"M{x:.1f},{mid - 7:.1f} l7,7 l-7,7 l-7,-7 z", fill=colour, stroke="#ffffff",
                    stroke_width=1)
            svg.close("g")

    def _as_of(self, svg: Svg, top: float, bottom: float, width: float) -> None:
        s = self.scale
        x = s.mid(self.evaluation.as_of)
        label = f"as of {day(self.evaluation.as_of)}"
        svg.open("g", class_="tl-asof", data_date=self.evaluation.as_of.isoformat())
        svg.title(f"as of {day(self.evaluation.as_of)}: the case as it stood on this date")
        svg.add("line", x1=x, y1=top - 22, x2=x, y2=bottom, class_="asof")
        if x + 4 + text_width(label, 10.5, bold=True) <= width - 4:
            svg.add("text", label, x=x + 4, y=top - 24, class_="asof-label")
        else:            # no room right of the line: the label ends at it
            svg.add("text", label, x=x - 4, y=top - 24, class_="asof-label", text_anchor="end")
        svg.close("g")

    def _legend(self, svg: Svg | None, y: float) -> float:
        """The key to the marks and colours, from the left margin; returns its width (svg None:
        only measures it)."""
        add = svg.add if svg else (lambda *args, **kwargs: None)
        x = MARGIN
        items = [("ok", "met"), ("late", "met late"), ("warn", "pending / judgement"), ("bad", "overdue / missed"),
                 ("muted", "not applicable")]
        add("circle", cx=x + 5, cy=y - 4, r=4.5, fill="#ffffff", stroke="#24292f", stroke_width=1.5)
        add("text", "trigger", x=x + 14, y=y, class_="sub")
        x += 62
        add("rect", x=x, y=y - 12, width=3, height=14, fill="#57606a")
        add("text", "due date", x=x + 8, y=y, class_="sub")
        x += 64
        add("path", d=f"M{x + 6},{y - 11} l6,6 l-6,6 l-6,-6 z", fill="#57606a")
        add("text", "met by", x=x + 16, y=y, class_="sub")
        x += 60
        for tone, words in items:
            add("rect", x=x, y=y - 10, width=12, height=10, rx=2, fill=TONE_COLOURS[tone])
            add("text", words, x=x + 16, y=y, class_="sub")
            x += 16 + text_width(words, 10) + 14
        add("rect", x=x, y=y - 10, width=8, height=10, class_="holiday")
        add("text", "bank holiday", x=x + 12, y=y, class_="sub")
        return x + 12 + text_width("bank holiday", 10) - MARGIN


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if _real(day) else None


def timeline_svg(evaluation: Evaluation, include_all: bool = False, standalone: bool = True) -> str:
    return _Timeline(evaluation, include_all).draw(standalone)


def timeline_html(evaluation: Evaluation, include_all: bool = False) -> str:
    from .page import timeline_page
    return timeline_page(evaluation, timeline_svg(evaluation, include_all, standalone=False),
                         shown_results(evaluation, include_all), include_all)
