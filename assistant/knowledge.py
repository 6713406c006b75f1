"""What the assistant answers from: facts, rules and the baseline scoring, loaded on first use."""

from __future__ import annotations

import os
from collections.abc import Iterable
from functools import cached_property

from engine.api import load
from engine.assessment import Results
from engine.facts import FactBase
from engine.inference import score
from engine.rules import RuleBase

from .lexicon import Lexicon
from .vocabulary import vocabulary


class Knowledge:
    """The loaded facts and rules (with ``--set`` overrides), their scoring and the name index."""

    def __init__(self, facts_dir: str | os.PathLike | None = None, rules_dir: str | os.PathLike | None = None,
                 sets: Iterable[str] = ()):
        self.facts_dir, self.rules_dir, self.sets = facts_dir, rules_dir, tuple(sets)

    @cached_property
    def _loaded(self) -> tuple[FactBase, RuleBase]:
        return load(self.facts_dir, self.rules_dir, self.sets)

    @property
    def facts(self) -> FactBase:
        return self._loaded[0]

    @property
    def rules(self) -> RuleBase:
        return self._loaded[1]

    @cached_property
    def results(self) -> Results:
        return score(self.facts, self.rules)

    @cached_property
    def lexicon(self) -> Lexicon:
        return Lexicon(self.facts, self.rules, vocabulary())
