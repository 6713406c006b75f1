"""``critmin ask`` and ``critmin chat``: thin commands over the assistant (registered in engine.cli).

Heavy modules are imported inside the commands so that ``critmin`` starts fast.
"""

from __future__ import annotations

import json
import sys

import click

from engine.cli import data_options


@click.command()
@click.argument("question", nargs=-1)
@data_options
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="Output format (json: see README, 'The assistant').")
@click.option("--lang", type=click.Choice(["en", "zh"]), help="Answer language (default: the question's).")
def ask(question, facts_dir, rules_dir, sets, fmt, lang) -> None:
    """Answer one question (English or Chinese) and exit, e.g. critmin ask "why is nickel top priority?"."""
    from .answers import respond
    from .knowledge import Knowledge

    result, _ = respond(" ".join(question), Knowledge(facts_dir, rules_dir, sets), None, lang)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(result.full_text)


@click.command()
@data_options
@click.option("--history", "history_path", type=click.Path(dir_okay=False),
              help="History file (default: 'history' in the user data directory, or $CRITMIN_HISTORY).")
@click.option("--no-history", is_flag=True, help="Keep history in memory only.")
@click.option("--lang", type=click.Choice(["en", "zh"]), help="Answer language (default: each question's).")
def chat(facts_dir, rules_dir, sets, history_path, no_history, lang) -> None:
    """Ask questions interactively (completion, history, follow-ups like 'and cobalt?').

    With questions piped in (not a terminal), answers each line in turn, keeping the context.
    """
    from .knowledge import Knowledge
    from .repl import build_session

    knowledge = Knowledge(facts_dir, rules_dir, sets)
    knowledge.lexicon  # load and validate before the first prompt, so bad data fails fast  # noqa: B018
    stdin = sys.stdin
    if not stdin.isatty():  # questions piped in: answer each line, plain text, no history
        from prompt_toolkit.input import DummyInput
        from prompt_toolkit.output import DummyOutput

        session = build_session(knowledge, input=DummyInput(), output=DummyOutput(), history=False)
        session.lang = lang
        session.run_lines(stdin, click.echo)
        return
    session = build_session(knowledge, history_path=history_path, history=not no_history)
    session.lang = lang
    session.run()


COMMANDS = [ask, chat]
