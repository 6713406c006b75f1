"""Ctrl-C while the ``critmin`` command starts: one line and exit code 130, never a traceback.

Loading the engine takes about a second; an interrupt then would surface as a
KeyboardInterrupt traceback from deep inside an import. :func:`guard_startup` runs first when
the package is imported — only when the process was launched as the ``critmin`` command
(``critmin ...`` or ``python -m critmin ...``), never when critmin is used as a library — and
makes an interrupt during start-up exit at once (it runs when this module is imported, which
the package does before anything else). The command line restores Python's usual
handler (:func:`end_of_startup`) as soon as it runs, and reports an interrupt itself.
"""

from __future__ import annotations

import os
import signal
import sys
import threading

INTERRUPTED = 130  # 128 + SIGINT, as shells report it


def launched_as_command() -> bool:
    argv = getattr(sys, "orig_argv", [])
    return argv[1:3] == ["-m", "critmin"] or (len(argv) > 1 and os.path.basename(argv[1]) == "critmin")


def guard_startup() -> None:
    if (launched_as_command() and threading.current_thread() is threading.main_thread()
            and signal.getsignal(signal.SIGINT) is signal.default_int_handler):
        signal.signal(signal.SIGINT, _interrupted_while_starting)


def end_of_startup() -> None:
    if signal.getsignal(signal.SIGINT) is _interrupted_while_starting:
        signal.signal(signal.SIGINT, signal.default_int_handler)


def _interrupted_while_starting(signum, frame) -> None:
    sys.stderr.write("interrupted\n")
    sys.stderr.flush()
    raise SystemExit(INTERRUPTED)


guard_startup()
