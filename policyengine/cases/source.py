"""A case named on the command line: a file's path, or '-' for standard input."""
from __future__ import annotations

from ..files import STDIN, STDIN_NAME, read_stdin
from .load import CaseError, CaseProblem, load_case, load_case_text
from .model import Case


def read_case(name: str) -> Case:
    """The case file named, or with '-' the case on standard input (JSON when it starts with '{',
    else YAML). Raises CaseError naming the file, or <stdin>, in each problem."""
    if name != STDIN:
        return load_case(name)
    try:
        text = read_stdin()
    except UnicodeDecodeError:
        raise CaseError(STDIN_NAME, [CaseProblem("", "the input is not UTF-8 text")]) from None
    return load_case_text(text, STDIN_NAME, is_json=text.lstrip().startswith("{"))
