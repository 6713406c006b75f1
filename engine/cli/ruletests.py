"""CLI command ``critmin test``: run the rule tests in RULES_DIR/tests (see critmin.ruletests.runner),
and show the rules' lints (see critmin.lints.checks) beside them."""

from __future__ import annotations

import json

import click

from critmin.cli.options import DIRECTORY, facts_option, format_option, rules_option
from critmin.facts.loading import load_facts
from critmin.lints.checks import lint
from critmin.render import text
from critmin.render.tables import render_table
from critmin.ruleset.loading import load_rules
from critmin.ruletests.runner import run_rule_tests


@click.command("test")
@facts_option()
@rules_option("Rules directory (default: the shipped rules); its tests/ are run.")
@click.option("--tests", "tests_dir", type=DIRECTORY,
              help="Directory of rule test files (default: RULES_DIR/tests).")
@format_option()
@click.pass_context
def test_command(ctx, facts_dir, rules_dir, tests_dir, fmt) -> None:
    """Run the rule tests: exit 0 when all pass, 1 when one fails, 2 when a test file is invalid."""

    report = run_rule_tests(facts_dir, rules_dir, tests_dir)
    findings = lint(load_facts(facts_dir), load_rules(rules_dir))
    if fmt == "json":
        data = dict(report.to_dict(), lints=[f.to_dict() for f in findings])
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    elif fmt == "table":
        click.echo(text(report))
    else:
        frame = report.to_frame()
        click.echo(render_table(list(frame.columns), frame.values.tolist(), fmt))
    if findings and fmt != "json":  # likely mistakes beside the tests (critmin validate lists them too)
        click.echo("\n".join(str(f) for f in findings), err=True)
    if not report.ok:
        ctx.exit(1)


COMMANDS = [test_command]
