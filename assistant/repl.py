"""The chat REPL (``critmin chat``): one session factory, a loop, coloured answers.

``build_session`` assembles everything — the prompt-toolkit session (history, completion,
auto-suggestion, highlighting, toolbar, key bindings), the knowledge it answers from and the
conversation context — so tests can build the real application with a pipe input and a dummy
output. Ctrl-C cancels the line (or the answer being computed), Ctrl-D (or /quit) exits.

An answer is computed on a copy of the session (``fork``) in a worker thread
(:mod:`critmin.assistant.running`): Ctrl-C gives it up and the session is exactly as it was;
when it finishes, the copy becomes the session (``adopt``). Saved edits to the fact and rule
files in use are noticed (:mod:`critmin.assistant.live`) and answered between two prompts with
what they changed, the line being typed kept.
A line holds at most :data:`critmin.assistant.keys.MAX_LINE` characters, and every answer is
cleaned of terminal control sequences before it is shown (:func:`critmin.io.terminal.clean`).
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from prompt_toolkit import PromptSession
from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.input import Input
from prompt_toolkit.output import Output
from prompt_toolkit.shortcuts import print_formatted_text
from prompt_toolkit.styles import Style

from critmin.assistant import commands
from critmin.assistant.answers import respond
from critmin.assistant.completion import ChatCompleter, mineral_entities
from critmin.assistant.highlight import ChatLexer
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
from critmin.assistant.live import Watcher, edit_report
from critmin.assistant.pager import ansi, page
from critmin.assistant.parse import Context
from critmin.assistant.running import CANCELLED, run_cancellable
from critmin.assistant.toolbar import bottom_toolbar, prompt_message
from critmin.io.terminal import clean
from critmin.render.tables import fitting

STYLE = Style.from_dict({"prompt": "ansicyan bold", "prompt.assumed": "ansiyellow bold", "headline": "bold",
                         "ok": "ansigreen", "fail": "ansired", "note": "ansiyellow", "dim": "ansibrightblack",
                         "warn": "ansiyellow", "spinner": "ansicyan", "command": "ansimagenta bold",
                         "command.unknown": "ansired", "mineral": "ansigreen bold", "number": "ansiblue",
                         "param": "ansicyan", "bottom-toolbar": "noreverse bg:#303030 #d0d0d0",
                         "toolbar.key": "#8a8a8a", "toolbar.value": "ansiyellow"})
BANNER = ("critmin chat — ask why a mineral has its priority, in English or Chinese "
          "(e.g. 'why is nickel top priority?', '为什么镍是最高优先级？'). /help for commands, Ctrl-D to leave.")
CANCELLED_TEXT = "cancelled: nothing changed, the assumptions are as they were"
EDITED = object()  # the prompt gave way to a saved edit


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
        self.detail = False  # answer every question in full (critmin chat --detail)
        self.transcript: list[tuple[str, str]] = []  # (what the user typed, what was shown)
        self.warnings = warnings
        self.confirm_session: PromptSession | None = None
        self.cap = LineCap()  # set by build_session to the one its key bindings fill
        self.pager: Callable[[str], bool] | None = None  # shows an answer longer than the screen
        self.width: Callable[[], int | None] = lambda: None  # tables fit this many columns
        self.live: Watcher | None = None  # watches the files in use, when asked to
        self.edited: set[Path] = set()  # saved since the last report
        self.typed = ""  # the line being typed when an edit interrupted the prompt

    def confirm(self, question: str) -> bool:
        """Ask a yes/no question (e.g. before /save overwrites a file); no by default."""
        try:
            reply = self.confirm_session.prompt(f"{question} [y/N] ")
        except (KeyboardInterrupt, EOFError):
            return False
        return reply.strip().lower() in ("y", "yes", "是", "是的")

    def ask(self, text: str, detail: bool = False) -> str:
        """Answer a free-text question, following on from the previous one."""
        result, self.context = respond(text, self.knowledge, self.context, self.lang, self.detail or detail)
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

    # ------------------------------------------------------------ answering in a worker

    def fork(self) -> ChatSession:
        """A copy to compute on: its assumptions, context and language change, not ours."""
        twin = copy.copy(self)
        twin.knowledge = self.knowledge.fork()
        return twin

    def adopt(self, twin: ChatSession) -> None:
        self.knowledge, self.context, self.lang = twin.knowledge, twin.context, twin.lang

    def compute(self, job: Callable[[ChatSession], Any], label: str) -> Any:
        """``job`` on a fork, in a worker (spinner, Ctrl-C); its result, or CANCELLED."""
        twin, width = self.fork(), self.width()

        def work() -> Any:
            with fitting(width):
                return job(twin)

        result = run_cancellable(work, input=self.prompt_session.input, output=self.prompt_session.output,
                                 label=label)
        if result is not CANCELLED:
            self.adopt(twin)
        return result

    def answer(self, line: str) -> Any:
        """The reply to a line typed at the prompt; interactive commands run here, the rest in a worker."""
        if commands.runs_inline(line):
            return self.handle(line)
        reply = self.compute(lambda twin: twin.handle(line), "answering")
        return CANCELLED_TEXT if reply is CANCELLED else reply

    # ------------------------------------------------------------ live editing

    def watch(self) -> None:
        """Watch the fact and rule directories in use (they follow /set rules=DIR)."""
        if self.live is None:
            self.live = Watcher(self._saved)
        self.live.follow(self.knowledge.session.directories())

    def _saved(self, paths: set[Path]) -> None:
        """From the watcher's thread: note the edit, and free the prompt to report it."""
        self.edited |= paths
        app = self.prompt_session.app
        loop = app.loop
        if app.is_running and loop is not None:
            loop.call_soon_threadsafe(self._interrupt_prompt)

    def _interrupt_prompt(self) -> None:
        app = self.prompt_session.app
        if app.is_running and not app.is_done:
            self.typed = app.current_buffer.text
            app.exit(result=EDITED)

    def report_edits(self) -> None:
        """Say what the saved edits changed (or what is wrong with them), keeping the assumptions."""
        if not self.edited:
            return
        paths, self.edited = self.edited, set()
        report = self.compute(lambda twin: edit_report(twin.knowledge.session, paths), "reloading")
        self.show(CANCELLED_TEXT if report is CANCELLED else report.text)

    # ------------------------------------------------------------ showing

    def show(self, text: str, user_line: str = "") -> None:
        text = clean(text)
        self.transcript.append((user_line, text))
        formatted = self._formatted(text)
        if self.pager is not None and self._longer_than_screen(text):
            shown = ansi(formatted, STYLE, self.columns()) if self.color else text + "\n"
            if self.pager(shown):
                return
        print_formatted_text(formatted, style=STYLE, output=self.output)

    def columns(self) -> int:
        return self.prompt_session.output.get_size().columns

    def _longer_than_screen(self, text: str) -> bool:
        size = self.prompt_session.output.get_size()
        rows = sum(max(1, -(-len(line) // max(size.columns, 1))) for line in text.splitlines())
        return rows > size.rows - 2

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

    # ------------------------------------------------------------ the loops

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
        try:
            while True:
                self.report_edits()
                typed, self.typed = self.typed, ""
                try:
                    line = self.prompt_session.prompt(lambda: prompt_message(self), default=typed, style=STYLE)
                except KeyboardInterrupt:
                    continue  # Ctrl-C: drop the line, keep the session
                except EOFError:
                    break  # Ctrl-D
                if line is EDITED:
                    continue
                reply = self.answer(line)
                if reply is commands.EXIT:
                    break
                if reply:
                    self.show(reply, line)
                if self.live is not None:
                    self.watch()  # /set rules=DIR may have changed the directories in use
        finally:
            if self.live is not None:
                self.live.stop()
        return 0


def build_session(knowledge: Knowledge | None = None, *, input: Input | None = None,
                  output: Output | None = None, history_path: str | os.PathLike | None = None,
                  history: bool = True, color: bool | None = None, width: int | None = None,
                  pager: Callable[[str], bool] | None = None) -> ChatSession:
    """Assemble the chat: prompt session (history, completion, suggestions, colour, toolbar),
    knowledge and context. On a real terminal (``output`` None) tables fit its width and long
    answers go through the pager; otherwise ``width`` and ``pager`` say."""
    knowledge = knowledge or Knowledge()
    store, warning = open_history(history_path, enabled=history)
    if color is None:
        color = output is None and not os.environ.get("NO_COLOR")
    chat_ref: dict[str, ChatSession] = {}
    completer = ChatCompleter(lambda: mineral_entities(knowledge_of(chat_ref).lexicon.minerals.values()),
                              lambda: knowledge_of(chat_ref).lexicon.params,
                              lambda: commands.COMMANDS)
    cap = LineCap()
    if input is not None:
        input = coalesce_typing(input)
    lexer = ChatLexer(lambda: knowledge_of(chat_ref).lexicon, lambda: commands.COMMANDS)
    prompt: PromptSession = PromptSession(
        history=store, completer=completer, complete_while_typing=False, input=input, output=output,
        enable_history_search=True, auto_suggest=AutoSuggestFromHistory(), lexer=lexer,
        key_bindings=chat_bindings(cap),
        bottom_toolbar=lambda: bottom_toolbar(chat_ref["chat"], chat_ref["chat"].columns()))
    chat = ChatSession(knowledge, prompt, output, color, [warning] if warning else [])
    chat.cap = cap
    chat.confirm_session = PromptSession(input=input, output=output)
    chat.pager = pager if pager is not None or output is not None else page
    chat.width = (lambda: width) if output is not None or width is not None else (
        lambda: prompt.output.get_size().columns)
    completer.chat = chat
    chat_ref["chat"] = chat
    return chat


def knowledge_of(ref: dict[str, ChatSession]) -> Knowledge:
    """The chat's current knowledge (a command may replace it, e.g. to apply overrides)."""
    return ref["chat"].knowledge
