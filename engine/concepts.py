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
KINDS = ("reported", "derived", "estimate", "assumption")

# ---------------------------------------------------------------- numbers
MAX_MAGNITUDE = 1e12  # tonnes and ratios stay far below; the engine counts in millionths
RESOLUTION = 1_000_000  # numbers are compared in millionths (0.1 + 0.2 == 0.3)
INDICATOR_DIGITS = 9  # indicator values are rounded to this many decimals
POINTS_DIGITS = 3  # each points rule's contribution
SCORE_DIGITS = 1  # the 0–100 score
SCORE_RANGE = (0.0, 100.0)
