"""Key bindings of the chat that keep a typed or pasted line from hurting the session.

- A line holds at most :data:`MAX_LINE` characters. Past that, typed characters are dropped
  and a paste is cut, and the chat says so instead of answering (a 100,000-character paste
  once froze the chat for a minute and grew it to gigabytes while the line was redrawn).
- A paste that arrives as a stream of typed characters (a terminal without bracketed paste,
  or a pipe) is taken as one paste: prompt-toolkit spends about half a millisecond on each
  key, so 100,000 of them one by one would freeze the chat for a minute.
- Text that only looks like a terminal's mouse report (typing ``ESC [ 3 1 m``) is ignored
  instead of reaching prompt-toolkit's mouse handler, which fails on it with a traceback.
"""

from __future__ import annotations

from typing import Any

from prompt_toolkit.application.current import get_app
from prompt_toolkit.filters import Condition
from prompt_toolkit.input import Input
from prompt_toolkit.key_binding import KeyBindings, KeyPress
from prompt_toolkit.key_binding.bindings.mouse import load_mouse_bindings
from prompt_toolkit.keys import Keys

MAX_LINE = 2000  # characters in one question or command


MAX_INPUT_LINE = 10_000_000  # a piped line this long is not a question: reading stops


class Overlong:
    """A piped line longer than :data:`MAX_LINE`, read past without keeping it."""

    def __init__(self, length: int, whole: bool = True):
        self.length, self.whole = length, whole


def bounded_lines(stream: Any, limit: int = MAX_LINE):
    """The lines of ``stream``, each at most ``limit`` characters; a longer one is read past in
    pieces and yielded as :class:`Overlong` (memory stays bounded whatever comes in, even
    ``/dev/zero``); past :data:`MAX_INPUT_LINE` characters reading stops."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or (len(line) == limit + 1 and line.endswith("\n")):
            yield line
            continue
        length = len(line)
        while not line.endswith("\n"):
            line = stream.readline(65536)
            if not line:
                break
            length += len(line)
            if length > MAX_INPUT_LINE:
                yield Overlong(length, whole=False)
                return
        yield Overlong(length - line.endswith("\n"))


class LineCap:
    """Whether the line being edited was cut at :data:`MAX_LINE` (reset when it is read)."""

    def __init__(self) -> None:
        self.cut = False

    def take(self) -> bool:
        cut, self.cut = self.cut, False
        return cut


def chat_bindings(cap: LineCap) -> KeyBindings:
    bindings = KeyBindings()
    full = Condition(lambda: _buffer_length() >= MAX_LINE)

    @bindings.add(Keys.Any, filter=full)
    def _drop(event: Any) -> None:
        cap.cut = True  # the line is full: the character is not inserted

    @bindings.add(Keys.BracketedPaste)
    def _paste(event: Any) -> None:
        buffer = event.current_buffer
        data = event.data.replace("\r\n", "\n").replace("\r", "\n")
        room = max(0, MAX_LINE - len(buffer.text))
        if len(data) > room:
            cap.cut, data = True, data[:room]
        buffer.insert_text(data)

    mouse = next(b.handler for b in load_mouse_bindings().bindings if b.keys == (Keys.Vt100MouseEvent,))

    @bindings.add(Keys.Vt100MouseEvent)
    def _mouse(event: Any) -> Any:
        try:
            return mouse(event)
        except (ValueError, KeyError, IndexError, TypeError):
            return None  # typed text shaped like a mouse report: nothing to do

    return bindings


def coalesce_typing(source: Input) -> Input:
    """``source``, whose runs of plain characters read at once become single pastes."""
    read = source.read_keys

    def read_keys() -> list[KeyPress]:
        return merge_typed(read())
    source.read_keys = read_keys
    return source


def merge_typed(keys: list[KeyPress], shortest: int = 16) -> list[KeyPress]:
    """Runs of at least ``shortest`` plain characters as one BracketedPaste key press."""
    out: list[KeyPress] = []
    run: list[KeyPress] = []
    for key in [*keys, None]:
        plain = key is not None and not isinstance(key.key, Keys) and len(key.data) == 1 and key.data.isprintable()
        if plain:
            run.append(key)
            continue
        if len(run) >= shortest:
            out.append(KeyPress(Keys.BracketedPaste, "".join(k.data for k in run)))
        else:
            out += run
        run = []
        if key is not None:
            out.append(key)
    return out


def _buffer_length() -> int:
    return len(get_app().current_buffer.text)
