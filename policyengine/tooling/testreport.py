"""Policy test outcomes for people (a pass/fail report with diffs) and for CI (JUnit XML)."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from .policytest import ERROR, FAIL, PASS, Outcome

_MARK = {PASS: "ok  ", FAIL: "FAIL", ERROR: "ERROR"}


def text_report(outcomes: list[Outcome], verbose: bool = False) -> str:
    """One line per test and edition; the expected-vs-actual diff under each failure."""
    lines: list[str] = []
    for outcome in outcomes:
        if outcome.status == PASS and not verbose:
            lines.append(f"ok    {outcome.label} ({outcome.checked} checked)")
            continue
        lines.append(f"{_MARK[outcome.status]:5} {outcome.label}")
        lines += [detail if detail.startswith(" ") else "  " + detail.replace("\n", "\n  ")
                  for detail in outcome.details]
    lines.append("")
    lines.append(summary(outcomes))
    return "\n".join(lines)


def summary(outcomes: list[Outcome]) -> str:
    counts = Counter(o.status for o in outcomes)
    seconds = sum(o.seconds for o in outcomes)
    parts = [f"{counts[PASS]} passed"]
    if counts[FAIL]:
        parts.append(f"{counts[FAIL]} failed")
    if counts[ERROR]:
        parts.append(f"{counts[ERROR]} error{'s' if counts[ERROR] != 1 else ''}")
    return f"{', '.join(parts)} ({len(outcomes)} test runs in {seconds:.1f} s)"


def write_junit(outcomes: list[Outcome], path: str | Path) -> None:
    """JUnit XML: one suite per test file, one case per test and edition."""
    root = ET.Element("testsuites", name="nsr test")
    suites: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        suites.setdefault(outcome.test.file, []).append(outcome)
    for file, members in suites.items():
        counts = Counter(o.status for o in members)
        suite = ET.SubElement(root, "testsuite", name=file, tests=str(len(members)), failures=str(counts[FAIL]),
                              errors=str(counts[ERROR]), time=f"{sum(o.seconds for o in members):.3f}")
        for outcome in members:
            name = outcome.test.name + (f" [{outcome.edition}]" if outcome.edition else "")
            case = ET.SubElement(suite, "testcase", classname=file, name=name, time=f"{outcome.seconds:.3f}")
            if outcome.status == FAIL:
                failure = ET.SubElement(case, "failure", message=f"{len(outcome.details)} expectation(s) not met")
                failure.text = "\n".join(outcome.details)
            elif outcome.status == ERROR:
                error = ET.SubElement(case, "error", message=outcome.details[0].splitlines()[0] if outcome.details else "")
                error.text = "\n".join(outcome.details)
    ET.indent(root)
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)
