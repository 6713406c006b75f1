"""critmin's engine: sourced facts, a safe rule language, traced inference on durable_rules.

Quick use::

    import critmin
    results = critmin.assess()                     # shipped facts and rules
    results["nickel"].tier                        # 'very_high'
    results.to_frame()                            # pandas DataFrame
    results.to_json()                             # JSON text
    critmin.assess(overrides=["params.severe_shortfall_min=0.95"])

Testing assumptions::

    facts, rules = critmin.load()
    d = critmin.whatif(facts, rules, ["nickel.us.projected_addition_2035_t=700000"])
    d.tier_changes                                # {'nickel': ('very_high', 'low')}
    d.to_frame(), d.to_dict(), d.render()         # one row per change / JSON / text
    critmin.whatif(facts, rules, critmin.find_scenario("indonesia_ally").overrides)
    critmin.run_rule_tests().ok                    # the report's conclusions still hold

Many scenarios at once (column-wise, no trace; numpy is loaded on first use)::

    critmin.evaluate_scenarios(facts, rules, [[], ["params.severe_shortfall_min=0.99"]])
    critmin.run_sweep(facts, rules, samples=10_000, seed=0).to_dict()
"""

# isort: off
import critmin.cli.interrupt  # noqa: F401  first: run as the critmin command, Ctrl-C while loading exits cleanly
# isort: on
from critmin.assumptions.diff import Diff, MineralDiff, diff, whatif
from critmin.assumptions.inputs import assess, load
from critmin.assumptions.overrides import Override, apply_overrides, known_override_keys, parse_override
from critmin.assumptions.scenarios import Scenario, find_scenario, list_scenarios, load_scenario, write_scenario
from critmin.assumptions.session import WhatIfSession
from critmin.errors import (
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
from critmin.facts.loading import load_facts
from critmin.facts.model import Fact, FactBase, Mineral
from critmin.indicators.catalogue import INDICATORS, compute_indicators
from critmin.inference.results import Assessment, Lever, Results, TraceRecord
from critmin.inference.schema import assessment_schema
from critmin.inference.traced import score
from critmin.io.atomic import atomic_write_bytes, atomic_write_text
from critmin.language.syntax import ExpressionError
from critmin.ruleset.loading import load_rules
from critmin.ruleset.model import Rule, RuleBase
from critmin.ruletests.runner import TestReport, run_rule_tests

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

_LAZY = {"evaluate_scenarios": "critmin.fast.columnar", "run_sweep": "critmin.fast.sweep"}  # these import numpy


def __getattr__(name: str):
    if name in _LAZY:
        import importlib
        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
