"""Numbers as people read them: every number format, in one place."""

from __future__ import annotations

from typing import Any


def magnitude(value: int | float) -> str:
    """A short form of a possibly huge number (an integer too big for a float has no ``:g``)."""
    try:
        return f"{value:g}"
    except OverflowError:
        return f"a {len(str(abs(value))):,}-digit number"


def plain(value: Any) -> str:
    """A value without a unit, for people: thousands separators, 4 significant digits,
    lists comma-separated, '-' for nothing."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value)) or "-"
    return str(value)


def exact(value: Any, unit: str = "t") -> str:
    """Every digit of a number (a share as a percentage to 0.01%), '-' for nothing, anything
    else as it is: for a table that puts a file's value beside a new one."""
    if value is None or isinstance(value, bool) or not isinstance(value, (int, float)):
        return "-" if value is None else str(value)
    return f"{value:.2%}" if unit == "share" else f"{value:,}"
