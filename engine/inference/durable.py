"""The only module that talks to durable_rules.

durable_rules 2.0.28 is global-minded (see docs/durable_rules.md). This adapter:
- owns one Host per process, a subclass whose ``_run`` starts no timer threads; the Host only
  registers rule sets (compiling their JSON in the engine's C core);
- registers each compiled rule set once, under a name hashed from its definition, deep-copying
  the definition (durable_rules deletes ``run`` from what it is given);
- keeps at most ``MAX_RULESETS`` registered, deleting the least recently used (states first,
  then the C handle), so thousands of what-ifs do not leak;
- runs every scoring pass in a fresh state (sid) that is deleted in ``finally``;
- drives the engine's core directly for a run: it asserts the batch of facts, then takes the
  matches one by one (``start_action_for_state`` / ``complete_and_start_action``) as the
  Host's own loop does, but without running a Python action per match — durable's action
  machinery (a closure, two clock reads and a JSON round trip of the state per firing) cost
  two thirds of a run and did nothing we use. No action of ours ever runs inside the engine,
  so none can fail silently there;
- gives every fact an ``id`` from a pool whose 32-bit FNV-1a hashes (the engine's identity of
  a fact within a state) are all distinct, so no fact is ever rejected as a false duplicate;
- serialises every call with one lock. Threads are safe to call from; parallelism beyond
  that is by processes.
"""

from __future__ import annotations

import copy
import itertools
import json
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
SINK_PREFIX = "__sink"  # rules that only make every fact 'handled'; their matches are skipped
NOT_HANDLED, OBSERVED = 1, 2  # assert results (rules.h: ERR_EVENT_NOT_HANDLED, ERR_EVENT_OBSERVED)
ERROR_CODES = {
    "105": "unknown key in a rule definition",
    "202": "unsupported operator or malformed rule definition",
    "204": "a number the engine cannot parse",
    "303": "too many conditions matched at once for one fact",
    "508": "rule set already exists or cannot be stored",
    "112": "too many rule sets",
    "106": "out of memory in the rule engine",
}

Firing = tuple[str, tuple[str, ...]]  # (durable rule name, the mineral of each matched fact)
RULE_NAME = re.compile(r'\{"([^"\\]+)":')  # a match: {"RULE": {"ALIAS": {FACT}, ...}}
MINERAL = re.compile(r'"mineral":\s*"((?:[^"\\]|\\.)*)"')


class _QuietHost(durable_engine.Host):
    """A Host that starts no background timer threads (we never use timers)."""

    def _run(self) -> None:  # noqa: D401 - overriding durable's thread starter
        return None


def fnv1a32(text: str) -> int:
    """The engine's hash of a fact id (``fnv1Hash32`` in durable_rules' state.c)."""
    value = 2166136261
    for byte in text.encode():
        value = ((value ^ byte) * 16777619) & 0xFFFFFFFF
    return value


class _FactIds:
    """Fact ids whose engine hashes are distinct and non-zero, shortest first.

    durable_rules stores a fact under the hash of its id and rejects a second fact with the
    same hash as already seen (docs/durable_rules.md: ~3 false duplicates in 100k facts with
    arbitrary ids). Ids from this pool never collide with each other, and a run's sid is
    chosen so that the engine's own state fact (``sid-SID``) does not collide with them.
    """

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.hashes: set[int] = set()
        self._next = 0

    def first(self, count: int) -> list[str]:
        while len(self.ids) < count:
            candidate = format(self._next, "x")
            self._next += 1
            hashed = fnv1a32(candidate)
            if hashed and hashed not in self.hashes:
                self.ids.append(candidate)
                self.hashes.add(hashed)
        return self.ids[:count]


class DurableAdapter:
    def __init__(self, max_rulesets: int = MAX_RULESETS):
        self._host = _QuietHost()
        self._lock = threading.RLock()
        self._registered: OrderedDict[str, Any] = OrderedDict()
        self._max = max_rulesets
        self._sids = itertools.count(1)
        self._ids = _FactIds()
        self.quarantined = 0  # rule sets abandoned after a failed run (see _quarantine)

    @property
    def registered(self) -> int:
        return len(self._registered)

    def run(self, name: str, definition: dict[str, Any], facts: list[dict[str, Any]]) -> list[Firing]:
        """Assert ``facts`` into rule set ``name`` in a fresh state; return the firings."""
        return [_firing(message) for message in self._matches(name, definition, facts, keep=True)]

    def replay(self, name: str, definition: dict[str, Any], facts: list[dict[str, Any]]) -> int:
        """Run ``facts`` without reading the matches: the engine's work alone (a bare run, for
        the benchmark). Returns how many matches the engine made, sinks left out."""
        return len(self._matches(name, definition, facts, keep=False))

    def replay_through_host(self, name: str, definition: dict[str, Any], facts: list[dict[str, Any]]) -> None:
        """Run ``facts`` the way durable_rules' documented API does (``Host.assert_facts``, its
        action loop, an action that does nothing): the benchmark's second bare reference."""
        with self._lock:
            ruleset = self._ensure(name, definition)
            sid = self._sid(len(facts))
            batch = [dict(fact, sid=sid, id=i) for fact, i in zip(facts, self._ids.first(len(facts)))]
            failed = True
            try:
                self._host.assert_facts(name, batch)
                failed = False
            finally:  # as in _matches: an interrupted run's state is left alone, never deleted
                if failed:
                    self._quarantine(name)
                else:
                    ruleset.delete_state(sid)

    def _matches(self, name: str, definition: dict[str, Any], facts: list[dict[str, Any]],
                 keep: bool) -> list[str]:
        """The engine's matches (JSON text, sinks left out), or as many Nones unless ``keep``."""
        with self._lock:
            handle = self._ensure(name, definition)._handle
            sid = self._sid(len(facts))
            batch = [dict(fact, sid=sid, id=i) for fact, i in zip(facts, self._ids.first(len(facts)))]
            failed = True
            try:
                messages: list[Any] = []
                if batch:
                    result, state = durable_rules_engine.assert_facts(
                        handle, json.dumps(batch, ensure_ascii=False, separators=(",", ":")))
                    if result == NOT_HANDLED:
                        raise EngineError(f"rule set {name}: a fact matched no rule")
                    if result == OBSERVED:
                        raise EngineError(f"rule set {name}: a fact was rejected as a duplicate")
                    messages = _drain(handle, state, keep)
                failed = False
            except durable_rules_engine.error as exc:
                raise EngineError(f"rule set {name}: {_translate(exc)}") from None
            finally:
                if failed:
                    self._quarantine(name)
                else:
                    try:
                        durable_rules_engine.delete_state(handle, sid)
                    except durable_rules_engine.error:
                        pass
            return messages

    def _sid(self, count: int) -> str:
        """A fresh state id whose state fact (``sid-SID``) cannot collide with the fact ids."""
        self._ids.first(count)
        while True:
            sid = f"r{next(self._sids)}"
            if fnv1a32(f"sid-{sid}") not in self._ids.hashes:
                return sid

    def _ensure(self, name: str, definition: dict[str, Any]) -> Any:
        if name in self._registered:
            self._registered.move_to_end(name)
            return self._registered[name]
        while len(self._registered) >= self._max:
            self._drop(next(iter(self._registered)))
        prepared = copy.deepcopy(definition)
        for rule in prepared.values():
            rule["run"] = _ignore  # never called by run(); the no-op of replay_through_host()
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

    def clear(self) -> None:
        """Delete every registered rule set (tests and long-running hosts)."""
        with self._lock:
            for name in list(self._registered):
                self._drop(name)


def _drain(handle: int, state: int, keep: bool) -> list[Any]:
    """Take every pending match of the state, as durable's Host loop does, running nothing."""
    started = durable_rules_engine.start_action_for_state(handle, state)
    if started is None:
        return []
    out: list[Any] = []
    message = started[1]
    while message is not None:
        if not message.startswith('{"' + SINK_PREFIX):
            out.append(message if keep else None)
        message = durable_rules_engine.complete_and_start_action(handle, state)
    return out


def _firing(message: str) -> Firing:
    """The rule and the matched facts' minerals of one match, read from the engine's JSON
    without decoding the facts: every fact carries its ``mineral`` once; no other field of a
    fact is read back (JSON escapes any quote inside a value, so a value cannot look like it)."""
    name = RULE_NAME.match(message)
    minerals = MINERAL.findall(message)
    if name is None or not minerals:
        raise EngineError(f"unreadable match from the rule engine: {message[:200]}")
    if "\\" in message:  # an escaped character somewhere: decode the ids properly
        minerals = [json.loads(f'"{m}"') for m in minerals]
    return name.group(1), tuple(minerals)


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
