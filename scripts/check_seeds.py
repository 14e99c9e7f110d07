"""Check the facts the tests carry from the source documents against the documents themselves.

The tests never read `../shared/seeds` (pytest reads nothing outside the repository); what they
need from it is data under `tests/data/`, each file naming its source. This script re-reads the
source documents and says whether that data still matches them. `.ci/run` runs it where the
documents are present:

    .venv/bin/python scripts/check_seeds.py [SEEDS_DIR]      (default: ../shared/seeds)
    .venv/bin/python scripts/check_seeds.py --write [SEEDS_DIR]   (rewrite the data from the source)

Exit code 0 when everything matches, 1 when something differs (each difference printed), 2 when
the documents cannot be read.
"""
from __future__ import annotations

import csv
import io
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCHEDULE_15 = ROOT / "tests" / "data" / "schedule15.csv"
GUIDE = "004_075351b6cdde1d9e.txt"   # HMI Probation, Case Assessment Guide (October 2013)
HEADER = ("# Schedule 15 to the Criminal Justice Act 2003 (specified offences), as listed in Appendix 1 of\n"
          "# HMI Probation, Inspection of Adult Offending Work - Case Assessment Guide (October 2013).\n"
          "# One row a paragraph: its number, its Part, and for an offence under a section of an Act\n"
          "# the Act and the section as the Schedule writes them (empty for common-law offences and\n"
          "# for paragraphs 64, 65 and 153, which refer to other offences). Written by\n"
          "# scripts/check_seeds.py --write; checked against the source by scripts/check_seeds.py.\n")
_ENTRY = re.compile(r"^\s*(\d+[A-F]?) (An offence|An attempt|Manslaughter|Kidnapping|False imprisonment)", re.M)
_SECTION = re.compile(r"^An offence (?:of \w+ )?under (section \S+(?: or \d+)?|article \S+|Part [IVX]+) "
                      r"of (that Act|that Order|the (.+?(?:Act|Order) \d{4}))")


def schedule_15_rows(guide_text: str) -> list[dict[str, str]]:
    """Every paragraph of the Schedule as the guide's Appendix 1 prints it."""
    part = guide_text[guide_text.index("Offences specified in Schedule 15 to the Criminal Justice Act 2003"):
                      guide_text.index("1. Commencement information")]
    starts = list(_ENTRY.finditer(part))
    rows, statute = [], ""
    for i, match in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(part)
        text = " ".join(part[match.start(2):end].split())
        number = match.group(1)
        found = _SECTION.match(text)
        section = ""
        if found:
            section = found.group(1).removeprefix("section ").removeprefix("article ")
            if found.group(3):
                statute = found.group(3)
        elif not text.startswith("An offence under"):
            statute = ""
        rows.append({"paragraph": number, "part": "1" if _number(number) <= 65 else "2",
                     "statute": statute if found else "", "section": section})
    return rows


def _number(paragraph: str) -> int:
    return int(re.match(r"\d+", paragraph).group())


def _csv(rows: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["paragraph", "part", "statute", "section"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return HEADER + out.getvalue()


def main(argv: list[str]) -> int:
    write = "--write" in argv
    args = [a for a in argv if a != "--write"]
    seeds = Path(args[0]) if args else ROOT.parent / "shared" / "seeds"
    try:
        guide = (seeds / GUIDE).read_text(encoding="utf-8")
    except OSError as error:
        print(f"{seeds / GUIDE}: cannot read: {error.strerror}", file=sys.stderr)
        return 2
    expected = _csv(schedule_15_rows(guide))
    if write:
        SCHEDULE_15.write_text(expected, encoding="utf-8")
        print(f"wrote {SCHEDULE_15.relative_to(ROOT)}")
        return 0
    held = SCHEDULE_15.read_text(encoding="utf-8") if SCHEDULE_15.is_file() else ""
    if held == expected:
        print(f"{SCHEDULE_15.relative_to(ROOT)}: matches {GUIDE} (Appendix 1)")
        return 0
    for line in sorted(set(expected.splitlines()) ^ set(held.splitlines())):
        side = "source only" if line in expected.splitlines() else "tests/data only"
        print(f"{SCHEDULE_15.relative_to(ROOT)}: {side}: {line}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
