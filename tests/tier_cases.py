"""Cases whose tier readings part ways, for the backend comparisons (test_bulk_backend.py,
test_plain_engine.py): no tier recorded while the tiering grid indicates one, so the standards
that count only an assigned tier (2007 1.1, 2c.6) and those that take the case's tier (2a.4,
2b.3, 2c.16) answer differently, with and without a PSR; and a standalone unpaid work order,
which the grid puts at tier 2."""
from __future__ import annotations

import datetime as dt

from policyengine.cases.load import load_case_data
from policyengine.cases.model import Case

AS_OF = dt.date(2010, 3, 1)


def _order(id: str, *, psr: str, requirements: list[str], rosh: str | None) -> dict:
    """A community order passed Wed 23 Dec 2009 with no tier recorded."""
    return {"id": id,
            "sentences": [{"id": "s1", "type": "community_order", "date": "2009-12-23", "length_months": 12,
                           "psr": psr, "requirements": [{"kind": kind} for kind in requirements]}],
            "assessments": [{"date": "2009-12-16", "source": "oasys", "rosh": rosh}] if rosh else [],
            "events": [{"id": "c1", "kind": "contact", "date": "2009-12-29", "mode": "face_to_face",
                        "with": "offender_manager"}]}


def equivalence_cases() -> list[Case]:
    data = [_order("TIER-NONE-HIGH-PSR", psr="standard_delivery", requirements=["supervision"], rosh="high"),
            _order("TIER-NONE-HIGH-NO-PSR", psr="none", requirements=["supervision"], rosh="high"),
            _order("TIER-NONE-UPW", psr="fast_delivery", requirements=["unpaid_work"], rosh=None)]
    return [load_case_data(case, source=f"test:{case['id']}") for case in data]
