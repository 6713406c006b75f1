"""Driving the real chat application from a test: keys sent when the chat is ready for them.

A pipe holds everything sent at once, so keys meant for the next prompt would reach whatever
reads the terminal first (the spinner of a running answer keeps typed-ahead keys, and takes
Ctrl-C as "cancel"). The driver sends each chunk once a condition on the chat holds.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from critmin.assistant.repl import build_session

Step = tuple[str, Callable[[Any], bool]]
TIMEOUT = 180  # seconds for one step on a loaded machine


def at_prompt(chat) -> bool:
    app = chat.prompt_session.app
    return app.is_running and not app.is_done and not answering()


def answering() -> bool:
    return any(t.name == "critmin-answer" and t.is_alive() for t in threading.enumerate())


def shown(count: int) -> Callable[[Any], bool]:
    """True once the chat has shown ``count`` replies to typed lines."""
    return lambda chat: sum(1 for user, _ in chat.transcript if user) >= count


def showing(fragment: str) -> Callable[[Any], bool]:
    return lambda chat: any(fragment in text for _, text in chat.transcript)


def drive(steps: list[Step], knowledge, setup: Callable[[Any], None] = lambda chat: None, **options):
    """Run the chat, sending each step's keys once its condition holds; (chat, status, errors)."""
    errors: list[str] = []
    with create_pipe_input() as pipe:
        options.setdefault("history", False)
        chat = build_session(knowledge, input=pipe, output=DummyOutput(), **options)
        setup(chat)

        def send() -> None:
            for keys, ready in steps:
                deadline = time.monotonic() + TIMEOUT
                while not ready(chat):
                    if time.monotonic() > deadline:
                        errors.append(f"timed out before sending {keys!r}")
                        pipe.send_text("\x04\x04")
                        return
                    time.sleep(0.05)
                pipe.send_text(keys)

        driver = threading.Thread(target=send, daemon=True)
        driver.start()
        status = chat.run()
        driver.join(timeout=5)
    return chat, status, errors
