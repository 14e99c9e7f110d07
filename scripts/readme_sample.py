"""The sample output in the README and in docs/output.md: what `nsr check` prints, at 100 columns
with no colour.

    python scripts/readme_sample.py           # exit 1 and show the difference if a sample is out of date
    python scripts/readme_sample.py --update  # rewrite the samples

The README's sample is the output of its first command (under "Try it"), in the block after "What
the first command prints:"; docs/output.md's is the block after "### Table (default)".
tests/test_readme.py runs the same check, so the samples cannot drift from the program.
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
OUTPUT_DOC = ROOT / "docs" / "output.md"
OUTPUT_LEAD = "### Table (default)"


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


def sample_span(text: str, lead: str = LEAD) -> tuple[int, int]:
    """Where the text of the sample block after `lead` (between its ``` fences) starts and ends."""
    start = text.index("```\n", text.index(lead)) + len("```\n")
    return start, text.index("```\n", start)


def updated(text: str, lead: str, argv: list[str]) -> str:
    start, end = sample_span(text, lead)
    return text[:start] + printed(argv) + text[end:]


def samples() -> list[tuple[Path, str, list[str]]]:
    """(file, the line the sample follows, the nsr arguments that print it)."""
    readme = README.read_text(encoding="utf-8")
    command = first_command(readme)
    return [(README, LEAD, command), (OUTPUT_DOC, OUTPUT_LEAD, command)]


def main(argv: list[str]) -> int:
    status = 0
    for path, lead, command in samples():
        text = path.read_text(encoding="utf-8")
        new = updated(text, lead, command)
        name = str(path.relative_to(ROOT))
        if new == text:
            continue
        if "--update" in argv:
            path.write_text(new, encoding="utf-8")
            print(f"{name}: sample output updated")
            continue
        sys.stdout.writelines(difflib.unified_diff(text.splitlines(True), new.splitlines(True), name,
                                                   f"{name} (as the program prints it)"))
        print(f"{name} is out of date: python scripts/readme_sample.py --update rewrites it", file=sys.stderr)
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
