"""critmin import usgs against bad release files, bad fact files and concurrent edits: every
fault is refused with one message, nothing is read without bounds, no edit is lost."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from critmin.cli.app import cli
from critmin.errors import FileWriteError
from critmin.io.file_set import JOURNAL, Change, recover, write_files
from critmin.usgs.importer import plan_import, write_plan
from tests.helpers.edits import edit
from tests.helpers.paths import USGS_DATA

DATA = USGS_DATA
WORLD = "MCS2025_World_Data.csv"


def run(*args: str):
    return CliRunner().invoke(cli, ["import", "usgs", *args])


def refused(result, *fragments: str) -> str:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    for fragment in fragments:
        assert fragment in result.output, result.output
    return result.output


@pytest.fixture
def release(tmp_path: Path) -> Path:
    target = tmp_path / "release"
    shutil.copytree(DATA, target)
    return target


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith("."))


# ---------------------------------------------------------------- silent CSV faults

def test_two_rows_for_the_year_are_refused(release, facts_copy):
    salient = release / "mcs2025-nicke_salient.csv"
    row = next(line for line in salient.read_text(encoding="utf-8-sig").splitlines() if ",2024," in line)
    edit(salient, row, row + "\n" + row.replace(",8000,", ",9000,"))
    refused(run(str(release), "--facts", str(facts_copy), "--mineral", "nickel"),
            f"{salient}:6:", "2 rows for Year 2024; which one holds the figures cannot be told (lines 6, 7)")


def test_a_second_world_total_row_is_refused(release, facts_copy):
    world = release / WORLD
    total = next(line for line in world.read_text(encoding="utf-8-sig").splitlines()
                 if line.startswith("MCS2025,Nickel,World total"))
    edit(world, total, total + "\n" + total)
    refused(run(str(release), "--facts", str(facts_copy), "--mineral", "nickel"),
            "Nickel (Mine production, nickel content): 2 'World total' rows", "(lines 734, 735)")


def test_a_country_listed_twice_is_refused(release, facts_copy):
    world = release / WORLD
    row = "MCS2025,Nickel,China,"
    line = next(x for x in world.read_text(encoding="utf-8-sig").splitlines() if x.startswith(row))
    edit(world, line, line + "\n" + line.replace(",120000,", ",130000,"))
    refused(run(str(release), "--facts", str(facts_copy), "--mineral", "nickel"),
            "China is listed more than once")


def test_a_country_above_the_world_total_is_refused(release, facts_copy):
    edit(release / WORLD, "Indonesia,\"Mine production, nickel content\",metric tons,2030000,2200000",
         "Indonesia,\"Mine production, nickel content\",metric tons,2030000,9200000")
    before = {p.name: p.read_bytes() for p in facts_copy.glob("*.yaml")}
    refused(run(str(release), "--facts", str(facts_copy), "--mineral", "nickel", "--write"),
            "Indonesia: PROD_EST_ 2024 9200000 is above the world total 3700000",
            "a country's share of the world cannot exceed 100%")
    assert {p.name: p.read_bytes() for p in facts_copy.glob("*.yaml")} == before


def test_a_net_import_reliance_above_100_is_refused(release, facts_copy):
    salient = release / "mcs2025-cobal_salient.csv"
    row = next(line for line in salient.read_text(encoding="utf-8-sig").splitlines() if ",2024," in line)
    edit(salient, row, row.rsplit(",", 1)[0] + ",150")
    refused(run(str(release), "--facts", str(facts_copy), "--mineral", "cobalt"),
            "NIR_pct 150 is above 100%")


def test_the_same_table_from_two_files_is_refused(release, tmp_path, facts_copy):
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(release / WORLD, other / WORLD)
    refused(run(str(release), str(other), "--facts", str(facts_copy)), "two files for the same table")
    assert run(str(release), str(release / WORLD), "--facts", str(facts_copy)).exit_code == 0


def test_a_column_named_twice_is_refused(release, facts_copy):
    edit(release / "mcs2025-cobal_salient.csv", "NIR_pct", "NIR_pct,NIR_pct ")
    refused(run(str(release), "--facts", str(facts_copy), "--mineral", "cobalt"),
            "column 'NIR_pct' appears twice in the header")


def test_a_number_with_misplaced_commas_is_not_read():
    from critmin.usgs.reader import parse_cell

    assert parse_cell("1,2,3").number is None and parse_cell("1,234,567").number == 1234567


def test_a_check_value_is_range_checked_like_a_value(facts_copy):
    edit(facts_copy / "aluminum.yaml", "check: {value: 0.5972,", "check: {value: 2.4865,")
    result = CliRunner().invoke(cli, ["validate", "--facts", str(facts_copy)])
    assert result.exit_code == 2 and "check.value: a share must be between 0 and 1, got 2.4865" in result.output


# ---------------------------------------------------------------- unbounded reads

def cli_process(*args: str, timeout: float = 60, env: dict | None = None) -> subprocess.CompletedProcess:
    """``critmin ARGS`` in its own process, killed if it runs past ``timeout`` seconds."""
    return subprocess.run([sys.executable, "-m", "critmin", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


@pytest.mark.parametrize("kind", ["fifo", "dev_zero", "directory"])
def test_a_fact_file_that_is_not_a_regular_file_is_refused_at_once(facts_copy, kind):
    nickel = facts_copy / "nickel.yaml"
    nickel.unlink()
    {"fifo": lambda: os.mkfifo(nickel), "dev_zero": lambda: nickel.symlink_to("/dev/zero"),
     "directory": nickel.mkdir}[kind]()
    result = cli_process("import", "usgs", str(DATA), "--facts", str(facts_copy), "--mineral", "nickel",
                         "--write", timeout=30)
    assert result.returncode == 2, result.stderr
    assert f"{nickel}: not a regular file" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("kind", ["fifo", "dev_zero"])
def test_a_release_file_that_is_not_a_regular_file_is_refused_at_once(tmp_path, facts_copy, kind):
    release = tmp_path / "release"
    release.mkdir()
    target = release / WORLD
    os.mkfifo(target) if kind == "fifo" else target.symlink_to("/dev/zero")
    for given in (release, target):
        result = cli_process("import", "usgs", str(given), "--facts", str(facts_copy), timeout=30)
        assert result.returncode == 2, result.stderr
        assert "cannot read CSV: not a regular file" in result.stderr


@pytest.mark.parametrize("content, fragment", [
    ("id: nickel\nx: " + "[" * 10_000 + "]" * 10_000 + "\n", "nested"),
    ("# padding\n" * 200_000, "the limit is 1,000,000 bytes"),
    ("id: nickel\n\x00", "binary file"),
])
def test_a_fact_file_past_the_safe_readers_bounds_is_refused(facts_copy, content, fragment):
    (facts_copy / "nickel.yaml").write_text(content, encoding="utf-8")
    result = run(str(DATA), "--facts", str(facts_copy), "--mineral", "nickel")
    refused(result, str(facts_copy / "nickel.yaml"), fragment)


def test_links_beside_the_facts_are_never_followed_nor_copied(tmp_path, facts_copy):
    (facts_copy / "zero").symlink_to("/dev/zero")
    (facts_copy / "loop").symlink_to(facts_copy)
    edit(facts_copy / "zinc.yaml", "  production_t:\n    value: 12000000\n", "  production_t:\n    value: 1\n")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = dict(os.environ, TMPDIR=str(scratch))
    result = cli_process("import", "usgs", str(DATA), "--facts", str(facts_copy), "--write", env=env)
    assert result.returncode == 0, result.stderr
    assert "wrote 1 file(s): zinc.yaml" in result.stdout
    assert list(scratch.iterdir()) == [] and leftovers(facts_copy) == []


# ---------------------------------------------------------------- lost edits

def two_changes(facts: Path) -> None:
    edit(facts / "zinc.yaml", "  production_t:\n    value: 12000000\n", "  production_t:\n    value: 1\n")
    edit(facts / "cobalt.yaml", "net_import_reliance: {value: 0.76,", "net_import_reliance: {value: 0.5,")


def test_an_edit_saved_after_the_import_read_the_file_is_kept(facts_copy):
    two_changes(facts_copy)
    plan = plan_import([str(DATA)], facts_copy)
    assert {p.name for p in plan.texts} == {"cobalt.yaml", "zinc.yaml"}
    edit(facts_copy / "zinc.yaml", "# Zinc", "# Zinc (edited meanwhile)")
    edited = (facts_copy / "zinc.yaml").read_bytes()
    cobalt = (facts_copy / "cobalt.yaml").read_bytes()
    with pytest.raises(FileWriteError, match="changed after the import read it"):
        write_plan(plan)
    assert (facts_copy / "zinc.yaml").read_bytes() == edited
    assert (facts_copy / "cobalt.yaml").read_bytes() == cobalt  # all or nothing
    assert leftovers(facts_copy) == []


def test_a_file_created_after_the_import_read_the_directory_is_kept(facts_copy):
    (facts_copy / "tin.yaml").unlink()
    plan = plan_import([str(DATA)], facts_copy, ["tin"])
    (facts_copy / "tin.yaml").write_text("# mine\n", encoding="utf-8")
    with pytest.raises(FileWriteError, match="appeared after the import read the directory"):
        write_plan(plan)
    assert (facts_copy / "tin.yaml").read_text() == "# mine\n"


def test_a_failure_midway_restores_the_files_already_written(facts_copy, monkeypatch):
    two_changes(facts_copy)
    before = {p.name: p.read_bytes() for p in facts_copy.glob("*.yaml")}
    plan = plan_import([str(DATA)], facts_copy)
    real, calls = os.replace, []

    def second_fails(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(src, dst)
    monkeypatch.setattr(os, "replace", second_fails)
    with pytest.raises(FileWriteError) as info:
        write_plan(plan)
    assert "No space left on device" in str(info.value) and "nothing has changed" in str(info.value)
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in facts_copy.glob("*.yaml")} == before


KILLED_MIDWAY = textwrap.dedent("""
    import os, signal, sys
    from critmin.usgs.importer import plan_import, write_plan
    plan = plan_import([sys.argv[1]], sys.argv[2])
    real, calls = os.replace, []
    def replace(src, dst):
        calls.append(dst)
        if len(calls) == 2:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(src, dst)
    os.replace = replace
    write_plan(plan)
""")


def test_a_write_killed_midway_is_undone_by_the_next_run(facts_copy):
    two_changes(facts_copy)
    before = {p.name: p.read_bytes() for p in facts_copy.glob("*.yaml")}
    killed = subprocess.run([sys.executable, "-c", KILLED_MIDWAY, str(DATA), str(facts_copy)], timeout=120)
    assert killed.returncode == -9
    assert (facts_copy / JOURNAL).exists()
    assert {p.name for p in facts_copy.glob("*.yaml") if p.read_bytes() != before[p.name]}  # half written
    preview = run(str(DATA), "--facts", str(facts_copy))
    assert preview.exit_code == 0 and "an earlier write into" in preview.stderr  # said, not touched
    assert (facts_copy / JOURNAL).exists()
    result = run(str(DATA), "--facts", str(facts_copy), "--write")
    assert result.exit_code == 0, result.output
    assert "was interrupted" in result.stderr and "are back as they were before it" in result.stderr
    assert "wrote 2 file(s)" in result.output and leftovers(facts_copy) == []


def test_write_files_refuses_while_another_write_holds_the_journal(tmp_path):
    import fcntl

    target = tmp_path / "a.yaml"
    target.write_text("old\n")
    handle = os.open(tmp_path / JOURNAL, os.O_WRONLY | os.O_CREAT)
    fcntl.flock(handle, fcntl.LOCK_EX)
    try:
        with pytest.raises(FileWriteError, match="another write into this directory is in progress"):
            write_files(tmp_path, {target: Change("old\n", "new\n")})
    finally:
        os.close(handle)
    assert target.read_text() == "old\n"
    assert recover(tmp_path) is not None and not (tmp_path / JOURNAL).exists()
    written, _ = write_files(tmp_path, {target: Change("old\n", "new\n"), tmp_path / "b.yaml": Change(None, "b\n")})
    assert [p.name for p in written] == ["a.yaml", "b.yaml"] and target.read_text() == "new\n"
    assert leftovers(tmp_path) == []


def test_a_commodity_in_two_units_is_refused(release, facts_copy):
    edit(release / WORLD, "Indonesia,\"Mine production, nickel content\",metric tons,",
         "Indonesia,\"Mine production, nickel content\",thousand metric tons,")
    refused(run(str(release), "--facts", str(facts_copy), "--mineral", "nickel"),
            "rows in 'metric tons' and in 'thousand metric tons'")


def test_a_journal_that_is_not_a_regular_file_is_refused_not_read(tmp_path):
    os.mkfifo(tmp_path / JOURNAL)
    target = tmp_path / "a.yaml"
    target.write_text("old\n")
    with pytest.raises(FileWriteError, match="not a regular file"):
        write_files(tmp_path, {target: Change("old\n", "new\n")})
    assert target.read_text() == "old\n"
