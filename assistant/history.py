"""Where the chat keeps its history: a file in the user's data directory, or memory.

The file is ``$CRITMIN_HISTORY`` if set, else ``history`` in the platform's user data
directory (``$XDG_DATA_HOME/critmin`` or ``~/.local/share/critmin`` on Linux,
``~/Library/Application Support/critmin`` on macOS, ``%LOCALAPPDATA%\\critmin`` on Windows;
found with platformdirs). The file is only ever appended to, never rewritten, so an existing
history is not damaged. If it cannot be written, history stays in memory for the session and
the user is told why.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir
from prompt_toolkit.history import FileHistory, History, InMemoryHistory

APP = "critmin"


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
    return FileHistory(str(target)), None


def _unwritable(target: Path) -> str | None:
    """Why ``target`` cannot be used as an append-only history file, or None."""
    try:
        if target.is_dir():
            return f"{target} is a directory"
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "ab"):  # append mode: creates the file if needed, never truncates it
            pass
    except OSError as exc:
        return f"cannot write {target} ({exc.strerror or exc})"
    return None
