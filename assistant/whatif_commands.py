"""Slash commands for testing assumptions in the chat REPL: /set, /unset, /scenario, /reset,
/diff and /save.

Each command is a plain function ``run(session, arg, confirm) -> str``: ``session`` is the
REPL's :class:`critmin.assumptions.session.WhatIfSession`, ``arg`` the text after the command name (may
be empty), ``confirm`` a ``(question) -> bool`` callback (only /save asks). They return the
text to print and never raise for a user mistake (the message starts with ``error:``), so
they work — and are tested — without prompt-toolkit. ``COMMANDS`` lists them with their
usage and one-line summary, for the REPL's command registry and its /help.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass

from critmin.assumptions.overrides import known_override_keys, range_notes
from critmin.assumptions.scenarios import list_scenarios
from critmin.assumptions.session import Confirm, WhatIfSession
from critmin.errors import CritminError
from critmin.render import text

Handler = Callable[[WhatIfSession, str, Confirm], str]


@dataclass(frozen=True)
class SlashCommand:
    name: str  # without the slash
    usage: str
    summary: str
    run: Handler


def _safe(handler: Handler) -> Handler:
    usage = (handler.__doc__ or "").split(": ", 1)[0]  # each docstring starts "/name ARGS: what it does"

    def run(session: WhatIfSession, arg: str, confirm: Confirm = lambda _q: False) -> str:
        try:
            return handler(session, arg.strip(), confirm)
        except CritminError as exc:
            return f"error: {exc}\nusage: {usage}"
    run.__name__ = handler.__name__
    run.__doc__ = handler.__doc__
    return run


def _words(arg: str) -> list[str]:
    try:
        return shlex.split(arg)
    except ValueError:
        return arg.split()


@_safe
def set_command(session: WhatIfSession, arg: str, confirm: Confirm) -> str:
    """/set KEY=VALUE [KEY=VALUE ...]: change assumptions; /set alone lists them."""
    if not arg:
        return current_overrides(session)
    items = _words(arg) if "=" in arg and arg.count("=") > 1 else [arg]
    change = session.set(*items)
    notes = "".join(f"\nnote: {note}" for note in range_notes(items, session.bases()[1]))
    return f"set {', '.join(items)}{notes}\n{text(change, form='summary')}"


@_safe
def unset_command(session: WhatIfSession, arg: str, confirm: Confirm) -> str:
    """/unset KEY: drop one assumption."""
    if not arg:
        return "error: usage: /unset KEY (see /set for what is set)"
    removed, change = session.unset(arg)
    return f"unset {removed}\n{text(change, form='summary')}"


@_safe
def scenario_command(session: WhatIfSession, arg: str, confirm: Confirm) -> str:
    """/scenario NAME|FILE: add a scenario's assumptions; /scenario alone lists the scenarios."""
    if not arg:
        found = list_scenarios(session.baseline_bases()[0])
        width = max((len(s.name) for s in found), default=0)
        return "\n".join(f"  {s.name:<{width}}  {s.summary}" for s in found) or "no scenarios found"
    scenario, change = session.apply_scenario(arg)
    return (f"scenario {scenario.name}: {scenario.summary}\n  ({len(scenario.overrides)} override(s); "
            f"source: {scenario.source})\n{text(change, form='summary')}")


@_safe
def reset_command(session: WhatIfSession, arg: str, confirm: Confirm) -> str:
    """/reset: drop every assumption, back to the baseline."""
    count = len(session.overrides)
    change = session.reset()
    return f"reset: {count} override(s) dropped\n{text(change, form='summary')}"


@_safe
def diff_command(session: WhatIfSession, arg: str, confirm: Confirm) -> str:
    """/diff [MINERAL ...]: what the session's assumptions change against the baseline, and why."""
    if not session.overrides:
        return "no overrides set: the session is at the baseline"
    return text(session.diff(_words(arg) or None))


@_safe
def save_command(session: WhatIfSession, arg: str, confirm: Confirm) -> str:
    """/save FILE: write the assumptions as a scenario file (asks before overwriting)."""
    words = _words(arg)
    if len(words) != 1:
        return "error: usage: /save FILE (e.g. /save my_case.yaml)"
    path = session.save(words[0], confirm)
    if path is None:
        return "not saved"
    return f"saved {len(session.to_scenario(path.stem).overrides)} override(s) to {path}"


def current_overrides(session: WhatIfSession) -> str:
    overrides = session.overrides
    if not overrides:
        return "no overrides set: the session is at the baseline"
    return "\n".join(f"  {o}  ({o.origin})" for o in overrides)


COMMANDS: tuple[SlashCommand, ...] = (
    SlashCommand("set", "/set KEY=VALUE ...", "change an assumption (a fact, params.NAME, "
                 "countries.NAME.alignment, rules=DIR); alone: list them", set_command),
    SlashCommand("unset", "/unset KEY", "drop one assumption", unset_command),
    SlashCommand("scenario", "/scenario NAME|FILE", "add a scenario's assumptions; alone: list scenarios",
                 scenario_command),
    SlashCommand("reset", "/reset", "drop every assumption (back to the baseline)", reset_command),
    SlashCommand("diff", "/diff [MINERAL ...]", "what the assumptions change, and which rules", diff_command),
    SlashCommand("save", "/save FILE", "save the assumptions as a scenario file", save_command),
)


def completions(session: WhatIfSession) -> list[str]:
    """Words worth completing after /set, /unset and /scenario: override keys and scenario names."""
    facts, rules = session.baseline_bases()
    try:
        names = [s.name for s in list_scenarios(facts)]
    except CritminError:
        names = []
    return known_override_keys(facts, rules) + names
