// The chat box: questions in English or Chinese to POST /api/ask; each answer's `context` goes back
// with the next question, so "and cobalt?" follows on.
"use strict";

(() => {
  const {el, t} = critmin;
  let context = null;

  async function ask(question) {
    const log = document.getElementById("chat-log");
    log.append(el("div", {class: "question"}, question));
    const pending = el("div", {class: "answer-text pending"}, t("loading"));
    log.append(pending);
    log.scrollTop = log.scrollHeight;
    try {
      const data = await critmin.api("/api/ask", {question, context});
      context = data.context;
      pending.textContent = data.answer;
      pending.className = "answer-text";
      pending.dataset.intent = data.intent;
      pending.lang = data.language === "zh" ? "zh-CN" : "en";
    } catch (error) {
      pending.remove();
      throw error;
    }
    log.scrollTop = log.scrollHeight;
  }

  async function show() {
    const input = document.getElementById("chat-input");
    input.placeholder = t("ask_placeholder");
    document.getElementById("chat-button").textContent = t("ask_button");
    document.getElementById("chat-form").onsubmit = (event) => {
      event.preventDefault();
      const question = input.value.trim();
      if (!question) return;
      input.value = "";
      critmin.guarded(() => ask(question));
    };
    input.focus();
  }

  critmin.views.ask = {show};
})();
