"""Convert the hmpps-tier service's own test cases into `nsr test` files.

`../shared/hmpps-tier/cases.yaml` holds 217 test cases of ministryofjustice/hmpps-tier (its
Cucumber scenarios, integration and unit tests at commit affac98) in neutral terms: the inputs,
and what each test asserts.  This script writes them as policy tests of the rule files in
`policies/hmpps-tier/`, one YAML file per source test file, under `policies/hmpps-tier/tests/`:

    .venv/bin/python scripts/convert_hmpps_tier_cases.py [CASES.yaml] [OUT_DIR]
        (defaults: ../shared/hmpps-tier/cases.yaml, policies/hmpps-tier/tests)

Each test keeps the source test's id and name.  A v2 case runs under `hmpps-tier/v2`, a v3 case
under `hmpps-tier/v3-2026-06-18` (the rules the tests were written for); a case asserting both
becomes one test per framework, each given only the inputs its rule file declares.  How the
neutral inputs become input facts:

    v2: gender, rsr, ogrs, rosh, mappa_level, complexity_factors, iom_nominal/unsupervised
        (-> registered), previous_enforcement_activity, convictions (-> conviction, requirement;
        else mandate_for_change), assessment (-> assessment(san), need, and the women's factor
        answers), womens_factor_answers, section/answers/san (a need section's answers)
    v3: active_event, predictors (-> arp, csrp, dc_srp; the predictors' bands, which the rules
        do not read, are left out), rosh, mappa_category, lifer_ipp/domestic_abuse/stalking/
        child_protection (-> registered), latest_release_date, ever_committed_sexual_offence,
        step_results (-> step_result).  A DC-SRP without a band is left out: the service ignores it
        (ogrs4/ValidPredictor.kt validate() needs a band) and the input declares the band required.

An input key the script does not know stops it: nothing is dropped silently.  A case it cannot
convert is written to `policies/hmpps-tier/not-converted.yaml` with the reason; every case is
either converted or listed there (the script checks the count).  Run it again after the cases
or the rule files change; the output is committed, so the project's tests never read ../shared.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

V2, V3 = "hmpps-tier/v2", "hmpps-tier/v3-2026-06-18"
NOT_CONVERTIBLE = {
    "input_mapping": "asserts how DeliusApiService maps Delius registration codes to its inputs (section 2.2), "
                     "which happens before the rules: the rule files take the mapped inputs",
    "score_format": "reads a stored calculation back (protect C, change 3, unsupervised) and formats it; "
                    "no rules run on inputs",
}
# Inputs each framework does not read (they belong to the other one).
V2_ONLY = {"gender", "rsr", "ogrs", "previous_enforcement_activity", "convictions", "mandate_for_change",
           "mappa_level", "complexity_factors", "iom_nominal", "unsupervised", "assessment",
           "womens_factor_answers", "section", "answers", "san"}
V3_ONLY = {"active_event", "predictors", "mappa_category", "lifer_ipp", "domestic_abuse", "stalking",
           "child_protection", "latest_release_date", "latest_release_offset", "ever_committed_sexual_offence",
           "step_results"}
SHARED = {"rosh"}
V2_EXPECT = {"protect_points", "protect_level", "change_points", "change_level", "tier_score", "points", "score",
             "severity", "has_no_mandate"}
V3_EXPECT = {"tier", "provisional"}
_ANSWER = re.compile(r"[A-Z]")


class Unconvertible(Exception):
    pass


def v2_inputs(given: dict) -> dict:
    out: dict = {}
    if given.get("gender") is not None:
        out["gender"] = given["gender"]
    if given.get("rsr") is not None:
        out["rsr"] = given["rsr"]
    if given.get("ogrs") is not None:
        out["ogrs"] = given["ogrs"]
    if given.get("rosh") is not None:
        out["rosh"] = given["rosh"]
    if given.get("mappa_level") is not None:
        out["mappa_level"] = given["mappa_level"]
    if given.get("complexity_factors"):
        out["complexity_factor"] = list(given["complexity_factors"])
    registered = [name for name in ("iom_nominal", "unsupervised") if given.get(name)]
    if registered:
        out["registered"] = registered
    if given.get("previous_enforcement_activity") is not None:
        out["previous_enforcement_activity"] = given["previous_enforcement_activity"]
    if given.get("convictions") is not None:
        convictions, requirements = [], []
        for index, conviction in enumerate(given["convictions"], start=1):
            ident = f"c{index}"
            convictions.append({"id": ident, "sentence_code": conviction["sentence_code"],
                                "terminated": bool(conviction["terminated"])})
            for requirement in conviction["requirements"]:
                requirements.append({"conviction": ident, "category": requirement["category"],
                                     "restrictive": bool(requirement["restrictive"])})
        if convictions:
            out["conviction"] = convictions
        if requirements:
            out["requirement"] = requirements
        if not convictions and "mandate_for_change" not in given:
            pass   # no current conviction: no mandate (nothing to give)
    elif given.get("mandate_for_change") is not None:
        out["mandate_for_change"] = given["mandate_for_change"]
    assessment = given.get("assessment")
    if assessment is not None:
        out["assessment"] = bool(assessment.get("san"))
        needs = assessment.get("needs") or {}
        if needs:
            out["need"] = [{"section": section, "severity": severity} for section, severity in needs.items()]
        out.update(_womens(assessment.get("womens_factors") or {}))
    if given.get("womens_factor_answers") is not None:
        out.update(_womens(given["womens_factor_answers"]))
    if given.get("section") is not None:   # one need section, scored from its answers
        out["assessment"] = bool(given.get("san"))
        out["answer"] = [{"section": given["section"], "question": _snake(question), "answer": answer}
                         for question, answer in (given.get("answers") or {}).items()]
    return out


def _womens(answers: dict) -> dict:
    known = {"parenting_responsibilities", "impulsivity", "temper_control"}
    unknown = set(answers) - known
    if unknown:
        raise Unconvertible(f"unknown women's factor answers {sorted(unknown)}")
    return {name: value for name, value in answers.items() if value is not None}


def _snake(name: str) -> str:
    return _ANSWER.sub(lambda m: "_" + m.group(0).lower(), name)


def v3_inputs(given: dict, as_of: str) -> dict:
    out: dict = {}
    if given.get("active_event") is not None:
        out["active_event"] = given["active_event"]
    predictors = given.get("predictors")
    if predictors:
        for name in ("arp", "csrp"):
            value = predictors.get(name)
            if value and value.get("score") is not None:
                out[name] = {"score": value["score"], "type": value["type"]}
        dc_srp = predictors.get("dc_srp")
        if dc_srp and dc_srp.get("score") is not None and dc_srp.get("band") is not None:
            out["dc_srp"] = {"score": dc_srp["score"], "band": dc_srp["band"]}
    if given.get("rosh") is not None:
        out["rosh"] = given["rosh"]
    if given.get("mappa_category") is not None:
        out["mappa_category"] = given["mappa_category"]
    registered = [name for name in ("lifer_ipp", "domestic_abuse", "stalking", "child_protection") if given.get(name)]
    if registered:
        out["registered"] = registered
    if given.get("latest_release_date") is not None:
        out["latest_release"] = str(given["latest_release_date"])
    if given.get("ever_committed_sexual_offence") is not None:
        out["ever_committed_sexual_offence"] = given["ever_committed_sexual_offence"]
    if given.get("step_results"):
        out["step_result"] = [{"step": step, "tier": tier} for step, tier in given["step_results"].items()]
    return out


def v2_expect(expect: dict, given: dict) -> list[dict]:
    out = []
    for key, value in expect.items():
        if key == "protect_points":
            out.append({"result": "protect_points", "values": [value]})
        elif key == "protect_level":
            out.append({"result": "protect_level", "values": [value]})
        elif key == "change_points":
            out.append({"result": "change_points", "values": [value]})
        elif key == "change_level":
            out.append({"result": "change_level", "values": [value]})
        elif key == "tier_score":
            match = re.fullmatch(r"([A-D])([0-3])(S?)", value)
            if not match:
                raise Unconvertible(f"tier score {value!r} is not a protect letter, change digit and optional S")
            out.append({"result": "tier_score", "values": [match[1], int(match[2]), match[3]]})
        elif key == "points":
            out.append({"result": "womens_points", "values": [value]})
        elif key == "score":
            out.append({"result": "need_score", "values": None if value is None else [given["section"], value]})
        elif key == "severity":
            out.append({"result": "need_severity", "values": None if value is None else [given["section"], value]})
        elif key == "has_no_mandate":
            out.append({"result": "has_no_mandate", "values": [value]})
    return out


def v3_expect(expect: dict) -> list[dict]:
    out = []
    for key, value in expect.items():
        if key == "tier":
            out.append({"result": "tier", "values": [value]})
        elif key == "provisional":
            out.append({"result": "provisional", "values": [value]})
    return out


def convert(case: dict, as_of: str) -> list[dict]:
    """The policy tests for one case (one per framework it asserts)."""
    if case["component"] in NOT_CONVERTIBLE:
        raise Unconvertible(NOT_CONVERTIBLE[case["component"]])
    given = case["inputs"]
    unknown = set(given) - V2_ONLY - V3_ONLY - SHARED - {"registrations", "protect_level", "change_level"}
    if unknown:
        raise SystemExit(f"{case['id']}: inputs the converter does not know: {sorted(unknown)}")
    unknown = set(case["expect"]) - V2_EXPECT - V3_EXPECT
    if unknown:
        raise Unconvertible(f"asserts {sorted(unknown)}, which no rule file reports")
    tests = []
    name = f"{case['id']}: {case['source']['test']}"
    for framework, edition, inputs, expect in (
            ("v2", V2, lambda: v2_inputs(given), lambda: v2_expect(case["expect"], given)),
            ("v3", V3, lambda: v3_inputs(given, as_of), lambda: v3_expect(case["expect"]))):
        expected = expect()
        if not expected:
            continue
        tests.append({
            "name": name + (f" [{framework}]" if case["framework"] == "v2+v3" else ""),
            "case": {"id": case["id"], "kind": "hmpps_tier", "note": case.get("note"), "inputs": inputs()},
            "as_of": as_of,
            "edition": edition,
            "expect": expected,
        })
    if not tests:
        raise Unconvertible("asserts nothing a rule file reports")
    for test in tests:
        if test["case"]["note"] is None:
            del test["case"]["note"]
    return tests


def _file_name(source_file: str) -> str:
    stem = Path(source_file).name
    for suffix in (".feature", ".kt", ".sql"):
        stem = stem.removesuffix(suffix)
    return re.sub(r"[^A-Za-z0-9]+", "-", stem).strip("-").lower() + ".yaml"


def main(argv: list[str]) -> int:
    source = Path(argv[1]) if len(argv) > 1 else Path("../shared/hmpps-tier/cases.yaml")
    out_dir = Path(argv[2]) if len(argv) > 2 else Path("policies/hmpps-tier/tests")
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    as_of = str(data["meta"]["as_of"])
    commit = data["meta"]["source"]["commit"]
    files: dict[str, list[dict]] = {}
    sources: dict[str, str] = {}
    skipped: list[dict] = []
    converted = 0
    for case in data["cases"]:
        try:
            tests = convert(case, as_of)
        except Unconvertible as reason:
            skipped.append({"id": case["id"], "test": case["source"]["test"], "file": case["source"]["file"],
                            "reason": str(reason)})
            continue
        converted += 1
        name = _file_name(case["source"]["file"])
        sources[name] = case["source"]["file"]
        files.setdefault(name, []).extend(tests)
    if converted + len(skipped) != len(data["cases"]):
        raise SystemExit("a case was neither converted nor listed")
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.yaml"):
        old.unlink()
    for name, tests in sorted(files.items()):
        head = (f"# Converted by scripts/convert_hmpps_tier_cases.py from ../shared/hmpps-tier/cases.yaml: the tests of\n"
                f"# ministryofjustice/hmpps-tier @ {commit[:7]} in {sources[name]}.\n"
                "# Do not edit by hand: change the converter and run it again.\n")
        body = yaml.safe_dump({"tests": tests}, sort_keys=False, allow_unicode=True, width=110)
        (out_dir / name).write_text(head + body, encoding="utf-8")
    listing = (f"# Cases of ../shared/hmpps-tier/cases.yaml that scripts/convert_hmpps_tier_cases.py does not\n"
               f"# convert, each with the reason. {converted} of {len(data['cases'])} cases are converted.\n")
    listed = out_dir.parent / "not-converted.yaml"
    listed.write_text(
        listing + yaml.safe_dump({"converted": converted, "cases": len(data["cases"]), "not_converted": skipped},
                                 sort_keys=False, width=110), encoding="utf-8")
    print(f"{converted} of {len(data['cases'])} cases converted into {sum(map(len, files.values()))} tests in "
          f"{len(files)} files under {out_dir}; {len(skipped)} listed in {listed}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
