"""The prompt and the bottom toolbar: what the session assumes, on which rules, in which language.

The prompt says when assumptions are active (``critmin [2 assumed]>``); the toolbar lists them,
the rule and fact directories in use, the answer language, whether saved edits are being
watched, and the keys.
"""

from __future__ import annotations

from typing import Any

from critmin.assistant.highlight import Fragments
from critmin.assumptions.overrides import split_directories

KEYS = "Tab complete · → accept suggestion · ↑ history · Ctrl-R search · Ctrl-C cancel · Ctrl-D quit"
SHOWN = 2  # assumptions named in the toolbar; the rest are counted


def prompt_message(chat: Any) -> Fragments:
    count = len(chat.knowledge.session.overrides)
    if not count:
        return [("class:prompt", "critmin> ")]
    return [("class:prompt", "critmin "), ("class:prompt.assumed", f"[{count} assumed]"), ("class:prompt", "> ")]


def where(session: Any) -> tuple[str, str]:
    """The facts and rules directories in use, as the user named them ('shipped' by default)."""
    directories, _ = split_directories(session.overrides)
    facts = directories.get("facts", session.facts_dir)
    rules = directories.get("rules", session.rules_dir)
    return (str(facts) if facts else "shipped"), (str(rules) if rules else "shipped")


def bottom_toolbar(chat: Any, columns: int = 200) -> Fragments:
    """Two lines: the session's state (shortened to ``columns``), then the keys."""
    session = chat.knowledge.session
    overrides = [str(o) for o in session.overrides if o.key.lower() not in ("facts", "rules")]
    facts, rules = where(session)
    state: Fragments = [("class:toolbar.key", " rules: "), ("", rules)]
    if facts != "shipped" or rules != "shipped":
        state += [("class:toolbar.key", " │ facts: "), ("", facts)]
    state += [("class:toolbar.key", " │ lang: "), ("", chat.lang or "auto")]
    if chat.live is not None and chat.live.watching:
        state += [("class:toolbar.key", " │ "), ("class:toolbar.value", "watching edits")]
    room = columns - sum(len(t) for _, t in state) - len(" assumed: ")
    assumed = _assumed(overrides, room)
    parts = [("class:toolbar.key", " assumed: "), ("class:toolbar.value" if overrides else "", assumed),
             ("class:toolbar.key", " │")] + state
    return parts + [("class:toolbar.key", "\n " + KEYS[:max(columns - 2, 0)])]


def _assumed(overrides: list[str], room: int) -> str:
    """The assumptions, as many as fit in ``room`` characters, the rest counted."""
    if not overrides:
        return "none"
    for shown in range(min(len(overrides), SHOWN), 0, -1):
        rest = len(overrides) - shown
        text = ", ".join(overrides[:shown]) + (f" +{rest} more" if rest else "")
        if len(text) <= room:
            return text
    return f"{len(overrides)}"
