"""A second policy family: the MoJ tier calculation (hmpps-tier) as rule files of their own kind.

The service's own test cases, converted by scripts/convert_hmpps_tier_cases.py into
policies/hmpps-tier/tests/, all pass; every case is converted or listed with its reason.  The
three backends (plain, pyDatalog, bulk DuckDB) give the same results for every converted case.
The band edges are checked by hand from the code (RsrThresholds.kt, ReoffendingPredictorTable.kt),
so exact decimals are what decides them, never binary floating point.
"""
from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from policyengine.backends.bulk_results import ResultStore
from policyengine.calculate import calculate, row_text
from policyengine.cases.inputs import input_case_from_data
from policyengine.cases.load import CaseError
from policyengine.cli import main
from policyengine.compiler.compile import load_edition
from policyengine.tooling.policytest import PASS, run_paths
from policyengine.tooling.testfile import load_test_file

ROOT = Path(__file__).resolve().parent.parent
FAMILY = ROOT / "policies" / "hmpps-tier"
TESTS = FAMILY / "tests"
AS_OF = dt.date(2026, 8, 17)
V2, V3 = "hmpps-tier/v2", "hmpps-tier/v3-2026-06-18"


def case(inputs: dict, name: str = "c") -> dict:
    return {"id": name, "kind": "hmpps_tier", "inputs": inputs}


def results(edition: str, inputs: dict, engine: str = "plain") -> dict[str, list[str]]:
    program = load_edition(edition)
    calculation = calculate(program, input_case_from_data(case(inputs), "test", program), AS_OF, engine)
    return {name: [row_text(row) for row in rows] for name, rows in calculation.values.items()}


def bulk(edition: str, cases: list[dict]) -> dict[str, dict[str, list[str]]]:
    program = load_edition(edition)
    store = ResultStore(program)
    store.add_cases((c["id"], list(input_case_from_data(c, "test", program).facts)) for c in cases)
    out = store.results(AS_OF)
    store.close()
    return {cid: {r.pred: sorted(row_text(row) for row in rows.get(r.pred, [])) for r in program.results}
            for cid, rows in out.items()}


# ------------------------------------------------------------------ the service's own tests
def test_every_converted_case_passes():
    outcomes = run_paths([str(TESTS)])
    failed = [(o.label, o.details) for o in outcomes if o.status != PASS]
    assert not failed, failed[:3]
    assert len(outcomes) >= 210


def test_every_case_is_converted_or_listed_with_a_reason():
    listed = yaml.safe_load((FAMILY / "not-converted.yaml").read_text(encoding="utf-8"))
    ids = {t["name"].split(":")[0] for path in TESTS.glob("*.yaml") for t in yaml.safe_load(path.read_text())["tests"]}
    assert len(ids) == listed["converted"]
    assert listed["converted"] + len(listed["not_converted"]) == listed["cases"] == 217
    assert all(item["reason"] for item in listed["not_converted"])
    assert not ids & {item["id"] for item in listed["not_converted"]}


def _converted_cases(edition: str) -> list[dict]:
    found = {}
    for path in sorted(TESTS.glob("*.yaml")):
        for test in load_test_file(path):
            if test.editions[0].edition == edition:
                found[test.case["id"] + "/" + test.name] = {**test.case, "id": test.case["id"] + "/" + test.name}
    return list(found.values())


@pytest.mark.parametrize("edition", [V2, V3])
def test_the_three_backends_agree_on_every_converted_case(edition):
    cases = _converted_cases(edition)
    assert len(cases) > 50
    program = load_edition(edition)
    in_bulk = bulk(edition, cases)
    for data in cases:
        parsed = input_case_from_data(data, "test", program)
        plain = calculate(program, parsed, AS_OF, "plain").values
        reference = calculate(program, parsed, AS_OF, "pydatalog").values
        assert plain == reference, data["id"]
        assert {k: sorted(map(row_text, v)) for k, v in plain.items()} == in_bulk[data["id"]], data["id"]


# ------------------------------------------------------------------ exact decimals at the band edges
@pytest.mark.parametrize("rsr, points", [
    ("2.99", "0"), ("3.00", "10"), ("6.99", "10"),
    ("6.995", "0"),     # between the bands: BigDecimal(6.99) < 6.995 < 7.00
    ("7.00", "20"), ("99.98", "20"),
    ("99.99", "0"),     # BigDecimal(99.99) is 99.98999...: the code's upper bound excludes 99.99
    ("999.99", "0"),
])
def test_rsr_band_edges_are_exact(rsr, points):
    inputs = {"rsr": rsr, "gender": "male"}
    for engine in ("plain", "pydatalog"):
        assert results(V2, inputs, engine)["protect_points"] == [points]
    assert bulk(V2, [case(inputs)])["c"]["protect_points"] == [points]


@pytest.mark.parametrize("csrp, arp, tier", [
    ("6.9", "90", "A"), ("6.89", "90", "A"),   # 6.89 is in the 3.0 row: still A at ARP 90
    ("6.89", "75", "B"), ("6.9", "75", "A"),
    ("0.49", "14.99", "G"), ("0.5", "15", "F"), ("2.99", "49.99", "E"), ("3.0", "50", "C"),
])
def test_table_1_edges_are_exact(csrp, arp, tier):
    inputs = {"active_event": True, "arp": {"score": arp, "type": "dynamic"},
              "csrp": {"score": csrp, "type": "dynamic"}, "rosh": "low"}
    for engine in ("plain", "pydatalog"):
        assert results(V3, inputs, engine)["tier"] == [tier]
    assert bulk(V3, [case(inputs)])["c"]["tier"] == [tier]


def test_a_decimal_is_never_a_float(tmp_path):
    program = load_edition(V3)
    parsed = input_case_from_data(case({"arp": {"score": 0.1, "type": "dynamic"}}), "test", program)
    (score, kind), = [args for name, args in parsed.facts if name == "arp"]
    assert type(score) is Decimal and score == Decimal("0.1")


# ------------------------------------------------------------------ min and max
POLICY = """edition "toy" {
  in force from 2026-01-01
}

kind toy_scores

input score(name: name, value: decimal) "a named score"
result lowest(V) "Lowest"
result highest(V) "Highest"
result total(V) "Total"
rule lowest(V) if as_of(D) and V = min(S for each N where score(N, S)).
rule highest(V) if as_of(D) and V = max(S for each N where score(N, S)).
rule total(V) if as_of(D) and V = sum(S for each N where score(N, S)).
"""


def test_min_max_and_sum_agree_in_every_backend(tmp_path):
    path = tmp_path / "toy.nsr"
    path.write_text(POLICY, encoding="utf-8")
    program = load_edition(str(path))
    data = {"id": "t", "kind": "toy_scores", "inputs": {"score": [
        {"name": "a", "value": "0.1"}, {"name": "b", "value": "0.2"}, {"name": "c", "value": "-1.25"}]}}
    empty = {"id": "e", "kind": "toy_scores", "inputs": {}}
    for engine in ("plain", "pydatalog"):
        got = calculate(program, input_case_from_data(data, "t", program), AS_OF, engine).values
        assert {k: [row_text(r) for r in v] for k, v in got.items()} == {
            "lowest": ["-1.25"], "highest": ["0.2"], "total": ["-0.95"]}   # 0.1 + 0.2 exactly 0.3, less 1.25
        none = calculate(program, input_case_from_data(empty, "e", program), AS_OF, engine).values
        assert none == {"lowest": [], "highest": [], "total": [(0,)]}   # no least or greatest of nothing
    store = ResultStore(program)
    store.add_cases([(c["id"], list(input_case_from_data(c, "t", program).facts)) for c in (data, empty)])
    got = store.results(AS_OF)
    assert [row_text(r) for r in got["t"]["total"]] == ["-0.95"]
    assert [row_text(r) for r in got["t"]["lowest"]] == ["-1.25"]
    assert "lowest" not in got["e"] and got["e"]["total"] == [(0,)]   # a decimal 0 there, equal to the others' 0


# ------------------------------------------------------------------ kinds and vocabularies
def test_a_file_of_its_own_kind_does_not_load_the_prelude(tmp_path, capsys):
    path = tmp_path / "bad.nsr"
    path.write_text(POLICY + "rule uses_prelude(T) if tier_at(2026-01-01, T).\n", encoding="utf-8")
    assert main(["lint", str(path)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:14:25: undefined predicate tier_at/2" in out


def test_an_obligation_in_a_file_of_its_own_kind_is_an_error(tmp_path, capsys):
    path = tmp_path / "bad.nsr"
    path.write_text(POLICY + 'standard "x" {\n  title "x"\n  section "a/B.kt @ affac98"\n'
                    "  obligation o {\n    after sentence\n    due within 5 days\n    met by contact\n  }\n}\n")
    assert main(["lint", str(path)]) == 1
    assert "obligations belong to National Standards editions" in capsys.readouterr().out


def test_a_standard_of_its_own_kind_cites_file_and_commit(tmp_path, capsys):
    path = tmp_path / "bad.nsr"
    path.write_text(POLICY + 'standard "x" {\n  title "x"\n  rule r(1) if as_of(D).\n}\n')
    assert main(["lint", str(path)]) == 1
    assert "does not cite the file and commit it encodes" in capsys.readouterr().out


@pytest.mark.parametrize("inputs, message", [
    ({"rsr": "high"}, "inputs.rsr: expected a decimal number, got 'high'"),
    ({"rosh": "hihg"}, "inputs.rosh: 'hihg' is not allowed; expected one of very_high, high, medium, low; did you mean 'high'?"),
    ({"need": [{"section": "attitudes"}]}, "inputs.need[0].severity: missing: one of no_need, standard, severe"),
    ({"rsrr": 1}, "inputs.rsrr: unknown input; did you mean 'rsr'?"),
    ({"mappa_level": 4}, "inputs.mappa_level: 4 is not allowed; expected one of 1, 2, 3"),
    ({"rsr": "1.0000001"}, "inputs.rsr: 1.0000001 has more than 6 decimal places"),
])
def test_case_files_are_checked_against_the_vocabulary_with_field_paths(inputs, message):
    program = load_edition(V2)
    with pytest.raises(CaseError) as error:
        input_case_from_data(case(inputs), "c.yaml", program)
    assert f"c.yaml: {message}" in str(error.value).splitlines()


def test_a_case_of_another_kind_is_refused():
    program = load_edition(V2)
    with pytest.raises(CaseError) as error:
        input_case_from_data({"id": "x", "kind": "national_standards", "inputs": {}}, "c.yaml", program)
    assert "c.yaml: kind: expected 'hmpps_tier'" in str(error.value)


# ------------------------------------------------------------------ check, test
EXAMPLE = """id: example
kind: hmpps_tier
as_of: 2026-08-17
inputs:
  active_event: true
  arp: {score: 55.2, type: dynamic}
  csrp: {score: 3.8, type: static}
  rosh: high
  mappa_category: 2
"""


def test_check_reports_declared_results_as_a_table_and_json(tmp_path, capsys):
    path = tmp_path / "c.yaml"
    path.write_text(EXAMPLE, encoding="utf-8")
    assert main(["check", str(path), "--edition", V3]) == 0
    out = capsys.readouterr().out
    assert "Tier         C      Tier C" in out
    assert "Provisional  true   the tier is provisional" in out
    assert main(["check", str(path), "--edition", V3, "--format", "json", "--engine", "pydatalog"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["results"][0] == {"result": "tier", "title": "Tier", "values": [{"Tier": "C"}]}
    assert data["results"][1]["values"] == [{"Provisional": True}]


def test_check_names_the_field_of_a_bad_case(tmp_path, capsys):
    path = tmp_path / "c.yaml"
    path.write_text(EXAMPLE.replace("55.2", "lots"), encoding="utf-8")
    assert main(["check", str(path), "--edition", V3]) == 2
    assert capsys.readouterr().err.strip() == f"{path}: inputs.arp.score: expected a decimal number, got 'lots'"


def test_a_wrong_expected_result_fails(tmp_path, capsys):
    path = tmp_path / "t.yaml"
    path.write_text(f"""tests:
  - name: wrong tier
    case: c.yaml
    as_of: 2026-08-17
    edition: {V3}
    expect:
      - result: tier
        values: ["B"]
      - result: tierr
        values: ["C"]
""", encoding="utf-8")
    (tmp_path / "c.yaml").write_text(EXAMPLE, encoding="utf-8")
    assert main(["test", str(path)]) == 1
    out = capsys.readouterr().out
    assert "tests[0].expect[0]: tier" in out and "expected B" in out and "actual C" in out
    assert "declares no result 'tierr'; did you mean 'tier'?" in out


# ------------------------------------------------------------------ why, and what would change it
def test_why_reads_the_steps_in_the_files_own_words(tmp_path, capsys):
    path = tmp_path / "c.yaml"
    path.write_text(EXAMPLE + "  registered: [stalking]\n", encoding="utf-8")
    assert main(["why", str(path), "tier", "--edition", V3]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert lines[0] == "Tier C"
    assert "  - MAPPA and RoSH give C" in lines
    assert "    - table 1 reads C in row CSRP 3.0+, column ARP 50+" in lines   # 3.8 is in the 3.0 row
    assert "  - a stalking registration gives F" in lines
    # Re-evaluated: very high RoSH with MAPPA gives A; nothing else tried moves the tier.
    changes = lines[lines.index("What would change it (each change tried alone, and the case calculated again):") + 1:]
    assert changes == ["  - rosh very_high instead of high: Tier A"]


def provisional_why(inputs: dict) -> list[str]:
    from policyengine.output.results import why_lines
    program = load_edition(V3)
    return why_lines(calculate(program, input_case_from_data(case(inputs), "test", program), AS_OF), "provisional")


def test_why_provisional_false_says_why_each_reason_does_not_hold():
    # Both predictors dynamic, RoSH high, MAPPA 2: confirmed.  Each way it could have been
    # provisional is read out with what stops it (ProvisionalStatusCalculator.kt's two reasons).
    lines = provisional_why({"active_event": True, "arp": {"score": 55.2, "type": "dynamic"},
                             "csrp": {"score": 3.8, "type": "dynamic"}, "rosh": "high", "mappa_category": 2})
    assert lines[0] == "The tier is confirmed (not provisional)"
    static = lines.index("  - not so: provisional: static predictors, and no other step reaches the highest tier "
                         "they could give")
    assert lines[static + 1:static + 7] == [
        "    - the steps other than reoffending reach C", "      - MAPPA and RoSH give C",
        "        - MAPPA category 2", "        - RoSH high",
        "    - no arp (any, static) input", "    - no csrp (any, static) input"]
    rosh = [i for i, line in enumerate(lines) if line.startswith("  - not so: provisional: no RoSH")]
    assert len(rosh) == 2   # the file's two missing-RoSH rules (with and without a MAPPA category)
    assert lines[rosh[0] + 4:rosh[0] + 6] == ["    - because this holds:", "      - RoSH high"]
    assert lines[rosh[1] + 1:rosh[1] + 3] == ["    - because this holds:", "      - MAPPA category 2"]


def test_why_provisional_false_names_a_failing_comparison_with_its_values():
    # No RoSH and no MAPPA, but table 1 gives A from dynamic predictors (CSRP 7.8, ARP 95.2): the
    # no-RoSH rule without MAPPA needs the best tier to rank below C (6); A ranks 8.
    lines = provisional_why({"active_event": True, "arp": {"score": 95.2, "type": "dynamic"},
                             "csrp": {"score": 7.8, "type": "dynamic"}})
    assert lines[0] == "The tier is confirmed (not provisional)"
    at = lines.index("    - V < 6 does not hold (V is 8)")
    assert lines[at + 1] == "      - tier_rank (A, 8)"
    assert "    - no mappa_category (any) input" in lines


# ------------------------------------------------------------------ nsr validate for a case of this kind
def test_validate_checks_a_tier_case_against_the_newest_rule_file_it_fits(tmp_path, capsys):
    good, bad, v2 = tmp_path / "good.yaml", tmp_path / "bad.yaml", tmp_path / "v2.yaml"
    good.write_text(EXAMPLE, encoding="utf-8")
    bad.write_text(EXAMPLE.replace("rosh: high", "rosh: hgh").replace("score: 55.2", "score: lots"), encoding="utf-8")
    v2.write_text("id: p\nkind: hmpps_tier\ninputs:\n  rsr: 7.0\n  rosh: high\n", encoding="utf-8")
    assert main(["validate", str(good), str(bad), str(v2)]) == 1   # one bad file; the others still checked
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{good}: ok (example; the inputs of hmpps-tier/v3-2026-06-18)"
    assert out[1] == (f"{bad}: checked against the inputs of hmpps-tier/v3-2026-06-18 (the closest of the 8 rule "
                      "files of kind hmpps_tier; name another with --edition)")
    assert out[2] == f"{bad}: inputs.arp.score: expected a decimal number, got 'lots'"
    assert out[3] == (f"{bad}: inputs.rosh: 'hgh' is not allowed; expected one of very_high, high, medium, low; "
                      "did you mean 'high'?")
    assert out[4] == f"{v2}: ok (p; the inputs of hmpps-tier/v2)"   # rsr is a v2 input only
    assert main(["validate", str(v2), "--edition", V3]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{v2}: checked against the inputs of {V3}"
    assert out[1].startswith(f"{v2}: inputs.rsr: unknown input (this kind reads ")


def test_validate_names_an_unknown_kind_at_its_field(tmp_path, capsys):
    path = tmp_path / "c.yaml"
    path.write_text(EXAMPLE.replace("kind: hmpps_tier", "kind: hmpps_teir"), encoding="utf-8")
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out.strip() == (
        f"{path}: kind: 'hmpps_teir' is not the kind of any installed rule file; expected one of hmpps_tier, "
        "national_standards; did you mean 'hmpps_tier'?")
    assert main(["validate", str(path), "--edition", "2007"]) == 2
    assert "--edition 2007 is a rule file of kind national_standards, not hmpps_teir" in capsys.readouterr().err


def test_why_for_v2_gives_the_points_breakdown(tmp_path, capsys):
    path = tmp_path / "c.yaml"
    path.write_text("id: p\nkind: hmpps_tier\ninputs:\n  rsr: 7.0\n  rosh: high\n  mappa_level: 1\n"
                    "  complexity_factor: [mental_health, terrorism]\n  gender: male\n", encoding="utf-8")
    assert main(["why", str(path), "protect_points", "--edition", V2, "--as-of", "2026-08-17"]) == 0
    lines = capsys.readouterr().out.splitlines()
    # 20 (RSR 7.0) + 20 (RoSH high) + 5 (MAPPA 1) + 4 (two factors) + 0 - 20 (the lesser of RSR and RoSH) = 29
    assert lines[0] == "29 protect points"
    for line in ("  - RSR: 20 points", "  - RoSH: 20 points", "  - only the higher of RSR and RoSH counts: 20 taken off",
                 "  - MAPPA: 5 points", "  - complexity factors: 4 points"):
        assert line in lines


def test_why_names_an_unknown_result(tmp_path, capsys):
    path = tmp_path / "c.yaml"
    path.write_text(EXAMPLE, encoding="utf-8")
    assert main(["why", str(path), "tierr", "--edition", V3]) == 2
    assert "no result 'tierr' in hmpps-tier v3 2026-06-18; did you mean 'tier'?" in capsys.readouterr().err


# ------------------------------------------------------------------ two dated v3 versions
def test_diff_between_two_v3_versions_names_the_changed_rules_and_cases(tmp_path, capsys):
    # MAPPA category 1, no RoSH, dynamic ARP 0 and CSRP 0 (table 1: G).  Before #802 (2026-06-08)
    # MAPPA without RoSH gave no step, so the tier was G; from 2026-06-18 it gives E.
    (tmp_path / "m.yaml").write_text("id: mappa-no-rosh\nkind: hmpps_tier\ninputs:\n  active_event: true\n"
                                     "  arp: {score: 0.0, type: dynamic}\n  csrp: {score: 0.0, type: dynamic}\n"
                                     "  mappa_category: 1\n", encoding="utf-8")
    (tmp_path / "same.yaml").write_text(EXAMPLE, encoding="utf-8")
    assert main(["diff", "hmpps-tier/v3-2026-06-08", V3, "--cases", str(tmp_path), "--as-of", "2026-08-17"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == "Rules: mappa_rosh changed; provisional changed"
    assert out[2] == "Cases: 1 of 2 change"
    assert "mappa-no-rosh: tier G -> E" in out
    assert "  after:  MAPPA and RoSH give E" in out


def test_each_v3_version_says_when_it_was_in_force():
    old, new = load_edition("hmpps-tier/v3-2026-06-08"), load_edition(V3)
    assert (old.edition.in_force_from, old.edition.in_force_to) == (dt.date(2026, 6, 8), dt.date(2026, 6, 17))
    assert (new.edition.in_force_from, new.edition.in_force_to) == (dt.date(2026, 6, 18), None)


def test_a_tier_case_under_a_national_standards_edition_says_which_files_read_it(capsys):
    example = FAMILY / "examples" / "tier-case.yaml"
    assert main(["check", str(example), "--as-of", "2026-08-17"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith(f"{example}: a case of kind hmpps_tier: name a rule file of that kind with --edition")
    assert "hmpps-tier/v3-2026-06-18" in err


def test_the_readme_shows_what_check_and_why_print(capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("COLUMNS", "100")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## A second policy family"):]
    block = section[section.index("```\n$ nsr check") + 4:]
    block = block[:block.index("```")]
    shown = {}
    for part in block.split("$ nsr ")[1:]:
        command, _, output = part.partition("\n")
        shown[command] = output.rstrip("\n")
    assert len(shown) == 2
    for command, output in shown.items():
        assert main(command.split()) == 0
        printed = "\n".join(line.rstrip() for line in capsys.readouterr().out.rstrip("\n").splitlines())
        assert printed == output, command
