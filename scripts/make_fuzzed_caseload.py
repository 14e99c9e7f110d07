"""Write tests/data/fuzzed_caseload.jsonl: generated cases, about half of them broken at random.

Each broken line has one of the faults a real export has shown or could show: a field removed, a
value of the wrong type, an unknown enum value, an impossible date, an integer past 2^63, a lone
surrogate, a deeply nested value, a truncated line, bytes that are not UTF-8, a duplicate key, a
case id given twice, or a line that is not a case at all.  Seeded, so the file is the same on every
run; tests/test_caseload_records.py imports it and holds every line to `nsr validate`'s verdict.

    .venv/bin/python scripts/make_fuzzed_caseload.py [--seed 11] [--cases 240]
"""
from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

from policyengine.caseload.generate import generate

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "fuzzed_caseload.jsonl"


def _places(value, path=()):
    """Every (path, value) inside a parsed case, containers included."""
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _places(item, path + (index,))


def _set(case: dict, path: tuple, value) -> None:
    target = case
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value


def _delete(case: dict, path: tuple) -> None:
    target = case
    for part in path[:-1]:
        target = target[part]
    del target[path[-1]]


def _broken(rng: random.Random, case: dict, ids: list[str]) -> bytes:
    """One line holding `case` with one fault."""
    places = [(p, v) for p, v in _places(case) if p]
    leaves = [(p, v) for p, v in places if not isinstance(v, (dict, list))]
    fault = rng.choice(["remove", "type", "enum", "date", "huge", "surrogate", "deep", "truncate", "bytes",
                        "duplicate_key", "duplicate_id", "not_a_case", "negative", "extra_field"])
    if fault == "remove":
        path, _ = rng.choice([(p, v) for p, v in places if isinstance(p[-1], str)])
        _delete(case, path)
    elif fault == "type":
        path, value = rng.choice(leaves)
        _set(case, path, rng.choice([[value], {"v": value}, True, 3.5, None]))
    elif fault == "enum":
        path, _ = rng.choice([(p, v) for p, v in leaves if p[-1] in ("kind", "type", "mode", "with")] or leaves)
        _set(case, path, rng.choice(["fax", "carrier_pigeon", "", "CONTACT"]))
    elif fault == "date":
        path, _ = rng.choice([(p, v) for p, v in leaves if p[-1] == "date"])
        _set(case, path, rng.choice(["2008-02-30", "2008-13-01", "1 Jan 2008", "2008-01-01T09:00", "99999-01-01"]))
    elif fault == "huge":
        path, _ = rng.choice([(p, v) for p, v in leaves if isinstance(v, int) and not isinstance(v, bool)]
                             or [(("sentences", 0, "length_months"), 0)])
        _set(case, path, rng.choice([2 ** 63, 2 ** 64 + 1, -(2 ** 63) - 1, 10 ** 30]))
    elif fault == "surrogate":
        path, _ = rng.choice([(p, v) for p, v in leaves if isinstance(v, str)])
        text = json.dumps(case)
        return text.replace(json.dumps(_get(case, path)), '"x\\ud8%02x"' % rng.randrange(256), 1).encode()
    elif fault == "deep":
        path, _ = rng.choice(leaves)
        depth = rng.choice([200, 5000, 100_000])
        _set(case, path, "@DEEP@")
        return json.dumps(case).replace('"@DEEP@"', "[" * depth + "1" + "]" * depth).encode()
    elif fault == "truncate":
        text = json.dumps(case).encode()
        return text[:rng.randrange(1, len(text) - 1)]
    elif fault == "bytes":
        text = bytearray(json.dumps(case).encode())
        text[rng.randrange(len(text))] = rng.choice([0xff, 0xc3, 0x80])
        return bytes(text)
    elif fault == "duplicate_key":
        text = json.dumps(case)
        return ('{"id": "shadow", ' + text[1:]).encode()
    elif fault == "duplicate_id":
        case["id"] = rng.choice(ids)
    elif fault == "not_a_case":
        return rng.choice([b"[]", b"42", b'"case"', b"null", b"{}", b"{,}", b'{"id": "only-an-id"}'])
    elif fault == "negative":
        path, _ = rng.choice([(p, v) for p, v in leaves if isinstance(v, int) and not isinstance(v, bool)]
                             or [(("sentences", 0, "length_months"), 0)])
        _set(case, path, -rng.randrange(1, 100))
    elif fault == "extra_field":
        _set(case, ("events", 0, rng.choice(["colour", "=cmd", "Name"])), "x")
    return json.dumps(case).encode()


def _get(case, path):
    for part in path:
        case = case[part]
    return case


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--cases", type=int, default=240)
    parser.add_argument("-o", "--output", type=Path, default=OUT)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    lines, ids = [], []
    for case in generate(args.cases, args.seed):
        case["id"] = case_id = f"FZ-{len(lines):04d}"
        if ids and rng.random() < 0.5:
            lines.append(_broken(rng, case, ids))
        else:
            lines.append(json.dumps(case).encode())
        ids.append(case_id)
    args.output.write_bytes(b"\n".join(lines) + b"\n")
    print(f"{len(lines)} lines written to {args.output} (seed {args.seed})")


if __name__ == "__main__":
    main()
