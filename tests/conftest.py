"""Every test sees output as it goes to a pipe: 100 columns, no colour, whatever the shell that
runs pytest has set (COLUMNS, NO_COLOR)."""
from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _piped_output(monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("NO_COLOR", raising=False)
