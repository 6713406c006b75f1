"""critmin's engine: sourced facts, a safe rule language, traced inference on durable_rules.

Quick use::

    import engine
    results = engine.assess()                     # shipped facts and rules
    results["nickel"].tier                        # 'very_high'
    results.to_frame()                            # pandas DataFrame
    results.to_json()                             # JSON text
    engine.assess(overrides=["params.severe_shortfall_min=0.95"])
"""

from .api import assess, load
from .assessment import Assessment, Lever, Results, TraceRecord
from .errors import (
                     CritminError,
                     DataError,
                     EngineError,
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
from .overrides import Override, apply_overrides, parse_override
from .rules import Rule, RuleBase, load_rules

__all__ = [
    "assess", "load", "load_facts", "load_rules", "score", "apply_overrides", "parse_override",
    "compute_indicators", "INDICATORS",
    "Assessment", "Lever", "Results", "TraceRecord", "Fact", "FactBase", "Mineral", "Rule",
    "RuleBase", "Override",
    "CritminError", "DataError", "RuleError", "ExpressionError", "OverrideError",
    "UnknownMineralError", "EngineError", "UsageError", "Problem",
]
