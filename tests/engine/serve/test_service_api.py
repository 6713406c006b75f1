"""Every endpoint of `critmin serve`, called over real HTTP, gives what the CLI gives."""

from __future__ import annotations

import json
import os

import pytest
from click.testing import CliRunner

import critmin
from critmin.assistant.answers import respond
from critmin.assistant.knowledge import Knowledge
from critmin.cli.app import cli
from critmin.explain.matrix import matrix_frame
from critmin.io.shipped import shipped_dir

MORE_NICKEL = "nickel.us.projected_addition_2035_t=300000"


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_score_is_what_the_cli_prints(client):
    body = client.get("/api/score").json()
    assert body["minerals"] == json.loads(run("score", "--format", "json"))
    assert body["overrides"] == []
    assert body["warnings"] == [w for m in body["minerals"] for w in m["warnings"]]  # germanium is unrated
    assert [m["mineral"] for m in body["minerals"]][:2] == ["cobalt", "nickel"]


def test_score_under_overrides_as_a_list_or_a_mapping(client):
    expected = json.loads(run("score", "--set", "params.severe_shortfall_min=0.99", "--mineral", "Ni", "--format",
                              "json"))
    as_list = client.post("/api/score", json={"overrides": ["params.severe_shortfall_min=0.99"],
                                              "minerals": ["Ni"]}).json()
    as_mapping = client.post("/api/score", json={"overrides": {"params.severe_shortfall_min": 0.99},
                                                 "minerals": ["镍"]}).json()
    assert as_list["minerals"] == as_mapping["minerals"] == expected
    assert as_list["overrides"] == ["params.severe_shortfall_min=0.99"]


def test_score_under_a_scenario_applies_its_overrides(client):
    body = client.post("/api/score", json={"scenario": "indonesia_ally", "minerals": ["nickel"]}).json()
    expected = json.loads(run("score", "--set", "countries.Indonesia.alignment=ally", "--mineral", "nickel",
                              "--format", "json"))
    assert body["minerals"] == expected
    assert body["overrides"] == ["countries.Indonesia.alignment=ally"]


def test_score_with_stability_is_the_cli_stability(client):
    body = client.post("/api/score", json={"stability": True, "samples": 300, "seed": 2}).json()
    expected = json.loads(run("score", "--stability", "--samples", "300", "--seed", "2", "--format", "json"))
    assert body["minerals"] == expected
    assert body["minerals"][0]["stability"]["samples"] == 300


def test_one_mineral_by_any_of_its_names(client):
    expected = json.loads(run("score", "--mineral", "cobalt", "--trace", "--format", "json"))[0]
    for name in ("cobalt", "Co", "钴"):
        assert client.get(f"/api/minerals/{name}").json() == expected
    under = client.post("/api/minerals/nickel", json={"overrides": [MORE_NICKEL], "trace": False}).json()
    assert under == critmin.assess(overrides=[MORE_NICKEL])["nickel"].to_dict(trace=False)
    assert under["tier"] != "very_high" and "trace" not in under


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_why_is_the_explain_text(client, lang):
    body = client.get(f"/api/minerals/nickel/why?lang={lang}").json()
    assert body["text"] == run("explain", "nickel", "--lang", lang).rstrip("\n")
    assert body["mineral"] == "nickel" and body["tier"] == "very_high"
    assert body["why"]["concluded_by"][0]["rule"] == "first_task"
    posted = client.post("/api/why", json={"mineral": "Ni", "lang": lang}).json()
    assert posted == body


def test_why_not_and_what_it_would_take_are_the_explain_texts(client):
    why_not = client.post("/api/why-not", json={"mineral": "graphite", "tier": "very high"}).json()
    cli_text = run("explain", "graphite", "--why-not", "very high").rstrip("\n")
    assert cli_text.startswith(why_not["text"] + "\n\n")  # the question asked first, then why it is high
    assert why_not["why_not"]["tier"] == "very_high" and why_not["tier"] == "high"
    takes = client.post("/api/what-would-it-take", json={"mineral": "钴", "tier": "高", "lang": "zh"}).json()
    cli_text = run("explain", "cobalt", "--take", "high", "--lang", "zh").rstrip("\n")
    assert cli_text.startswith(takes["text"] + "\n\n")
    assert takes["what_would_it_take"]["changes"] and all(c["verified"] for c in
                                                          takes["what_would_it_take"]["changes"])


def test_whatif_is_the_cli_diff(client):
    body = client.post("/api/whatif", json={"overrides": [MORE_NICKEL], "minerals": ["nickel"]}).json()
    assert body["text"] == run("whatif", "--set", MORE_NICKEL, "--mineral", "nickel").rstrip("\n")
    assert body["tier_changes"] == {"nickel": ["very_high", critmin.assess(overrides=[MORE_NICKEL])["nickel"].tier]}
    assert json.loads(run("whatif", "--set", MORE_NICKEL, "--mineral", "nickel", "--format", "json")) == \
        {k: v for k, v in body.items() if k not in ("text", "tier_changes")}
    scenario = client.post("/api/whatif", json={"scenario": ["slow_transition"]}).json()
    assert scenario["text"] == run("whatif", "--scenario", "slow_transition").rstrip("\n")


def test_sweep_is_the_cli_sweep(client):
    body = client.post("/api/sweep", json={"samples": 400, "seed": 3, "vary": "facts"}).json()
    assert body == json.loads(run("sweep", "--samples", "400", "--seed", "3", "--vary", "facts", "--format", "json"))


def test_rule_tests_pass_as_in_the_cli(client):
    body = client.get("/api/rule-tests").json()
    expected = json.loads(run("test", "--format", "json"))
    assert body["ok"] is True and body["failed"] == 0
    for key in ("passed", "failed", "checks"):
        assert body[key] == expected[key]
    assert [c["name"] for c in body["cases"]] == [c["name"] for c in expected["cases"]]
    shipped = f"{shipped_dir('rules').parent}{os.sep}"  # the service runs elsewhere: its paths are absolute
    assert body["text"].replace(shipped, "") == run("test").rstrip("\n")


def test_ask_in_english_and_chinese_with_a_follow_up(client):
    first = client.post("/api/ask", json={"question": "why is nickel top priority?"}).json()
    expected = json.loads(run("ask", "why is nickel top priority?", "--format", "json"))
    assert {k: v for k, v in first.items() if k != "context"} == expected
    assert first["context"] == {"intent": "why", "minerals": ["nickel"], "tier": "very_high"}
    follow = client.post("/api/ask", json={"question": "and cobalt?", "context": first["context"]}).json()
    kb = Knowledge()
    _, context = respond("why is nickel top priority?", kb)
    local, _ = respond("and cobalt?", kb, context)
    assert follow["answer"] == local.to_dict()["answer"]
    assert follow["minerals"] == ["cobalt"] and follow["understood"]["used_context"] is True
    chinese = client.post("/api/ask", json={"question": "如果印尼成为盟友会怎样？"}).json()
    assert chinese["language"] == "zh" and chinese["intent"] == "whatif"
    assert chinese["answer"] == run("ask", "如果印尼成为盟友会怎样？").rstrip("\n")
    forced = client.post("/api/ask", json={"question": "why is nickel top priority?", "lang": "zh"}).json()
    assert forced["language"] == "zh" and forced["answer"].startswith("镍")


def test_matrix_is_the_plot_frame(client):
    body = client.get("/api/matrix").json()
    frame = matrix_frame(critmin.assess())
    assert [r["mineral"] for r in body["rows"]] == list(frame.index)
    for row in body["rows"]:
        expected = frame.loc[row["mineral"]]
        assert row["supply_risk"] == expected["supply_risk"] and row["tier"] == expected["tier"]
        shortfall = expected["shortfall_2035"]
        assert row["shortfall_2035"] == (None if shortfall != shortfall else shortfall)
    assert "risk_top_producer" in body["supply_risk_rules"] or body["supply_risk_rules"]
    moved = client.post("/api/matrix", json={"overrides": [MORE_NICKEL]}).json()
    nickel = next(r for r in moved["rows"] if r["mineral"] == "nickel")
    assert nickel["tier"] != "very_high" and nickel["shortfall_2035"] < 0.6


def test_meta_and_inputs_carry_the_catalogue_labels(client):
    en, zh = client.get("/api/meta").json(), client.get("/api/meta?lang=zh").json()
    assert en["labels"]["tier"]["very_high"] == "very high" and zh["labels"]["tier"]["very_high"] == "很高"
    assert en["phrases"].keys() == zh["phrases"].keys() and zh["phrases"]["tab_ranking"] == "排名"
    assert {s["name"] for s in en["scenarios"]} >= {"indonesia_ally", "slow_transition"}
    assert len(en["minerals"]) == 22
    inputs = client.get("/api/inputs").json()
    params = [i for i in inputs if i["kind"] == "param"]
    facts = [i for i in inputs if i["kind"] == "fact"]
    assert params and facts
    for item in inputs:
        assert item["low"] <= item["value"] <= item["high"], item
    severe = next(i for i in params if i["key"] == "params.severe_shortfall_min")
    assert severe["value"] == 0.9 and [severe["low"], severe["high"]] == [0.85, 0.95]
    addition = next(i for i in facts if i["key"] == "nickel.us.projected_addition_2035_t")
    assert addition["unit"] == "t" and addition["source"].startswith("report: Table 5")
    assert addition["label"] != client.get("/api/inputs?lang=zh").json()[inputs.index(addition)]["label"]


def test_openapi_describes_every_endpoint_and_the_error_shape(client):
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    assert paths >= {"/api/score", "/api/minerals/{mineral}", "/api/minerals/{mineral}/why", "/api/why",
                     "/api/why-not", "/api/what-would-it-take", "/api/whatif", "/api/sweep", "/api/rule-tests",
                     "/api/ask", "/api/matrix", "/api/meta", "/api/inputs", "/api/schema/assessment"}
    assert "ErrorResponse" in spec["components"]["schemas"]
    assert "422" in spec["paths"]["/api/whatif"]["post"]["responses"]
    sweep = spec["components"]["schemas"]["SweepRequest"]["properties"]["samples"]
    assert sweep["maximum"] == 20000
    assert client.get("/api/schema/assessment").json() == json.loads(run("schema"))


def test_the_page_and_its_files_are_served_without_the_network(client):
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    scripts = [name.split('"')[0] for name in page.text.split('src="/static/')[1:]]
    assert scripts == ["app.js", "ranking.js", "mineral.js", "matrix.js", "whatif.js", "chat.js"]
    for name in scripts + ["style.css"]:
        served = client.get(f"/static/{name}")
        assert served.status_code == 200, name
        assert "javascript" in served.headers["content-type"] or name.endswith(".css")
