"""Looking at the data: ``critmin score``, ``validate``, ``facts`` and ``rules``."""

from __future__ import annotations

import json
import sys

import click

from critmin.assumptions.inputs import load
from critmin.assumptions.overrides import parse_overrides
from critmin.cli.options import (
    data_options,
    directories,
    facts_option,
    format_option,
    lang_option,
    load_noting,
    minerals_option,
    rules_option,
    samples_option,
    seed_option,
)
from critmin.errors import CritminError
from critmin.explain.stability import tier_stability
from critmin.facts.loading import find_mineral, load_facts
from critmin.inference.compiler import compile_rules
from critmin.inference.traced import score as run_score
from critmin.lints.checks import lint
from critmin.render.tables import render_results, render_table
from critmin.ruleset.loading import load_rules
from critmin.ruleset.model import RuleBase
from critmin.words.numbers import plain


@click.command()
@data_options
@format_option()
@minerals_option("Score only these minerals.")
@click.option("--trace", is_flag=True, help="Include the full trace in JSON output.")
@click.option("--stability", is_flag=True,
              help="Add each tier's stability: the share of an uncertainty sweep's samples that keep it.")
@samples_option("Sweep samples for --stability (1 to 1,000,000).")
@seed_option("Sweep seed for --stability; the same seed and samples give the same result.")
@lang_option("en", "Language of the table's words (JSON keeps ids).")
def score(facts_dir, rules_dir, sets, fmt, minerals, trace, stability, samples, seed, lang) -> None:
    """Score every mineral: tier, 0-100 score, levers and partners."""
    facts, rules = load_noting(facts_dir, rules_dir, sets)
    ids = [find_mineral(facts, m).id for m in minerals] or None
    stable = None
    if stability:
        stable = tier_stability(facts, rules, samples, seed, fixed=[o.key for o in parse_overrides(sets)])
    click.echo(render_results(run_score(facts, rules, ids), fmt, trace=trace, stability=stable, lang=lang))


def _load_and_compile(directory) -> RuleBase:
    """Load rules and compile them: compiling checks the rule engine's limits too."""
    base = load_rules(directory)
    compile_rules(base)
    return base


@click.command()
@directories
@click.option("--strict", is_flag=True, help="Treat the lints (likely mistakes) as errors: exit 2.")
def validate(facts_dir, rules_dir, strict) -> None:
    """Check fact and rule files; exit 0 when valid, 2 with every problem listed.

    Then lint the rules on the facts: a rule that fires for no mineral, a share compared with a
    number above 1, a text no fact has, a parameter no rule reads. Lints are warnings (with a
    hint), errors with --strict.
    """
    problems: list[str] = []
    loaded = {}
    for name, loader, target in (("facts", load_facts, facts_dir), ("rules", _load_and_compile, rules_dir)):
        try:
            loaded[name] = loader(target)
        except CritminError as exc:
            problems += [str(p) for p in exc.problems]
    if problems:
        click.echo("\n".join(problems), err=True)
        click.echo(f"{len(problems)} problem(s) found", err=True)
        sys.exit(2)
    facts, rules = loaded["facts"], loaded["rules"]
    findings = [f.as_error() if strict else f for f in lint(facts, rules)]
    if findings:
        click.echo("\n".join(str(f) for f in findings), err=True)
    if strict and findings:
        click.echo(f"{len(findings)} problem(s) found (lints, with --strict)", err=True)
        sys.exit(2)
    warned = f"; {len(findings)} warning(s)" if findings else ""
    click.echo(f"ok: {len(facts.minerals)} minerals, {len(facts.countries)} countries, "
               f"{len(facts.sources)} sources; {len(rules.rules)} rules, "
               f"{len(rules.params)} parameters{warned}")


@click.command()
@click.argument("mineral")
@facts_option()
@format_option()
def facts(mineral, facts_dir, fmt) -> None:
    """Show a mineral's facts with their sources."""
    base = load_facts(facts_dir)
    found = find_mineral(base, mineral)
    if fmt == "json":
        data = {"mineral": found.id, "name": found.name, "name_zh": found.name_zh,
                "symbol": found.symbol, "aliases": list(found.aliases),
                "facts": {k: f.to_dict() for k, f in found.facts.items()},
                "sources": {f.source: base.sources.get(f.source) for f in found.facts.values()}}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    header = ("fact", "value", "unit", "kind", "source", "ref")
    body = [(k, plain(f.value), f.unit or "", f.kind, f.source, f.ref) for k, f in found.facts.items()]
    if fmt == "table":
        click.echo(f"{found.name} ({found.name_zh}, {found.symbol}) — {found.file}")
    click.echo(render_table(header, body, fmt))


@click.command()
@click.argument("rule_id", required=False)
@rules_option()
@facts_option("Facts directory, to show which minerals a rule fires for.")
@format_option()
def rules(rule_id, rules_dir, facts_dir, fmt) -> None:
    """List the rules, or show one rule and the minerals it fires for."""
    if rule_id is None:
        base = load_rules(rules_dir)
        header = ("id", "layer", "stratum", "when", "then", "source")
        body = [(r.id, r.layer, r.stratum, r.when_text, r.then_text(), r.source) for r in base.rules]
        if fmt == "json":
            click.echo(json.dumps([dict(zip(header, row)) for row in body], ensure_ascii=False, indent=2))
        else:
            click.echo(render_table(header, body, fmt))
        return
    fact_base, base = load(facts_dir, rules_dir)
    rule = base.rule(rule_id)
    results = run_score(fact_base, base)
    fired = [a.mineral for a in results.values() if any(t.rule == rule.id for t in a.trace)]
    data = {"id": rule.id, "layer": rule.layer, "stratum": rule.stratum, "when": rule.when_text,
            "then": rule.then_text(), "because": rule.because, "source": rule.source,
            "file": f"{rule.file}:{rule.line}", "fires_for": fired}
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(render_table(("field", "value"), [(k, plain(v)) for k, v in data.items()], fmt))


COMMANDS = [score, validate, facts, rules]
