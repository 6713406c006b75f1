"""The inputs of a scoring run: facts and rules loaded, then assumptions (overrides) applied.

``load`` and ``assess`` are the first two calls of the public API (``critmin.load``,
``critmin.assess``); every interface goes through them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from critmin.assumptions.overrides import Override, apply_overrides, split_directories
from critmin.facts.loading import load_facts
from critmin.facts.model import FactBase
from critmin.inference.results import Results
from critmin.inference.traced import score
from critmin.ruleset.loading import load_rules
from critmin.ruleset.model import RuleBase

PathLike = str | os.PathLike | None


def load(facts_dir: PathLike = None, rules_dir: PathLike = None,
         overrides: Iterable[str | Override] = ()) -> tuple[FactBase, RuleBase]:
    """Load (and validate) facts and rules, then apply overrides like ``params.x=1``.

    ``facts=DIR`` / ``rules=DIR`` among the overrides replace ``facts_dir`` / ``rules_dir``.
    """
    directories, overrides = split_directories(overrides)
    facts_dir, rules_dir = directories.get("facts", facts_dir), directories.get("rules", rules_dir)
    facts, rules = load_facts(facts_dir), load_rules(rules_dir)
    if overrides:
        facts, rules = apply_overrides(facts, rules, overrides)
    return facts, rules


def assess(facts_dir: PathLike = None, rules_dir: PathLike = None,
           overrides: Iterable[str | Override] = (), minerals: list[str] | None = None) -> Results:
    """Load, apply overrides and score in one call (shipped data by default)."""
    facts, rules = load(facts_dir, rules_dir, overrides)
    return score(facts, rules, minerals)
