"""Write the hmpps-tier service's own v3 tests of March and early April 2026 as `nsr test` files.

The four v3 versions before 2026-04-23 (policies/hmpps-tier/v3-2026-03-16.nsr ... v3-2026-04-01.nsr)
are tested with the service's tests AT THE COMMIT each version encodes, not with today's:

    version      commit     tests read
    2026-03-16   8597d124   TierCalculatorTest.kt (as written in 778e3623), TierCalculationV3Test.kt,
                            TierControllerVersioningTest.kt (its v3 tier)
    2026-03-23   7582ef7b   the same three; TierDetailsTest.kt @ f53c10e7 (its v3 tier)
    2026-03-30   7e9431f9   the same four files at 7e9431f9
    2026-04-01   b30b439e   the same four files at b30b439e

Those tests are Kotlin with parameter tables; this script holds them transcribed by hand (each
table row as written, in its order), so the conversion can be read and re-run:

    .venv/bin/python scripts/convert_hmpps_tier_history.py [OUT_DIR]
        (default: policies/hmpps-tier/tests/history)

How the Kotlin inputs become input facts:
- predictors(arp = X) -> arp {score: X, type: dynamic}; the tests give no static/dynamic type,
  these versions do not read it, and the shared v3 vocabulary needs one;
- a sexual predictor BasePredictorDto(score, band) -> dc_srp / iic_srp {score, band}; no band is
  band `none` (the service's null);
- deliusInputs(hasMappa = true) -> mappa_category 1 (MappaCategory.M1); rosh; the registration flags
  -> registered; latestReleaseDate = today - N -> latest_release = as_of - N;
- the integration tests' Delius and ARNS mock responses the same way (a MAPPA registration with
  category M2 -> mappa_category 2; a RoSH registration -> rosh).
A test that cannot run as a rule-file case (it asserts an endpoint, storage, or a repeat of another
test) is listed in policies/hmpps-tier/not-converted-v3-history.yaml with the reason.
"""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import yaml

KT = "src/test/kotlin/uk/gov/justice/digital/hmpps/hmppstier/"
CALC = KT + "service/calculation/TierCalculatorTest.kt"
INTEG = KT + "integration/v3/TierCalculationV3Test.kt"
DETAILS = KT + "integration/TierDetailsTest.kt"
VERSIONING = KT + "integration/TierControllerVersioningTest.kt"


# ------------------------------------------------------------------ inputs as the tests build them
def predictors(arp=None, csrp=None, dc=None, iic=None) -> dict:
    out: dict = {}
    if arp is not None:
        out["arp"] = {"score": arp, "type": "dynamic"}
    if csrp is not None:
        out["csrp"] = {"score": csrp, "type": "dynamic"}
    if dc is not None:
        out["dc_srp"] = {"score": dc[0], "band": dc[1] or "none"}
    if iic is not None:
        out["iic_srp"] = {"score": iic[0], "band": iic[1] or "none"}
    return out


def delius(as_of: dt.date, mappa=None, rosh=None, lifer=False, release_days=None, release_years=None,
           domestic_abuse=False, stalking=False, child_protection=False) -> dict:
    out: dict = {}
    if mappa is not None:
        out["mappa_category"] = mappa
    if rosh is not None:
        out["rosh"] = rosh
    registered = [name for name, on in (("lifer_ipp", lifer), ("domestic_abuse", domestic_abuse),
                                        ("stalking", stalking), ("child_protection", child_protection)) if on]
    if registered:
        out["registered"] = registered
    if release_days is not None:
        out["latest_release"] = str(as_of - dt.timedelta(days=release_days))
    if release_years is not None:
        out["latest_release"] = str(as_of.replace(year=as_of.year - release_years))
    return out


# ------------------------------------------------------------------ TierCalculatorTest, by commit
MAPPA_ROSH = [(True, "very_high", "A"), (True, "high", "C"), (True, "medium", "D"), (True, None, "E"),
              (False, "very_high", "C"), (False, "high", "D"), (False, "medium", "G"), (False, None, "G")]
LIFER = [(True, "days", 1, "B"), (True, "years", 1, "F"), (True, None, None, "F"), (False, None, None, "G"),
         (False, "days", 1, "G")]
MATRIX = [(90.0, 6.9, "A"), (75.0, 6.9, "A"), (50.0, 6.9, "B"), (25.0, 6.9, "B"), (15.0, 6.9, "B"), (0.0, 6.9, "B"),
          (90.0, 3.0, "A"), (75.0, 3.0, "B"), (50.0, 3.0, "C"), (25.0, 3.0, "C"), (15.0, 3.0, "C"), (0.0, 3.0, "C"),
          (90.0, 1.0, "B"), (75.0, 1.0, "C"), (50.0, 1.0, "D"), (25.0, 1.0, "E"), (15.0, 1.0, "E"), (0.0, 1.0, "E"),
          (90.0, 0.5, "C"), (75.0, 0.5, "D"), (50.0, 0.5, "E"), (25.0, 0.5, "E"), (15.0, 0.5, "F"), (0.0, 0.5, "F"),
          (90.0, 0.0, "D"), (75.0, 0.0, "D"), (50.0, 0.0, "E"), (25.0, 0.0, "F"), (15.0, 0.0, "F"), (0.0, 0.0, "G")]
DIRECT = [(5.31, "very_high", "A"), (0.01, "very_high", "A"), (2.11, "high", "B"), (1.50, "high", "B"),
          (5.31, "high", "B"), (1.12, "medium", "C"), (3.36, "medium", "C"), (2.11, "medium", "D"),
          (0.60, "medium", "D"), (0.02, "low", "E")]
INDIRECT = [("very_high", "C"), ("high", "C"), ("medium", "D"), ("low", "E")]
SUPPRESSION = [("higher valid indirect score suppresses combined CSRP", (1.0, "low"), (2.0, "low"), "D"),
               ("lower valid indirect score keeps combined CSRP", (2.0, "low"), (1.0, "low"), "A"),
               ("equal valid indirect score keeps combined CSRP", (2.0, "low"), (2.0, "low"), "A"),
               ("higher indirect score without a valid band keeps combined CSRP", (1.0, "low"), (2.0, None), "A")]
IGNORED = [("direct predictor without a band is ignored", (2.11, None), None),
           ("direct predictor with NOT_APPLICABLE band is ignored", (2.11, "not_applicable"), None),
           ("indirect predictor without a band is ignored", None, (1.0, None)),
           ("indirect predictor with NOT_APPLICABLE band is ignored", None, (1.0, "not_applicable"))]
REGISTRATIONS_778 = [(False, False, False, "G"), (True, False, False, "E"), (False, True, False, "F"),
                     (False, False, True, "F"), (True, True, True, "E")]
REGISTRATIONS_757 = REGISTRATIONS_778[:4] + [(True, True, False, "E"), (True, False, True, "E"),
                                             (False, True, True, "F"), (True, True, True, "E")]


def shared_tail(as_of: dt.date, registrations: list) -> list[tuple[str, dict, str]]:
    """The MAPPA/RoSH, lifer and registration tests, the same in every one of these commits."""
    out = []
    for has_mappa, rosh, tier in MAPPA_ROSH:
        out.append((f"applies MAPPA and ROSH rules: mappaPresent={str(has_mappa).lower()} and rosh="
                    f"{(rosh or 'null').upper()} map to tier {tier}",
                    {**predictors(), **delius(as_of, mappa=1 if has_mappa else None, rosh=rosh)}, tier))
    out.append(("keeps existing tier when ROSH is medium and MAPPA is absent",
                {**predictors(arp=90.0, csrp=1.0), **delius(as_of, rosh="medium")}, "B"))
    for lifer, unit, amount, tier in LIFER:
        when = {"days": f"today - {amount} day", "years": f"today - {amount} year", None: "null"}[unit]
        kwargs = {"release_days": amount} if unit == "days" else {"release_years": amount} if unit == "years" else {}
        out.append((f"applies lifer and release date rules: hasLiferIpp={str(lifer).lower()} and "
                    f"latestReleaseDate={when} map to tier {tier}", delius(as_of, lifer=lifer, **kwargs), tier))
    for da, st, cp, tier in registrations:
        out.append((f"applies domestic abuse, stalking and child protection registrations: domesticAbuse="
                    f"{str(da).lower()}, stalking={str(st).lower()}, childProtection={str(cp).lower()} map to tier "
                    f"{tier}", delius(as_of, domestic_abuse=da, stalking=st, child_protection=cp), tier))
    return out


def calculator_778(as_of: dt.date) -> list[tuple[str, dict, str]]:
    out = [("defaults missing CSRP score to zero for ARP to tier mapping", predictors(arp=90.0), "D"),
           ("defaults missing ARP score to zero for CSRP to tier mapping", predictors(csrp=3.2), "C")]
    for arp, csrp, tier in [(75.0, 6.9, "A"), (75.0, 3.0, "B"), (75.0, 1.0, "C"), (25.0, 0.5, "E"), (25.0, 0.0, "F")]:
        out.append((f"maps ARP and CSRP combinations to expected tier: ARP {arp} and CSRP {csrp} map to tier {tier}",
                    predictors(arp=arp, csrp=csrp), tier))
    for arp, tier in [(90.0, "D"), (75.0, "D"), (74.99, "E"), (50.0, "E"), (49.99, "F"), (15.0, "F"), (14.99, "G"),
                      (0.0, "G")]:
        out.append((f"applies ARP threshold boundaries when CSRP is zero: ARP {arp} with CSRP 0 maps to tier {tier}",
                    predictors(arp=arp, csrp=0.0), tier))
    for csrp, tier in [(6.9, "B"), (3.0, "C"), (1.0, "E"), (0.5, "F"), (0.0, "G")]:
        out.append((f"applies CSRP threshold boundaries when ARP is zero: ARP 0 with CSRP {csrp} maps to tier {tier}",
                    predictors(arp=0.0, csrp=csrp), tier))
    out.append(("uses highest sexual reoffending score across direct and indirect predictors",
                predictors(dc=(20.0, None), iic=(35.0, None)), "B"))
    out.append(("leaves existing tier unchanged when sexual reoffending scores are missing",
                predictors(arp=75.0, csrp=1.0), "C"))
    for score, tier in [(21.99, "E"), (22.0, "D"), (26.0, "C"), (30.0, "B"), (36.0, "A")]:
        out.append((f"applies sexual reoffending thresholds: sexual reoffending score {score} maps to tier {tier}",
                    predictors(dc=(score, None)), tier))
    out += shared_tail(as_of, REGISTRATIONS_778)
    out.append(("higher tier from reoffending and sexual risk is not downgraded by later registration logic",
                {**predictors(arp=95.0, csrp=6.9, dc=(22.0, None)),
                 **delius(as_of, mappa=1, rosh="high", lifer=True, release_years=2, domestic_abuse=True,
                          stalking=True, child_protection=True)}, "A"))
    return out


def calculator_757(as_of: dt.date, suppression: bool, indirect: bool) -> list[tuple[str, dict, str]]:
    """TierCalculatorTest from 7582ef7b: #761 dropped the suppression cases, #762 the indirect ones."""
    out = [("defaults missing CSRP score to zero for ARP to tier mapping", predictors(arp=90.0), "D"),
           ("defaults missing ARP score to zero for CSRP to tier mapping", predictors(csrp=3.2), "C")]
    for arp, csrp, tier in MATRIX:
        out.append((f"maps every ARP and CSRP lookup-table combination: ARP {arp} and CSRP {csrp} map to tier {tier}",
                    predictors(arp=arp, csrp=csrp), tier))
    if suppression:
        for text, dc, iic, tier in SUPPRESSION:
            out.append((f"uses combined serious reoffending predictor only when sexual predictors do not suppress "
                        f"it: {text}", predictors(arp=90.0, csrp=6.9, dc=dc, iic=iic), tier))
    for text, dc, iic in IGNORED:
        if iic is not None and not indirect:
            continue
        out.append((f"ignores sexual predictors without a usable validated band: {text}",
                    predictors(arp=75.0, csrp=1.0, dc=dc, iic=iic), "C"))
    for score, band, tier in DIRECT:
        out.append((f"applies direct-contact sexual reoffending rules: direct score {score} with band "
                    f"{band.upper()} maps to tier {tier}", predictors(dc=(score, band)), tier))
    if indirect:
        for band, tier in INDIRECT:
            out.append((f"applies indirect-image sexual reoffending rules: indirect band {band.upper()} maps to tier "
                        f"{tier}", predictors(iic=(1.0, band)), tier))
        out.append(("prefers direct-contact sexual predictor when its score is higher than indirect image predictor",
                    predictors(dc=(2.11, "high"), iic=(2.10, "very_high")), "B"))
        out.append(("uses direct-contact predictor when the scores tie",
                    predictors(dc=(2.11, "high"), iic=(2.11, "low")), "B"))
    out.append(("throws when a direct-contact medium-band predictor is below the supported thresholds",
                predictors(dc=(0.59, "medium")), "throws"))
    out += shared_tail(as_of, REGISTRATIONS_757)
    out.append(("higher tier from earlier rules is not downgraded by later registration logic",
                {**predictors(arp=95.0, csrp=6.9, dc=(5.31, "very_high")),
                 **delius(as_of, mappa=1, rosh="high", lifer=True, release_years=2, domestic_abuse=True,
                          stalking=True, child_protection=True)}, "A"))
    return out


# ------------------------------------------------------------------ the integration tests
RESCORED_NOTE = ("V7_1__add_test_data_rescored_assessments.sql: the latest row, ARP 75.00 dynamic, CSRP 1.00 "
                 "static, DC-SRP and IIC-SRP 0.00 with band 'LOW', which RescoredAssessmentService's toScoreLevel "
                 "does not match (ScoreLevel.type is 'Low'): no band")
RESCORED = {"arp": {"score": 75.0, "type": "dynamic"}, "csrp": {"score": 1.0, "type": "static"},
            "dc_srp": {"score": 0.0, "band": "none"}, "iic_srp": {"score": 0.0, "band": "none"}}


def integration(version: str) -> list[tuple[str, dict, str, str | None]]:
    out = [("returns G when ARP score is missing from risk predictors", {}, "G", None),
           ("maps ARP and CSRP risk predictors to expected v3 tier", predictors(arp=75.0, csrp=1.0), "C", None)]
    if version == "2026-03-16":
        out.append(("uses highest sexual reoffending risk predictor", predictors(dc=(20.0, None), iic=(35.0, None)),
                    "B", None))
    elif version in ("2026-03-23", "2026-03-30"):
        out.append(("uses indirect-image sexual predictor when it has the higher score",
                    predictors(dc=(2.11, "high"), iic=(35.0, "high")), "C", None))
    out.append(("falls back to rescored assessment predictors when ARNS has no OGRS4 result", RESCORED, "C",
                RESCORED_NOTE))
    out.append(("applies MAPPA and ROSH rules after predictor mapping", {"mappa_category": 2, "rosh": "very_high"},
                "A", "a MAPPA registration of level M2, category M2, and a very high RoSH registration"))
    out.append(("returns latest v3 tier calculation (first calculation)", {}, "G", None))
    out.append(("returns latest v3 tier calculation (second calculation, after a child protection registration)",
                {"registered": ["child_protection"]}, "F", None))
    return out


VERSIONING_CASE = ({True: "v3 endpoints only return v3 calculations",
                    False: "v3 endpoints only return calculations with top level tier"},
                   {}, "G", "a MAPPA registration of level M2 with no category (not a v3 input), and no predictors")

DETAILS_CASE = ("tier details v3 endpoint returns latest calculation details and updates counts",
                {**predictors(arp=10.1, csrp=5.5), "mappa_category": 2, "rosh": "very_high"}, "A",
                "a MAPPA registration of level M2, category M2, and a very high RoSH registration")

NOT_CONVERTED_INTEGRATION = [
    ("does write back when top level tier is unchanged", "asserts that a second calculation with the same inputs "
     "is written back; its tier (C from ARP 75 and CSRP 1.0) is the case of 'maps ARP and CSRP risk predictors to "
     "expected v3 tier'"),
    ("404 from latest tier calculation if there is no calculation", "asserts an endpoint's answer when nothing is "
     "stored; no rules run"),
    ("404 from specified tier calculation", "asserts an endpoint's answer when nothing is stored; no rules run"),
    ("400 from named tier calculation if calculationId is not valid", "asserts an endpoint's validation of an id; "
     "no rules run"),
]

VERSIONS = [  # version, commit of the rules, as_of, what the tests are
    ("2026-03-16", "8597d124", dt.date(2026, 3, 18)),
    ("2026-03-23", "7582ef7b", dt.date(2026, 3, 25)),
    ("2026-03-30", "7e9431f9", dt.date(2026, 3, 31)),
    ("2026-04-01", "b30b439e", dt.date(2026, 4, 10)),
]
INVALID = "a DC-SRP score above 0 and below 0.60 in the medium band: the service fails the calculation"


def tests_for(version: str, commit: str, as_of: dt.date) -> tuple[list[dict], list[dict]]:
    edition = f"hmpps-tier/v3-{version}"
    calc_commit = "778e3623" if version == "2026-03-16" else commit
    if version == "2026-03-16":
        calculator = calculator_778(as_of)
    else:
        calculator = calculator_757(as_of, suppression=version == "2026-03-23",
                                    indirect=version in ("2026-03-23", "2026-03-30"))
    rows = [("TierCalculatorTest", calc_commit, CALC, name, inputs, tier, None) for name, inputs, tier in calculator]
    rows += [("TierCalculationV3Test", commit, INTEG, name, inputs, tier, note)
             for name, inputs, tier, note in integration(version)]
    names, inputs, expected, note = VERSIONING_CASE
    rows.append(("TierControllerVersioningTest", commit, VERSIONING, names[version == "2026-04-01"], inputs, expected,
                 note))
    if version != "2026-03-16":
        details_commit = "f53c10e7" if version == "2026-03-23" else commit
        rows.append(("TierDetailsTest", details_commit, DETAILS, *DETAILS_CASE))
    tests, counters = [], {}
    for source, source_commit, path, name, inputs, tier, note in rows:
        counters[source] = counters.get(source, 0) + 1
        ident = f"v3-{version}/{source}@{source_commit[:7]}/{counters[source]:03d}"
        case = {"id": ident, "kind": "hmpps_tier"}
        if note:
            case["note"] = note
        case["inputs"] = inputs
        if tier == "throws":
            expect = [{"result": "invalid", "values": [INVALID]}]
        else:
            expect = [{"result": "tier", "values": [tier]}]
        tests.append({"name": f"{ident}: {name}", "case": case, "as_of": str(as_of), "edition": edition,
                      "expect": expect})
    skipped = [{"id": f"v3-{version}/TierCalculationV3Test@{commit[:7]}", "test": name, "file": INTEG,
                "reason": reason} for name, reason in NOT_CONVERTED_INTEGRATION]
    return tests, skipped


def main(argv: list[str]) -> int:
    out_dir = Path(argv[1]) if len(argv) > 1 else Path("policies/hmpps-tier/tests/history")
    out_dir.mkdir(parents=True, exist_ok=True)
    all_skipped, total = [], 0
    for version, commit, as_of in VERSIONS:
        tests, skipped = tests_for(version, commit, as_of)
        all_skipped += skipped
        total += len(tests)
        head = (f"# The v3 tests of ministryofjustice/hmpps-tier as they stood when v3-{version}.nsr was in force\n"
                f"# (rules @ {commit[:8]}), transcribed by scripts/convert_hmpps_tier_history.py: each test names\n"
                "# its source test and commit.  Scores are given as dynamic: the tests give no type and these\n"
                "# versions do not read it.  Do not edit by hand: change the script and run it again.\n")
        body = yaml.safe_dump({"tests": tests}, sort_keys=False, allow_unicode=True, width=110)
        (out_dir / f"v3-{version}.yaml").write_text(head + body, encoding="utf-8")
    listed = out_dir.parent.parent / "not-converted-v3-history.yaml"
    listed.write_text(
        "# Tests of the v3 versions before 2026-04-23 that scripts/convert_hmpps_tier_history.py does not\n"
        "# convert, each with the reason.\n"
        + yaml.safe_dump({"converted": total, "not_converted": all_skipped}, sort_keys=False, width=110),
        encoding="utf-8")
    print(f"{total} tests in {len(VERSIONS)} files under {out_dir}; {len(all_skipped)} listed in {listed}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
