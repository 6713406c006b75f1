"""The first line of every mineral answer: its names, tier, score and the report's own tier.

``Nickel (Ni): tier very high (very_high), score 85.0/100 — the report also says very high.``
(in Chinese ``镍（Ni）：…``: each answer names the mineral in its own language only).
"""

from __future__ import annotations

from critmin.explain.headline import Head
from critmin.words.labels import localized, tier_label, tier_with_id
from critmin.words.phrases import say


def called(head: Head, lang: str = "en") -> str:
    """The mineral's name in ``lang``."""
    return localized(head.name, head.name_zh, lang)


def headline(head: Head, lang: str = "en") -> str:
    if head.report_tier is None:
        report = say("headline.report_none", lang)
    elif head.report_tier == head.tier:
        report = say("headline.report_same", lang, tier=tier_label(head.report_tier, lang))
    else:
        report = say("headline.report_differs", lang, tier=tier_label(head.report_tier, lang))
    return say("headline.line", lang, name=called(head, lang), symbol=head.symbol,
               tier=tier_with_id(head.tier, lang), score=head.score, report=report)
