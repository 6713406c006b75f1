"""The assistant's vocabulary (assistant/vocabulary.yaml), loaded once and compiled.

Every group maps a meaning (an intent, a tier, a lever, …) to regular expressions in
English and Chinese. Both languages are always tried, so a mixed question ("为什么 nickel 是很高")
works; the answer's language is that of the question (Chinese when it has Chinese characters).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

PATH = Path(__file__).with_name("vocabulary.yaml")
CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
Patterns = dict[str, list[re.Pattern]]


def language(text: str) -> str:
    """``zh`` when the text has Chinese characters, else ``en``."""
    return "zh" if CJK.search(text) else "en"


def _compile(group: dict[str, Any]) -> Patterns:
    """{meaning: {en: [...], zh: [...]}} → {meaning: [compiled patterns, both languages]}."""
    out: Patterns = {}
    for meaning, langs in group.items():
        patterns = [*(langs.get("en") or []), *(langs.get("zh") or [])]
        out[str(meaning)] = [re.compile(p, re.IGNORECASE) for p in patterns]
    return out


@dataclass(frozen=True)
class Vocabulary:
    intents: Patterns
    tiers: Patterns
    directions: Patterns
    levers: Patterns
    alignments: Patterns
    risk_words: list[re.Pattern]
    export_words: list[re.Pattern]
    lift_words: list[re.Pattern]
    risk_levels: Patterns
    fact_phrases: Patterns
    parameter_words: list[re.Pattern]
    relative: dict[str, tuple[list[re.Pattern], float | None]]
    country_aliases: dict[str, list[str]]
    stopwords: frozenset[str]
    examples: dict[str, list[str]]
    why_strong: list[re.Pattern]  # "why" cues asking for a reason (not just "what is")
    detail: list[re.Pattern]  # "more", "show the reasoning": the previous answer in full
    should: list[re.Pattern]  # "should we …?", "…吗？"
    fact_topics: Patterns  # topic → patterns (critmin.explain.fact_query.TOPICS), in order
    fact_question: list[re.Pattern]  # words asking for a quantity or a fact
    cannot_topics: Patterns  # what the facts and rules hold nothing about (prices, companies …)
    pronouns: list[re.Pattern]  # words referring back to the previous mineral
    cumulative: list[re.Pattern]  # a follow-up that adds to the earlier assumption ("too")
    part_starts: dict[str, list[str]]  # words that start a new question after "and" / "，"

    def any(self, patterns: list[re.Pattern], text: str) -> bool:
        return any(p.search(text) for p in patterns)

    def hits(self, group: Patterns, text: str) -> list[str]:
        """Meanings whose patterns match ``text``, in the group's order."""
        return [meaning for meaning, patterns in group.items() if any(p.search(text) for p in patterns)]

    def spans(self, group: Patterns, text: str) -> list[tuple[str, int, int]]:
        """(meaning, start, end) of every match, leftmost first, longest on ties, no overlaps."""
        found = []
        for meaning, patterns in group.items():
            for pattern in patterns:
                found += [(meaning, m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start()]
        found.sort(key=lambda s: (s[1], -(s[2] - s[1])))
        out, end = [], -1
        for item in found:
            if item[1] >= end:
                out.append(item)
                end = item[2]
        return out

    def is_cue_word(self, word: str) -> bool:
        """A single word the vocabulary already gives a meaning (never an unknown mineral)."""
        if word.lower() in self.stopwords:
            return True
        groups = (self.intents, self.tiers, self.directions, self.levers, self.alignments, self.fact_phrases,
                  self.risk_levels)
        if any(p.fullmatch(word) or p.search(word) for g in groups for ps in g.values() for p in ps
               if _single_word(p)):
            return True
        return any(p.search(word) for p in self.parameter_words + self.risk_words)


def _single_word(pattern: re.Pattern) -> bool:
    """Patterns with no space in them can identify a lone word."""
    return " " not in pattern.pattern and r"\s" not in pattern.pattern and ".*" not in pattern.pattern


@lru_cache(maxsize=1)
def vocabulary(path: str | None = None) -> Vocabulary:
    data = yaml.safe_load(Path(path or PATH).read_text(encoding="utf-8"))
    relative = {}
    for name, entry in data["relative_changes"].items():
        patterns = [re.compile(p, re.IGNORECASE) for p in [*entry.get("en", []), *entry.get("zh", [])]]
        relative[name] = (patterns, entry.get("factor"))
    risk_words = data["risk_words"]

    def both(entry: dict) -> list[re.Pattern]:
        return [re.compile(p, re.IGNORECASE) for p in [*entry["en"], *entry["zh"]]]
    return Vocabulary(
        intents=_compile(data["intents"]), tiers=_compile(data["tiers"]), directions=_compile(data["directions"]),
        levers=_compile(data["levers"]), alignments=_compile(data["alignments"]),
        risk_words=both(risk_words), export_words=both(data["export_words"]), lift_words=both(data["lift_words"]),
        risk_levels=_compile(data["risk_levels"]), fact_phrases=_compile(data["fact_phrases"]),
        parameter_words=both(data["parameter_words"]),
        relative=relative,
        country_aliases={k: [str(a) for a in v] for k, v in data["country_aliases"].items()},
        stopwords=frozenset(str(w).lower() for w in data["stopwords"]["en"] + (data["stopwords"]["zh"] or [])),
        examples={lang: list(items) for lang, items in data["examples"].items()},
        why_strong=both(data["why_strong"]), detail=both(data["detail"]), should=both(data["should"]),
        fact_topics=_compile(data["fact_topics"]),
        fact_question=both(data["fact_question"]), cannot_topics=_compile(data["cannot_topics"]),
        pronouns=both(data["pronouns"]), cumulative=both(data["cumulative"]),
        part_starts={lang: [str(w) for w in words] for lang, words in data["part_starts"].items()})
