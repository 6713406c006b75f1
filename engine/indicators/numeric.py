"""Arithmetic that gives the same numbers on Python scalars and on numpy arrays.

Indicator formulas, the rule language's arithmetic and the scoring of a rule set run are
written once with these helpers and run two ways: per mineral on Python numbers (``None`` =
unknown), as the traced path does, and column-wise over many scenarios on float arrays
(``NaN`` = unknown), as sweeps do. Every helper does the same IEEE operations in the same
order on both, so both paths agree to the last bit.

The array half also reproduces Python's own ``round(x, digits)`` exactly (numpy's
``round`` differs near ties), and the comparison grid (:func:`quantise`, in millionths).
numpy is imported only when an array is actually seen, so the traced path never loads it.
"""

from __future__ import annotations

import math
import sys
from collections.abc import Iterable
from typing import Any

from critmin.concepts import RESOLUTION


def is_array(*values: Any) -> bool:
    """True when any value is a numpy array (without importing numpy)."""
    np = sys.modules.get("numpy")
    if np is None:
        return False
    for value in values:  # a plain loop: this runs for every scalar operation of the traced path
        if isinstance(value, np.ndarray):
            return True
    return False


def difference(a: Any, b: Any) -> Any:
    """a − b; unknown when either is."""
    if is_array(a, b):
        return a - b
    return None if a is None or b is None else a - b


def at_least_zero(x: Any) -> Any:
    """max(0, x); unknown stays unknown."""
    if is_array(x):
        import numpy as np  # numpy: arrays only; the traced path never loads it
        return np.where(np.isnan(x), np.nan, np.where(x > 0.0, x, 0.0))
    return None if x is None else max(0.0, x)


def ratio(num: Any, den: Any) -> Any:
    """num / den; unknown when either is unknown, den is zero or the result overflows
    (a denominator like 5e-324 t)."""
    if is_array(num, den):
        import numpy as np  # numpy: arrays only; the traced path never loads it
        num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
        out = np.full(np.broadcast(num, den).shape, np.nan)
        ok = (den != 0) & ~np.isnan(num) & ~np.isnan(den)
        with np.errstate(over="ignore"):
            np.divide(num, den, out=out, where=ok)
        out[~np.isfinite(out)] = np.nan
        return out
    if num is None or den is None or den == 0:
        return None
    result = num / den
    return result if math.isfinite(result) else None


def pick(flag: Any, value: Any, other: Any) -> Any:
    """``value`` where ``flag`` holds, else ``other`` (element-wise on arrays)."""
    if is_array(flag, value, other):
        import numpy as np  # numpy: arrays only; the traced path never loads it
        return np.where(flag, value, other)
    return value if flag else other


def zero_if_unknown(x: Any) -> Any:
    """x, or 0.0 where it is unknown."""
    if is_array(x):
        import numpy as np  # only for arrays: the traced path never loads numpy
        return np.where(np.isnan(x), 0.0, x)
    return 0.0 if x is None else x


def sum_where(pairs: Iterable[tuple[Any, Any]]) -> Any:
    """Σ value over (value, flag) pairs where the flag holds and the value is known, taken
    left to right from 0 (a value that is unknown, or whose flag does not hold, adds nothing).

    On arrays each term is the value times its flag (an unknown value first made finite,
    so that it adds ±0.0); adding ±0.0 leaves the sum as it was, since it starts at +0.0."""
    pairs = list(pairs)
    if not any(is_array(value, flag) for value, flag in pairs):
        result: Any = 0
        for value, flag in pairs:
            result = result + (value if flag and value is not None else 0.0)
        return result
    import numpy as np  # numpy: arrays only; the traced path never loads it

    shape = np.broadcast_shapes(*(np.shape(v) for pair in pairs for v in pair))
    result, term = np.zeros(shape), np.empty(shape)
    for value, flag in pairs:
        if is_array(value) and np.ndim(value):  # a value where known and flagged, else ±0.0
            adds = np.logical_and(flag, np.equal(value, value))
            np.fmax(value, -sys.float_info.max, out=term)  # NaN → finite, so that × 0 is 0
            np.multiply(term, adds, out=term)
        elif value is not None and value == value:
            np.multiply(np.broadcast_to(flag, shape), float(value), out=term)
        else:
            continue
        np.add(result, term, out=result)
    return result


def clamp(x: Any, low: float, high: float) -> Any:
    """x limited to [low, high], as ``min(high, max(low, x))`` decides it (NaN → low)."""
    x = pick(x > low, x, low)
    return pick(x < high, x, high)


def rounded(x: Any, digits: int) -> Any:
    """``round(x, digits)`` as a float; unknown stays unknown."""
    if is_array(x):
        return round_like_python(x, digits)
    return None if x is None else round(float(x), digits)


def quantise(x: float) -> int:
    """A number on the comparison grid: a whole number of millionths (rounded half to even),
    as the rule engine compares it. Arrays: :func:`quantise_array`."""
    return int(round(x * RESOLUTION))


def first_known(a: Any, b: Any) -> Any:
    """``a`` where it is known, else ``b`` (element-wise on arrays)."""
    if is_array(a, b):
        import numpy as np  # numpy: arrays only; the traced path never loads it
        a, b = (np.asarray(np.nan if v is None else v, dtype=float) for v in (a, b))
        return np.where(np.isnan(a), b, a)
    return b if a is None else a


def as_number(flag: Any) -> Any:
    """A yes/no fact as 1.0 / 0.0 (arrays are already numbers); unknown stays unknown."""
    if flag is None or is_array(flag):
        return flag
    return 1.0 if flag else 0.0


def total(values: Iterable[Any]) -> Any:
    """Left-to-right sum starting from 0.

    Deliberately not the builtin ``sum``: from Python 3.12 it compensates rounding for
    floats, which a column-wise sum would not; this order is the definition both use.
    """
    result: Any = 0
    for value in values:
        result = result + value
    return result


# ---------------------------------------------------------------- arrays only

def round_like_python(x: Any, digits: int) -> Any:
    """Element-wise ``round(v, digits)`` with Python's exact result (NaN stays NaN).

    Python rounds the exact binary value half to even, then converts the decimal back to
    the nearest float. ``rint(v · 10^d) / 10^d`` gives that same float unless the rounding
    of ``v · 10^d`` itself may have crossed a tie: only values whose product lies within
    its rounding error (at most 2⁻⁵³ of the largest product in the array) of a half, or at
    2⁵² or beyond, are redone exactly by :func:`_exact_round`. Most arrays have none, and
    are done in a few passes without a temporary per step.
    """
    import numpy as np  # numpy: arrays only; the traced path never loads it

    x = np.asarray(x, dtype=float)
    if x.ndim == 0:
        return round_like_python(x.reshape(1), digits).reshape(())
    scale = 10.0 ** digits
    with np.errstate(all="ignore"):
        high = x * scale
        out = np.rint(high)
        distance = np.subtract(high, out)  # to the nearest whole number, within ±½
        np.abs(distance, out=distance)
        largest = max(np.fmax.reduce(high, axis=None, initial=-np.inf),
                      -np.fmin.reduce(high, axis=None, initial=np.inf)) if high.size else 0.0
        margin = 0.5 - largest * 2.5e-16  # |fl(v·10^d) − v·10^d| ≤ 2⁻⁵³·|v·10^d|
        np.divide(out, scale, out=out)
        if not (np.fmax.reduce(distance, axis=None, initial=0.0) >= margin or largest >= 2.0 ** 52):
            return out
        risky = (distance >= margin) | (np.abs(high) >= 2.0 ** 52)
    risky &= ~np.isnan(x)
    if risky.any():
        out[risky] = _exact_round(x[risky], digits)
    return out


def _exact_round(x: Any, digits: int) -> Any:
    """Python's ``round`` decided on the exact product ``v · 10^d`` (a sum of two floats).

    Values whose float spacing exceeds twice ``10^-d`` come back unchanged (as in Python);
    the few between that and 2^52 are rounded by Python itself.
    """
    import numpy as np  # numpy: arrays only; the traced path never loads it

    scale = 10.0 ** digits
    with np.errstate(all="ignore"):
        high = x * scale
        low = _product_error(x, scale, high)
        whole = np.rint(high)
        rest = high - whole  # exact, within [-0.5, 0.5]
        side = np.sign(rest)
        beyond, margin = side * low, 0.5 - np.abs(rest)
        away = (beyond > margin) | ((beyond == margin) & (side != 0) & (np.fmod(whole, 2) != 0))
        out = (whole + np.where(away, side, 0.0)) / scale
        unchanged = np.spacing(np.abs(x)) > 2 / scale
    out = np.where(unchanged, x, out)
    fallback = ~unchanged & ~(np.abs(high) < 2.0 ** 52)
    if fallback.any():
        out[fallback] = [round(float(v), digits) for v in x[fallback]]
    return out


def _product_error(a: Any, b: float, product: Any) -> Any:
    """The exact rounding error of ``a * b`` (Dekker's two-product, without FMA)."""
    split = 134217729.0  # 2^27 + 1
    t = split * a
    a_high = t - (t - a)
    a_low = a - a_high
    t = split * b
    b_high = t - (t - b)
    b_low = b - b_high
    return ((a_high * b_high - product) + a_high * b_low + a_low * b_high) + a_low * b_low


def quantise_array(x: Any) -> Any:
    """Element-wise :func:`quantise` as floats, also for a Python number (NaN stays NaN).

    ``int(round(v · 10^6))`` rounds half to even like ``rint``; keeping the integers as
    floats compares exactly the same way, also beyond 2^53 where both are the same float.
    """
    import numpy as np  # numpy: arrays only; the traced path never loads it

    with np.errstate(all="ignore"):
        return np.rint(np.asarray(x, dtype=float) * RESOLUTION)
