"""Replacing several files of one directory as one change: all of them or none, and never
over an edit saved meanwhile.

:func:`write_files` takes, for each file, the text it had when it was read (None: it did not
exist) and its new text, and:

1. refuses if any file changed since it was read, or, for a new file, if one has appeared;
2. writes a journal into the directory (``.critmin-write.journal``, locked while the write
   runs) naming every file, its temporary file, its backup and the digests of its old and new
   content;
3. writes every new text to a temporary file and every old content to a backup file, both in
   the same directory and flushed to disk;
4. checks every file once more, then gives each temporary file its file's name
   (``os.replace``; a new file by a hard link, which never replaces one that appeared);
5. removes the backups and the journal.

If anything fails, even after some files took their new content, each file is restored from
its backup (a new file removed) and nothing has changed. If the process dies during step 4
(``kill -9``, a power cut), the journal stays behind: the next :func:`write_files` or
:func:`recover` into the directory finds it, restores the files the same way (unless the write
had finished, or a file was edited since) and removes every temporary file, saying what it did.
A second writer that finds the journal locked (a write in progress) refuses rather than interfere.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from critmin.errors import FileWriteError, Problem
from critmin.io.atomic import link_new, remove_file, sync_directory, write_temp
from critmin.io.yaml_reader import read_bytes, read_text

JOURNAL = ".critmin-write.journal"

try:  # POSIX; elsewhere a write in progress is not detected by a second writer
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None


@dataclass(frozen=True)
class Change:
    """One file: its text when it was read (None: absent), and the text to write."""

    old: str | None
    new: str


@dataclass
class Recovered:
    """What was found of an interrupted write, and what was done about it."""

    finished: bool = False  # every file had its new content: only the leftovers were removed
    restored: list[str] = field(default_factory=list)  # put back as they were before it
    changed_since: list[str] = field(default_factory=list)  # edited since: left alone

    def __str__(self) -> str:
        if self.finished:
            text = "an earlier write into this directory had finished before it was stopped"
        elif self.restored:
            text = (f"an earlier write into this directory was interrupted; {', '.join(self.restored)} "
                    "are back as they were before it")
        else:
            text = "an earlier write into this directory was interrupted before it changed any file"
        if self.changed_since:
            text += f"; {', '.join(self.changed_since)} changed since and were left as they are"
        return text + "; its temporary files are removed"


def digest(data: bytes | None) -> str | None:
    return None if data is None else hashlib.sha256(data).hexdigest()


@dataclass
class _Entry:
    path: Path
    change: Change
    token: str
    old_bytes: bytes | None = None

    @property
    def temp(self) -> Path:
        return self.path.parent / f".{self.path.name[:200]}.{self.token}.tmp"

    @property
    def backup(self) -> Path:
        return self.path.parent / f".{self.path.name[:200]}.{self.token}.old"

    def record(self) -> dict:
        return {"file": self.path.name, "temp": self.temp.name,
                "backup": self.backup.name if self.old_bytes is not None else None,
                "old": digest(self.old_bytes), "new": digest(self.change.new.encode("utf-8"))}


def write_files(directory: Path, changes: Mapping[Path, Change]) -> tuple[list[Path], Recovered | None]:
    """Write every change, or none (see the module's description); the files written and what
    was found of an earlier interrupted write (None when there was none)."""
    directory = Path(directory)
    recovered = recover(directory)
    if recovered and (recovered.restored or recovered.changed_since):
        raise FileWriteError(Problem(f"{recovered}; the planned change was read before that, so "
                                     "nothing is written: run it again", file=str(directory)))
    entries = [_Entry(Path(path), change, secrets.token_hex(6)) for path, change in changes.items()]
    for entry in entries:
        entry.old_bytes = _unchanged(entry)
    journal = directory / JOURNAL
    handle = _open_journal(journal)
    renamed: list[_Entry] = []
    settled = False  # the outcome is known here: the journal is not needed afterwards
    try:
        os.write(handle, json.dumps([e.record() for e in entries]).encode("utf-8"))
        os.fsync(handle)
        sync_directory(directory)
        for entry in entries:
            write_temp(entry.temp, entry.change.new.encode("utf-8"), _mode(entry.path))
            if entry.old_bytes is not None:
                write_temp(entry.backup, entry.old_bytes, _mode(entry.path))
        for entry in entries:
            _unchanged(entry)
        for entry in entries:
            if entry.change.old is None:
                link_new(entry.temp, entry.path)
            else:
                os.replace(entry.temp, entry.path)
            renamed.append(entry)
        sync_directory(directory)
        settled = True
    except (OSError, FileWriteError) as exc:
        problem = exc.problems[0] if isinstance(exc, FileWriteError) else Problem(
            f"cannot write: {exc.strerror or exc}", file=str(directory))
        settled = _undo(renamed)
        if renamed and settled:
            problem = Problem(f"{problem.message}; the files written before the failure are restored, "
                              "so nothing has changed", file=problem.file)
        elif renamed:
            problem = Problem(f"{problem.message}; restoring the files written before the failure "
                              "failed too: the journal is kept, the next write into this directory "
                              "restores them", file=problem.file)
        raise FileWriteError(problem) from None
    finally:  # on Ctrl-C too: whatever is not settled is left to recover()
        if settled or not renamed:
            for entry in entries:
                remove_file(entry.temp)
                remove_file(entry.backup)
            remove_file(journal)
        os.close(handle)
    return [e.path for e in renamed], recovered


def recover(directory: Path) -> Recovered | None:
    """Undo what an interrupted write had done and remove its files; None when there was none."""
    journal = Path(directory) / JOURNAL
    try:
        handle = os.open(journal, os.O_RDWR | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise FileWriteError(Problem(f"cannot read: {exc.strerror or exc}", file=str(journal))) from None
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):
            raise FileWriteError(Problem("not a regular file; remove it", file=str(journal)))
        if fcntl is not None:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise FileWriteError(Problem("another write into this directory is in progress",
                                             file=str(journal))) from None
        entries = _journal_entries(handle)
        found = Recovered(finished=bool(entries) and all(
            digest(_current(Path(directory) / e["file"])) == e["new"] for e in entries))
        for entry in entries:
            _restore(Path(directory), entry, found)
        sync_directory(Path(directory))
        remove_file(journal)
        return found
    finally:
        os.close(handle)


def _restore(directory: Path, entry: dict, found: Recovered) -> None:
    """Put one file of an interrupted write back as it was (unless the write had finished)."""
    path, temp = directory / entry["file"], directory / entry["temp"]
    backup = directory / entry["backup"] if entry.get("backup") else None
    now = digest(_current(path))
    if not found.finished and now == entry.get("new") and now != entry.get("old"):
        if backup is not None and os.path.lexists(backup):
            os.replace(backup, path)
        elif backup is None:
            remove_file(path)
        found.restored.append(path.name)
    elif now not in (entry.get("new"), entry.get("old")):
        found.changed_since.append(path.name)
    remove_file(temp)
    if backup is not None:
        remove_file(backup)


def _journal_entries(handle: int) -> list[dict]:
    """The journal's entries; names are plain file names in the directory (nothing else is
    touched whatever the journal says)."""
    with os.fdopen(os.dup(handle), "rb") as stream:
        raw = stream.read(1_000_000)
    try:
        record = json.loads(raw.decode("utf-8") or "[]")
    except (UnicodeDecodeError, ValueError):
        return []  # cut short while being written: no file was renamed yet
    entries = []
    for entry in record if isinstance(record, list) else []:
        names = [entry.get(k) for k in ("file", "temp")] if isinstance(entry, dict) else [None]
        backup = entry.get("backup") if isinstance(entry, dict) else None
        if all(isinstance(n, str) and n == Path(n).name and n not in ("", ".", "..") for n in names) \
                and (backup is None or (isinstance(backup, str) and backup == Path(backup).name
                                        and backup.startswith("."))) and names[1].startswith("."):
            entries.append(entry)
    return entries


def _undo(renamed: list[_Entry]) -> bool:
    """Put back the files a failed write had already replaced; whether that worked."""
    try:
        for entry in reversed(renamed):
            if entry.old_bytes is None:
                remove_file(entry.path)
            else:
                os.replace(entry.backup, entry.path)
    except OSError:
        return False
    return True


def _unchanged(entry: _Entry) -> bytes | None:
    """The file's bytes, if it is still what it was when it was read; else FileWriteError."""
    path, old = entry.path, entry.change.old
    if old is None:
        if os.path.lexists(path):
            raise FileWriteError(Problem("this file appeared after the import read the directory; "
                                         "nothing written (run the import again)", file=str(path)))
        return None
    try:
        now, raw = read_text(path, FileWriteError), read_bytes(path, FileWriteError)
    except FileWriteError:
        now = raw = None
    if now != old:
        raise FileWriteError(Problem("this file changed after the import read it (an edit saved "
                                     "meanwhile?); nothing written, so the edit is kept — run the "
                                     "import again", file=str(path)))
    return raw


def _current(path: Path) -> bytes | None:
    try:
        return read_bytes(path, FileWriteError)
    except FileWriteError:
        return None


def _open_journal(journal: Path) -> int:
    """The new journal, open and locked for this write."""
    try:
        handle = os.open(journal, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o644)
    except FileExistsError:
        raise FileWriteError(Problem("another write into this directory is in progress",
                                     file=str(journal))) from None
    except OSError as exc:
        raise FileWriteError(Problem(f"cannot write: {exc.strerror or exc}", file=str(journal))) from None
    if fcntl is not None:
        fcntl.flock(handle, fcntl.LOCK_EX)
    return handle


def _mode(path: Path) -> int | None:
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        return None
