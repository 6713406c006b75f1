"""The fidelity commands through the CLI: score --stability, crosscheck, explain's JSON, concluded_by."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import pytest
from click.testing import CliRunner

import critmin
from critmin.cli.app import cli
from critmin.explain.crosscheck import crosscheck_of, disagreements
from tests.helpers.edits import edit
from tests.helpers.report import REPORT_TIERS


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


# ---------------------------------------------------------------- score --stability

def test_stability_in_the_table_names_samples_and_seed():
    result = run("score", "--stability", "--samples", "400", "--seed", "3")
    assert result.exit_code == 0, result.output
    first, blank, header = result.stdout.splitlines()[:3]
    assert first.startswith("stable: share of 400 sweep samples (seed 3; facts and parameters varied")
    assert blank == "" and header.split()[-1] == "stable"
    table = result.stdout.split("\n\n")[1].splitlines()  # the warnings follow it
    assert len(table) == 24 and all(line.endswith("%") for line in table[2:])


def test_stability_in_json_matches_the_api_and_the_schema():
    result = run("score", "--stability", "--samples", "400", "--seed", "3", "--format", "json")
    data = json.loads(result.stdout)
    jsonschema.validate(data, critmin.assessment_schema())
    facts, rules = critmin.load()
    report = critmin.tier_stability(facts, rules, samples=400, seed=3)
    for item in data:
        assert item["stability"] == {"share": report[item["mineral"]].share, "samples": 400, "seed": 3,
                                     "vary": "both", "fragile": report[item["mineral"]].share < 0.8}
    assert "stability" not in json.loads(run("score", "--format", "json").stdout)[0]


def test_stability_in_csv_and_markdown():
    rows = list(csv.DictReader(io.StringIO(run("score", "--stability", "--samples", "300",
                                               "--format", "csv").stdout)))
    assert len(rows) == 22 and {r["stability_samples"] for r in rows} == {"300"}
    assert {r["stability_seed"] for r in rows} == {"0"}
    assert all(0 <= float(r["stability"]) <= 1 for r in rows)
    markdown = run("score", "--stability", "--samples", "300", "--format", "markdown").stdout
    assert markdown.startswith("stable: share of 300 sweep samples") and "| stable |" in markdown


def test_stability_holds_what_is_set_fixed():
    pinned = run("score", "--stability", "--samples", "300", "--format", "json", "--mineral", "copper",
                 "--set", "copper.us.projected_addition_2035_t=700000", "--set", "params.import_dependent_min=0.2")
    loose = run("score", "--stability", "--samples", "300", "--format", "json", "--mineral", "copper")
    assert json.loads(pinned.stdout)[0]["stability"]["share"] >= json.loads(loose.stdout)[0]["stability"]["share"]


@pytest.mark.parametrize("args, fragment", [
    (("--samples", "0"), "Invalid value for '--samples'"),
    (("--seed", "-1"), "Invalid value for '--seed'"),
])
def test_bad_sample_options_are_usage_errors(args, fragment):
    result = run("score", "--stability", *args)
    assert result.exit_code == 1 and fragment in result.stderr and "Traceback" not in result.stderr


def test_the_api_refuses_bad_samples():
    facts, rules = critmin.load()
    with pytest.raises(critmin.UsageError):
        critmin.stability_of(facts, rules, "copper", samples=0)
    with pytest.raises(critmin.UsageError):
        critmin.tier_stability(facts, rules, samples=10, seed=-2)


# ---------------------------------------------------------------- crosscheck

def test_crosscheck_finds_no_disagreement_on_the_shipped_data():
    result = run("crosscheck")
    assert result.exit_code == 0
    assert result.stdout.startswith("No disagreements")
    assert "DOE 2023: no rating recorded. Not available to this project" in result.stdout
    assert "EU 2023: no rating recorded." in result.stdout


def test_crosscheck_lists_every_disagreement_and_why():
    result = run("crosscheck", "--set", "niobium.producers.Brazil=0.3", "--set", "nickel.us.reserves_t=50000000")
    lines = result.stdout.splitlines()
    assert lines[0] == "2 mineral(s) where critmin's tier is outside what a rating allows."
    nickel = next(line for line in lines if line.startswith("nickel "))
    assert "the report" in nickel and "gap_with_fast_growth" in nickel
    niobium = next(line for line in lines if line.startswith("niobium "))
    assert "highest impact" in niobium and "USGS 2025" in niobium and "easily_sourced_low" in niobium


def test_crosscheck_json_and_all():
    data = json.loads(run("crosscheck", "--all", "--format", "json").stdout)
    assert data["disagreements"] == 0 and len(data["minerals"]) == 22
    doe = data["assessments"]["doe_2023"]
    assert doe["recorded"] == 0 and "Not available" in doe["note"]
    assert data["assessments"]["usgs_2025"]["recorded"] == 16
    gallium = next(m for m in data["minerals"] if m["mineral"] == "gallium")
    usgs = next(r for r in gallium["ratings"] if r["assessment"] == "usgs_2025")
    assert usgs["rating"] == "highest_impact" and usgs["agrees"] is True and usgs["ref"] == "section 2.1"
    rows = list(csv.DictReader(io.StringIO(run("crosscheck", "--all", "--format", "csv").stdout)))
    assert len(rows) == 22 and rows[0]["report"] == "very_high"
    assert run("crosscheck", "--format", "markdown").stdout.startswith("No disagreements")


def test_crosscheck_api(results):
    assert disagreements(results) == []
    for mineral, tier in REPORT_TIERS.items():
        check = crosscheck_of(results, mineral)
        report = next(r for r in check.ratings if r.assessment == "report")
        assert report.rating == tier and report.agrees
    niobium = crosscheck_of(results, "niobium")
    assert niobium.concluded_by[0] == "single_country_supply" and "Brazil" in niobium.because[0]
    unrated = [r for r in niobium.ratings if r.rating is None]
    assert {r.assessment for r in unrated} == {"doe_2023", "eu_2023"} and all(r.agrees is None for r in unrated)


# ---------------------------------------------------------------- explain --format json

def test_explain_json_has_the_crosscheck_and_the_stability():
    data = json.loads(run("explain", "rare_earths", "--format", "json", "--samples", "1000").stdout)
    assert data["crosscheck"]["tier"] == "high" and data["crosscheck"]["disagrees_with"] == []
    stability = data["stability"]
    assert (stability["samples"], stability["seed"], stability["tier"]) == (1000, 0, "high")
    assert stability["fragile"] is True
    assert stability["deciding"][0]["input"] == "rare_earths.us.projected_addition_2035_t"
    text = run("explain", "rare_earths").stdout
    assert "deciding" not in text  # the text layer decides how to word it


# ---------------------------------------------------------------- rule tests: concluded_by

def test_concluded_by_fails_with_the_rule_that_leads_instead(rules_copy):
    edit(rules_copy / "tests" / "report_tiers.yaml", "concluded_by: growing_mining_still_short",
         "concluded_by: import_gap_hard_to_source")
    report = critmin.run_rule_tests(rules_dir=rules_copy)
    (case,) = report.failed
    (failure,) = case.failures
    assert (failure.expected, failure.got) == ("tier concluded by import_gap_hard_to_source",
                                               "growing_mining_still_short")
    assert "fired after growing_mining_still_short" in failure.explanation


def test_concluded_by_names_an_unknown_rule(rules_copy):
    edit(rules_copy / "tests" / "report_tiers.yaml", "concluded_by: ample_capacity", "concluded_by: ample_capacty")
    (case,) = critmin.run_rule_tests(rules_dir=rules_copy).failed
    assert "did you mean 'ample_capacity'" in case.failures[0].explanation


def test_concluded_by_must_be_a_rule_id(rules_copy):
    edit(rules_copy / "tests" / "report_tiers.yaml", "concluded_by: ample_capacity", "concluded_by: [ample_capacity]")
    result = run("test", "--rules", str(rules_copy))
    assert result.exit_code == 2 and "expected the id of a tier rule" in result.output
