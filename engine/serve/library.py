"""The one place the HTTP service reaches the library: every call it makes, as JSON-ready data.

Each function takes what a request carries (a mineral, a tier, overrides, a scenario name, a
language) and returns plain data: the library's own ``to_dict()`` forms and its text from
``critmin.render.text``. Nothing is computed here that the library does not compute, and the
errors are the library's own (:class:`critmin.errors.CritminError`), so a bad request gets the
message the CLI prints. :class:`Library` loads the facts and rules once, when the service
starts; a request with no assumptions reuses that baseline, one with assumptions applies them
to copies (``apply_overrides``), exactly as ``--set`` does.

Thread safety: the loaded facts, rules and baseline results are only read; scoring goes
through the engine's one locked durable_rules host; the assistant's :class:`Knowledge`, which
keeps state between questions, is lent to one request at a time from a small pool.
"""

from __future__ import annotations

import json
import os
import queue
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from importlib.metadata import version as package_version
from typing import Any

from critmin.assistant.answers import respond
from critmin.assistant.knowledge import Knowledge
from critmin.assistant.parse import REPEATABLE, Context
from critmin.assumptions.diff import whatif as run_whatif
from critmin.assumptions.inputs import load
from critmin.assumptions.overrides import Override, apply_overrides, format_value, parse_overrides, split_directories
from critmin.assumptions.scenarios import Scenario, list_scenarios
from critmin.concepts import IDENTIFIER, LEVERS, STABLE_SHARE, TIERS_HIGH_FIRST, VARY
from critmin.errors import (
    CritminError,
    OverrideError,
    UnknownMineralError,
    UsageError,
    suggest,
)
from critmin.explain.matrix import matrix_frame, supply_risk_rules
from critmin.explain.stability import tier_stability
from critmin.explain.what_it_takes import what_would_it_take
from critmin.explain.why import why
from critmin.explain.why_not import why_not
from critmin.facts.loading import find_mineral
from critmin.facts.model import FactBase
from critmin.fast.sweep import run_sweep, varied_inputs
from critmin.inference.results import Results
from critmin.inference.schema import assessment_schema
from critmin.inference.traced import score
from critmin.render import text
from critmin.render.answer_first import answer_then_derivation
from critmin.render.plots import COLOURS
from critmin.render.tables import render_results
from critmin.ruleset.model import RuleBase
from critmin.ruletests.runner import run_rule_tests
from critmin.words.labels import fact_label, indicator_label, label, lever_label, parse_tier, tier_label
from critmin.words.phrases import LANGUAGES, catalogue

PathLike = str | os.PathLike | None
Overrides = Iterable[str] | Mapping[str, Any]

# What one request may ask for (the CLI allows more: a person waits for their own command).
MAX_SWEEP_SAMPLES = 20_000
DEFAULT_SWEEP_SAMPLES = 2_000
MAX_OVERRIDES = 100
KNOWLEDGE_POOL = 4  # assistants answering at once; more requests wait for one to be free

# Error type → HTTP status: a user's mistake is never a 500.
STATUS = ((UnknownMineralError, 404), (UsageError, 400), (CritminError, 422))


def status_of(error: CritminError) -> int:
    return next(code for kind, code in STATUS if isinstance(error, kind))


def error_body(error: CritminError, status: int) -> dict[str, Any]:
    """The JSON of an error: ``message`` is exactly what the CLI prints after ``error:``."""
    problems = [{"message": p.message, "file": p.file, "key": p.key, "line": p.line, "column": p.column}
                for p in error.problems]
    return {"error": {"status": status, "type": type(error).__name__, "message": str(error),
                      "problems": problems}}


def override_texts(overrides: Overrides | None) -> list[str]:
    """``KEY=VALUE`` texts from a list of them or a mapping {KEY: VALUE} (lists joined by commas,
    as ``--set`` writes them), so that every value is read and checked as ``--set`` reads it."""
    if overrides is None:
        return []
    if isinstance(overrides, str):
        raise UsageError("overrides: expected a list of \"KEY=VALUE\" texts or an object {KEY: VALUE}, "
                         "got a single text")
    if isinstance(overrides, Mapping):
        items = [f"{key}={_value_text(value)}" for key, value in overrides.items()]
    else:
        items = list(overrides)
    if len(items) > MAX_OVERRIDES:
        raise UsageError(f"overrides: at most {MAX_OVERRIDES} per request, got {len(items)}")
    directories, _ = split_directories(items)
    if directories:
        raise UsageError(f"overrides: {', '.join(sorted(directories))}=DIR is not accepted over HTTP; "
                         "start the service with --facts/--rules instead")
    return items


def _value_text(value: Any) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else format_value(value)


class Library:
    """The facts and rules the service answers from, loaded once, and the questions it answers."""

    def __init__(self, facts_dir: PathLike = None, rules_dir: PathLike = None, sets: Iterable[str] = ()):
        self.facts_dir, self.rules_dir, self.sets = facts_dir, rules_dir, tuple(sets)
        self.facts, self.rules = load(facts_dir, rules_dir, self.sets)
        self.baseline = score(self.facts, self.rules)
        self.scenarios: dict[str, Scenario] = {s.name: s for s in list_scenarios(self.facts)}
        self._idle: queue.SimpleQueue[Knowledge] = queue.SimpleQueue()
        self._free = threading.BoundedSemaphore(KNOWLEDGE_POOL)
        self._rule_tests: dict[str, Any] | None = None
        self._rule_tests_lock = threading.Lock()

    # ------------------------------------------------------------ inputs

    def _scenario_overrides(self, scenario: str | list[str] | None) -> list[Override]:
        names = [scenario] if isinstance(scenario, str) else list(scenario or ())
        found = []
        for name in names:
            if not IDENTIFIER.match(name or ""):
                raise UsageError(f"scenario '{name}': give a scenario's name (GET /api/meta lists them); "
                                 "scenario files are not read over HTTP")
            if name not in self.scenarios:
                raise OverrideError(f"unknown scenario '{name}'{suggest(name, self.scenarios)}; "
                                    f"known: {', '.join(sorted(self.scenarios)) or 'none'}")
            found += self.scenarios[name].overrides
        return found

    def overrides(self, overrides: Overrides | None = None, scenario: str | list[str] | None = None) -> list[Override]:
        """The scenarios' overrides, then the request's (a later value of a key wins)."""
        return self._scenario_overrides(scenario) + parse_overrides(override_texts(overrides))

    def bases(self, overrides: Overrides | None = None,
              scenario: str | list[str] | None = None) -> tuple[FactBase, RuleBase, list[Override]]:
        chosen = self.overrides(overrides, scenario)
        if not chosen:
            return self.facts, self.rules, chosen
        return (*apply_overrides(self.facts, self.rules, chosen), chosen)

    def results(self, overrides: Overrides | None = None, scenario: str | list[str] | None = None) -> Results:
        facts, rules, chosen = self.bases(overrides, scenario)
        return self.baseline if not chosen else score(facts, rules)

    def mineral_id(self, name: str) -> str:
        return find_mineral(self.facts, name).id

    # ------------------------------------------------------------ scoring

    def score(self, overrides: Overrides | None = None, scenario: str | list[str] | None = None,
              minerals: list[str] | None = None, trace: bool = False, stability: bool = False,
              samples: int = DEFAULT_SWEEP_SAMPLES, seed: int = 0) -> dict[str, Any]:
        """What ``critmin score --format json [--stability]`` prints, with the assumptions applied."""
        facts, rules, chosen = self.bases(overrides, scenario)
        ids = [self.mineral_id(m) for m in minerals or ()] or None
        results = self.baseline if not chosen and ids is None else score(facts, rules, ids)
        stable = None
        if stability:
            check_samples(samples)
            stable = tier_stability(facts, rules, samples, seed, fixed=[o.key for o in chosen])
        return {"overrides": [str(o) for o in chosen], "warnings": list(results.warnings),
                "minerals": json.loads(render_results(results, "json", trace=trace, stability=stable))}

    def assessment(self, mineral: str, overrides: Overrides | None = None,
                   scenario: str | list[str] | None = None, trace: bool = True) -> dict[str, Any]:
        return self.results(overrides, scenario)[self.mineral_id(mineral)].to_dict(trace=trace)

    # ------------------------------------------------------------ explanations

    def why(self, mineral: str, lang: str = "en", overrides: Overrides | None = None,
            scenario: str | list[str] | None = None) -> dict[str, Any]:
        results = self.results(overrides, scenario)
        derivation = why(results, self.mineral_id(mineral))
        return {"mineral": derivation.head.mineral, "tier": derivation.tier, "why": derivation.to_dict(),
                "text": answer_then_derivation(derivation, lang)}

    def why_not(self, mineral: str, tier: str, lang: str = "en", overrides: Overrides | None = None,
                scenario: str | list[str] | None = None) -> dict[str, Any]:
        results, mineral_id = self.results(overrides, scenario), self.mineral_id(mineral)
        gap = why_not(results, mineral_id, parse_tier(tier))
        return {"mineral": mineral_id, "tier": results[mineral_id].tier, "why_not": gap.to_dict(),
                "text": answer_then_derivation(gap, lang)}

    def what_would_it_take(self, mineral: str, tier: str, lang: str = "en", overrides: Overrides | None = None,
                           scenario: str | list[str] | None = None) -> dict[str, Any]:
        results, mineral_id = self.results(overrides, scenario), self.mineral_id(mineral)
        takes = what_would_it_take(results, mineral_id, parse_tier(tier))
        return {"mineral": mineral_id, "tier": results[mineral_id].tier,
                "what_would_it_take": takes.to_dict(), "text": text(takes, lang)}

    def whatif(self, overrides: Overrides | None = None, scenario: str | list[str] | None = None,
               minerals: list[str] | None = None) -> dict[str, Any]:
        """What ``critmin whatif`` shows: the diff against the service's baseline, as data and text."""
        chosen = self.overrides(overrides, scenario)
        if not chosen:
            raise UsageError("give at least one override or scenario")
        ids = [self.mineral_id(m) for m in minerals or ()] or None
        result = run_whatif(self.facts, self.rules, chosen, ids, baseline=None if ids else self.baseline)
        return {**result.to_dict(), "tier_changes": {m: list(c) for m, c in result.tier_changes.items()},
                "text": text(result)}

    def sweep(self, samples: int = DEFAULT_SWEEP_SAMPLES, seed: int = 0, vary: str = "both",
              overrides: Overrides | None = None, scenario: str | list[str] | None = None) -> dict[str, Any]:
        check_samples(samples)
        if vary not in VARY:
            raise UsageError(f"vary must be one of {', '.join(VARY)}, got {vary!r}")
        facts, rules, chosen = self.bases(overrides, scenario)
        return run_sweep(facts, rules, samples, seed, vary, [o.key for o in chosen]).to_dict()

    def matrix(self, overrides: Overrides | None = None, scenario: str | list[str] | None = None) -> dict[str, Any]:
        """The numbers of ``critmin plot matrix``: one row per mineral (shortfall, supply risk)."""
        results = self.results(overrides, scenario)
        frame = matrix_frame(results).reset_index()
        rows = [{k: (None if v != v else v) for k, v in row.items()}  # NaN (unknown) → null
                for row in frame.to_dict(orient="records")]
        return {"rows": rows, "supply_risk_rules": supply_risk_rules(results.rules)}

    def rule_tests(self) -> dict[str, Any]:
        """``critmin test`` on the service's facts and rules directories (run once, then kept)."""
        with self._rule_tests_lock:
            if self._rule_tests is None:
                report = run_rule_tests(self.facts_dir, self.rules_dir)
                self._rule_tests = {"ok": report.ok, **report.to_dict(), "text": text(report)}
            return self._rule_tests

    # ------------------------------------------------------------ the assistant

    @contextmanager
    def _knowledge(self) -> Iterator[Knowledge]:
        with self._free:
            try:
                kb = self._idle.get_nowait()
            except queue.Empty:
                kb = Knowledge(self.facts_dir, self.rules_dir, self.sets)
            try:
                yield kb
            finally:
                self._idle.put(kb)

    def ask(self, question: str, lang: str | None = None, context: dict[str, Any] | None = None) -> dict[str, Any]:
        """The assistant's answer (``critmin ask --format json``) and the context for a follow-up."""
        previous = self._context(context)
        with self._knowledge() as kb:
            answer, following = respond(question, kb, previous, lang)
        return {**answer.to_dict(), "context": {"intent": following.intent, "minerals": list(following.minerals),
                                                "tier": following.tier}}

    def _context(self, context: dict[str, Any] | None) -> Context | None:
        if not context:
            return None
        intent = context.get("intent")
        if intent is not None and intent not in REPEATABLE:
            raise UsageError(f"context.intent: '{intent}' cannot be followed up; "
                             f"expected one of {', '.join(REPEATABLE)} or null")
        tier = context.get("tier")
        return Context(intent, tuple(self.mineral_id(m) for m in context.get("minerals") or ()),
                       parse_tier(tier) if tier else None)

    # ------------------------------------------------------------ what the page shows

    def meta(self, lang: str = "en", phrases: Iterable[str] = ()) -> dict[str, Any]:
        """Minerals, scenarios, limits and every label the page shows, in ``lang``."""
        if lang not in LANGUAGES:
            raise UsageError(f"lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
        minerals = [{"id": m.id, "name": m.name, "name_zh": m.name_zh, "symbol": m.symbol,
                     "aliases": list(m.aliases)} for m in self.facts.minerals.values()]
        indicators = {name for a in self.baseline.values() for name in a.indicators}
        return {
            "lang": lang, "languages": list(LANGUAGES), "minerals": minerals,
            "tiers": list(TIERS_HIGH_FIRST), "colours": COLOURS, "stable_share": STABLE_SHARE,
            "scenarios": [{"name": s.name, "description": s.summary} for s in self.scenarios.values()],
            "limits": {"sweep_samples": MAX_SWEEP_SAMPLES, "overrides": MAX_OVERRIDES},
            "labels": {"tier": {t: tier_label(t, lang) for t in TIERS_HIGH_FIRST},
                       "lever": {lv: lever_label(lv, lang) for lv in LEVERS},
                       "indicator": {n: indicator_label(n, lang) for n in sorted(indicators)},
                       "vary": {v: label("vary", v, lang) for v in VARY}},
            "phrases": {key.rpartition(".")[2]: catalogue()[key][lang] for key in phrases},  # {name}s: the page's
        }

    def inputs(self, lang: str = "en") -> list[dict[str, Any]]:
        """Every input with a documented range (what a sweep varies): the what-if sliders."""
        out = []
        for item in varied_inputs(self.facts, self.rules):
            common = {**item.to_dict(), "key": item.key, "mineral": item.mineral, "name": item.name}
            if item.mineral is None:
                param = self.rules.params[item.name]
                out.append({**common, "kind": "param", "label": param.doc, "unit": None, "doc": param.doc,
                            "source": param.source})
                continue
            fact = self.facts.minerals[item.mineral].facts[item.name]
            out.append({**common, "kind": "fact", "label": fact_label(item.name, lang), "unit": fact.unit,
                        "doc": fact.note, "source": f"{fact.source}: {fact.ref}"})
        return out


def schema() -> dict[str, Any]:
    """The JSON Schema of one assessment (``critmin schema``)."""
    return assessment_schema()


def version() -> str:
    return package_version("critmin")


def check_samples(samples: int) -> None:
    if not 1 <= samples <= MAX_SWEEP_SAMPLES:
        raise UsageError(f"samples must be between 1 and {MAX_SWEEP_SAMPLES:,} over HTTP, got {samples:,}")
