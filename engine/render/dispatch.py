"""``text(obj, lang="en", **options)``: any explanation or what-if structure in words.

The structures (critmin.explain, critmin.assumptions, critmin.facts.provenance,
critmin.ruletests) are data with ``to_dict()``; this is the one way to word them. Each type's
renderer is registered here, explicitly, with the options it takes:

- ``Derivation``: ``with_headline=True``;
- ``Diff``: ``fmt`` (table, markdown, csv, json), ``form`` (full, summary, answer) and, for the
  answer, ``notes`` (the assumptions) and ``facts`` (the minerals' names) — see
  :mod:`critmin.render.diffs`;
- ``TestReport``: no language (rule tests report in English).
"""

from __future__ import annotations

from functools import singledispatch
from typing import Any

from critmin.assumptions.diff import Diff
from critmin.explain.compare import Comparison
from critmin.explain.headline import Head
from critmin.explain.queries import LeverUse, MineralLevers, Partners, Ranking, RuleInfo, RuleList
from critmin.explain.what_it_takes import Takes
from critmin.explain.why import Derivation
from critmin.explain.why_not import WhyNot
from critmin.facts.provenance import MineralFacts, OverrideNote, SourcedFact, SourceList
from critmin.render import diffs, facts, headline, queries, reports, takes, trees
from critmin.ruletests.runner import TestReport


@singledispatch
def text(obj: Any, lang: str = "en", **options: Any) -> str:
    """``obj`` in words, in ``lang`` ("en" or "zh")."""
    raise TypeError(f"no text form for {type(obj).__name__}")


text.register(Head, lambda obj, lang="en": headline.headline(obj, lang))
text.register(Derivation, trees.derivation)
text.register(WhyNot, trees.why_not)
text.register(Takes, takes.takes_text)
text.register(Comparison, queries.comparison)
text.register(Ranking, queries.ranking)
text.register(LeverUse, queries.lever_use)
text.register(MineralLevers, queries.mineral_levers)
text.register(Partners, queries.partners)
text.register(RuleInfo, queries.rule_info)
text.register(RuleList, queries.rule_list)
text.register(SourcedFact, facts.fact_line)
text.register(MineralFacts, facts.mineral_facts)
text.register(OverrideNote, facts.override_note)
text.register(SourceList, facts.source_list)
text.register(Diff, diffs.diff_text)
text.register(TestReport, lambda obj, lang="en": reports.rule_test_report(obj))
