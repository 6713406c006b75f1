"""``critmin schema``: print the JSON Schema of the JSON output."""

from __future__ import annotations

import json

import click

from critmin.inference.schema import assessment_schema


@click.command()
def schema() -> None:
    """Print the JSON Schema of `critmin score --format json` (shipped in the package)."""

    click.echo(json.dumps(assessment_schema(), ensure_ascii=False, indent=2))


COMMANDS = [schema]
