"""Libraries by choice (issue 22): `import "NAME"` loads policies/library/NAME.nsr, with what it
imports in turn; without one a policy gets only the prelude's core.  Unknown libraries and
predicates of a library not imported are errors at file:line:column; coverage and the compile
cache key cover only the files loaded."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from policyengine.cli import main
from policyengine.compiler import compile as compiler
from policyengine.compiler.compile import compile_text, load_edition
from policyengine.language.errors import PolicyError
from policyengine.tooling.lint import lint

ROOT = Path(__file__).resolve().parent.parent
CASE = ROOT / "examples" / "licence-release.yaml"   # released Fri 23 Dec 2016, MAPPA category 2 recorded

HEADER = 'edition "one-rule" {\n  title "One local rule"\n  publisher "A region (test)"\n  in force from 2016-04-01\n}\n'
VISIT = '''standard "L.1" {
  title "Home visit within 5 working days of release"
  section "Local practice"
  quote "A home visit is undertaken within 5 working days of release."
  obligation home_visit {
    after release
    due within 5 working days
    met by home_visit
  }
}
rule released_on(D) if event(E, release, D).
'''


def library_files(program) -> set[str]:
    return {r.origin.span.file for r in program.rules if r.origin.span.file.startswith("library/")}


def test_a_policy_without_imports_gets_only_the_prelude_core():
    program = compile_text(HEADER + VISIT, "one-rule.nsr")
    assert library_files(program) == set()
    assert set(program.obligations) == {"L.1/home_visit"}            # no MAPPA B.4.1.20
    assert "recorded_tier_at" in program.arities                      # the prelude's core
    assert {"tier_at", "indicative_tier_at", "mappa_criterion_on", "specified_offence",
            "victim_contact_qualifying"}.isdisjoint(program.arities)


def test_an_import_brings_what_that_library_imports_and_nothing_else():
    program = compile_text(HEADER + 'import "mappa"\n' + VISIT, "one-rule.nsr")
    assert library_files(program) == {"library/mappa.nsr", "library/schedule15.nsr"}
    assert "B.4.1.20/custody_referral" in program.obligations
    assert "indicative_tier_at" not in program.arities


def test_the_editions_import_what_they_use():
    for edition in ("2007", "2011", "2015"):
        program = load_edition(edition)
        assert library_files(program) == {f"library/{n}.nsr" for n in ("mappa", "schedule15", "tiering", "victims")}
        assert "B.4.1.20/custody_referral" in program.obligations


def test_an_unknown_library_is_named_at_its_import_with_a_suggestion():
    with pytest.raises(PolicyError) as error:
        compile_text(HEADER + 'import "mapa"\n' + VISIT, "one-rule.nsr")
    [problem] = error.value.diagnostics
    assert (problem.span.line, problem.span.column) == (6, 8)
    assert problem.message == "unknown library 'mapa'"
    assert problem.hint == "did you mean 'mappa'?"
    assert "mappa, schedule15, tiering, victims" in problem.expected


def test_a_predicate_of_a_library_not_imported_says_which_library_to_import():
    text = HEADER + VISIT + "rule watched(D) given D if under_mappa_at(D).\n"
    [problem] = lint(text, "one-rule.nsr")
    assert (problem.span.line, problem.span.column) == (17, 28)
    assert problem.message == ("undefined predicate under_mappa_at/1: the library 'mappa' defines it, "
                               "and this file does not import it")
    assert problem.hint == 'add `import "mappa"` after the edition header'
    assert lint(HEADER + 'import "mappa"\n' + VISIT + "rule watched(D) given D if under_mappa_at(D).\n",
                "one-rule.nsr") == []


def test_the_case_tier_needs_the_tiering_library():
    # tier_at falls back on the grid, so it moved from the prelude into tiering.nsr.
    [problem] = lint(HEADER + "rule t4(D) given D if tier_at(D, 4).\n", "one-rule.nsr")
    assert "the library 'tiering' defines it" in problem.message


def test_a_file_of_another_kind_imports_nothing():
    text = ('edition "t" { title "T" }\nkind tier_calculation\nimport "mappa"\n'
            'input score(value: integer) "a score"\nresult band(B) "Band"\nrule band(high) if score(V) and V > 3.\n')
    problems = lint(text, "t.nsr")
    assert [(p.span.line, p.message) for p in problems] == [
        (3, "a file of kind tier_calculation imports no library (it stands alone)")]


def test_the_cache_key_covers_only_the_files_loaded(monkeypatch):
    plain, with_tiering = HEADER + VISIT, HEADER + 'import "tiering"\n' + VISIT
    before = compiler._cache_key(plain, "x.nsr"), compiler._cache_key(with_tiering, "x.nsr")
    real = compiler.read_text

    def edited(folder: str, name: str):
        text = real(folder, name)
        return text + "\n# edited\n" if (folder, name) == (compiler.LIBRARY, "tiering.nsr") else text
    monkeypatch.setattr(compiler, "read_text", edited)
    after = compiler._cache_key(plain, "x.nsr"), compiler._cache_key(with_tiering, "x.nsr")
    assert after[0] == before[0]      # tiering is not loaded: editing it cannot make the policy stale
    assert after[1] != before[1]


def test_check_shows_no_tier_or_mappa_summary_without_the_library(tmp_path, capsys):
    policy = tmp_path / "one-rule.nsr"
    policy.write_text(HEADER + VISIT)
    assert main(["check", str(CASE), "--edition", str(policy), "--as-of", "2017-01-31"]) == 0
    out = capsys.readouterr().out
    assert "L.1" in out and "Tier on" not in out and "MAPPA on" not in out
    assert main(["check", str(CASE), "--edition", str(policy), "--as-of", "2017-01-31", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "tier" not in data and "mappa" not in data
    assert main(["why", str(CASE), "tier", "--edition", str(policy)]) == 2
    assert ('does not import the tiering library, so it has no tier to explain (add `import "tiering"`'
            in capsys.readouterr().err)
    # With the import, the summary is back (the case records MAPPA category 2).
    policy.write_text(HEADER + 'import "mappa"\nimport "tiering"\n' + VISIT)
    assert main(["check", str(CASE), "--edition", str(policy), "--as-of", "2017-01-31"]) in (0, 1)
    out = capsys.readouterr().out
    assert "Tier on 31 Jan 2017" in out and "MAPPA on 31 Jan 2017" in out


def test_coverage_counts_only_the_policy_and_what_it_imports(tmp_path, capsys):
    policy = tmp_path / "one-rule.nsr"
    policy.write_text(HEADER + VISIT)
    tests = tmp_path / "t.yaml"
    tests.write_text(f"tests:\n  - name: visit\n    case: {CASE}\n    as_of: 2017-01-31\n    edition: {policy}\n"
                     "    expect: [{obligation: L.1/home_visit, status: met_on_time}]\n")
    assert main(["test", str(tests), "--coverage"]) == 0
    out = capsys.readouterr().out
    # The one written rule held (the case has a release); no prelude or library rule is counted.
    assert "written rules whose body held: 1 of 1 (100%)" in out
    assert "it imports no library" in out
    assert "library/" not in out and "prelude.nsr" not in out
    policy.write_text(HEADER + 'import "victims"\n' + VISIT)
    assert main(["test", str(tests), "--coverage"]) == 0
    out = capsys.readouterr().out
    assert "the libraries it imports: schedule15, victims" in out
    assert "library/victims.nsr:" in out and "library/mappa.nsr" not in out


def test_a_layer_loads_its_bases_libraries_and_the_key_covers_them(tmp_path, monkeypatch):
    # 2015 imports mappa, tiering and victims: a layer on it has B.4.1.20 and may read MAPPA
    # predicates without an import of its own; editing a library its base imports makes it stale.
    layer = tmp_path / "nw.nsr"
    text = ('edition "nw-2015" extends "2015" {\n  title "North West on 2015"\n  publisher "P"\n'
            '  in force from 2016-04-01\n}\nrule watched(D) given D if under_mappa_at(D).\n')
    layer.write_text(text, encoding="utf-8")
    program = load_edition(str(layer))
    assert "B.4.1.20/custody_referral" in program.obligations
    assert {"library/mappa.nsr", "library/victims.nsr"} <= library_files(program)
    assert lint(text, str(layer)) == []
    before = compiler._cache_key(text, str(layer))
    real = compiler.read_text

    def edited(folder: str, name: str):
        found = real(folder, name)
        return found + "\n# edited\n" if (folder, name) == (compiler.LIBRARY, "victims.nsr") else found
    monkeypatch.setattr(compiler, "read_text", edited)
    assert compiler._cache_key(text, str(layer)) != before
