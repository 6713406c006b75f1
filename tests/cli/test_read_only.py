"""Reading never modifies anything: loading, scoring and every reading command leave the
shipped data, the user's copies and the working directory byte- and mtime-identical."""

from __future__ import annotations

import pytest

import critmin
from critmin import render
from critmin.explain.why_not import why_not
from critmin.facts.loading import load_facts
from critmin.ruleset.loading import load_rules
from tests.helpers.badinput import changes, make_sandbox, run_cli, snapshot

COMMANDS = [
    ["score"], ["score", "--format", "json", "--trace"], ["score", "--format", "csv"],
    ["score", "--format", "markdown", "--mineral", "镍"], ["validate"],
    ["facts", "nickel"], ["facts", "Co", "--format", "json"], ["rules"], ["rules", "first_task"],
    ["scenarios"], ["scenarios", "indonesia_ally"], ["test"],
    ["whatif", "--set", "params.severe_shortfall_min=0.95"],
    ["whatif", "--scenario", "indonesia_ally", "--format", "json"],
    ["diff", "--set-b", "countries.Indonesia.alignment=ally"],
]


@pytest.fixture
def sandbox(tmp_path):
    return make_sandbox(tmp_path)


def test_the_api_reads_without_writing(sandbox):
    before = snapshot(sandbox.watched())
    facts, rules = load_facts(sandbox.facts), load_rules(sandbox.rules)
    results = critmin.score(facts, rules)
    critmin.assess(sandbox.facts, sandbox.rules, overrides=["nickel.us.production_t=9000"])
    critmin.assess()
    render.text(why_not(results, "graphite", "very_high"))
    results.to_json()
    assert changes(before, snapshot(sandbox.watched())) == []


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
@pytest.mark.parametrize("data", ["copies", "shipped"])
def test_reading_commands_write_nothing(sandbox, args, data):
    before = snapshot(sandbox.watched())
    extra = []
    if data == "copies":
        if args[0] not in ("facts",):
            extra += ["--rules", "{rules}"]
        extra += ["--facts", "{facts}"]
    result = run_cli(args + extra, sandbox)
    assert result.exit_code == 0, result.output
    assert changes(before, snapshot(sandbox.watched())) == []
