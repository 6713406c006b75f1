"""``critmin schema``: print the JSON Schema of the JSON output."""

from __future__ import annotations

import json

import click


@click.command()
def schema() -> None:
    """Print the JSON Schema of `critmin score --format json` (shipped in the package)."""
    from .schemas import assessment_schema

    click.echo(json.dumps(assessment_schema(), ensure_ascii=False, indent=2))


COMMANDS = [schema]
