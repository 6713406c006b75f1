"""A rule's ``because`` sentence: a template whose ``{name}`` / ``{name:.0%}`` placeholders are
filled from the values the rule fired on."""

from __future__ import annotations

import re

from critmin.errors import Problem
from critmin.io.yaml_reader import Document
from critmin.language.evaluation import Env
from critmin.language.syntax import Names

PLACEHOLDER = re.compile(r"\{([^{}:]*)(?::([^{}]*))?\}")


def check_because(doc: Document, key, text: str, names: Names, problems: list[Problem]) -> None:
    for match in PLACEHOLDER.finditer(text):
        name, spec = match.group(1).strip(), match.group(2)
        bare = name[len("params."):] if name.startswith("params.") else name
        known = (bare in names.params) if name.startswith("params.") else (
            name in names.indicators or name in names.signals
            or (name == "tier" and names.allow_tier))
        if not known:
            problems.append(doc.expression_problem(
                key, f"unknown name '{name}' in {{...}}; expected an indicator or params.NAME",
                match.start(1), text))
        elif spec is not None and not re.fullmatch(r"[<>^]?[+-]?,?(\.\d+)?[%fgd]?", spec):
            problems.append(doc.expression_problem(
                key, f"bad format '{spec}'; use e.g. {{{name}:.0%}} or {{{name}:,.0f}}",
                match.start(2), text))


def render_because(text: str, env: Env) -> str:
    """Fill ``{name}`` / ``{name:.0%}`` placeholders from the firing's values."""
    def fill(match: re.Match) -> str:
        name, spec = match.group(1).strip(), match.group(2) or ""
        if name.startswith("params."):
            value = (env.params or {}).get(name[len("params."):])
        elif name == "tier":
            value = env.tier
        elif name in env.indicators:
            value = env.indicators.get(name)
        else:
            value = name in env.signals
        if value is None:
            return "unknown"
        try:
            return format(value, spec)
        except (ValueError, TypeError):
            return str(value)
    return PLACEHOLDER.sub(fill, text)
