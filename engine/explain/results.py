"""Results you can question: the scoring results with their explanations one call away.

:class:`Results` is the read-only mapping of :class:`critmin.inference.results.Results`
(mineral → assessment, in rank order) plus the explanations the CLI and the chat give:
``why``, ``why_not``, ``what_would_it_take`` and ``compare``. Each returns the same
structure the CLI renders (data with ``to_dict()``); ``critmin.render.text(obj, lang)`` words
it in English or Chinese. Minerals are named as anywhere else: id, name, symbol, Chinese name
or alias, in any case; tiers as the CLI takes them (``very_high``, ``very high``, ``很高``).

The type lives here, above both the scoring (:mod:`critmin.inference`) and the explanations
(:mod:`critmin.explain`), because scoring must not depend on what explains it. The public
:func:`critmin.assess` and :func:`critmin.score` return it; any other run (a what-if session's,
say) becomes one with :meth:`Results.of`.

>>> import critmin
>>> results = critmin.assess()
>>> results["Ni"]
<Assessment nickel very_high 86.9>
>>> results.why("nickel").tier
'very_high'
>>> gap = results.why_not("镍", "low")
>>> gap.mineral, gap.current, gap.tier
('nickel', 'very_high', 'low')
>>> results.compare("nickel", "cobalt").a.rules
('first_task',)
"""

from __future__ import annotations

import os
from collections.abc import Sequence

from critmin.assumptions.inputs import load
from critmin.assumptions.overrides import Overrides
from critmin.errors import UsageError
from critmin.explain.compare import Comparison, compare
from critmin.explain.what_it_takes import Takes, what_would_it_take
from critmin.explain.why import Derivation, why
from critmin.explain.why_not import WhyNot, why_not
from critmin.facts.loading import find_mineral
from critmin.facts.model import FactBase
from critmin.inference import results as scored
from critmin.inference.traced import score as score_traced
from critmin.ruleset.model import RuleBase
from critmin.words.labels import parse_tier

PathLike = str | os.PathLike[str] | None


class Results(scored.Results):
    """A scoring run's results (a read-only mapping of mineral id → Assessment, in rank order)
    that also answer why a mineral has its tier, why not another, what it would take, and how
    two minerals compare."""

    @classmethod
    def of(cls, results: scored.Results) -> Results:
        """``results`` (from any scoring run) as results you can question."""
        if isinstance(results, cls):
            return results
        return cls(results.assessments, results.facts, results.rules, results.warnings)

    def why(self, mineral: str) -> Derivation:
        """The derivation of ``mineral``'s tier: the rules that concluded it, down to sourced facts.

        >>> import critmin
        >>> tree = critmin.assess().why("nickel")
        >>> [node.rule for node in tree.concluded_by]
        ['first_task']
        """
        return why(self, self.id_of(mineral))

    def why_not(self, mineral: str, tier: str) -> WhyNot:
        """Why ``mineral`` is not ``tier``: each rule that would conclude it, with its failing tests.

        >>> import critmin
        >>> gap = critmin.assess().why_not("graphite", "very high")
        >>> gap.tier, gap.current
        ('very_high', 'high')
        """
        return why_not(self, self.id_of(mineral), parse_tier(tier))

    def what_would_it_take(self, mineral: str, tier: str) -> Takes:
        """The smallest single change of each relevant fact or parameter that moves ``mineral`` to
        ``tier``, each verified by scoring again (this runs the rules many times: seconds)."""
        return what_would_it_take(self, self.id_of(mineral), parse_tier(tier))

    def compare(self, a: str, b: str) -> Comparison:
        """Two minerals side by side: tiers, deciding rules, signals, levers, indicators, facts.

        >>> import critmin
        >>> side = critmin.assess().compare("Co", "graphite").b
        >>> side.head.mineral, side.head.tier
        ('graphite', 'high')
        """
        return compare(self, self.id_of(a), self.id_of(b))


def score(facts: FactBase, rules: RuleBase, minerals: Sequence[str] | None = None) -> Results:
    """Score ``minerals`` (names or ids; all by default) of ``facts`` under ``rules``, with a
    full trace.

    >>> import critmin
    >>> facts, rules = critmin.load()
    >>> critmin.score(facts, rules, ["Ni", "cobalt"])
    <Results 2 minerals: cobalt very_high 88.1, nickel very_high 86.9 (rules: shipped)>
    """
    if isinstance(minerals, str):
        raise UsageError(f"minerals is a list of names, e.g. ['{minerals}']; got one text '{minerals}'")
    ids = [find_mineral(facts, m).id for m in minerals] if minerals else None
    return Results.of(score_traced(facts, rules, ids))


def assess(facts_dir: PathLike = None, rules_dir: PathLike = None, overrides: Overrides = (),
           minerals: Sequence[str] | None = None) -> Results:
    """Load facts and rules (the shipped ones by default), apply ``overrides`` and score.

    ``overrides`` is a mapping (``{"params.severe_shortfall_min": 0.95}``) or a list of
    ``"KEY=VALUE"`` texts, as :func:`critmin.load` takes them; ``minerals`` (names or ids)
    limits the minerals scored.

    >>> import critmin
    >>> critmin.assess(overrides={"nickel.us.projected_addition_2035_t": 700_000})["nickel"].tier
    'low'
    """
    facts, rules = load(facts_dir, rules_dir, overrides)
    return score(facts, rules, minerals)
