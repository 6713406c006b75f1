"""``critmin sweep``: how robust is each tier to the uncertainty of facts and parameters?

A thin layer over :func:`engine.sweep.run_sweep`; numpy, pandas and tqdm are imported only
when the command runs.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from .cli import data_options, format_option

DEFAULT_SAMPLES = 10_000
MAX_SEED = 2**32 - 1
TIERS = ("very_high", "high", "medium", "low", "unrated")
VARY_WORDS = {"facts": "facts", "params": "parameters", "both": "facts and parameters"}


@click.command()
@data_options
@format_option
@click.option("--samples", type=click.IntRange(1, 1_000_000), default=DEFAULT_SAMPLES,
              show_default=True, help="Scenarios to draw (1 to 1,000,000).")
@click.option("--seed", type=click.IntRange(0, MAX_SEED), default=0, show_default=True,
              help="Random seed; the same seed and samples give the same result.")
@click.option("--vary", type=click.Choice(["facts", "params", "both"]), default="both",
              show_default=True, help="Draw facts within their ranges, parameters, or both.")
@click.option("--top", type=click.IntRange(1, 50), default=3, show_default=True,
              help="Decisive inputs shown per mineral (table, markdown, csv).")
def sweep(facts_dir, rules_dir, sets, fmt, samples, seed, vary, top) -> None:
    """Tier probabilities under uncertainty, and the inputs that most often flip a tier."""
    from .api import load
    from .overrides import parse_overrides
    from .sweep import run_sweep, varied_inputs

    facts, rules = load(facts_dir, rules_dir, sets)
    fixed = [o.key for o in parse_overrides(sets)]
    if not varied_inputs(facts, rules, vary, fixed):
        click.echo(f"warning: no {VARY_WORDS[vary]} with a range to vary; every scenario is the "
                   "baseline", err=True)
    with _progress(samples, fmt) as bar:
        result = run_sweep(facts, rules, samples, seed, vary, fixed, progress=bar.update)
    click.echo(render_sweep(result.to_dict(), fmt, top))


def _progress(samples: int, fmt: str):
    """A progress bar on stderr for runs of more than one chunk; none for JSON."""
    from tqdm import tqdm

    from .sweep import CHUNK
    return tqdm(total=samples, unit="scenario", unit_scale=True, file=sys.stderr, leave=False,
                disable=fmt == "json" or samples <= CHUNK, mininterval=0.5, desc="sweep")


def render_sweep(data: dict[str, Any], fmt: str = "table", top: int = 3) -> str:
    """The sweep command's output (JSON: the whole result; others: tables)."""
    from .render import render_table

    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2)
    header = ("mineral", "baseline", *TIERS, "stable", "score p5-p95")
    body = [(m["mineral"], m["baseline_tier"], *(_pct(m["probabilities"][t]) for t in TIERS),
             _pct(m["stability"]), f"{m['score']['p5']:.1f}-{m['score']['p95']:.1f}")
            for m in data["minerals"]]
    if fmt == "csv":
        header += ("decisive",)
        body = [row + ("; ".join(f"{d['input']}={d['share']:.4f}" for d in m["decisive"][:top]),)
                for row, m in zip(body, data["minerals"])]
        return render_table(header, body, fmt)
    decisive = [(m["mineral"], d["input"], _pct(d["share"]))
                for m in data["minerals"] for d in m["decisive"][:top]]
    intro = (f"{data['samples']:,} scenarios, seed {data['seed']}, varying "
             f"{VARY_WORDS[data['vary']]} ({len(data['inputs'])} inputs)")
    explain = ("Decisive inputs: the share of scenarios in which putting the input back at its "
               "baseline value, all else as drawn, changes the tier.")
    parts = [intro, render_table(header, body, fmt), explain,
             render_table(("mineral", "input", "decisive"), decisive, fmt) if decisive
             else "(no input changes any tier on its own)"]
    if fmt == "markdown":
        parts[0], parts[2] = f"**Sweep:** {intro}", f"**{explain}**"
    return "\n\n".join(parts)


def _pct(share: float) -> str:
    return f"{100 * share:.1f}%"


COMMANDS = [sweep]
