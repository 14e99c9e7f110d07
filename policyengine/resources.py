"""The rule language's grammar and the bundled policies, wherever the package runs from.

Installed, `grammar/` and `policies/` are the packages `policyengine.grammar` and
`policyengine.policies` (see pyproject.toml); run straight from a source checkout they are the
folders beside the package.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path

_SOURCE_ROOT = Path(__file__).resolve().parent.parent


def _installed(folder: str):
    """The installed folder: `policies/library` is the folder `library` of `policyengine.policies`."""
    package, _, sub = folder.partition("/")
    root = resources.files(f"policyengine.{package}")
    return root.joinpath(sub) if sub else root


def read_text(folder: str, name: str) -> str | None:
    """The text of `name` in `grammar`, `policies` or `policies/library`, or None when there is no such file."""
    try:
        resource = _installed(folder).joinpath(name)
        if resource.is_file():
            return resource.read_text(encoding="utf-8")
    except ModuleNotFoundError:
        pass
    path = _SOURCE_ROOT / folder / name
    return path.read_text(encoding="utf-8") if path.is_file() else None


def names(folder: str, suffix: str) -> list[str]:
    """The files in `grammar`, `policies` or `policies/library` whose names end with `suffix`, sorted."""
    try:
        found = [entry.name for entry in _installed(folder).iterdir() if entry.is_file()]
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        path = _SOURCE_ROOT / folder
        found = [entry.name for entry in path.iterdir()] if path.is_dir() else []
    return sorted(name for name in found if name.endswith(suffix))
