"""Running a plan (:mod:`critmin.fast.plan`) over a table's indicator columns, chunk by chunk.

Columns are laid out scenario-major, (scenarios, minerals), so that a chunk of scenarios is
one contiguous block of every column. A run walks the scenarios in chunks sized so that one
register's chunk holds about ``CHUNK_CELLS`` values; every register the plan does not return
lives in a scratch buffer that is reused once its last reader has run, so a chunk's working
set stays in the processor's cache and memory does not grow with the table. A parameter
that differs per scenario is one column broadcast over the minerals.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from critmin.fast.kernels import Context
from critmin.fast.plan import Bound, Plan

CHUNK_CELLS = 1 << 15  # values of one register per chunk (256 KiB of floats)


@dataclass
class Schedule:
    """A plan laid out for running: physical slots, and each operation as a call."""

    slots: int
    calls: list[Callable[[list], Any]]
    inputs: dict[str, int]  # indicator → slot
    bound: list[tuple[int, Bound]]  # (slot, what fills it)
    kept: dict[int, tuple[int, Any]]  # register → (slot, dtype)
    scratch: dict[int, Any]  # slot → dtype


def run_plan(plan: Plan, columns: dict[str, np.ndarray], params: dict[str, Any], codes: dict[str, int],
             minerals: int, size: int) -> dict[int, np.ndarray]:
    """Run ``plan``; ``columns`` are (size, minerals) arrays. Returns register → (size, minerals)
    array for every register the plan keeps (:meth:`Plan.kept`)."""
    schedule = _schedule(plan)
    ctx = Context(params, codes)
    bound = [(slot, _bound_value(b, ctx)) for slot, b in schedule.bound]
    results = {reg: np.empty((size, minerals), dtype=dtype) for reg, (_, dtype) in schedule.kept.items()}
    width = max(1, min(size, CHUNK_CELLS // max(minerals, 1)))
    buffers = {slot: np.empty(minerals * width, dtype=dtype) for slot, dtype in schedule.scratch.items()}
    registers: list[Any] = [None] * schedule.slots
    with np.errstate(all="ignore"):
        for start in range(0, size, width):
            stop = min(size, start + width)
            cells = minerals * (stop - start)
            for name, slot in schedule.inputs.items():
                registers[slot] = columns[name][start:stop]
            for slot, value in bound:
                registers[slot] = _per_chunk(value, start, stop)
            for reg, (slot, _) in schedule.kept.items():
                registers[slot] = results[reg][start:stop]
            for slot, buffer in buffers.items():
                registers[slot] = buffer[:cells].reshape(stop - start, minerals)
            for call in schedule.calls:
                call(registers)
    return results


def _per_chunk(value: Any, start: int, stop: int) -> Any:
    """A bound value for one chunk: a column of per-scenario values, broadcast over minerals."""
    if isinstance(value, tuple):
        return value[0], _per_chunk(value[1], start, stop)
    if isinstance(value, np.ndarray) and value.ndim == 1:
        return value[start:stop, None]
    return value


# ---------------------------------------------------------------- values bound per table

_BOUND: OrderedDict[tuple, tuple[Any, tuple]] = OrderedDict()
_BOUND_LOCK = threading.Lock()
MAX_BOUND = 512


def _bound_value(bound: Bound, ctx: Context) -> Any:
    """A bound value, remembered while the parameters it reads are the same objects (a sweep
    evaluates one chunk's draws many times over, each time putting back one input)."""
    read = tuple(ctx.params.get(name) for name in bound.reads)
    key = (id(bound), tuple(id(v) if isinstance(v, np.ndarray) else (type(v), v) for v in read),
           id(ctx.codes) if bound.text else None)
    with _BOUND_LOCK:
        found = _BOUND.get(key)
        if found is not None:
            _BOUND.move_to_end(key)
            return found[0]
    value = bound.compute(ctx)
    with _BOUND_LOCK:
        _BOUND[key] = (value, (bound, read, ctx.codes if bound.text else None))  # keeps the ids alive
        while len(_BOUND) > MAX_BOUND:
            _BOUND.popitem(last=False)
    return value


# ---------------------------------------------------------------- laying a plan out

_SCHEDULES: dict[int, tuple[Plan, Schedule]] = {}


def _schedule(plan: Plan) -> Schedule:
    found = _SCHEDULES.get(id(plan))
    if found is None or found[0] is not plan:
        found = (plan, _lay_out(plan))
        if len(_SCHEDULES) > 64:
            _SCHEDULES.clear()
        _SCHEDULES[id(plan)] = found
    return found[1]


def _lay_out(plan: Plan) -> Schedule:
    """Drop operations nothing kept depends on; give registers slots, reusing scratch ones."""
    kept = plan.kept()
    needed, ops = set(kept), []
    for op in reversed(plan.ops):
        if op.out in needed:
            ops.append(op)
            needed |= {value for kind, value in op.args if kind == "r"}
    ops.reverse()
    fixed = {reg: i for i, reg in enumerate(
        [r for r in plan.indicators.values() if r in needed] + [b.reg for b in plan.bound if b.reg in needed]
        + sorted(kept))}
    last: dict[int, int] = {}
    for index, op in enumerate(ops):
        for reg in [op.out] + [v for k, v in op.args if k == "r"]:
            last[reg] = index
    slot_of, free, scratch = dict(fixed), {}, {}
    for index, op in enumerate(ops):
        if op.out not in slot_of:
            dtype = np.dtype(plan.dtypes[op.out])
            pool = free.setdefault(dtype, [])
            slot = pool.pop() if pool else len(fixed) + len(scratch)
            scratch[slot] = dtype
            slot_of[op.out] = slot
        for reg in {op.out} | {v for k, v in op.args if k == "r"}:
            if last.get(reg) == index and reg not in fixed:
                free.setdefault(np.dtype(plan.dtypes[reg]), []).append(slot_of[reg])
    calls = [_call(op, slot_of) for op in ops]
    return Schedule(
        slots=len(fixed) + len(scratch), calls=calls,
        inputs={name: fixed[reg] for name, reg in plan.indicators.items() if reg in fixed},
        bound=[(fixed[b.reg], b) for b in plan.bound if b.reg in fixed],
        kept={reg: (fixed[reg], plan.dtypes[reg]) for reg in sorted(kept)}, scratch=scratch)


def _call(op, slot_of: dict[int, int]) -> Callable[[list], Any]:
    """One operation as a call on the registers (the common shapes without a loop)."""
    fn, out = op.fn, slot_of[op.out]
    kinds = "".join(kind for kind, _ in op.args)
    values = [slot_of[v] if k == "r" else v for k, v in op.args]
    if kinds == "r":
        a, = values
        return lambda r: fn(r[a], out=r[out])
    if kinds == "rr":
        a, b = values
        return lambda r: fn(r[a], r[b], out=r[out])
    if kinds == "krr":
        k, a, b = values
        return lambda r: fn(k, r[a], r[b], out=r[out])
    if kinds == "kr":
        k, a = values
        return lambda r: fn(k, r[a], out=r[out])
    pairs = list(zip(kinds, values))
    return lambda r: fn(*[r[v] if k == "r" else v for k, v in pairs], out=r[out])
