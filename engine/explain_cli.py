"""``critmin explain MINERAL``: why a mineral has its tier, why not another, what it would take."""

from __future__ import annotations

import json

import click

from .cli import data_options


def _tier(ctx, param, value):
    """Accept very_high, 'very high', very-high and the Chinese 很高 / 高 / 中 / 低."""
    if value is None:
        return None
    from .facts import TIERS
    from .wording import TIER_LABELS
    key = "_".join(value.strip().lower().replace("-", " ").split())
    reverse = {label: tier for lang in TIER_LABELS.values() for tier, label in lang.items()}
    key = reverse.get(value.strip(), reverse.get(key.replace("_", " "), key))
    if key not in TIERS:
        raise click.BadParameter(f"'{value}' is not a tier; expected one of {', '.join(TIERS)}")
    return key


@click.command()
@click.argument("mineral")
@data_options
@click.option("--why-not", "why_not_tier", callback=_tier, metavar="TIER",
              help="Also explain why the mineral is not TIER (low, medium, high, very_high).")
@click.option("--take", "take_tier", callback=_tier, metavar="TIER",
              help="Also find the smallest single changes that would move it to TIER.")
@click.option("--lang", type=click.Choice(["en", "zh"]), default="en", show_default=True, help="Language.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def explain(mineral, facts_dir, rules_dir, sets, why_not_tier, take_tier, lang, fmt) -> None:
    """Explain a mineral's tier: the derivation from rules down to sourced facts."""
    from .api import load
    from .derivation import why
    from .explain import why_not
    from .facts import find_mineral
    from .inference import score
    from .what_it_takes import what_would_it_take

    facts, rules = load(facts_dir, rules_dir, sets)
    mineral_id = find_mineral(facts, mineral).id
    results = score(facts, rules)
    parts = {"why": why(results, mineral_id)}
    if why_not_tier:
        parts["why_not"] = why_not(results, mineral_id, why_not_tier)
    if take_tier:
        parts["what_would_it_take"] = what_would_it_take(results, mineral_id, take_tier)
    if fmt == "json":
        data = {"mineral": mineral_id, "tier": results[mineral_id].tier,
                **{name: part.to_dict() for name, part in parts.items()}}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        return
    texts = [parts["why"].render(lang)]
    texts += [part.render(lang) for name, part in parts.items() if name != "why"]
    click.echo("\n\n".join(texts))


COMMANDS = [explain]
