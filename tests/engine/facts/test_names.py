"""One name, one thing: every name of a mineral or country picks exactly that one."""

from __future__ import annotations

from critmin.facts.loading import find_mineral
from critmin.facts.model import Mineral
from critmin.facts.names import check_mineral_names, folded


def test_every_shipped_name_picks_its_own_mineral_in_any_case(facts):
    for mineral in facts.minerals.values():
        for name in mineral.names:
            for spelling in (name, name.upper(), name.lower(), f"  {name} "):
                assert find_mineral(facts, spelling).id == mineral.id, spelling


def test_names_are_compared_ignoring_case_and_width():
    assert folded("ＮＩＣＫＥＬ") == folded("Nickel") == "nickel"
    assert folded("Ｃｈｉｎａ") == folded("china")
    assert folded("镍") != folded("钴")


def mineral(id_: str, *aliases: str, name: str | None = None, symbol: str = "X") -> Mineral:
    return Mineral(id_, name or id_.title(), id_ + "矿", symbol, aliases, {}, file=f"{id_}.yaml")


def test_a_clash_is_reported_at_the_alias_not_at_the_id_it_copies():
    problems = check_mineral_names([mineral("aaa", "bbb"), mineral("bbb", symbol="Y")])
    (problem,) = problems
    assert problem.file == "aaa.yaml" and problem.key == "aliases[0]"
    assert "'bbb' also names bbb" in problem.message


def test_the_same_name_twice_within_one_mineral_is_fine():
    assert check_mineral_names([mineral("tin", "tin", "TIN", "Tin", symbol="Sn")]) == []


def test_ids_must_be_names_an_override_can_address():
    (problem,) = check_mineral_names([mineral("Tin.Ore")])
    assert "must be lower_case_with_underscores" in problem.message
    (problem,) = check_mineral_names([mineral("tin", "facts")])
    assert "reserved" in problem.message
