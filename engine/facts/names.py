"""One name, one thing: the names that pick a mineral or a country must each pick only one.

A mineral is found by its id, English name, Chinese name, symbol or any alias, ignoring case
(``--mineral``, ``facts NAME``, ``--set NAME.…``, the chat). If two minerals shared a name,
every lookup would silently mean the first of them; so a name used by two minerals is an
error, and so are two countries spelt alike (``china`` and ``China``). Names are compared
after Unicode compatibility folding (NFKC) and case folding, so a fullwidth ``ｎickel`` or
``ＣＨＩＮＡ`` collides too. A mineral's id must be one ``--set MINERAL.FACT=VALUE`` can address
(lower_case_with_underscores), and no name may be a word an override key reserves.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path

from critmin.concepts import IDENTIFIER
from critmin.errors import Problem
from critmin.facts.model import Country, Mineral

RESERVED = ("params", "countries", "facts", "rules")  # override heads: params.X, facts=DIR, …
NAME_FIELDS = ("id", "name", "name_zh", "symbol")


def folded(name: str) -> str:
    """The form two names are compared in: NFKC, case-folded, outer spaces removed."""
    return unicodedata.normalize("NFKC", name).casefold().strip()


def folding_hint(name: str, candidates: Iterable[str]) -> str:
    """For a name written with compatibility characters (fullwidth ``ｎｉｃｋｅｌ``) that only
    folding would match: which character, and the name meant; else an empty string. Such a
    name is never matched silently."""
    if unicodedata.normalize("NFKC", name) == name:
        return ""
    key = folded(name)
    meant = next((c for c in candidates if folded(c) == key), None)
    if meant is None:
        return ""
    char = next(c for c in name if unicodedata.normalize("NFKC", c) != c)
    return (f" (it holds {char!r}, U+{ord(char):04X} {unicodedata.name(char, 'a compatibility character')}; "
            f"write '{meant}' in plain characters)")


def mineral_names(mineral: Mineral) -> list[tuple[str, str]]:
    """(field, name) for every name of a mineral, e.g. ("aliases[1]", "nickle")."""
    names = [(f, getattr(mineral, f)) for f in NAME_FIELDS]
    return names + [(f"aliases[{i}]", alias) for i, alias in enumerate(mineral.aliases)]


def check_mineral_names(minerals: Iterable[Mineral]) -> list[Problem]:
    """Ids --set cannot address, reserved words, and names two minerals share.

    Ids, names, Chinese names and symbols are claimed before aliases, so a clash is reported
    at the alias (the weaker claim), naming the mineral that holds the name first."""
    minerals = list(minerals)
    problems = [_at(m, "id", f"mineral id '{m.id}' must be lower_case_with_underscores, as "
                    "--set MINERAL.FACT=VALUE names it") for m in minerals if not IDENTIFIER.match(m.id)]
    owners: dict[str, tuple[Mineral, str, str]] = {}
    claims = [(m, f, n) for m in minerals for f, n in mineral_names(m) if not f.startswith("aliases")]
    claims += [(m, f, n) for m in minerals for f, n in mineral_names(m) if f.startswith("aliases")]
    for mineral, field, name in claims:
        key = folded(name)
        if not key:
            problems.append(_at(mineral, field, "a name cannot be empty"))
        elif not name.isprintable():
            bad = next(c for c in name if not c.isprintable())
            problems.append(_at(mineral, field, f"{field} holds the control or format character "
                                f"U+{ord(bad):04X}; a name is plain printable text"))
        elif key in RESERVED:
            problems.append(_at(mineral, field, f"'{name}' is reserved for overrides (params.NAME, "
                                "countries.NAME, facts=DIR, rules=DIR); choose another name"))
        else:
            first, where, written = owners.setdefault(key, (mineral, field, name))
            if first.id != mineral.id:
                problems.append(_at(mineral, field, (
                    f"'{name}' also names {first.id} ({_place(first, where)}: {where} '{written}'); "
                    "a name, symbol or alias must belong to one mineral (compared ignoring case "
                    "and width)")))
    return problems


def check_country_names(countries: dict[str, Country], file: str | None,
                        lines: dict[str, int | None]) -> list[Problem]:
    """Two countries spelt alike (ignoring case and width), by name or Chinese name."""
    problems: list[Problem] = []
    owners: dict[str, str] = {}
    for name, country in countries.items():
        for label, text in (("name", name), ("name_zh", country.name_zh)):
            if not isinstance(text, str):
                continue
            if not text.isprintable():
                bad = next(c for c in text if not c.isprintable())
                problems.append(Problem(f"the character U+{ord(bad):04X} is not printable; a country's "
                                        "name is plain text", file=file, key=name if label == "name" else
                                        f"{name}.name_zh", line=lines.get(name)))
                continue
            key = folded(text)
            first = owners.setdefault(key, name)
            if first != name:
                problems.append(Problem(
                    f"'{text}' also names the country '{first}' (line {lines.get(first)}); "
                    "each country is spelt one way (compared ignoring case and width)",
                    file=file, key=name if label == "name" else f"{name}.name_zh",
                    line=lines.get(name)))
    return problems


def _at(mineral: Mineral, field: str, message: str) -> Problem:
    line, column = mineral.lines.get(field, (None, None))
    return Problem(message, file=mineral.file, key=field, line=line, column=column)


def _place(mineral: Mineral, field: str) -> str:
    line, column = mineral.lines.get(field, (None, None))
    name = Path(mineral.file or mineral.id).name
    return f"{name}:{line}:{column}" if line else name
