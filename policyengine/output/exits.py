"""What `nsr` exits with, and which statuses `--fail-on` turns into a failing exit code.

0: done, nothing to report; 1: findings (lint problems, invalid case files, failed policy tests,
or a status chosen with --fail-on); 2: bad input (a file that cannot be read, an unknown edition
or obligation, a bad option), said in one line on standard error; 3: a bug in nsr itself.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Iterable, Mapping

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_BUG = 0, 1, 2, 3


class BadInput(Exception):
    """Input nsr cannot use: the message (one line, naming the file, field or option) goes to
    standard error and the exit code is 2."""


class NotFound(BadInput):
    """An edition, obligation, topic or case that is not there (the message says what is, or what
    was meant): bad input to the command line, 404 to the service."""


# --fail-on GROUP: the statuses that make `nsr check` (and `nsr caseload check`) exit 1.
# A new status that should fail a build is one more line here.
FAIL_ON: dict[str, frozenset[str]] = {
    "overdue": frozenset({"overdue"}),                               # a deadline passed, nothing met it
    "missed": frozenset({"missed"}),                                 # a schedule window ended short
    "judgement": frozenset({"needs_judgement", "judged_not_met"}),   # awaiting a judgement, or judged not met
    "missing": frozenset({"missing_data"}),                          # cannot be timed: a fact is not recorded
}


def fail_on_groups(text: str) -> list[str]:
    """`--fail-on overdue,missed` (argparse type): the groups named, each one known."""
    groups = [name for name in text.replace(",", " ").split()]
    if not groups:
        raise argparse.ArgumentTypeError(f"name a status group: {', '.join(FAIL_ON)}")
    unknown = [name for name in groups if name not in FAIL_ON]
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown status group {unknown[0]!r}; choose from {', '.join(FAIL_ON)}")
    return groups


def failing(statuses: Iterable[str] | Mapping[str, int], chosen: Iterable[Iterable[str]] | None) -> Counter:
    """How many of `statuses` (or, as a mapping, how many of each) fall in the groups chosen with
    --fail-on (given once or more), per group."""
    groups = {group for given in chosen or [] for group in given}
    counts = Counter(statuses)   # a mapping is taken as the counts themselves
    found = Counter({group: sum(counts[s] for s in FAIL_ON[group]) for group in FAIL_ON if group in groups})
    return +found


def fail_on_exit(statuses: Iterable[str] | Mapping[str, int], chosen: Iterable[Iterable[str]] | None) -> int:
    """EXIT_FINDINGS, said in one line on standard error, when a status falls in a --fail-on group."""
    found = failing(statuses, chosen)
    if not found:
        return EXIT_OK
    print("failing (--fail-on): " + ", ".join(f"{n} {group}" for group, n in found.items()), file=sys.stderr)
    return EXIT_FINDINGS
