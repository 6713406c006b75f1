"""``critmin plot matrix|sweep``: thin commands over :mod:`critmin.render.plots`."""

from __future__ import annotations

import re

import click

from critmin.cli.options import data_options, load_noting, minerals_option
from critmin.errors import UsageError, shorten
from critmin.explain.matrix import matrix_frame
from critmin.facts.loading import find_mineral
from critmin.inference.traced import score
from critmin.render.plots import matrix_figure, read_sweep_json, save, sweep_figure, sweep_frame_from_json


def _size(ctx, param, value: str) -> tuple[int, int]:
    match = re.fullmatch(r"\s*(\d+)\s*[xX×]\s*(\d+)\s*", value or "")
    if not match:
        raise click.BadParameter(f"expected WIDTHxHEIGHT in pixels, e.g. 1000x700; got {shorten(repr(value), 80)}")
    longest = max(len(match.group(1)), len(match.group(2)))
    if longest > 5:  # a 5,000-digit number is not a size (and past 4,300 digits not even an int)
        raise click.BadParameter(f"each side must be 100 to 10000 pixels; got a {longest:,}-digit number")
    return int(match.group(1)), int(match.group(2))


def _image_options(default_name: str):
    def wrap(func):
        func = click.option("--size", default="1000x700", show_default=True, callback=_size,
                            help="Image size in pixels, WIDTHxHEIGHT.")(func)
        func = click.option("--title", help="Chart title (default: a description).")(func)
        func = click.option("--overwrite", is_flag=True,
                            help="Replace the output file if it exists.")(func)
        func = click.option("--out", "out", default=default_name, show_default=True,
                            type=click.Path(dir_okay=False),
                            help="Output file; .png or .svg.")(func)
        return func
    return wrap


@click.group(name="plot")
def plot() -> None:
    """Draw charts for a brief (needs matplotlib: pip install 'critmin[plot]')."""


@plot.command()
@data_options
@_image_options("criticality_matrix.png")
@minerals_option("Plot only these minerals.")
def matrix(facts_dir, rules_dir, sets, out, title, overwrite, size, minerals) -> None:
    """Criticality matrix: world supply risk against the 2035 US shortfall, coloured by tier.

    Filled circles are the report's own tiers, hollow diamonds model results (minerals the
    report does not grade, or tiers a --set moved away from the report's).
    """
    facts, rules = load_noting(facts_dir, rules_dir, sets)
    ids = [find_mineral(facts, m).id for m in minerals] or None
    frame = matrix_frame(score(facts, rules, ids))
    path = save(matrix_figure(frame, size, title), out, overwrite)
    click.echo(f"wrote {path} ({size[0]}x{size[1]} px, {_minerals(len(frame))})")


@plot.command()
@click.option("--from", "source", type=click.Path(exists=True, dir_okay=False),
              help="JSON written by `critmin sweep --format json`.")
@_image_options("tier_probabilities.png")
def sweep(source, out, title, overwrite, size) -> None:
    """Tier probabilities of a sweep, one stacked bar per mineral.

    Reads the JSON of `critmin sweep --format json` (--from FILE): a list of
    {"mineral": ID, "probabilities": {"very_high": P, "high": P, "medium": P, "low": P,
    "unrated": P}}; see README for the other accepted shapes.
    """
    if source is None:
        raise UsageError("plot sweep needs --from FILE: save a sweep first with "
                         "`critmin sweep --format json > sweep.json`")
    frame = sweep_frame_from_json(read_sweep_json(source), source)
    path = save(sweep_figure(frame, size, title), out, overwrite)
    click.echo(f"wrote {path} ({size[0]}x{size[1]} px, {_minerals(len(frame))})")


def _minerals(count: int) -> str:
    return f"{count} mineral" + ("" if count == 1 else "s")


COMMANDS = [plot]
