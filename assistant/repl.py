"""The chat REPL (``critmin chat``): one session factory, a loop, coloured answers.

``build_session`` assembles everything — the prompt-toolkit session (history, completion,
key bindings), the knowledge it answers from and the conversation context — so tests can
build the real application with a pipe input and a dummy output. Ctrl-C cancels the line,
Ctrl-D (or /quit) exits. A line holds at most :data:`critmin.assistant.keys.MAX_LINE`
characters, and every answer is cleaned of terminal control sequences before it is shown
(:func:`critmin.io.terminal.clean`).
"""

from __future__ import annotations

import os
from typing import Any

from prompt_toolkit import PromptSession
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output
from prompt_toolkit.shortcuts import print_formatted_text
from prompt_toolkit.styles import Style

from critmin.assistant import commands
from critmin.assistant.answers import respond
from critmin.assistant.completion import ChatCompleter
from critmin.assistant.history import open_history
from critmin.assistant.keys import (
    MAX_INPUT_LINE,
    MAX_LINE,
    LineCap,
    Overlong,
    bounded_lines,
    chat_bindings,
    coalesce_typing,
)
from critmin.assistant.knowledge import Knowledge
from critmin.assistant.parse import Context
from critmin.io.terminal import clean

STYLE = Style.from_dict({"prompt": "ansicyan bold", "headline": "bold", "ok": "ansigreen", "fail": "ansired",
                         "note": "ansiyellow", "dim": "ansibrightblack", "warn": "ansiyellow"})
BANNER = ("critmin chat — ask why a mineral has its priority, in English or Chinese "
          "(e.g. 'why is nickel top priority?', '为什么镍是最高优先级？'). /help for commands, Ctrl-D to leave.")


class ChatSession:
    """One conversation: the prompt session, the knowledge, the context of the last question."""

    def __init__(self, knowledge: Knowledge, prompt: PromptSession, output: Output | None,
                 color: bool, warnings: list[str]):
        self.knowledge = knowledge
        self.prompt_session = prompt
        self.output = output
        self.color = color
        self.context = Context()
        self.lang: str | None = None
        self.transcript: list[tuple[str, str]] = []  # (what the user typed, what was shown)
        self.warnings = warnings
        self.confirm_session: PromptSession | None = None
        self.cap = LineCap()  # set by build_session to the one its key bindings fill

    def confirm(self, question: str) -> bool:
        """Ask a yes/no question (e.g. before /save overwrites a file); no by default."""
        try:
            reply = self.confirm_session.prompt(f"{question} [y/N] ")
        except (KeyboardInterrupt, EOFError):
            return False
        return reply.strip().lower() in ("y", "yes", "是", "是的")

    def ask(self, text: str) -> str:
        """Answer a free-text question, following on from the previous one."""
        result, self.context = respond(text, self.knowledge, self.context, self.lang)
        return result.full_text

    def handle(self, line: str | Overlong) -> Any:
        """The reply to one input line: text, None for nothing, or commands.EXIT."""
        if isinstance(line, Overlong) or len(line) > MAX_LINE or self.cap.take():
            length = line.length if isinstance(line, Overlong) else len(line)
            size = f"{length:,} characters" if length > MAX_LINE else f"over {MAX_LINE:,} characters"
            return (f"that line is {size}; the limit is {MAX_LINE:,}, so it was not read — "
                    "ask a shorter question")
        line = line.strip()
        if not line:
            return None
        try:
            if line.startswith("/"):
                return commands.dispatch(self, line)
            return self.ask(line)
        except Exception as exc:  # the session must survive any single bad answer
            return f"internal error: {type(exc).__name__}: {exc}"

    def show(self, text: str, user_line: str = "") -> None:
        text = clean(text)
        self.transcript.append((user_line, text))
        print_formatted_text(self._formatted(text), style=STYLE, output=self.output)

    def _formatted(self, text: str) -> FormattedText:
        if not self.color:
            return FormattedText([("", text)])
        parts = []
        for i, line in enumerate(text.splitlines()):
            style = ""
            if i == 0 or ":" in line[:40] and ("tier " in line or "优先级" in line) and not line.startswith(" "):
                style = "class:headline"
            elif line.lstrip().startswith("✓"):
                style = "class:ok"
            elif line.lstrip().startswith("✗"):
                style = "class:fail"
            elif line.startswith("(") or line.startswith("（"):
                style = "class:note"
            elif line.startswith("  ") and "[" in line and "]" in line:
                style = "class:dim"
            parts.append((style, line + "\n"))
        if parts:
            parts[-1] = (parts[-1][0], parts[-1][1].rstrip("\n"))
        return FormattedText(parts)

    def run_lines(self, lines, write) -> int:
        """Answer lines read from a pipe or file (no terminal): same answers and context, plain
        text. ``lines`` is a stream (read in bounded lines) or any iterable of lines."""
        for warning in self.warnings:
            write(f"warning: {warning}")
        for line in bounded_lines(lines) if hasattr(lines, "readline") else lines:
            reply = self.handle(line)
            if reply is commands.EXIT:
                break
            if reply:
                reply = clean(reply)
                self.transcript.append((line.strip() if isinstance(line, str) else "", reply))
                write(reply)
            if isinstance(line, Overlong) and not line.whole:
                write(f"error: a line of more than {MAX_INPUT_LINE:,} characters; stopped reading")
                return 2
        return 0

    def run(self) -> int:
        """The read-answer loop; returns the exit status."""
        for warning in self.warnings:
            self.show(f"warning: {warning}")
        self.show(BANNER)
        while True:
            try:
                line = self.prompt_session.prompt([("class:prompt", "critmin> ")], style=STYLE)
            except KeyboardInterrupt:
                continue  # Ctrl-C: drop the line, keep the session
            except EOFError:
                break  # Ctrl-D
            reply = self.handle(line)
            if reply is commands.EXIT:
                break
            if reply:
                self.show(reply, line)
        return 0


def build_session(knowledge: Knowledge | None = None, *, input: Input | None = None,
                  output: Output | None = None, history_path: str | os.PathLike | None = None,
                  history: bool = True, color: bool | None = None) -> ChatSession:
    """Assemble the chat: prompt session (history, completion), knowledge and context."""
    knowledge = knowledge or Knowledge()
    store, warning = open_history(history_path, enabled=history)
    if color is None:
        color = output is None and not os.environ.get("NO_COLOR")
    chat_ref: dict[str, ChatSession] = {}
    completer = ChatCompleter(lambda: knowledge_of(chat_ref).lexicon.completion_words(),
                              lambda: knowledge_of(chat_ref).lexicon.params,
                              lambda: commands.COMMANDS)
    cap = LineCap()
    if input is not None:
        input = coalesce_typing(input)
    prompt: PromptSession = PromptSession(history=store, completer=completer, complete_while_typing=False,
                                          input=input, output=output, enable_history_search=True,
                                          key_bindings=chat_bindings(cap))
    chat = ChatSession(knowledge, prompt, output, color, [warning] if warning else [])
    chat.cap = cap
    chat.confirm_session = PromptSession(input=input, output=output)
    completer.chat = chat
    chat_ref["chat"] = chat
    return chat


def knowledge_of(ref: dict[str, ChatSession]) -> Knowledge:
    """The chat's current knowledge (a command may replace it, e.g. to apply overrides)."""
    return ref["chat"].knowledge
