"""The only module that talks to durable_rules.

durable_rules 2.0.28 is global-minded (see docs/durable_rules.md). This adapter:
- owns one Host per process, a subclass whose ``_run`` starts no timer threads;
- registers each compiled rule set once, under a name hashed from its definition, deep-copying
  the definition (durable_rules deletes ``run`` from what it is given);
- keeps at most ``MAX_RULESETS`` registered, deleting the least recently used (states first,
  then the C handle), so thousands of what-ifs do not leak;
- runs every scoring pass in a fresh state (sid) that is deleted in ``finally``;
- gives every fact a unique ``id`` so that equal facts are never rejected as duplicates;
- keeps actions trivial (record only) and re-raises anything they captured;
- serialises every call with one lock: actions may otherwise run on another caller's thread.
Threads are safe to call from; parallelism beyond that is by processes.
"""

from __future__ import annotations

import copy
import itertools
import logging
import re
import threading
from collections import OrderedDict
from typing import Any

import durable_rules_engine
from durable import engine as durable_engine

from critmin.errors import EngineError

# durable logs a traceback (to stderr, when nothing else handles logging) for an exception it
# then re-raises, such as Ctrl-C inside an action: the caller reports it once, in its own words.
logging.getLogger("durable").addHandler(logging.NullHandler())

MAX_RULESETS = 64
ERROR_CODES = {
    "105": "unknown key in a rule definition",
    "202": "unsupported operator or malformed rule definition",
    "204": "a number the engine cannot parse",
    "303": "too many conditions matched at once for one fact",
    "508": "rule set already exists or cannot be stored",
    "112": "too many rule sets",
    "106": "out of memory in the rule engine",
}

Firing = tuple[str, dict[str, dict[str, Any]]]  # (durable rule name, alias → matched fact)


class _QuietHost(durable_engine.Host):
    """A Host that starts no background timer threads (we never use timers)."""

    def _run(self) -> None:  # noqa: D401 - overriding durable's thread starter
        return None


class DurableAdapter:
    def __init__(self, max_rulesets: int = MAX_RULESETS):
        self._host = _QuietHost()
        self._lock = threading.RLock()
        self._registered: OrderedDict[str, Any] = OrderedDict()
        self._max = max_rulesets
        self._sids = itertools.count(1)
        self._firings: list[Firing] = []
        self._errors: list[BaseException] = []
        self.quarantined = 0  # rule sets abandoned after a failed run (see _quarantine)

    @property
    def registered(self) -> int:
        return len(self._registered)

    def run(self, name: str, definition: dict[str, Any], facts: list[dict[str, Any]]) -> list[Firing]:
        """Assert ``facts`` into rule set ``name`` in a fresh state; return the firings."""
        with self._lock:
            ruleset = self._ensure(name, definition)
            sid = f"run{next(self._sids)}"
            batch = [dict(fact, sid=sid, id=f"{sid}-{i}") for i, fact in enumerate(facts)]
            self._firings, self._errors = [], []
            failed = True
            try:
                if batch:
                    self._host.assert_facts(name, batch)
                failed = False
            except durable_engine.MessageNotHandledException as exc:
                raise EngineError(f"rule set {name}: a fact matched no rule ({exc})") from None
            except durable_engine.MessageObservedException as exc:
                raise EngineError(f"rule set {name}: a fact was rejected as a duplicate ({exc})") from None
            except durable_rules_engine.error as exc:
                raise EngineError(f"rule set {name}: {_translate(exc)}") from None
            finally:
                if failed:
                    self._quarantine(name)
                else:
                    try:
                        ruleset.delete_state(sid)
                    except durable_rules_engine.error:
                        pass
            interrupt = next((e for e in self._errors if not isinstance(e, Exception)), None)
            if interrupt is not None:  # Ctrl-C inside an action: an interrupt, not an engine failure
                raise interrupt
            if self._errors:
                raise EngineError(f"rule set {name}: an action failed: {self._errors[0]!r}")
            return self._firings

    def _ensure(self, name: str, definition: dict[str, Any]) -> Any:
        if name in self._registered:
            self._registered.move_to_end(name)
            return self._registered[name]
        while len(self._registered) >= self._max:
            self._drop(next(iter(self._registered)))
        prepared = copy.deepcopy(definition)
        for rule_name, rule in prepared.items():
            rule["run"] = self._recorder(rule_name)
        try:
            self._host.set_rulesets({name: prepared})
        except durable_rules_engine.error as exc:
            raise EngineError(f"rule set {name} was rejected: {_translate(exc)}") from None
        except Exception as exc:  # durable raises bare Exception for a duplicate name
            raise EngineError(f"rule set {name} was rejected: {exc}") from None
        ruleset = self._host.get_ruleset(name)
        self._registered[name] = ruleset
        return ruleset

    def _drop(self, name: str) -> None:
        ruleset = self._registered.pop(name)
        self._host._ruleset_directory.pop(name, None)
        if ruleset in self._host._ruleset_list:
            self._host._ruleset_list.remove(ruleset)
        durable_rules_engine.delete_ruleset(ruleset._handle)

    def _quarantine(self, name: str) -> None:
        """Forget a rule set whose run failed, without touching its memory.

        After an error inside an assert (e.g. 303) durable_rules' state is inconsistent and
        deleting it or its rule set crashes the process (free(): invalid size), so the handle
        is left alone: a small leak on a path that only a bug or a broken limit can reach.
        """
        ruleset = self._registered.pop(name, None)
        self._host._ruleset_directory.pop(name, None)
        if ruleset is not None and ruleset in self._host._ruleset_list:
            self._host._ruleset_list.remove(ruleset)
        self.quarantined += 1

    def _recorder(self, rule_name: str):
        if rule_name.startswith("__sink"):
            return _ignore

        def record(c: Any) -> None:
            try:
                matched = {alias: dict(fact) for alias, fact in c._m.items()}
                self._firings.append((rule_name, matched))
            except BaseException as exc:  # durable would swallow it; re-raised by run()
                self._errors.append(exc)
        return record

    def clear(self) -> None:
        """Delete every registered rule set (tests and long-running hosts)."""
        with self._lock:
            for name in list(self._registered):
                self._drop(name)


def _ignore(c: Any) -> None:
    return None


def _translate(exc: BaseException) -> str:
    text = str(exc)
    match = re.search(r"error code:\s*(\d+)", text)
    if match and match.group(1) in ERROR_CODES:
        return f"{ERROR_CODES[match.group(1)]} (durable_rules error {match.group(1)})"
    return text


_ADAPTER: DurableAdapter | None = None
_ADAPTER_LOCK = threading.Lock()


def adapter() -> DurableAdapter:
    """The process-wide adapter (one Host per process)."""
    global _ADAPTER
    with _ADAPTER_LOCK:
        if _ADAPTER is None:
            _ADAPTER = DurableAdapter()
        return _ADAPTER
