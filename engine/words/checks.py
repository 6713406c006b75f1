"""Words for the fidelity checks: tier stability and the cross-check against independent
assessments (``critmin score --stability``, ``critmin crosscheck``), in English and Chinese."""

from __future__ import annotations

from typing import Any

VARY_WORDS = {"facts": "facts", "params": "parameters", "both": "facts and parameters"}  # what a sweep varies

ASSESSMENT_LABELS = {
    "en": {"report": "the report", "usgs_2025": "USGS 2025", "doe_2023": "DOE 2023", "eu_2023": "EU 2023"},
    "zh": {"report": "报告", "usgs_2025": "美国地质调查局2025", "doe_2023": "美国能源部2023", "eu_2023": "欧盟2023"},
}

RATING_LABELS = {
    "en": {"highest_impact": "highest impact", "critical": "critical", "not_listed": "not listed",
           "near_critical": "near-critical", "not_critical": "not critical", "strategic": "strategic"},
    "zh": {"highest_impact": "经济冲击最大", "critical": "关键", "not_listed": "未列入",
           "near_critical": "接近关键", "not_critical": "非关键", "strategic": "战略性"},
}

CHECK_PHRASES: dict[str, dict[str, str]] = {
    "stability_header": {
        "en": "stable: share of {samples:,} sweep samples (seed {seed}; {vary} varied within their ranges) "
              "that keep each tier; below {fragile:.0%} the tier is fragile",
        "zh": "稳定性：{samples:,} 个抽样情景（随机种子 {seed}，变动{vary}）中保持该优先级的比例；"
              "低于 {fragile:.0%} 为不稳定"},
    "not_recorded": {"en": "not recorded", "zh": "未记录"},
    "no_disagreement": {"en": "No disagreements: every recorded rating allows critmin's tier.",
                        "zh": "没有分歧：所有已记录的评级都与 critmin 的优先级相容。"},
    "disagreements": {"en": "{count} mineral(s) where critmin's tier is outside what a rating allows.",
                      "zh": "{count} 种矿产的 critmin 优先级超出了某项评级允许的范围。"},
    "unrecorded_assessment": {"en": "{label}: no rating recorded. {note}", "zh": "{label}：未记录评级。{note}"},
}


def check_phrase(key: str, lang: str = "en", **values: Any) -> str:
    return CHECK_PHRASES[key][lang].format(**values)


def assessment_label(assessment: str, lang: str = "en") -> str:
    return ASSESSMENT_LABELS[lang].get(assessment, assessment)


def rating_label(rating: str | None, lang: str = "en") -> str:
    if rating is None:
        return check_phrase("not_recorded", lang)
    return RATING_LABELS[lang].get(rating, rating)
