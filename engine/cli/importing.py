"""``critmin import usgs``: a thin command over :mod:`critmin.usgs.importer`."""

from __future__ import annotations

import json
import sys

import click

from critmin.cli.options import format_option
from critmin.errors import UsageError
from critmin.io.shipped import inside_installation
from critmin.render.tables import render_table
from critmin.usgs.importer import interrupted, recover_interrupted, write_plan
from critmin.usgs.importer import plan_import as plan_changes

HEADER = ("mineral", "fact", "old", "new", "action", "detail")


@click.group(name="import")
def import_group() -> None:
    """Import figures from a published data release into the fact files."""


@import_group.command(name="usgs")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--facts", "facts_dir", type=click.Path(file_okay=False),
              help="Facts directory to update (default: the shipped facts).")
@click.option("--mineral", "minerals", multiple=True,
              help="Import only these minerals (ids, e.g. cobalt; repeatable).")
@click.option("--write", is_flag=True, help="Write the changes (default: only show them).")
@click.option("--all", "show_all", is_flag=True,
              help="Also list the values the files already hold (action 'same').")
@format_option()
def usgs(paths, facts_dir, minerals, write, show_all, fmt) -> None:
    """Read USGS MCS 2025 CSV files (or directories of them) and show or write the changes.

    PATHS may be MCS2025_World_Data.csv, MCS2025_T5_Critical_Minerals_Salient.csv,
    mcs2025-<code>_salient.csv files, or directories holding them. Values the report supplies
    stay primary; USGS values become their cross-checks.
    """

    if write and facts_dir is None and inside_installation("facts"):
        raise UsageError("--write needs --facts DIR here: critmin is installed as a package, and "
                         "its shipped facts live inside the installation")
    recovered = recover_interrupted(facts_dir) if write else None  # before anything is read
    plan = plan_changes(list(paths), facts_dir, list(minerals) or None)
    for path in plan.ignored:
        click.echo(f"ignored (not a file the importer reads): {path}", err=True)
    if recovered:
        click.echo(f"note: {recovered}", err=True)
    elif not write and interrupted(facts_dir):
        click.echo(f"note: an earlier write into {plan.facts_dir} was interrupted; the next run with "
                   "--write puts its files back as they were and removes its temporary files", err=True)
    written = write_plan(plan)[0] if write and plan.texts and not plan.problems else []
    shown = [c for c in plan.changes if show_all or c.action != "same"]
    if fmt == "json":
        click.echo(json.dumps({
            "changes": [dict(zip(HEADER, _row(c)), value=c.value) for c in shown],
            "files": [str(p) for p in plan.texts], "written": [str(p) for p in written],
            "problems": [str(p) for p in plan.problems], "ignored": plan.ignored},
            ensure_ascii=False, indent=2))
    else:
        click.echo(render_table(HEADER, [_row(c) for c in shown], fmt) if shown
                   else "no USGS values differ from the fact files" if plan.changes
                   else "no USGS values for the chosen minerals")
    if plan.problems:
        click.echo("\n".join(str(p) for p in plan.problems), err=True)
        click.echo("error: the result would not validate; nothing written", err=True)
        sys.exit(2)
    if fmt != "table":
        return
    if not plan.texts:
        click.echo("\nno changes: the fact files already hold these values")
    elif written:
        click.echo(f"\nwrote {len(written)} file(s): {', '.join(p.name for p in written)}")
    else:
        click.echo(f"\n{len(plan.texts)} file(s) would change "
                   f"({', '.join(p.name for p in plan.texts)}); run with --write to apply")


def _row(change) -> tuple[str, ...]:
    return (change.mineral, change.fact, change.old, change.new, change.action, change.detail)


COMMANDS = [import_group]
