"""The fixed concepts every layer shares, each defined once.

Tiers and their order, levers, country alignments and risk classes, the kinds of fact, and
the numeric conventions that make the traced path and the column-wise path agree: the
comparison grid, the rounding of points, scores and indicators, and the largest magnitude
a value may have.
"""

from __future__ import annotations

import re

# ---------------------------------------------------------------- tiers
TIERS = ("low", "medium", "high", "very_high")  # the report's four, lowest first
UNRATED = "unrated"  # no tier rule fired (or its inputs are unknown)
TIER_RANK = {UNRATED: 0, "low": 1, "medium": 2, "high": 3, "very_high": 4}
TIER_OF_RANK = {rank: tier for tier, rank in TIER_RANK.items()}
TIERS_HIGH_FIRST = ("very_high", "high", "medium", "low", UNRATED)  # display order

# ---------------------------------------------------------------- levers and partners
LEVERS = ("tariff", "price_floor", "stockpile", "ally_sourcing", "domestic_production", "recycling")
PARTNER_CHOICES = ("allies", "emerging", "all", "none")

# ---------------------------------------------------------------- countries
ALIGNMENTS = ("ally", "partner", "neutral", "adversary")
RISK_LEVELS = ("low", "medium", "high", "extreme")
HIGH_RISK = ("high", "extreme")  # resource-nationalism classes counted as exposure

# ---------------------------------------------------------------- names
IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*\Z")  # rule, signal, parameter and scenario names

# ---------------------------------------------------------------- facts
# reported: as the source prints it; derived: arithmetic on sourced values (in the note);
# estimate: a sourced figure carried forward or bounded (the method in the note);
# analyst: this project's judgement where no source gives the value (the reasoning in the note);
# assumption: a what-if value (an override or a scenario), never a shipped fact.
KINDS = ("reported", "derived", "estimate", "analyst", "assumption")
OVERRIDE_SOURCE = "override"  # the source id every overridden fact cites (kind assumption)

# ---------------------------------------------------------------- independent assessments
# How other bodies rate a mineral, and the critmin tiers each rating is compatible with: a tier
# outside them is a disagreement that `critmin crosscheck` lists. The mapping is this project's
# reading of each scale (an assessment of criticality, not of offshoring priority), so a rating
# that does not grade (USGS "critical": on the list) is compatible with every tier.
ASSESSMENTS = ("usgs_2025", "doe_2023", "eu_2023")
RATING_TIERS: dict[str, dict[str, tuple[str, ...]]] = {
    "usgs_2025": {"highest_impact": ("high", "very_high"), "critical": TIERS,
                  "not_listed": ("low", "medium")},
    "doe_2023": {"critical": ("high", "very_high"), "near_critical": ("medium", "high"),
                 "not_critical": ("low", "medium")},
    "eu_2023": {"strategic": ("high", "very_high"), "critical": ("medium", "high", "very_high"),
                "not_listed": ("low", "medium")},
}
RATINGS = tuple(dict.fromkeys(r for scale in RATING_TIERS.values() for r in scale))

# ---------------------------------------------------------------- tier stability
STABLE_SHARE = 0.8  # a tier kept in fewer sweep samples than this is called fragile

# ---------------------------------------------------------------- sweeps
VARY = ("facts", "params", "both")  # what a sweep draws within its documented ranges

# ---------------------------------------------------------------- numbers
MAX_MAGNITUDE = 1e12  # tonnes and ratios stay far below; the engine counts in millionths
RESOLUTION = 1_000_000  # numbers are compared in millionths (0.1 + 0.2 == 0.3)
INDICATOR_DIGITS = 9  # indicator values are rounded to this many decimals
POINTS_DIGITS = 3  # each points rule's contribution
SCORE_DIGITS = 1  # the 0–100 score
SCORE_RANGE = (0.0, 100.0)
