"""Where policyengine keeps what it can rebuild: compiled policies (see compiler/compile.py).

POLICYENGINE_CACHE=off disables caching; POLICYENGINE_CACHE=DIR moves it (default
$XDG_CACHE_HOME/policyengine or ~/.cache/policyengine).  Everything here is safe to delete.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def cache_dir() -> Path | None:
    setting = os.environ.get("POLICYENGINE_CACHE", "")
    if setting.lower() in ("off", "0", "no"):
        return None
    if setting:
        return Path(setting)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "policyengine"


def write_atomically(path: Path, data: bytes) -> None:
    """Write a cache file so that a reader never sees half of it; a read-only disk only costs speed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False) as handle:
            handle.write(data)
        os.replace(handle.name, path)
    except OSError:
        pass
