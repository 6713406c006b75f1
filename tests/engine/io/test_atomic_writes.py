"""Atomic writes: a failed write leaves the old file and no temporary file; no silent overwrite."""

from __future__ import annotations

import errno
import os
import stat
import threading

import pytest

from critmin.errors import FileWriteError
from critmin.io import atomic as safe_io
from critmin.io.atomic import atomic_write_bytes, atomic_write_text


def listing(directory) -> list[str]:
    return sorted(p.name for p in directory.iterdir())


def fail_with(code: int):
    def failing(*args, **kwargs):
        raise OSError(code, os.strerror(code))
    return failing


def test_writes_a_new_file_with_the_usual_permissions(tmp_path):
    path = atomic_write_text(tmp_path / "scenario.yaml", "name: x\n镍\n")
    assert path.read_text(encoding="utf-8") == "name: x\n镍\n"
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    assert listing(tmp_path) == ["scenario.yaml"]


def test_refuses_to_overwrite_unless_asked(tmp_path):
    path = tmp_path / "keep.yaml"
    path.write_text("old\n")
    with pytest.raises(FileWriteError, match="the file exists; not overwritten") as info:
        atomic_write_text(path, "new\n")
    assert info.value.problems[0].file == str(path)
    assert path.read_text() == "old\n" and listing(tmp_path) == ["keep.yaml"]
    atomic_write_text(path, "new\n", overwrite=True)
    assert path.read_text() == "new\n" and listing(tmp_path) == ["keep.yaml"]


def test_overwrite_keeps_the_mode(tmp_path):
    path = tmp_path / "private.yaml"
    path.write_text("old")
    path.chmod(0o600)
    atomic_write_text(path, "new", overwrite=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize("step", ["fsync", "replace", "write"])
def test_a_failure_mid_write_leaves_the_old_file(tmp_path, monkeypatch, step):
    path = tmp_path / "data.yaml"
    path.write_text("old content\n")
    before = path.stat().st_mtime_ns
    if step == "write":  # the disk fills up while writing
        real_fdopen = os.fdopen

        class Full:
            def __init__(self, handle):
                self.file = real_fdopen(handle, "wb")

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.file.close()

            def write(self, data):
                self.file.write(data[: len(data) // 2])
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr(safe_io.os, "fdopen", lambda handle, mode: Full(handle))
    else:
        monkeypatch.setattr(safe_io.os, step, fail_with(errno.EIO))
    with pytest.raises(FileWriteError, match="cannot write") as info:
        atomic_write_text(path, "new content that must not appear\n" * 1000, overwrite=True)
    assert str(path) in str(info.value)
    assert path.read_text() == "old content\n" and path.stat().st_mtime_ns == before
    assert listing(tmp_path) == ["data.yaml"]


def test_an_interrupt_mid_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    path = tmp_path / "data.yaml"
    path.write_text("old")

    def interrupted(handle):
        raise KeyboardInterrupt
    monkeypatch.setattr(safe_io.os, "fsync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_text(path, "new", overwrite=True)
    assert path.read_text() == "old" and listing(tmp_path) == ["data.yaml"]


def test_a_new_file_without_hard_links_still_refuses_an_existing_name(tmp_path, monkeypatch):
    monkeypatch.setattr(safe_io.os, "link", fail_with(errno.EPERM))
    path = atomic_write_text(tmp_path / "new.yaml", "first")
    assert path.read_text() == "first" and listing(tmp_path) == ["new.yaml"]


def test_a_file_created_meanwhile_is_not_overwritten(tmp_path, monkeypatch):
    path = tmp_path / "race.yaml"
    real_link = os.link

    def someone_else_first(source, target):
        path.write_text("theirs")
        return real_link(source, target)
    monkeypatch.setattr(safe_io.os, "link", someone_else_first)
    with pytest.raises(FileWriteError, match="created by someone else meanwhile"):
        atomic_write_text(path, "mine")
    assert path.read_text() == "theirs" and listing(tmp_path) == ["race.yaml"]


def test_concurrent_writers_of_a_new_file_one_wins(tmp_path):
    path = tmp_path / "contested.yaml"
    barrier = threading.Barrier(8)
    outcome: dict[int, str] = {}

    def write(i: int) -> None:
        barrier.wait()
        try:
            atomic_write_text(path, f"writer {i}\n")
            outcome[i] = "written"
        except FileWriteError:
            outcome[i] = "refused"

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    winners = [i for i, o in outcome.items() if o == "written"]
    assert len(winners) == 1 and len(outcome) == 8
    assert path.read_text() == f"writer {winners[0]}\n"
    assert listing(tmp_path) == ["contested.yaml"]


def test_bad_targets_are_named(tmp_path):
    with pytest.raises(FileWriteError, match="no such directory"):
        atomic_write_text(tmp_path / "missing" / "x.yaml", "x")
    (tmp_path / "folder").mkdir()
    with pytest.raises(FileWriteError, match="a directory has this name"):
        atomic_write_text(tmp_path / "folder", "x", overwrite=True)
    with pytest.raises(FileWriteError, match="cannot contain a NUL"):
        atomic_write_text(tmp_path / "a\x00b", "x")
    with pytest.raises(FileWriteError, match="cannot be written as ascii"):
        atomic_write_text(tmp_path / "x.yaml", "镍", encoding="ascii")
    assert listing(tmp_path) == ["folder"]


def test_a_symlink_is_replaced_and_its_target_left_alone(tmp_path):
    target = tmp_path / "target.yaml"
    target.write_text("target")
    link = tmp_path / "link.yaml"
    link.symlink_to(target)
    with pytest.raises(FileWriteError, match="exists"):
        atomic_write_bytes(link, b"new")
    atomic_write_bytes(link, b"new", overwrite=True)
    assert not link.is_symlink() and link.read_bytes() == b"new"
    assert target.read_text() == "target"


def test_scenarios_are_written_through_the_helper(tmp_path, monkeypatch):
    from critmin.assumptions.overrides import parse_override
    from critmin.assumptions.scenarios import Scenario, ScenarioError, write_scenario

    scenario = Scenario("disk_full", "A test.", "test", (parse_override("params.severe_shortfall_min=0.95"),))
    path = write_scenario(tmp_path / "disk_full.yaml", scenario)
    old = path.read_text()
    monkeypatch.setattr(safe_io.os, "fsync", fail_with(errno.ENOSPC))
    with pytest.raises(ScenarioError, match="No space left on device"):
        write_scenario(path, scenario, overwrite=True)
    assert path.read_text() == old and listing(tmp_path) == ["disk_full.yaml"]


def test_plots_refuse_to_overwrite_unless_asked(tmp_path):
    from click.testing import CliRunner

    from critmin.cli.app import cli

    image = tmp_path / "matrix.png"
    image.write_bytes(b"an older chart")
    args = ["plot", "matrix", "--out", str(image), "--size", "300x200", "--mineral", "nickel"]
    refused = CliRunner().invoke(cli, args)
    assert refused.exit_code == 2 and "the file exists; not overwritten" in refused.output
    assert "--overwrite" in refused.output and image.read_bytes() == b"an older chart"
    replaced = CliRunner().invoke(cli, args + ["--overwrite"])
    assert replaced.exit_code == 0, replaced.output
    assert image.read_bytes().startswith(b"\x89PNG") and listing(tmp_path) == ["matrix.png"]


def test_fact_imports_are_written_through_the_helper(tmp_path, monkeypatch):
    from critmin.io.yaml_edit import write_atomic

    target = tmp_path / "nickel.yaml"
    target.write_text("old\n")
    monkeypatch.setattr(safe_io.os, "fsync", fail_with(errno.EIO))
    with pytest.raises(FileWriteError, match="Input/output error"):
        write_atomic(target, "new\n")
    assert target.read_text() == "old\n" and listing(tmp_path) == ["nickel.yaml"]
