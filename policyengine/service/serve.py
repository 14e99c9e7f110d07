"""`nsr serve`: check the options, open the caseload, and run the app under uvicorn."""
from __future__ import annotations

import ipaddress
import sys
from pathlib import Path

from ..output.exits import BadInput



def bundled_examples() -> Path:
    """The README's example cases, installed with the package (policyengine/examples, package data;
    in a source checkout a link to the top-level examples/): what `nsr serve` serves when it is
    not given a caseload, from any directory."""
    from importlib import resources
    return Path(str(resources.files("policyengine").joinpath("examples")))


def loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def read_token(path: str) -> str:
    """The token in a file (its first line, spaces stripped); BadInput if unreadable or empty."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(f"{path}: cannot read the token file: {getattr(error, 'strerror', None) or error}") from None
    token = text.strip().splitlines()[0].strip() if text.strip() else ""
    if len(token) < 16:
        raise BadInput(f"{path}: the token must be 16 characters or more (e.g. `python3 -c 'import secrets; "
                       "print(secrets.token_urlsafe(32))'`)")
    return token


WORKLIST_WAIT = 0.5   # seconds a worklist page waits for its worklist before saying it is being prepared
WORKER_SETTINGS = "NSR_SERVE_WORKER"   # how `--workers N` tells each worker process what to serve


def tune_collector() -> None:
    """Collect cyclic garbage less often in a server process: a check makes tens of thousands of
    short-lived tuples, which reference counting frees, yet at Python's default (a collection every
    700 allocations) the collector ran three times a check for nothing, about a tenth of its time."""
    import gc
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


GC_THRESHOLD = 10_000   # allocations (less deallocations) between two collections of the youngest objects


def app_from_environment():
    """The application in one worker process of `nsr serve --workers N`: uvicorn starts each
    worker afresh, so the caseload and token are named in the environment (the token by its
    file, never its text) and each worker opens them itself."""
    import json
    import os
    from .app import Settings, create_app
    from .caseload_source import open_caseload
    given = json.loads(os.environ[WORKER_SETTINGS])
    tune_collector()
    token = read_token(given["token_file"]) if given["token_file"] else None
    return create_app(Settings(open_caseload(given["source"]), token, WORKLIST_WAIT, prepare_on_start=True))


def serve_command(source: str | None, host: str, port: int, token_file: str | None, no_auth: bool,
                  workers: int = 1) -> int:
    from .app import Settings, create_app
    from .caseload_source import open_caseload
    token = read_token(token_file) if token_file else None
    if token and no_auth:
        raise BadInput("--token-file and --no-auth contradict each other; give one")
    if not loopback(host) and token is None:
        if not no_auth:
            raise BadInput(f"nsr serve: refusing to serve {host} without a token; give --token-file FILE "
                           "(or --no-auth to let anyone who can reach it read every case)")
        print(f"nsr serve: warning: serving {host} with no token: anyone who can reach it can read every case",
              file=sys.stderr)
    if source is None and not bundled_examples().is_dir():
        raise BadInput("nsr serve: name a caseload (a folder of case files, a .jsonl file or a store from "
                       "`nsr caseload import`); the examples were not installed with this copy of nsr")
    source = source or str(bundled_examples())
    caseload = open_caseload(source)
    print(f"nsr serve: {len(caseload.entries())} cases from {caseload.name}"
          + (f" ({len({p.case for p in caseload.problems})} could not be read)" if caseload.problems else "")
          + f" on http://{host}:{port}/" + (f" with {workers} worker processes" if workers > 1 else "")
          + " (Ctrl-C stops it)", file=sys.stderr)
    import uvicorn
    tune_collector()
    options = dict(host=host, port=port, log_level="warning", access_log=False, server_header=False)
    if workers == 1:
        uvicorn.run(create_app(Settings(caseload, token, WORKLIST_WAIT, prepare_on_start=True)), **options)
        return 0
    import json
    import os
    del caseload   # each worker opens its own
    os.environ[WORKER_SETTINGS] = json.dumps({"source": str(Path(source).resolve()),
                                              "token_file": str(Path(token_file).resolve()) if token_file else None})
    uvicorn.run(f"{__name__}:app_from_environment", factory=True, workers=workers, **options)
    return 0
