"""CLI command ``critmin test``: run the rule tests in RULES_DIR/tests (see engine.ruletests)."""

from __future__ import annotations

import json

import click

from .cli import DIRECTORY, format_option


@click.command("test")
@click.option("--facts", "facts_dir", type=DIRECTORY,
              help="Facts directory (default: the shipped facts).")
@click.option("--rules", "rules_dir", type=DIRECTORY,
              help="Rules directory (default: the shipped rules); its tests/ are run.")
@click.option("--tests", "tests_dir", type=DIRECTORY,
              help="Directory of rule test files (default: RULES_DIR/tests).")
@format_option
@click.pass_context
def test_command(ctx, facts_dir, rules_dir, tests_dir, fmt) -> None:
    """Run the rule tests: exit 0 when all pass, 1 when one fails, 2 when a test file is invalid."""
    from .render import render_table
    from .ruletests import run_rule_tests

    report = run_rule_tests(facts_dir, rules_dir, tests_dir)
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    elif fmt == "table":
        click.echo(report.render())
    else:
        frame = report.to_frame()
        click.echo(render_table(list(frame.columns), frame.values.tolist(), fmt))
    if not report.ok:
        ctx.exit(1)


COMMANDS = [test_command]
