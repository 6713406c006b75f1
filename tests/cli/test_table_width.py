"""Tables fit the terminal: the widest columns wrap (list items kept whole where they fit)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from critmin.cli.app import cli
from critmin.render.tables import display_width, fitting, text_table, wrap_cell


def widest(text: str) -> int:
    return max(display_width(line) for line in text.splitlines())


@pytest.mark.parametrize("width", [80, 120, 200])
def test_critmin_score_fits_the_width_and_keeps_every_lever(width, results):
    result = CliRunner(env={"CRITMIN_WIDTH": str(width)}).invoke(cli, ["score"])
    assert result.exit_code == 0 and widest(result.output) <= width
    assert "…" not in result.output  # nothing cut: long identifiers break after a "_"
    joined = " ".join(result.output.split()).replace("_ ", "_")
    for assessment in results.values():
        assert assessment.mineral in joined
        for lever in assessment.lever_ids if width > 80 else ():
            assert lever in joined


def test_a_pipe_gets_the_full_table_and_zero_means_no_limit():
    full = CliRunner().invoke(cli, ["score"]).output
    assert widest(full) > 180
    assert CliRunner(env={"CRITMIN_WIDTH": "0"}).invoke(cli, ["score"]).output == full


def test_a_bad_width_is_a_usage_error():
    result = CliRunner(env={"CRITMIN_WIDTH": "wide"}).invoke(cli, ["score"])
    assert result.exit_code == 1 and "CRITMIN_WIDTH must be a number" in result.output


@pytest.mark.parametrize("width", [80, 200])
def test_the_ranking_fits(width):
    result = CliRunner(env={"CRITMIN_WIDTH": str(width)}).invoke(cli, ["ask", "rank"])
    table = result.output.split("\nScore = ")[0]  # the note under it is prose, wrapped by the terminal
    assert widest(table) <= width, result.output
    if width == 200:  # wrapped between items, not inside one
        assert "sourcing from allies and partners, strategic stockpile" in result.output


def test_wrapping_breaks_between_items_then_words_and_cuts_a_long_word():
    assert wrap_cell("ally_sourcing, stockpile, price_floor", 26) == ["ally_sourcing, stockpile,", "price_floor"]
    assert wrap_cell("sourcing from allies", 10) == ["sourcing", "from", "allies"]
    assert wrap_cell("supercalifragilistic", 8) == ["superca…", "lifragi…", "listic"] or \
        all(display_width(line) <= 8 for line in wrap_cell("supercalifragilistic", 8))


def test_wide_characters_count_double():
    table = text_table(("名称", "杠杆"), [("镍", "盟友采购，战略储备，价格下限，回收利用")], width=20)
    assert widest(table) <= 20 and "镍" in table


def test_fitting_is_scoped():
    with fitting(40):
        narrow = text_table(("a", "b"), [("x" * 30, "y" * 30)])
    wide = text_table(("a", "b"), [("x" * 30, "y" * 30)])
    assert widest(narrow) <= 40 and widest(wide) == 62
