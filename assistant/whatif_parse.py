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
from critmin.concepts import MAX_MAGNITUDE
from critmin.words.labels import localized
from critmin.words.phrases import say

SPACE = " \u00a0\u202f"  # thousands may be grouped by spaces: 100 000, 100\u202f000
NUMBER = re.compile(
    r"(?<![0-9A-Za-z.,])([-\u2212]?)(\d{1,3}(?:,\d{3})+(?![0-9])|\d{1,3}(?:[" + SPACE + r"]\d{3})+(?![0-9])|\d+)"
    r"(\.\d+)?([eE][+-]?\d+)?\s*"
    r"(%|percent|per cent|pct|kt|mt|k(?![a-z])|thousand|million|billion|bn|kg|kilograms?|"
    r"tonnes?(?![a-z])|tons?(?![a-z])|t(?![a-z])|"
    r"万吨|万|亿吨|亿|千吨|吨|倍)?", re.IGNORECASE)
SCALE = {"kt": 1e3, "k": 1e3, "thousand": 1e3, "千吨": 1e3, "mt": 1e6, "million": 1e6, "billion": 1e9,
         "bn": 1e9, "kg": 1e-3, "kilogram": 1e-3, "kilograms": 1e-3,
         "万": 1e4, "万吨": 1e4, "亿": 1e8, "亿吨": 1e8}
FRACTION = re.compile(r"\d\s*/\s*\d")  # "1/2 of demand": of what, exactly? refused
POWER = re.compile(r"\d\s*(?:\^|\*\*)\s*[-+]?\d|[×xX*]\s*10\s*(?:\^|\*\*|[⁰¹²³⁴⁵⁶⁷⁸⁹])")  # 1.5×10^5
# Words after a number that look like a unit or scale but are not read as one (mega? million?
# pounds?): the number is refused rather than taken as tonnes.
OTHER_UNIT = re.compile(r"\s*(m|mn|mm|b|g|grams?|lbs?|pounds?|oz|ounces?|tn|trillions?|"
                        r"short tons?|long tons?|megatonnes?|gigatonnes?|gt)\b", re.IGNORECASE)
STRAY = re.compile(r"[,.]\d")  # right after a number: "1,5", "100,000,00", "1.000.000"
PERCENT = ("%", "percent", "per cent", "pct")
BOUND = re.compile(r"\b(more|less|fewer) than\b|\bat (least|most)\b|\bup to\b|至少|最多|不超过|超过", re.IGNORECASE)
MORE = re.compile(r"\b(more|higher|greater|larger|extra|additional)\b", re.IGNORECASE)
LESS = re.compile(r"\b(less|lower|fewer|smaller)\b", re.IGNORECASE)
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
    unclear = number_problems(text, lang)
    if unclear:  # never guess at a number: say what to write instead
        return [], unclear
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


def number_problems(text: str, lang: str) -> list[str]:
    """Why a number in ``text`` cannot be read with certainty (empty when every one can)."""
    fraction = FRACTION.search(text)
    if fraction:
        return [_unclear(f"分数“{fraction.group(0)}”", f"the fraction '{fraction.group(0)}'", lang)]
    power = POWER.search(text)
    if power:
        return [_unclear(f"“{power.group(0)}”", f"'{power.group(0)}'", lang)]
    for m in NUMBER.finditer(text):
        unit = m.group(5) or ""
        other = None if unit else OTHER_UNIT.match(text, m.end())
        if other:
            return [f"数字后的“{other.group(1)}”不是能识别的单位；请用 t、千吨、万吨、百万吨（Mt）或 kg。"
                    if lang == "zh" else f"'{other.group(1)}' after {m.group(0).strip()} is not a unit I read; "
                    "write t, kt, Mt, thousand, million, billion or kg."]
        stray = STRAY.match(text, m.end(3) if m.group(3) else m.end(2))
        if stray and not m.group(4):
            shown = text[m.start():stray.end()] + re.match(r"\d*", text[stray.end():]).group(0)
            return [_unclear(f"“{shown}”", f"'{shown}'", lang)]
        if unit.lower() == "mt" and unit != "Mt":
            return ["“MT”既可指公吨也可指百万吨；请写 t（吨）或 Mt（百万吨）。" if lang == "zh" else
                    f"'{unit}' can mean metric tons or million tonnes; write t (tonnes) or Mt (million tonnes)."]
        value = _value_of(m)
        if value is not None and abs(value) > MAX_MAGNITUDE:
            return [f"{m.group(0).strip()} 超出了支持的最大量级（{MAX_MAGNITUDE:g}）。" if lang == "zh" else
                    f"{m.group(0).strip()} is beyond the largest supported magnitude ({MAX_MAGNITUDE:g})."]
    return []


def _unclear(zh: str, en: str, lang: str) -> str:
    return (f"我不能确定如何理解{zh}；请写出数值，如 100,000 吨、0.2 百万吨，或“增加 20%”。" if lang == "zh" else
            f"I cannot be sure how to read {en}; write the figure, e.g. 100,000 t, 1.5 kt or 0.2 Mt, "
            "or a change such as 'rose by 20%'.")


def _value_of(m: re.Match) -> float | None:
    """The number a NUMBER match stands for, scaled by its unit word (None if unreadable)."""
    sign, digits, decimals, exponent = m.group(1), m.group(2), m.group(3) or "", m.group(4) or ""
    plain = "".join(c for c in digits if c not in "," + SPACE)
    try:
        value = float(("-" if sign else "") + plain + decimals + exponent)
    except (ValueError, OverflowError):
        return None
    if value != value or abs(value) == float("inf"):
        return float("inf")
    return value * SCALE.get((m.group(5) or "").lower(), 1.0)


def _numbers(text: str) -> list[tuple[float, str, int]]:
    """(value, unit, position) of each number that is not a year."""
    out = []
    for m in NUMBER.finditer(text):
        digits, unit = m.group(2), (m.group(5) or "").lower()
        value = _value_of(m)
        if value is None:
            continue
        after = text[m.end():m.end() + 1]
        plain = not (unit or m.group(1) or m.group(3) or m.group(4)) and digits.isdigit()
        if plain and 1900 <= value <= 2100:
            continue  # a year
        if after == "年":
            continue
        out.append((value, unit, m.start()))
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
    if numbers and BOUND.search(lowered):
        problems.append("“至少”“最多”之类是范围，不是数值；请给出一个数。" if lang == "zh" else
                        "'more than', 'at least', 'up to' give a bound, not a value; give the figure itself.")
        return None, set()
    direction = None if factor is not None else _direction(lowered, vocab.relative)
    value = _value(numbers, factor, unit, mineral.get(key), lang, problems, mineral.name, direction)
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


def _direction(lowered: str, relative) -> str | None:
    """"rise" or "fall" for a change by an amount ("rose by 10,000 t", "10 kt more"), or None."""
    for name in ("rise", "fall"):
        patterns, _factor = relative.get(name, ((), None))
        if any(p.search(lowered) for p in patterns):
            return name
    return "rise" if MORE.search(lowered) else "fall" if LESS.search(lowered) else None


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


def _value(numbers, factor, unit: str, current, lang: str, problems: list[str], name: str,
           direction: str | None = None) -> float | None:
    if factor is not None and (not numbers or numbers[0][1] in PERCENT or numbers[0][1] == "倍"):
        if current is None:
            problems.append(say("whatif_problem.no_value", lang, name=name))
            return None
        changed = current * factor
        return float(round(changed)) if unit == "t" else changed  # a change in whole tonnes
    value, unit_word, _ = numbers[0]
    if direction is not None and unit_word not in PERCENT:  # a change by an amount, not to it
        if unit == "share":
            problems.append("份额的增减请说“降到40%”或“下降10%”。" if lang == "zh" else
                            "Say what the share becomes ('fell to 40%') or by what percentage it changes "
                            "('fell by 10%').")
            return None
        if current is None:
            problems.append(f"{name}没有这项数据，无法增减。" if lang == "zh" else
                            f"{name} has no current value for that figure to change by an amount.")
            return None
        return current + value if direction == "rise" else current - value
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
    """The override value: whole tonnes as an integer, anything else to six decimals (never
    rounded to a whole tonne: 1.5 t stays 1.5 t)."""
    value = round(value, 6)
    if unit == "t" and value == int(value):
        return str(int(value))
    return repr(value)


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
