"""Tab completion for the chat: commands, their arguments, mineral names and parameters
(``params.NAME``).

A mineral is offered once, however many spellings it has (``ni`` offers nickel and niobium, not
also Nickel, nickle and nickel ore): the first of its names, in the order the facts give them,
that continues what was typed — in the case it was typed in, where a name has that case — with
its other names beside it. Latin words complete from the start of the word being typed; Chinese
has no spaces, so a Chinese name completes when the text before the cursor ends with its
beginning (typing "为什么石" offers "石墨").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from prompt_toolkit.completion import Completer, Completion
from prompt_toolkit.document import Document

from critmin.assistant.vocabulary import CJK
from critmin.io.terminal import clean

LATIN_WORD = re.compile(r"[A-Za-z0-9_.]+$")


@dataclass(frozen=True)
class Entity:
    """One thing to complete (a mineral, a parameter), with all its spellings, preferred first."""

    names: tuple[str, ...]
    meta: str = ""


Candidate = str | Entity


def mineral_entities(minerals: Iterable) -> list[Entity]:
    """One entity per mineral: id, name, Chinese name, symbol and aliases, shown with the symbol
    and the Chinese name."""
    return [Entity(tuple(dict.fromkeys(m.names)), f"{m.symbol} · {m.name_zh}") for m in minerals]


class ChatCompleter(Completer):
    """Completes against what the sources return (called lazily, so loading stays fast)."""

    def __init__(self, names: Callable[[], Sequence[Candidate]], params: Callable[[], list[str]],
                 commands: Callable[[], dict], chat=None):
        self.names, self.params, self.commands, self.chat = names, params, commands, chat

    def get_completions(self, document: Document, complete_event) -> Iterable[Completion]:
        text = document.text_before_cursor
        if text.startswith("/"):
            yield from self._command(text)
            return
        yield from complete_words(text, list(self.names()) + [f"params.{p}" for p in self.params()])

    def _command(self, text: str) -> Iterable[Completion]:
        name, space, arg = text.partition(" ")
        commands = self.commands()
        if not space:
            for candidate in sorted(commands):
                if candidate.startswith(name.lower()):
                    yield Completion(candidate, -len(name), display_meta=commands[candidate].summary)
            return
        found = commands.get(name.lower())
        if found is not None and found.complete is not None:
            yield from complete_words(arg, found.complete(self.chat))


def complete_words(text: str, candidates: Sequence[Candidate]) -> Iterable[Completion]:
    """Candidates that continue the end of ``text`` (case-insensitive for Latin words), each
    entity once."""
    seen: set[str] = set()
    latin = LATIN_WORD.search(text)
    typed = latin.group(0) if latin else ""
    for candidate in candidates:
        entity = candidate if isinstance(candidate, Entity) else Entity((candidate,))
        entity = Entity(tuple(map(clean, entity.names)), clean(entity.meta))  # names come from files
        found = _best(entity, text, typed)
        if found is None or found.text in seen:
            continue
        seen.add(found.text)
        yield found


def _best(entity: Entity, text: str, typed: str) -> Completion | None:
    """The one completion an entity offers for ``text``, or None."""
    others = [n for n in entity.names if not CJK.search(n)]
    meta = entity.meta or None
    for name in entity.names:
        if CJK.search(name) and (overlap := _cjk_overlap(text, name)):
            return Completion(name, -overlap, display_meta=meta)
    matches = [n for n in others if typed and n.lower().startswith(typed.lower()) and n.lower() != typed.lower()]
    if not matches:
        return None
    upper = typed[:1].isupper()
    chosen = next((n for n in matches if n[:1].isupper() == upper), matches[0])
    return Completion(chosen, -len(typed), display_meta=meta)


def _cjk_overlap(text: str, candidate: str) -> int:
    """Length of the longest beginning of ``candidate`` that ``text`` ends with (0 if none)."""
    for k in range(min(len(candidate) - 1, len(text)), 0, -1):
        if text.endswith(candidate[:k]):
            return k
    return 0
