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
import sys
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from ..cache import cache_dir, store
from ..resources import names, read_text
from ..language import ast
from ..language.errors import Diagnostic, PolicyError
from . import ir, ir_codec

def editions() -> list[str]:
    """The editions installed: every `policies/NAME.nsr` except the prelude (the shared rule files
    under `policies/library/` are never editions)."""
    return [name[: -len(".nsr")] for name in names("policies", ".nsr") if name != "prelude.nsr"]
CACHE_FORMAT = "7"   # bump when ir or the lowering changes shape
LIBRARY = "policies/library"   # rule files every edition loads beside the prelude (tiering, MAPPA)


def _library_texts() -> list[tuple[str, str]]:
    """(file name, text) of each shared rule file under policies/library, in name order."""
    return [(f"library/{name}", read_text(LIBRARY, name) or "") for name in names(LIBRARY, ".nsr")]


def _package_policy(name: str) -> str:
    text = read_text("policies", name)
    if text is None:
        raise PolicyError([Diagnostic(ast.Span(name, 0, 0), f"no policy file {name!r} is installed")])
    return text


@lru_cache(maxsize=1)
def shared() -> tuple[ast.Policy, ...]:
    """The prelude and the library files, each checked with the others' predicates in view."""
    from ..cases.load import vocabulary
    from ..language.check import check_policy
    from ..language.parse import parse_policy
    policies = [parse_policy(_package_policy("prelude.nsr"), "prelude.nsr")]
    policies += [parse_policy(text, name) for name, text in _library_texts()]
    problems = []
    for policy in policies:
        others = [p for p in policies if p is not policy]
        problems += check_policy(policy, vocabulary(), others, shared=True)
    if problems:
        raise PolicyError(problems)
    return tuple(policies)


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
    library = list(shared()) if policy.kind == ast.NATIONAL_STANDARDS else []
    problems = check_policy(policy, vocabulary(), library)
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


def _cache_key(text: str, file: str) -> str:
    """A hash of everything the Program depends on, a layer's bases' texts included."""
    from .. import __version__
    from .layers import base_texts
    digest = hashlib.sha256(_compiler_sources())
    for part in (CACHE_FORMAT, __version__, sys.version, file, read_text("grammar", "nsr.lark") or "",
                 _package_policy("prelude.nsr"), *(t for pair in _library_texts() for t in pair), text,
                 *base_texts(text, file)):
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
