"""Policy test outcomes for people (a pass/fail report with diffs) and for CI (JUnit XML)."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

from rich.text import Text

from ..files import open_atomically
from ..output import terminal
from ..output.terminal import Screen
from .policytest import ERROR, FAIL, PASS, Outcome

_MARK = {PASS: "ok", FAIL: "FAIL", ERROR: "ERROR"}
_STYLE = {PASS: "green", FAIL: "bold red", ERROR: "bold red"}


def text_report(outcomes: list[Outcome], verbose: bool = False, screen: Screen = Screen()) -> str:
    """A table of every test under each edition; under it, the expected-vs-actual diff of each
    failure and the message of each error (of every test with -v)."""
    rows = [[terminal.styled(_MARK[o.status], _STYLE[o.status], screen), f"{o.test.file}::{o.test.name}",
             o.edition or "", str(o.checked) if o.status == PASS else ""] for o in outcomes]
    parts: list = [terminal.table([terminal.Column("Result", no_wrap=True), terminal.Column("Test", overflow="fold"),
                                   terminal.Column("Edition", no_wrap=True),
                                   terminal.Column("Checked", no_wrap=True, justify="right")], rows, screen)]
    for outcome in outcomes:
        if outcome.status == PASS and not (verbose and outcome.details):
            continue
        parts += ["", Text.assemble(terminal.styled(_MARK[outcome.status], _STYLE[outcome.status], screen),
                                    f" {outcome.label}")]
        for detail in outcome.details:
            for line in detail.splitlines():
                parts.append(terminal.indented(line, 2 if not line.startswith(" ") else 0, 4))
    parts += ["", summary(outcomes)]
    return terminal.render(screen, *parts)


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
    with open_atomically(path, binary=True) as handle:
        ET.ElementTree(root).write(handle, encoding="utf-8", xml_declaration=True)
