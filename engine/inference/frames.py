"""pandas forms of scoring results, with the conventions every critmin frame shares.

- ``tier`` (and ``report_tier``) is an ordered categorical, ``unrated < low < medium < high <
  very_high`` (the order of :data:`critmin.concepts.TIER_RANK`): sorting puts the highest tier
  last (first with ``ascending=False``), and ``frame.tier >= "high"`` works. A mineral the
  report does not grade has a missing ``report_tier``.
- List-valued columns (``levers``, ``partners``, ``signals``) hold tuples of ids, in the
  order the assessment lists them (signals sorted): tuples are hashable, so ``value_counts``,
  ``groupby`` and ``drop_duplicates`` work on them, and ``explode`` gives one row per item.

:func:`critmin.evaluate_scenarios` (the column-wise path) follows the same conventions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from critmin.concepts import TIER_OF_RANK

if TYPE_CHECKING:
    import pandas as pd

    from critmin.inference.results import Assessment

TUPLE_COLUMNS = ("levers", "partners", "signals")


def tier_dtype() -> pd.CategoricalDtype:
    """The ordered categorical type of a tier column: unrated < low < medium < high < very_high."""
    import pandas as pd  # pandas: only when a frame is asked for

    return pd.CategoricalDtype([TIER_OF_RANK[rank] for rank in sorted(TIER_OF_RANK)], ordered=True)


def results_frame(assessments: Sequence[Assessment]) -> pd.DataFrame:
    """One row per mineral, indexed by id in rank order: name, tier, score, report_tier, basis,
    levers, partners, signals, then every indicator."""
    import pandas as pd  # pandas: only when a frame is asked for

    rows = []
    for a in assessments:
        row = {"mineral": a.mineral, "name": a.name, "tier": a.tier, "score": a.score,
               "report_tier": a.report_tier, "basis": a.basis, "levers": tuple(a.lever_ids),
               "partners": tuple(a.partners), "signals": tuple(a.signals)}
        row.update({n: i.value for n, i in a.indicators.items()})
        rows.append(row)
    columns = ["mineral", "name", "tier", "score", "report_tier", "basis", *TUPLE_COLUMNS]
    frame = pd.DataFrame(rows, columns=None if rows else columns)
    return frame.astype({"tier": tier_dtype(), "report_tier": tier_dtype()}).set_index("mineral")
