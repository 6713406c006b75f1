"""Live editing: watch the fact and rule directories in use, and say what a saved edit changed.

Watching uses watchfiles (the operating system's file notifications, through a small compiled
library; no polling): a saved ``*.yaml`` file in a watched directory calls ``on_change`` from the
watcher's thread with the paths. :func:`edit_report` then re-reads the directories into the
what-if session, keeping its assumptions, and words the result: the diff of the edit (the same
as ``critmin diff``) and the rules' lints, or the errors of the edited file (file:line:col), in
which case the session keeps the last good state. The chat (``critmin chat``) and ``critmin
watch`` both use it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from critmin.assumptions.session import WhatIfSession
from critmin.errors import CritminError
from critmin.lints.checks import lint
from critmin.render import text

DEBOUNCE_MS = 200  # an editor's save is often several writes: report them once


class Watcher:
    """A thread watching some directories (not their subfolders) for saved YAML files."""

    def __init__(self, on_change: Callable[[set[Path]], None]):
        self.on_change = on_change
        self.directories: tuple[Path, ...] = ()
        self._stop: threading.Event | None = None
        self._thread: threading.Thread | None = None

    @property
    def watching(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def follow(self, directories: Iterable[Path]) -> None:
        """Watch ``directories`` (restarting only if they changed)."""
        wanted = tuple(dict.fromkeys(Path(d).resolve() for d in directories if Path(d).is_dir()))
        if wanted == self.directories and self.watching:
            return
        self.stop()
        self.directories = wanted
        if not wanted:
            return
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, args=(wanted, self._stop), name="critmin-watch",
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._stop is not None:
            self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=2)
        self._stop = self._thread = None

    def _watch(self, directories: tuple[Path, ...], stop: threading.Event) -> None:
        from watchfiles import watch  # reason: a compiled watcher, loaded only by the chat and critmin watch

        def saved_yaml(_change, path: str) -> bool:
            return path.endswith(".yaml") and Path(path).parent in directories

        for changes in watch(*directories, watch_filter=saved_yaml, debounce=DEBOUNCE_MS, stop_event=stop,
                             recursive=False):
            self.on_change({Path(path) for _, path in changes})


@dataclass(frozen=True)
class EditReport:
    loaded: bool  # False: the edited files do not load (the session kept the last good ones)
    text: str


def edit_report(session: WhatIfSession, paths: Iterable[Path] = ()) -> EditReport:
    """Re-read the session's directories after an edit: what it changed, or what is wrong."""
    names = ", ".join(sorted(p.name for p in paths))
    saved = f"saved {names}: " if names else ""
    try:
        change = session.reload()
    except CritminError as exc:
        return EditReport(False, f"{saved}the edit does not load; answers keep the last good files\n{exc}")
    facts, rules = session.bases()
    findings = lint(facts, rules, session.results())
    lines = [f"{saved}{'what the edit changed' if change.changed or change.inputs else 'nothing changed'}"
             + (f" (with the assumptions {'; '.join(change.overrides)})" if change.overrides else ""),
             text(change)]
    if findings:
        lines += [f"{len(findings)} warning(s) in the rules:"] + [str(f) for f in findings]
    return EditReport(True, "\n".join(lines))
