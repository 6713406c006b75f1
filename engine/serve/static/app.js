// critmin's page: the core — talking to the API, words in the chosen language, views by the URL's hash.
// Every number and sentence comes from the service; the page only lays them out.
"use strict";

const critmin = {
  lang: localStorage.getItem("critmin.lang") === "zh" ? "zh" : "en",
  meta: null,
  views: {},  // name → {show(arg)}, registered by the other scripts

  async api(path, body) {
    const options = {method: body === undefined ? "GET" : "POST", headers: {}};
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    const token = sessionStorage.getItem("critmin.token");
    if (token) options.headers.Authorization = "Bearer " + token;
    const response = await fetch(path, options);
    const data = await response.json();
    if (response.status === 401) critmin.askToken();
    if (!response.ok) throw new Error(data.error ? data.error.message : response.statusText);
    return data;
  },

  // a phrase of the page, with {name} placeholders filled
  t(name, values) {
    const text = (critmin.meta && critmin.meta.phrases[name]) || name;
    return text.replace(/\{(\w+)\}/g, (all, key) => (values && key in values ? values[key] : all));
  },
  label(group, name) {
    const labels = critmin.meta && critmin.meta.labels[group];
    return (labels && labels[name]) || String(name).replace(/_/g, " ");
  },
  mineralName(id) {
    const found = critmin.meta.minerals.find((m) => m.id === id);
    if (!found) return id;
    return critmin.lang === "zh" ? found.name_zh : found.name;
  },

  el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (key === "class") node.className = value;
      else if (key === "style") node.style.cssText = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value);
    }
    for (const child of children.flat()) {
      if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
    }
    return node;
  },
  clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; },

  tierBadge(tier) {
    const colour = critmin.meta.colours[tier] || "#999";
    return critmin.el("span", {class: "tier", "data-tier": tier, style: `background:${colour}`},
      critmin.label("tier", tier));
  },

  // numbers as the engine's units read: shares as %, tonnes with separators, multiples as ×
  format(value, unit) {
    if (value === null || value === undefined) return "–";
    if (typeof value !== "number") return String(value);
    const locale = critmin.lang === "zh" ? "zh-CN" : "en-US";
    if (unit === "share") return (value * 100).toLocaleString(locale, {maximumFractionDigits: 2}) + "%";
    if (unit === "t") return Math.round(value).toLocaleString(locale) + " t";
    if (unit === "multiple" || unit === "ratio") return "×" + value.toLocaleString(locale, {maximumFractionDigits: 2});
    return value.toLocaleString(locale, {maximumSignificantDigits: 4});
  },

  showError(message) {
    const box = document.getElementById("error");
    box.textContent = message ? `${critmin.t("error")}: ${message}` : "";
    box.hidden = !message;
  },
  async guarded(work) {
    critmin.showError("");
    try { return await work(); } catch (error) { critmin.showError(error.message); return null; }
  },

  askToken() {
    document.getElementById("token-box").hidden = false;
    document.getElementById("token-label").textContent = critmin.t("token_prompt");
  },

  async loadMeta() {
    critmin.meta = await critmin.api(`/api/meta?lang=${critmin.lang}`);
    document.documentElement.lang = critmin.lang === "zh" ? "zh-CN" : "en";
    document.title = critmin.t("title");
    document.getElementById("title").textContent = critmin.t("title");
    for (const name of ["ranking", "matrix", "whatif", "ask"]) {
      document.getElementById(`tab-${name}`).textContent = critmin.t(`tab_${name}`);
    }
    document.getElementById("footer").textContent = critmin.t("footer");
    for (const button of document.querySelectorAll("#languages button")) {
      button.classList.toggle("active", button.dataset.lang === critmin.lang);
    }
  },

  route() {
    const [name, arg] = (location.hash.replace(/^#\/?/, "") || "ranking").split("/");
    const view = critmin.views[name] ? name : "ranking";
    for (const section of document.querySelectorAll(".view")) section.hidden = section.id !== `view-${view}`;
    for (const button of document.querySelectorAll("#tabs button")) {
      button.classList.toggle("active", button.dataset.view === (view === "mineral" ? "ranking" : view));
    }
    critmin.guarded(() => critmin.views[view].show(arg ? decodeURIComponent(arg) : undefined));
  },

  async start() {
    const match = location.hash.match(/^#token=(.+)$/);
    if (match) {
      sessionStorage.setItem("critmin.token", decodeURIComponent(match[1]));
      history.replaceState(null, "", location.pathname);
    }
    document.getElementById("token-save").addEventListener("click", () => {
      sessionStorage.setItem("critmin.token", document.getElementById("token-input").value.trim());
      location.reload();
    });
    for (const button of document.querySelectorAll("#tabs button")) {
      button.addEventListener("click", () => { location.hash = `#/${button.dataset.view}`; });
    }
    for (const button of document.querySelectorAll("#languages button")) {
      button.addEventListener("click", async () => {
        critmin.lang = button.dataset.lang;
        localStorage.setItem("critmin.lang", critmin.lang);
        await critmin.guarded(critmin.loadMeta);
        critmin.route();
      });
    }
    window.addEventListener("hashchange", critmin.route);
    if (await critmin.guarded(critmin.loadMeta) === null && !critmin.meta) return;
    critmin.route();
  },
};
