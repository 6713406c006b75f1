"""Colour in the input line: commands, minerals (any spelling the chat understands), numbers
and parameters, as pgcli colours SQL."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from prompt_toolkit.document import Document
from prompt_toolkit.lexers import Lexer

# (style, text) pairs as prompt-toolkit draws them; spelt out because its own alias,
# StyleAndTextTuples, names types that exist only for a type checker
Fragments = list[tuple[str, str]]

NUMBER = re.compile(r"(?<![\w.])[+-]?\d[\d,_]*(?:\.\d+)?(?:[eE][+-]?\d+)?%?")
PARAM = re.compile(r"params\.\w+")
COMMAND = re.compile(r"^\s*(/\S*)")


class ChatLexer(Lexer):
    """``lexicon()`` gives the names the chat knows; ``commands()`` the registry."""

    def __init__(self, lexicon: Callable[[], Any], commands: Callable[[], dict]):
        self.lexicon, self.commands = lexicon, commands

    def lex_document(self, document: Document) -> Callable[[int], Fragments]:
        lines = [self.styled(line) for line in document.lines]
        return lambda number: lines[number] if number < len(lines) else []

    def styled(self, line: str) -> Fragments:
        styles = [""] * len(line)
        for span, style in self._spans(line):
            for i in range(*span):
                styles[i] = style
        out: Fragments = []
        for ch, style in zip(line, styles):
            if out and out[-1][0] == style:
                out[-1] = (style, out[-1][1] + ch)
            else:
                out.append((style, ch))
        return out

    def _spans(self, line: str):
        command = COMMAND.match(line)
        if command:
            known = command.group(1).lower() in self.commands()
            yield command.span(1), "class:command" if known else "class:command.unknown"
        for match in NUMBER.finditer(line):
            yield match.span(), "class:number"
        try:
            minerals = self.lexicon().find_minerals(line)
        except Exception:  # colour is a nicety: never let it break typing
            minerals = []
        for mention in minerals:
            yield (mention.start, mention.end), "class:mineral"
        for match in PARAM.finditer(line):
            yield match.span(), "class:param"
