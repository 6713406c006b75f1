"""Consistency checks across facts: sources, countries, shares and Table 5 arithmetic.

Shape errors are caught while parsing (:mod:`critmin.facts.model`); these checks need several
facts at once. Each problem names the file, line, key and the expected value.
"""

from __future__ import annotations

import re

from critmin.concepts import MAX_MAGNITUDE
from critmin.errors import Problem, suggest
from critmin.facts.model import Fact, FactBase, Mineral
from critmin.facts.table5 import IDENTITIES

ANALYST = "analyst"  # the source id of this project's own judgements
# a table, figure or section named in a ref: "Table 5", "Figure 3", "section 1.3", "sections 3.1-3.2"
CITED = re.compile(r"\b(Table|Figure)\s+(\d+)|\bsections?\s+(\d+(?:\.\d+)*)(?:\s*[-–]\s*(\d+(?:\.\d+)*))?",
                   re.IGNORECASE)

TOLERANCE = 0.005  # relative, for sums printed as rounded figures
RATIO_TOLERANCE = 0.01  # absolute, for the report's percentages


def validate_factbase(base: FactBase) -> list[Problem]:
    problems: list[Problem] = []
    for mineral in base.minerals.values():
        problems += check_mineral(mineral, base)
    for country in base.countries.values():
        facts = [country.alignment, country.nationalism_risk, *country.export_restrictions]
        problems += [p for f in facts for p in check_source(f, base)]
    return problems


def check_mineral(mineral: Mineral, base: FactBase) -> list[Problem]:
    problems: list[Problem] = []
    for fact in mineral.facts.values():
        problems += check_source(fact, base)
    problems += check_countries(mineral, base)
    problems += check_share_sums(mineral)
    problems += check_balance(mineral)
    problems += check_total_bounds(mineral)
    return problems


def at(fact: Fact, message: str) -> Problem:
    return Problem(message, file=fact.file, key=fact.key, line=fact.line)


def check_source(fact: Fact, base: FactBase) -> list[Problem]:
    problems = []
    cited = [(fact.source, fact.ref)] + ([(fact.check["source"], fact.check["ref"])] if fact.check else [])
    for source, ref in cited:
        if source not in base.sources:
            problems.append(at(fact, f"unknown source id '{source}'{suggest(source, base.sources)};"
                               " expected an id from sources.yaml"))
        else:
            problems += check_ref(fact, source, ref, base.sources[source].get("sections"))
    return problems + check_kind(fact)


def cited_parts(ref: str) -> list[str]:
    """The tables, figures and sections a ref names: ``Table 5``, ``section 1.3`` (a range
    ``sections 3.1-3.2`` names both ends)."""
    parts = []
    for match in CITED.finditer(ref):
        if match.group(1):
            parts.append(f"{match.group(1).capitalize()} {match.group(2)}")
        else:
            parts += [f"section {n}" for n in match.group(3, 4) if n]
    return parts


def check_ref(fact: Fact, source: str, ref: str, sections: list[str] | None) -> list[Problem]:
    """A value citing a source that lists its tables and sections must name listed ones."""
    if not sections:
        return []
    cited = cited_parts(ref)
    unknown = [c for c in cited if c.lower() not in {s.lower() for s in sections}]
    if cited and not unknown:
        return []
    listed = ", ".join(sections)
    if not cited:
        return [at(fact, f"ref {ref!r} names no table or section of '{source}'; expected one of: {listed}")]
    return [at(fact, f"ref {ref!r} cites {', '.join(unknown)}, which sources.yaml does not list for "
                     f"'{source}'{suggest(unknown[0], sections)}; expected one of: {listed}")]


def check_kind(fact: Fact) -> list[Problem]:
    """Judgements are the analyst's, with their reasoning; what-if values are not facts."""
    if fact.kind == "assumption" and fact.source != "override":
        return [at(fact, "kind 'assumption' is for what-if values (--set, scenarios); a judgement "
                         f"in a fact file is kind 'analyst' with source '{ANALYST}' and its reasoning in note")]
    if fact.kind == "analyst" and fact.source != ANALYST:
        return [at(fact, f"kind 'analyst' is this project's judgement, so its source must be "
                         f"'{ANALYST}', got '{fact.source}'")]
    if fact.kind == "analyst" and not fact.note:
        return [at(fact, "kind 'analyst' needs a note giving the reasoning")]
    if fact.source == ANALYST and fact.kind not in ("analyst", "derived"):
        return [at(fact, f"source '{ANALYST}' needs kind 'analyst' (a judgement, reasoning in note) "
                         f"or 'derived' (arithmetic), got '{fact.kind}'")]
    return []


def check_countries(mineral: Mineral, base: FactBase) -> list[Problem]:
    problems = []
    for section in ("producers", "reserves"):
        for country, fact in mineral.group(section).items():
            if country not in base.countries:
                problems.append(at(fact, f"unknown country '{country}'"
                                   f"{suggest(country, base.countries)}; add it to countries.yaml"))
    for fact in mineral.group("partners").values():
        for country in fact.value:
            if country not in base.countries:
                problems.append(at(fact, f"unknown country '{country}'"
                                   f"{suggest(country, base.countries)}; add it to countries.yaml"))
    return problems


def check_share_sums(mineral: Mineral) -> list[Problem]:
    problems = []
    for section in ("producers", "reserves"):
        shares = mineral.group(section)
        total = sum(f.value for f in shares.values())
        if total > 1 + 1e-9:
            first = next(iter(shares.values()))
            problems.append(Problem(
                f"shares sum to {total:.4f}; the shares of one mineral's {section} cannot exceed 1",
                file=first.file, key=section, line=(first.line or 1) - 1 or None))
    return problems


def _close(actual: float, expected: float) -> bool:
    return abs(actual - expected) <= TOLERANCE * max(abs(expected), 1.0)


def _given(fact: Fact) -> bool:
    """An overridden total is taken as given (the user asked for exactly that value)."""
    return fact.source == "override"


def check_balance(mineral: Mineral) -> list[Problem]:
    """Table 5 identities: supply = production + projected, demand = consumption + added."""
    us = mineral.group("us")
    problems = []
    for identity in IDENTITIES:
        total_key, a_key, b_key = (k.removeprefix("us.") for k in (identity.total, *identity.parts))
        a_name, b_name = identity.names
        if total_key in us and a_key in us and b_key in us and not _given(us[total_key]):
            a, b, total = us[a_key].value, us[b_key].value, us[total_key].value
            if not _close(total, a + b):
                problems.append(at(us[total_key], (
                    f"{mineral.id}: {total:,.0f} does not equal {a_name} {a:,.0f} + {b_name} "
                    f"{b:,.0f}; expected {a + b:,.0f}")))
    ratio = us.get("report_import_ratio")
    supply, demand = us.get("supply_2035_t"), us.get("demand_2035_t")
    if ratio and supply and demand and supply.value and not (_given(supply) or _given(demand)):
        expected = (supply.value - demand.value) / supply.value
        if abs(ratio.value - expected) > RATIO_TOLERANCE * max(1.0, abs(expected)):
            problems.append(at(ratio, (
                f"{mineral.id}: the report's ratio {ratio.value:.4g} does not equal "
                f"(supply − demand) / supply = ({supply.value:,.0f} − {demand.value:,.0f}) / "
                f"{supply.value:,.0f}; expected {expected:.4g}")))
    return problems


def check_total_bounds(mineral: Mineral) -> list[Problem]:
    """A Table 5 total recomputed from its parts (an override or a sweep's draw) must stay within
    the largest magnitude a value may have: the parts' highest values may not sum beyond it."""
    problems = []
    for identity in IDENTITIES:
        parts = [mineral.facts.get(key) for key in identity.parts]
        if not all(f is not None and isinstance(f.value, (int, float)) for f in parts):
            continue
        highest = sum(max(f.value, f.range[1] if f.range else f.value) for f in parts)
        if highest > MAX_MAGNITUDE:
            first = parts[0]
            problems.append(at(first, f"{mineral.id}: {' + '.join(identity.names)} can reach {highest:,.0f} "
                               f"(with their ranges), beyond the largest supported magnitude "
                               f"({MAX_MAGNITUDE:g}) for {identity.total}"))
    return problems
