"""Policy files -> checked -> lowered -> stratified `ir.Program`.

Compiling the 2007 policy takes about half a second (mostly building the LALR parser), so the
finished Program is kept in a cache file keyed by a hash of the grammar, the prelude, the
policy text and this package's version; a changed rule file is always recompiled.  The file is
JSON read back by `ir_codec`, which builds nothing but the IR's own dataclasses and checks every
value: a file that does not decode is reported in one line, ignored and rewritten.  Set
POLICYENGINE_CACHE=off to disable the cache, or to a directory to move it.
"""
from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from ..cache import cache_dir, store
from ..resources import names, read_text
from ..language import ast
from ..language.errors import Diagnostic, PolicyError, did_you_mean
from . import ir, ir_codec

def editions() -> list[str]:
    """The editions installed: every `policies/NAME.nsr` except the prelude (the shared rule files
    under `policies/library/` are never editions)."""
    return [name[: -len(".nsr")] for name in names("policies", ".nsr") if name != "prelude.nsr"]
CACHE_FORMAT = "7"   # bump when ir or the lowering changes shape
LIBRARY = "policies/library"   # shared rule files a policy loads by `import "NAME"` (tiering, mappa, ...)
PRELUDE = "prelude.nsr"        # the core every National Standards file loads without asking


def library_names() -> list[str]:
    """The libraries installed, by the name an `import` gives: 'mappa' for policies/library/mappa.nsr."""
    return [name[: -len(".nsr")] for name in names(LIBRARY, ".nsr")]


def _package_policy(name: str) -> str:
    text = read_text("policies", name)
    if text is None:
        raise PolicyError([Diagnostic(ast.Span(name, 0, 0), f"no policy file {name!r} is installed")])
    return text


@lru_cache(maxsize=1)
def _parsed_shared() -> dict[str, ast.Policy]:
    """The prelude (key PRELUDE) and each library (by name), parsed but not yet checked."""
    from ..language.parse import parse_policy
    parsed = {PRELUDE: parse_policy(_package_policy(PRELUDE), PRELUDE)}
    for name in library_names():
        parsed[name] = parse_policy(read_text(LIBRARY, f"{name}.nsr") or "", f"library/{name}.nsr")
    return parsed


def imported(policies: list[ast.Policy]) -> list[str]:
    """The libraries these files import, with what those import in turn, in name order (the order
    they load in, whichever file asked first).  An unknown name is an error at its `import`."""
    known = _parsed_shared()
    wanted: set[str] = set()
    problems: list[Diagnostic] = []
    pending = [i for policy in policies for i in policy.imports]
    while pending:
        request = pending.pop()
        if request.library in wanted:
            continue
        if request.library not in known or request.library == PRELUDE:
            problems.append(Diagnostic(request.span, f"unknown library {request.library!r}", None,
                                       f"one of {', '.join(library_names())}",
                                       did_you_mean(request.library, library_names())))
            continue
        wanted.add(request.library)
        pending += known[request.library].imports
    if problems:
        raise PolicyError(problems)
    return sorted(wanted)


def library_giving(standard: str, base: ast.Policy) -> str | None:
    """The library (or the prelude, PRELUDE) that gives the standard `standard` to `base`, if one does."""
    parsed = _parsed_shared()
    for name in (PRELUDE, *imported([base])):
        if any(s.id == standard for s in parsed[name].standards):
            return name
    return None


def loaded_with(policies: list[ast.Policy]) -> list[ast.Policy]:
    """What a National Standards file loads beside itself: the prelude and the libraries imported."""
    shared()   # every shared file checked once, before any policy builds on it
    parsed = _parsed_shared()
    return [parsed[PRELUDE], *(parsed[name] for name in imported(policies))]


def not_imported(loaded: list[ast.Policy]) -> dict[str, str]:
    """Predicate -> library, for what the libraries left out define: an undefined predicate that one
    of them defines is reported with the `import` that would bring it in."""
    have = {rule.head.predicate for policy in loaded for rule in policy.all_rules()}
    files = {policy.file for policy in loaded}
    elsewhere: dict[str, str] = {}
    for name, policy in _parsed_shared().items():
        if name != PRELUDE and policy.file not in files:
            for rule in policy.all_rules():
                if rule.head.predicate not in have:
                    elsewhere.setdefault(rule.head.predicate, name)
    return elsewhere


@lru_cache(maxsize=1)
def shared() -> tuple[ast.Policy, ...]:
    """The prelude and every library file, each checked with the prelude and what it imports in view
    (the prelude with nothing: its core needs no library)."""
    from ..cases.load import vocabulary
    from ..language.check import check_policy
    parsed = _parsed_shared()
    problems = []
    for name, policy in parsed.items():
        try:
            others = [] if name == PRELUDE else [parsed[PRELUDE], *(parsed[n] for n in imported([policy]))]
        except PolicyError as error:
            problems += error.diagnostics
            continue
        problems += check_policy(policy, vocabulary(), others, shared=True, elsewhere=not_imported([policy, *others]))
    if problems:
        raise PolicyError(problems)
    return tuple(parsed.values())


def prelude() -> ast.Policy:
    return shared()[0]


def _compile(text: str, file: str) -> ir.Program:
    from ..cases.load import vocabulary
    from ..language.check import check_policy
    from ..language.parse import parse_policy
    from .lower import lower
    from .stratify import stratification_problems, unbounded_recursion_problems
    from .layers import resolve
    policy = resolve(parse_policy(text, file))
    # A file of another kind than the National Standards stands alone: no prelude, no library.
    library = loaded_with([policy]) if policy.kind == ast.NATIONAL_STANDARDS else []
    problems = check_policy(policy, vocabulary(), library, elsewhere=not_imported([policy, *library]) if library else {})
    if problems:
        raise PolicyError(problems)
    rules, obligations, standards = lower([*library, policy], vocabulary())
    problems = stratification_problems(rules) + unbounded_recursion_problems(rules)
    if problems:
        raise PolicyError(problems)
    arities: dict[str, int] = {}
    for rule in rules:
        arities.setdefault(rule.head.pred, len(rule.head.args))
    from .lower import declarations, plain_english
    templates, actions = plain_english([*library, policy])
    results, inputs = declarations(policy)
    standards, obligations = _with_layers(standards, obligations, policy)
    return ir.Program(policy.edition, rules, standards, obligations, arities, templates, actions, results, inputs,
                      policy.changes, policy.base)


def _with_layers(standards: dict[str, ir.StandardInfo], obligations: dict[str, ir.ObligationInfo],
                 policy: ast.Policy) -> tuple[dict[str, ir.StandardInfo], dict[str, ir.ObligationInfo]]:
    """Each standard and obligation named with the layer it comes from: in a layered policy the layer
    that added or last overrode it (the library's: the bottom edition's), else the edition itself."""
    own = {s.id: s.layer for s in policy.standards if s.layer}
    bottom = policy.layers[0] if policy.layers else policy.edition.name if policy.edition else policy.file

    def layer(standard: str) -> str:
        return own.get(standard, bottom)
    return ({k: replace(v, layer=layer(v.id)) for k, v in standards.items()},
            {k: replace(v, layer=layer(v.standard)) for k, v in obligations.items()})


@lru_cache(maxsize=1)
def _compiler_sources() -> bytes:
    """The compiler's own code is part of the key: a changed lowering must never reuse old output."""
    package = Path(__file__).resolve().parent.parent
    parts = [package / "runtime" / "builtins.py", *sorted((package / "language").glob("*.py")),
             *sorted((package / "compiler").glob("*.py"))]
    return b"".join(path.read_bytes() for path in parts if path.is_file())


_IMPORT = re.compile(r'\bimport\s+"([^"\n]*)"')


def _loaded_texts(text: str) -> list[tuple[str, str]]:
    """(file, text) of the prelude and each library `text` imports, with theirs in turn, read from
    the imports' words alone (no parse: a cache hit must stay cheap).  Reading one too many only
    widens the key; an unknown name adds nothing and the compile reports it."""
    wanted: set[str] = set()
    pending = _IMPORT.findall(text)
    while pending:
        name = pending.pop()
        library = read_text(LIBRARY, f"{name}.nsr") if name and "/" not in name else None
        if library is not None and name not in wanted:
            wanted.add(name)
            pending += _IMPORT.findall(library)
    return [(PRELUDE, _package_policy(PRELUDE)),
            *((f"library/{name}.nsr", read_text(LIBRARY, f"{name}.nsr") or "") for name in sorted(wanted))]


def _cache_key(text: str, file: str) -> str:
    """A hash of everything the Program depends on: the grammar, the compiler, the policy, the
    shared files it loads and, for a layer, its bases' texts."""
    from .. import __version__
    from .layers import base_texts
    bases = base_texts(text, file)
    digest = hashlib.sha256(_compiler_sources())
    for part in (CACHE_FORMAT, __version__, sys.version, file, read_text("grammar", "nsr.lark") or "",
                 *(t for pair in _loaded_texts("\n".join([text, *bases])) for t in pair), text, *bases):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


_MEMORY: dict[str, ir.Program] = {}


def compile_text(text: str, file: str) -> ir.Program:
    """The Program for a policy text: from memory, the cache file, or compiled afresh."""
    key = _cache_key(text, file)
    if key in _MEMORY:
        return _MEMORY[key]
    directory = cache_dir()
    path = directory / f"policy-{key}.json" if directory else None
    program = _read_cached(path, key) if path is not None else None
    if program is None:
        program = _compile(text, file)
        if path is not None:
            store(path, b'{"key":"%s","program":%s}' % (key.encode("ascii"), ir_codec.encode(program)))
    _MEMORY[key] = program
    return program


def _read_cached(path: Path, key: str) -> ir.Program | None:
    """The Program a cache file holds, or None (with a one-line warning) when the file is not the
    one this key wrote: it is then compiled again and the file rewritten."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        problem = error.strerror or str(error)
    else:
        # The key comes first, fixed width: a renamed file is refused before any decoding.
        prefix = b'{"key":"%s","program":' % key.encode("ascii")
        if not data.startswith(prefix) or not data.endswith(b"}"):
            problem = "it was not written for this policy"
        else:
            try:
                return ir_codec.decode(data[len(prefix):-1])
            except ir_codec.Undecodable as error:
                problem = str(error)
    print(f"warning: ignoring the compiled-policy cache {path} ({problem}); compiling the policy again",
          file=sys.stderr)
    return None


def compile_file(path: str | Path) -> ir.Program:
    """The Program of a policy file given by path, its edition named so that a copy of an
    installed edition is told apart from it (`2015 (my2015.nsr)`, see identity.py)."""
    from ..language.parse import read_policy
    from .identity import relabel
    text = read_policy(path)
    return relabel(compile_text(text, str(path)), text, str(path))


def family_files() -> list[str]:
    """Installed rule files of other kinds, by name: 'hmpps-tier/v3' for policies/hmpps-tier/v3.nsr.
    They are never editions of the National Standards (`--edition auto` does not pick them)."""
    return [f"{family}/{name[: -len('.nsr')]}" for family in FAMILIES for name in names(f"policies/{family}", ".nsr")]


FAMILIES = ("hmpps-tier",)   # folders of policies/ holding rule files of their own kind


def load_edition(edition: str) -> ir.Program:
    """The installed policy of an edition ('2007'), an installed rule file of another kind
    ('hmpps-tier/v3'), or a path to a .nsr file."""
    if edition in editions():
        return compile_text(_package_policy(f"{edition}.nsr"), f"policies/{edition}.nsr")
    if edition in family_files():
        family, name = edition.split("/", 1)
        return compile_text(read_text(f"policies/{family}", f"{name}.nsr") or "", f"policies/{edition}.nsr")
    if not edition.endswith(".nsr") and not Path(edition).exists():
        known = ", ".join([*editions(), *family_files()])
        raise PolicyError([Diagnostic(ast.Span(edition, 0, 0), f"unknown edition {edition!r}",
                                      expected=f"one of {known}, or a path to a .nsr file")])
    return compile_file(edition)
