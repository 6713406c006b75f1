"""One exception hierarchy for everything a user can get wrong.

Every error carries where it happened (file, key path, line and column) and what was
expected, so the CLI can print one clear line instead of a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


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
        where = self.file or ""
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        head = f"{where}: " if where else ""
        if self.key:
            head += f"{self.key}: "
        text = head + self.message
        offset = self.caret if self.caret is not None else (
            self.column - 1 if self.column is not None else None)
        if self.excerpt is not None and offset is not None:
            text += f"\n    {self.excerpt}\n    {' ' * max(offset, 0)}^"
        return text


class CritminError(Exception):
    """Base of every error critmin reports to a user. ``exit_code`` is the CLI's."""

    exit_code = 2

    def __init__(self, problems: str | Problem | list[Problem]):
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


class UnknownMineralError(CritminError):
    """A mineral name matches nothing in the facts."""


class EngineError(CritminError):
    """The inference engine failed; the message names the rule set involved."""


class UsageError(CritminError):
    """A command was called wrongly (CLI exit code 1)."""

    exit_code = 1
