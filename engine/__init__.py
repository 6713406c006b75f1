"""critmin: rule-based priority and risk scoring for critical minerals, with explanations.

Score the shipped facts and rules; the results are a read-only mapping of mineral →
assessment, in rank order, looked up by id, name, symbol, Chinese name or alias:

>>> import critmin
>>> results = critmin.assess()
>>> results["Ni"]
<Assessment nickel very_high 86.9>
>>> "镍" in results, len(results), next(iter(results))
(True, 22, 'cobalt')
>>> results.why("nickel").concluded_by[0].rule        # the structures the CLI renders
'first_task'
>>> frame = results.to_frame()                        # tier is an ordered categorical
>>> frame[frame.tier >= "high"].index.tolist()[:4]
['cobalt', 'nickel', 'gallium', 'tungsten']

Overrides are a mapping or a list of ``KEY=VALUE`` texts, everywhere the API takes them:

>>> critmin.assess(overrides={"params.severe_shortfall_min": 0.99})["nickel"].tier
'high'
>>> facts, rules = critmin.load()
>>> d = critmin.whatif(facts, rules, ["nickel.us.projected_addition_2035_t=700000"])
>>> d.tier_changes
{'nickel': ('very_high', 'low')}
>>> critmin.whatif(facts, rules, critmin.find_scenario("indonesia_ally").overrides).tier_changes
{}
>>> critmin.run_rule_tests().ok                       # the report's conclusions still hold
True

Text in English or Chinese comes from ``critmin.render.text(obj, lang)`` for any explanation
or diff; ``to_dict()`` gives JSON-ready data, ``to_frame()`` a pandas DataFrame.

Many scenarios at once (column-wise, no trace; numpy is loaded on first use):

>>> frame = critmin.evaluate_scenarios(facts, rules, [{}, {"params.severe_shortfall_min": 0.99}])
>>> frame[frame.mineral == "nickel"]["tier"].tolist()
['very_high', 'high']
>>> critmin.stability_of(facts, rules, "copper", samples=1_000, seed=0).fragile
False

Independent assessments beside critmin's tiers:

>>> critmin.crosscheck_of(results, "niobium").ratings[0].rating
'highest_impact'
>>> critmin.disagreements(results)                    # none when every rating allows the tier
[]
"""

# isort: off
import critmin.cli.interrupt  # noqa: F401  first: run as the critmin command, Ctrl-C while loading exits cleanly
# isort: on
from typing import TYPE_CHECKING, Any

from critmin.assumptions.diff import Diff, MineralDiff, diff, whatif
from critmin.assumptions.inputs import load
from critmin.assumptions.overrides import Override, Overrides, apply_overrides, known_override_keys, parse_override
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
from critmin.explain.compare import Comparison
from critmin.explain.crosscheck import CrossCheck, Rating, crosscheck, crosscheck_of, disagreements
from critmin.explain.results import Results, assess, score
from critmin.explain.stability import StabilityReport, TierStability, stability_of, tier_stability
from critmin.explain.what_it_takes import Takes
from critmin.explain.why import Derivation
from critmin.explain.why_not import WhyNot
from critmin.facts.loading import load_facts
from critmin.facts.model import Fact, FactBase, Mineral
from critmin.indicators.catalogue import INDICATORS, compute_indicators
from critmin.inference.results import Assessment, Lever, TraceRecord
from critmin.inference.schema import assessment_schema
from critmin.io.atomic import atomic_write_bytes, atomic_write_text
from critmin.language.syntax import ExpressionError
from critmin.ruleset.loading import load_rules
from critmin.ruleset.model import Rule, RuleBase
from critmin.ruletests.runner import TestReport, run_rule_tests

__all__ = [
    "assess", "load", "load_facts", "load_rules", "score", "apply_overrides", "parse_override",
    "compute_indicators", "INDICATORS", "assessment_schema",
    "Assessment", "Lever", "Results", "TraceRecord", "Fact", "FactBase", "Mineral", "Rule",
    "RuleBase", "Override", "Overrides", "Derivation", "WhyNot", "Takes", "Comparison",
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

if TYPE_CHECKING:  # for type checkers; at run time they are loaded on first use (below)
    from critmin.fast.columnar import evaluate_scenarios
    from critmin.fast.sweep import run_sweep


def __getattr__(name: str) -> Any:
    """``evaluate_scenarios`` and ``run_sweep`` work column-wise with numpy: loaded on first use."""
    if name == "evaluate_scenarios":
        from critmin.fast.columnar import evaluate_scenarios  # numpy stays off the cold-start path
        globals()[name] = evaluate_scenarios
        return evaluate_scenarios
    if name == "run_sweep":
        from critmin.fast.sweep import run_sweep  # numpy stays off the cold-start path
        globals()[name] = run_sweep
        return run_sweep
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
