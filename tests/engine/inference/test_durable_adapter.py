"""The durable_rules adapter's guards against the engine's traps (docs/durable_rules.md)."""

from __future__ import annotations

import threading

import pytest
from durable import engine as durable_engine

from critmin.errors import EngineError
from critmin.inference.compiler import compile_rules, engine_fact, engine_values
from critmin.inference.durable import DurableAdapter, _QuietHost
from critmin.language.evaluation import Env

MINERAL_RULE = {"r": {"all": [{"m": {"kind": "mineral"}}]}}
FACT = {"kind": "mineral", "mineral": "nickel", "x": 1}


def test_equal_facts_in_one_run_are_each_matched():
    # durable_rules takes a second equal fact in one state for a duplicate and refuses it ...
    host = _QuietHost()
    host.set_rulesets({"raw": {"r": {"all": [{"m": {"kind": "mineral"}}], "run": lambda c: None}}})
    with pytest.raises(durable_engine.MessageObservedException):
        host.assert_facts("raw", [dict(FACT, sid="s"), dict(FACT, sid="s")])
    # ... so the adapter gives every fact of a run its own id
    assert len(DurableAdapter().run("equal_facts", MINERAL_RULE, [FACT, dict(FACT)])) == 2


def test_a_fact_no_rule_reads_is_refused_not_lost(rules):
    with pytest.raises(EngineError, match="a fact matched no rule"):
        DurableAdapter().run("no_sink", MINERAL_RULE, [{"kind": "signal", "mineral": "nickel", "name": "s"}])
    for stratum in compile_rules(rules).strata:  # compiled rule sets take every kind of fact
        for chunk in stratum:
            for kind in ("mineral", "signal"):  # one pattern: a sink fires, it never waits on a join
                assert chunk.definition[f"__sink_{kind}"] == {"all": [{"x": {"kind": kind}}], "pri": 1000}


def test_numbers_reach_the_engine_as_integers(facts, rules, results):
    def numbers(value):
        if isinstance(value, dict):
            return [n for item in value.values() for n in numbers(item)]
        if isinstance(value, list):
            return [n for item in value for n in numbers(item)]
        return [value] if isinstance(value, (int, float)) and not isinstance(value, bool) else []

    compiled = compile_rules(rules)
    for stratum in compiled.strata:
        for chunk in stratum:
            assert all(isinstance(n, int) for n in numbers(chunk.definition)), chunk.name
            for a in results.values():
                env = Env({n: i.value for n, i in a.indicators.items()}, set(a.signals), rules.param_values)
                values = engine_values(env.indicators, compiled.fields)  # scaled once, as the traced path does
                fact = engine_fact(a.mineral, values, chunk.fields, chunk.calcs, env)
                assert all(isinstance(n, int) for n in numbers(fact)), (chunk.name, a.mineral)
    # a float in exponent form, as json.dumps writes small numbers, is refused by the engine
    with pytest.raises(EngineError, match="a number the engine cannot parse .durable_rules error 204."):
        DurableAdapter().run("exponent", {"r": {"all": [{"m": {"$gt": {"x": 1e-05}}}]}}, [FACT])


def test_the_adapter_starts_no_threads():
    before = threading.active_count()
    adapter = DurableAdapter()
    assert len(adapter.run("threads", MINERAL_RULE, [FACT])) == 1
    assert threading.active_count() == before
