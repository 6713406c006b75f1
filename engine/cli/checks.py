"""``critmin crosscheck``: critmin's tiers beside independent assessments, and every disagreement."""

from __future__ import annotations

import click

from critmin.cli.options import data_options, format_option, load_noting
from critmin.explain.crosscheck import crosscheck as crosscheck_all
from critmin.inference.traced import score
from critmin.render.checks import render_crosscheck


@click.command()
@data_options
@format_option()
@click.option("--all", "show_all", is_flag=True, help="List every mineral, not only those where critmin disagrees.")
def crosscheck(facts_dir, rules_dir, sets, fmt, show_all) -> None:
    """List where critmin's tier disagrees with the report or an independent assessment."""
    facts, rules = load_noting(facts_dir, rules_dir, sets)
    click.echo(render_crosscheck(crosscheck_all(score(facts, rules)), fmt, show_all))


COMMANDS = [crosscheck]
