"""The chat, driven through prompt-toolkit's pipe input on the real application."""

from __future__ import annotations

from prompt_toolkit.document import Document
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from critmin.assistant import commands
from critmin.assistant.history import open_history
from critmin.assistant.knowledge import Knowledge
from critmin.assistant.repl import build_session

KB = Knowledge()


def chat_with(*chunks: str, knowledge=None, **options):
    with create_pipe_input() as pipe:
        for chunk in chunks:
            pipe.send_text(chunk)
        options.setdefault("history", False)
        session = build_session(knowledge or KB, input=pipe, output=DummyOutput(), **options)
        status = session.run()
    return session, status


def replies(session):
    return {user: shown for user, shown in session.transcript if user}


def test_questions_follow_ups_and_exit_on_ctrl_d():
    session, status = chat_with("why is nickel top priority?\n", "and cobalt?\n", "那锂呢？\n", "\x04")
    assert status == 0
    shown = replies(session)
    assert shown["why is nickel top priority?"].startswith("Nickel is very high")
    assert "Cobalt is very high" in shown["and cobalt?"] and "Following on" in shown["and cobalt?"]
    assert "锂的优先级是高，不是很高" in shown["那锂呢？"]  # the question kept: "why is lithium top priority?"


def test_ctrl_c_cancels_the_line_and_the_session_goes_on():
    session, _ = chat_with("why is nick", "\x03", "rank\n", "/quit\n")
    users = [user for user, _ in session.transcript if user]
    assert users == ["rank"]


def test_slash_commands_and_help_built_from_the_registry():
    session, _ = chat_with("/help\n", "/rules first_task\n", "/facts 镍\n", "/frobnicate\n", "/lang zh\n",
                           "why is Ni very high\n", "/exit\n")
    shown = replies(session)
    for cmd in commands.unique():
        assert cmd.name in shown["/help"]
    assert "fires for" in shown["/rules first_task"]
    assert "［报告：表5］" in shown["/facts 镍"]
    assert "unknown command" in shown["/frobnicate"]
    assert "镍的优先级为很高" in shown["why is Ni very high"]  # /lang zh


def test_a_registered_command_appears_in_help_and_runs():
    cmd = commands.register(commands.SlashCommand("/echo", "TEXT", "say TEXT back", lambda chat, arg: arg))
    try:
        session, _ = chat_with("/echo hello\n", "/help\n", "/quit\n")
        shown = replies(session)
        assert shown["/echo hello"] == "hello" and "/echo TEXT" in shown["/help"]
    finally:
        del commands.COMMANDS[cmd.name]


def test_history_is_kept_in_a_file_and_appended_to(tmp_path):
    path = tmp_path / "data" / "history"
    chat_with("rank\n", "/quit\n", history=True, history_path=path)
    first = path.read_text()
    assert "+rank" in first
    chat_with("why is zinc low?\n", "/quit\n", history=True, history_path=path)
    second = path.read_text()
    assert second.startswith(first) and "+why is zinc low?" in second


def test_existing_history_is_never_damaged(tmp_path):
    path = tmp_path / "history"
    original = b"\n# 2026-01-01\n+earlier question\n\xff\xfe not text\n"
    path.write_bytes(original)
    chat_with("rank\n", "/quit\n", history=True, history_path=path)
    assert path.read_bytes().startswith(original)


def test_unwritable_history_falls_back_to_memory_with_a_warning(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("a file where the history directory should be")
    session, _ = chat_with("rank\n", "/quit\n", history=True, history_path=blocker / "history")
    assert session.warnings and "memory" in session.warnings[0]
    assert blocker.read_text() == "a file where the history directory should be"
    assert "rank" in replies(session)


def test_a_directory_as_history_falls_back_to_memory(tmp_path):
    store, warning = open_history(tmp_path)
    assert "directory" in warning and type(store).__name__ == "InMemoryHistory"
    session, _ = chat_with("rank\n", "/quit\n", history=True, history_path=tmp_path)
    assert session.transcript[0][1].startswith("warning: history:")


def test_default_history_path_honours_the_environment(tmp_path, monkeypatch):
    from critmin.assistant.history import default_history_path
    monkeypatch.setenv("CRITMIN_HISTORY", str(tmp_path / "h"))
    assert default_history_path() == tmp_path / "h"
    monkeypatch.delenv("CRITMIN_HISTORY")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_history_path() == tmp_path / "xdg" / "critmin" / "history"


def completions(session, text):
    completer = session.prompt_session.completer
    return [c.text for c in completer.get_completions(Document(text), None)]


def test_completion_of_commands_minerals_chinese_names_and_parameters():
    with create_pipe_input() as pipe:
        session = build_session(KB, input=pipe, output=DummyOutput(), history=False)
        assert "/rules" in completions(session, "/ru")
        assert "nickel" in completions(session, "why is nic")
        assert "Nickel" in completions(session, "why is Nic")
        assert "石墨" in completions(session, "为什么石")
        assert "params.severe_shortfall_min" in completions(session, "what if params.sev")
        assert "first_task" in completions(session, "/rules first")
        assert "镍" in completions(session, "/facts ")  or "nickel" in completions(session, "/facts ni")


def test_colour_only_when_asked():
    with create_pipe_input() as pipe:
        plain = build_session(KB, input=pipe, output=DummyOutput(), history=False)
        coloured = build_session(KB, input=pipe, output=DummyOutput(), history=False, color=True)
    text = "Nickel: tier very high\n  ✓ ok\n  ✗ no"
    assert plain._formatted(text) == [("", text)]
    styles = [style for style, _ in coloured._formatted(text)]
    assert styles == ["class:headline", "class:ok", "class:fail"]


def test_assumptions_from_slash_commands_change_the_answers(tmp_path):
    target = tmp_path / "my_case"
    session, _ = chat_with("/set nickel.us.supply_2035_t=100000\n", "why is nickel very high?\n",
                           f"/save {target}\n", f"/save {target}\n", "y\n", "/reset\n",
                           "why is Ni very high?\n", "/quit\n", knowledge=Knowledge())
    shown = [text for user, text in session.transcript if user]
    assert "very_high → high" in shown[0]
    assert "Nickel is high, not very high." in shown[1]
    assert (tmp_path / "my_case.yaml").exists() and "saved" in shown[3]
    assert shown[5].startswith("Nickel is very high")


def test_whatif_commands_are_in_the_registry_with_completion():
    for name in ("/set", "/unset", "/scenario", "/reset", "/diff", "/save"):
        assert name in commands.COMMANDS
    with create_pipe_input() as pipe:
        session = build_session(KB, input=pipe, output=DummyOutput(), history=False)
        assert "nickel.us.supply_2035_t" in completions(session, "/set nickel.us.sup")
