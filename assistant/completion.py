"""Tab completion for the chat: commands, their arguments, mineral names (all spellings) and
parameters (``params.NAME``).

Latin words complete from the start of the word being typed; Chinese has no spaces, so a
Chinese name completes when the text before the cursor ends with its beginning (typing
"为什么石" offers "石墨").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from prompt_toolkit.completion import Completer, Completion
from prompt_toolkit.document import Document

from critmin.assistant.vocabulary import CJK
from critmin.io.terminal import clean

LATIN_WORD = re.compile(r"[A-Za-z0-9_.]+$")


class ChatCompleter(Completer):
    """Completes against what ``sources`` returns (called lazily, so loading stays fast)."""

    def __init__(self, names: Callable[[], list[str]], params: Callable[[], list[str]],
                 commands: Callable[[], dict], chat=None):
        self.names, self.params, self.commands, self.chat = names, params, commands, chat

    def get_completions(self, document: Document, complete_event) -> Iterable[Completion]:
        text = document.text_before_cursor
        if text.startswith("/"):
            yield from self._command(text)
            return
        yield from complete_words(text, self.names() + [f"params.{p}" for p in self.params()])

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


def complete_words(text: str, candidates: list[str]) -> Iterable[Completion]:
    """Candidates that continue the end of ``text`` (case-insensitive for Latin words)."""
    seen: set[str] = set()
    latin = LATIN_WORD.search(text)
    typed = latin.group(0) if latin else ""
    for candidate in map(clean, candidates):  # names come from files: no control sequences
        if candidate in seen:
            continue
        if CJK.search(candidate):
            overlap = _cjk_overlap(text, candidate)
            if overlap:
                seen.add(candidate)
                yield Completion(candidate, -overlap)
        elif typed and candidate.lower().startswith(typed.lower()) and candidate.lower() != typed.lower():
            seen.add(candidate)
            yield Completion(candidate, -len(typed))


def _cjk_overlap(text: str, candidate: str) -> int:
    """Length of the longest beginning of ``candidate`` that ``text`` ends with (0 if none)."""
    for k in range(min(len(candidate) - 1, len(text)), 0, -1):
        if text.endswith(candidate[:k]):
            return k
    return 0
