"""The phrase catalogue (phrases.yaml): every label and sentence in English and Chinese, by key.

``say("why_not.head", "zh", name=..., have=..., want=...)`` looks a key up and fills its named
placeholders. The file is read once, on first use. A key missing from the catalogue is a
programming error (KeyError), never a silently English answer.
"""

from __future__ import annotations

import importlib.resources
import string
from functools import cache
from typing import Any

import yaml

LANGUAGES = ("en", "zh")  # every entry of the catalogue is written in each of these
CATALOGUE = "phrases.yaml"

Entry = dict[str, str]


@cache
def catalogue() -> dict[str, Entry]:
    """Every entry by its dotted key (``tier.very_high``, ``why_not.head``)."""
    text = (importlib.resources.files("critmin.words") / CATALOGUE).read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return dict(_entries(yaml.load(text, Loader=loader), ""))


def _entries(group: dict[str, Any], prefix: str):
    for name, item in group.items():
        key = f"{prefix}{name}"
        if isinstance(item, dict) and set(item) & set(LANGUAGES):
            if set(item) != set(LANGUAGES):
                raise ValueError(f"{CATALOGUE}: '{key}' must give {' and '.join(LANGUAGES)} (got {sorted(item)})")
            yield key, {lang: str(item[lang]) for lang in LANGUAGES}
        elif isinstance(item, dict):
            yield from _entries(item, key + ".")
        else:
            raise ValueError(f"{CATALOGUE}: '{key}' must give {' and '.join(LANGUAGES)} (got {item!r})")


def say(key: str, lang: str = "en", **values: Any) -> str:
    """The phrase ``key`` in ``lang`` with its placeholders filled from ``values``."""
    return catalogue()[key][lang].format(**values)


def has(key: str) -> bool:
    return key in catalogue()


def placeholders(text: str) -> set[str]:
    """The names of the placeholders in a phrase (``{score:.1f}`` → ``score``)."""
    return {field.split(".")[0].split("[")[0] for _, field, _, _ in string.Formatter().parse(text)
            if field is not None}
