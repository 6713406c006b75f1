"""The numbers behind the criticality matrix: US 2035 shortfall against world supply risk.

The two axes split the score's risk points by what they look at:

- **shortfall** — ``shortfall_2035``, the share of 2035 US demand that imports must fill;
- **supply risk** — the points that points rules award for the *world's* supply: every
  points rule that reads neither the tier nor a US-balance indicator (shortfall, pipeline,
  demand growth, US supply, demand, consumption or production, net import reliance), nor a
  signal derived from one. Under the shipped rules that is the largest producer's share
  (up to 6 points), the adversary-aligned share (4), the share outside US alliances (2),
  resource-nationalism exposure (4), China's processing share (4) and export restrictions
  (2): 0 to 22 points.

The split is computed from the rules themselves, so an edited rule file moves the axes with it.
"""

from __future__ import annotations

from critmin.inference.results import Results
from critmin.language.syntax import references
from critmin.ruleset.model import Rule, RuleBase

US_BALANCE = frozenset({"shortfall_2035", "self_sufficiency", "domestic_pipeline", "demand_growth",
                        "supply_2035_t", "demand_2035_t", "consumption_t", "production_t",
                        "net_import_reliance"})
MATRIX_COLUMNS = ("name", "tier", "basis", "shortfall_2035", "supply_risk", "supply_known", "score")


def _reads(rule: Rule) -> set[tuple[str, str]]:
    nodes = [rule.when] + ([rule.points] if rule.points is not None else [])
    return {(ref.kind, ref.name) for node in nodes for ref in references(node)}


def balance_names(rules: RuleBase) -> set[str]:
    """US-balance indicators and every signal that (transitively) depends on one."""
    names = set(US_BALANCE)
    changed = True
    while changed:
        changed = False
        for rule in rules.rules:
            if rule.kind == "signal" and rule.conclusion not in names and \
                    any(name in names for _, name in _reads(rule)):
                names.add(rule.conclusion)
                changed = True
    return names


def supply_risk_rules(rules: RuleBase) -> list[str]:
    """Ids of the points rules that score world supply (see the module docstring)."""
    balance = balance_names(rules)
    return [r.id for r in rules.rules if r.kind == "points"
            and not any(kind == "tier" or name in balance for kind, name in _reads(r))]


def matrix_frame(results: Results):
    """One row per mineral: name, tier, basis, shortfall_2035 (None if unknown), supply_risk,
    supply_known (False when no producer shares are known, so the supply risk is not measured)."""
    import pandas as pd  # pandas: only when a frame is asked for

    chosen = set(supply_risk_rules(results.rules))
    rows = []
    for a in results.values():
        risk = sum(t.conclusion for t in a.trace if t.kind == "points" and t.rule in chosen)
        rows.append({"mineral": a.mineral, "name": a.name, "tier": a.tier, "basis": a.basis,
                     "shortfall_2035": _indicator(a, "shortfall_2035"),
                     "supply_risk": round(float(risk), 3),
                     "supply_known": _indicator(a, "top1_share") is not None, "score": a.score})
    return pd.DataFrame(rows, columns=("mineral",) + MATRIX_COLUMNS).set_index("mineral")


def _indicator(assessment, name: str):
    found = assessment.indicators.get(name)
    return None if found is None else found.value
