// A mineral: why it has its tier first (the headline and the concluding rules), then the whole
// derivation down to sourced facts, folded by its indentation; why not another tier and what it
// would take, on request. The words are the engine's (`critmin explain`), in the page's language.
"use strict";

(() => {
  const {el, t} = critmin;
  let current = null;

  // lines indented by two spaces per level → nodes {text, children}
  function outline(text) {
    const root = {depth: -1, children: []};
    const stack = [root];
    for (const line of text.split("\n")) {
      if (!line.trim()) continue;
      const node = {depth: line.length - line.trimStart().length, text: line.trim(), children: []};
      while (stack[stack.length - 1].depth >= node.depth) stack.pop();
      stack[stack.length - 1].children.push(node);
      stack.push(node);
    }
    return root.children;
  }

  function tree(nodes) {
    return nodes.map((node) => {
      const mark = node.text.startsWith("✓") ? "holds" : node.text.startsWith("✗") ? "fails" : "";
      if (!node.children.length) return el("div", {class: `leaf ${mark}`}, node.text);
      return el("details", {class: mark}, el("summary", {}, node.text), el("div", {class: "children"},
        tree(node.children)));
    });
  }

  // the answer to "why": the headline, each concluding rule (its children are tested conditions), the levers
  function answer(nodes) {
    const concluding = (node) => node.children.some((c) => /^[✓✗]/.test(c.text));
    return nodes.filter((node, i) => i === 0 || concluding(node) || !node.children.length)
      .map((node, i) => el("p", {class: i === 0 ? "headline" : ""}, node.text));
  }

  function tierOptions(select, except) {
    critmin.clear(select);
    for (const tier of critmin.meta.tiers.filter((x) => x !== "unrated" && x !== except)) {
      select.append(el("option", {value: tier}, critmin.label("tier", tier)));
    }
  }

  async function explain(kind) {
    const select = document.getElementById(`${kind}-tier`);
    const out = document.getElementById(`${kind}-text`);
    out.hidden = false;
    out.textContent = kind === "takes" ? t("searching") : t("loading");
    const path = kind === "takes" ? "/api/what-would-it-take" : "/api/why-not";
    try {
      const data = await critmin.api(path, {mineral: current, tier: select.value, lang: critmin.lang});
      out.textContent = data.text;
    } catch (error) {
      out.textContent = "";
      out.hidden = true;
      throw error;
    }
  }

  async function show(mineral) {
    current = mineral;
    document.getElementById("back-link").textContent = t("back");
    document.getElementById("derivation-summary").textContent = t("derivation");
    document.getElementById("why-not-label").textContent = t("why_not_label");
    document.getElementById("takes-label").textContent = t("takes_label");
    document.getElementById("why-not-button").textContent = t("explain_button");
    document.getElementById("takes-button").textContent = t("search_button");
    document.getElementById("why-not-button").onclick = () => critmin.guarded(() => explain("why-not"));
    document.getElementById("takes-button").onclick = () => critmin.guarded(() => explain("takes"));
    for (const id of ["why-not-text", "takes-text"]) document.getElementById(id).hidden = true;
    const box = critmin.clear(document.getElementById("why-answer"));
    box.append(el("p", {class: "hint"}, t("loading")));
    const data = await critmin.api(`/api/minerals/${encodeURIComponent(mineral)}/why?lang=${critmin.lang}`);
    current = data.mineral;
    const nodes = outline(data.text);
    critmin.clear(box).append(critmin.tierBadge(data.tier), ...answer(nodes));
    critmin.clear(document.getElementById("derivation-tree")).append(...tree(nodes));
    tierOptions(document.getElementById("why-not-tier"), data.tier);
    tierOptions(document.getElementById("takes-tier"), data.tier);
  }

  critmin.views.mineral = {show};
})();
