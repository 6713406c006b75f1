"""The chat against hostile input: history files that are not files, huge pastes, typed escape
sequences, control sequences inside facts, and `/save DIR/`."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from critmin.assistant.history import MAX_HISTORY_BYTES, BoundedFileHistory, open_history
from critmin.assistant.keys import MAX_LINE, merge_typed
from critmin.assistant.knowledge import Knowledge
from critmin.assistant.repl import build_session
from critmin.assistant.whatif_commands import save_command
from critmin.assumptions.session import WhatIfSession
from critmin.cli.app import cli

KB = Knowledge()


def chat_with(*chunks: str, knowledge: Knowledge = KB, **options):
    """Run the real chat on a pipe; chunks are written from a thread (a pipe holds only 64 kB)."""
    with create_pipe_input() as pipe:
        def feed():
            for chunk in chunks:
                pipe.send_text(chunk)
        writer = threading.Thread(target=feed, daemon=True)
        options.setdefault("history", False)
        session = build_session(knowledge, input=pipe, output=DummyOutput(), **options)
        writer.start()
        status = session.run()
        writer.join(5)
    return session, status


# ---------------------------------------------------------------- history

CHAT_ON_HISTORY = textwrap.dedent("""
    import sys
    from prompt_toolkit.input import create_pipe_input
    from prompt_toolkit.output import DummyOutput
    from critmin.assistant.repl import build_session
    with create_pipe_input() as pipe:
        pipe.send_text("rank\\n/quit\\n")
        session = build_session(input=pipe, output=DummyOutput(), history_path=sys.argv[1])
        session.run()
    print(session.warnings)
""")


@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "directory"])
def test_a_history_that_is_not_a_regular_file_is_never_read(tmp_path, kind):
    target = tmp_path / "history"
    {"fifo": lambda: os.mkfifo(target), "dev_zero": lambda: target.symlink_to("/dev/zero"),
     "directory": target.mkdir}[kind]()
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-c", CHAT_ON_HISTORY, str(target)], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "keeping this session's history in memory only" in result.stdout
    assert time.monotonic() - started < 60


def test_only_the_newest_megabyte_of_a_history_is_read(tmp_path):
    path = tmp_path / "history"
    old = b"\n# old\n+" + b"x" * 100 + b"\n"
    path.write_bytes(old * (3 * MAX_HISTORY_BYTES // len(old)) + b"\n# new\n+the newest question\n")
    strings = list(BoundedFileHistory(str(path)).load_history_strings())
    assert strings[0] == "the newest question"
    assert sum(len(s) for s in strings) <= MAX_HISTORY_BYTES
    store, warning = open_history(path)
    assert warning is None and isinstance(store, BoundedFileHistory)


# ---------------------------------------------------------------- long lines and escapes

def test_a_100000_character_paste_is_refused_quickly_and_the_chat_goes_on():
    started = time.monotonic()
    session, status = chat_with("why is nickel " + "x" * 100_000 + "\n", "rank\n", "/quit\n")
    assert time.monotonic() - started < 30 and status == 0
    replies = [reply for user, reply in session.transcript if user]
    assert replies[0].startswith(f"that line is over {MAX_LINE:,} characters; the limit is {MAX_LINE:,}")
    assert "nickel" in replies[1].lower()  # the next question is answered


def test_a_bracketed_paste_is_cut_at_the_limit():
    session, _ = chat_with("\x1b[200~" + "y" * 50_000 + "\x1b[201~\n", "/quit\n")
    assert [r for u, r in session.transcript if u][0].startswith("that line is over 2,000 characters")


def test_typing_an_escape_sequence_prints_no_traceback(capfd):
    session, status = chat_with("\x1b[31m\n", "why is nickel\x1b[31m top priority?\n", "/quit\n")
    assert status == 0
    captured = capfd.readouterr()
    assert "Traceback" not in captured.err + captured.out and "Unhandled exception" not in captured.err
    assert any("Nickel" in reply for _, reply in session.transcript)


def test_runs_of_typed_characters_become_one_paste_but_keys_stay_keys():
    from prompt_toolkit.key_binding import KeyPress
    from prompt_toolkit.keys import Keys

    keys = [KeyPress(c, c) for c in "a" * 20] + [KeyPress(Keys.ControlM, "\r")] + [KeyPress("b", "b")]
    merged = merge_typed(keys)
    assert [k.key for k in merged] == [Keys.BracketedPaste, Keys.ControlM, "b"]
    assert merged[0].data == "a" * 20


def test_piped_lines_are_bounded_too():
    long_line = "why " + "z" * 50_000
    result = CliRunner().invoke(cli, ["chat"], input=f"{long_line}\nrank\n")
    assert result.exit_code == 0, result.output
    assert "that line is 50,004 characters; the limit is 2,000" in result.output
    assert "Traceback" not in result.output and "nickel" in result.output.lower()


def test_dev_zero_piped_into_the_chat_stops_with_one_message():
    with open("/dev/zero", "rb") as zero:
        result = subprocess.run([sys.executable, "-m", "critmin", "chat"], stdin=zero, capture_output=True,
                                text=True, timeout=60)
    assert result.returncode == 2
    assert "stopped reading" in result.stdout and "Traceback" not in result.stderr


def test_bytes_that_are_not_utf8_do_not_stop_the_chat():
    result = CliRunner().invoke(cli, ["chat"], input=b"why is nickel \xff\xfe top?\nrank\n")
    assert result.exit_code == 0 and "Traceback" not in result.output


# ---------------------------------------------------------------- control sequences in facts

ESCAPES = r'"\e]0;owned\a\e[2J\e[31mred\x9b1;1H\r back\u202E"'


@pytest.fixture
def escaped_facts(facts_copy: Path) -> Path:
    nickel = facts_copy / "nickel.yaml"
    text = nickel.read_text(encoding="utf-8")
    old = '    ref: "Table 5, nickel, total 2035 supply"\n'
    assert old in text
    in_a_valid_ref = '"Table 5, nickel ' + ESCAPES[1:]
    nickel.write_text(text.replace(old, f"    ref: {in_a_valid_ref}\n", 1), encoding="utf-8")
    countries = facts_copy / "countries.yaml"
    text = countries.read_text(encoding="utf-8")
    countries.write_text(text.replace("Indonesia:\n  name_zh: 印度尼西亚\n",
                                      f"Indonesia:\n  name_zh: 印度尼西亚\n  note: {ESCAPES}\n", 1), encoding="utf-8")
    return facts_copy


def raw_controls(text: str) -> list[str]:
    return [c for c in text if (ord(c) < 32 and c not in "\n\t") or 0x7f <= ord(c) <= 0x9f or c == "\u202e"]


@pytest.mark.parametrize("args", [["facts", "nickel"], ["ask", "facts for nickel"],
                                  ["facts", "nickel", "--format", "csv"]])
def test_control_sequences_in_facts_never_reach_the_terminal(escaped_facts, args):
    result = CliRunner().invoke(cli, [*args, "--facts", str(escaped_facts)], color=True)
    assert result.exit_code == 0, result.output
    assert "red" in result.output and raw_controls(result.output) == []


def test_the_chat_cleans_what_it_shows(escaped_facts):
    session, _ = chat_with("facts for nickel\n", "/quit\n", knowledge=Knowledge(escaped_facts))
    shown = [reply for user, reply in session.transcript if user]
    assert "red" in shown[0] and raw_controls(shown[0]) == []


# ---------------------------------------------------------------- /save DIR/

def test_save_into_a_directory_name_writes_nothing_beside_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    session = WhatIfSession()
    session.set("params.severe_shortfall_min=0.95")
    for name in ("out/", "out", "missing/"):
        reply = save_command(session, name, lambda _q: True)
        assert reply.startswith("error:") and "give the scenario file's name" in reply, reply
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"] and not list((tmp_path / "out").iterdir())
    assert save_command(session, "out/case.yaml", lambda _q: True).startswith("saved 1 override(s)")


@pytest.mark.parametrize("text, shown", [
    ("plain 镍 text\twith a tab\n", "plain 镍 text\twith a tab\n"),
    ("a\x1b[31mred\x1b[0m", "ared"), ("x\x1b]0;title\x07y", "xy"), ("x\x1b]8;;http://e\x1b\\link", "xlink"),
    ("a\x9b2Jb", "ab"), ("over\rwrite", "overwrite"), ("back\x08space", "backspace"),
    ("\u202eevil", "evil"), ("open\x1b]0;never closed\nnext line", "open\nnext line"), ("end\x1b", "end"),
])
def test_clean_removes_control_sequences_and_keeps_text(text, shown):
    from critmin.io.terminal import clean

    assert clean(text) == shown
