"""Case files: loading, validation messages, vocabulary and facts."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest

from policyengine.cases.facts import Fact, case_facts
from policyengine.cases.load import CaseError, CaseProblem, load_case, load_case_data, vocabulary
from policyengine.cases.model import Case

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SCHEMA = Path(__file__).resolve().parent.parent / "policyengine" / "cases" / "case.schema.json"
VALID_EXAMPLES = sorted(p.name for p in EXAMPLES.glob("*.yaml") if p.name != "invalid.yaml")


def minimal(**extra: object) -> dict[str, object]:
    """The smallest valid case, plus top-level overrides."""
    case: dict[str, object] = {
        "id": "CRN-T1",
        "sentences": [{"id": "s1", "type": "community_order", "date": "2008-01-07"}],
    }
    case.update(extra)
    return case


def problems(data: object) -> list[CaseProblem]:
    with pytest.raises(CaseError) as caught:
        load_case_data(data, "t.yaml")
    return caught.value.problems


def facts_of(case: Case, predicate: str) -> list[tuple]:
    return [f.args for f in case_facts(case) if f.predicate == predicate]


# ------------------------------------------------------------------ examples


def test_there_are_at_least_six_valid_examples() -> None:
    assert len(VALID_EXAMPLES) >= 6


@pytest.mark.parametrize("name", VALID_EXAMPLES)
def test_example_loads(name: str) -> None:
    case = load_case(EXAMPLES / name)
    assert case.source.endswith(name)
    assert case.events, "examples should have events"
    dates = [e.date for e in case.events]
    assert dates == sorted(dates), "examples keep events in date order"
    assert case_facts(case)


def test_invalid_example_reports_every_problem() -> None:
    with pytest.raises(CaseError) as caught:
        load_case(EXAMPLES / "invalid.yaml")
    # The message lists the kinds in the schema's order; the list itself is data, read from the schema.
    branches = json.loads(SCHEMA.read_text())["$defs"]["event"]["oneOf"]
    kinds = ", ".join(branch["$ref"].removeprefix("#/$defs/event_") for branch in branches)
    assert caught.value.problems == [
        CaseProblem("sentences[0].requirements[1].hours", "only applies to unpaid_work and attendance_centre requirements"),
        CaseProblem("assessments[0].tier", "must be between 1 and 4, not 5"),
        CaseProblem("periods[0].end", "2008-03-03 is before the start 2008-03-10"),
        CaseProblem("events[1].date", "'2008-02-30' is not a valid date"),
        CaseProblem("events[2].kind", f"unknown event kind 'court_appearance' (expected one of: {kinds})"),
        CaseProblem("events[3].mode", "required field is missing"),
        CaseProblem("events[5].failure", "refers to 'f9', but there is no failure_to_comply with that id"),
        CaseProblem("events[6].failure", "refers to 'c1', which is a contact, not a failure_to_comply"),
        CaseProblem("events[7].id", "duplicate id 'c1' (already used at events[0])"),
        CaseProblem("events[8].mode", "'fax' is not one of: face_to_face, telephone, video, letter, other"),
        CaseProblem("events[8].sentence", "refers to 's2', but there is no sentence with that id"),
    ]
    lines = str(caught.value).splitlines()
    assert len(lines) == 11
    assert all(line.startswith(str(EXAMPLES / "invalid.yaml") + ": ") for line in lines)
    assert str(EXAMPLES / "invalid.yaml") + ": events[1].date: '2008-02-30' is not a valid date" in lines


def test_a_reference_to_an_event_without_a_kind_reports_only_the_missing_kind() -> None:
    events = [{"id": "f1", "date": "2008-01-10", "sentence": "s1"},
              {"id": "w1", "kind": "warning", "date": "2008-01-11", "failure": "f1"}]
    assert problems(minimal(events=events)) == [CaseProblem("events[0].kind", "required field is missing")]


def test_the_example_in_the_docs_loads(tmp_path: Path) -> None:
    doc = (Path(__file__).resolve().parent.parent / "docs" / "case-files.md").read_text()
    block = doc.split("## An annotated example", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    (tmp_path / "doc.yaml").write_text(block)
    case = load_case(tmp_path / "doc.yaml")
    assert [e.id for e in case.events] == ["om1", "c1", "oa1", "sp1"]


# ------------------------------------------------------------------ parsing


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("id: CRN-1\nsentences:\n  - id: s1\n    type: [community_order\n    date: 2008-01-07\n")
    with pytest.raises(CaseError) as caught:
        load_case(path)
    (problem,) = caught.value.problems
    assert problem.path == ""
    assert problem.message.startswith("YAML syntax error at line 5, column 9:")
    assert str(caught.value).startswith(f"{path}: YAML syntax error at line 5")


def test_yaml_duplicate_key_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "dup.yaml"
    path.write_text("id: CRN-1\nid: CRN-2\nsentences: []\n")
    with pytest.raises(CaseError, match=r"line 2, column 1: duplicate key 'id'"):
        load_case(path)


def test_json_is_accepted_and_its_syntax_errors_name_the_line(tmp_path: Path) -> None:
    good = tmp_path / "case.json"
    good.write_text(json.dumps(minimal()))
    assert load_case(good).id == "CRN-T1"
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "id": "CRN-1",\n  "sentences": [\n}\n')
    with pytest.raises(CaseError, match=r"bad\.json: JSON syntax error at line 4, column 1"):
        load_case(bad)


def test_unreadable_empty_and_wrong_top_level_are_case_errors(tmp_path: Path) -> None:
    with pytest.raises(CaseError, match="cannot read the file: No such file or directory"):
        load_case(tmp_path / "missing.yaml")
    (tmp_path / "empty.yaml").write_text("# nothing here\n")
    with pytest.raises(CaseError, match="the file is empty"):
        load_case(tmp_path / "empty.yaml")
    (tmp_path / "list.yaml").write_text("- a\n- b\n")
    with pytest.raises(CaseError, match="expected a mapping .* at the top level, got a list"):
        load_case(tmp_path / "list.yaml")
    (tmp_path / "binary.yaml").write_bytes(b"\xff\xfe\x00id")
    with pytest.raises(CaseError, match="not UTF-8"):
        load_case(tmp_path / "binary.yaml")


def test_yaml_keeps_on_and_no_as_text(tmp_path: Path) -> None:
    """YAML 1.1 would read `on:` as the boolean true; case files must not."""
    path = tmp_path / "release.yaml"
    path.write_text(
        "id: CRN-1\n"
        "sentences: [{id: s1, type: custody, date: 2015-06-24}]\n"
        "events: [{id: r1, kind: release, date: 2016-12-23, on: licence, note: no}]\n"
    )
    (event,) = load_case(path).events
    assert event.fields == {"on": "licence"}
    assert event.note == "no"


def test_dates_may_be_date_objects_or_strings() -> None:
    case = load_case_data(
        minimal(events=[{"id": "c1", "kind": "contact", "date": date(2008, 1, 9), "mode": "letter", "with": "other"}]),
        "t.yaml",
    )
    assert case.events[0].date == date(2008, 1, 9)
    assert case.sentences[0].date == date(2008, 1, 7)


def test_plain_english_messages() -> None:
    data = minimal(
        offender={"gender": "m", "date_of_birth": "02/04/1985"},
        events=[
            {"id": "c1", "kind": "contact", "date": "2008-01-09", "mode": "letter", "with": "other", "mood": "x"},
            {"id": "c2", "kind": "contcat", "date": "2008-01-10"},
            {"id": "c3", "date": "2008-01-10"},
            "c4",
            {"id": "w1", "kind": "warning", "date": "2008-01-08", "failure": "f1"},
            {"id": "f1", "kind": "failure_to_comply", "date": "2008-01-09", "explained_in_advance": "yes"},
        ],
        assessments=[{"date": "2008-01-07"}, {"date": "2008-01-07", "tier": 2}, {"date": "2008-01-07", "tier": 3}],
        periods=[{"id": "s1", "kind": "hospital", "start": "2008-02-01"}],
    )
    data["sentences"][0].update(length_months="twelve", release_date="2009-01-01")  # type: ignore[index]
    assert [str(p) for p in problems(data)] == [
        "sentences[0].length_months: expected a whole number, got 'twelve'",
        "sentences[0].release_date: only applies to custody sentences",
        "offender.gender: 'm' is not one of: male, female, other",
        "offender.date_of_birth: '02/04/1985' is not a valid date (write dates as YYYY-MM-DD)",
        "events[0].mood: unknown field (did you mean 'mode'?)",
        "events[1].kind: unknown event kind 'contcat' (did you mean 'contact'?)",
        "events[2].kind: required field is missing",
        "events[3]: expected a mapping, got 'c4'",
        "events[4].failure: refers to 'f1', which is dated later (2008-01-09)",
        "events[5].explained_in_advance: expected true or false, got 'yes'",
        "assessments[0]: sets none of tier, rosh, ppo, ogrs, ogp, mappa_category, mappa_level",
        "assessments[2].tier: assessments[1] also sets tier on 2008-01-07",
        "periods[0].id: duplicate id 's1' (already used at sentences[0])",
    ]


def test_missing_top_level_fields() -> None:
    assert problems({"sentences": []}) == [
        CaseProblem("sentences", "must have at least 1 entry"),
        CaseProblem("id", "required field is missing"),
    ]


# ------------------------------------------------------------------ schema and vocabulary


def test_schema_is_valid_and_regular() -> None:
    schema = json.loads(SCHEMA.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    branches = schema["$defs"]["event"]["oneOf"]
    for branch in branches:
        name = branch["$ref"].removeprefix("#/$defs/")
        definition = schema["$defs"][name]
        assert name == "event_" + definition["properties"]["kind"]["const"]
        assert definition["additionalProperties"] is False
        assert {"id", "kind", "date"} <= set(definition["required"])
    event_defs = {k for k in schema["$defs"] if k.startswith("event_")}
    assert event_defs == {b["$ref"].removeprefix("#/$defs/") for b in branches}


def test_vocabulary() -> None:
    vocab = vocabulary()
    assert vocab["contact"] == {
        "mode": "enum:face_to_face|telephone|video|letter|other",
        "with": "enum:offender_manager|offender_supervisor|key_worker|treatment_provider|placement_supervisor|other",
        "purpose": "string",
        "duration_minutes": "integer",
    }
    assert vocab["warning"] == {"failure": "ref", "type": "enum:first|final"}
    assert vocab["release"] == {"on": "enum:licence|post_sentence_supervision|unconditional", "licence_end": "date",
                                "same_day_contact_impractical_reason": "string"}
    assert vocab["approved_premises_arrival"] == {"bailee": "boolean"}
    assert vocab["failure_to_comply"]["explained_in_advance"] == "boolean"
    assert vocab["recall"] == {}
    assert vocab["sentence"] == {
        "type": "enum:community_order|suspended_sentence_order|custody|licence|post_sentence_supervision",
        "length_months": "integer",
    }
    branches = json.loads(SCHEMA.read_text())["$defs"]["event"]["oneOf"]
    assert set(vocab) == {b["$ref"].removeprefix("#/$defs/event_") for b in branches} | {"sentence"}
    assert vocab["rotl_report_requested"] == {"decision_date": "date"}
    vocab["contact"]["mode"] = "changed"
    assert vocabulary()["contact"]["mode"] != "changed", "callers get a copy"


# ------------------------------------------------------------------ facts


def test_assessment_timelines() -> None:
    case = load_case_data(
        minimal(
            assessments=[
                {"date": "2008-03-01", "rosh": "high", "ppo": True},
                {"date": "2008-01-07", "tier": 3, "rosh": "medium", "ogrs": 60},
                {"date": "2008-02-01", "tier": 4},
                {"date": "2008-04-01", "tier": 4, "mappa_category": 2, "mappa_level": 1},
            ]
        ),
        "t.yaml",
    )
    assert facts_of(case, "tier_during") == [
        (3, date(2008, 1, 7), date(2008, 2, 1)),
        (4, date(2008, 2, 1), date(2008, 4, 1)),
        (4, date(2008, 4, 1), date.max),
    ]
    assert facts_of(case, "rosh_during") == [
        ("medium", date(2008, 1, 7), date(2008, 3, 1)),
        ("high", date(2008, 3, 1), date.max),
    ]
    assert facts_of(case, "ppo_during") == [(True, date(2008, 3, 1), date.max)]
    assert facts_of(case, "ogrs_during") == [(60, date(2008, 1, 7), date.max)]
    assert facts_of(case, "ogp_during") == []
    assert facts_of(case, "mappa_category_during") == [(2, date(2008, 4, 1), date.max)]
    assert facts_of(case, "mappa_level_during") == [(1, date(2008, 4, 1), date.max)]
    sources = {f.source for f in case_facts(case) if f.predicate == "tier_during"}
    assert sources == {"assessments[1].tier", "assessments[2].tier", "assessments[3].tier"}


def test_event_sentence_defaults_to_the_latest_sentence_passed() -> None:
    event = {"id": "c1", "kind": "contact", "date": "2008-01-09", "mode": "letter", "with": "other"}
    one = load_case_data(minimal(events=[event]), "t.yaml")
    assert Fact("event_sentence", ("c1", "s1"), "events[0]") in case_facts(one)
    assert Fact("event_sentence", ("s1", "s1"), "sentences[0]") in case_facts(one)

    two_sentences = [
        {"id": "s1", "type": "community_order", "date": "2008-01-07"},
        {"id": "s2", "type": "suspended_sentence_order", "date": "2008-01-08"},
    ]
    two = load_case_data(minimal(sentences=two_sentences, events=[event]), "t.yaml")
    # c1 on 9 Jan: s2 (8 Jan) is the latest sentence passed on or before it.
    assert facts_of(two, "event_sentence") == [("s1", "s1"), ("s2", "s2"), ("c1", "s2")]
    early = load_case_data(minimal(sentences=two_sentences, events=[{**event, "date": "2008-01-07"}]), "t.yaml")
    assert ("c1", "s1") in facts_of(early, "event_sentence")

    explicit = load_case_data(minimal(sentences=two_sentences, events=[{**event, "sentence": "s2"}]), "t.yaml")
    assert Fact("event_sentence", ("c1", "s2"), "events[0].sentence") in case_facts(explicit)


def test_sentence_facts_and_end_clamping() -> None:
    case = load_case_data(
        minimal(
            sentences=[
                {
                    "id": "s1",
                    "type": "community_order",
                    "date": "2007-08-31",
                    "length_months": 6,
                    "psr": "oral",
                    "requirements": [{"kind": "supervision"}, {"kind": "drr", "seriousness": "low", "months": 6}],
                },
                {"id": "s2", "type": "custody", "date": "2008-01-31", "length_months": 1, "release_date": "2008-01-31"},
                {"id": "s3", "type": "licence", "date": "2008-01-31", "length_months": 1, "end_date": "2008-03-15"},
                {"id": "s4", "type": "community_order", "date": "2008-01-31"},
            ]
        ),
        "t.yaml",
    )
    assert facts_of(case, "sentence_end") == [
        ("s1", date(2008, 2, 29)),
        ("s2", date(2008, 2, 29)),
        ("s3", date(2008, 3, 16)),  # end_date is the last day: the sentence is over from the next day
    ]
    assert facts_of(case, "sentence")[0] == ("s1", "community_order", date(2007, 8, 31))
    assert facts_of(case, "sentence_length_months") == [("s1", 6), ("s2", 1), ("s3", 1)]
    assert facts_of(case, "sentence_release_date") == [("s2", date(2008, 1, 31))]
    assert facts_of(case, "psr") == [("s1", "oral")]
    assert facts_of(case, "requirement") == [("s1", "supervision"), ("s1", "drr")]
    assert facts_of(case, "requirement_param") == [("s1", "drr", "seriousness", "low"), ("s1", "drr", "months", 6)]
    assert ("s1", "sentence", date(2007, 8, 31)) in facts_of(case, "event")
    assert ("s1", "type", "community_order") in facts_of(case, "event_field")


def test_periods_until_is_exclusive() -> None:
    case = load_case_data(
        minimal(
            periods=[
                {"id": "p1", "kind": "custody", "start": "2008-03-03", "end": "2008-03-28"},
                {"id": "p2", "kind": "certified_sickness", "start": "2008-12-31", "end": "2008-12-31"},
                {"id": "p3", "kind": "hospital", "start": "2009-02-01"},
            ]
        ),
        "t.yaml",
    )
    assert facts_of(case, "period") == [
        ("p1", "custody", date(2008, 3, 3), date(2008, 3, 29)),
        ("p2", "certified_sickness", date(2008, 12, 31), date(2009, 1, 1)),
        ("p3", "hospital", date(2009, 2, 1), date.max),
    ]


def test_event_fields_are_typed_and_judgements_are_facts() -> None:
    case = load_case_data(
        minimal(
            events=[
                {
                    "id": "f1",
                    "kind": "failure_to_comply",
                    "date": "2008-02-07",
                    "explained_in_advance": False,
                    "explanation_received": "2008-02-11",
                    "note": "free text",
                },
                {"id": "w1", "kind": "warning", "date": "2008-02-15", "failure": "f1"},
                {"id": "ws1", "kind": "work_session", "date": "2008-02-16", "duration_minutes": 420},
            ],
            judgements=[{"standard": "2f.3", "date": "2008-02-08", "met": True, "by": "SPO J Smith", "reason": "ok"}],
        ),
        "t.yaml",
    )
    assert facts_of(case, "event_field") == [
        ("s1", "type", "community_order"),
        ("f1", "explained_in_advance", False),
        ("f1", "explanation_received", date(2008, 2, 11)),
        ("w1", "failure", "f1"),
        ("ws1", "duration_minutes", 420),
    ]
    assert Fact("event", ("w1", "warning", date(2008, 2, 15)), "events[1]") in case_facts(case)
    assert Fact("judgement", ("2f.3", True, date(2008, 2, 8)), "judgements[0]") in case_facts(case)
    assert case.judgements[0].by == "SPO J Smith"


def test_tier4_example_facts() -> None:
    case = load_case(EXAMPLES / "tier4-community-order.yaml")
    facts = case_facts(case)
    assert Fact("sentence", ("s1", "community_order", date(2007, 12, 21)), "sentences[0]") in facts
    assert Fact("psr", ("s1", "standard_delivery"), "sentences[0].psr") in facts
    assert Fact("requirement", ("s1", "supervision"), "sentences[0].requirements[0]") in facts
    assert Fact("event", ("c1", "contact", date(2007, 12, 27)), "events[1]") in facts
    assert Fact("event_field", ("c1", "with", "offender_manager"), "events[1].with") in facts
    assert ("s1", date(2008, 12, 21)) in facts_of(case, "sentence_end")
    assert facts_of(case, "tier_during") == [
        (4, date(2007, 12, 14), date(2008, 1, 2)),
        (4, date(2008, 1, 2), date.max),
    ]
    assert all(isinstance(f.args, tuple) and f.source for f in facts)


def test_offender_gender_and_flags_become_facts() -> None:
    case = load_case_data(
        {**minimal(), "offender": {"gender": "female"}, "flags": ["children_safeguarding_concern"]}, "t.yaml"
    )
    assert Fact("offender_gender", ("female",), "offender.gender") in case_facts(case)
    assert Fact("case_flag", ("children_safeguarding_concern",), "flags[0]") in case_facts(case)
    with pytest.raises(CaseError) as caught:
        load_case_data({**minimal(), "flags": ["unknown_flag"]}, "t.yaml")
    assert caught.value.problems[0].path == "flags[0]"


def test_every_event_kind_is_documented() -> None:
    """docs/case-files.md has a row for every event kind the schema defines."""
    doc = (SCHEMA.parent.parent.parent / "docs" / "case-files.md").read_text()
    undocumented = [kind for kind in vocabulary() if f"| `{kind}` |" not in doc]
    assert undocumented == []
