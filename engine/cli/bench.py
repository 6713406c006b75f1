"""``critmin bench``: measure speed, startup and memory; print one JSON object (see critmin.bench)."""

from __future__ import annotations

import json

import click

from critmin.bench.measure import run_benchmark


@click.command()
@click.option("--repeats", type=click.IntRange(1, 10_000), default=50, show_default=True,
              help="Warm score-all runs (the median is reported).")
@click.option("--samples", type=click.IntRange(1_000, 1_000_000), default=200_000, show_default=True,
              help="Scenarios in the column-wise sweep.")
@click.option("--traced-samples", type=click.IntRange(1, 100_000), default=200, show_default=True,
              help="Scenarios scored one by one on the traced path.")
@click.option("--rescorings", type=click.IntRange(1, 1_000_000), default=10_000, show_default=True,
              help="Re-scorings watched for memory and threads.")
@click.option("--fresh", type=click.IntRange(1, 100), default=3, show_default=True,
              help="Fresh-process runs per command (the median is reported).")
def bench(repeats, samples, traced_samples, rescorings, fresh) -> None:
    """Measure latency, sweep throughput, startup and memory; print one JSON object."""
    click.echo(json.dumps(run_benchmark(repeats, samples, traced_samples, rescorings, fresh), indent=2))


COMMANDS = [bench]
