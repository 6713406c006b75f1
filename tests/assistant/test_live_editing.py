"""Live editing: a saved rule or fact file is re-read, and the chat (or `critmin watch`) says
what the edit changed, or where it is wrong, keeping the session's assumptions."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from critmin.assistant.knowledge import Knowledge
from critmin.assistant.live import Watcher, edit_report
from critmin.assumptions.session import WhatIfSession
from critmin.cli.app import cli
from critmin.io.shipped import shipped_dir
from tests.helpers.repl_driver import at_prompt, drive, showing, shown

FIRST_TASK = "    when: severe_shortfall and limited_pipeline and reserves_short and fast_global_growth\n"


@pytest.fixture
def rules_dir(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(shipped_dir("rules"), target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_reload_reports_the_edit_and_keeps_the_assumptions(rules_dir):
    session = WhatIfSession(rules_dir=rules_dir)
    session.set("params.severe_shortfall_min=0.95")
    edit(rules_dir / "tiers.yaml", FIRST_TASK, FIRST_TASK.rstrip("\n") + " and adversary_share > 0.5\n")
    report = edit_report(session, [rules_dir / "tiers.yaml"])
    assert report.loaded and report.text.startswith("saved tiers.yaml: what the edit changed (with the assumptions "
                                                    "params.severe_shortfall_min=0.95)")
    assert "rule.first_task  (edited)" in report.text and "nickel: tier very_high → high" in report.text
    assert [str(o) for o in session.overrides] == ["params.severe_shortfall_min=0.95"]
    assert session.results()["nickel"].tier == "high"


def test_a_broken_edit_is_located_and_the_last_good_rules_kept(rules_dir):
    session = WhatIfSession(rules_dir=rules_dir)
    before = session.results()
    edit(rules_dir / "tiers.yaml", FIRST_TASK, FIRST_TASK.replace(" and limited", " AND limited"))
    report = edit_report(session, [rules_dir / "tiers.yaml"])
    assert not report.loaded
    assert "tiers.yaml:10:" in report.text and "write 'and' in lower case" in report.text
    assert session.results() is before


def test_an_edit_with_a_slip_gets_its_lint(rules_dir):
    session = WhatIfSession(rules_dir=rules_dir)
    edit(rules_dir / "tiers.yaml", FIRST_TASK, FIRST_TASK.rstrip("\n") + " and adversary_share > 50\n")
    report = edit_report(session)
    assert "warning(s) in the rules" in report.text and "adversary_share is a share (0 to 1)" in report.text


def test_the_watcher_sees_a_save_without_polling(rules_dir):
    seen: list[set[Path]] = []
    arrived = threading.Event()
    watcher = Watcher(lambda paths: (seen.append(paths), arrived.set()))
    watcher.follow([rules_dir])
    try:
        time.sleep(0.5)
        (rules_dir / "notes.txt").write_text("not a rule file")
        edit(rules_dir / "tiers.yaml", FIRST_TASK, FIRST_TASK.replace("when:", "when: ", 1))
        assert arrived.wait(30)
        assert {p.name for paths in seen for p in paths} == {"tiers.yaml"}
    finally:
        watcher.stop()
    assert not watcher.watching


def test_the_chat_reports_a_saved_edit_and_keeps_the_line_being_typed(rules_dir):
    def save_the_edit(chat) -> bool:
        if at_prompt(chat) and chat.prompt_session.default_buffer.text == "why is nick":
            edit(rules_dir / "tiers.yaml", FIRST_TASK, FIRST_TASK.rstrip("\n") + " and surging_demand and "
                 "adversary_share > 0.5\n")
            return True
        return False

    steps = [("/set params.severe_shortfall_min=0.95\n", lambda chat: at_prompt(chat) and chat.live.watching),
             ("why is nick", lambda chat: at_prompt(chat) and shown(1)(chat)),
             ("", save_the_edit),
             ("el very high?\n", lambda chat: at_prompt(chat) and showing("what the edit changed")(chat)),
             ("/quit\n", lambda chat: at_prompt(chat) and shown(2)(chat))]
    chat, status, errors = drive(steps, Knowledge(rules_dir=rules_dir), setup=lambda chat: chat.watch())
    assert errors == [] and status == 0
    report = next(text for user, text in chat.transcript if "what the edit changed" in text)
    assert "(with the assumptions params.severe_shortfall_min=0.95)" in report
    assert "nickel: tier very_high → high" in report
    question, answer = chat.transcript[-1]
    assert question == "why is nickel very high?" and "Nickel is high, not very high." in answer
    assert [str(o) for o in chat.knowledge.session.overrides] == ["params.severe_shortfall_min=0.95"]
    assert not chat.live.watching  # stopped when the chat ended


def test_the_chat_follows_a_rules_directory_set_in_the_session(rules_dir):
    steps = [(f"/set rules={rules_dir}\n", at_prompt),
             ("/quit\n", lambda chat: at_prompt(chat) and shown(1)(chat) and rules_dir.resolve()
              in chat.live.directories)]
    chat, _, errors = drive(steps, Knowledge(), setup=lambda chat: chat.watch())
    assert errors == []


def test_critmin_watch_once_reports_the_next_save(rules_dir):
    def later() -> None:
        time.sleep(2)
        edit(rules_dir / "tiers.yaml", FIRST_TASK, FIRST_TASK.rstrip("\n") + " and adversary_share > 0.5\n")

    threading.Thread(target=later, daemon=True).start()
    result = CliRunner().invoke(cli, ["watch", "--rules", str(rules_dir), "--once"])
    assert result.exit_code == 0, result.output
    assert "what the edit changed" in result.output and "nickel: tier very_high → high" in result.output


def test_critmin_watch_once_exits_2_on_a_broken_save(rules_dir):
    def later() -> None:
        time.sleep(2)
        edit(rules_dir / "tiers.yaml", FIRST_TASK, FIRST_TASK.replace(" and limited", " && limited"))

    threading.Thread(target=later, daemon=True).start()
    result = CliRunner().invoke(cli, ["watch", "--rules", str(rules_dir), "--once"])
    assert result.exit_code == 2 and "'&&' is not an operator here" in result.output
