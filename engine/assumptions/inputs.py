"""The inputs of a scoring run: facts and rules loaded, then assumptions (overrides) applied.

``load`` and ``assess`` are the first two calls of the public API (``critmin.load``,
``critmin.assess``); every interface goes through them.
"""

from __future__ import annotations

import os

from critmin.assumptions.overrides import Overrides, apply_overrides, split_directories
from critmin.facts.loading import load_facts
from critmin.facts.model import FactBase
from critmin.inference.results import Results
from critmin.inference.traced import score
from critmin.ruleset.loading import load_rules
from critmin.ruleset.model import RuleBase

PathLike = str | os.PathLike[str] | None


def load(facts_dir: PathLike = None, rules_dir: PathLike = None,
         overrides: Overrides = ()) -> tuple[FactBase, RuleBase]:
    """Load (and validate) facts and rules, then apply overrides.

    ``overrides`` is a mapping (``{"params.severe_shortfall_min": 0.95}``) or a list of
    ``"KEY=VALUE"`` texts or Override objects (:data:`critmin.assumptions.overrides.Overrides`).
    ``facts=DIR`` / ``rules=DIR`` among them replace ``facts_dir`` / ``rules_dir``.
    """
    directories, overrides = split_directories(overrides)
    facts_dir, rules_dir = directories.get("facts", facts_dir), directories.get("rules", rules_dir)
    facts, rules = load_facts(facts_dir), load_rules(rules_dir)
    if overrides:
        facts, rules = apply_overrides(facts, rules, overrides)
    return facts, rules


def assess(facts_dir: PathLike = None, rules_dir: PathLike = None,
           overrides: Overrides = (), minerals: list[str] | None = None) -> Results:
    """Load, apply overrides (as :func:`load` takes them) and score in one call (shipped data by
    default); ``minerals`` (ids) limits the minerals scored."""
    facts, rules = load(facts_dir, rules_dir, overrides)
    return score(facts, rules, minerals)
