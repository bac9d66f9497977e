// Small DOM and date helpers shared by the page's views (app.js: extraction, tracker.js: the tracker).
// User text only ever enters the page through textContent, never innerHTML.
"use strict";

window.StatementTracker = window.StatementTracker || {};

window.StatementTracker.dom = (function () {
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === "class") node.className = value;
      else if (name === "text") node.textContent = value;
      else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
      else node.setAttribute(name, value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function localToday() {
    const now = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  }

  function daysBetween(fromIso, toIso) {
    const day = 86400000;
    return Math.round((Date.parse(toIso + "T00:00:00Z") - Date.parse(fromIso + "T00:00:00Z")) / day);
  }

  function plural(n, word) {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
  }

  function none(text) {
    return el("span", { class: "none", text: text || "—" });
  }

  // The server's own words for a failed request: a problem JSON's `detail`, else the status text.
  async function errorDetail(response) {
    try {
      const body = await response.json();
      if (typeof body.detail === "string") return body.detail;
      return JSON.stringify(body.detail ?? body);
    } catch (error) {
      return response.statusText || "no explanation was given";
    }
  }

  return { el, localToday, daysBetween, plural, none, errorDetail };
})();
