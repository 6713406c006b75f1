"""Merging USGS values into one fact file (the policy is described in :mod:`critmin.usgs.importer`).

Files are edited with ruamel.yaml's round-trip mode (:mod:`critmin.io.yaml_edit`), so comments,
key order, quoting and flow style of existing files survive; a new mineral file gets the
layout described in README ("Importing USGS data").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from critmin.errors import DataError, Problem
from critmin.facts.model import FACT_UNITS, MINERAL_KEYS
from critmin.facts.table5 import IDENTITIES
from critmin.io.yaml_edit import dump, flow_list, literal, mapping, quoted, round_trip
from critmin.io.yaml_reader import check_bounds
from critmin.usgs.reader import Extract, UsgsValue
from critmin.usgs.specs import MineralSpec
from critmin.words.numbers import exact

SOURCE = "usgs_mcs2025"
OWNED_KINDS = ("reported", "derived")
ARITHMETIC = re.compile(r"[0-9][0-9,.]* / [0-9][0-9,.]* (?:t|kt|kg|Mt)")


@dataclass(frozen=True)
class FactUpdate:
    """One planned change to a fact file: a row of the import table."""

    mineral: str
    fact: str
    old: str
    new: str
    action: str  # create | add | update | check | remove | skip | note | review | same
    detail: str = ""
    value: float | None = None  # the USGS value, as a number


def new_fact(value: UsgsValue):
    rng = flow_list(list(value.range)) if value.range else None
    return mapping(value=value.value, unit=value.unit, source=SOURCE, ref=value.ref,
                kind=value.kind, range=rng, note=value.note)


def new_check(value: UsgsValue):
    return mapping(flow=True, value=value.value, source=SOURCE, ref=value.ref, note=value.note)


def new_document(spec: MineralSpec):
    doc = mapping(id=spec.id, name=spec.name, name_zh=spec.name_zh, symbol=spec.symbol,
               aliases=flow_list(list(spec.aliases)))
    doc.yaml_set_start_comment(f"{spec.name}: created from the USGS MCS 2025 data release by "
                               "`critmin import usgs`; add the 2035 US supply and demand by hand.")
    return doc


# ---------------------------------------------------------------- merging

def merge_file(path: Path, spec: MineralSpec, found: Extract,
               text: str | None) -> tuple[list[FactUpdate], str | None]:
    """The changes to one file (whose current ``text`` is given; None: there is no such file)
    and its new text (None when nothing changes)."""
    exists = text is not None
    doc = load_document(text, path) if exists else new_document(spec)
    merger = _Merger(doc, spec.id, str(path))
    for value in found.scalars:
        merger.scalar(value)
    for section in ("producers", "reserves"):
        merger.shares(section, found)
    merger.recompute_totals()
    merger.flag_dependents()
    changes = merger.changes
    if not exists:
        doc["note"] = literal(_creation_note(spec, found))
        changes.insert(0, FactUpdate(spec.id, path.name, "-", "new file", "create"))
    changed = any(c.action in ("create", "add", "update", "check", "remove") for c in changes)
    return changes, (dump(doc) if changed else None)


def load_document(text: str, path: Path) -> Any:
    """A fact file's text (read by the bounded reader) for round-trip editing, or a DataError
    naming the file and line. The text passes the safe reader's bounds on nesting and size
    first: ruamel itself would recurse past Python's limit on a deeply nested file."""
    from ruamel.yaml.error import YAMLError  # ruamel: only the importer writes YAML

    check_bounds(text, str(path))
    try:
        doc = round_trip().load(text)
    except (RecursionError, YAMLError) as exc:
        line = getattr(getattr(exc, "problem_mark", None), "line", None)
        why = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise DataError(Problem(f"cannot read YAML: {why}", file=str(path),
                                line=None if line is None else line + 1)) from None
    if not isinstance(doc, dict):
        raise DataError(Problem("expected a mapping of mineral facts", file=str(path)))
    return doc


def _creation_note(spec: MineralSpec, found: Extract) -> str:
    parts = [spec.note] if spec.note else []
    gaps = [f"{v.key}: {v.missing}" for v in found.scalars if v.value is None]
    gaps += [f"{section} shares: {why}" for section, why in found.missing.items()]
    if gaps:
        parts.append("Not in the data release, so left out: " + "; ".join(gaps) + ".")
    return " ".join(parts) or "Imported from the USGS MCS 2025 data release."


def owned(fact: Any) -> bool:
    return isinstance(fact, dict) and fact.get("source") == SOURCE and fact.get("kind") in OWNED_KINDS


def same(old: Any, new: float, unit: str = "t") -> bool:
    """Whether a file's value already is the USGS value (a different type never is)."""
    if isinstance(old, bool) or not isinstance(old, (int, float)):
        return False
    # shares are printed to four decimals, so one unit in the last place is the same share
    return abs(old - new) <= (1.000001e-4 if unit == "share" else 1e-9 * max(abs(new), 1.0))


class _Merger:
    """Applies USGS values to one loaded document, recording every change."""

    def __init__(self, doc: Any, mineral: str, file: str):
        self.doc, self.mineral, self.file = doc, mineral, file
        self.changes: list[FactUpdate] = []
        self.touched: set[str] = set()  # fact keys written
        self.columns: set[str] = set()  # USGS columns whose value changed

    def record(self, key: str, old: str, new: str, action: str, detail: str = "",
               value: float | None = None) -> None:
        self.changes.append(FactUpdate(self.mineral, key, old, new, action, detail, value))
        if action in ("add", "update"):
            self.touched.add(key)

    def compare(self, key: str, old: Any, value: UsgsValue, action: str, detail: str = "") -> None:
        """Record a row that puts a file's value next to the USGS value."""
        self.record(key, exact(old, value.unit), exact(value.value, value.unit), action,
                    detail or value.ref, value.value)

    def section(self, name: str):
        if name in self.doc and not isinstance(self.doc[name], dict):
            raise DataError(Problem(f"expected a mapping of facts, got {self.doc[name]!r}",
                                    file=self.file, key=name))
        if name not in self.doc:
            position = _position(list(self.doc), name, list(MINERAL_KEYS))
            self.doc.insert(position, name, mapping())
        return self.doc[name]

    def scalar(self, value: UsgsValue) -> None:
        section, name = value.key.split(".", 1)
        current = self.doc.get(section, {}).get(name) if isinstance(self.doc.get(section), dict) else None
        old = current.get("value") if isinstance(current, dict) else None
        if value.value is None:
            self.record(value.key, exact(old, value.unit), "-", "skip", value.missing or "")
        elif current is None:
            target = self.section(section)
            order = [k.split(".", 1)[1] for k in FACT_UNITS if k.startswith(section + ".")]
            target.insert(_position(list(target), name, order), name, new_fact(value))
            self.compare(value.key, None, value, "add")
            self.columns.add(value.column)
        elif owned(current):
            if same(old, value.value, value.unit):
                self.compare(value.key, old, value, "same")
            else:
                _update(current, value)
                self.compare(value.key, old, value, "update")
                self.columns.add(value.column)
        else:
            self.check(value.key, current, value)

    def check(self, key: str, fact: Any, value: UsgsValue) -> None:
        if not isinstance(fact, dict):
            raise DataError(Problem(f"expected a fact mapping {{value, unit, source, ref, kind}}, got {fact!r}",
                                    file=self.file, key=key))
        previous = fact.get("check")
        old = previous.get("value") if isinstance(previous, dict) else None
        if isinstance(previous, dict) and same(old, value.value, value.unit):
            self.compare(key + " (check)", old, value, "same")
            return
        fact["check"] = new_check(value)
        self.compare(key + " (check)", old, value, "check",
                     f"{fact.get('source')} value {exact(fact.get('value'), value.unit)} kept")

    def shares(self, section: str, found: Extract) -> None:
        existing = self.doc.get(section) if isinstance(self.doc.get(section), dict) else {}
        if section in found.missing:
            if not existing:
                self.record(section, "-", "-", "skip", found.missing[section])
            return
        top, every = found.top.get(section), found.shares.get(section, {})
        if not top:
            return
        if existing and not all(owned(f) for f in existing.values()):
            self._check_shares(section, existing, top, every)
            return
        fresh, before = mapping(), sum(c.action != "same" for c in self.changes)
        for value in top:
            country = value.key.split(".", 1)[1]
            current = existing.get(country)
            if current is None:
                current = new_fact(value)
                self.compare(value.key, None, value, "add")
            elif same(current.get("value"), value.value, "share"):
                self.compare(value.key, current.get("value"), value, "same")
            else:
                old = current.get("value")
                _update(current, value)
                self.compare(value.key, old, value, "update")
            fresh[country] = current
        for country, fact in existing.items():
            if country not in fresh:
                self.record(f"{section}.{country}", exact(fact.get("value"), "share"), "-", "remove",
                          "no longer among the USGS top three")
        if list(fresh) != list(existing) or sum(c.action != "same" for c in self.changes) > before:
            if existing:
                self.doc[section] = fresh
            else:
                self.section(section).update(fresh)

    def _check_shares(self, section: str, existing: Any, top: list[UsgsValue],
                      every: dict[str, UsgsValue]) -> None:
        for country, fact in existing.items():
            if owned(fact):
                continue
            value = every.get(country)
            if value is None:
                self.record(f"{section}.{country}", exact(fact.get("value"), "share"), "-", "skip",
                          "no USGS row for this country")
            else:
                self.check(f"{section}.{country}", fact, value)
        others = [v for v in top if v.key.split(".", 1)[1] not in existing]
        if others:
            self.record(section, "-", ", ".join(f"{v.key.split('.', 1)[1]} {exact(v.value, 'share')}"
                                              for v in others), "note",
                      "in the USGS top three but not in the file; the file's shares are kept")

    def recompute_totals(self) -> None:
        us = self.doc.get("us")
        if not isinstance(us, dict):
            return
        for identity in IDENTITIES:
            total, part, addition = (k.removeprefix("us.") for k in (identity.total, *identity.parts))
            fact = us.get(total)
            if (f"us.{part}" not in self.touched or not isinstance(fact, dict)
                    or fact.get("kind") != "derived" or fact.get("source") == "report"
                    or part not in us or addition not in us):
                continue
            a, b = (us[k].get("value") if isinstance(us[k], dict) else None for k in (part, addition))
            if not all(isinstance(v, (int, float)) for v in (a, b)) or same(fact.get("value"), a + b):
                continue
            old = fact.get("value")
            fact["value"] = a + b
            note = f"{a:,} ({part}) + {b:,} ({addition}) = {a + b:,}."
            if us[addition].get("range"):
                low, high = us[addition]["range"]
                fact["range"] = flow_list([a + low, a + high])
                note += f" Range = {part} + range of {addition}."
            elif "range" in fact:
                del fact["range"]
            fact["note"] = quoted(note)
            self.record(f"us.{total}", exact(old), exact(a + b), "update", f"recomputed: {part} + {addition}")

    def flag_dependents(self) -> None:
        columns = {c for c in self.columns if c}
        if not columns:
            return
        for key, fact in _facts(self.doc):
            if key in self.touched or not isinstance(fact, dict):
                continue
            text = f"{fact.get('ref', '')} {fact.get('note', '')}"
            cited = sorted(c for c in columns if re.search(rf"\b{re.escape(c)}\b", text))
            if cited:
                self.record(key, exact(fact.get("value")), "?", "review",
                          f"cites {', '.join(cited)}, which changed; check its derivation")


def _update(fact: Any, value: UsgsValue) -> None:
    fact["value"] = value.value
    fact["ref"] = quoted(value.ref)
    if value.range:
        fact["range"] = flow_list(list(value.range))
    elif "range" in fact:
        del fact["range"]
    old_note = fact.get("note")
    new_note = value.note
    if old_note and new_note and ARITHMETIC.search(old_note) and ARITHMETIC.search(new_note):
        new_note = ARITHMETIC.sub(ARITHMETIC.search(new_note).group(0), old_note, count=1)
    elif old_note and (not new_note or new_note in old_note):
        new_note = old_note
    elif old_note:
        new_note = f"{old_note} {new_note}"
    if new_note:
        fact["note"] = quoted(new_note)


def _facts(doc: Any):
    """(key, fact) for every fact in a mineral document."""
    for name, item in doc.items():
        if isinstance(item, dict) and "value" in item:
            yield name, item
        elif isinstance(item, dict):
            for sub, fact in item.items():
                if isinstance(fact, dict) and "value" in fact:
                    yield f"{name}.{sub}", fact


def _position(keys: list[str], name: str, order: list[str]) -> int:
    """Where ``name`` goes among ``keys`` so that the canonical ``order`` is kept."""
    if name not in order:
        return len(keys)
    rank = order.index(name)
    position = 0
    for i, key in enumerate(keys):
        if key in order and order.index(key) < rank:
            position = i + 1
    return position if any(k in order for k in keys) else len(keys)
