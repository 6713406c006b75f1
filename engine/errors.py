"""One exception hierarchy for everything a user can get wrong.

Every error carries where it happened (file, key path, line and column) and what was
expected, so the CLI can print one clear line instead of a traceback.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, and where."""

    message: str
    file: str | None = None
    key: str | None = None
    line: int | None = None
    column: int | None = None
    excerpt: str | None = None  # the offending source text, shown with a caret
    caret: int | None = None  # 0-based offset of the caret in excerpt (default: column)

    def __str__(self) -> str:
        where = shorten(printable(self.file or ""), MAX_PATH)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        head = f"{where}: " if where else ""
        if self.key:
            head += f"{self.key}: "
        text = printable(head + shorten(self.message, MAX_MESSAGE))
        offset = self.caret if self.caret is not None else (
            self.column - 1 if self.column is not None else None)
        if self.excerpt is not None and offset is not None:
            offset = max(offset, 0)
            excerpt, offset = printable(self.excerpt), len(printable(self.excerpt[:offset]))
            excerpt, offset = _window(excerpt, offset)
            text += f"\n    {excerpt}\n    {' ' * offset}^"
        return text


MAX_MESSAGE = 400  # characters of one problem's message; a pasted value may be megabytes
MAX_EXCERPT = 100  # characters of source shown around the caret
MAX_PATH = 1024  # characters of a file's path: a real path is shown whole, so it can be opened


def printable(text: str) -> str:
    """``text`` with control characters escaped (``\\x00``, ``\\t``, ``\\n``): a problem is one
    line, whatever text a user pasted into it."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def shorten(text: str, limit: int = MAX_MESSAGE) -> str:
    """``text`` cut in the middle to at most about ``limit`` characters."""
    if len(text) <= limit:
        return text
    keep = limit // 2
    return f"{text[:keep]} … ({len(text) - 2 * keep:,} characters) … {text[-keep:]}"


def _window(excerpt: str, caret: int) -> tuple[str, int]:
    """The part of a long source line around the caret, and the caret's offset in it."""
    if len(excerpt) <= MAX_EXCERPT:
        return excerpt, caret
    start = max(0, min(caret - MAX_EXCERPT // 2, len(excerpt) - MAX_EXCERPT))
    shown = excerpt[start:start + MAX_EXCERPT]
    prefix = "…" if start else ""
    suffix = "…" if start + MAX_EXCERPT < len(excerpt) else ""
    return prefix + shown + suffix, caret - start + len(prefix)


class CritminError(Exception):
    """Base of every error critmin reports to a user. ``exit_code`` is the CLI's."""

    exit_code = 2

    def __init__(self, problems: str | Problem | list[Problem]) -> None:
        if isinstance(problems, (str, Problem)):
            problems = [problems if isinstance(problems, Problem) else Problem(problems)]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class DataError(CritminError):
    """A fact, country or source file is malformed or inconsistent."""


class RuleError(CritminError):
    """A rule file, a parameter or a rule expression is wrong."""


class OverrideError(CritminError):
    """A ``--set KEY=VALUE`` override names an unknown key or holds a bad value."""


class UnknownMineralError(CritminError, KeyError):
    """A mineral name matches nothing in the facts.

    Also a ``KeyError``, as a mapping's failed lookup must be: ``"x" in results`` and
    ``results.get("x")`` rely on it.
    """

    def __str__(self) -> str:  # KeyError would quote the message
        return Exception.__str__(self)


class EngineError(CritminError):
    """The inference engine failed; the message names the rule set involved."""


class FileWriteError(CritminError):
    """A file could not be written, or would have replaced one without being asked to."""


class UsageError(CritminError):
    """A command was called wrongly (CLI exit code 1)."""

    exit_code = 1


def suggest(word: str, choices: Any) -> str:
    """`` (did you mean 'x'?)`` or an empty string."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=3, cutoff=0.6)
    if not close:
        return ""
    return " (did you mean " + " or ".join(f"'{c}'" for c in close) + "?)"
