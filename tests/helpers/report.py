"""What the report itself concludes: the ten tiers every scoring must reproduce."""

from __future__ import annotations

REPORT_TIERS = {
    "nickel": "very_high", "cobalt": "very_high",
    "graphite": "high", "lithium": "high", "manganese": "high", "silver": "high",
    "copper": "medium",
    "molybdenum": "low", "zinc": "low", "aluminum": "low",
}
