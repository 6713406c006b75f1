"""Numbers as people read them."""

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
