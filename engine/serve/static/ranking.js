// The ranking: every mineral's tier, score, levers and partners (GET /api/score), and on request
// each tier's stability under an uncertainty sweep (POST /api/score with stability).
"use strict";

(() => {
  const {el, t, label} = critmin;
  const STABILITY_SAMPLES = 2000;
  let stability = null;  // mineral → {share, fragile}, once computed

  function header() {
    const columns = ["#", t("col_mineral"), t("col_tier"), t("col_score"), t("col_report"), t("col_basis"),
      t("col_levers"), t("col_partners")];
    if (stability) columns.push(t("col_stability"));
    return el("tr", {}, columns.map((name) => el("th", {}, name)));
  }

  function row(item, index) {
    const info = critmin.meta.minerals.find((m) => m.id === item.mineral);
    const name = critmin.mineralName(item.mineral);
    const other = critmin.lang === "zh" ? info.name : info.name_zh;
    const cells = [
      el("td", {class: "num"}, index + 1),
      el("td", {}, el("a", {href: `#/mineral/${item.mineral}`, class: "mineral-link"}, name),
        el("span", {class: "sub"}, ` ${info.symbol} · ${other}`)),
      el("td", {}, critmin.tierBadge(item.tier)),
      el("td", {class: "score"}, el("span", {class: "bar", style: `width:${item.score}%`}),
        el("span", {class: "value"}, item.score.toFixed(1))),
      el("td", {}, item.report_tier ? label("tier", item.report_tier) : "–"),
      el("td", {}, t(`basis_${item.basis}`)),
      el("td", {class: "levers"}, item.levers.map((lever) => label("lever", lever)).join(" · ") || "–"),
      el("td", {class: "partners"}, item.partners.join(", ") || "–"),
    ];
    if (stability) {
      const found = stability[item.mineral];
      const text = (found.share * 100).toFixed(1) + "%";
      cells.push(el("td", {class: found.fragile ? "num fragile" : "num"}, text));
    }
    return el("tr", {"data-mineral": item.mineral}, cells);
  }

  async function computeStability() {
    const button = document.getElementById("stability-button");
    button.disabled = true;
    button.textContent = t("loading");
    try {
      const data = await critmin.api("/api/score", {stability: true, samples: STABILITY_SAMPLES, seed: 0});
      stability = Object.fromEntries(data.minerals.map((m) => [m.mineral, m.stability]));
      await show();
    } finally {
      button.disabled = false;
    }
  }

  async function show() {
    document.getElementById("ranking-hint").textContent = t("ranking_hint");
    const button = document.getElementById("stability-button");
    button.textContent = t("stability_button", {samples: STABILITY_SAMPLES.toLocaleString()});
    button.onclick = () => critmin.guarded(computeStability);
    document.getElementById("stability-note").textContent = stability
      ? t("stability_note", {samples: STABILITY_SAMPLES.toLocaleString(),
        share: Math.round(critmin.meta.stable_share * 100) + "%"}) : "";
    const data = await critmin.api("/api/score");
    const table = document.getElementById("ranking-table");
    critmin.clear(table.tHead).append(header());
    critmin.clear(table.tBodies[0]).append(...data.minerals.map(row));
  }

  critmin.views.ranking = {show};
})();
