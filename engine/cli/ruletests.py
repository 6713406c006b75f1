"""CLI command ``critmin test``: run the rule tests in RULES_DIR/tests (see critmin.ruletests.runner)."""

from __future__ import annotations

import json

import click

from critmin.cli.options import DIRECTORY, facts_option, format_option, rules_option
from critmin.render import text
from critmin.render.tables import render_table
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
    if fmt == "json":
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    elif fmt == "table":
        click.echo(text(report))
    else:
        frame = report.to_frame()
        click.echo(render_table(list(frame.columns), frame.values.tolist(), fmt))
    if not report.ok:
        ctx.exit(1)


COMMANDS = [test_command]
