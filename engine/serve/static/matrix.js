// The criticality matrix as SVG: the numbers of GET /api/matrix (those `critmin plot matrix` draws),
// x the 2035 US shortfall, y the world supply risk; filled circles the report's tiers, hollow
// diamonds the rules' own results. Click a point for the mineral.
"use strict";

(() => {
  const {el, t} = critmin;
  const SVG = "http://www.w3.org/2000/svg";
  const W = 900, H = 560, LEFT = 70, RIGHT = 30, TOP = 20, BOTTOM = 60;

  function svg(tag, attributes, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
    for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(child));
    return node;
  }

  function scales(rows) {
    const top = Math.max(1, ...rows.map((r) => r.supply_risk));
    const ymax = Math.ceil(top * 1.1);
    return {
      x: (share) => LEFT + (share * 100 + 5) / 115 * (W - LEFT - RIGHT),
      y: (risk) => H - BOTTOM - risk / ymax * (H - TOP - BOTTOM),
      ymax,
    };
  }

  function axes(chart, scale) {
    for (let p = 0; p <= 100; p += 20) {
      const x = scale.x(p / 100);
      chart.append(svg("line", {x1: x, x2: x, y1: TOP, y2: H - BOTTOM, class: "grid"}),
        svg("text", {x, y: H - BOTTOM + 18, "text-anchor": "middle", class: "tick"}, `${p}%`));
    }
    const step = scale.ymax > 12 ? 4 : 2;
    for (let v = 0; v <= scale.ymax; v += step) {
      const y = scale.y(v);
      chart.append(svg("line", {x1: LEFT, x2: W - RIGHT, y1: y, y2: y, class: "grid"}),
        svg("text", {x: LEFT - 8, y: y + 4, "text-anchor": "end", class: "tick"}, String(v)));
    }
    chart.append(svg("text", {x: (LEFT + W - RIGHT) / 2, y: H - 16, "text-anchor": "middle", class: "axis"},
      t("matrix_x")));
    chart.append(svg("text", {x: 18, y: (TOP + H - BOTTOM) / 2, "text-anchor": "middle", class: "axis",
      transform: `rotate(-90 18 ${(TOP + H - BOTTOM) / 2})`}, t("matrix_y")));
  }

  function marker(row, x, y) {
    const colour = critmin.meta.colours[row.tier] || "#999";
    const shape = row.basis === "report"
      ? svg("circle", {cx: x, cy: y, r: 7, fill: colour, stroke: colour, "stroke-width": 2})
      : svg("path", {d: `M${x} ${y - 8}L${x + 8} ${y}L${x} ${y + 8}L${x - 8} ${y}Z`, fill: "white", stroke: colour,
        "stroke-width": 2.5});
    return shape;
  }

  // names beside their points, moved below or left when they would overlap one already placed
  function labels(chart, placed) {
    const taken = [];
    const offsets = [[10, 4], [10, 16], [-10, 4], [-10, 16], [10, -8], [-10, -8], [10, 28]];
    for (const {row, x, y} of placed) {
      const name = critmin.mineralName(row.mineral) + (row.supply_known ? "" : ` (${t("no_producer_data")})`);
      const room = x < W - RIGHT - 8 * name.length;  // else the name goes left of its point
      const tried = room ? offsets : offsets.map(([ox, oy]) => [-ox, oy]);
      const [dx, dy] = tried.find(([ox, oy]) => taken.every(([tx, ty]) =>
        Math.abs(x + ox - tx) > 70 || Math.abs(y + oy - ty) > 12)) || tried[0];
      taken.push([x + dx, y + dy]);
      chart.append(svg("text", {x: x + dx, y: y + dy, "text-anchor": dx > 0 ? "start" : "end", class: "point-label"},
        name));
    }
  }

  async function show() {
    const data = await critmin.api("/api/matrix");
    const rows = data.rows.filter((r) => r.shortfall_2035 !== null);
    const scale = scales(rows);
    const chart = svg("svg", {viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", id: "matrix-svg",
      "aria-label": critmin.t("tab_matrix")});
    axes(chart, scale);
    const placed = rows.map((row) => ({row, x: scale.x(row.shortfall_2035), y: scale.y(row.supply_risk)}))
      .sort((a, b) => a.y - b.y || b.x - a.x);
    for (const {row, x, y} of placed) {
      const point = svg("a", {href: `#/mineral/${row.mineral}`, class: "point", "data-mineral": row.mineral},
        svg("title", {}, `${critmin.mineralName(row.mineral)}: ${critmin.label("tier", row.tier)}, ` +
          `${(row.shortfall_2035 * 100).toFixed(1)}%, ${row.supply_risk}`), marker(row, x, y));
      chart.append(point);
    }
    labels(chart, placed);
    critmin.clear(document.getElementById("matrix-chart")).append(chart);
    const legend = critmin.clear(document.getElementById("matrix-legend"));
    for (const tier of critmin.meta.tiers) legend.append(critmin.tierBadge(tier), " ");
    legend.append(el("span", {}, ` ● ${t("matrix_report")} · ◇ ${t("matrix_model")}`));
    const missing = data.rows.filter((r) => r.shortfall_2035 === null).map((r) => critmin.mineralName(r.mineral));
    document.getElementById("matrix-missing").textContent = missing.length
      ? `${t("matrix_not_placed")} ${missing.join(", ")}` : "";
  }

  critmin.views.matrix = {show};
})();
