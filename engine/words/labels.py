"""Words for explanations in English and Chinese: labels, value formatting, phrases.

Explanations are built from the trace and rendered here; nothing in this module is
written per mineral. Labels cover the fixed catalogues (tiers, levers, indicators, fact
keys); anything not in them (a new indicator, a signal) is shown by its name, so new rules
still render. Tier names in Chinese are the report's: 低 / 中 / 高 / 很高.
"""

from __future__ import annotations

from typing import Any

from critmin.concepts import TIERS
from critmin.errors import UsageError

LANGS = ("en", "zh")  # every phrase exists in both

TIER_LABELS = {
    "en": {"very_high": "very high", "high": "high", "medium": "medium", "low": "low",
           "unrated": "unrated"},
    "zh": {"very_high": "很高", "high": "高", "medium": "中", "low": "低", "unrated": "未评级"},
}

LEVER_LABELS = {
    "en": {"tariff": "tariffs / import limits (Section 232)", "price_floor": "price floor",
           "stockpile": "strategic stockpile", "ally_sourcing": "sourcing from allies and partners",
           "domestic_production": "domestic production support", "recycling": "recycling"},
    "zh": {"tariff": "关税/进口限制（232条款）", "price_floor": "价格下限", "stockpile": "战略储备",
           "ally_sourcing": "盟友与伙伴采购", "domestic_production": "国内生产支持", "recycling": "回收利用"},
}

# indicator → (display unit, English label, Chinese label)
INDICATOR_WORDS: dict[str, tuple[str, str, str]] = {
    "shortfall_2035": ("share", "2035 US shortfall (share of demand)", "2035年美国供给缺口（占需求）"),
    "self_sufficiency": ("share", "2035 US self-sufficiency (supply ÷ demand)", "2035年美国自给率"),
    "domestic_pipeline": ("share", "new US supply by 2035 (share of 2035 demand)",
                          "2035年前美国新增供给（占2035年需求）"),
    "demand_growth": ("multiple", "2035 US demand ÷ current consumption", "2035年美国需求/当前消费"),
    "top1_share": ("share", "largest producer's share of world output", "最大生产国产量份额"),
    "top1_country": ("text", "largest producer", "最大生产国"),
    "top3_share": ("share", "top-3 producers' share", "前三大生产国份额"),
    "hhi": ("index", "producer concentration (HHI)", "生产集中度（HHI）"),
    "ally_share": ("share", "share of output from allies", "盟友产量份额"),
    "adversary_share": ("share", "share of output from adversaries", "对手国产量份额"),
    "nationalism_exposure": ("share", "share of output from high-risk (resource nationalism) countries",
                             "高资源民族主义风险国家产量份额"),
    "export_restrictions": ("count", "countries restricting exports", "限制出口的国家数"),
    "china_processing_share": ("share", "China's share of processing", "中国加工份额"),
    "china_processing_2035": ("share", "China's share of processing projected for 2035", "2035年中国加工份额（预测）"),
    "low_risk_cover": ("multiple", "low-risk producers' output ÷ US import need", "低风险生产国产量/美国进口需求"),
    "reserve_years": ("number", "US reserves in years of today's consumption", "美国储量可满足当前消费的年数"),
    "current_shortfall": ("share", "today's US shortfall (share of consumption)", "当前美国供给缺口（占消费）"),
    "demand_uncertainty": ("number", "future demand called uncertain (1 = yes)", "未来需求不确定（1 = 是）"),
    "net_import_reliance": ("share", "US net import reliance", "美国净进口依赖度"),
    "iea_growth_2040": ("multiple", "IEA demand multiple 2024→2040", "IEA 2024→2040年需求倍数"),
    "supply_2035_t": ("t", "US supply in 2035", "2035年美国供给"),
    "demand_2035_t": ("t", "US demand in 2035", "2035年美国需求"),
    "consumption_t": ("t", "current US consumption", "美国当前消费"),
    "production_t": ("t", "current US production", "美国当前产量"),
}

FACT_WORDS: dict[str, tuple[str, str]] = {
    "us.production_t": ("US production", "美国当前产量"),
    "us.projected_addition_2035_t": ("US supply added by 2035", "2035年前美国新增供给"),
    "us.supply_2035_t": ("US supply in 2035", "2035年美国供给"),
    "us.consumption_t": ("US consumption", "美国当前消费"),
    "us.grid_mfg_addition_2035_t": ("extra 2035 demand (grid + manufacturing)", "2035年新增需求（电网+制造）"),
    "us.demand_2035_t": ("US demand in 2035", "2035年美国需求"),
    "us.report_import_ratio": ("the report's import-dependence ratio", "报告的进口依赖比"),
    "us.net_import_reliance": ("US net import reliance", "美国净进口依赖度"),
    "us.secondary_production_t": ("US secondary (recycled) production", "美国再生产量"),
    "world.production_t": ("world mine production", "全球矿产量"),
    "world.reserves_t": ("world reserves", "全球储量"),
    "processing.china_share": ("China's share of processing", "中国加工份额"),
    "processing.china_share_2035": ("China's share of processing in 2035 (projected)", "2035年中国加工份额（预测）"),
    "us.reserves_t": ("US reserves", "美国储量"),
    "us.named_projects": ("projects the report names", "报告提到的项目"),
    "world.nationalism_exposure": ("share of world output from high-risk countries", "高风险国家产量份额"),
    "demand_uncertain": ("future demand uncertain", "未来需求不确定"),
    "assessments.usgs_2025": ("USGS 2025 rating", "美国地质调查局2025年评级"),
    "assessments.doe_2023": ("DOE 2023 rating", "美国能源部2023年评级"),
    "assessments.eu_2023": ("EU 2023 rating", "欧盟2023年评级"),
    "demand_growth_2040": ("IEA demand multiple 2024→2040", "IEA 2024→2040年需求倍数"),
    "partners.allies": ("allies (Table 6)", "盟友（表6）"),
    "partners.emerging": ("emerging partners (Table 6)", "新兴与发展中伙伴（表6）"),
    "report_tier": ("the report's tier", "报告给出的优先级"),
}

ALIGNMENT_LABELS = {"en": {"ally": "ally", "partner": "partner", "neutral": "neutral",
                           "adversary": "adversary"},
                    "zh": {"ally": "盟友", "partner": "伙伴", "neutral": "中立", "adversary": "对手"}}
RISK_LABELS = {"en": {"low": "low", "medium": "medium", "high": "high", "extreme": "extreme"},
               "zh": {"low": "低", "medium": "中", "high": "高", "extreme": "极高"}}
SYMBOLS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "==": "=", "!=": "≠"}


def tier_label(tier: str, lang: str = "en") -> str:
    return TIER_LABELS[lang].get(tier, tier)


def tier_with_id(tier: str, lang: str = "en") -> str:
    """``very high (very_high)`` / ``很高（very_high）``: readable, and greppable by id."""
    label = tier_label(tier, lang)
    return f"{label}（{tier}）" if lang == "zh" else f"{label} ({tier})"


def parse_tier(text: str) -> str:
    """A tier from what a person types: very_high, 'very high', very-high, 很高 / 高 / 中 / 低."""
    key = "_".join(text.strip().lower().replace("-", " ").split())
    reverse = {label: tier for labels in TIER_LABELS.values() for tier, label in labels.items()}
    key = reverse.get(text.strip(), reverse.get(key.replace("_", " "), key))
    if key not in TIERS:
        raise UsageError(f"'{text}' is not a tier; expected one of {', '.join(TIERS)}")
    return key


def lever_label(lever: str, lang: str = "en") -> str:
    return LEVER_LABELS[lang].get(lever, lever.replace("_", " "))


def indicator_unit(name: str) -> str:
    return INDICATOR_WORDS.get(name, ("number", "", ""))[0]


def indicator_label(name: str, lang: str = "en") -> str:
    words = INDICATOR_WORDS.get(name)
    if words is None:
        return name.replace("_", " ")
    return words[2] if lang == "zh" else words[1]


def fact_label(key: str, lang: str = "en") -> str:
    """A readable name for a fact key (``producers.Indonesia`` → Indonesia's share of output)."""
    if key in FACT_WORDS:
        return FACT_WORDS[key][1 if lang == "zh" else 0]
    head, _, rest = key.partition(".")
    if head == "producers":
        return f"{rest}产量份额" if lang == "zh" else f"{rest}'s share of world output"
    if head == "reserves":
        return f"{rest}储量份额" if lang == "zh" else f"{rest}'s share of world reserves"
    if head == "countries":
        country, _, field = rest.rpartition(".")
        if field.startswith("export_restrictions"):
            return f"{country}出口限制" if lang == "zh" else f"{country}'s export restriction"
        what = {"alignment": ("alignment", "阵营"), "nationalism_risk": ("resource-nationalism risk",
                                                                       "资源民族主义风险")}
        en, zh = what.get(field, (field, field))
        return f"{country}的{zh}" if lang == "zh" else f"{country}'s {en}"
    return key


def unit_of_fact(unit: str | None) -> str:
    return {"t": "t", "share": "share", "multiple": "multiple", "ratio": "ratio"}.get(unit or "", "text")


def fmt(value: Any, unit: str = "number", lang: str = "en") -> str:
    """Format a value for its unit: shares as %, tonnes with separators, multiples as ×."""
    if value is None:
        return "未知" if lang == "zh" else "unknown"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (list, tuple)):
        return ("、" if lang == "zh" else ", ").join(str(v) for v in value) or "-"
    if isinstance(value, str):
        if unit == "alignment":
            return ALIGNMENT_LABELS[lang].get(value, value)
        if unit == "risk":
            return RISK_LABELS[lang].get(value, value)
        if unit == "tier":
            return tier_label(value, lang)
        return value
    if unit == "share":
        return f"{_trim(f'{value * 100:.2f}')}%"
    if unit == "t":
        return f"{value:,.0f} t" if abs(value) >= 1 or value == 0 else f"{value:g} t"
    if unit == "multiple":
        return f"×{_trim(f'{value:.2f}')}"
    if unit == "count":
        return f"{value:.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return _trim(f"{value:.4f}")


def _trim(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


PHRASES: dict[str, dict[str, str]] = {
    "headline": {"en": "{name} ({symbol}, {name_zh}): tier {tier}, score {score:.1f}/100{report}.",
                 "zh": "{name_zh}（{symbol}，{name}）：优先级{tier}，得分 {score:.1f}/100{report}。"},
    "report_same": {"en": " — the report also says {tier}", "zh": "，与报告一致（{tier}）"},
    "report_differs": {"en": " — the report says {tier}", "zh": "，报告为{tier}"},
    "report_none": {"en": " — the report gives no tier; this is the model's result",
                    "zh": "，报告未评级，此为模型结果"},
    "concluded": {"en": "Why: rule {rule} concluded {tier} — {because}",
                  "zh": "原因：规则 {rule} 得出{tier}。"},
    "tier_rule": {"en": "The tier is the highest tier any tier rule concludes.",
                  "zh": "优先级取所有触发的优先级规则中最高的一级。"},
    "unrated": {"en": "No tier rule fired, so {name} is unrated.",
                "zh": "没有优先级规则触发，{name}未评级。"},
    "outranked": {"en": "Also matched, outranked by {tier}:", "zh": "同时满足但被{tier}取代的规则："},
    "levers": {"en": "Levers: {levers}.", "zh": "政策工具：{levers}。"},
    "no_levers": {"en": "Levers: none.", "zh": "政策工具：无。"},
    "sources": {"en": "Sources:", "zh": "来源："},
    "signal_by": {"en": "signal {signal} ← rule {rule}", "zh": "信号 {signal} ← 规则 {rule}"},
    "signal_absent": {"en": "signal {signal} was not concluded:", "zh": "信号 {signal} 未成立："},
    "param": {"en": "threshold params.{name} = {value}", "zh": "阈值 params.{name} = {value}"},
    "formula": {"en": "= {formula}", "zh": "= {formula}"},
    "fact_from": {"en": "[{source}: {ref}]", "zh": "［{source}：{ref}］"},
}


def say(key: str, lang: str = "en", **values: Any) -> str:
    return PHRASES[key][lang].format(**values)


def source_line(source_id: str, info: dict[str, Any] | None) -> str:
    """``report — publisher, title, date`` for the Sources section."""
    if not info:
        return f"{source_id}"
    parts = [info.get("publisher"), info.get("title"), info.get("date"),
             ("doi:" + info["doi"]) if info.get("doi") else None]
    return f"{source_id} — " + ", ".join(p for p in parts if p)
