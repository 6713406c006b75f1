"""The prompt and the bottom toolbar: what the session assumes, on which rules, in which language.

The prompt says when assumptions are active (``critmin [2 assumed]>``); the toolbar lists them,
the rule and fact directories in use, the answer language, whether saved edits are being
watched, and the keys.
"""

from __future__ import annotations

from typing import Any

from prompt_toolkit.formatted_text import StyleAndTextTuples

from critmin.assumptions.overrides import split_directories

KEYS = "Tab complete · → accept suggestion · ↑ history · Ctrl-R search · Ctrl-C cancel · Ctrl-D quit"
SHOWN = 2  # assumptions named in the toolbar; the rest are counted


def prompt_message(chat: Any) -> StyleAndTextTuples:
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


def bottom_toolbar(chat: Any) -> StyleAndTextTuples:
    session = chat.knowledge.session
    overrides = [str(o) for o in session.overrides if o.key.lower() not in ("facts", "rules")]
    assumed = ", ".join(overrides[:SHOWN]) + (f" +{len(overrides) - SHOWN} more" if len(overrides) > SHOWN else "")
    facts, rules = where(session)
    parts: StyleAndTextTuples = [
        ("class:toolbar.key", " assumed: "), ("class:toolbar.value" if overrides else "", assumed or "none"),
        ("class:toolbar.key", " │ rules: "), ("", rules),
        ("class:toolbar.key", " │ facts: "), ("", facts),
        ("class:toolbar.key", " │ lang: "), ("", chat.lang or "auto"),
    ]
    if chat.live is not None and chat.live.watching:
        parts += [("class:toolbar.key", " │ "), ("class:toolbar.value", "watching edits")]
    return parts + [("class:toolbar.key", "\n " + KEYS)]
