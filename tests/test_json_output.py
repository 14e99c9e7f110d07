"""`output.report.dumps`, which every `--format json` and the service write with: its text must
be json.dumps(indent=2, ensure_ascii=False, default=str)'s, byte for byte, whatever it is given
(orjson writes it when it spells every value as json does; json otherwise)."""
from __future__ import annotations

import collections
import dataclasses
import datetime as dt
import json

import pytest

from policyengine.output.report import dumps


def reference(data) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, default=str)


Pair = collections.namedtuple("Pair", "a b")


class Score(float):
    pass


class Code(str):
    pass


@dataclasses.dataclass
class Note:
    text: str


SAMPLES = [
    {"a": [1, 2, {}], "b": [], "c": {"d": None, "e": True, "f": False}},
    [[[]]], {"t": (1, "a")}, -0.0, 0.1, 123456789.125, 2 ** 63 - 1, -2 ** 63,
    "é – “quoted” \u2028 \x7f \x01 \" \\ \t\n",
    dt.date(2009, 1, 2), dt.datetime(2009, 1, 2, 3, 4), dt.time(3, 4), {"days": {dt.date(2009, 1, 2)}},
    Note("x"), {"note": Note("y")},
    # orjson writes these differently, so json writes them
    Pair(1, 2), {"pair": Pair("a", "b")}, Score(1.5), {"code": Code("2c.6")}, {1: "x", None: 2, 1.5: 3},
    2 ** 70, {"rate": 1e-05}, {"big": 1e16}, [0.0001, 1.5e-07, 1e22, 5e-324, 12345678901234567.0], 1e-05,
    {"surrogate": "\ud800"}, float("nan"), {"worst": [float("inf"), float("-inf")]},
]


@pytest.mark.parametrize("data", SAMPLES, ids=lambda data: type(data).__name__)
def test_dumps_writes_what_json_writes(data):
    assert dumps(data) == reference(data)


def test_a_nesting_deeper_than_orjson_takes_is_written_by_json():
    deep: list = []
    for _ in range(300):
        deep = [deep]
    assert dumps(deep) == reference(deep)
