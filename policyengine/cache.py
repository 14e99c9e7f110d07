"""Where policyengine keeps what it can rebuild: compiled policies (see compiler/compile.py).

POLICYENGINE_CACHE=off disables caching; POLICYENGINE_CACHE=DIR moves it (default
$XDG_CACHE_HOME/policyengine or ~/.cache/policyengine).  Everything here is safe to delete.
"""
from __future__ import annotations

import os
from pathlib import Path

from .files import write_atomically


def cache_dir() -> Path | None:
    setting = os.environ.get("POLICYENGINE_CACHE", "")
    if setting.lower() in ("off", "0", "no"):
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "policyengine"


def store(path: Path, data: bytes) -> None:
    """Write a cache file in one step (files.write_atomically); a cache that cannot be written (a
    read-only disk, a full one) only costs speed, so the error is dropped."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, data)
    except OSError:
        pass
