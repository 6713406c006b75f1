"""Where the shipped facts/ and rules/ live.

In a checkout (editable install) they are the top-level folders next to engine/; in a
regular install they are package data under ``critmin.shipped`` and are found with
importlib.resources.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parents[2]  # the repository root, in a checkout


def shipped_dir(name: str) -> Path:
    """The shipped ``facts`` or ``rules`` directory."""
    checkout = _CHECKOUT / name
    if checkout.is_dir():
        return checkout
    return Path(str(importlib.resources.files("critmin") / "shipped" / name))


def inside_installation(name: str) -> bool:
    """True when the shipped ``name`` directory is package data, not a checkout's folder."""
    return not (_CHECKOUT / name).is_dir()
