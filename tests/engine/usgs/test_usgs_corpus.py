"""The importer's part of the bad-input corpus (tests/corpus/usgs): faulty release files and
fact files it cannot safely edit, each refused with one message naming the file and line, by
`critmin import usgs` and by the API, with no file written, changed or left behind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from critmin.usgs.importer import plan_import
from tests.helpers.badinput import (
    CASE_FILE,
    CORPUS,
    Expect,
    Sandbox,
    changes,
    check_api,
    check_output,
    generate,
    make_sandbox,
    run_cli,
    snapshot,
)
from tests.helpers.paths import USGS_DATA

DATA = USGS_DATA
CASES = sorted(p for p in (CORPUS / "usgs").iterdir() if (p / CASE_FILE).is_file())


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    return make_sandbox(tmp_path)


def prepare(spec: dict, release: Path, facts: Path) -> None:
    target = facts if spec.get("target") == "facts" else release
    for name in spec.get("delete", []):
        (target / name).unlink()
    for edit in spec.get("edit", []):
        path = target / edit["file"]
        text = path.read_text(encoding="utf-8-sig")
        assert edit["old"] in text, f"{edit['old']!r} not in {edit['file']}"
        path.write_text(text.replace(edit["old"], edit["new"], 1), encoding="utf-8")
    for item in spec.get("generate", []):
        generate(target / item["file"], item)


@pytest.mark.parametrize("directory", CASES, ids=lambda p: p.name)
def test_bad_release_and_fact_files(sandbox, directory):
    spec = yaml.safe_load((directory / CASE_FILE).read_text(encoding="utf-8"))
    assert spec.get("about") and spec.get("expect"), directory.name
    release = sandbox.root / "release"
    shutil.copytree(DATA, release)
    prepare(spec, release, sandbox.facts)
    expect = Expect.from_dict({"error": "DataError", **spec})
    watched = [*sandbox.watched(), release]
    before = snapshot(watched)
    args = [str(a).replace("{release}", str(release)) for a in spec["args"]]
    check_output(run_cli(args, sandbox), expect, directory.name)
    check_api(lambda: plan_import([str(release)], sandbox.facts, spec.get("minerals")), expect)
    assert changes(before, snapshot(watched)) == []


def test_the_importer_corpus_covers_each_fault():
    assert {"year_twice", "world_total_twice", "country_above_world_total", "country_twice",
            "net_import_reliance_above_100", "release_file_is_a_fifo", "release_file_is_dev_zero",
            "fact_file_is_a_fifo", "fact_file_is_dev_zero", "fact_file_nested_10000",
            "fact_file_68_megabytes"} <= {p.name for p in CASES}
