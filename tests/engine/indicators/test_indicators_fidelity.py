"""The indicators the report's reasons need: reserves, low-risk supply, reported exposure, flags."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from critmin.fast.scenario_table import TextCodes, baseline_table, indicator_columns
from critmin.indicators.catalogue import SPECS, compute_indicators
from critmin.indicators.numeric import as_number, first_known


def test_first_known_and_as_number_on_scalars_and_arrays():
    assert first_known(None, 2.0) == 2.0 and first_known(1.0, 2.0) == 1.0 and first_known(None, None) is None
    out = first_known(np.array([np.nan, 0.3]), np.array([0.5, 0.5]))
    assert out.tolist() == [0.5, 0.3]
    assert np.isnan(first_known(np.array([np.nan]), None)).all()
    assert (as_number(True), as_number(False), as_number(None)) == (1.0, 0.0, None)


def test_values_from_the_facts(facts):
    silver = compute_indicators(facts.minerals["silver"], facts)
    assert silver["reserve_years"].value == pytest.approx(23_000 / 7_100)
    assert silver["reserve_years"].inputs == ("us.reserves_t", "us.consumption_t")
    aluminum = compute_indicators(facts.minerals["aluminum"], facts)
    need = 5_160_000 - 2_270_000
    assert aluminum["low_risk_cover"].value == pytest.approx(0.2222 * 72_000_000 / need)
    assert "countries.Australia.nationalism_risk" in aluminum["low_risk_cover"].inputs
    assert aluminum["current_shortfall"].value == pytest.approx(1 - 2_270_000 / 4_300_000)
    cobalt = compute_indicators(facts.minerals["cobalt"], facts)
    assert cobalt["demand_uncertainty"].value == 1.0 and cobalt["china_processing_2035"].value == 0.6
    assert compute_indicators(facts.minerals["nickel"], facts)["demand_uncertainty"].value is None


def test_a_reported_exposure_comes_before_the_producers_classes(facts):
    copper = facts.minerals["copper"]
    assert compute_indicators(copper, facts)["nationalism_exposure"].value == pytest.approx(0.33)
    without = replace(copper, facts={k: f for k, f in copper.facts.items() if k != "world.nationalism_exposure"})
    computed = compute_indicators(without, facts)["nationalism_exposure"]
    assert computed.value == pytest.approx(0.2304 + 0.1391 + 0.1174)  # Chile, DR Congo, Peru: high
    assert "countries.Chile.nationalism_risk" in computed.inputs


def test_no_import_need_leaves_the_cover_unknown(facts):
    assert compute_indicators(facts.minerals["molybdenum"], facts)["low_risk_cover"].value is None


def test_every_indicator_is_the_same_column_wise(facts, rules):
    vocab = TextCodes()
    columns = indicator_columns(baseline_table(facts, rules, 3), vocab)
    for mineral in facts.minerals.values():
        traced = compute_indicators(mineral, facts)
        for spec in SPECS:
            value, column = traced[spec.name].value, columns[mineral.id][spec.name]
            if spec.type == "str":
                texts = {code: text for text, code in vocab.codes.items()}  # unknown (-1) → None
                assert [texts.get(int(c)) for c in column] == [value] * 3, (mineral.id, spec.name)
            elif value is None:
                assert np.isnan(column).all(), (mineral.id, spec.name)
            else:
                assert column.tolist() == [value] * 3, (mineral.id, spec.name)
