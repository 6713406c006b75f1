"""``critmin explain MINERAL``: why a mineral has its tier, why not another, what it would take."""

from __future__ import annotations

import json

import click

from critmin.assistant.lexicon import Lexicon, normalise
from critmin.assistant.vocabulary import vocabulary
from critmin.assumptions.overrides import parse_overrides
from critmin.cli.options import (
    data_options,
    format_option,
    lang_option,
    load_noting,
    samples_option,
    seed_option,
    tier_argument,
)
from critmin.errors import UnknownMineralError
from critmin.explain.crosscheck import crosscheck_of
from critmin.explain.stability import stability_of
from critmin.explain.what_it_takes import what_would_it_take
from critmin.explain.why import why
from critmin.explain.why_not import why_not
from critmin.facts.loading import find_mineral
from critmin.inference.traced import score
from critmin.render.answer_first import answer_then_derivation
from critmin.words.labels import localized
from critmin.words.phrases import say


@click.command()
@click.argument("mineral")
@data_options
@click.option("--why-not", "why_not_tier", callback=tier_argument, metavar="TIER",
              help="Also explain why the mineral is not TIER (low, medium, high, very_high).")
@click.option("--take", "take_tier", callback=tier_argument, metavar="TIER",
              help="Also find the smallest single changes that would move it to TIER.")
@lang_option("en", "Language.")
@format_option(("text", "json"))
@samples_option("Sweep samples for the tier's stability in JSON output (1 to 1,000,000).")
@seed_option("Sweep seed for the tier's stability in JSON output.")
def explain(mineral, facts_dir, rules_dir, sets, why_not_tier, take_tier, lang, fmt, samples, seed) -> None:
    """Explain a mineral's tier: the answer first, then the derivation down to sourced facts.

    With --why-not or --take, that answer comes first and the mineral's own derivation last.
    JSON output also has `crosscheck` (the independent ratings beside the tier) and
    `stability` (the share of an uncertainty sweep that keeps the tier, and the inputs that
    decide it).
    """

    facts, rules = load_noting(facts_dir, rules_dir, sets)
    mineral_id = _mineral(facts, rules, mineral, lang)
    results = score(facts, rules)
    parts = {}
    if why_not_tier:
        parts["why_not"] = why_not(results, mineral_id, why_not_tier)
    if take_tier:
        parts["what_would_it_take"] = what_would_it_take(results, mineral_id, take_tier)
    parts["why"] = why(results, mineral_id)
    if fmt == "json":
        fixed = [o.key for o in parse_overrides(sets)]
        data = {"mineral": mineral_id, "tier": results[mineral_id].tier,
                **{name: parts[name].to_dict() for name in ("why", "why_not", "what_would_it_take") if name in parts},
                "crosscheck": crosscheck_of(results, mineral_id).to_dict(),
                "stability": stability_of(facts, rules, mineral_id, samples, seed, fixed=fixed).to_dict()}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return
    click.echo("\n\n".join(answer_then_derivation(part, lang) for part in parts.values()))


def _mineral(facts, rules, name: str, lang: str) -> str:
    """The mineral ``name`` means: exactly as ``critmin facts`` reads it, else a misspelling
    read as the chat reads it (with a note on stderr), else an error naming the closest."""
    try:
        return find_mineral(facts, name).id
    except UnknownMineralError:
        mineral = Lexicon(facts, rules, vocabulary()).fuzzy_mineral(normalise(name))
        if mineral is None:
            raise
        found = facts.minerals[mineral]
        click.echo(say("answer.reading_as", lang, word=name, name=localized(found.name, found.name_zh, lang)),
                   err=True)
        return mineral


COMMANDS = [explain]
