"""Scoring: run the compiled rules on durable_rules, stratum by stratum, with a full trace.

The order of the strata, tier resolution, points and the score are
:mod:`critmin.inference.semantics`, shared with the column-wise path. Signals concluded in
one stratum are asserted as facts into the next; the resolved tier is handed to the outcome
rules (points and levers); an unrated mineral gets a warning. Every firing becomes a
TraceRecord.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

from critmin.concepts import TIER_OF_RANK, UNRATED
from critmin.errors import EngineError
from critmin.facts.model import FactBase, Mineral
from critmin.indicators.catalogue import compute_indicators
from critmin.inference import semantics, unknowns
from critmin.inference.compiler import CompiledRules, compile_rules, engine_fact
from critmin.inference.durable import adapter
from critmin.inference.results import Assessment, Lever, Results, TraceRecord
from critmin.language.evaluation import Env, evaluate
from critmin.language.syntax import references
from critmin.ruleset.because import render_because
from critmin.ruleset.model import Rule, RuleBase

_COMPILED: OrderedDict[tuple, CompiledRules] = OrderedDict()
_COMPILED_LOCK = threading.Lock()
MAX_COMPILED = 32


def compiled_for(rules: RuleBase) -> CompiledRules:
    """Compile once per (rules, parameter values); a small LRU cache.

    The key is every field of every rule (its reasons, source and file too), so nothing of
    one rule set can reach the answers of another.
    """
    key = (rules.rules, tuple(sorted(rules.param_values.items())))
    with _COMPILED_LOCK:
        if key in _COMPILED:
            _COMPILED.move_to_end(key)
            return _COMPILED[key]
    compiled = compile_rules(rules)
    with _COMPILED_LOCK:
        _COMPILED[key] = compiled
        while len(_COMPILED) > MAX_COMPILED:
            _COMPILED.popitem(last=False)
    return compiled


class _State:
    """What is known about each mineral while the strata run (a :class:`semantics.Run`)."""

    def __init__(self, facts: FactBase, rules: RuleBase, minerals: list[Mineral], compiled: CompiledRules):
        self.facts, self.rules, self.minerals = facts, rules, minerals
        self.params = rules.param_values
        self.chunks = {chunks[0].stratum: chunks for chunks in compiled.strata}
        self.indicators = {m.id: compute_indicators(m, facts) for m in minerals}
        self.values = {mid: {n: i.value for n, i in ind.items()} for mid, ind in self.indicators.items()}
        self.signals: dict[str, set[str]] = {m.id: set() for m in minerals}
        self.undecided: dict[str, set[str]] = {m.id: set() for m in minerals}  # see unknowns
        self.tiers: dict[str, str] = {}
        self.trace: dict[str, list[TraceRecord]] = {m.id: [] for m in minerals}
        self.fired: set[tuple[str, str]] = set()

    def env(self, mineral_id: str) -> Env:
        return Env(self.values[mineral_id], self.signals[mineral_id], self.params,
                   self.tiers.get(mineral_id), self.undecided[mineral_id])

    def conclude(self, stratum: semantics.Stratum) -> None:
        for chunk in self.chunks[stratum.number]:
            _run_chunk(chunk, self)
        if stratum.layer == "signals":
            for mineral in self.minerals:
                self.undecided[mineral.id] |= unknowns.undecided_signals(stratum.rules, self.env(mineral.id))

    def resolve_tiers(self) -> None:
        for mineral in self.minerals:
            rank = semantics.tier_rank((t.conclusion, True) for t in self.trace[mineral.id] if t.kind == "tier")
            self.tiers[mineral.id] = TIER_OF_RANK[rank]


def score(facts: FactBase, rules: RuleBase, minerals: list[str] | None = None) -> Results:
    """Score minerals (all by default) and return their assessments with traces."""
    chosen = [facts.mineral(m) for m in minerals] if minerals else list(facts.minerals.values())
    state = _State(facts, rules, chosen, compiled_for(rules))
    semantics.run_strata(semantics.strata(rules.rules), state)
    assessments = [_assessment(m, state) for m in chosen]
    assessments.sort(key=lambda a: (-a.tier_rank, -a.score, a.mineral))
    warnings = [w for a in assessments for w in a.warnings]
    return Results(assessments, facts, rules, warnings)


def _run_chunk(chunk, state: _State) -> None:
    signal_facts = [{"kind": "signal", "mineral": mid, "name": name, "concluded": int(name in state.signals[mid])}
                    for mid in sorted(state.signals)
                    for name in sorted((state.signals[mid] | state.undecided[mid]) & chunk.signals)]
    mineral_facts = [engine_fact(m.id, state.values[m.id], chunk.fields, chunk.calcs, state.env(m.id))
                     for m in state.minerals]
    firings = adapter().run(chunk.name, chunk.definition, signal_facts + mineral_facts)
    concluded: list[tuple[Rule, str]] = []
    for rule_name, matched in firings:
        conjunct = chunk.conjuncts.get(rule_name)
        if conjunct is None:
            continue
        mineral_ids = {fact.get("mineral") for fact in matched.values()}
        if len(mineral_ids) != 1:
            raise EngineError(f"rule {conjunct.rule.id} matched facts of several minerals "
                              f"({', '.join(sorted(map(str, mineral_ids)))}); refusing the result")
        mineral_id = mineral_ids.pop()
        if (conjunct.rule.id, mineral_id) in state.fired:
            continue  # another alternative of the same rule already fired
        state.fired.add((conjunct.rule.id, mineral_id))
        concluded.append((conjunct.rule, mineral_id))
    order = {rule.id: i for i, rule in enumerate(state.rules.rules)}
    for rule, mineral_id in sorted(concluded, key=lambda rm: (order[rm[0].id], rm[1])):
        _record(state.rules.rules[order[rule.id]], mineral_id, state)  # the rule set being scored


def _record(rule: Rule, mineral_id: str, state: _State) -> None:
    env = state.env(mineral_id)
    conclusion: Any = rule.conclusion
    if rule.kind == "points":
        conclusion = semantics.points(evaluate(rule.points, env))
        if conclusion is None:  # unknown adds nothing, and is not recorded
            return
    values = trace_values(rule, env)
    state.trace[mineral_id].append(TraceRecord(
        rule=rule.id, layer=rule.layer, kind=rule.kind, mineral=mineral_id,
        conclusion=conclusion, values=values, because=render_because(rule.because, env),
        source=rule.source, file=rule.file, line=rule.line))
    if rule.kind == "signal":
        state.signals[mineral_id].add(rule.conclusion)


def trace_values(rule: Rule, env: Env) -> dict[str, Any]:
    """The value of every name a rule reads, as seen when it fired."""
    refs = references(rule.when) + (references(rule.points) if rule.points is not None else [])
    values: dict[str, Any] = {}
    for ref in refs:
        label = f"params.{ref.name}" if ref.kind == "param" else ref.name
        values[label] = env.tier if ref.kind == "tier" else env.value(ref)
    return values


def _assessment(mineral: Mineral, state: _State) -> Assessment:
    trace = state.trace[mineral.id]
    tier = state.tiers[mineral.id]
    warnings, missing = (), ()
    env = state.env(mineral.id)
    if tier == UNRATED:
        missing = unknowns.missing_inputs(state.rules.rules, env, mineral, state.facts,
                                          state.indicators[mineral.id])
        warnings = (f"{mineral.id}: no tier rule fired; reported as unrated"
                    + (f" (unknown: {_missing_text(missing)})" if missing else ""),)
    levers = _levers(mineral, trace, state)
    partners = _partners(mineral, "all")
    return Assessment(
        mineral=mineral.id, name=mineral.name, name_zh=mineral.name_zh, tier=tier,
        score=semantics.score((t.conclusion, True) for t in trace if t.kind == "points"), levers=levers,
        partners=partners, signals=tuple(sorted(state.signals[mineral.id])),
        indicators=state.indicators[mineral.id], trace=tuple(trace), warnings=warnings,
        report_tier=mineral.report_tier, undecided=tuple(sorted(env.undecided)), missing=missing)


def _missing_text(missing: tuple[unknowns.MissingInput, ...]) -> str:
    return "; ".join(m.indicator + "".join(f", {k} missing" for k in m.missing)
                     + "".join(f", {k} is 0" for k in m.zero) for m in missing)


def _partners(mineral: Mineral, which: str) -> tuple[str, ...]:
    groups = {"allies": ["partners.allies"], "emerging": ["partners.emerging"],
              "all": ["partners.allies", "partners.emerging"], "none": []}[which]
    out: list[str] = []
    for key in groups:
        for country in mineral.get(key) or []:
            if country not in out:
                out.append(country)
    return tuple(out)


def _levers(mineral: Mineral, trace: list[TraceRecord], state: _State) -> tuple[Lever, ...]:
    by_lever: dict[str, tuple[list[str], list[str]]] = {}
    rules = {r.id: r for r in state.rules.rules}
    for record in trace:
        if record.kind != "lever":
            continue
        partners, rule_ids = by_lever.setdefault(record.conclusion, ([], []))
        rule_ids.append(record.rule)
        for country in _partners(mineral, rules[record.rule].partners):
            if country not in partners:
                partners.append(country)
    return tuple(Lever(lever, tuple(p), tuple(r)) for lever, (p, r) in by_lever.items())

