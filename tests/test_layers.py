"""Layering (issue 22): a policy file that extends an edition, adding, overriding and withdrawing
named standards, each change citing the local document and giving a reason.

The case is examples/enforcement.yaml: failure to comply ftc1 on Thu 7 Feb 2008 (no explanation),
warning w1 on Fri 15 Feb.  2015.7.1/respond counts working days from the failure's day (day 0),
with no bank holiday in the range (the next is Good Friday, 21 Mar 2008): Fri 8 (1), Mon 11 (2),
Tue 12 (3), Wed 13 (4), Thu 14 (5), Fri 15 (6).  Under 2015's 6 working days the warning is on time
(due Fri 15 Feb); under a layer's 5 it is one working day late (due Thu 14 Feb).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policyengine.backends.bulk import BulkStore
from policyengine.cases.load import load_case
from policyengine.compiler.compile import load_edition
from policyengine.evaluate import evaluate
from policyengine.language.errors import PolicyError
from policyengine.resources import read_text
from test_bulk_backend import _examples, _normalised

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2016, 6, 1)
HEADER = '''edition "nw-2015" extends "{base}" {{
  title "North West on 2015"
  publisher "North West Division (test)"
  in force from 2016-04-01
}}
'''
OVERRIDE = '''
override standard "2015.7.1" {
  per "North West Practice Direction 3/2016, paragraph 2"
  because "The division answers a failure to comply within 5 working days"
  title "Warning or enforcement within 5 working days (North West)"
  quote "A warning is issued or enforcement action is taken within 5 working days of the failure."
  obligation respond "Warning or enforcement within 5 working days" {
    after failure_to_comply
    when co_or_pss_failure(trigger) and not explained_in_advance(trigger)
    due within 5 working days
    met by warning where failure = trigger
    met by enforcement_initiated where failure = trigger
    unless acceptable_explanation(trigger) per "2015.7.1"
  }
}
'''
WITHDRAW = '''
withdraw standard "2015.7.1" {
  per "North West Practice Direction 3/2016, paragraph 5"
  because "Failures to comply are answered by the division's compliance panel"
}
'''
ADDED = '''
standard "NW.1" {
  title "Home visit within 5 working days of release (high RoSH)"
  quote "A home visit is undertaken within 5 working days of release."
  obligation home_visit {
    after release where on = licence
    when high_rosh_at(trigger_date)
    due within 5 working days
    met by home_visit
  }
}
'''


def _layer(folder: Path, body: str, base: str = "2015", name: str = "nw.nsr") -> Path:
    path = folder / name
    path.write_text(HEADER.format(base=base) + body, encoding="utf-8")
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(PolicyError) as caught:
        load_edition(str(path))
    return [d.describe() for d in caught.value.diagnostics]


def _respond(program, engine: str = "plain"):
    case = load_case(ROOT / "examples" / "enforcement.yaml")
    results = [r for r in evaluate(program, case, AS_OF, engine=engine).results
               if r.obligation == "2015.7.1/respond" and r.trigger.id == "ftc1"]
    return results


# ------------------------------------------------------------------ checks
def test_an_unknown_base_is_refused_where_it_is_named(tmp_path):
    path = _layer(tmp_path, ADDED, base="2051")
    (problem,) = _problems(path)
    assert problem.startswith(f"{path}:1:27: unknown base edition '2051' (found '2051'); expected one of 2007, "
                              "2011, 2015, or a path to a .nsr file from this file's folder")
    assert problem.endswith("did you mean '2015'?")


def test_a_base_file_is_found_from_the_layer_files_folder(tmp_path, monkeypatch):
    (tmp_path / "sub").mkdir()
    base = read_text("policies", "2015.nsr").replace('edition "2015"', 'edition "base-2015"', 1)
    (tmp_path / "sub" / "base.nsr").write_text(base, encoding="utf-8")
    path = _layer(tmp_path / "sub", ADDED, base="base.nsr")
    monkeypatch.chdir(tmp_path)   # not the layer's folder
    program = load_edition(str(path))
    assert program.base == "base-2015"
    assert (program.standards["NW.1"].layer, program.standards["2015.7.1"].layer) == ("nw-2015", "base-2015")
    missing = _layer(tmp_path, ADDED, base="nowhere.nsr", name="other.nsr")
    (problem,) = _problems(missing)
    assert problem.startswith(f"{missing}:1:27: cannot read the base file 'nowhere.nsr' (No such file")


def test_override_and_withdraw_of_a_standard_the_base_does_not_have(tmp_path):
    path = _layer(tmp_path, OVERRIDE.replace('"2015.7.1" {', '"2015.7.10" {', 1)
                  + WITHDRAW.replace("2015.7.1", "2015.77.1"))
    problems = _problems(path)
    assert problems == [
        f"{path}:7:19: override standard '2015.7.10': the base '2015' has no such standard (found '2015.7.10'); "
        "expected a standard id of 2015; did you mean '2015.7.1'?",
        f"{path}:22:19: withdraw standard '2015.77.1': the base '2015' has no such standard (found '2015.77.1'); "
        "expected a standard id of 2015; did you mean '2015.7.1'?"]


def test_a_standard_from_an_imported_library_is_not_the_layers_to_change(tmp_path):
    path = _layer(tmp_path, WITHDRAW.replace("2015.7.1", "B.4.1.20"))
    assert _problems(path) == [
        f"{path}:7:19: withdraw standard 'B.4.1.20': it comes from the library 'mappa', which '2015' imports; "
        "a layer can withdraw only the standards written in its base (found 'B.4.1.20'); "
        "expected a standard id of 2015"]


def test_withdrawing_a_standard_takes_its_rules_explanations_with_it(tmp_path):
    # 2007's 2e.9 defines mappa_sentence_completed, whose `explain` sits outside the standard.
    path = tmp_path / "w.nsr"
    path.write_text(HEADER.replace("2016-04-01", "2008-01-01").format(base="2007")
                    + WITHDRAW.replace("2015.7.1", "2e.9"), encoding="utf-8")
    program = load_edition(str(path))
    assert "2e.9" not in program.standards and len(program.standards) == len(load_edition("2007").standards) - 1


def test_a_kept_rule_that_reads_a_withdrawn_standards_rule_is_refused_at_the_withdrawal(tmp_path):
    base = tmp_path / "base.nsr"
    base.write_text(HEADER.format(base="2015") + '''
standard "NW.2" {
  title "A local duty with a rule of its own"
  quote "x"
  rule recalled_sentence(S) if event(R, recall, D) and event_sentence(R, S).
}

rule recall_follow_up(S) if recalled_sentence(S).
''', encoding="utf-8")
    top = tmp_path / "top.nsr"
    top.write_text(HEADER.replace("nw-2015", "nw-top").format(base="base.nsr") + WITHDRAW.replace("2015.7.1", "NW.2"),
                   encoding="utf-8")
    assert _problems(top) == [
        f"{top}:7:19: standard 'NW.2' defines recalled_sentence/1, which nw-2015's rule recall_follow_up at "
        f"{base}:13:1 still reads; restate the definition of recalled_sentence in the layer"]


def test_an_added_standard_with_a_base_id_says_to_use_override(tmp_path):
    path = _layer(tmp_path, ADDED.replace('"NW.1"', '"2015.7.1"'))
    (problem,) = _problems(path)
    assert problem == (f"{path}:7:10: standard '2015.7.1' is already in the base '2015' (found '2015.7.1'); "
                       "expected a new id for an added standard; to replace 2015's standard write "
                       "'override standard \"2015.7.1\"' with per \"...\" and because \"...\"")


def test_a_change_without_a_citation_or_a_reason_is_refused(tmp_path):
    body = OVERRIDE.replace('  per "North West Practice Direction 3/2016, paragraph 2"\n', "")
    body += WITHDRAW.replace("2015.7.1", "2015.8.2").replace(
        '  because "Failures to comply are answered by the division\'s compliance panel"\n', "")
    path = _layer(tmp_path, body)
    assert _problems(path) == [
        f"{path}:7:19: override standard '2015.7.1' does not cite the local document that makes the change; "
        'expected per "the document and paragraph", e.g. per "Practice Direction 3/2016, para 4"',
        f"{path}:21:19: withdraw standard '2015.8.2' gives no reason; expected because \"why the local rule differs\""]


def test_a_change_in_a_file_that_extends_nothing_is_refused(tmp_path):
    path = tmp_path / "plain.nsr"
    path.write_text(HEADER.format(base="2015").replace(' extends "2015"', "") + WITHDRAW, encoding="utf-8")
    (problem,) = _problems(path)
    assert problem.startswith(f"{path}:7:19: withdraw standard '2015.7.1' changes a base edition, but this file "
                              "extends none; expected a header such as edition \"north-west-2015\" extends")


def test_a_cycle_of_extends_is_refused(tmp_path):
    _layer(tmp_path, ADDED, base="b.nsr", name="a.nsr")
    b = _layer(tmp_path, ADDED.replace("NW.1", "NW.2"), base="a.nsr", name="b.nsr")
    (problem,) = _problems(b)
    assert problem.startswith(f"{tmp_path / 'a.nsr'}:1:27: edition 'nw-2015' extends 'b.nsr', which leads back to "
                              "this file: a cycle of extends")


# ------------------------------------------------------------------ compiled
def test_an_override_changes_the_deadline(tmp_path):
    program = load_edition(str(_layer(tmp_path, OVERRIDE)))
    (base,) = _respond(load_edition("2015"))
    (layered,) = _respond(program)
    assert (base.due, base.status) == (dt.date(2008, 2, 15), "met_on_time")
    assert (layered.due, layered.status) == (dt.date(2008, 2, 14), "met_late")
    assert program.obligations["2015.7.1/respond"].layer == "nw-2015"
    assert "2015.7.1/breach" not in program.obligations   # the override replaces the whole standard
    assert program.obligations["2015.7.2/decision"].layer == "2015"
    assert [(c.action, c.standard, c.layer) for c in program.changes] == [("overridden", "2015.7.1", "nw-2015")]


def test_a_withdrawn_standard_owes_nothing(tmp_path):
    program = load_edition(str(_layer(tmp_path, WITHDRAW + ADDED)))
    assert "2015.7.1" not in program.standards and "2015.7.1/respond" not in program.obligations
    assert _respond(program) == []
    assert [(c.action, c.standard, c.per) for c in program.changes] == [
        ("withdrawn", "2015.7.1", "North West Practice Direction 3/2016, paragraph 5"), ("added", "NW.1", "")]
    assert len(program.standards) == len(load_edition("2015").standards)   # one withdrawn, one added


def test_a_policy_test_can_say_a_withdrawn_standard_does_not_apply(tmp_path):
    from policyengine.tooling.policytest import FAIL, PASS, run_paths
    layer = _layer(tmp_path, WITHDRAW + ADDED)
    case = ROOT / "examples" / "enforcement.yaml"
    tests = tmp_path / "nw.yaml"
    tests.write_text(f"""tests:
  - name: the compliance panel answers failures
    case: {case}
    as_of: 2016-06-01
    editions:
      "2015":
        expect:
          - obligation: 2015.7.1/respond
            trigger: ftc1
            status: met_on_time
      {layer}:
        does_not_apply: [2015.7.1, 2015.7.1/respond]
  - name: expecting a withdrawn standard fails, naming the layer
    case: {case}
    as_of: 2016-06-01
    edition: {layer}
    expect:
      - obligation: 2015.7.1/respond
        trigger: ftc1
        status: met_on_time
""", encoding="utf-8")
    outcomes = run_paths([str(tests)])
    assert [o.status for o in outcomes] == [PASS, PASS, FAIL]
    assert outcomes[2].details == [
        "  tests[1].expect[0]: expected a result for 2015.7.1/respond for ftc1, but the layer nw-2015 withdraws "
        "standard 2015.7.1 (per North West Practice Direction 3/2016, paragraph 5): it owes nothing"]


@pytest.mark.parametrize("body", [OVERRIDE, WITHDRAW + ADDED])
def test_the_three_backends_agree_on_a_layer(tmp_path, body):
    program = load_edition(str(_layer(tmp_path, body)))
    cases = _examples()
    store = BulkStore()
    store.add_cases(cases)
    bulk = store.results(program, AS_OF)
    for case in cases:
        reference = _normalised(evaluate(program, case, AS_OF, engine="pydatalog").results)
        assert _normalised(evaluate(program, case, AS_OF, engine="plain").results) == reference, case.id
        assert _normalised(bulk[case.id]) == reference, case.id


def test_the_base_text_is_part_of_the_compiled_policys_identity(tmp_path):
    """A layer on a file compiled again after its base changed: the base's change is seen."""
    base = tmp_path / "base.nsr"
    text = read_text("policies", "2015.nsr").replace('edition "2015"', 'edition "base-2015"', 1)
    base.write_text(text, encoding="utf-8")
    layer = _layer(tmp_path, ADDED, base="base.nsr")
    (before,) = _respond(load_edition(str(layer)))
    respond = "not explained_in_advance(trigger)\n    due within 6 working days"
    assert text.count(respond) == 1
    base.write_text(text.replace(respond, respond.replace("6 working", "5 working")), encoding="utf-8")
    (after,) = _respond(load_edition(str(layer)))
    assert (before.due, after.due) == (dt.date(2008, 2, 15), dt.date(2008, 2, 14))


def test_lint_checks_a_layer_with_its_base(tmp_path, capsys):
    from policyengine.cli import main
    good = _layer(tmp_path, OVERRIDE + ADDED)
    assert main(["lint", str(good)]) == 0
    assert capsys.readouterr().out.strip() == f"{good}: ok"
    bad = _layer(tmp_path, WITHDRAW.replace("2015.7.1", "2015.7.9"), name="bad.nsr")
    assert main(["lint", str(bad)]) == 1
    assert f"{bad}:7:19: withdraw standard '2015.7.9': the base '2015' has no such standard" in capsys.readouterr().out


# ------------------------------------------------------------------ shown
def test_diff_of_a_layer_lists_exactly_its_changes(tmp_path, capsys):
    import json
    from policyengine.cli import main
    path = _layer(tmp_path, OVERRIDE + WITHDRAW.replace("2015.7.1", "2015.8.2") + ADDED)
    assert main(["diff", "2015", str(path), "--format", "json"]) == 0
    (diff,) = json.loads(capsys.readouterr().out)["diffs"]
    assert [(c["change"], c["standard"], c["per"], c["because"]) for c in diff["local_changes"]] == [
        ("overridden", "2015.7.1", "North West Practice Direction 3/2016, paragraph 2",
         "The division answers a failure to comply within 5 working days"),
        ("withdrawn", "2015.8.2", "North West Practice Direction 3/2016, paragraph 5",
         "Failures to comply are answered by the division's compliance panel"),
        ("added", "NW.1", None, None)]
    assert diff["local_changes"][0]["at"] == f"{path}:7:19"
    assert main(["diff", "2015", str(path)]) == 0
    text = capsys.readouterr().out
    assert text.startswith("2015 → nw-2015: a layer on 2015 with 3 local changes (1 overridden, 1 withdrawn, "
                           "1 added); topics:")
    assert "  overridden  2015.7.1  Warning or enforcement within 5 working days (North West)\n" in text
    assert "              per: North West Practice Direction 3/2016, paragraph 2\n" in text
    assert "  added       NW.1      Home visit within 5 working days of release (high RoSH)\n" in text
    assert "only in 2015: 2015.8.2/referred" in text
    assert main(["diff", "2015", str(path), "--format", "html"]) == 0
    page = capsys.readouterr().out
    table = page.split("<h3>Local changes</h3>", 1)[1].split("</table>", 1)[0]
    assert [row.count("<td") for row in table.split("<tr>")[2:]] == [4, 4, 4]
    assert '<span class="status tone-bad">withdrawn</span></td>\n<td data-label="Standard"><code>2015.8.2</code>' in table
    assert "division&#39;s compliance panel" in table   # escaped
    # An edition's diff is unchanged: no local changes, no layer in the summary.
    assert main(["diff", "2011", "2015", "--format", "json"]) == 0
    assert "local_changes" not in json.loads(capsys.readouterr().out)["diffs"][0]
    assert main(["diff", "2011", "2015", "--format", "html"]) == 0
    assert "Local changes" not in capsys.readouterr().out


def test_check_standards_and_why_name_the_layer(tmp_path, capsys):
    import json
    from policyengine.cli import main
    path = str(_layer(tmp_path, OVERRIDE + ADDED))
    case = str(ROOT / "examples" / "enforcement.yaml")
    assert main(["check", case, "--edition", path, "--as-of", "2016-06-01", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["base"] == "2015"
    layers = {(o["obligation"], o["layer"]) for o in data["obligations"]}
    assert ("2015.7.1/respond", "nw-2015") in layers and ("2015.5.1/first_appointment", "2015") in layers
    main(["check", case, "--edition", path, "--as-of", "2016-06-01"])
    text = capsys.readouterr().out
    assert text.startswith("Case CRN-E500005 under the nw-2015 edition (North West on 2015), a layer on 2015,")
    assert "Layer" in text and "nw-2015  2015.7.1" in text
    main(["standards", path, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert data["base"] == "2015" and [c["change"] for c in data["changes"]] == ["overridden", "added"]
    assert {s["id"]: s["layer"] for s in data["standards"]}["NW.1"] == "nw-2015"
    main(["why", case, "2015.7.1/respond", "--trigger", "ftc1", "--edition", path, "--as-of", "2016-06-01"])
    assert " ".join(capsys.readouterr().out.split()).startswith(
        "From the layer nw-2015, which overrides 2015.7.1 per North West Practice Direction 3/2016, paragraph 2: "
        "The division answers a failure to comply within 5 working days.")
    main(["why", case, "2015.7.1/respond", "--trigger", "ftc1", "--edition", path, "--as-of", "2016-06-01",
          "--format", "json"])
    assert json.loads(capsys.readouterr().out)["layer"] == {
        "layer": "nw-2015", "change": "overridden", "per": "North West Practice Direction 3/2016, paragraph 2",
        "because": "The division answers a failure to comply within 5 working days"}
    # An edition's outputs say nothing of layers.
    main(["check", case, "--edition", "2015", "--as-of", "2016-06-01", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert "base" not in data and all("layer" not in o for o in data["obligations"])
