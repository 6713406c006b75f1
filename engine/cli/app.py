"""The ``critmin`` command line: a thin layer over the public API.

Exit codes: 0 ok, 1 usage error, 2 invalid data, rules or overrides, 3 internal error, 130
interrupted (Ctrl-C). Errors print one clear message; ``--debug`` shows the traceback. Everything
printed passes through :func:`critmin.io.terminal.clean`, so no text from a fact, rule or
argument can send control sequences to the terminal.
"""

from __future__ import annotations

import os
import shutil
import sys
import traceback

import click

from critmin.cli import (
    assistant,
    bench,
    checks,
    explain,
    importing,
    inspect,
    plot,
    ruletests,
    schema,
    serve,
    sweep,
    watch,
    whatif,
)
from critmin.cli.interrupt import INTERRUPTED, end_of_startup
from critmin.errors import CritminError, Problem, UsageError
from critmin.io.terminal import cleaned_output
from critmin.render.tables import fitting


class Interrupted(Exception):
    """Ctrl-C while a command ran (click would turn KeyboardInterrupt into a bare Abort)."""


class CritminGroup(click.Group):
    """Maps every failure to one message and the documented exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            raise Interrupted() from None

    def main(self, args=None, prog_name=None, complete_var=None, standalone_mode=True, **extra):
        argv = list(sys.argv[1:] if args is None else args)
        end_of_startup()  # from here on, an interrupt is reported below
        with cleaned_output():
            self._main(argv, prog_name, complete_var, **extra)

    def _main(self, argv, prog_name, complete_var, **extra):
        debug = "--debug" in argv
        try:
            result = super().main(argv, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            exc.show()
            sys.exit(1)
        except (Interrupted, KeyboardInterrupt):
            _interrupted()
        except click.Abort as exc:
            if isinstance(exc.__cause__ or exc.__context__, KeyboardInterrupt):
                _interrupted()
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


def _interrupted() -> None:
    """One line and exit code 130, whatever was running when Ctrl-C came."""
    click.echo("interrupted", err=True)
    sys.exit(INTERRUPTED)


@click.group(cls=CritminGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks on errors.")
@click.version_option(package_name="critmin")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """critmin: rule-based priority and risk scoring for critical minerals.

    Tables fit the terminal (their widest columns wrap); $CRITMIN_WIDTH sets another width
    (0: none), also when the output is not a terminal.
    """
    ctx.with_resource(fitting(output_width()))


def output_width() -> int | None:
    """The width tables must fit: $CRITMIN_WIDTH, else the terminal's, else none (a pipe, a file)."""
    chosen = os.environ.get("CRITMIN_WIDTH", "").strip()
    if chosen:
        if not chosen.isdigit():
            raise UsageError(f"CRITMIN_WIDTH must be a number of columns (0 for no limit), got {chosen!r}")
        return int(chosen) or None
    if sys.stdout.isatty():
        return shutil.get_terminal_size().columns
    return None


COMMAND_MODULES = (inspect, whatif, ruletests, importing, plot, schema, explain, checks, assistant, watch, sweep,
                   bench, serve)
for module in COMMAND_MODULES:
    for command in module.COMMANDS:
        cli.add_command(command)


def main() -> None:
    cli()
