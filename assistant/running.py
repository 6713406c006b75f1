"""Computing an answer without losing the chat: a worker thread, a spinner, Ctrl-C to give up.

The job runs on a worker thread while a small prompt-toolkit application holds the terminal:
after ``SPINNER_DELAY`` seconds it shows a spinner; Ctrl-C returns :data:`CANCELLED` at once.
Keys typed meanwhile are not echoed: they are kept, in order, for the next prompt (Enter
included), as prompt-toolkit keeps typed-ahead keys between two prompts.

A cancelled job is abandoned, not interrupted: Python cannot stop a thread safely, and the
inference engine must never be left between two calls (its adapter finishes each run and deletes
its state under one lock). The job works on a copy of the chat's state (see
``ChatSession.fork``), so whatever it finishes is dropped; the thread ends on its own.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from prompt_toolkit.application import Application
from prompt_toolkit.filters import Condition
from prompt_toolkit.input import Input
from prompt_toolkit.input.typeahead import get_typeahead, store_typeahead
from prompt_toolkit.key_binding import KeyBindings, KeyPress
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import ConditionalContainer, Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.output import Output

SPINNER_DELAY = 0.3  # seconds before the spinner shows: a quick answer just appears
FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"
CANCELLED = object()


@dataclass
class Job:
    """One computation on a worker thread: its result, or the exception it raised."""

    run: Callable[[], Any]
    done: threading.Event = field(default_factory=threading.Event)
    result: Any = None
    error: BaseException | None = None

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self._work, name="critmin-answer", daemon=True)
        thread.start()
        return thread

    def _work(self) -> None:
        try:
            self.result = self.run()
        except BaseException as exc:  # handed to the caller, who decides what to show
            self.error = exc
        finally:
            self.done.set()


def run_cancellable(run: Callable[[], Any], *, input: Input | None = None, output: Output | None = None,
                    label: str = "working", delay: float = SPINNER_DELAY) -> Any:
    """``run()``'s result, or :data:`CANCELLED` if Ctrl-C came first. An exception it raised is
    raised here."""
    job = Job(run)
    job.start()
    if job.done.wait(min(delay, 0.05)):  # most answers: no application, no flicker
        return _outcome(job)
    typed: list[KeyPress] = []
    app = _spinner(job, typed, label, delay, input, output)
    outcome = app.run(handle_sigint=False)
    store_typeahead(app.input, typed + get_typeahead(app.input))
    return CANCELLED if outcome is CANCELLED else _outcome(job)


def _outcome(job: Job) -> Any:
    if job.error is not None:
        raise job.error
    return job.result


def _spinner(job: Job, typed: list[KeyPress], label: str, delay: float,
             input: Input | None, output: Output | None) -> Application:
    started = time.monotonic()
    keys = KeyBindings()

    @keys.add("c-c")
    def _cancel(event) -> None:
        event.app.exit(result=CANCELLED)

    @keys.add(Keys.Any)
    def _keep(event) -> None:  # typed ahead: kept for the next prompt, not echoed
        typed.extend(event.key_sequence)

    def text():
        frame = FRAMES[int((time.monotonic() - started) * 10) % len(FRAMES)]
        waited = time.monotonic() - started
        return [("class:spinner", f"{frame} {label}… {waited:.0f} s"), ("class:dim", "  (Ctrl-C cancels)")]

    visible = Condition(lambda: time.monotonic() - started >= delay)
    layout = Layout(ConditionalContainer(Window(FormattedTextControl(text), height=1), filter=visible))
    app: Application = Application(layout=layout, key_bindings=keys, input=input, output=output,
                                   refresh_interval=0.1, erase_when_done=True)

    def finished() -> None:
        if app.is_running and not app.is_done:
            app.exit()

    def watch() -> None:  # the job's end wakes the application from the worker's side
        job.done.wait()
        loop = app.loop
        if loop is not None and app.is_running:
            loop.call_soon_threadsafe(finished)

    threading.Thread(target=watch, name="critmin-answer-watch", daemon=True).start()
    app.pre_run_callables.append(lambda: job.done.is_set() and finished())
    app.before_render += lambda _app: job.done.is_set() and finished()  # and every 0.1 s, to be sure
    return app
