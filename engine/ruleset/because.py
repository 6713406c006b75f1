"""A rule's ``because`` sentence: a template whose ``{name}`` / ``{name:.0%}`` placeholders are
filled from the values the rule fired on."""

from __future__ import annotations

import re

from critmin.errors import Problem, shorten
from critmin.io.yaml_reader import Document
from critmin.language.evaluation import Env
from critmin.language.syntax import Names

PLACEHOLDER = re.compile(r"\{([^{}:]*)(?::([^{}]*))?\}")
# Alignment, sign, thousands separator, precision, type: no width, no fill, no nesting.
SPEC = re.compile(r"[<>^]?[+-]?,?(?:\.(\d+))?[%fgd]?")
MAX_PRECISION = 12  # digits after the point; a share to 12 places is already past any source


def spec_problem(spec: str) -> str | None:
    """Why a ``{name:SPEC}`` format cannot be used, or None: every format is bounded, so one
    sentence stays one sentence (``.1000000000%`` would build a gigabyte per firing)."""
    match = SPEC.fullmatch(spec)
    if match is None:
        return "unsupported"
    digits = match.group(1)
    if digits is not None and (len(digits) > 2 or int(digits) > MAX_PRECISION):
        shown = digits if len(digits) <= 12 else f"{digits[:6]}…({len(digits):,} digits)"
        return f"precision .{shown} is more than the limit of {MAX_PRECISION} digits"
    return None


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
        elif spec is not None and spec_problem(spec):
            problems.append(doc.expression_problem(
                key, f"bad format '{shorten(spec, 40)}' ({spec_problem(spec)}); use e.g. "
                f"{{{name}:.0%}} or {{{name}:,.0f}}", match.start(2), text))


def render_because(text: str, env: Env, words: dict[str, str] | None = None, missing: str = "no figure") -> str:
    """Fill ``{name}`` / ``{name:.0%}`` placeholders from the firing's values; ``words`` maps a
    text value (a country's name) to the words the sentence is written in (its Chinese name), and
    ``missing`` is what a value with no figure reads as."""
    def fill(match: re.Match) -> str:
        name, spec = match.group(1).strip(), match.group(2) or ""
        value = _value(name, env)
        if value is None:
            return missing
        if isinstance(value, str) and words:
            value = words.get(value, value)
        return _formatted(value, spec)
    return PLACEHOLDER.sub(fill, text)


def stated_values(text: str, env: Env) -> dict[str, str]:
    """The indicators a ``because`` sentence states, each as the sentence shows it
    (``{"shortfall_2035": "38.3%"}``): a short answer cites these by their source alone."""
    out: dict[str, str] = {}
    for match in PLACEHOLDER.finditer(text or ""):
        name, spec = match.group(1).strip(), match.group(2) or ""
        value = env.indicators.get(name) if name in env.indicators else None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            times = "×" if text[match.end():match.end() + 1] == "×" else ""  # "1.7× worldwide"
            out.setdefault(name, _formatted(value, spec) + times)
    return out


def _value(name: str, env: Env):
    if name.startswith("params."):
        return (env.params or {}).get(name[len("params."):])
    if name == "tier":
        return env.tier
    if name in env.indicators:
        return env.indicators.get(name)
    return name in env.signals


def _formatted(value, spec: str) -> str:
    if spec_problem(spec):  # a rule built without loading: its format is not trusted
        return str(value)
    try:
        return format(value, spec)
    except (ValueError, TypeError):
        return str(value)
