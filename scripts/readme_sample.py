"""The README's sample output: what its first command prints, at 100 columns with no colour.

    python scripts/readme_sample.py           # exit 1 and show the difference if the README is out of date
    python scripts/readme_sample.py --update  # rewrite the block under "What the first command prints:"

tests/test_readme.py runs the same check, so the sample cannot drift from the program.
"""
from __future__ import annotations

import contextlib
import difflib
import io
import os
import re
import shlex
import sys
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
LEAD = "What the first command prints:"


def first_command(readme: str) -> list[str]:
    """The arguments of the `nsr` command that ends the first shell block under "Try it"."""
    section = readme[readme.index("## Try it"):]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    command = block.strip().split("&&")[-1].strip()
    words = shlex.split(command)
    if not words[0].endswith("nsr"):
        raise SystemExit(f"README: the first command ends with {words[0]!r}, not nsr")
    return words[1:]


def printed(argv: list[str]) -> str:
    """What `nsr ARGV` prints, run here from the repository root, to a pipe 100 columns wide."""
    from policyengine.cli import main
    out = io.StringIO()
    environ = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    with mock.patch.dict(os.environ, {**environ, "COLUMNS": "100"}, clear=True), contextlib.chdir(ROOT), \
            contextlib.redirect_stdout(out):
        code = main(argv)
    if code != 0:
        raise SystemExit(f"nsr {' '.join(argv)} exited with {code}")
    return out.getvalue()


def sample_span(readme: str) -> tuple[int, int]:
    """Where the text of the sample block (between its ``` fences) starts and ends."""
    start = readme.index("```\n", readme.index(LEAD)) + len("```\n")
    return start, readme.index("```\n", start)


def updated(readme: str) -> str:
    start, end = sample_span(readme)
    return readme[:start] + printed(first_command(readme)) + readme[end:]


def main(argv: list[str]) -> int:
    readme = README.read_text(encoding="utf-8")
    new = updated(readme)
    if "--update" in argv:
        if new != readme:
            README.write_text(new, encoding="utf-8")
            print("README.md: sample output updated")
        return 0
    if new == readme:
        return 0
    sys.stdout.writelines(difflib.unified_diff(readme.splitlines(True), new.splitlines(True), "README.md",
                                               "README.md (as the program prints it)"))
    print("README.md is out of date: python scripts/readme_sample.py --update rewrites it", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
