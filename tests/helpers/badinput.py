"""The bad-input harness: run a case through the real CLI and the API, check every guarantee.

A case is rejected properly when, for every command it runs:
- the exit code is the expected one (2 for bad data, rules or overrides; 1 for usage);
- the output holds every expected fragment and the location (``file:line[:column]`` or key);
- the output holds no traceback and no "internal error";
and, through the Python API, the expected exception type (one hierarchy, critmin.errors) comes
out with the expected number of problems; and afterwards no watched file was written, changed
or removed (bytes, size, mode and mtime of the shipped data, the case's copies and the working
directory) and the marker file a malicious input tries to create does not exist.

Cases live in tests/corpus/ (see its README.md). New kinds of input (REPL questions, what-if
commands, scenario files) reuse :class:`Sandbox`, :func:`snapshot`, :func:`run_cli` and
:func:`assert_rejected`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from click.testing import CliRunner, Result

import critmin
from critmin.cli.app import cli
from critmin.io.shipped import shipped_dir
from tests.helpers.paths import CORPUS

MARKER_TOKEN = "@MARKER@"  # replaced in case files by the path of a file that must never appear
CASE_FILE = "case.yaml"
FORBIDDEN_OUTPUT = ("Traceback", "internal error")


@dataclass
class Sandbox:
    """A writable copy of the shipped facts and rules, an empty working directory, a marker."""

    root: Path
    facts: Path
    rules: Path
    cwd: Path
    marker: Path

    def watched(self) -> list[Path]:
        """Every directory whose files must stay byte- and mtime-identical."""
        return [self.facts, self.rules, self.cwd, shipped_dir("facts"), shipped_dir("rules")]

    def fill(self, text: str) -> str:
        """Placeholders in case text: {facts}, {rules}, {marker} and @MARKER@."""
        text = text.replace(MARKER_TOKEN, str(self.marker))
        for name in ("facts", "rules", "marker"):
            text = text.replace("{" + name + "}", str(getattr(self, name)))
        return text


def make_sandbox(root: Path) -> Sandbox:
    facts, rules, cwd = root / "facts", root / "rules", root / "cwd"
    shutil.copytree(shipped_dir("facts"), facts)
    shutil.copytree(shipped_dir("rules"), rules)
    cwd.mkdir()
    return Sandbox(root, facts, rules, cwd, root / "marker-created-by-input")


# ---------------------------------------------------------------- snapshots

def snapshot(directories: Iterable[Path]) -> dict[str, tuple]:
    """Path → (type, size, mode, mtime_ns, sha256) of everything under ``directories``.

    Special files (FIFOs, devices) and symlinks are recorded by their own status only: they
    are never opened, so taking a snapshot cannot block or read forever.
    """
    state: dict[str, tuple] = {}
    for top in directories:
        for path in [top, *sorted(top.rglob("*"))]:
            info = path.lstat()
            digest = None
            if stat.S_ISREG(info.st_mode):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            elif stat.S_ISLNK(info.st_mode):
                digest = os.readlink(path)
            state[str(path)] = (stat.S_IFMT(info.st_mode), info.st_size, info.st_mode,
                                info.st_mtime_ns, digest)
    return state


def changes(before: dict[str, tuple], after: dict[str, tuple]) -> list[str]:
    """What differs between two snapshots, one line per path."""
    out = [f"created {p}" for p in after.keys() - before.keys()]
    out += [f"removed {p}" for p in before.keys() - after.keys()]
    out += [f"changed {p}" for p in before.keys() & after.keys() if before[p] != after[p]]
    return sorted(out)


# ---------------------------------------------------------------- running

def run_cli(args: Sequence[str], sandbox: Sandbox, input: str | None = None) -> Result:
    """``critmin ARGS`` through click's runner, from the sandbox's empty working directory."""
    previous = os.getcwd()
    os.chdir(sandbox.cwd)
    try:
        return CliRunner().invoke(cli, [sandbox.fill(a) for a in args], input=input)
    finally:
        os.chdir(previous)


@dataclass
class Expect:
    """What a rejection must look like."""

    exit: int = 2
    error: str | None = None  # class name in critmin.errors (or engine) raised by the API
    fragments: list[str] = field(default_factory=list)
    where: str | None = None  # "file.yaml:LINE[:COLUMN]" or a key path
    problems: int | None = 1  # how many problems the API reports; None: any number

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Expect:
        return cls(exit=data.get("exit", 2), error=data.get("error"),
                   fragments=list(data.get("expect", [])), where=data.get("where"),
                   problems=data.get("problems", 1))


def check_output(result: Result, expect: Expect, label: str = "") -> None:
    """One CLI run: exit code, fragments, location, no traceback."""
    output = result.output
    shown = f"{label}\nexit {result.exit_code}\n{output[:3000]}"
    assert result.exit_code == expect.exit, shown
    for bad in FORBIDDEN_OUTPUT:
        assert bad not in output, shown
    for fragment in expect.fragments + ([expect.where] if expect.where else []):
        assert fragment in output, f"missing {fragment!r} in:\n{shown}"
    assert result.exception is None or isinstance(result.exception, SystemExit), shown


def check_api(call: Callable[[], Any], expect: Expect) -> None:
    """The API raises exactly the expected CritminError subclass with the expected problems."""
    try:
        call()
    except critmin.CritminError as exc:
        text = str(exc)
        assert type(exc).__name__ == expect.error, f"{type(exc).__name__} instead of {expect.error}: {text}"
        for fragment in expect.fragments + ([expect.where] if expect.where else []):
            assert fragment in text, f"missing {fragment!r} in:\n{text}"
        if expect.problems is not None:
            assert len(exc.problems) == expect.problems, text
        return
    raise AssertionError(f"the API accepted the input; expected {expect.error}")


def assert_rejected(sandbox: Sandbox, commands: Sequence[Sequence[str]], expect: Expect,
                    api: Callable[[], Any] | None = None) -> None:
    """Every command and the API call reject the input as ``expect`` says, changing nothing."""
    before = snapshot(sandbox.watched())
    for args in commands:
        check_output(run_cli(args, sandbox), expect, " ".join(args)[:200])
    if api is not None:
        previous = os.getcwd()
        os.chdir(sandbox.cwd)
        try:
            check_api(api, expect)
        finally:
            os.chdir(previous)
    assert changes(before, snapshot(sandbox.watched())) == []
    assert not sandbox.marker.exists(), "input ran code: the marker file exists"


# ---------------------------------------------------------------- file cases

@dataclass
class FileCase:
    """One directory of tests/corpus/facts or tests/corpus/rules."""

    name: str
    target: str  # "facts" or "rules": where its files are dropped
    directory: Path
    spec: dict[str, Any]

    @property
    def expect(self) -> Expect:
        return Expect.from_dict(self.spec)

    def commands(self) -> list[list[str]]:
        if "commands" in self.spec:
            return [list(c) for c in self.spec["commands"]]
        both = ["--facts", "{facts}", "--rules", "{rules}"]
        own = ["facts", "nickel", "--facts", "{facts}"] if self.target == "facts" else \
            ["rules", "--rules", "{rules}"]
        return [["validate", *both], ["score", *both], own]

    def prepare(self, sandbox: Sandbox) -> None:
        """Drop the case's files into the sandbox, apply its edits, make generated files."""
        target = getattr(sandbox, self.target)
        for source in sorted(self.directory.iterdir()):
            if source.name != CASE_FILE:
                data = source.read_bytes()
                if MARKER_TOKEN.encode() in data:
                    data = sandbox.fill(data.decode("utf-8")).encode("utf-8")
                (target / source.name).write_bytes(data)
        for edit in self.spec.get("edit", []):
            path = target / edit["file"]
            text = path.read_text(encoding="utf-8")
            assert edit["old"] in text, f"{self.name}: {edit['old']!r} not in {edit['file']}"
            path.write_text(text.replace(edit["old"], sandbox.fill(edit["new"]), 1), encoding="utf-8")
        for name in self.spec.get("delete", []):
            (target / name).unlink()
        for item in self.spec.get("generate", []):
            generate(target / item["file"], item)


def generate(path: Path, item: dict[str, Any]) -> None:
    """Files too big or too special to commit: big text, a FIFO, a symlink, a directory."""
    kind = item.get("kind", "text")
    if kind == "text":
        fill = item.get("fill", "# padding\n").encode("utf-8")
        with open(path, "wb") as handle:
            handle.write(item.get("head", "").encode("utf-8"))
            handle.write(fill * (item["size"] // len(fill) + 1))
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "symlink":
        path.symlink_to(item["to"])
    elif kind == "directory":
        path.mkdir()
    else:
        raise ValueError(f"unknown generated kind {kind!r}")


def file_cases(target: str) -> list[FileCase]:
    """Every case directory under tests/corpus/TARGET, sorted by name."""
    cases = []
    for directory in sorted((CORPUS / target).iterdir()):
        if (directory / CASE_FILE).is_file():
            spec = yaml.safe_load((directory / CASE_FILE).read_text(encoding="utf-8"))
            cases.append(FileCase(directory.name, target, directory, spec))
    return cases


def list_cases(name: str) -> list[dict[str, Any]]:
    """The cases of a list file, tests/corpus/NAME.yaml (CLI arguments, overrides)."""
    return yaml.safe_load((CORPUS / f"{name}.yaml").read_text(encoding="utf-8"))["cases"]
