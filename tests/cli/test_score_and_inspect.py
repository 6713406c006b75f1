"""The CLI through click's CliRunner: outputs and exact exit codes."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from critmin.cli.app import cli
from tests.helpers.report import REPORT_TIERS


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def test_score_json_has_the_ten_tiers():
    result = run("score", "--format", "json")
    assert result.exit_code == 0, result.output
    data = {d["mineral"]: d for d in json.loads(result.output)}
    for mineral, tier in REPORT_TIERS.items():
        assert data[mineral]["tier"] == tier
        assert isinstance(data[mineral]["score"], float)
        assert set(data[mineral]) >= {"mineral", "name", "tier", "score", "levers", "partners", "signals"}
    assert data["nickel"]["levers"][0] == "ally_sourcing"


@pytest.mark.parametrize("fmt, marker", [("table", "very_high"), ("csv", "mineral,tier,score"),
                                         ("markdown", "| mineral | tier |")])
def test_score_formats(fmt, marker):
    result = run("score", "--format", fmt)
    assert result.exit_code == 0 and marker in result.output


def test_score_with_overrides():
    result = run("score", "--set", "params.severe_shortfall_min=0.995", "--mineral", "nickel",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)[0]["tier"] == "high"  # a note on stderr: 0.995 is outside the range


@pytest.mark.parametrize("args, code, fragment", [
    (["score", "--set", "nikel.us.supply_2035_t=1"], 2, "did you mean 'nickel'"),
    (["score", "--set", "params.nope=1"], 2, "unknown parameter"),
    (["score", "--set", "nickel.us.supply_2035_t=-5"], 2, "cannot be negative"),
    (["score", "--set", "nickel.us.supplyy=5"], 2, "did you mean 'us.supply_2035_t'"),
    (["score", "--set", "noequals"], 2, "expected KEY=VALUE"),
    (["score", "--mineral", "unobtainium"], 2, "unknown mineral"),
    (["score", "--format", "xml"], 1, "Invalid value"),
    (["score", "--facts", "/nonexistent/dir"], 2, "not a directory"),
    (["facts", "kryptonite"], 2, "unknown mineral"),
    (["rules", "no_such_rule"], 2, "unknown rule"),
    (["frobnicate"], 1, "No such command"),
])
def test_errors_have_exit_codes_and_no_traceback(args, code, fragment):
    result = run(*args)
    assert result.exit_code == code, result.output
    assert fragment in result.output
    assert "Traceback" not in result.output


def test_validate_ok_and_copper_typo(facts_copy):
    assert run("validate").exit_code == 0
    path = facts_copy / "copper.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: 1800000\n", "value: 18000000\n", 1),
                    encoding="utf-8")
    result = run("validate", "--facts", str(facts_copy))
    assert result.exit_code == 2
    assert "copper" in result.output and "1,800,000" in result.output


def test_facts_show_sources():
    result = run("facts", "镍")
    assert result.exit_code == 0
    assert "us.demand_2035_t" in result.output and "Table 5" in result.output
    data = json.loads(run("facts", "Ni", "--format", "json").output)
    assert data["facts"]["us.production_t"]["source"] == "report"
    assert "report" in data["sources"]


def test_rules_list_and_show():
    listing = run("rules")
    assert listing.exit_code == 0 and "first_task" in listing.output
    shown = json.loads(run("rules", "first_task", "--format", "json").output)
    fired = sorted(shown["fires_for"])
    assert [m for m in fired if m in REPORT_TIERS] == ["nickel"]
    assert fired == ["nickel"]  # the report's nickel argument; cobalt's is first_task_cobalt
    shown = json.loads(run("rules", "first_task_cobalt", "--format", "json").output)
    assert sorted(shown["fires_for"]) == ["cobalt"]


def test_python_m_engine_works():
    import subprocess
    import sys
    out = subprocess.run([sys.executable, "-m", "critmin", "score", "--format", "csv"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.startswith("mineral,tier,score")
