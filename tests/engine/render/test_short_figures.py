"""The short answer's figures: what the answer states already is cited by its source alone, so
the opening stays short however many figures a rule's reason gives; it is never left unsourced."""

from __future__ import annotations

import pytest

from critmin import render
from critmin.concepts import TIERS
from critmin.explain.why import why
from critmin.explain.why_not import why_not
from critmin.facts.provenance import override_note as note_for
from critmin.render.facts import override_note
from tests.helpers.answer_checks import CITATION, display_rows, english_in_chinese, opening

OPENING_ROWS = 8


def figures_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(("Figures:", "数据：")))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_figures_a_reason_states_are_cited_by_their_source(results, lang):
    tree = why(results, "copper")
    text = render.text(tree, lang, form="brief")
    line = figures_line(text)
    node = tree.concluded_by[0]
    reason = node.because if lang == "en" else node.because_zh
    for _, shown in node.stated:
        assert shown in reason and shown in line  # the reason's figure, with its source
    assert CITATION.search(line)
    assert "2,915,875" not in line  # the demand behind the shortfall: in the derivation, on request
    assert "2,915,875" in render.text(tree, lang, form="full")


def test_a_needed_value_carries_its_source(results):
    text = render.text(why_not(results, "lithium", "very_high"), "en", form="brief")
    assert "(it is 73.82% [report: Table 5])" in text
    assert not any(line.startswith("Figures:") for line in text.splitlines())  # said once, inline


def test_with_no_figure_to_cite_the_answer_gives_the_reason_for_the_tier_it_has(results):
    """Silver's closest very-high rule lacks only a figure that does not exist: the answer still
    shows sourced figures, those of the rule that makes it high."""
    gap = why_not(results, "silver", "very_high")
    text = render.text(gap, "en", form="brief")
    assert "no figure" in text and CITATION.search(opening(text))
    assert gap.concluded_by[0].because in text


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_why_and_why_not_opening_is_short_and_sourced(results, lang):
    long = []
    for a in results.values():
        texts = [render.text(why(results, a.mineral), lang, form="brief")]
        texts += [render.text(why_not(results, a.mineral, t), lang, form="brief") for t in TIERS if t != a.tier]
        for text in texts:
            head = opening(text)
            if display_rows(head) > OPENING_ROWS:
                long.append((a.mineral, display_rows(head), head.splitlines()[0]))
    assert long == []


def test_a_chinese_assumption_names_the_minerals_in_chinese(facts, rules):
    note = note_for(facts, rules.params, "countries.China.export_restrictions", "gallium,germanium,lithium")
    names = {m.id: m.name_zh for m in facts.minerals.values()}
    line = override_note(note, "zh", None, names)
    assert "镓、锗、锂" in line and english_in_chinese(line.split(":", 1)[1]) == []
    assert "gallium,germanium,lithium" in override_note(note, "en", None, names)  # English: as given
