"""How an override's value is written and read: ``"100,000"``, ``"35%"``, ``"1e5"``, names."""

from __future__ import annotations

import math
import re
from typing import Any

from critmin.concepts import MAX_MAGNITUDE
from critmin.errors import OverrideError

NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d[\d_]*)?(\.\d+)?([eE][+-]?\d+)?%?$")


class Percent(float):
    """A number written as a percentage: ``"35%"`` is 0.35 and remembers it was ``35%``.

    Shares and ratios take a percentage; tonnes and growth multiples refuse one, rather than
    read ``supply_2035_t=50%`` as half a tonne."""

    text: str

    def __new__(cls, value: float, text: str = "") -> Percent:
        number = super().__new__(cls, value)
        number.text = text or f"{value * 100:g}%"
        return number

    def __getnewargs__(self) -> tuple[float, str]:  # type: ignore[override]
        return float(self), self.text

    def __str__(self) -> str:
        return self.text


PERCENT_UNITS = ("share", "ratio")  # fact units a percentage can express


def format_value(value: Any) -> str:
    """The text form of an override value (lists as comma-separated names)."""
    if isinstance(value, (list, tuple)):
        return ",".join(str(v) for v in value)
    return str(value)


def parse_value(text: str) -> Any:
    """``"100,000"`` → 100000, ``"35%"`` → 0.35 (a :class:`Percent`), ``"0.5"`` → 0.5; anything
    else stays text."""
    stripped = text.strip()
    if stripped and NUMBER.match(stripped) and any(c.isdigit() for c in stripped):
        number = stripped.replace(",", "").replace("_", "")
        if number.lstrip("+-").isdigit():
            return int(number)
        percent = number.endswith("%")
        value = float(number.rstrip("%"))
        if math.isinf(value):
            raise OverrideError(f"'{stripped}' is beyond the largest supported magnitude "
                                f"({MAX_MAGNITUDE:g})")
        return Percent(value / 100, stripped) if percent else value
    return stripped
