"""critmin's engine: sourced facts, a safe rule language, traced inference on durable_rules.

Quick use::

    import engine
    results = engine.assess()                     # shipped facts and rules
    results["nickel"].tier                        # 'very_high'
    results.to_frame()                            # pandas DataFrame
    results.to_json()                             # JSON text
    engine.assess(overrides=["params.severe_shortfall_min=0.95"])

Testing assumptions::

    facts, rules = engine.load()
    d = engine.whatif(facts, rules, ["nickel.us.projected_addition_2035_t=700000"])
    d.tier_changes                                # {'nickel': ('very_high', 'low')}
    d.to_frame(), d.to_dict(), d.render()         # one row per change / JSON / text
    engine.whatif(facts, rules, engine.find_scenario("indonesia_ally").overrides)
    engine.run_rule_tests().ok                    # the report's conclusions still hold

Many scenarios at once (column-wise, no trace; numpy is loaded on first use)::

    engine.evaluate_scenarios(facts, rules, [[], ["params.severe_shortfall_min=0.99"]])
    engine.run_sweep(facts, rules, samples=10_000, seed=0).to_dict()
"""

from .api import assess, load
from .assessment import Assessment, Lever, Results, TraceRecord
from .errors import (
                     CritminError,
                     DataError,
                     EngineError,
                     FileWriteError,
                     OverrideError,
                     Problem,
                     RuleError,
                     UnknownMineralError,
                     UsageError,
)
from .expressions import ExpressionError
from .facts import Fact, FactBase, Mineral, load_facts
from .indicators import INDICATORS, compute_indicators
from .inference import score
from .overrides import Override, apply_overrides, known_override_keys, parse_override
from .rules import Rule, RuleBase, load_rules
from .ruletests import TestReport, run_rule_tests
from .safe_io import atomic_write_bytes, atomic_write_text
from .scenarios import Scenario, find_scenario, list_scenarios, load_scenario, write_scenario
from .schemas import assessment_schema
from .session import WhatIfSession
from .whatif import Diff, MineralDiff, diff, whatif

__all__ = [
    "assess", "load", "load_facts", "load_rules", "score", "apply_overrides", "parse_override",
    "compute_indicators", "INDICATORS", "assessment_schema",
    "Assessment", "Lever", "Results", "TraceRecord", "Fact", "FactBase", "Mineral", "Rule",
    "RuleBase", "Override",
    "whatif", "diff", "Diff", "MineralDiff", "known_override_keys", "WhatIfSession",
    "Scenario", "load_scenario", "list_scenarios", "find_scenario", "write_scenario",
    "run_rule_tests", "TestReport",
    "CritminError", "DataError", "RuleError", "ExpressionError", "OverrideError",
    "UnknownMineralError", "EngineError", "UsageError", "FileWriteError", "Problem",
    "atomic_write_text", "atomic_write_bytes",
    "evaluate_scenarios", "run_sweep",
]

_LAZY = {"evaluate_scenarios": "columnar", "run_sweep": "sweep"}  # these import numpy


def __getattr__(name: str):
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
