"""`nsr compare STORE --editions 2015,draft.nsr`: the verdicts a draft would flip over a caseload
store, with the bulk backend, evaluating only the obligations whose rules differ.

The draft is issue 22's: 2015 with 2015.7.1's 6 working days changed to 5.  The figures are
checked against a brute-force run of both whole editions over the same store.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest

from policyengine.backends.bulk import BulkStore
from policyengine.cli import main
from policyengine.compare.impact import _verdicts, changed_obligations
from policyengine.compiler.compile import load_edition
from policyengine.resources import read_text

AS_OF = "2010-09-01"
RESPOND = """    when co_or_pss_failure(trigger) and not explained_in_advance(trigger)
    due within 6 working days"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("impact")
    draft = folder / "draft.nsr"
    draft.write_text(read_text("policies", "2015.nsr").replace(RESPOND, RESPOND.replace("6 working", "5 working")),
                     encoding="utf-8")
    assert main(["generate", "--cases", "150", "--seed", "3", "-o", str(folder / "cases.jsonl")]) == 0
    assert main(["caseload", "import", str(folder / "cases.jsonl"), "--db", str(folder / "cases.duckdb")]) == 0
    return folder


def test_only_the_changed_obligation_is_evaluated(store):
    before, after = load_edition("2015"), load_edition(str(store / "draft.nsr"))
    assert changed_obligations(before, after) == ["2015.7.1/respond"]
    assert changed_obligations(before, before) == []


def test_a_shared_rule_changed_changes_every_obligation_that_reads_it(tmp_path):
    text = read_text("policies", "2015.nsr")
    rule = "rule emergency_recall(C) if event(C, recall_decision, D) and event_field(C, emergency, true)."
    assert text.count(rule) == 1
    path = tmp_path / "d.nsr"
    path.write_text(text.replace(rule, rule.replace("true", "false")), encoding="utf-8")
    assert changed_obligations(load_edition("2015"), load_edition(str(path))) == ["2015.7.2/report"]


def test_impact_matches_both_whole_editions(store, capsys):
    code = main(["compare", str(store / "cases.duckdb"), "--editions", f"2015,{store / 'draft.nsr'}",
                 "--as-of", AS_OF, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["before"] == "2015" and data["after"] == "2015 (draft.nsr)"
    assert data["cases"] == 150 and data["changed_obligations"] == ["2015.7.1/respond"]
    # Brute force: every obligation of both whole editions, every case.
    bulk = BulkStore(store / "cases.duckdb", read_only=True)
    try:
        old = bulk.results(load_edition("2015"), dt.date.fromisoformat(AS_OF))
        new = bulk.results(load_edition(str(store / "draft.nsr")), dt.date.fromisoformat(AS_OF))
    finally:
        bulk.close()
    moves: dict[tuple[str, str, str], list[str]] = {}
    for case in sorted(old):
        a, b = _verdicts(old[case], "a"), _verdicts(new[case], "b")
        for oid in set(a) | set(b):
            move = (a.get(oid, "not owed"), b.get(oid, "not owed"))
            if move[0] != move[1]:
                moves.setdefault((oid, *move), []).append(case)
    assert moves and {key[0] for key in moves} == {"2015.7.1/respond"}
    shown = {(o["obligation"], m["before"], m["after"]): (m["cases"], m["examples"])
             for o in data["obligations"] for m in o["moves"]}
    assert shown == {key: (len(ids), ids[:5]) for key, ids in moves.items()}


def test_impact_text_and_refusals(store, capsys):
    db = str(store / "cases.duckdb")
    assert main(["compare", db, "--editions", f"2015,{store / 'draft.nsr'}", "--as-of", AS_OF]) == 0
    out = capsys.readouterr().out
    assert out.startswith("2015 → 2015 (draft.nsr) over 150 case(s), as of Wed 01 Sep 2010\n"
                          "1 obligation(s) with rules that differ (evaluated); 62 alike in both")
    assert "  2015.7.1/respond (Warning or enforcement within 6 working days): " in out
    assert main(["compare", db, "--editions", "2015", "--as-of", AS_OF]) == 2
    assert capsys.readouterr().err.strip() == (
        f"nsr compare {db}: name two editions, the published one and the draft (--editions 2015,draft.nsr)")
    with pytest.raises(SystemExit) as stopped:   # argparse: the same edition named twice
        main(["compare", db, "--editions", "2015,2015", "--as-of", AS_OF])
    assert stopped.value.code == 2
