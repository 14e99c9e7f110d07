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
