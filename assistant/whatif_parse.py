"""What-if questions → overrides: "what if Indonesia became an ally?" → countries.Indonesia.alignment=ally.

Understood changes (English and Chinese):
- a country's alignment ("became an ally", "成为盟友") or resource-nationalism risk;
- a mineral fact set to a number ("US nickel supply in 2035 were 100,000 t", "镍需求为50万吨"),
  or changed relatively ("nickel demand doubled", "fell by 20%");
- a producer's share ("Indonesia's share of nickel output fell to 40%"), China's processing share;
- a rule parameter ("the severe shortfall threshold were 95%");
- explicit ``KEY=VALUE`` overrides, as ``--set`` takes them.
What cannot be placed is returned as a problem to show the user; nothing is guessed silently.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from critmin.assistant.lexicon import Lexicon, Mention
from critmin.assistant.vocabulary import language
from critmin.words.labels import localized
from critmin.words.phrases import say

NUMBER = re.compile(
    r"(?<![0-9A-Za-z.])(-?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*"
    r"(%|percent|per cent|pct|kt|mt|k(?![a-z])|thousand|million|tonnes?(?![a-z])|tons?(?![a-z])|t(?![a-z])|"
    r"万吨|万|亿吨|亿|千吨|吨|倍)?", re.IGNORECASE)
SCALE = {"kt": 1e3, "k": 1e3, "thousand": 1e3, "千吨": 1e3, "mt": 1e6, "million": 1e6,
         "万": 1e4, "万吨": 1e4, "亿": 1e8, "亿吨": 1e8}
PERCENT = ("%", "percent", "per cent", "pct")
EXPLICIT = re.compile(r"((?:params|countries|[a-z_]+)\.[^=\n]+?)\s*=\s*([^\s;；，]+)", re.IGNORECASE)
CLAUSES = re.compile(r"\band\b|;|；|，|,(?!\d{3})|和|并且|同时|以及|而且|\balso\b", re.IGNORECASE)
FACT_ORDER = ("us.projected_addition_2035_t", "us.grid_mfg_addition_2035_t", "us.net_import_reliance",
              "us.supply_2035_t", "us.production_t", "us.demand_2035_t", "us.consumption_t")


def parse_changes(text: str, lexicon: Lexicon, minerals: Sequence[str]) -> tuple[list[str], list[str]]:
    """(overrides as KEY=VALUE, problems) for a what-if question."""
    lang = language(text)
    explicit = [f"{k.strip()}={v.strip()}" for k, v in EXPLICIT.findall(text)]
    if explicit:
        return explicit, []
    overrides: list[str] = []
    problems: list[str] = []
    used_countries: set[str] = set()
    for clause in CLAUSES.split(text):
        if not clause or not clause.strip():
            continue
        change, used = _numeric_change(clause, lexicon, minerals, lang, problems)
        if change:
            overrides.append(change)
            used_countries |= used
    overrides += _country_changes(text, lexicon, used_countries, minerals, lang, problems)
    if not overrides and not problems:
        problems.append(say("whatif_problem.nothing", lang))
    return list(dict.fromkeys(overrides)), problems


def _numbers(text: str) -> list[tuple[float, str, int]]:
    """(value, unit, position) of each number that is not a year."""
    out = []
    for m in NUMBER.finditer(text):
        sign, digits, decimals, unit = m.group(1), m.group(2), m.group(3) or "", (m.group(4) or "").lower()
        value = float(sign + digits.replace(",", "") + decimals)
        after = text[m.end():m.end() + 1]
        if not unit and not decimals and not sign and "," not in digits and 1900 <= value <= 2100:
            continue  # a year
        if after == "年":
            continue
        out.append((value * SCALE.get(unit, 1.0), unit, m.start()))
    return out


def _numeric_change(clause: str, lexicon: Lexicon, minerals: Sequence[str], lang: str,
                    problems: list[str]) -> tuple[str | None, set[str]]:
    vocab = lexicon.vocab
    lowered = clause.lower()
    numbers = _numbers(clause)
    factor = _relative_factor(lowered, numbers, vocab.relative)
    if not numbers and factor is None:
        return None, set()
    params = lexicon.find_params(clause)
    if params or any(p.search(lowered) for p in vocab.parameter_words):
        return _param_change(params, numbers, lexicon, lang, problems), set()
    found = lexicon.find_minerals(clause)
    named = [m.value for m in found] or list(minerals)
    lowered = " ".join(_blank(lowered, found).split())  # "new US lithium supply" reads as "new US supply"
    if not named:
        problems.append(say("whatif_problem.which_mineral", lang))
        return None, set()
    mineral = lexicon.minerals[named[0]]
    countries = [c.value for c in lexicon.find_countries(clause)]
    key, used = _fact_key(lowered, countries, mineral, vocab)
    if key is None:
        problems.append(say("whatif_problem.which_figure", lang, name=localized(mineral.name, mineral.name_zh, lang)))
        return None, set()
    unit = "share" if key.startswith(("producers.", "processing.", "us.net_import")) else "t"
    value = _value(numbers, factor, unit, mineral.get(key), lang, problems, mineral.name)
    if value is None:
        return None, set()
    return f"{mineral.id}.{key}={_text(value, unit)}", used


def _relative_factor(lowered: str, numbers, relative) -> float | None:
    """×2 for "doubled", ×0.8 for "fell by 20%", … or None for an absolute value."""
    vocab_factor = None
    for name, (patterns, factor) in relative.items():
        if any(p.search(lowered) for p in patterns):
            if factor is not None:
                return factor
            vocab_factor = name
    if vocab_factor and numbers and numbers[0][1] in PERCENT:
        share = numbers[0][0] / 100
        return 1 + share if vocab_factor == "rise" else 1 - share
    return None


def _fact_key(lowered: str, countries: list[str], mineral, vocab) -> tuple[str | None, set[str]]:
    phrases = vocab.fact_phrases
    has = {key: any(p.search(lowered) for p in pats) for key, pats in phrases.items()}
    if has.get("processing.china_share"):
        return "processing.china_share", {"China"}
    producers = [c for c in countries if f"producers.{c}" in mineral.facts]
    if producers and (has.get("producer_share") or "%" in lowered or "份额" in lowered):
        return f"producers.{producers[0]}", {producers[0]}
    for key in FACT_ORDER:
        if has.get(key):
            return key, set()
    return None, set()


def _value(numbers, factor, unit: str, current, lang: str, problems: list[str], name: str) -> float | None:
    if factor is not None and (not numbers or numbers[0][1] in PERCENT or numbers[0][1] == "倍"):
        if current is None:
            problems.append(say("whatif_problem.no_value", lang, name=name))
            return None
        return current * factor
    value, unit_word, _ = numbers[0]
    if unit == "share":
        if unit_word in PERCENT or value > 1:
            value /= 100
        if not 0 <= value <= 1:
            problems.append(say("whatif_problem.share_range", lang))
            return None
        return value
    if unit_word in PERCENT:
        problems.append(say("whatif_problem.tonnes", lang))
        return None
    return value


def _text(value: float, unit: str) -> str:
    if unit == "t":
        return str(int(round(value)))
    return repr(round(value, 6))


def _param_change(params: list[Mention], numbers, lexicon: Lexicon, lang: str, problems: list[str]) -> str | None:
    if not params:
        names = ", ".join(lexicon.params)
        problems.append(say("whatif_problem.which_threshold", lang, names=names))
        return None
    if not numbers:
        problems.append(say("whatif_problem.threshold_value", lang))
        return None
    name = params[0].value
    value, unit_word, _ = numbers[0]
    current = lexicon.param_values.get(name)
    if unit_word in PERCENT or isinstance(current, (int, float)) and current <= 1 < value <= 100:
        value /= 100
    return f"params.{name}={repr(round(value, 6))}"


def _country_changes(text: str, lexicon: Lexicon, used: set[str], minerals: Sequence[str], lang: str,
                     problems: list[str]) -> list[str]:
    vocab = lexicon.vocab
    mentions = [c for c in lexicon.find_countries(text) if c.value not in used]
    if not mentions:
        return []
    lowered = text.lower()
    masked = _blank(lowered, mentions)
    plain = re.sub(r"\s+", " ", _blank(masked, lexicon.find_minerals(text)))
    if any(p.search(masked) or p.search(plain) or p.search(plain.replace(" ", "")) for p in vocab.export_words):
        return _export_changes(mentions, masked, lexicon, minerals, lang, problems)
    if any(p.search(lowered) for p in vocab.risk_words):
        levels = vocab.spans(vocab.risk_levels, masked)
        if levels:
            return [f"countries.{c.value}.nationalism_risk={_nearest(c, levels)}" for c in mentions]
    alignments = vocab.spans(vocab.alignments, masked)
    if not alignments:
        names = ", ".join(c.value for c in mentions)
        problems.append(say("whatif_problem.which_change", lang, names=names))
        return []
    return [f"countries.{c.value}.alignment={_nearest(c, alignments)}" for c in mentions]


def _nearest(country: Mention, spans: list[tuple[str, int, int]]) -> str:
    """The alignment or risk word after the country (or the last one before it)."""
    after = [s for s in spans if s[1] >= country.end]
    return (after[0] if after else spans[-1])[0]


def _blank(text: str, mentions: list[Mention]) -> str:
    chars = list(text)
    for m in mentions:
        chars[m.start:m.end] = [" "] * (m.end - m.start)
    return "".join(chars)


def _export_changes(mentions: list[Mention], text: str, lexicon: Lexicon, minerals: Sequence[str], lang: str,
                    problems: list[str]) -> list[str]:
    """A country starts (or stops) restricting exports of a mineral: its whole list, changed."""
    if not minerals:
        problems.append(say("whatif_problem.which_exports", lang))
        return []
    lift = any(p.search(text) for p in lexicon.vocab.lift_words)
    out = []
    for mention in mentions:
        country = lexicon.country_facts[mention.value]
        current = [str(f.value) for f in country.export_restrictions]
        changed = [m for m in current if m != minerals[0]] if lift else list(dict.fromkeys([*current, minerals[0]]))
        out.append(f"countries.{mention.value}.export_restrictions={','.join(changed)}")
    return out
