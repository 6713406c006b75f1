"""``critmin sweep``: how robust is each tier to the uncertainty of facts and parameters?

A thin layer over :func:`critmin.fast.sweep.run_sweep`; numpy and tqdm are imported only
when the command runs.
"""

from __future__ import annotations

import sys

import click

from critmin.assumptions.overrides import parse_overrides
from critmin.cli.options import data_options, format_option, load_noting, samples_option, seed_option
from critmin.concepts import VARY
from critmin.render.sweeps import render_sweep
from critmin.words.labels import label


@click.command()
@data_options
@format_option()
@samples_option()
@seed_option()
@click.option("--vary", type=click.Choice(VARY), default="both",
              show_default=True, help="Draw facts within their ranges, parameters, or both.")
@click.option("--top", type=click.IntRange(1, 50), default=3, show_default=True,
              help="Decisive inputs shown per mineral (table, markdown, csv).")
def sweep(facts_dir, rules_dir, sets, fmt, samples, seed, vary, top) -> None:
    """Tier probabilities under uncertainty, and the inputs that most often flip a tier."""
    from critmin.fast.sweep import run_sweep, varied_inputs  # numpy stays off the cold-start path

    facts, rules = load_noting(facts_dir, rules_dir, sets)
    fixed = [o.key for o in parse_overrides(sets)]
    if not varied_inputs(facts, rules, vary, fixed):
        click.echo(f"warning: no {label('vary', vary)} with a range to vary; every scenario is the "
                   "baseline", err=True)
    with _progress(samples, fmt) as bar:
        result = run_sweep(facts, rules, samples, seed, vary, fixed, progress=bar.update)
    click.echo(render_sweep(result.to_dict(), fmt, top))


def _progress(samples: int, fmt: str):
    """A progress bar on stderr for runs of more than one chunk; none for JSON."""
    from tqdm import tqdm  # loaded only when a sweep runs

    from critmin.fast.sweep import CHUNK  # numpy stays off the cold-start path
    return tqdm(total=samples, unit="scenario", unit_scale=True, file=sys.stderr, leave=False,
                disable=fmt == "json" or samples <= CHUNK, mininterval=0.5, desc="sweep")


COMMANDS = [sweep]
