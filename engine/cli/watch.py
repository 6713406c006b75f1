"""``critmin watch``: re-check the fact and rule files on every save, and say what changed.

For scripts and a second terminal: the same report as the chat's live editing
(:mod:`critmin.assistant.live`): the diff of each saved edit against the state before it (with
the ``--set`` assumptions kept), the rules' lints, or the errors of a file that does not load.
"""

from __future__ import annotations

import queue

import click

from critmin.assistant.live import Watcher, edit_report
from critmin.assumptions.session import WhatIfSession
from critmin.cli.options import data_options


@click.command()
@data_options
@click.option("--once", is_flag=True, help="Report the next saved edit, then exit (2 if it does not load).")
def watch(facts_dir, rules_dir, sets, once) -> None:
    """Watch the fact and rule files; on each save, show what the edit changed (or its errors)."""
    session = WhatIfSession(facts_dir, rules_dir)
    if sets:
        session.adopt(*sets)
    saved: queue.Queue = queue.Queue()
    watcher = Watcher(saved.put)
    facts, rules = session.directories()
    watcher.follow((facts, rules))
    click.echo(f"watching {facts} and {rules} (Ctrl-C stops)", err=True)
    try:
        while True:
            paths = saved.get()
            while not saved.empty():  # several saves at once: one report
                paths |= saved.get_nowait()
            report = edit_report(session, paths)
            click.echo(report.text + "\n")
            if once:
                raise SystemExit(0 if report.loaded else 2)
    except KeyboardInterrupt:
        pass
    finally:
        watcher.stop()


COMMANDS = [watch]
