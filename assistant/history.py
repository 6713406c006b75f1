"""Where the chat keeps its history: a file in the user's data directory, or memory.

The file is ``$CRITMIN_HISTORY`` if set, else ``history`` in the platform's user data
directory (``$XDG_DATA_HOME/critmin`` or ``~/.local/share/critmin`` on Linux,
``~/Library/Application Support/critmin`` on macOS, ``%LOCALAPPDATA%\\critmin`` on Windows;
found with platformdirs). The file is only ever appended to, never rewritten, so an existing
history is not damaged. If it cannot be written, history stays in memory for the session and
the user is told why.

The history file is read and written only if it is a regular file (a FIFO would block the
chat, ``/dev/zero`` would be read forever), and only its last megabyte is read, so a history
grown over years (or a huge file named by mistake) never slows the start.
"""

from __future__ import annotations

import datetime
import os
import stat
from collections.abc import Iterable
from pathlib import Path

from platformdirs import user_data_dir
from prompt_toolkit.history import FileHistory, History, InMemoryHistory

APP = "critmin"
MAX_HISTORY_BYTES = 1_000_000  # the newest part of the file that is read back
FLAGS = os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)  # never wait on a FIFO


class BoundedFileHistory(FileHistory):
    """prompt-toolkit's append-only history file, read and written only as a regular file,
    reading back at most its last ``MAX_HISTORY_BYTES``."""

    def load_history_strings(self) -> Iterable[str]:
        data = _tail(Path(self.filename), MAX_HISTORY_BYTES)
        strings: list[str] = []
        lines: list[str] = []
        for line in data.decode("utf-8", errors="replace").splitlines(keepends=True):
            if line.startswith("+"):
                lines.append(line[1:])
            else:
                if lines:
                    strings.append("".join(lines)[:-1])
                lines = []
        if lines:
            strings.append("".join(lines)[:-1])
        return reversed(strings)

    def store_string(self, string: str) -> None:
        try:
            handle = os.open(self.filename, os.O_WRONLY | os.O_APPEND | FLAGS)
        except OSError:
            return  # gone or replaced by something else since the start: keep it in memory only
        with os.fdopen(handle, "ab") as out:
            if stat.S_ISREG(os.fstat(out.fileno()).st_mode):
                _append(out, string)


def _append(out, string: str) -> None:
    """One entry, in the format :class:`FileHistory` reads back."""
    out.write(f"\n# {datetime.datetime.now()}\n".encode())
    for line in string.split("\n"):
        out.write(f"+{line}\n".encode("utf-8", errors="replace"))


def _tail(path: Path, limit: int) -> bytes:
    """The last ``limit`` bytes of a regular file, from the start of a line; b"" otherwise."""
    try:
        handle = os.open(path, os.O_RDONLY | FLAGS)
    except OSError:
        return b""
    with os.fdopen(handle, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode):
            return b""
        start = max(0, info.st_size - limit)
        stream.seek(start)
        data = stream.read(limit)
    if start:
        data = data[data.find(b"\n") + 1:] if b"\n" in data else b""
    return data


def default_history_path() -> Path:
    override = os.environ.get("CRITMIN_HISTORY")
    if override:
        return Path(override).expanduser()
    return Path(user_data_dir(APP, appauthor=False)) / "history"


def open_history(path: str | os.PathLike | None = None, enabled: bool = True) -> tuple[History, str | None]:
    """(history, warning or None). ``enabled=False`` keeps history in memory without a warning."""
    if not enabled:
        return InMemoryHistory(), None
    target = Path(path).expanduser() if path is not None else default_history_path()
    problem = _unwritable(target)
    if problem:
        return InMemoryHistory(), f"history: {problem}; keeping this session's history in memory only"
    return BoundedFileHistory(str(target)), None


def _unwritable(target: Path) -> str | None:
    """Why ``target`` cannot be used as an append-only history file, or None."""
    try:
        if target.is_dir():
            return f"{target} is a directory"
        if target.exists() and not stat.S_ISREG(target.stat().st_mode):
            return f"{target} is not a regular file"
        target.parent.mkdir(parents=True, exist_ok=True)
        # append mode: creates the file if needed, never truncates it; no wait on a FIFO
        handle = os.open(target, os.O_WRONLY | os.O_APPEND | os.O_CREAT | FLAGS, 0o600)
        try:
            if not stat.S_ISREG(os.fstat(handle).st_mode):
                return f"{target} is not a regular file"
        finally:
            os.close(handle)
    except OSError as exc:
        return f"cannot write {target} ({exc.strerror or exc})"
    return None
