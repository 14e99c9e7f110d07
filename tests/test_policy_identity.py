"""A policy is its name and its text: a copy of an installed edition that keeps its header is told
apart from it in every command (issue 22's silent wrong answer).

The copy: 2015 with 2015.7.1's 6 working days for a warning or enforcement changed to 5.  The case
is examples/enforcement.yaml: failure ftc1 on Thu 7 Feb 2008 (no explanation), warning w1 on Fri
15 Feb.  Counting from day 0 (no bank holiday between): Fri 8 (1), Mon 11 (2), Tue 12 (3), Wed 13 (4),
Thu 14 (5), Fri 15 (6).  So the warning is on time under 6 working days (due Fri 15 Feb) and one
working day late under 5 (due Thu 14 Feb).
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from policyengine.cli import main
from policyengine.compiler.compile import load_edition
from policyengine.resources import read_text

ROOT = Path(__file__).resolve().parent.parent
RESPOND = """    when co_or_pss_failure(trigger) and not explained_in_advance(trigger)
    due within 6 working days"""


def _copy_of_2015(folder: Path, name: str = "my2015.nsr", header: str | None = None) -> Path:
    text = read_text("policies", "2015.nsr")
    assert text.count(RESPOND) == 1
    text = text.replace(RESPOND, RESPOND.replace("6 working days", "5 working days"))
    if header:
        text = text.replace('edition "2015"', f'edition "{header}"', 1)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def cases(tmp_path):
    folder = tmp_path / "cases"
    folder.mkdir()
    shutil.copy(ROOT / "examples" / "enforcement.yaml", folder)
    return folder


def test_compare_tells_a_copy_from_the_edition_it_copies(tmp_path, cases, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _copy_of_2015(tmp_path)
    code = main(["compare", str(cases), "--editions", "2015,my2015.nsr", "--as-of", "2016-06-01",
                 "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    assert code == 0
    assert out["editions"] == ["2015", "2015 (my2015.nsr)"]
    warnings = next(t for t in out["topics"] if t["topic"] == "warnings")
    assert (warnings["before"], warnings["after"], warnings["flips"]) == ("2015", "2015 (my2015.nsr)", 1)
    assert [(c["case"], c["before"], c["after"]) for c in warnings["cases"]] == [("CRN-E500005", "met", "breached")]


def test_compare_one_case_shows_both_columns_and_the_flip(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _copy_of_2015(tmp_path)
    main(["compare", str(ROOT / "examples" / "enforcement.yaml"), "--editions", "2015,my2015.nsr",
          "--as-of", "2016-06-01", "--format", "json"])
    out = json.loads(capsys.readouterr().out)
    warnings = next(t for t in out["topics"] if t["topic"] == "warnings")
    cells = warnings["cells"]
    assert warnings["differs"] and set(cells) == {"2015", "2015 (my2015.nsr)"}
    ftc1 = {name: next(r for r in cell["obligations"] if r["obligation"] == "2015.7.1/respond"
                       and r["trigger"]["id"] == "ftc1") for name, cell in cells.items()}
    assert (ftc1["2015"]["due"], ftc1["2015"]["status"]) == ("2008-02-15", "met_on_time")
    assert (ftc1["2015 (my2015.nsr)"]["due"], ftc1["2015 (my2015.nsr)"]["status"]) == ("2008-02-14", "met_late")


def test_the_label_is_used_by_every_command(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _copy_of_2015(tmp_path)
    case = str(ROOT / "examples" / "enforcement.yaml")
    main(["diff", "2015", "my2015.nsr"])
    assert "2015 → 2015 (my2015.nsr)" in capsys.readouterr().out
    main(["check", case, "--edition", "my2015.nsr", "--as-of", "2016-06-01", "--format", "json"])
    assert json.loads(capsys.readouterr().out)["edition"] == "2015 (my2015.nsr)"
    main(["why", case, "2015.7.1/respond", "--trigger", "ftc1", "--edition", "my2015.nsr", "--as-of", "2016-06-01",
          "--format", "json"])
    assert json.loads(capsys.readouterr().out)["edition"] == "2015 (my2015.nsr)"
    main(["standards", "my2015.nsr"])
    assert "2015 (my2015.nsr)" in capsys.readouterr().out
    assert load_edition("2015").edition.name == "2015"


def test_an_unchanged_copy_is_the_same_policy(tmp_path, capsys):
    copy = tmp_path / "2015.nsr"
    copy.write_text(read_text("policies", "2015.nsr"), encoding="utf-8")
    assert load_edition(str(copy)).edition.name == "2015"
    assert main(["diff", "2015", str(copy)]) == 2
    assert capsys.readouterr().err.strip() == "nsr diff: edition '2015' is named twice"


def test_two_files_of_one_name_are_refused_in_one_line(tmp_path, capsys):
    one = _copy_of_2015(tmp_path, "a.nsr", header="draft")
    other = tmp_path / "b.nsr"
    other.write_text(one.read_text(encoding="utf-8") + "\n# another draft\n", encoding="utf-8")
    assert main(["diff", str(one), str(other)]) == 2
    err = capsys.readouterr().err
    assert err == f"nsr diff: {one} and {other} are both edition 'draft': give one of them another name in " \
                  "its edition \"...\" header\n"
    assert main(["compare", str(ROOT / "examples" / "enforcement.yaml"), "--editions", f"{one},{other}",
                 "--as-of", "2016-06-01"]) == 2
    assert "are both edition 'draft'" in capsys.readouterr().err
