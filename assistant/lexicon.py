"""Names in a question: minerals, countries, parameters and rules, exact or fuzzy.

Mineral names come from the fact files (id, name, name_zh, symbol, aliases) and country names
from countries.yaml plus the vocabulary's aliases; nothing is hard-coded. English words are
matched as whole words (longest phrase first), symbols also case-sensitively (``C`` but not
``c``), Chinese names as substrings (longest first). Misspellings are matched with rapidfuzz:
a word of five letters or more at a similarity of 82 or above, or any word of four letters
or more one edit (or swap) away from a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from critmin.assistant.vocabulary import CJK, Vocabulary
from critmin.facts.model import FactBase
from critmin.ruleset.model import RuleBase

WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)?")
FUZZY_MIN = 82
SUGGEST_MIN = 50  # similarity for "did you mean" suggestions
MAX_NGRAM = 4


@dataclass(frozen=True)
class Mention:
    kind: str  # mineral | country | param | rule
    value: str  # the id (mineral id, country key, parameter name, rule id)
    start: int
    end: int
    text: str
    fuzzy: bool = False


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[-_]", " ", text.lower())).strip()


def words(text: str) -> list[tuple[str, int, int]]:
    """(word, start, end), possessive 's removed."""
    out = []
    for m in WORD.finditer(text):
        word = re.sub(r"['’]s$", "", m.group(0))
        out.append((word, m.start(), m.start() + len(word)))
    return out


class Lexicon:
    """Every name the assistant recognises, built from the loaded facts and rules."""

    def __init__(self, facts: FactBase, rules: RuleBase, vocab: Vocabulary):
        self.vocab = vocab
        self.minerals = {m.id: m for m in facts.minerals.values()}
        self.latin: dict[str, str] = {}  # normalised name → mineral id
        self.cjk: dict[str, str] = {}
        self.symbols: dict[str, str] = {}
        for m in facts.minerals.values():
            self.symbols[m.symbol] = m.id
            for name in m.names:
                (self.cjk if CJK.search(name) else self.latin)[normalise(name) if not CJK.search(name) else name] = m.id
        self.country_facts = facts.countries
        self.countries: dict[str, str] = {}
        self.country_cjk: dict[str, str] = {}
        for key, country in facts.countries.items():
            self.countries[normalise(key)] = key
            if country.name_zh:
                self.country_cjk[country.name_zh] = key
            for alias in vocab.country_aliases.get(key, []):
                (self.country_cjk if CJK.search(alias) else self.countries)[
                    alias if CJK.search(alias) else normalise(alias)] = key
        self.params = sorted(rules.params)
        self.param_values = rules.param_values
        self.rule_ids = sorted(r.id for r in rules.rules)
        self._fuzzy_names = [n for n in self.latin if len(n) >= 4]

    # ------------------------------------------------------------ minerals

    def find_minerals(self, text: str) -> list[Mention]:
        """Every mineral named in ``text``, in reading order (one mention per place)."""
        found = _longest_first("mineral", self.cjk, text, text, lambda name: re.escape(name), [])
        tokens = words(text)
        used = [False] * len(tokens)
        self._exact(text, tokens, used, found)
        self._fuzzy(tokens, used, found)
        found.sort(key=lambda x: x.start)
        return found

    def _exact(self, text: str, tokens, used, found) -> None:
        for n in range(min(MAX_NGRAM, len(tokens)), 0, -1):
            for i in range(len(tokens) - n + 1):
                if any(used[i:i + n]):
                    continue
                span = tokens[i:i + n]
                phrase = normalise(" ".join(t[0] for t in span))
                original = text[span[0][1]:span[-1][2]]
                mineral = self.symbols.get(original) if n == 1 else None
                if mineral is None and phrase in self.latin and not (n == 1 and self._blocked(phrase)):
                    mineral = self.latin[phrase]
                if mineral is not None:
                    used[i:i + n] = [True] * n
                    found.append(Mention("mineral", mineral, span[0][1], span[-1][2], original))

    def _blocked(self, word: str) -> bool:
        """Short lower-case words that are ordinary English never count as a name."""
        return word in self.vocab.stopwords or len(word) == 1

    def _fuzzy(self, tokens, used, found) -> None:
        for n in (2, 1):
            for i in range(len(tokens) - n + 1):
                if any(used[i:i + n]):
                    continue
                span = tokens[i:i + n]
                if any(self.vocab.is_cue_word(t[0]) or t[0].isdigit() for t in span):
                    continue
                phrase = normalise(" ".join(t[0] for t in span))
                mineral = self.fuzzy_mineral(phrase)
                if mineral:
                    used[i:i + n] = [True] * n
                    found.append(Mention("mineral", mineral, span[0][1], span[-1][2], phrase, fuzzy=True))

    def fuzzy_mineral(self, word: str) -> str | None:
        """The mineral a misspelt word most likely means, or None."""
        if len(word) < 4 or CJK.search(word):
            return None
        best = process.extractOne(word, self._fuzzy_names, scorer=fuzz.ratio)
        if best and best[1] >= FUZZY_MIN and len(word) >= 5:
            return self.latin[best[0]]
        close = [n for n in self._fuzzy_names if abs(len(n) - len(word)) <= 1 and OSA.distance(word, n) <= 1]
        return self.latin[close[0]] if close else None

    def closest(self, word: str, limit: int = 3, cutoff: float = SUGGEST_MIN) -> list[str]:
        """Mineral ids whose names are nearest to ``word`` (for "did you mean")."""
        if CJK.search(word) or not word.strip():
            return []
        hits = process.extract(normalise(word), list(self.latin), scorer=fuzz.ratio, limit=12,
                               score_cutoff=cutoff)
        out: list[str] = []
        for name, _, _ in hits:
            if self.latin[name] not in out:
                out.append(self.latin[name])
        return out[:limit]

    # ------------------------------------------------------------ countries, params, rules

    def find_countries(self, text: str) -> list[Mention]:
        found = _longest_first("country", self.country_cjk, text, text, lambda name: re.escape(name), [])
        found = _longest_first("country", self.countries, normalise_keep_length(text), text,
                               lambda name: r"(?<![a-z0-9])" + re.escape(name) + r"(?![a-z0-9])", found)
        found.sort(key=lambda x: x.start)
        return found

    def find_params(self, text: str) -> list[Mention]:
        """Parameters named by id (``severe_shortfall_min``) or by their words ("severe shortfall")."""
        lowered = normalise_keep_length(text)
        found = []
        for name in self.params:
            m = re.search(r"(?:params\.)?" + re.escape(name), text, re.IGNORECASE)
            if m:
                found.append(Mention("param", name, m.start(), m.end(), m.group(0)))
                continue
            core = [w for w in name.split("_") if w not in ("min", "max")]
            phrase = " ".join(core)
            m = re.search(r"(?<![a-z])" + re.escape(phrase) + r"(?![a-z])", lowered)
            if m:
                found.append(Mention("param", name, m.start(), m.end(), phrase))
        found.sort(key=lambda x: (x.start, -(x.end - x.start)))
        return found

    def find_rules(self, text: str) -> list[Mention]:
        return [Mention("rule", rid, m.start(), m.end(), rid) for rid in self.rule_ids
                for m in [re.search(r"(?<![a-z0-9_])" + re.escape(rid) + r"(?![a-z0-9_])", text.lower())] if m]

    def completion_words(self) -> list[str]:
        """Every mineral name (English, Chinese, symbol, alias) for completion."""
        names: list[str] = []
        for m in self.minerals.values():
            for name in m.names:
                if name not in names:
                    names.append(name)
        return names


def normalise_keep_length(text: str) -> str:
    """Lower-case with - and _ as spaces, same length as the input (so offsets still hold)."""
    return re.sub(r"[-_]", " ", text.lower())


def _longest_first(kind: str, names: dict[str, str], searched: str, original: str, pattern,
                   found: list[Mention]) -> list[Mention]:
    """Add every non-overlapping occurrence of ``names`` in ``searched``, longest names first."""
    taken = [(m.start, m.end) for m in found]
    for name in sorted(names, key=len, reverse=True):
        for m in re.finditer(pattern(name), searched):
            if not _overlaps(taken, m.start(), m.end()):
                taken.append((m.start(), m.end()))
                found.append(Mention(kind, names[name], m.start(), m.end(), original[m.start():m.end()]))
    return found


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(start < b and a < end for a, b in taken)
