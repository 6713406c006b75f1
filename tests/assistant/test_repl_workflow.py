"""The chat never loses work: Ctrl-C gives up an answer and keeps every assumption; a spinner
for slow answers; typed-ahead keys kept, not echoed; history suggestions, highlighting, toolbar,
pager, width; each mineral completes once. On the real prompt-toolkit application."""

from __future__ import annotations

import io
import threading
import time

import pytest
from prompt_toolkit import PromptSession
from prompt_toolkit.data_structures import Size
from prompt_toolkit.document import Document
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from prompt_toolkit.output.vt100 import Vt100_Output

from critmin.assistant import commands
from critmin.assistant.knowledge import Knowledge
from critmin.assistant.repl import CANCELLED_TEXT, build_session
from critmin.assistant.running import CANCELLED, run_cancellable
from critmin.assistant.toolbar import bottom_toolbar, prompt_message
from critmin.render.tables import display_width
from tests.helpers.repl_driver import answering, at_prompt, drive, shown


@pytest.fixture
def slow_set():
    """A command that changes an assumption, then takes its time (like a long search)."""
    released = threading.Event()  # set at teardown: no answer thread outlives its test

    def run(chat, arg):
        chat.knowledge.session.set("params.severe_shortfall_min=0.5")
        chat.lang = "zh"
        released.wait(float(arg or 3))
        return "done"
    command = commands.register(commands.SlashCommand("/slowset", "[SECONDS]", "test", run))
    yield command
    released.set()
    del commands.COMMANDS[command.name]


def prompt_back(chat) -> bool:
    """The prompt is taking keys again (a cancelled answer's thread may still be running)."""
    app = chat.prompt_session.app
    return app.is_running and not app.is_done


def test_ctrl_c_gives_up_an_answer_and_keeps_every_assumption(slow_set):
    steps = [("/set params.severe_shortfall_min=0.95\n", at_prompt),
             ("/slowset 20\n", lambda chat: at_prompt(chat) and shown(1)(chat)),
             ("\x03", lambda chat: answering()),
             ("why is nickel very high?\n", lambda chat: prompt_back(chat) and shown(2)(chat)),
             ("/quit\n", lambda chat: prompt_back(chat) and shown(3)(chat))]
    chat, status, errors = drive(steps, Knowledge())
    assert errors == [] and status == 0
    assert answering()  # the prompt came back while the cancelled answer was still running
    replies = [text for user, text in chat.transcript if user]
    assert replies[1] == CANCELLED_TEXT
    assert [str(o) for o in chat.knowledge.session.overrides] == ["params.severe_shortfall_min=0.95"]
    assert chat.lang is None  # the cancelled command's language change was dropped too
    assert replies[2].startswith("Nickel is very high: score")  # answered in English, under the kept assumption


def test_a_finished_answer_keeps_what_it_changed(slow_set):
    steps = [("/slowset 0.5\n", at_prompt), ("/quit\n", lambda chat: at_prompt(chat) and shown(1)(chat))]
    chat, _, errors = drive(steps, Knowledge())
    assert errors == [] and chat.transcript[-1][1] == "done"
    assert [str(o) for o in chat.knowledge.session.overrides] == ["params.severe_shortfall_min=0.5"]
    assert chat.lang == "zh"


def screen() -> tuple[io.StringIO, Vt100_Output]:
    buffer = io.StringIO()
    return buffer, Vt100_Output(buffer, lambda: Size(rows=24, columns=80), term="xterm")


def test_a_spinner_only_for_answers_slower_than_the_delay():
    with create_pipe_input() as pipe:
        buffer, output = screen()
        assert run_cancellable(lambda: time.sleep(1.2) or 7, input=pipe, output=output) == 7
        assert "answering" in buffer.getvalue() or "working" in buffer.getvalue()
        quick, output = screen()
        assert run_cancellable(lambda: 8, input=pipe, output=output) == 8
        assert "working" not in quick.getvalue()


def test_typed_ahead_keys_are_kept_for_the_next_prompt_and_not_echoed():
    with create_pipe_input() as pipe:
        buffer, output = screen()
        pipe.send_text("why is nik\x0cel")  # Ctrl-L among them, as in the issue
        assert run_cancellable(lambda: time.sleep(1) or 1, input=pipe, output=output) == 1
        assert "why is nik" not in buffer.getvalue() and "^L" not in buffer.getvalue()
        pipe.send_text("\n")
        assert PromptSession(input=pipe, output=DummyOutput()).prompt() == "why is nikel"


def test_ctrl_c_returns_at_once_and_errors_surface():
    released = threading.Event()
    with create_pipe_input() as pipe:
        pipe.send_text("\x03")
        started = time.monotonic()
        try:
            assert run_cancellable(lambda: released.wait(30), input=pipe, output=DummyOutput()) is CANCELLED
            assert time.monotonic() - started < 10
        finally:
            released.set()  # the abandoned answer's thread ends with the test
        with pytest.raises(ZeroDivisionError):
            run_cancellable(lambda: 1 / 0, input=pipe, output=DummyOutput())


def test_the_right_arrow_accepts_the_grey_suggestion_from_history():
    steps = [("why is nickel top priority?\n", at_prompt),
             ("why is ni", lambda chat: at_prompt(chat) and shown(1)(chat)),
             ("\x1b[C\n", lambda chat: chat.prompt_session.default_buffer.suggestion is not None),
             ("/quit\n", lambda chat: at_prompt(chat) and shown(2)(chat))]
    chat, _, errors = drive(steps, Knowledge())
    assert errors == []
    assert [user for user, _ in chat.transcript if user] == ["why is nickel top priority?"] * 2


def test_the_prompt_and_toolbar_show_the_assumptions():
    chat = build_session(Knowledge(), input=create_pipe_input().__enter__(), output=DummyOutput(), history=False)
    assert prompt_message(chat) == [("class:prompt", "critmin> ")]
    assert "assumed: none" in "".join(t for _, t in bottom_toolbar(chat))
    chat.handle("/set params.severe_shortfall_min=0.95 countries.Indonesia.alignment=ally nickel.us.supply_2035_t=1e5")
    assert "".join(t for _, t in prompt_message(chat)) == "critmin [3 assumed]> "
    wide = "".join(t for _, t in bottom_toolbar(chat, 200))
    assert "params.severe_shortfall_min=0.95, countries.Indonesia.alignment=ally +1 more" in wide
    assert "rules: shipped" in wide and "lang: auto" in wide and "Ctrl-C cancel" in wide
    narrow = bottom_toolbar(chat, 80)
    assert all(display_width(line) <= 80 for line in "".join(t for _, t in narrow).splitlines())


def test_the_input_is_highlighted():
    chat = build_session(Knowledge(), input=create_pipe_input().__enter__(), output=DummyOutput(), history=False)
    lexer = chat.prompt_session.lexer
    styled = dict((text, style) for style, text in lexer.styled("/rules x"))
    assert styled["/rules"] == "class:command"
    line = "what if nickel supply were 35% and params.severe_shortfall_min"
    parts = {text: style for style, text in lexer.styled(line)}
    assert parts["nickel"] == "class:mineral" and parts["35%"] == "class:number"
    assert parts["params.severe_shortfall_min"] == "class:param"
    assert lexer.styled("/frobnicate")[0] == ("class:command.unknown", "/frobnicate")


def completions(chat, text):
    return [c.text for c in chat.prompt_session.completer.get_completions(Document(text), None)]


def test_each_mineral_completes_once_in_the_case_typed():
    chat = build_session(Knowledge(), input=create_pipe_input().__enter__(), output=DummyOutput(), history=False)
    assert completions(chat, "why is ni") == ["nickel", "niobium"]
    assert completions(chat, "why is Ni") == ["Nickel", "Niobium"]
    assert completions(chat, "/facts ni") == ["nickel", "niobium"]
    assert completions(chat, "why is nickl") == ["nickle"]  # only an alias continues it


def test_long_answers_go_through_the_pager_short_ones_do_not():
    paged: list[str] = []
    chat = build_session(Knowledge(), input=create_pipe_input().__enter__(), output=DummyOutput(), history=False,
                         pager=lambda text: paged.append(text) or True)
    chat.show("short answer")
    assert paged == []
    chat.show(chat.handle("/rules"))  # 53 rules: longer than DummyOutput's 40 rows
    assert len(paged) == 1 and "first_task" in paged[0]


def test_tables_fit_the_chat_width():
    chat = build_session(Knowledge(), input=create_pipe_input().__enter__(), output=DummyOutput(), history=False,
                         width=80)
    steps = [("/rank\n", at_prompt), ("/quit\n", lambda c: at_prompt(c) and shown(1)(c))]
    chat, _, errors = drive(steps, Knowledge(), width=80)
    answer, table = chat.transcript[-1][1].split("\nScore = ")[0].split("\n", 1)  # the answer, then its table
    assert answer.startswith("22 minerals, ranked by score")
    assert errors == [] and max(display_width(line) for line in table.splitlines()) <= 80
