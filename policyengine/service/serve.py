"""`nsr serve`: check the options, open the caseload, and run the app under uvicorn."""
from __future__ import annotations

import ipaddress
import sys
from pathlib import Path

from ..output.exits import BadInput

DEFAULT_CASELOAD = "examples"   # the README's examples, when run from the repository


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


def serve_command(source: str | None, host: str, port: int, token_file: str | None, no_auth: bool) -> int:
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
    if source is None and not Path(DEFAULT_CASELOAD).is_dir():
        raise BadInput("nsr serve: name a caseload (a folder of case files, a .jsonl file or a store from "
                       "`nsr caseload import`); there is no examples/ folder here to serve")
    caseload = open_caseload(source or DEFAULT_CASELOAD)
    print(f"nsr serve: {len(caseload.entries())} cases from {caseload.name}"
          + (f" ({len({p.case for p in caseload.problems})} could not be read)" if caseload.problems else "")
          + f" on http://{host}:{port}/ (Ctrl-C stops it)", file=sys.stderr)
    import uvicorn
    uvicorn.run(create_app(Settings(caseload, token)), host=host, port=port, log_level="warning",
                access_log=False, server_header=False)
    return 0
