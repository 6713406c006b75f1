"""Long answers through a pager, as pgcli shows long results: ``$CRITMIN_PAGER``, else
``$PAGER``, else ``less -FRX`` (quit at once if it fits, keep colours, leave it on the screen)."""

from __future__ import annotations

import io
import os
import shlex
import shutil
import subprocess

from prompt_toolkit.data_structures import Size
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.output.vt100 import Vt100_Output
from prompt_toolkit.shortcuts import print_formatted_text
from prompt_toolkit.styles import BaseStyle

DEFAULT = "less -FRX"


def pager_command() -> list[str] | None:
    """The pager to run, or None when there is none (then the answer is printed as it is)."""
    chosen = os.environ.get("CRITMIN_PAGER") or os.environ.get("PAGER") or DEFAULT
    words = shlex.split(chosen)
    return words if words and shutil.which(words[0]) else None


def ansi(text: FormattedText, style: BaseStyle, columns: int) -> str:
    """Formatted text as ANSI escape codes (what ``less -R`` shows in colour)."""
    buffer = io.StringIO()
    output = Vt100_Output(buffer, lambda: Size(rows=1000, columns=columns), term="xterm-256color")
    print_formatted_text(text, style=style, output=output)
    return buffer.getvalue().replace("\r\n", "\n")


def page(text: str) -> bool:
    """Show ``text`` in the pager; False if no pager could be run."""
    command = pager_command()
    if command is None:
        return False
    try:
        subprocess.run(command, input=text.encode("utf-8"), check=False)
    except OSError:
        return False
    return True
