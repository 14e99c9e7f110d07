"""The rule language's grammar and the bundled policies, read as package data.

`policyengine/grammar` and `policyengine/policies` are data packages (the top-level `policies`
folder of a source checkout is a link to the latter, where policy writers find the editions), so
an installed wheel and a source checkout read them the same way, through importlib.resources.
"""
from __future__ import annotations

from importlib import resources


def _folder(folder: str):
    """`policies/library` is the folder `library` of the package `policyengine.policies`."""
    package, _, sub = folder.partition("/")
    root = resources.files(f"policyengine.{package}")
    return root.joinpath(sub) if sub else root


def read_text(folder: str, name: str) -> str | None:
    """The text of `name` in `grammar`, `policies` or `policies/library`, or None when there is no such file."""
    resource = _folder(folder).joinpath(name)
    return resource.read_text(encoding="utf-8") if resource.is_file() else None


def names(folder: str, suffix: str) -> list[str]:
    """The files in `grammar`, `policies` or `policies/library` whose names end with `suffix`, sorted."""
    return sorted(entry.name for entry in _folder(folder).iterdir() if entry.is_file() and entry.name.endswith(suffix))
