"""Writing files whole or not at all: a reader (or the next run) never sees half a file.

Each file is written to a temporary file beside it and moved into place in one step, so an
interrupted run leaves the old file, or none, never a truncated one.
"""
from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from pathlib import Path
from typing import IO, Iterator


@contextlib.contextmanager
def open_atomically(path: str | os.PathLike[str], binary: bool = False) -> Iterator[IO]:
    """A file to write `path` through; it replaces `path` only when the block ends without an error.
    Raises OSError (no such folder, no permission, ...) as `open` would."""
    target = Path(path)
    handle = tempfile.NamedTemporaryFile("wb" if binary else "w", dir=target.parent, prefix=f".{target.name}.",
                                         suffix=".tmp", delete=False, **({} if binary else {"encoding": "utf-8",
                                                                                              "newline": ""}))
    try:
        with handle:
            yield handle
        if target.exists():   # keep the permissions the file had
            os.chmod(handle.name, target.stat().st_mode & 0o7777)
        else:                 # and a new file gets the usual ones (the temporary file's are 0600)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(handle.name, 0o666 & ~umask)
        os.replace(handle.name, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        raise


def write_atomically(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write `data` (text as UTF-8) to `path` in one step."""
    with open_atomically(path, binary=isinstance(data, bytes)) as handle:
        handle.write(data)


STDIN = "-"            # on a command line: read standard input instead of a file
STDIN_NAME = "<stdin>"  # how standard input is named in messages


def read_stdin_bytes() -> bytes:
    """Standard input as it is (a reader that reports where a byte is not UTF-8 needs the bytes)."""
    stream = getattr(sys.stdin, "buffer", None)
    return stream.read() if stream is not None else sys.stdin.read().encode("utf-8")


def read_stdin() -> str:
    """Standard input as UTF-8 text, whatever the locale says (raises UnicodeDecodeError)."""
    return read_stdin_bytes().decode("utf-8")


def files_under(paths: list[str], suffixes: tuple[str, ...]) -> list[str]:
    """The files named, with every file ending in one of `suffixes` under each folder named
    (sorted, hidden folders skipped); '-' (standard input) is kept as it is."""
    found: list[str] = []
    for name in paths:
        path = Path(name)
        if name != STDIN and path.is_dir():
            found += [str(p) for p in sorted(path.rglob("*")) if p.suffix.lower() in suffixes and p.is_file()
                      and not any(part.startswith(".") for part in p.relative_to(path).parts)]
        else:
            found.append(name)
    return found
