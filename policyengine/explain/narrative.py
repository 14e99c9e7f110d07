"""Plain-English answers: the short account of one result that a practitioner can act on.

The answer is put together from the result itself (status, dates, the event that met it), the
obligation as data (its deadline, what meets it), the conditions that made it apply (re-solved
from the compiled `when` rule) and the rule files' `explain` templates.  Nothing here decides a
status: every fact it states was derived by the engine.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..runtime import calendar
from ..cases.load import vocabulary
from ..compiler import ir
from . import considered
from ..backends.results import NotApplicable, ObligationResult, clock_time
from ..evaluate import Evaluation
from .derivation import BLOCKED, Explainer, explainer_for, first_failure, not_applicable_reason, show_fact, show_literal

# Literals that are plumbing, not conditions a practitioner would recognise.
_PLUMBING = {"obligation_trigger", "schedule_trigger", "obligation_applies", "schedule_applies", "schedule_window",
             "event_sentence", "as_of", "pauses", "window_index"}
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def long_date(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def _words(value) -> str:
    if isinstance(value, dt.date):
        return "no date" if value == dt.date.max else long_date(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value).replace("_", " ")


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


class Phrasebook:
    """The `explain` templates of a program, matched to ground atoms."""

    def __init__(self, program: ir.Program):
        self._templates: dict[str, list[ir.Template]] = {}
        for template in program.templates:
            self._templates.setdefault(template.pred, []).append(template)

    def clause(self, pred: str, values: tuple) -> str | None:
        """The template reading of pred(values), or None when no template fits (or a value is unknown)."""
        for template in self._templates.get(pred, ()):
            binding = (Explainer._unify(ir.Lit(pred, template.args), values)
                       if len(template.args) == len(values) else None)
            if binding is None:
                continue
            names = _PLACEHOLDER.findall(template.text)
            if any(binding.get(name) is None for name in names):
                continue
            return _PLACEHOLDER.sub(lambda m: _words(binding[m.group(1)]), template.text)
        return None

    def event(self, kind: str) -> str:
        """A noun phrase for an event kind ("a home visit")."""
        for template in self._templates.get("event", ()):
            arg = template.args[1] if len(template.args) == 3 else None
            if isinstance(arg, ir.K) and arg.value == kind and not _PLACEHOLDER.search(template.text):
                return template.text
        words = kind.replace("_", " ")
        return ("an " if words[:1] in "aeiou" else "a ") + words

    def literal(self, literal: ir.Literal, binding: dict) -> str:
        """A ground literal read out: its template when there is one, else its rule syntax."""
        if isinstance(literal, ir.Lit):
            values = tuple(_value(a, binding) for a in literal.args)
            text = self.clause(literal.pred, values)
            if text is not None:
                return f"it is not the case that {text}" if literal.negated else text
        return show_literal(literal, binding)


def _value(term: ir.Term, binding: dict):
    if isinstance(term, ir.K):
        return term.value
    if isinstance(term, ir.V):
        return binding.get(term.name)
    return None


@dataclass
class Answer:
    """The short answer for one result (or for an obligation that does not apply)."""
    obligation: str
    trigger: str | None
    status: str
    text: str
    window: int | None = None   # a schedule's window, counted from 1 as everywhere it is shown
    not_counted: tuple = ()     # (event, why) for each event of the kind asked for that did not count


class Narrator:
    def __init__(self, evaluation: Evaluation):
        self.evaluation = evaluation
        self.program = evaluation.program
        self.book = Phrasebook(self.program)
        self.explainer: Explainer = explainer_for(evaluation)

    # ------------------------------------------------------------- pieces
    def trigger(self, result: ObligationResult) -> str:
        ref = result.trigger
        if ref.kind in self.evaluation.program.arities and ref.kind not in ("sentence",) and \
                not any(f.predicate == "event" and f.args[1] == ref.kind for f in self.evaluation.facts):
            text = self.book.clause(ref.kind, (ref.id, ref.date))
            return text or f"{ref.kind.replace('_', ' ')} ({ref.id}) on {long_date(ref.date)}"
        return f"{self.book.event(ref.kind)} {ref.id} on {long_date(ref.date)}"

    def what_meets(self, obligation: str) -> str:
        """What the obligation's `met by` asks for, as a noun phrase."""
        phrases = []
        for rule in self.program.rules_for("obligation_candidate"):
            if rule.origin.obligation != obligation:
                continue
            phrases.append(self._candidate_phrase(rule))
        return " or ".join(dict.fromkeys(phrases)) or "the action it asks for"

    def _candidate_phrase(self, rule: ir.Rule) -> str:
        pattern = considered.pattern_of(rule)
        if pattern is not None:   # an event kind: every filter named ("mode telephone or face to face")
            return pattern.words(self.book.event(pattern.kind))
        kind, filters = None, []
        for literal in rule.body:
            if not isinstance(literal, ir.Lit):
                continue
            if literal.pred == "event" and isinstance(literal.args[1], ir.K) and literal.args[0] == ir.V("Event__"):
                kind = literal.args[1].value
            elif literal.pred == "event_field" and literal.args[0] == ir.V("Event__") and isinstance(literal.args[1], ir.K):
                value = literal.args[2]
                field_words = _words(literal.args[1].value)
                if value == ir.V("Trigger__"):
                    filters.append(f"for this {field_words}")
                elif isinstance(value, ir.K):
                    filters.append(f"{field_words} {_words(value.value)}")
            elif literal.pred not in _PLUMBING and literal.pred not in ("obligation_applies",) and kind is None \
                    and ir.V("Event__") in literal.args:
                return self.book.clause(literal.pred, (None,) * len(literal.args)) or literal.pred.replace("_", " ")
        if kind is None:
            return "the action it asks for"
        return self.book.event(kind) + (f" ({', '.join(filters)})" if filters else "")

    def held(self, head: str, result: ObligationResult, *rest) -> list[tuple[ir.AnyRule, str]]:
        """Each rule of the obligation for `head` that holds for its trigger (head values
        obligation, trigger, *rest; None for any), with its conditions read out."""
        found = []
        for rule in self.program.rules_for(head):
            if rule.origin.obligation != result.obligation:
                continue
            values = (result.obligation, result.trigger.id, *rest)
            binding = Explainer._unify(rule.head, values + (None,) * (len(rule.head.args) - len(values)))
            if binding is None:
                continue
            solutions = self.evaluation.kb.solve([Explainer._ground(l, binding) for l in rule.body])
            if solutions:
                full = {**binding, **solutions[0]}
                found.append((rule, " and ".join(self.book.literal(l, full) for l in rule.body
                                                 if not (isinstance(l, ir.Lit) and l.pred in _PLUMBING))))
        return found

    def because(self, result: ObligationResult) -> str:
        """The conditions that made the obligation apply to this trigger, read out."""
        recurring = self.program.obligations[result.obligation].kind == "recurring"
        held = self.held("schedule_applies" if recurring else "obligation_applies", result)
        return held[0][1] if held else ""

    def deadline_reason(self, result: ObligationResult) -> str:
        """Why this deadline and not another: the `due ... if` condition that chose it, read out."""
        rows = self.evaluation.kb.query("obligation_due", result.obligation, result.trigger.id, None, None)
        if not rows:
            return ""
        held = self.held("deadline_condition", result, rows[0][2])
        return held[0][1] if held else ""

    def bank_holidays(self, start: dt.date, end: dt.date) -> str:
        """The bank holidays that moved a deadline: those on a weekday (one on a Saturday or Sunday,
        Boxing Day 2009 say, skipped nothing a weekend did not)."""
        named = [(day, name) for day, name in calendar.non_working_days_between(start, end)
                 if day.weekday() < 5]
        if not named:
            return ""
        days = ", ".join(f"{name} on {day:%a} {day.day} {day:%b %Y}" for day, name in named)
        return f", skipping the bank holiday{'s' if len(named) > 1 else ''} ({days})"

    def trigger_time(self, result: ObligationResult) -> str:
        """The trigger's recorded time of day ("23:00"), which a deadline in hours counts from."""
        rows = self.evaluation.kb.query("event_time", result.trigger.id, None)
        return clock_time(rows[0][1]) if rows else "its time"

    def deadline(self, result: ObligationResult) -> str:
        trigger = self.trigger(result)
        text = result.deadline or ""
        if text and "working day" not in text:  # calendar days, weeks and months count every day
            return f"{text} after {trigger}"
        if text in ("same day",):
            return f"on the day of {trigger}"
        if text == "same or next working day":
            return f"the same or the next working day after {trigger}{self.bank_holidays(result.trigger.date, result.due)}"
        return f"{text} after {trigger}{self.bank_holidays(result.trigger.date, result.due)}" if text else trigger

    # ------------------------------------------------------------- answers
    def answer(self, result: ObligationResult) -> Answer:
        status = result.status
        self._not_counted: list = []
        text = (self._window(result) if result.window else
                self._missing(result) if status == "missing_data" else
                self._judgement(result) if status in ("needs_judgement", "judged_met", "judged_not_met") else
                self._exception(result) if result.exception else
                self._once(result))
        return Answer(result.obligation, result.trigger.id if result.trigger else None, status, text,
                      result.window["index"] + 1 if result.window else None, tuple(self._not_counted))

    def _once(self, result: ObligationResult) -> str:
        what = self.what_meets(result.obligation)
        because = self.because(result)
        why = f" because {because}" if because else ""
        if result.due is None:
            return f"Not timed for this trigger ({result.reason or 'no deadline applies'}): {what} for {self.trigger(result)}."
        chosen = self.deadline_reason(result)
        chosen = f"; {result.deadline} because {chosen}" if chosen else ""
        by = f"{result.due_time} on {long_date(result.due)}" if result.due_time else long_date(result.due)
        clock = f" at {self.trigger_time(result)}" if result.due_time else ""
        due = f"{what} was due by {by} ({self.deadline(result)}{clock}{chosen}){why}"
        met = result.satisfied_by
        on = f"{long_date(met.date)} at {result.met_time}" if met and result.met_time else long_date(met.date) if met else ""
        others = self.not_counted(result, result.trigger.date, self.evaluation.as_of)
        if result.status == "met_on_time":
            return f"Met on time: {due}; {self.book.event(met.kind)} {met.id} on {on} met it.{others}"
        if result.status == "met_late" and result.due_time and met.date == result.due:
            return (f"Met late, after {result.due_time} on the due day: {due}; "
                    f"{self.book.event(met.kind)} {met.id} came at {result.met_time}.{others}")
        if result.status == "met_late":
            return (f"Met {plural(result.working_days_late, 'working day')} late: {due}; "
                    f"{self.book.event(met.kind)} {met.id} came on {on}.{others}")
        if result.status == "overdue":
            return (f"Overdue by {plural(result.working_days_late, 'working day')}: {due}. "
                    f"None is recorded up to {long_date(self.evaluation.as_of)}.{others}")
        if result.status == "pending":
            due = due.replace(" was due by ", " is due by ", 1)
            return f"Pending, {plural(result.working_days_remaining, 'working day')} left: {due}.{others}"
        return f"{result.status.replace('_', ' ').capitalize()}: {due}.{others}"

    def not_counted(self, result: ObligationResult, first: dt.date, last: dt.date, counted=()) -> str:
        """The events of the kinds `met by` (or `counting`) asks for, from `first` to `last`, that
        did not count, each with the condition it failed (empty when there are none)."""
        found = considered.patterns(self.program, result.obligation)
        if not found:
            return ""
        if result.window is None:   # a one-off: events before the trigger count only with 'including earlier'
            first = first if all(p.from_trigger for p in found) else dt.date.min
            counted = {r[2] for r in self.evaluation.kb.query("obligation_candidate", result.obligation,
                                                                result.trigger.id, None, None)}
        trigger = result.trigger.id if result.trigger else None
        self._not_counted = considered.not_counted(list(self.evaluation.case.events), found, trigger, first, last,
                                                   set(counted))
        return considered.sentence_of(self._not_counted, self.book.event)

    def _missing(self, result: ObligationResult) -> str:
        """Owed, but not timed: the facts its timing needs are not in the case file; say what to record."""
        info = self.program.obligations[result.obligation]
        owed = (f'the schedule "{result.title}"' if info.kind == "recurring" else
                self.what_meets(result.obligation) if info.kind != "judgement" else
                f'a judgement on "{result.title}"')
        because = self.because(result)
        applies = f"; it applies because {because}" if because else ""
        lacking = " and ".join(m.what for m in result.missing) or "a fact"
        fields = " and ".join(m.field for m in result.missing)
        record = f" Record {fields} in the case file and it will be timed." if fields else ""
        return (f"Cannot be timed: {owed} for {self.trigger(result)} ({result.standard}) needs {lacking}, "
                f"which the case file does not record{applies}.{record}")

    def _judgement(self, result: ObligationResult) -> str:
        standard = self.program.standards.get(result.standard)
        because = self.because(result)
        applies = f" It applies because {because}." if because else ""
        quote = f' The standard says: "{standard.quotes[0]}"' if standard and standard.quotes else ""
        if result.status == "needs_judgement":
            return (f"Needs a recorded judgement: {result.title} ({result.standard}) has no clock; a practitioner "
                    f"records whether it was met, with who, when and why, in the case file's judgements.{applies}{quote}")
        met = result.status == "judged_met"
        mine = [j for j in self.evaluation.case.judgements if j.standard == result.standard and j.met == met
                and j.date <= self.evaluation.as_of and j.trigger in (None, result.trigger.id)]
        record = max(mine, key=lambda j: (j.trigger is not None, j.date), default=None)
        who = f" by {record.by}" if record and record.by else ""
        when = f" on {long_date(record.date)}" if record else ""
        reason = f": {record.reason}" if record and record.reason else ""
        verdict = "Met" if result.status == "judged_met" else "Not met"
        return f"{verdict}, as judged{who}{when}{reason}.{applies}"

    def _exception(self, result: ObligationResult) -> str:
        clauses = [f"the exception in {rule.head.args[2].value if isinstance(rule.head.args[2], ir.K) else result.exception}"
                   f" overrides {result.standard}'s rule, because {read}"
                   for rule, read in self.held("obligation_excepted", result)]
        detail = "; ".join(clauses) or f"an exception per {result.exception} applies"
        return f"Does not apply to {self.trigger(result)}: {detail}."

    def _window(self, result: ObligationResult) -> str:
        window = result.window
        info = self.program.obligations[result.obligation]
        counted = info.met_by[0].split(" where ")[0] if info.met_by else "event"
        phrase = self._counted_phrase(result.obligation, counted)
        span = f"between {long_date(window['start'])} and {long_date(window['end'])}"
        if result.deadline:   # the schedule's phase in words: "at least 1 a month"
            span += f" ({result.deadline})"
        if "minutes" in window:
            done = f"{window['minutes'] / 60:g} hours of {phrase} recorded"
            need = f"at least {window['need']} hours"
        else:
            done = f"{plural(window['count'], 'counted event')} recorded"
            need = f"at least {window['need']} ({phrase})"
        ids = f" ({', '.join(window['events'])})" if window.get("events") else ""
        others = self.not_counted(result, window["start"], min(window["end"], self.evaluation.as_of),
                                  window.get("events") or ())
        if result.status == "met":
            return f"Met: {need} needed {span}; {done}{ids}.{others}"
        if result.status == "missed":
            return f"Missed: {need} needed {span}; {done}{ids}.{others}"
        left = (f", {plural(result.working_days_remaining, 'working day')} left"
                if result.working_days_remaining is not None else "")
        return f"Open until {long_date(window['end'])}{left}: {need} needed {span}; {done} so far{ids}.{others}"

    def _counted_phrase(self, obligation: str, counted: str) -> str:
        for rule in self.program.rules_for("schedule_hit"):
            if rule.origin.obligation == obligation:
                return self._candidate_phrase(ir.Rule(rule.head, tuple(
                    ir.Lit(l.pred, tuple(ir.V("Event__") if a == ir.V("Event__") else a for a in l.args), l.negated)
                    if isinstance(l, ir.Lit) else l for l in rule.body)))
        return counted.replace("_", " ")

    def not_applicable(self, info: ir.ObligationInfo) -> Answer:
        """Why an obligation has nothing to say about this case, in the rule file's words."""
        kb = self.evaluation.kb
        prefix = "schedule" if info.kind == "recurring" else "obligation"
        if not kb.query(f"{prefix}_trigger", info.id, None, None, None):
            kind = info.trigger.split(" ")[0]
            if kind in vocabulary() or kind not in self.program.arities:
                return Answer(info.id, None, "not_applicable",
                              f"Does not apply: it starts from {self.book.event(kind)}, and the case file records "
                              f"none (up to {long_date(self.evaluation.as_of)}).")
            return Answer(info.id, None, "not_applicable",
                          f"Does not apply: it starts from a derived point ({kind.replace('_', ' ')}) that this case "
                          f"does not reach (up to {long_date(self.evaluation.as_of)}).")
        head = f"{prefix}_applies"
        if info.kind == "recurring" and kb.query("schedule_applies", info.id, None, None, None):
            head = "schedule_window_applies"  # the schedule applies, but no window does
        for rule in self.program.rules_for(head):
            if rule.origin.obligation != info.id:
                continue
            binding = Explainer._unify(rule.head, (info.id,) + (None,) * (len(rule.head.args) - 1)) or {}
            body = [Explainer._ground(l, binding) for l in rule.body]
            found = first_failure(kb, body)
            if found is None:
                continue
            index, context = found
            failing = rule.body[index]
            if head == "schedule_window_applies":
                if failing == ir.Lit("schedule_window", rule.head.args):
                    return Answer(info.id, None, "not_applicable",
                                  "Does not apply yet: no window of the schedule has started by the as-of date.")
                read = self.book.literal(failing, {})
                return Answer(info.id, None, "not_applicable",
                              f"Does not apply: each window is owed only when {read}, and no window qualifies.")
            ground = Explainer._ground(failing, {**binding, **context})
            read = self.book.literal(ground, {})
            return Answer(info.id, None, "not_applicable",
                          f"Does not apply: it is owed only when {read}, and that does not hold for this case"
                          f"{self._deepest_failure(ground)}.")
        return Answer(info.id, None, "not_applicable", "Does not apply: its conditions do not hold for this case.")


    def _deepest_failure(self, literal: ir.Literal) -> str:
        """The innermost condition that failed under a derived one, with its values: " (medium in [high, ...])"."""
        if not isinstance(literal, ir.Lit) or literal.negated or literal.pred not in self.program.arities:
            return ""
        explainer = explainer_for(self.evaluation)
        explainer.why_not(literal.pred, tuple(a.value if isinstance(a, ir.K) else None for a in literal.args))
        for node, data in explainer.graph.nodes(data=True):
            if data.get("kind") == "failed":
                label = data["label"].removeprefix("condition fails: ")
                if label.endswith(BLOCKED):
                    return f" (it fails because {self._blocked_by(explainer, node, label)})"
                return f" (it fails at {label}" + (f", that is {data['values']}" if data.get("values") and
                                                  data["values"] != label else "") + ")"
        return ""


    def _blocked_by(self, explainer: Explainer, node: int, label: str) -> str:
        """What a failed negation ran into, read out from the case facts beneath it ("the case file
        records that s1 does not qualify ..."); its rule form when none of them reads out."""
        import networkx as nx  # only explanations need it; keep `nsr check` light
        facts = {show_fact(f.predicate, f.args): f for f in self.evaluation.facts}
        read = []
        for below in sorted(nx.descendants(explainer.graph, node)):
            data = explainer.graph.nodes[below]
            fact = facts.get(data["label"]) if data.get("kind") == "case_fact" else None
            text = self.book.clause(fact.predicate, fact.args) if fact else None
            if text:
                read.append(text)
        if read:
            return " and ".join(dict.fromkeys(read))
        return f"{label.removeprefix('not ').removesuffix(BLOCKED)} holds"


# ------------------------------------------------------------------ what would meet it, and turning points
@dataclass
class Explanation:
    """The short answer for one result, with what would (have) put it right and what it turns on."""
    answer: Answer
    what_would_meet: str | None = None
    turns_on: list[str] | None = None
    data: dict | None = None          # the same, as plain values for JSON


def _status_words(status: str) -> str:
    return {"not_applicable": "would not apply", "met_on_time": "would be met on time", "met_late": "would be met late",
            "overdue": "would be overdue", "pending": "would be pending"}.get(status, f"would be {status.replace('_', ' ')}")


def explanations(evaluation: Evaluation, query: str, trigger: str | None = None,
                 turning_limit: int = 6) -> list[Explanation]:
    """Answers for `query`, each with its counterfactuals, checked by re-evaluating the case."""
    from .counterfactual import turning_points, what_would_meet
    narrator = Narrator(evaluation)
    results = [r for r in evaluation.find(query) if trigger is None or (r.trigger and r.trigger.id == trigger)]
    out = []
    for result in results:
        answer = narrator.answer(result)
        data: dict = {"obligation": answer.obligation, "trigger": answer.trigger, "status": answer.status,
                      "text": answer.text, "what_would_meet": None, "turns_on": [], "window": answer.window,
                      "not_counted": [{"event": e.id, "kind": e.kind, "date": e.date.isoformat(), "why": why}
                                      for e, why in answer.not_counted]}
        explanation = Explanation(answer, data=data)
        meet = what_would_meet(evaluation, result)
        if meet is not None:
            late = "late" if meet.next_day_status == "met_late" else _status_words(meet.next_day_status)
            verb = "would have met it" if result.status in ("overdue", "met_late") else "meets it"
            explanation.what_would_meet = (
                f"{meet.action.phrase[:1].upper()}{meet.action.phrase[1:]} recorded on or before "
                f"{long_date(meet.latest)} {verb}; on {long_date(meet.next_day)} it would be {late}.")
            data["what_would_meet"] = {"action": meet.action.kind, "fields": dict(meet.action.fields),
                                       "latest": meet.latest.isoformat(), "next_day": meet.next_day.isoformat(),
                                       "next_day_status": meet.next_day_status, "text": explanation.what_would_meet}
        if result.status == "missing_data":
            data["to_record"] = [{"field": m.field, "what": m.what} for m in result.missing]
        elif not result.window and result.status != "needs_judgement":
            points = turning_points(evaluation, result, limit=turning_limit)
            explanation.turns_on = [
                f"Without {narrator.book.event(p.kind)} {p.event} of {long_date(p.date)}, this {_status_words(p.instead)}."
                for p in points]
            data["turns_on"] = [{"event": p.event, "kind": p.kind, "date": p.date.isoformat(), "instead": p.instead,
                                 "text": text} for p, text in zip(points, explanation.turns_on)]
        out.append(explanation)
    if trigger is None:
        owed = {r.obligation for r in results}
        for info in evaluation.program.obligations.values():
            if query in (info.id, info.standard, info.name) and info.id not in owed:
                answer = narrator.not_applicable(info)
                out.append(Explanation(answer, data={"obligation": answer.obligation, "trigger": None,
                                                     "status": answer.status, "text": answer.text,
                                                     "what_would_meet": None, "turns_on": []}))
    return out


def explanations_text(found: list[Explanation]) -> str:
    lines = []
    for explanation in found:
        answer = explanation.answer
        head = f"{answer.obligation}" + (f" for {answer.trigger}" if answer.trigger else "") + \
            (f" window {answer.window}" if answer.window else "") + f": {answer.status.replace('_', ' ')}"
        lines += [head, f"  {answer.text}"]
        if explanation.what_would_meet:
            lines.append(f"  What would meet it: {explanation.what_would_meet}")
        for point in explanation.turns_on or ():
            lines.append(f"  Turns on: {point}")
        lines.append("")
    return "\n".join(lines).rstrip("\n")


def not_applicable(evaluation: Evaluation) -> list[NotApplicable]:
    """Why each obligation the case does not owe does not apply: in English, as `nsr why` says it,
    and in rule form (worked out only when asked: it costs queries)."""
    narrator = Narrator(evaluation)
    out = []
    for info in evaluation.missing:
        text = narrator.not_applicable(info).text.removeprefix("Does not apply: ")
        out.append(NotApplicable(info.id, info.standard, info.title, text[:1].upper() + text[1:],
                                 not_applicable_reason(evaluation.kb, evaluation.program, info)))
    return out
