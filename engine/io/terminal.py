"""Text on its way to a terminal, with every control sequence removed.

Facts, rules, scenarios and questions are text that someone else may have written. A YAML
escape (``"\\e[2J"``, ``"\\x9b..."``), a pasted question or a file name can carry terminal
control sequences that would clear or retitle the user's terminal, recolour what follows,
move the cursor to overwrite an answer, or reorder text (bidirectional overrides). Every
answer and message critmin prints passes through :func:`clean`: the CLI writes through
:func:`cleaned_output` (standard output and error, for the whole command), and the chat
cleans each answer before prompt-toolkit draws it. Line breaks and tabs stay.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

# ESC sequences: CSI (ESC [ ... final), OSC/DCS/SOS/PM/APC strings (ending in BEL or ESC \ ,
# or, left open, at the end of the line), and two-character escapes; their 8-bit forms (CSI
# 0x9b, OSC 0x9d, ...).
SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[ -/]*[0-~]?")
# Other control characters (C0 but line feed and tab, DEL, C1) and bidirectional overrides.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """``text`` without terminal control sequences or control characters."""
    if not CONTROL.search(text):
        return text
    return CONTROL.sub("", SEQUENCE.sub("", text))


class CleanStream:
    """A text stream that cleans everything written to it; everything else is the stream's."""

    def __init__(self, stream: TextIO):
        self.raw = stream

    def write(self, text: Any) -> int:
        return self.raw.write(clean(text) if isinstance(text, str) else text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def raw_stream(stream: Any) -> Any:
    """The stream under a :class:`CleanStream` (a terminal UI writes its own sequences)."""
    return stream.raw if isinstance(stream, CleanStream) else stream


@contextmanager
def cleaned_output() -> Iterator[None]:
    """Standard output and error cleaned while the block runs."""
    saved = sys.stdout, sys.stderr
    sys.stdout = CleanStream(sys.stdout) if sys.stdout is not None else None
    sys.stderr = CleanStream(sys.stderr) if sys.stderr is not None else None
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
