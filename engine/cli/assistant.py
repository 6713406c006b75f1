"""``critmin ask`` and ``critmin chat``: thin commands over the assistant (:mod:`critmin.assistant`)."""

from __future__ import annotations

import io
import json
import os
import sys

import click

from critmin.assistant.answers import respond
from critmin.assistant.knowledge import Knowledge
from critmin.cli.options import data_options, detail_option, format_option, lang_option
from critmin.io.terminal import raw_stream


@click.command()
@click.argument("question", nargs=-1)
@data_options
@format_option(("text", "json"))
@lang_option()
@detail_option()
def ask(question, facts_dir, rules_dir, sets, fmt, lang, detail) -> None:
    """Answer one question (English or Chinese) and exit, e.g. critmin ask "why is nickel top priority?".

    The answer comes first, in a few sentences with its figures and sources; --detail adds the
    full derivation.
    """
    result, _ = respond(" ".join(question), Knowledge(facts_dir, rules_dir, sets), None, lang, detail)
    if fmt == "json":
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2, default=str))
    else:
        click.echo(result.full_text)


@click.command()
@data_options
@click.option("--history", "history_path", type=click.Path(dir_okay=False),
              help="History file (default: 'history' in the user data directory, or $CRITMIN_HISTORY).")
@click.option("--no-history", is_flag=True, help="Keep history in memory only.")
@click.option("--no-watch", is_flag=True, help="Do not watch the fact and rule files for saved edits.")
@lang_option(help="Answer language (default: each question's).")
@detail_option("Answer every question in full: the short answer, then the derivation.")
def chat(facts_dir, rules_dir, sets, history_path, no_history, no_watch, lang, detail) -> None:
    """Ask questions interactively (completion, history, follow-ups like 'and cobalt?').

    Saving a fact or rule file in use shows what the edit changed (or what is wrong with it),
    keeping the session's assumptions. With questions piped in (not a terminal), answers each
    line in turn, keeping the context.
    """
    from critmin.assistant.repl import build_session  # prompt_toolkit stays off the cold-start path

    knowledge = Knowledge(facts_dir, rules_dir, sets)
    knowledge.lexicon  # load and validate before the first prompt, so bad data fails fast  # noqa: B018
    stdin = sys.stdin
    if not stdin.isatty():  # questions piped in: answer each line, plain text, no history
        from prompt_toolkit.input import DummyInput  # as above
        from prompt_toolkit.output import DummyOutput  # as above

        session = build_session(knowledge, input=DummyInput(), output=DummyOutput(), history=False)
        session.lang, session.detail = lang, detail
        if getattr(stdin, "buffer", None) is not None:  # bytes that are not UTF-8 become �, not an error
            stdin = io.TextIOWrapper(stdin.buffer, encoding="utf-8", errors="replace")
        sys.exit(session.run_lines(stdin, click.echo))
    from prompt_toolkit.input import create_input  # as above
    from prompt_toolkit.output import create_output  # as above

    # prompt-toolkit draws with its own control sequences: it writes to the terminal itself,
    # and the chat cleans each answer before it is drawn
    session = build_session(knowledge, input=create_input(), output=create_output(raw_stream(sys.stdout)),
                            history_path=history_path, history=not no_history,
                            color=not os.environ.get("NO_COLOR"))
    session.lang, session.detail = lang, detail
    if not no_watch:
        session.watch()
    session.run()


COMMANDS = [ask, chat]
