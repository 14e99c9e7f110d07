"""Places in a case file, as rule files name them in `needs ... at "PLACE"`.

A place is a field path such as `sentences[].release_date`: names joined by dots, a list entry
written `[]`, or `[kind]` for the entry of that kind (`sentences[].requirements[drr].months`).
`nsr lint` checks a place against the case-file schema (`case.schema.json`); when a result says
what to record, the first `sentences[]` is filled with the place of the trigger's sentence and
`events[]` with the place of the trigger event (`sentences[0].release_date`).  Other `[]` stay as
written: "an entry" (`assessments[].tier`, a new assessment record giving the tier).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

_SEGMENT = re.compile(r"([a-z_]+)(\[([a-z_]*)\])?")


@lru_cache(maxsize=1)
def _schema() -> dict[str, Any]:
    text = resources.files("policyengine.cases").joinpath("case.schema.json").read_text(encoding="utf-8")
    return json.loads(text)


def _resolved(node: dict[str, Any]) -> list[dict[str, Any]]:
    """A schema node with its $ref followed, and a oneOf (an event of some kind) as its branches."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        return _resolved(_schema()["$defs"][name])
    if "oneOf" in node:
        return [branch for option in node["oneOf"] for branch in _resolved(option)]
    return [node]


def _kinds(entries: list[dict[str, Any]]) -> set[str]:
    """The kinds list entries can have (a `kind` field's enum, or each event branch's constant)."""
    found: set[str] = set()
    for entry in entries:
        kind = entry.get("properties", {}).get("kind", {})
        found.update(kind.get("enum", ()))
        if "const" in kind:
            found.add(kind["const"])
    return found


def place_problem(place: str) -> str | None:
    """Why `place` names no field of a case file (None when it names one)."""
    segments = place.split(".")
    nodes = [_schema()]
    for written in segments:
        match = _SEGMENT.fullmatch(written)
        if match is None:
            return f"{written!r} is not a field name, optionally followed by [] or [kind]"
        name, listed = match.group(1), match.group(2) is not None
        found = [child for node in nodes for child in _resolved(node.get("properties", {}).get(name, {}))
                 if child]
        if not found:
            return f"no field {name!r} there"
        is_list = any(node.get("type") == "array" for node in found)
        if is_list != listed:
            return f"{name!r} is {'a list: write ' + name + '[]' if is_list else 'not a list'}"
        if not listed:
            nodes = found
            continue
        nodes = [item for node in found for item in _resolved(node.get("items", {}))]
        kind = match.group(3)
        if kind and kind not in _kinds(nodes):
            known = ", ".join(sorted(_kinds(nodes)))
            return f"{kind!r} is not a kind of {name}" + (f"; expected one of {known}" if known else "")
        if kind:
            nodes = [item for item in nodes if kind in _kinds([item])]
    return None


def fill_place(place: str, sentence_place: str | None, trigger_place: str | None) -> str:
    """The place with the trigger's sentence and event filled in where they are known."""
    if sentence_place and place.startswith("sentences[]"):
        return sentence_place + place[len("sentences[]"):]
    if trigger_place and place.startswith("events[]"):
        return trigger_place + place[len("events[]"):]
    return place
