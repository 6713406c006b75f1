"""What the assistant answers from: a what-if session (critmin.assumptions.session) over the facts and rules.

The session holds the baseline and any assumptions (``--set`` on the command line, /set and
/scenario in the chat); answers always use its current state, so "why is nickel very high?"
after ``/set nickel.us.supply_2035_t=100000`` explains the changed tier. Loading happens on
first use.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterable

from critmin.assistant.lexicon import Lexicon
from critmin.assistant.vocabulary import vocabulary
from critmin.assumptions.session import WhatIfSession
from critmin.facts.model import FactBase
from critmin.inference.results import Results
from critmin.ruleset.model import RuleBase


class Knowledge:
    def __init__(self, facts_dir: str | os.PathLike | None = None, rules_dir: str | os.PathLike | None = None,
                 sets: Iterable[str] = ()):
        self.session = WhatIfSession(facts_dir, rules_dir)
        self._pending = tuple(sets)
        self._lexicon: tuple[tuple[int, int], Lexicon] | None = None

    def fork(self) -> Knowledge:
        """A copy whose session can change without touching this one (see WhatIfSession.fork)."""
        twin = copy.copy(self)
        twin.session = self._ready().fork()
        return twin

    def _ready(self) -> WhatIfSession:
        if self._pending:
            pending, self._pending = self._pending, ()
            self.session.adopt(*pending)  # start-up: no diff wanted, so no baseline scoring
        return self.session

    @property
    def facts(self) -> FactBase:
        return self._ready().bases()[0]

    @property
    def rules(self) -> RuleBase:
        return self._ready().bases()[1]

    @property
    def results(self) -> Results:
        return self._ready().results()

    @property
    def lexicon(self) -> Lexicon:
        """Names from the current facts and rules (rebuilt only if those objects change)."""
        facts, rules = self._ready().bases()
        key = (id(facts.minerals), id(rules.params))
        if self._lexicon is None or self._lexicon[0] != key:
            self._lexicon = (key, Lexicon(facts, rules, vocabulary()))
        return self._lexicon[1]
