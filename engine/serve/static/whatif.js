// What if: a slider for every fact and parameter with a documented range (GET /api/inputs), and a
// scenario; each change is sent to POST /api/whatif and the page shows what moved against the baseline.
"use strict";

(() => {
  const {el, t, label} = critmin;
  const changes = new Map();  // key → value
  let inputs = null, group = "params", scenario = "", timer = null, asked = 0;

  const unitOf = (item) => item.unit || (item.high <= 1 && item.low >= 0 ? "share" : null);

  function groups() {
    const minerals = [...new Set(inputs.filter((i) => i.mineral).map((i) => i.mineral))];
    return [["params", t("whatif_params")], ...minerals.map((m) => [m, critmin.mineralName(m)])];
  }

  function slider(item) {
    const unit = unitOf(item);
    const value = changes.has(item.key) ? changes.get(item.key) : item.value;
    const shown = el("span", {class: "slider-value"}, critmin.format(value, unit));
    const step = unit === "t" ? Math.max(1, Math.round((item.high - item.low) / 200)) : (item.high - item.low) / 200;
    const input = el("input", {type: "range", min: item.low, max: item.high, step, value, "data-key": item.key,
      "aria-label": item.label});
    input.addEventListener("input", () => {
      const number = unit === "t" ? Math.round(Number(input.value)) : Number(Number(input.value).toPrecision(6));
      shown.textContent = critmin.format(number, unit);
      changes.set(item.key, number);
      schedule();
    });
    return el("div", {class: changes.has(item.key) ? "slider changed" : "slider"},
      el("div", {class: "slider-label", title: item.doc || ""}, item.label, el("code", {}, ` ${item.key}`)),
      input, shown,
      el("span", {class: "sub"}, `${t("range")} ${critmin.format(item.low, unit)} – ${critmin.format(item.high, unit)}`
        + ` · ${item.source || ""}`));
  }

  function drawSliders() {
    const box = critmin.clear(document.getElementById("whatif-sliders"));
    box.append(...inputs.filter((i) => (group === "params" ? i.kind === "param" : i.mineral === group)).map(slider));
  }

  function drawAssumptions() {
    const list = critmin.clear(document.getElementById("whatif-assumptions"));
    for (const [key, value] of changes) {
      const item = inputs.find((i) => i.key === key);
      list.append(el("li", {}, `${key} = ${critmin.format(value, unitOf(item))} `,
        el("button", {type: "button", class: "remove", onclick: () => { changes.delete(key); redraw(); }}, "×")));
    }
  }

  function moved(m) {
    const added = m.levers_added.map((o) => label("lever", o.name)).join(", ");
    const removed = m.levers_removed.map((o) => label("lever", o.name)).join(", ");
    const delta = m.score.delta === null ? "" : ` (${m.score.delta > 0 ? "+" : ""}${m.score.delta.toFixed(1)})`;
    return el("tr", {"data-mineral": m.mineral, class: m.tier.changed ? "tier-moved" : ""},
      el("td", {}, el("a", {href: `#/mineral/${m.mineral}`}, critmin.mineralName(m.mineral))),
      el("td", {}, critmin.tierBadge(m.tier.before), " → ", critmin.tierBadge(m.tier.after)),
      el("td", {class: "num"}, `${m.score.before} → ${m.score.after}${delta}`),
      el("td", {}, added ? `+ ${added}` : ""), el("td", {}, removed ? `− ${removed}` : ""));
  }

  async function run() {
    const result = critmin.clear(document.getElementById("whatif-result"));
    const details = document.getElementById("whatif-details");
    if (!changes.size && !scenario) {
      result.append(el("p", {class: "hint"}, t("whatif_baseline")));
      details.hidden = true;
      return;
    }
    const ticket = ++asked;
    const body = {overrides: Object.fromEntries(changes)};
    if (scenario) body.scenario = scenario;
    const data = await critmin.api("/api/whatif", body);
    if (ticket !== asked) return;  // a later change is on its way
    const rows = data.minerals.filter((m) => m.tier.changed || m.score.delta || m.levers_added.length ||
      m.levers_removed.length);
    if (!rows.length) result.append(el("p", {class: "hint"}, t("whatif_unchanged")));
    else {
      result.append(el("table", {id: "whatif-table"}, el("thead", {}, el("tr", {},
        [t("col_mineral"), t("col_tier"), t("col_score"), t("levers_added"), t("levers_removed")]
          .map((h) => el("th", {}, h)))), el("tbody", {}, rows.map(moved))));
    }
    details.hidden = false;
    document.getElementById("whatif-text").textContent = data.text;
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(() => { drawAssumptions(); critmin.guarded(run); }, 250);
  }

  function redraw() {
    drawSliders();
    drawAssumptions();
    critmin.guarded(run);
  }

  async function show() {
    inputs = await critmin.api(`/api/inputs?lang=${critmin.lang}`);
    document.getElementById("whatif-intro").textContent = t("whatif_intro");
    document.getElementById("whatif-group-label").textContent = t("whatif_inputs_of");
    document.getElementById("whatif-scenario-label").textContent = t("whatif_scenario");
    document.getElementById("whatif-assumptions-heading").textContent = t("whatif_assumptions");
    document.getElementById("whatif-details-summary").textContent = t("whatif_details");
    const reset = document.getElementById("whatif-reset");
    reset.textContent = t("whatif_reset");
    reset.onclick = () => { changes.clear(); scenario = ""; show(); };
    const groupSelect = critmin.clear(document.getElementById("whatif-group"));
    groupSelect.append(...groups().map(([value, name]) => el("option", {value}, name)));
    groupSelect.value = group;
    groupSelect.onchange = () => { group = groupSelect.value; drawSliders(); };
    const scenarioSelect = critmin.clear(document.getElementById("whatif-scenario"));
    scenarioSelect.append(el("option", {value: ""}, t("whatif_none")),
      ...critmin.meta.scenarios.map((s) => el("option", {value: s.name, title: s.description}, s.name)));
    scenarioSelect.value = scenario;
    scenarioSelect.onchange = () => { scenario = scenarioSelect.value; critmin.guarded(run); };
    redraw();
  }

  critmin.views.whatif = {show};
})();
