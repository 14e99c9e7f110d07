"""scripts/check_quotes.py: what counts as the source's own words, on small strings.

The script itself reads the source documents (`.ci/run` runs it where they are); these tests
never do: every "document" here is a string written in the test.
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _script():
    spec = importlib.util.spec_from_file_location("check_quotes", ROOT / "scripts" / "check_quotes.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module   # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


cq = _script()

# Shaped like 2c.13 of the 2007 National Standards as the PDF extraction gives it.
SOURCE_2C13 = """2c.13 

For release on licence: 
\u2022 the first contact between the offender and the Offender Manager is 

arranged to take place on the day of release (or the first following working 
day when this is impractical) 

The offender is reminded that the licence period forms part of the original 
sentence 
The second contact may be a home visit, which simultaneously meets the 
home visit requirement under 2c.15 below 
"""


def doc(text: str, name: str = "doc.txt"):
    return cq.Document.of(name, text)


def holds(text: str, quote: str, table: bool = False) -> bool:
    return cq.found(quote, cq.normalise(text), table)


# ------------------------------------------------------------------ normalisation
def test_line_breaks_and_runs_of_spaces_are_ignored():
    assert cq.normalise("the  Offender\nManager  is\n\n assigned") == cq.normalise("the Offender Manager is assigned")


def test_joined_split_and_hyphenated_words_are_the_same_word():
    written = cq.normalise("a face-to-face meeting post-release")
    assert cq.normalise("a facetoface meeting postrelease") == written        # joined by the extraction
    assert cq.normalise("a face to face meeting post release") == written     # split by it
    assert cq.normalise("a face-to-\nface meeting post-\nrelease") == written  # hyphenated at a line end


def test_a_hyphen_between_figures_is_kept():
    assert cq.normalise("tiers 1-3") == cq.normalise("tiers 1 \u2013 3")   # en dash and hyphen alike
    assert cq.normalise("tiers 1-3") != cq.normalise("tiers 13")


def test_typographic_quotes_and_dashes_read_as_ascii():
    assert cq.normalise("\u201cspent\u201d \u2014 the offender\u2019s") == cq.normalise("\"spent\" - the offender's")
    assert cq.normalise("\u201cspent\u201d") != cq.normalise("spent")   # leaving the quotation marks out is a change


def test_bullets_and_what_the_extraction_made_of_them_are_ignored():
    listed = "within: \u2022 1 working day \u2022 3 working days for: o tier 4 \uf0b7 tier 3"
    assert cq.normalise(listed) == cq.normalise("within: 1 working day 3 working days for: tier 4 tier 3")
    assert cq.normalise("o") == "" and cq.normalise("to or from") == "toorfrom"


def test_markup_left_by_the_extraction_is_ignored_but_an_asterisk_mark_is_not():
    assert cq.normalise("<p><i>A plan includes:</i></p> <ul style=\"x\"> \u2022 *officers* **hope**") == \
        cq.normalise("A plan includes: officers hope")
    assert cq.normalise("1.* The case") != cq.normalise("1. The case")   # the * marking a row stays


def test_a_superscript_footnote_mark_reads_as_its_figure():
    assert cq.normalise("The victim(s)\u00b2 of") == cq.normalise("The victim(s) 2 of")


# ------------------------------------------------------------------ matching
def test_a_verbatim_quote_is_found_across_the_layout():
    assert holds(SOURCE_2C13, "For release on licence: the first contact between the offender and the Offender "
                              "Manager is arranged to take place on the day of release")


def test_a_changed_paragraph_number_is_not_found():
    assert holds(SOURCE_2C13, "which simultaneously meets the home visit requirement under 2c.15")
    assert not holds(SOURCE_2C13, "which simultaneously meets the home visit requirement under 2c.16")


def test_list_items_joined_with_semicolons_are_not_the_source():
    assert not holds(SOURCE_2C13, "is arranged to take place on the day of release (or the first following working "
                                  "day when this is impractical); The offender is reminded")


def test_an_ellipsis_skips_text_and_each_part_must_follow_in_order():
    quote = "For release on licence: \u2026 the licence period forms part of the original sentence"
    assert holds(SOURCE_2C13, quote)
    assert holds(SOURCE_2C13, quote.replace("\u2026", "...."))
    assert not holds(SOURCE_2C13, "the licence period forms part of the original sentence \u2026 For release on licence:")
    assert not holds(SOURCE_2C13, "For release on licence: \u2026 the licence period is part of the sentence")


def test_the_parts_of_an_elided_quote_must_be_close_together():
    far = "The first part is here. " + "Unrelated words. " * 200 + "The second part is there."
    assert len(cq.normalise(far)) > cq.ELISION_GAP
    assert not holds(far, "The first part is here. ... The second part is there.")
    assert holds(far, "The first part is here. ... Unrelated words.")


def test_parts_are_split_at_each_ellipsis():
    assert cq.parts("within: 2 working days ....unless the specification\u2026 requires") == \
        ["within:2workingdays", "unlessthespecification", "requires"]
    assert cq.parts("...only the middle...") == ["onlythemiddle"]


def test_a_table_quote_may_have_other_cells_between_its_words():
    row = ("1.* The sentence is The case is created or updated All Contract\n"
           "commenced on Authority approved IT Management and/or\nsystems. Audit\n")
    quote = "1.* The case is created or updated on Authority approved IT systems."
    assert not holds(row, quote)
    assert holds(row, quote, table=True)
    assert not holds(row, quote.replace("Authority", "NOMS"), table=True)
    assert not holds(row, "1.* The case is updated or created on Authority approved IT systems.", table=True)


# ------------------------------------------------------------------ the report
def test_the_closest_passage_and_the_words_that_differ():
    documents = [doc("Nothing to see in this one at all, none.\n", "a.txt"), doc(SOURCE_2C13, "b.txt")]
    quote = "The second contact may be a home visit, which simultaneously meets the home visit requirement under 2c.16"
    document, start, end = cq.closest(quote, documents)
    passage = document.passage(start, end)
    assert document.name == "b.txt" and document.line_of(start) == 11   # counted in SOURCE_2C13
    assert passage.startswith("The second contact may be a home visit") and "under 2c.15" in passage
    assert cq.differences(quote, passage) == ["[-2c.16-] {+2c.15+}"]


def quote(text: str, mark: str = ""):
    return cq.Quote("policies/x.nsr", 7, "2c.13", text, mark)


def test_check_reports_the_rule_file_line_and_the_source_nearby():
    problem = cq.check(quote("meets the home visit requirement under 2c.16"), [doc(SOURCE_2C13)])
    lines = problem.splitlines()
    assert lines[0] == "policies/x.nsr:7: standard 2c.13: not found in the source documents"
    assert lines[1] == "  quote:  meets the home visit requirement under 2c.16"
    assert lines[2].startswith("  source: meets the home visit requirement under 2c.15") and "doc.txt, line 11" in lines[2]
    assert lines[3] == "  differs: [-2c.16-] {+2c.15+}"
    assert all(len(line) <= cq.WIDTH for line in lines)
    assert cq.check(quote("meets the home visit requirement under 2c.15"), [doc(SOURCE_2C13)]) is None


def test_a_quote_from_another_document_is_not_checked_but_a_wrong_mark_is_reported():
    outside = quote("A sentence from an Act of Parliament.", "from Criminal Justice Act 2003, section 325")
    assert outside.elsewhere == "Criminal Justice Act 2003, section 325"
    assert cq.check(outside, [doc(SOURCE_2C13)]) is None
    inside = quote("The offender is reminded that the licence period", "from somewhere else")
    assert "found in the source documents: remove the mark" in said(cq.check(inside, [doc(SOURCE_2C13)]))
    assert "unknown mark '# quote: tabel'" in said(cq.check(quote("x", "tabel"), [doc(SOURCE_2C13)]))
    assert "found as written: remove the mark" in said(cq.check(quote("The offender is reminded", "table"),
                                                                [doc(SOURCE_2C13)]))


def said(message: str) -> str:
    """A wrapped message as one line."""
    return " ".join(message.split())


def test_quotes_come_from_the_parser_with_their_lines_and_marks(tmp_path):
    rules = tmp_path / "t.nsr"
    rules.write_text('edition "t" { title "T" }\n'
                     'standard "9.1" {\n'
                     '  title "x"\n'
                     '  quote "first"\n'
                     '  # quote: table\n'
                     '  quote "second \\"quoted\\""\n'
                     '  # quote: from Criminal Justice Act 2003, section 325\n'
                     '  quote "third"\n'
                     '  obligation o {\n    after sentence\n    judgement\n  }\n'
                     '}\n', encoding="utf-8")
    found = cq.quotes_in(rules, "t.nsr")
    assert [(q.line, q.standard, q.text, q.mark) for q in found] == [
        (4, "9.1", "first", ""), (6, "9.1", 'second "quoted"', "table"),
        (8, "9.1", "third", "from Criminal Justice Act 2003, section 325")]


def test_exit_code_2_when_the_documents_cannot_be_read(tmp_path, capsys):
    assert cq.main([str(tmp_path / "missing")]) == 2
    assert "no source documents" in capsys.readouterr().err
