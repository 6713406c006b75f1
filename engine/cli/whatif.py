"""CLI commands for testing policy assumptions: ``whatif``, ``diff`` and ``scenarios``.

A thin layer over :mod:`critmin.assumptions.diff` and :mod:`critmin.assumptions.scenarios`. Nothing here writes a
file: every change is applied to copies of the loaded facts and rules.
"""

from __future__ import annotations

import json

import click

from critmin.assumptions.diff import diff as run_diff
from critmin.assumptions.diff import whatif as run_whatif
from critmin.assumptions.inputs import load
from critmin.assumptions.overrides import parse_overrides, split_directories
from critmin.assumptions.scenarios import check_scenario, find_scenario, list_scenarios, scenario_overrides
from critmin.cli.options import DIRECTORY, directories, format_option, minerals_option, note_ranges
from critmin.errors import CritminError, OverrideError
from critmin.facts.loading import find_mineral
from critmin.inference.traced import score
from critmin.render import text
from critmin.render.tables import render_table


@click.command()
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
              help="An assumption to change, e.g. nickel.us.projected_addition_2035_t=700000, "
                   "params.severe_shortfall_min=0.95, countries.Indonesia.alignment=ally, "
                   "rules=DIR (repeatable; applied after the scenarios).")
@click.option("--scenario", "scenarios", multiple=True, metavar="NAME|FILE",
              help="A scenario by name (see `critmin scenarios`) or a scenario file (repeatable).")
@directories
@format_option()
@minerals_option("Compare only these minerals (name, symbol or alias; repeatable).")
def whatif(sets, scenarios, facts_dir, rules_dir, fmt, minerals) -> None:
    """Change assumptions and show what moves against the baseline, and which rules moved it."""
    if not sets and not scenarios:
        raise click.UsageError("give at least one --set KEY=VALUE or --scenario NAME")
    facts, rules = load(facts_dir, rules_dir)
    overrides = scenario_overrides(scenarios, facts) + parse_overrides(sets)
    note_ranges(overrides, rules)
    ids = [find_mineral(facts, m).id for m in minerals] or None
    click.echo(text(run_whatif(facts, rules, overrides, ids), fmt=fmt))


@click.command()
@directories
@click.option("--facts-b", "facts_b", type=DIRECTORY,
              help="Facts directory of the second run (default: the same as --facts).")
@click.option("--rules-b", "rules_b", type=DIRECTORY,
              help="Rules directory of the second run (default: the same as --rules).")
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
              help="An override applied to both runs (repeatable).")
@click.option("--set-b", "sets_b", multiple=True, metavar="KEY=VALUE",
              help="An override applied to the second run only (repeatable).")
@click.option("--scenario-b", "scenarios_b", multiple=True, metavar="NAME|FILE",
              help="A scenario applied to the second run only (repeatable).")
@format_option()
@minerals_option("Compare only these minerals (name, symbol or alias; repeatable).")
def diff(facts_dir, rules_dir, facts_b, rules_b, sets, sets_b, scenarios_b, fmt, minerals) -> None:
    """Compare two rule sets or two fact sets: run A (--facts/--rules) against run B (--facts-b/--rules-b)."""

    if not (facts_b or rules_b or sets_b or scenarios_b):
        raise click.UsageError("give what run B changes: --facts-b DIR, --rules-b DIR, --set-b KEY=VALUE "
                               "or --scenario-b NAME")
    if split_directories(sets)[0]:
        raise click.UsageError("--set applies to both runs; give directories with --facts/--rules (run A) "
                               "and --facts-b/--rules-b (run B)")
    facts_a, rules_a = load(facts_dir, rules_dir, sets)
    extra = scenario_overrides(scenarios_b, facts_a) if scenarios_b else []
    facts_b_base, rules_b_base = load(facts_b or facts_dir, rules_b or rules_dir, list(sets) + extra + list(sets_b))
    note_ranges(list(sets) + extra + list(sets_b), rules_b_base)
    ids = [find_mineral(facts_a, m).id for m in minerals] or None
    labels = (_label(facts_dir, rules_dir, "A"), _label(facts_b or facts_dir, rules_b or rules_dir, "B"))
    shown = [f"(B) {o}" for o in list(scenarios_b) + list(sets_b)]
    result = run_diff(score(facts_a, rules_a, ids), score(facts_b_base, rules_b_base, ids), labels,
                      list(sets) + shown)
    click.echo(text(result, fmt=fmt))


def _label(facts_dir, rules_dir, side: str) -> str:
    return f"{side} (facts: {facts_dir or 'shipped'}, rules: {rules_dir or 'shipped'})"


@click.command()
@click.argument("name", required=False)
@directories
@format_option()
def scenarios(name, facts_dir, rules_dir, fmt) -> None:
    """List the scenarios (one line each), checking every one; or show one scenario."""

    facts, rules = load(facts_dir, rules_dir)
    if name:
        _show(find_scenario(name, facts), fmt)
        return
    found = list_scenarios(facts)
    problems = []
    for scenario in found:
        try:
            check_scenario(scenario, facts, rules)
        except CritminError as exc:
            problems += exc.problems
    if problems:
        raise OverrideError(problems)
    if fmt == "json":
        click.echo(json.dumps([dict(s.to_dict(), file=s.file) for s in found], ensure_ascii=False, indent=2))
        return
    body = [(s.name, len(s.overrides), s.summary) for s in found]
    click.echo(render_table(("scenario", "overrides", "description"), body, fmt))


def _show(scenario, fmt: str) -> None:

    if fmt == "json":
        click.echo(json.dumps(dict(scenario.to_dict(), file=scenario.file), ensure_ascii=False, indent=2))
        return
    if fmt == "table":
        click.echo(f"{scenario.name} — {scenario.file}\n{scenario.description}\nsource: {scenario.source}")
        if scenario.note:
            click.echo(f"note: {scenario.note}")
        click.echo("")
    body = [(o.key, o.value if not isinstance(o.value, list) else ", ".join(o.value), o.line or "")
            for o in scenario.overrides]
    click.echo(render_table(("key", "value", "line"), body, fmt))


COMMANDS = [whatif, diff, scenarios]
