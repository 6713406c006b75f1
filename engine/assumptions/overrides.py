"""Overrides: ``KEY=VALUE`` changes to facts, countries, parameters and directories.

One mechanism for the CLI (``--set``), scenario files, the chat session (``/set``) and the
Python API. Keys:

- ``params.NAME=VALUE`` — a rule parameter;
- ``MINERAL.FACT.PATH=VALUE`` — a mineral fact, e.g. ``nickel.us.supply_2035_t=100000`` or
  ``cobalt.producers.DR Congo=0.5``; list facts (``nickel.partners.allies``) take
  comma-separated country names;
- ``countries.COUNTRY.alignment=ally``, ``countries.COUNTRY.nationalism_risk=low`` and
  ``countries.COUNTRY.export_restrictions=nickel,cobalt`` (the whole list; empty for none);
- ``facts=DIR`` / ``rules=DIR`` — a whole alternative facts or rules directory. These are
  resolved when loading (:func:`critmin.assumptions.inputs.load`), before the other overrides apply.

The shipped files are never touched: overrides produce new FactBase / RuleBase objects.
An overridden fact becomes kind ``assumption`` with source ``override``. When a component
of a Table 5 total is overridden (production, projected addition, consumption, the grid +
manufacturing addition) and the total is not, the total is recomputed from its parts after
every override is applied (so the order of overrides does not matter). An overridden total
is taken as given, even if its parts say otherwise; validation then skips that identity.
Every problem is reported at once, each naming its key (and file and line, for scenarios).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from critmin.assumptions.values import PERCENT_UNITS, Percent, format_value, parse_value
from critmin.concepts import ALIGNMENTS, OVERRIDE_SOURCE, RISK_LEVELS
from critmin.errors import OverrideError, Problem, UsageError, shorten, suggest
from critmin.facts.model import Country, Fact, FactBase, Mineral, check_value, known_fact_keys, unit_for
from critmin.facts.names import folding_hint
from critmin.facts.table5 import TOTALS
from critmin.facts.validation import check_mineral
from critmin.ruleset.model import RuleBase

DIRECTORY_KEYS = ("facts", "rules")
COUNTRY_FIELDS = ("alignment", "nationalism_risk", "export_restrictions")
COUNTRY_SECTIONS = ("producers", "reserves")
MAX_OVERRIDE_CHARS = 1000  # one KEY=VALUE; longer is a paste gone wrong
KEY_FORMS = "keys look like MINERAL.us.supply_2035_t, params.NAME or countries.NAME.alignment"


@dataclass(frozen=True)
class Override:
    """One ``KEY=VALUE``; ``origin``, ``file`` and ``line`` say where it was written."""

    key: str
    value: Any
    origin: str = field(default="--set", compare=False)
    file: str | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)

    def __str__(self) -> str:
        return f"{self.key}={format_value(self.value)}"

    def problem(self, message: str) -> Problem:
        return Problem(message, file=self.file, key=self.key, line=self.line)


def parse_override(text: str, origin: str = "--set") -> Override:
    """Parse ``KEY=VALUE`` (the value may contain ``=``)."""
    if len(text) > MAX_OVERRIDE_CHARS:
        raise OverrideError(f"override is {len(text):,} characters; the limit is {MAX_OVERRIDE_CHARS:,}")
    if "=" not in text:
        raise OverrideError(f"'{text}': expected KEY=VALUE, e.g. params.severe_shortfall_min=0.8 "
                            "or nickel.us.supply_2035_t=100000")
    key, value = text.split("=", 1)
    key = key.strip()
    if not key:
        raise OverrideError(f"'{text}': the key before '=' is empty")
    return Override(key, parse_value(value), origin)


Overrides = Mapping[str, Any] | Iterable[str | Override] | None
"""What the API takes as overrides: a mapping ``{"params.severe_shortfall_min": 0.95}`` (a text
value is read as in ``KEY=VALUE``: ``"35%"``, ``"100,000"``), or an iterable of ``"KEY=VALUE"``
texts and :class:`Override` objects; None is no overrides."""

OVERRIDES_FORM = ("overrides are a list of 'KEY=VALUE' texts or a mapping {KEY: VALUE}, "
                  "e.g. ['params.severe_shortfall_min=0.95'] or {'params.severe_shortfall_min': 0.95}")


def parse_overrides(items: Overrides) -> list[Override]:
    """Overrides in any form :data:`Overrides` allows, as Override objects (a bare text, which
    would be read character by character, is a ``UsageError``).

    >>> [str(o) for o in parse_overrides({"params.severe_shortfall_min": 0.95, "cobalt.processing.china_share": "80%"})]
    ['params.severe_shortfall_min=0.95', 'cobalt.processing.china_share=80%']
    >>> parse_overrides(["countries.Indonesia.alignment=ally"])[0].value
    'ally'
    >>> parse_overrides("params.severe_shortfall_min=0.95")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
      ...
    critmin.errors.UsageError: overrides are a list of 'KEY=VALUE' texts or a mapping ...: put it in a list
    """
    if items is None:
        return []
    if isinstance(items, (str, bytes)):
        raise UsageError(f"{OVERRIDES_FORM}; got one text {shorten(repr(items), 80)}: put it in a list")
    if isinstance(items, Mapping):
        return [_mapped(key, value) for key, value in items.items()]
    if not isinstance(items, Iterable):
        raise UsageError(f"{OVERRIDES_FORM}; got {type(items).__name__}")
    out = []
    for item in items:
        if not isinstance(item, (str, Override)):
            raise UsageError(f"{OVERRIDES_FORM}; got an item {shorten(repr(item), 80)} ({type(item).__name__})")
        out.append(item if isinstance(item, Override) else parse_override(item))
    return out


def _mapped(key: object, value: Any) -> Override:
    if not isinstance(key, str):
        raise UsageError(f"{OVERRIDES_FORM}; got the key {shorten(repr(key), 80)} ({type(key).__name__})")
    if not key.strip():
        raise OverrideError(f"the key of {{{key!r}: {shorten(repr(value), 80)}}} is empty")
    if len(key) + len(str(value)) >= MAX_OVERRIDE_CHARS:
        raise OverrideError(f"override {shorten(key, 80)} is over {MAX_OVERRIDE_CHARS:,} characters")
    return Override(key.strip(), parse_value(value) if isinstance(value, str) else value)


def split_directories(items: Overrides) -> tuple[dict[str, str], list[Override]]:
    """Separate ``facts=DIR`` / ``rules=DIR`` from the other overrides (the last one wins)."""
    directories: dict[str, str] = {}
    rest: list[Override] = []
    for override in parse_overrides(items):
        if override.key.lower() in DIRECTORY_KEYS:
            directories[override.key.lower()] = str(override.value)
        else:
            rest.append(override)
    return directories, rest


class _Changes:
    """The overrides applied so far, and the problems met."""

    def __init__(self, facts: FactBase):
        self.minerals = dict(facts.minerals)
        self.countries = dict(facts.countries)
        self.params: dict[str, Any] = {}
        self.touched: dict[str, set[str]] = {}
        self.problems: list[Problem] = []


def apply_overrides(facts: FactBase, rules: RuleBase, overrides: Overrides) -> tuple[FactBase, RuleBase]:
    """New (facts, rules) with every override applied and checked; all problems at once."""
    changes = _Changes(facts)
    for override in parse_overrides(overrides):
        try:
            _apply_one(override, changes, rules)
        except OverrideError as exc:
            changes.problems += [override.problem(p.message) for p in exc.problems]
    if changes.problems:
        raise OverrideError(changes.problems)
    for mineral_id, paths in changes.touched.items():
        changes.minerals[mineral_id] = _recompute_totals(changes.minerals[mineral_id], paths,
                                                         changes.problems)
    if changes.problems:
        raise OverrideError(changes.problems)
    if changes.params:
        rules = rules.with_params(changes.params)
    sources = dict(facts.sources)
    sources.setdefault(OVERRIDE_SOURCE, {"publisher": "user", "title": "command-line, scenario or session override"})
    changed = replace(facts, minerals=changes.minerals, countries=changes.countries, sources=sources)
    problems = _check(changed, facts)
    if problems:
        raise OverrideError(problems)
    return changed, rules


def _check(facts: FactBase, original: FactBase) -> list[Problem]:
    """Cross-fact checks of the minerals the overrides changed (the others were checked when
    loaded; country changes cannot break them), each problem keyed by its full override key."""
    problems = []
    for mineral in facts.minerals.values():
        if mineral is original.minerals.get(mineral.id):
            continue
        for p in check_mineral(mineral, facts):
            key = f"{mineral.id}.{p.key}" if p.key else mineral.id
            problems.append(replace(p, key=key, message=f"with the overrides applied, {p.message}"))
    return problems


def _apply_one(override: Override, changes: _Changes, rules: RuleBase) -> None:
    head, _, rest = override.key.partition(".")
    head = head.lower() if head.lower() in ("params", "countries") else head
    if override.key.lower() in DIRECTORY_KEYS:
        raise OverrideError(f"a directory override ({override.key}=DIR) is applied when loading "
                            "(critmin.load, --set, /set), not to facts already loaded")
    if head == "params":
        if not rest:
            raise OverrideError("expected params.NAME=VALUE, e.g. params.severe_shortfall_min=0.8")
        try:
            rules.with_params({rest: override.value})
        except Exception as exc:  # the caller names the key; don't say it twice
            raise OverrideError(str(exc).removeprefix(f"params.{rest}: ")) from None
        changes.params[rest] = override.value
    elif head == "countries":
        name, which = _country_key(rest, changes.countries)
        country = changes.countries[name]
        changes.countries[name] = _override_country(country, which, override, changes.minerals)
    else:
        mineral = _mineral(head, changes.minerals)
        path = _fact_path(mineral, rest, changes.countries)
        changes.minerals[mineral.id] = _override_fact(mineral, path, override)
        changes.touched.setdefault(mineral.id, set()).add(path)


def _mineral(name: str, minerals: dict[str, Mineral]) -> Mineral:
    lowered = name.lower()
    for mineral in minerals.values():
        if lowered in (n.lower() for n in mineral.names):
            return mineral
    choices = list(minerals) + ["params", "countries"] + list(DIRECTORY_KEYS)
    hint = folding_hint(name, [n for m in minerals.values() for n in m.names]) or suggest(name, choices)
    raise OverrideError(f"unknown mineral '{name}'{hint}; {KEY_FORMS}")


def country_name(name: str, countries: dict[str, Country]) -> str:
    """The countries.yaml spelling of ``name`` (exact, any case, or the Chinese name)."""
    if name in countries:
        return name
    for known, country in countries.items():
        if name.lower() == known.lower() or (country.name_zh and name == country.name_zh):
            return known
    hint = folding_hint(name, list(countries)) or suggest(name, countries)
    raise OverrideError(f"unknown country '{name}'{hint}; countries are named as in countries.yaml")


def _country_key(rest: str, countries: dict[str, Country]) -> tuple[str, str]:
    name, dot, which = rest.rpartition(".")
    if not dot or not name:
        raise OverrideError(f"expected countries.NAME.FIELD with FIELD one of {', '.join(COUNTRY_FIELDS)}")
    name = country_name(name, countries)
    if which not in COUNTRY_FIELDS:
        raise OverrideError(f"unknown country field '{which}'{suggest(which, COUNTRY_FIELDS)}; "
                            f"expected one of {', '.join(COUNTRY_FIELDS)}")
    return name, which


def _override_country(country: Country, which: str, override: Override,
                      minerals: dict[str, Mineral]) -> Country:
    key = f"countries.{country.name}.{which}"
    if which == "export_restrictions":
        ids = [_mineral(m, minerals).id for m in as_list(override.value)]
        was = ", ".join(str(f.value) for f in country.export_restrictions) or "none"
        facts = tuple(replace(_as_override(None, m, f"{key}[{i}]", override), note=f"overridden (was {was})")
                      for i, m in enumerate(dict.fromkeys(ids)))
        return replace(country, export_restrictions=facts)
    choices = ALIGNMENTS if which == "alignment" else RISK_LEVELS
    if override.value not in choices:
        raise OverrideError(f"expected one of {', '.join(choices)}, got {override.value!r}"
                            f"{suggest(override.value, choices)}")
    fact = _as_override(getattr(country, which), override.value, key, override)
    return replace(country, alignment=fact) if which == "alignment" else replace(country, nationalism_risk=fact)


def as_list(value: Any) -> list[str]:
    """A list value from YAML, or comma-separated text (``"Australia, Canada"``)."""
    if isinstance(value, (list, tuple)):
        items = [str(v).strip() for v in value]
    elif isinstance(value, str):
        items = [v.strip() for v in value.split(",")]
    else:
        raise OverrideError(f"expected a list of names (comma-separated), got {value!r}")
    return [v for v in items if v]


def _as_override(old: Fact | None, value: Any, key: str, override: Override,
                 unit: str | None = None) -> Fact:
    was = f" (was {format_value(old.value)}, {old.source}: {old.ref})" if old else ""
    where = f" ({override.file}:{override.line})" if override.file else ""
    return Fact(value=value, unit=old.unit if old else unit, source=OVERRIDE_SOURCE,
                ref=f"{override.origin}: {key}{where}", kind="assumption",
                note=f"overridden{was}", key=key, file=None, line=None)


def _fact_path(mineral: Mineral, path: str, countries: dict[str, Country]) -> str:
    """The canonical fact path (country names spelt as in countries.yaml), or an error."""
    if not path:
        raise OverrideError(f"expected {mineral.id}.FACT.PATH, e.g. {mineral.id}.us.supply_2035_t")
    section, dot, name = path.partition(".")
    if section in COUNTRY_SECTIONS and dot and name:
        return f"{section}.{country_name(name, countries)}"
    unit = unit_for(path)
    if unit is None or unit == "text":
        raise OverrideError(f"unknown fact '{path}'{suggest(path, known_fact_keys(mineral))}; "
                            f"known facts: {', '.join(sorted(known_fact_keys(mineral)))}")
    if unit == "tier":
        raise OverrideError("the report's tier is a reference to compare with, not an input")
    return path


FLAG_WORDS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def as_flag(value: Any) -> Any:
    """A yes/no value from YAML or text (``true``, ``no``, ``1``); anything else unchanged."""
    if isinstance(value, bool):
        return value
    return FLAG_WORDS.get(str(value).strip().lower(), value)


def _override_fact(mineral: Mineral, path: str, override: Override) -> Mineral:
    unit = unit_for(path)
    if unit is None:  # _fact_path has checked the key already
        raise OverrideError(f"unknown fact '{path}'")
    value = override.value
    if isinstance(value, Percent) and unit not in PERCENT_UNITS:
        what = "a growth multiple: give one such as 2.5" if unit == "multiple" else \
            "in tonnes (t): give tonnes such as 100000"
        raise OverrideError(f"'{value.text}' is a percentage, which only a share takes; this fact is {what}")
    if unit in ("countries", "names"):
        value = as_list(value)
    elif unit == "flag":
        value = as_flag(value)
    problem = check_value(value, unit)
    if problem:
        raise OverrideError(problem)
    facts = dict(mineral.facts)
    facts[path] = _as_override(facts.get(path), value, path, override, unit)
    return replace(mineral, facts=facts)


def _recompute_totals(mineral: Mineral, paths: set[str], problems: list[Problem]) -> Mineral:
    """Recompute a Table 5 total whose parts were overridden and which was not set itself;
    a total beyond what a fact may hold is a problem, as if it had been set."""
    facts = dict(mineral.facts)
    for total, parts in TOTALS.items():
        if total in paths or not paths & set(parts) or not all(p in facts for p in parts):
            continue
        old = facts.get(total)
        value = sum(facts[p].value for p in parts)
        why = check_value(value, "t")
        if why:
            problems.append(Problem(f"the recomputed total {' + '.join(parts)} is {value:,.0f}: {why}",
                                    key=f"{mineral.id}.{total}"))
            continue
        was = f" (was {old.value:,})" if old else ""
        facts[total] = Fact(value=value, unit="t", source=OVERRIDE_SOURCE,
                            ref=f"{' + '.join(parts)} after an override", kind="derived",
                            note=f"recomputed from its overridden parts{was}", key=total)
    return replace(mineral, facts=facts)


def range_notes(overrides: Iterable[str | Override], rules: RuleBase) -> list[str]:
    """A note for each parameter override outside the parameter's documented range: it is
    accepted (testing such an assumption is the point), but the reader should know."""
    notes = []
    for override in parse_overrides(overrides):
        head, _, name = override.key.partition(".")
        parameter = rules.params.get(name) if head.lower() == "params" else None
        if parameter is not None and parameter.range and parameter.outside_range(override.value):
            low, high = parameter.range
            notes.append(f"{override.key}={override.value:g} is outside the documented range of "
                         f"params.{name}: [{low:g}, {high:g}]")
    return notes


def known_override_keys(facts: FactBase, rules: RuleBase) -> list[str]:
    """Every override key accepted for these facts and rules (for completion and hints)."""
    keys = [f"params.{name}" for name in rules.params]
    for mineral in facts.minerals.values():
        keys += [f"{mineral.id}.{path}" for path in known_fact_keys(mineral)
                 if unit_for(path) not in ("tier", None)]
    keys += [f"countries.{c}.{f}" for c in facts.countries for f in COUNTRY_FIELDS]
    return keys + list(DIRECTORY_KEYS)
