"""Scoring: run the compiled rules on durable_rules, stratum by stratum, with a full trace.

The order of the strata, tier resolution, points and the score are
:mod:`critmin.inference.semantics`, shared with the column-wise path. Signals concluded in
one stratum are asserted as facts into the next; the resolved tier is handed to the outcome
rules (points and levers); an unrated mineral gets a warning. Every firing becomes a
TraceRecord.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from critmin.concepts import TIER_OF_RANK, UNRATED
from critmin.errors import EngineError
from critmin.facts.model import FactBase, Mineral
from critmin.inference import semantics, unknowns
from critmin.inference.compiler import CompiledRules, compile_rules, engine_fact, engine_values
from critmin.inference.durable import adapter
from critmin.inference.remembered import indicators_of
from critmin.inference.results import Assessment, Lever, Reason, Results, Trace, TraceRecord
from critmin.io.recent import Recent
from critmin.language.evaluation import Env, evaluate
from critmin.language.syntax import Ref
from critmin.ruleset.model import Rule, RuleBase

MAX_COMPILED = 32
_COMPILED: Recent[CompiledRules] = Recent(MAX_COMPILED)


def compiled_for(rules: RuleBase) -> CompiledRules:
    """Compile once per (rules, parameter values); a small LRU cache.

    The key is every field of every rule (its reasons, source and file too), so nothing of
    one rule set can reach the answers of another.
    """
    key = (rules.rules, tuple(sorted(rules.param_values.items())))
    return _COMPILED.get(key, lambda: compile_rules(rules))


class _State:
    """What is known about each mineral while the strata run (a :class:`semantics.Run`).

    A firing is kept as (rule, conclusion, signals seen); the trace records are made from
    them when an assessment's trace is first read (:class:`critmin.inference.results.Trace`).
    """

    def __init__(self, facts: FactBase, rules: RuleBase, minerals: list[Mineral], compiled: CompiledRules):
        self.facts, self.rules, self.minerals = facts, rules, minerals
        self.compiled = compiled
        self.params = rules.param_values
        self.chunks = {chunks[0].stratum: chunks for chunks in compiled.strata}
        remembered = indicators_of(minerals, facts)
        self.indicators = {mid: indicators for mid, (indicators, _) in remembered.items()}
        self.values = {mid: values for mid, (_, values) in remembered.items()}
        self.scaled = {mid: engine_values(values, compiled.fields) for mid, values in self.values.items()}
        self.signals: dict[str, set[str]] = {m.id: set() for m in minerals}
        self.undecided: dict[str, set[str]] = {m.id: set() for m in minerals}  # see unknowns
        self.tiers: dict[str, str] = {}
        self.firings: dict[str, list[_Firing]] = {m.id: [] for m in minerals}
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
            rank = semantics.tier_rank((f.rule.conclusion, True) for f in self.firings[mineral.id]
                                       if f.rule.kind == "tier")
            self.tiers[mineral.id] = TIER_OF_RANK[rank]


class _Firing(NamedTuple):
    rule: Rule
    conclusion: Any
    signals: frozenset[str] | None  # the signals concluded so far, if the rule's reason names one


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
    wanted = chunk.signals
    # an undecided signal is asserted too, not concluded: it blocks `not SIGNAL` (compiler)
    signal_facts = [{"kind": "signal", "mineral": mid, "name": name, "concluded": int(name in concluded)}
                    for mid, concluded in state.signals.items()
                    for name in sorted((concluded | state.undecided[mid]) & wanted)]
    mineral_facts = [engine_fact(m.id, state.scaled[m.id], chunk.fields, chunk.calcs, state.env(m.id))
                     for m in state.minerals]
    firings = adapter().run(chunk.name, chunk.definition, signal_facts + mineral_facts)
    concluded: list[tuple[int, str, Rule]] = []
    fired, targets = state.fired, state.compiled.targets
    for rule_name, matched in firings:
        target = targets.get(rule_name)
        if target is None:
            continue
        mineral_id = matched[0]
        if len(matched) > 1 and matched.count(mineral_id) != len(matched):
            raise EngineError(f"rule {target[1].id} matched facts of several minerals "
                              f"({', '.join(sorted(set(matched)))}); refusing the result")
        key = (target[1].id, mineral_id)
        if key in fired:
            continue  # another alternative of the same rule already fired
        fired.add(key)
        concluded.append((target[0], mineral_id, target[1]))
    concluded.sort(key=_position)
    for _, mineral_id, rule in concluded:
        _record(rule, mineral_id, state)


def _position(item: tuple[int, str, Rule]) -> tuple[int, str]:
    return item[0], item[1]


def _record(rule: Rule, mineral_id: str, state: _State) -> None:
    conclusion: Any = rule.conclusion
    if rule.kind == "points":
        conclusion = semantics.points(evaluate(rule.points, state.env(mineral_id)))
        if conclusion is None:  # unknown adds nothing, and is not recorded
            return
    signals = state.signals[mineral_id]
    seen = frozenset(signals) if rule.id in state.compiled.reasons_read_signals else None
    state.firings[mineral_id].append(_Firing(rule, conclusion, seen))
    if rule.kind == "signal":
        signals.add(rule.conclusion)


def _trace(mineral_id: str, firings: list[_Firing], state: _State) -> Trace:
    """The mineral's trace, made when first read (see :class:`_State`)."""
    values, params, tier = state.values[mineral_id], state.params, state.tiers[mineral_id]
    signals, reads = frozenset(state.signals[mineral_id]), state.compiled.reads
    undecided = frozenset(state.undecided[mineral_id])

    def make() -> tuple[TraceRecord, ...]:
        records = []
        for rule, conclusion, seen in firings:
            env = Env(values, signals, params, tier if rule.layer == "outcomes" else None, undecided)
            reason_env = env if seen is None else Env(values, seen, params, env.tier, undecided)
            records.append(TraceRecord(
                rule=rule.id, layer=rule.layer, kind=rule.kind, mineral=mineral_id,
                conclusion=conclusion, values=_values(reads[rule.id], env),
                reason=Reason(rule.because, reason_env), source=rule.source, file=rule.file, line=rule.line))
        return tuple(records)
    return Trace(make)


def _values(reads: tuple[tuple[str, Ref], ...], env: Env) -> dict[str, Any]:
    return {label: env.tier if ref.kind == "tier" else env.value(ref) for label, ref in reads}


def _assessment(mineral: Mineral, state: _State) -> Assessment:
    firings = state.firings[mineral.id]
    tier = state.tiers[mineral.id]
    warnings, missing = (), ()
    env = state.env(mineral.id)
    if tier == UNRATED:
        missing = unknowns.missing_inputs(state.rules.rules, env, mineral, state.facts,
                                          state.indicators[mineral.id])
        warnings = (f"{mineral.id}: no tier rule fired; reported as unrated"
                    + (f" (unknown: {_missing_text(missing)})" if missing else ""),)
    return Assessment(
        mineral=mineral.id, name=mineral.name, name_zh=mineral.name_zh, tier=tier,
        score=semantics.score((f.conclusion, True) for f in firings if f.rule.kind == "points"),
        levers=_levers(mineral, firings), partners=_partners(mineral, "all"),
        signals=tuple(sorted(state.signals[mineral.id])), indicators=state.indicators[mineral.id],
        trace=_trace(mineral.id, firings, state), warnings=warnings, report_tier=mineral.report_tier,
        undecided=tuple(sorted(env.undecided)), missing=missing)


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


def _levers(mineral: Mineral, firings: list[_Firing]) -> tuple[Lever, ...]:
    by_lever: dict[str, tuple[list[str], list[str]]] = {}
    for rule, _, _ in firings:
        if rule.kind != "lever":
            continue
        partners, rule_ids = by_lever.setdefault(rule.conclusion, ([], []))
        rule_ids.append(rule.id)
        for country in _partners(mineral, rule.partners):
            if country not in partners:
                partners.append(country)
    return tuple(Lever(lever, tuple(p), tuple(r)) for lever, (p, r) in by_lever.items())
