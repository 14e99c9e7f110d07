"""The rule language's grammar and the bundled policies, wherever the package runs from.

Installed, `grammar/` and `policies/` are the packages `policyengine.grammar` and
`policyengine.policies` (see pyproject.toml); run straight from a source checkout they are the
folders beside the package.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def read_text(folder: str, name: str) -> str | None:
    """The text of `name` in `grammar` or `policies`, or None when there is no such file."""
    try:
        resource = resources.files(f"policyengine.{folder}").joinpath(name)
        if resource.is_file():
            return resource.read_text(encoding="utf-8")
    except ModuleNotFoundError:
        pass
    path = _SOURCE_ROOT / folder / name
    return path.read_text(encoding="utf-8") if path.is_file() else None


def names(folder: str, suffix: str) -> list[str]:
    """The files in `grammar` or `policies` whose names end with `suffix`, sorted."""
    try:
        found = [entry.name for entry in resources.files(f"policyengine.{folder}").iterdir()]
    except ModuleNotFoundError:
        path = _SOURCE_ROOT / folder
        found = [entry.name for entry in path.iterdir()] if path.is_dir() else []
    return sorted(name for name in found if name.endswith(suffix))
