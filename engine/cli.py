"""The ``critmin`` command line: a thin layer over the public API.

Exit codes: 0 ok, 1 usage error, 2 invalid data, rules or overrides, 3 internal error.
Errors print one clear message; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import traceback
from typing import Any

import click

from .errors import CritminError, Problem

FORMAT_CHOICE = click.Choice(["table", "json", "csv", "markdown"])


class DirectoryPath(click.Path):
    """A directory option; a name no file can have is a usage error, not a crash."""

    def __init__(self) -> None:
        super().__init__(file_okay=False)

    def convert(self, value, param, ctx):
        if "\x00" in str(value):  # os.stat raises ValueError, not OSError
            self.fail("a path cannot contain a NUL character", param, ctx)
        return super().convert(value, param, ctx)


DIRECTORY = DirectoryPath()


class CritminGroup(click.Group):
    """Maps every failure to one message and the documented exit code."""

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        argv = list(sys.argv[1:] if args is None else args)
        debug = "--debug" in argv
        try:
            result = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            exc.show()
            sys.exit(1)
        except click.Abort:
            click.echo("aborted", err=True)
            sys.exit(1)
        except CritminError as exc:
            if debug:
                traceback.print_exc()
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except OSError as exc:  # the system refused a path or file the user named
            if debug:
                traceback.print_exc()
            where = None if exc.filename is None else os.fsdecode(exc.filename)
            click.echo(f"error: {Problem(exc.strerror or str(exc), file=where)}", err=True)
            sys.exit(2)
        except Exception as exc:  # a bug: still no traceback unless asked
            if debug:
                traceback.print_exc()
            click.echo(f"internal error: {type(exc).__name__}: {exc} "
                       "(run with --debug for details)", err=True)
            sys.exit(3)
        sys.exit(result if isinstance(result, int) else 0)


def data_options(func):
    """--facts, --rules and --set, shared by every command that scores."""
    func = click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
                        help="Override a fact or parameter, e.g. params.severe_shortfall_min=0.8 "
                             "or nickel.us.supply_2035_t=100000 (repeatable).")(func)
    func = click.option("--rules", "rules_dir", type=DIRECTORY,
                        help="Rules directory (default: the shipped rules).")(func)
    func = click.option("--facts", "facts_dir", type=DIRECTORY,
                        help="Facts directory (default: the shipped facts).")(func)
    return func


def format_option(func):
    return click.option("--format", "fmt", type=FORMAT_CHOICE, default="table",
                        show_default=True, help="Output format.")(func)


@click.group(cls=CritminGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.version_option(package_name="critmin")
def cli(debug: bool) -> None:
    """critmin: rule-based priority and risk scoring for critical minerals."""


@cli.command()
@data_options
@format_option
@click.option("--mineral", "minerals", multiple=True, help="Score only these minerals.")
@click.option("--trace", is_flag=True, help="Include the full trace in JSON output.")
def score(facts_dir, rules_dir, sets, fmt, minerals, trace) -> None:
    """Score every mineral: tier, 0-100 score, levers and partners."""
    from .api import load
    from .facts import find_mineral
    from .inference import score as run_score
    from .render import render_results

    facts, rules = load(facts_dir, rules_dir, sets)
    ids = [find_mineral(facts, m).id for m in minerals] or None
    click.echo(render_results(run_score(facts, rules, ids), fmt, trace=trace))


@cli.command()
@click.option("--facts", "facts_dir", type=DIRECTORY,
              help="Facts directory (default: the shipped facts).")
@click.option("--rules", "rules_dir", type=DIRECTORY,
              help="Rules directory (default: the shipped rules).")
def validate(facts_dir, rules_dir) -> None:
    """Check fact and rule files; exit 0 when valid, 2 with every problem listed."""
    from .compiler import compile_rules
    from .errors import CritminError
    from .facts import load_facts
    from .rules import load_rules

    def load_and_compile(target):  # compiling checks the rule engine's limits too
        base = load_rules(target)
        compile_rules(base)
        return base

    problems: list[str] = []
    facts = rules = None
    for loader, target in ((load_facts, facts_dir), (load_and_compile, rules_dir)):
        try:
            loaded = loader(target)
        except CritminError as exc:
            problems += [str(p) for p in exc.problems]
            continue
        if loader is load_facts:
            facts = loaded
        else:
            rules = loaded
    if problems:
        click.echo("\n".join(problems), err=True)
        click.echo(f"{len(problems)} problem(s) found", err=True)
        sys.exit(2)
    click.echo(f"ok: {len(facts.minerals)} minerals, {len(facts.countries)} countries, "
               f"{len(facts.sources)} sources; {len(rules.rules)} rules, "
               f"{len(rules.params)} parameters")


@cli.command()
@click.argument("mineral")
@click.option("--facts", "facts_dir", type=DIRECTORY,
              help="Facts directory (default: the shipped facts).")
@format_option
def facts(mineral, facts_dir, fmt) -> None:
    """Show a mineral's facts with their sources."""
    from .facts import find_mineral, load_facts
    from .render import render_table

    base = load_facts(facts_dir)
    found = find_mineral(base, mineral)
    if fmt == "json":
        data = {"mineral": found.id, "name": found.name, "name_zh": found.name_zh,
                "symbol": found.symbol, "aliases": list(found.aliases),
                "facts": {k: f.to_dict() for k, f in found.facts.items()},
                "sources": {f.source: base.sources.get(f.source) for f in found.facts.values()}}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    header = ("fact", "value", "unit", "kind", "source", "ref")
    body = [(k, _show(f.value), f.unit or "", f.kind, f.source, f.ref) for k, f in found.facts.items()]
    if fmt == "table":
        click.echo(f"{found.name} ({found.name_zh}, {found.symbol}) — {found.file}")
    click.echo(render_table(header, body, fmt))


@cli.command()
@click.argument("rule_id", required=False)
@click.option("--rules", "rules_dir", type=DIRECTORY,
              help="Rules directory (default: the shipped rules).")
@click.option("--facts", "facts_dir", type=DIRECTORY,
              help="Facts directory, to show which minerals a rule fires for.")
@format_option
def rules(rule_id, rules_dir, facts_dir, fmt) -> None:
    """List the rules, or show one rule and the minerals it fires for."""
    from .api import load
    from .inference import score as run_score
    from .render import render_table

    if rule_id is None:
        from .rules import load_rules
        base = load_rules(rules_dir)
        header = ("id", "layer", "stratum", "when", "then", "source")
        body = [(r.id, r.layer, r.stratum, r.when_text, _then(r), r.source) for r in base.rules]
        if fmt == "json":
            click.echo(json.dumps([dict(zip(header, row)) for row in body], ensure_ascii=False, indent=2))
        else:
            click.echo(render_table(header, body, fmt))
        return
    fact_base, base = load(facts_dir, rules_dir)
    rule = base.rule(rule_id)
    results = run_score(fact_base, base)
    fired = [a.mineral for a in results if any(t.rule == rule.id for t in a.trace)]
    data = {"id": rule.id, "layer": rule.layer, "stratum": rule.stratum, "when": rule.when_text,
            "then": _then(rule), "because": rule.because, "source": rule.source,
            "file": f"{rule.file}:{rule.line}", "fires_for": fired}
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        click.echo(render_table(("field", "value"), [(k, _show(v)) for k, v in data.items()], fmt))


def _then(rule) -> str:
    if rule.kind == "points":
        return f"points: {rule.points_text}"
    extra = f" (partners: {rule.partners})" if rule.kind == "lever" and rule.partners != "none" else ""
    return f"{rule.kind}: {rule.conclusion}{extra}"


def _show(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "-"
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


# Commands that live in modules of their own (one module per idea). Each module exposes
# COMMANDS, a list of click commands, and imports heavy libraries inside the commands.
EXTRA_COMMAND_MODULES: tuple[str, ...] = (
    "engine.whatif_cli",
    "engine.ruletest_cli",
    "engine.import_cli",
    "engine.plot_cli",
    "engine.schema_cli",
    "engine.explain_cli",
    "assistant.cli",
    "engine.sweep_cli",
    "engine.bench",
)


def _register_extra_commands() -> None:
    for name in EXTRA_COMMAND_MODULES:
        for command in importlib.import_module(name).COMMANDS:
            cli.add_command(command)


_register_extra_commands()


def main() -> None:
    cli()
