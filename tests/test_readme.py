"""The sample output in the README and docs/output.md is what the README's first command prints
(100 columns, no colour): scripts/readme_sample.py --update rewrites them."""
from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location("readme_sample", ROOT / "scripts" / "readme_sample.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_readme_sample_is_what_the_first_command_prints():
    script = _script()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    argv = script.first_command(readme)
    assert argv[:2] == ["check", "examples/tier4-community-order.yaml"]
    start, end = script.sample_span(readme)
    assert readme[start:end] == script.printed(argv), "python scripts/readme_sample.py --update rewrites it"


def test_the_output_doc_sample_is_the_same_output():
    script = _script()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    doc = (ROOT / "docs" / "output.md").read_text(encoding="utf-8")
    start, end = script.sample_span(doc, script.OUTPUT_LEAD)
    assert doc[start:end] == script.printed(script.first_command(readme)), "scripts/readme_sample.py --update"


def test_the_sample_fits_100_columns_and_names_the_tier():
    script = _script()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = script.sample_span(readme)
    sample = readme[start:end]
    assert max(len(line) for line in sample.splitlines()) <= 100
    assert "\x1b[" not in sample                             # no colour codes
    assert "Tier on 15 Jan 2008: allocated 4" in sample      # the tier lines the old sample lacked
    assert "Needs a recorded judgement (30," in sample       # 30 judgements awaited, not 29


def test_the_output_doc_names_rule_places_the_program_prints():
    """Every `file:line:column` docs/output.md shows (in its `nsr why` samples and examples) is one
    the program prints for the same question today, so a rule file that grows cannot leave the
    samples pointing at the wrong lines."""
    import contextlib
    import io
    import re

    from policyengine.cli import main
    printed = ""
    for argv in (["why", "examples/tier4-community-order.yaml", "2c.6", "--as-of", "2008-01-15", "--full"],
                 ["why", "examples/tier4-community-order.yaml", "2c.6", "--as-of", "2008-01-15", "--format", "json"],
                 ["why", "examples/tier4-community-order.yaml", "2c.16/home_visit", "--as-of", "2008-01-15",
                  "--full"]):
        out = io.StringIO()
        with contextlib.chdir(ROOT), contextlib.redirect_stdout(out):
            assert main(argv) == 0
        printed += out.getvalue()
    place = re.compile(r"(?:policies/\d{4}|prelude)\.nsr:\d+:\d+")
    shown = set(place.findall((ROOT / "docs" / "output.md").read_text(encoding="utf-8")))
    assert shown and shown <= set(place.findall(printed)), sorted(shown - set(place.findall(printed)))
