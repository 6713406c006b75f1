"""Options shared by the commands, each declared once (``@data_options``, ``@format_option``, …)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import click

from critmin.assumptions.inputs import load
from critmin.assumptions.overrides import range_notes
from critmin.errors import UsageError
from critmin.explain.stability import DEFAULT_SAMPLES
from critmin.words.labels import parse_tier
from critmin.words.phrases import LANGUAGES

FORMATS = ("table", "json", "csv", "markdown")

Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


class DirectoryPath(click.Path):
    """A directory option; a name no file can have is a usage error, not a crash."""

    def __init__(self) -> None:
        super().__init__(file_okay=False)

    def convert(self, value, param, ctx):
        if "\x00" in str(value):  # os.stat raises ValueError, not OSError
            self.fail("a path cannot contain a NUL character", param, ctx)
        return super().convert(value, param, ctx)


DIRECTORY = DirectoryPath()


def facts_option(help: str = "Facts directory (default: the shipped facts).") -> Decorator:
    return click.option("--facts", "facts_dir", type=DIRECTORY, help=help)


def rules_option(help: str = "Rules directory (default: the shipped rules).") -> Decorator:
    return click.option("--rules", "rules_dir", type=DIRECTORY, help=help)


def sets_option(help: str = "Override a fact or parameter, e.g. params.severe_shortfall_min=0.8 "
                            "or nickel.us.supply_2035_t=100000 (repeatable).") -> Decorator:
    return click.option("--set", "sets", multiple=True, metavar="KEY=VALUE", help=help)


def directories(func: Callable[..., Any]) -> Callable[..., Any]:
    """--facts and --rules."""
    return facts_option()(rules_option()(func))


def data_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--facts, --rules and --set, shared by every command that scores."""
    return directories(sets_option()(func))


def format_option(choices: Sequence[str] = FORMATS, default: str | None = None) -> Decorator:
    return click.option("--format", "fmt", type=click.Choice(list(choices)), default=default or choices[0],
                        show_default=True, help="Output format.")


MAX_SEED = 2**32 - 1


def samples_option(help: str = "Scenarios to draw (1 to 1,000,000).") -> Decorator:
    return click.option("--samples", type=click.IntRange(1, 1_000_000), default=DEFAULT_SAMPLES,
                        show_default=True, help=help)


def seed_option(help: str = "Random seed; the same seed and samples give the same result.") -> Decorator:
    return click.option("--seed", type=click.IntRange(0, MAX_SEED), default=0, show_default=True, help=help)


def minerals_option(help: str = "Only these minerals (name, symbol or alias; repeatable).") -> Decorator:
    return click.option("--mineral", "minerals", multiple=True, help=help)


def lang_option(default: str | None = None,
                help: str = "Answer language (default: the question's).") -> Decorator:
    return click.option("--lang", type=click.Choice(LANGUAGES), default=default, show_default=default is not None,
                        help=help)


def detail_option(help: str = "After the short answer, the derivation (rules, tests, sourced facts).") -> Decorator:
    return click.option("--detail", is_flag=True, help=help)


def tier_argument(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """A tier option's callback: very_high, 'very high', very-high and 很高 / 高 / 中 / 低 all work."""
    if value is None:
        return None
    try:
        return parse_tier(value)
    except UsageError as exc:
        raise click.BadParameter(str(exc)) from None


def load_noting(facts_dir, rules_dir, sets=()):
    """:func:`critmin.assumptions.inputs.load`, noting on stderr each parameter set outside its
    documented range (accepted: testing such an assumption is the point, but it is one)."""
    facts, rules = load(facts_dir, rules_dir, sets)
    note_ranges(sets, rules)
    return facts, rules


def note_ranges(overrides, rules) -> None:
    for note in range_notes(overrides, rules):
        click.echo(f"note: {note}", err=True)
