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
    d.to_frame(), d.to_dict()                     # one row per change / JSON
    critmin.render.text(d)                        # text (import critmin.render)
    critmin.whatif(facts, rules, critmin.find_scenario("indonesia_ally").overrides)
    critmin.run_rule_tests().ok                    # the report's conclusions still hold

Many scenarios at once (column-wise, no trace; numpy is loaded on first use)::

    critmin.evaluate_scenarios(facts, rules, [[], ["params.severe_shortfall_min=0.99"]])
    critmin.run_sweep(facts, rules, samples=10_000, seed=0).to_dict()
    critmin.tier_stability(facts, rules, samples=10_000, seed=0)["copper"].share  # 0.9156
    critmin.stability_of(facts, rules, "copper").deciding     # the inputs that decide it

Independent assessments beside critmin's tiers::

    critmin.crosscheck_of(results, "niobium").ratings         # USGS 2025 "highest_impact", ...
    critmin.disagreements(results)                            # [] when every rating allows the tier
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
from critmin.explain.crosscheck import CrossCheck, Rating, crosscheck, crosscheck_of, disagreements
from critmin.explain.stability import StabilityReport, TierStability, stability_of, tier_stability
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
    "tier_stability", "stability_of", "TierStability", "StabilityReport",
    "crosscheck", "crosscheck_of", "disagreements", "CrossCheck", "Rating",
]

def __getattr__(name: str):
    """``evaluate_scenarios`` and ``run_sweep`` work column-wise with numpy: loaded on first use."""
    if name == "evaluate_scenarios":
        from critmin.fast.columnar import evaluate_scenarios  # numpy stays off the cold-start path
        return evaluate_scenarios
    if name == "run_sweep":
        from critmin.fast.sweep import run_sweep  # numpy stays off the cold-start path
        return run_sweep
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
