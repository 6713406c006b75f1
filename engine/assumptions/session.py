"""A what-if session: assumptions layered on a baseline, changed one at a time.

The chat REPL keeps one WhatIfSession; its slash commands (/set, /unset, /scenario,
/reset, /diff, /save) and its answers to what-if questions all go through it, and any
other program can use it the same way. The baseline (the facts and rules directories the
session started with) is loaded once; each change is validated before it is kept, so a
bad override leaves the session as it was. Nothing is written except by :meth:`save`.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from critmin.assumptions.diff import Diff, describe_overrides, diff
from critmin.assumptions.overrides import Override, Overrides, apply_overrides, parse_overrides, split_directories
from critmin.assumptions.scenarios import Scenario, find_scenario, write_scenario
from critmin.concepts import IDENTIFIER
from critmin.errors import CritminError, OverrideError, UsageError, suggest
from critmin.facts.loading import find_mineral, load_facts
from critmin.facts.model import FactBase
from critmin.inference.results import Results
from critmin.inference.traced import score
from critmin.ruleset.loading import load_rules
from critmin.ruleset.model import RuleBase

Confirm = Callable[[str], bool]


class WhatIfSession:
    """Overrides (``KEY=VALUE``, scenarios, ``facts=DIR`` / ``rules=DIR``) over a baseline."""

    def __init__(self, facts_dir: str | os.PathLike[str] | None = None,
                 rules_dir: str | os.PathLike[str] | None = None) -> None:
        self.facts_dir, self.rules_dir = facts_dir, rules_dir
        self._overrides: dict[str, Override] = {}
        self._facts: dict[tuple, FactBase] = {}  # by directory ("" is the shipped one), see _load
        self._rules: dict[tuple, RuleBase] = {}
        self._baseline: Results | None = None
        self._current: tuple[FactBase, RuleBase, Results] | None = None

    # ------------------------------------------------------------ state

    @property
    def overrides(self) -> list[Override]:
        """The session's overrides, in the order they apply (a later one wins)."""
        return list(self._overrides.values())

    @property
    def scenarios(self) -> list[str]:
        """Names of the scenarios whose overrides are (at least partly) in force."""
        return [text.split(" ", 1)[1] for text in describe_overrides(self.overrides)
                if text.startswith("scenario ")]

    def _load_facts(self, directory: str | os.PathLike[str] | None, named: bool = False) -> FactBase:
        return self._load(self._facts, load_facts, directory, named)

    def _load_rules(self, directory: str | os.PathLike[str] | None, named: bool = False) -> RuleBase:
        return self._load(self._rules, load_rules, directory, named)

    @staticmethod
    def _load(cache: dict, load: Callable[[Any], Any], directory: str | os.PathLike[str] | None,
              named: bool) -> Any:
        """The facts or rules of a directory, loaded once. A directory named by an override
        (``rules=DIR``) is keyed on its files too, so naming it again after an edit loads the
        edit rather than answering from the copy read before."""
        key: tuple = (str(directory) if directory is not None else "",)
        if named and directory is not None:
            key += _fingerprint(directory)
        if key not in cache:
            for older in [k for k in cache if k[0] == key[0] and named]:
                del cache[older]  # an earlier state of the same directory
            cache[key] = load(directory)
        return cache[key]

    def baseline_bases(self) -> tuple[FactBase, RuleBase]:
        return self._load_facts(self.facts_dir), self._load_rules(self.rules_dir)

    def baseline(self) -> Results:
        if self._baseline is None:
            self._baseline = score(*self.baseline_bases())
        return self._baseline

    def _build(self, overrides: Iterable[Override]) -> tuple[FactBase, RuleBase]:
        directories, rest = split_directories(overrides)
        facts = self._load_facts(directories.get("facts", self.facts_dir), "facts" in directories)
        rules = self._load_rules(directories.get("rules", self.rules_dir), "rules" in directories)
        return apply_overrides(facts, rules, rest) if rest else (facts, rules)

    def bases(self) -> tuple[FactBase, RuleBase]:
        """The facts and rules with the session's overrides applied."""
        return self._state()[:2]

    def results(self) -> Results:
        """The scoring run under the session's overrides (the baseline when there are none)."""
        return self._state()[2]

    def _state(self) -> tuple[FactBase, RuleBase, Results]:
        if self._current is None:
            if not self._overrides:
                self._current = (*self.baseline_bases(), self.baseline())
            else:
                facts, rules = self._build(self.overrides)
                self._current = (facts, rules, score(facts, rules))
        return self._current

    def _replace(self, overrides: dict[str, Override]) -> Diff:
        """Adopt ``overrides`` if they are valid; return what changed against the previous state."""
        before = self.results()
        if overrides:
            facts, rules = self._build(overrides.values())
            after = score(facts, rules)
        else:
            (facts, rules), after = self.baseline_bases(), self.baseline()
        self._overrides, self._current = overrides, (facts, rules, after)
        return diff(before, after, ("before", "after"), describe_overrides(overrides.values()))

    def directories(self) -> tuple[Path, Path]:
        """The facts and rules directories in use (after any ``facts=DIR`` / ``rules=DIR``)."""
        facts, rules = self.bases()
        return Path(facts.directory), Path(rules.directory)

    def fork(self) -> WhatIfSession:
        """An independent copy to try a change on, which may be kept or dropped (the chat
        answers on a fork, so a cancelled answer leaves the session as it was). Loaded facts
        and rules are immutable and shared; every change replaces state, never mutates it."""
        twin = copy.copy(self)
        twin._facts, twin._rules = dict(self._facts), dict(self._rules)
        return twin

    def reload(self) -> Diff:
        """Read the facts and rules directories again (after an edit) and re-score with the same
        assumptions; the diff the edit makes. A bad file raises and leaves the session as it was."""
        before = self.results()
        saved = self._facts, self._rules, self._baseline, self._current
        self._facts, self._rules, self._baseline, self._current = {}, {}, None, None
        try:
            after = self.results()
        except CritminError:
            self._facts, self._rules, self._baseline, self._current = saved
            raise
        return diff(before, after, ("before the edit", "after the edit"), describe_overrides(self.overrides))

    # ------------------------------------------------------------ changes

    def set(self, *items: str | Override | Overrides) -> Diff:
        """Add or replace overrides; the diff they make. Each item is a ``"KEY=VALUE"`` text, an
        Override, a mapping ``{KEY: VALUE}`` or a list of texts and Overrides:
        ``set("params.x=1", "countries.Indonesia.alignment=ally")`` or ``set({"params.x": 1})``."""
        return self._replace(self._merged(items))

    def adopt(self, *items: str | Override | Overrides) -> None:
        """Like :meth:`set`, without the diff: the baseline is not scored for it."""
        overrides = self._merged(items)
        facts, rules = self._build(overrides.values())
        self._overrides, self._current = overrides, (facts, rules, score(facts, rules))

    def _merged(self, items: tuple[str | Override | Overrides, ...]) -> dict[str, Override]:
        parsed = [o for item in items
                  for o in parse_overrides([item] if isinstance(item, (str, Override)) else item)]
        if not parsed:
            raise UsageError("expected KEY=VALUE, e.g. nickel.us.projected_addition_2035_t=700000")
        overrides = dict(self._overrides)
        for override in parsed:
            overrides.pop(override.key.lower(), None)  # a later setting moves to the end
            overrides[override.key.lower()] = override
        return overrides

    def apply_scenario(self, name_or_file: str) -> tuple[Scenario, Diff]:
        """Add a scenario's overrides (by name or file) on top of the current ones."""
        scenario = find_scenario(name_or_file, self.baseline_bases()[0])
        return scenario, self.set(*scenario.overrides)

    def unset(self, key: str) -> tuple[Override, Diff]:
        """Remove one override by its key (case-insensitive)."""
        wanted = key.strip().lower()
        if wanted not in self._overrides:
            keys = [o.key for o in self.overrides]
            raise OverrideError(f"'{key}' is not set{suggest(key, keys)}; set now: {', '.join(keys) or 'nothing'}")
        overrides = dict(self._overrides)
        removed = overrides.pop(wanted)
        return removed, self._replace(overrides)

    def reset(self) -> Diff:
        """Drop every override: back to the baseline."""
        return self._replace({})

    # ------------------------------------------------------------ questions

    def diff(self, minerals: list[str] | None = None) -> Diff:
        """What the session's overrides change against the baseline."""
        before, after = self.baseline(), self.results()
        if minerals:
            before, after = _only(before, minerals), _only(after, minerals)
        return diff(before, after, ("baseline", "session"), describe_overrides(self.overrides))

    def whatif(self, overrides: Overrides) -> Diff:
        """What ``overrides`` (a mapping or a list, as :meth:`set` takes them) would change on top
        of the session's state, without keeping them."""
        extra = parse_overrides(overrides)
        if not extra:
            raise UsageError("expected at least one KEY=VALUE")
        merged = {o.key.lower(): o for o in self.overrides}
        for override in extra:
            merged.pop(override.key.lower(), None)
            merged[override.key.lower()] = override
        facts, rules = self._build(merged.values())
        return diff(self.results(), score(facts, rules), ("session", "what-if"), describe_overrides(extra))

    # ------------------------------------------------------------ saving

    def to_scenario(self, name: str, description: str | None = None, source: str | None = None) -> Scenario:
        """The session's overrides as a scenario (directory overrides cannot be saved)."""
        kept = [o for o in self.overrides if o.key not in ("facts", "rules")]
        if not kept:
            raise UsageError("nothing to save: no overrides are set (directory overrides are not saved)")
        applied = ", ".join(self.scenarios)
        note = f"Built on the scenarios {applied}." if applied else None
        return Scenario(name, description or f"Assumptions saved from a critmin session: {len(kept)} override(s).",
                        source or "analyst (critmin session)", tuple(kept), note)

    def save(self, path: str | os.PathLike, confirm: Confirm, description: str | None = None) -> Path | None:
        """Write the overrides as a scenario file (atomically); ask ``confirm`` before overwriting.

        Returns the path written, or None when the user declined to overwrite.
        """
        written = os.fspath(path)
        path = Path(path).expanduser()
        if written.endswith(("/", os.sep)) or path.is_dir():  # Path("out/") would be out → out.yaml
            what = "ends in a separator, so it names a directory" if not path.is_dir() else "is a directory"
            raise UsageError(f"'{written}' {what}; give the scenario file's name, e.g. "
                             f"{Path(written) / 'my_case.yaml'}")
        if path.suffix != ".yaml":
            path = path.with_suffix(path.suffix + ".yaml") if path.suffix else path.with_suffix(".yaml")
        if not IDENTIFIER.match(path.stem):
            raise UsageError(f"'{path.name}': a scenario file is named lower_case_with_underscores.yaml "
                             "(the name is the file name)")
        scenario = self.to_scenario(path.stem, description)
        overwrite = path.exists()
        if overwrite and not confirm(f"{path} exists. Overwrite it?"):
            return None
        return write_scenario(path, scenario, overwrite=overwrite)


def _only(results: Results, minerals: list[str]) -> Results:
    ids = {find_mineral(results.facts, m).id for m in minerals}
    return Results([a for a in results.values() if a.mineral in ids], results.facts, results.rules,
                   [w for w in results.warnings if w.split(":", 1)[0] in ids])


def _fingerprint(directory: str | os.PathLike[str]) -> tuple[tuple[str, int, int, int], ...]:
    """Name, size, modification time and inode of each ``*.yaml`` entry of a directory (not
    followed: a link is described by itself); empty when the directory cannot be listed."""
    try:
        with os.scandir(os.fspath(directory)) as entries:
            found = [(e.name, e.stat(follow_symlinks=False)) for e in entries if e.name.endswith(".yaml")]
    except OSError:
        return ()
    return tuple(sorted((name, st.st_size, st.st_mtime_ns, st.st_ino) for name, st in found))
