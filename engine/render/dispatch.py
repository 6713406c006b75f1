"""``text(obj, lang="en", **options)``: any explanation or what-if structure in words.

The structures (critmin.explain, critmin.assumptions, critmin.facts.provenance,
critmin.ruletests) are data with ``to_dict()``; this is the one way to word them. Each type's
renderer is registered here, explicitly, with the options it takes:

- ``Derivation``: ``form`` — ``full`` (the default: the derivation tree down to sourced facts,
  ``with_headline=True``) or ``brief`` (the answer first, in a few sentences: see
  :mod:`critmin.render.brief`; ``hint=True`` adds how to ask for the full form);
- ``WhyNot``, ``Comparison``, ``Ranking``, ``Partners``, ``MineralLevers``, ``LeverUse``,
  ``LeverReason``: ``form``, ``full`` or ``brief``, as for ``Derivation`` (``LeverReason``
  defaults to ``brief`` and takes ``should=True`` to lead with a yes or no);
- ``FactAnswer``: one form;
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
from critmin.explain.fact_query import FactAnswer
from critmin.explain.headline import Head
from critmin.explain.levers import LeverReason
from critmin.explain.queries import LeverUse, MineralLevers, Partners, Ranking, RuleInfo, RuleList
from critmin.explain.what_it_takes import Takes
from critmin.explain.why import Derivation
from critmin.explain.why_not import WhyNot
from critmin.facts.provenance import MineralFacts, OverrideNote, SourcedFact, SourceList
from critmin.render import brief, diffs, facts, headline, levers, queries, reports, takes, trees
from critmin.ruletests.runner import TestReport


@singledispatch
def text(obj: Any, lang: str = "en", **options: Any) -> str:
    """``obj`` in words, in ``lang`` ("en" or "zh")."""
    raise TypeError(f"no text form for {type(obj).__name__}")


text.register(Head, lambda obj, lang="en": headline.headline(obj, lang))
text.register(Derivation, lambda obj, lang="en", form="full", hint=True, **options:
              brief.why_brief(obj, lang, hint) if form == "brief" else trees.derivation(obj, lang, **options))
text.register(WhyNot, lambda obj, lang="en", form="full", hint=True:
              brief.why_not_brief(obj, lang, hint) if form == "brief" else trees.why_not(obj, lang))
text.register(Takes, takes.takes_text)  # form: full (with the headline) or brief
text.register(Comparison, lambda obj, lang="en", form="full", hint=True:
              queries.comparison_brief(obj, lang, hint) if form == "brief" else queries.comparison(obj, lang))
text.register(Ranking, lambda obj, lang="en", form="full":
              queries.ranking_brief(obj, lang) if form == "brief" else queries.ranking(obj, lang))
text.register(LeverUse, lambda obj, lang="en", form="full": levers.lever_use(obj, lang, form))
text.register(MineralLevers, lambda obj, lang="en", form="full":
              levers.mineral_levers(obj, lang) if form == "brief" else queries.mineral_levers(obj, lang))
text.register(LeverReason, levers.lever_reason)
text.register(FactAnswer, facts.fact_answer)
text.register(Partners, lambda obj, lang="en", form="full":
              queries.partners_brief(obj, lang) if form == "brief" else queries.partners(obj, lang))
text.register(RuleInfo, queries.rule_info)
text.register(RuleList, queries.rule_list)
text.register(SourcedFact, facts.fact_line)
text.register(MineralFacts, facts.mineral_facts)
text.register(OverrideNote, facts.override_note)
text.register(SourceList, facts.source_list)
text.register(Diff, diffs.diff_text)
text.register(TestReport, lambda obj, lang="en": reports.rule_test_report(obj))
