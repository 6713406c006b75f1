"""The report's Table 5 identities: each 2035 US total is the sum of two parts.

supply 2035 = current production + projected addition by 2035;
demand 2035 = current consumption + the grid-and-manufacturing addition by 2035.
Validation checks them, overrides recompute a total when a part changes, sweeps draw the
parts and recompute the totals, and the USGS importer keeps derived totals in step.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Identity:
    """``total = parts[0] + parts[1]``, with the parts' names for messages."""

    total: str
    parts: tuple[str, str]
    names: tuple[str, str]


IDENTITIES = (
    Identity("us.supply_2035_t", ("us.production_t", "us.projected_addition_2035_t"),
             ("production", "projected addition")),
    Identity("us.demand_2035_t", ("us.consumption_t", "us.grid_mfg_addition_2035_t"),
             ("consumption", "grid + manufacturing addition")),
)
TOTALS = {identity.total: identity.parts for identity in IDENTITIES}  # total key → its two parts
