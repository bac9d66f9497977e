// Statement tracker page, the extractor view: paste, extract, read. Plain DOM, no framework, no build step.
// User text only ever enters the page through textContent, never innerHTML (helpers in dom.js).
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const form = $("extract-form");
  const textArea = $("statement");
  const dateInput = $("reference-date");
  const button = $("extract");
  const errorBox = $("error");
  const results = $("results");
  const limits = { max_chars: 1000000, max_body_bytes: 1000000 };
  let record = null;
  let statementText = "";
  let itemsByKey = new Map();

  // ---------------------------------------------------------------- small helpers

  const { el, localToday, daysBetween, plural, none, errorDetail } = window.StatementTracker.dom;

  function formatNumber(value) {
    return typeof value === "number" ? value.toLocaleString("en-US", { maximumFractionDigits: 6 }) : String(value);
  }

  // ---------------------------------------------------------------- errors and status

  function showError(title, detail) {
    errorBox.replaceChildren(el("strong", { text: title }), " ", detail || "");
    errorBox.hidden = false;
  }

  function clearError() {
    errorBox.hidden = true;
    errorBox.replaceChildren();
  }

  function setBusy(busy) {
    button.disabled = busy;
    button.classList.toggle("busy", busy);
    button.querySelector(".label").textContent = busy ? "Extracting" : "Extract";
  }

  function updateCount() {
    const n = textArea.value.length;
    const counter = $("char-count");
    counter.textContent = `${n.toLocaleString("en-US")} / ${limits.max_chars.toLocaleString("en-US")} characters`;
    counter.classList.toggle("over", n > limits.max_chars);
  }

  async function checkHealth() {
    const badge = $("health");
    try {
      const response = await fetch("/healthz");
      const health = await response.json();
      Object.assign(limits, health.limits || {});
      badge.textContent = health.status === "ok" ? `ready · ${health.model}` : "loading model…";
      badge.className = "health " + (health.status === "ok" ? "ok" : "");
    } catch (error) {
      badge.textContent = "server unreachable";
      badge.className = "health down";
    }
    updateCount();
  }

  const STATUS_TITLES = {
    413: "The statement is too long.",
    422: "The request was not accepted.",
    500: "The server failed while extracting.",
  };

  // ---------------------------------------------------------------- extraction

  async function extract() {
    clearError();
    const text = textArea.value;
    if (!text.trim()) {
      showError("Nothing to extract.", "The text is empty: paste a statement into the box first.");
      textArea.focus();
      return;
    }
    if (text.length > limits.max_chars) {
      showError("The statement is too long.",
        `It has ${text.length.toLocaleString("en-US")} characters; the limit is ${limits.max_chars.toLocaleString("en-US")}. ` +
        "Split it, or extract it with the command line.");
      return;
    }
    const published = dateInput.value || null;
    setBusy(true);
    try {
      const response = await fetch("/api/extract", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ text, published }),
      });
      if (!response.ok) {
        const title = STATUS_TITLES[response.status] || `The server answered ${response.status}.`;
        showError(title, await errorDetail(response));
        return;
      }
      statementText = text;
      record = await response.json();
      render(record);
    } catch (error) {
      showError("Could not reach the server.", `Is \`python cli.py serve\` still running? (${error.message})`);
    } finally {
      setBusy(false);
    }
  }

  // ---------------------------------------------------------------- items: one list of everything that points at the text

  function collectItems(rec) {
    const items = [];
    rec.decisions.forEach((d, i) => items.push({ key: `decision:${i}`, type: "decision", cls: `hl-${d.kind}`, start: d.start, end: d.end, data: d }));
    rec.deadlines.forEach((d, i) => items.push({ key: `deadline:${i}`, type: "deadline", cls: "hl-deadline", start: d.start, end: d.end, data: d }));
    rec.targets.forEach((t, i) => items.push({ key: `target:${i}`, type: "target", cls: "hl-target", start: t.start, end: t.end, data: t }));
    rec.figures.forEach((f, i) => items.push({ key: `figure:${i}`, type: "figure", cls: "hl-figure", start: f.start, end: f.end, data: f }));
    rec.entities.forEach((e, i) => {
      const mentions = e.mentions && e.mentions.length ? e.mentions : [[e.start, e.end]];
      mentions.forEach(([start, end]) =>
        items.push({ key: `entity:${i}`, type: "entity", cls: `ent-${e.label}`, start, end, data: e }));
    });
    return items.filter((item) => item.end > item.start && item.start >= 0);
  }

  // Cut the text at every item boundary; each piece knows every item that covers it.
  function segments(text, items) {
    const cuts = new Set([0, text.length]);
    items.forEach((item) => { cuts.add(Math.min(item.start, text.length)); cuts.add(Math.min(item.end, text.length)); });
    const points = [...cuts].sort((a, b) => a - b);
    const byStart = [...items].sort((a, b) => a.start - b.start);
    const pieces = [];
    let open = [];
    let next = 0;
    for (let i = 0; i < points.length - 1; i++) {
      const [from, to] = [points[i], points[i + 1]];
      while (next < byStart.length && byStart[next].start <= from) open.push(byStart[next++]);
      open = open.filter((item) => item.end > from);
      pieces.push({ from, to, items: open.filter((item) => item.start <= from && item.end >= to) });
    }
    return pieces;
  }

  function tooltip(items) {
    return items.map((item) => {
      const d = item.data;
      switch (item.type) {
        case "decision": return `${d.kind} (${d.id}) · actor: ${d.actor || "—"}` + (d.deadline ? ` · deadline: ${d.deadline.date || d.deadline.text}` : "");
        case "deadline": return `deadline · ${d.date || "no calendar date"}`;
        case "figure": return `figure · ${formatNumber(d.value)}${d.unit ? " " + d.unit : ""}`;
        case "target": return "target";
        default: return `${d.label} · ${d.text}` + (d.canonical ? ` (${d.canonical})` : "");
      }
    }).join("\n");
  }

  function renderText(text, items) {
    const box = $("highlighted");
    const fragment = document.createDocumentFragment();
    for (const piece of segments(text, items)) {
      const chunk = text.slice(piece.from, piece.to);
      if (!piece.items.length) { fragment.append(chunk); continue; }
      const classes = ["seg", ...new Set(piece.items.map((item) => item.cls))];
      if (piece.items.some((item) => item.type === "decision")) classes.push("hl-in-decision");
      // A decision's id is drawn (by CSS, not as text) where its words begin, matching the table's # column.
      const starting = piece.items.find((item) => item.type === "decision" && item.start === piece.from);
      fragment.append(el("span", {
        class: classes.join(" "),
        "data-marker": starting ? starting.data.id : null,
        "data-keys": [...new Set(piece.items.map((item) => item.key))].join(" "),
        title: tooltip(piece.items),
        text: chunk,
      }));
    }
    box.replaceChildren(fragment);
  }

  // ---------------------------------------------------------------- details of a selected item

  function field(name, value) {
    const shown = value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)
      ? none() : value;
    return [el("dt", { text: name }), el("dd", {}, shown)];
  }

  function deadlineCell(deadline) {
    if (!deadline) return none();
    const parts = [el("span", { text: `“${deadline.text}”` })];
    if (deadline.date) {
      parts.push(el("br"), el("span", { class: "date", text: deadline.date }));
      const reference = record.published;
      if (reference) {
        const days = daysBetween(reference, deadline.date);
        const [cls, words] = days < 0 ? ["due overdue", `overdue by ${plural(-days, "day")}`]
          : days === 0 ? ["due today", "due on the reference date"]
          : ["due", `due in ${plural(days, "day")}`];
        parts.push(el("span", { class: cls, text: words }));
      }
    } else {
      parts.push(el("span", { class: "due", text: "no calendar date" }));
    }
    return el("span", {}, parts);
  }

  function itemDetails(item) {
    const d = item.data;
    const quote = el("span", { text: `“${statementText.slice(d.start, d.end)}”` });
    const where = `${d.start}–${d.end}`;
    switch (item.type) {
      case "decision":
        return el("div", { class: "item" },
          el("h3", {}, el("span", { class: `badge ${d.kind}`, text: d.kind }), d.id),
          el("dl", {}, field("action", quote), field("trigger", d.trigger), field("actor", d.actor),
            field("responsible", d.responsible.join("; ")), field("deadline", deadlineCell(d.deadline)),
            field("offsets", where)));
      case "deadline":
        return el("div", { class: "item" }, el("h3", {}, el("span", { class: "type-tag", text: "deadline" })),
          el("dl", {}, field("text", quote), field("date", d.date || "no calendar date"),
            field("bounds", d.decision_id), field("offsets", where)));
      case "figure":
        return el("div", { class: "item" }, el("h3", {}, el("span", { class: "type-tag", text: "figure" })),
          el("dl", {}, field("text", quote), field("value", formatNumber(d.value)), field("unit", d.unit),
            field("offsets", where)));
      case "target":
        return el("div", { class: "item" }, el("h3", {}, el("span", { class: "type-tag", text: "target" })),
          el("dl", {}, field("text", quote), field("offsets", where)));
      default:
        return el("div", { class: "item" }, el("h3", {}, el("span", { class: "type-tag", text: `entity · ${d.label}` })),
          el("dl", {}, field("name", d.text), field("canonical", d.canonical), field("acronym", d.acronym),
            field("mentions", String((d.mentions || []).length || 1))));
    }
  }

  function select(keys, { scroll = false } = {}) {
    document.querySelectorAll(".seg.active").forEach((node) => node.classList.remove("active"));
    document.querySelectorAll("#decisions tr.selected").forEach((row) => row.classList.remove("selected"));
    const order = { decision: 0, deadline: 1, target: 2, figure: 3, entity: 4 };
    const chosen = keys.map((key) => itemsByKey.get(key)).filter(Boolean).sort((a, b) => order[a.type] - order[b.type]);
    $("details").replaceChildren(...(chosen.length ? chosen.map(itemDetails) : [el("p", { class: "empty", text: "Nothing here." })]));
    let first = null;
    for (const key of keys) {
      document.querySelectorAll(`.seg[data-keys~="${key}"]`).forEach((node) => {
        node.classList.add("active");
        first = first || node;
      });
      const row = document.querySelector(`#decisions tr[data-key="${key}"]`);
      if (row) row.classList.add("selected");
    }
    if (scroll && first) {
      first.scrollIntoView({ block: "center", behavior: "smooth" });
      first.classList.remove("flash");
      void first.offsetWidth;  // restart the animation
      first.classList.add("flash");
    }
  }

  // ---------------------------------------------------------------- the record's parts

  function renderMeeting(meeting, published) {
    const item = (name, value) => el("dl", { class: "field" },
      el("dt", { text: name }), el("dd", { class: value ? "" : "none", text: value || "not stated" }));
    const box = $("meeting");
    box.replaceChildren(item("Body", meeting.body), item("Chair", meeting.chair), item("Date", meeting.date),
      item("Place", meeting.location), item("Reference date", published));
    if (meeting.participants && meeting.participants.length) {
      box.append(el("div", { class: "participants" }, el("span", { class: "none", text: "Participants: " }),
        meeting.participants.join(", ")));
    }
  }

  function renderDecisions(decisions) {
    const body = $("decisions").querySelector("tbody");
    body.replaceChildren(...decisions.map((d, i) => {
      const key = `decision:${i}`;
      return el("tr", { "data-key": key, "data-kind": d.kind, onclick: () => select([key], { scroll: true }) },
        el("td", { class: "num", text: d.id }),
        el("td", {}, el("span", { class: `badge ${d.kind}`, text: d.kind })),
        el("td", { class: "actor" }, d.actor || none()),
        el("td", { class: "action" }, el("div", { text: d.text }), el("span", { class: "trigger", text: `cue: ${d.trigger}` })),
        el("td", { class: "responsible" }, d.responsible.length
          ? el("div", { class: "chips" }, d.responsible.map((r) => el("span", { class: "chip", text: r }))) : none()),
        el("td", { class: "deadline" }, deadlineCell(d.deadline)));
    }));
    $("decisions").hidden = !decisions.length;
    $("no-decisions").hidden = decisions.length > 0;
    $("decision-count").textContent = decisions.length ? `(${decisions.length})` : "";
  }

  function renderList(id, countId, entries, empty) {
    const list = $(id);
    list.replaceChildren(...(entries.length ? entries : [el("li", { class: "empty", text: empty })]));
    $(countId).textContent = entries.length ? `(${entries.length})` : "";
  }

  function renderSide(rec) {
    renderList("people", "people-count", rec.people.map((p) => el("li", {
      onclick: () => { const i = rec.entities.findIndex((e) => e.start === p.start); if (i >= 0) select([`entity:${i}`], { scroll: true }); },
    }, el("strong", { text: p.name }), p.role ? el("span", { class: "role", text: ` — ${p.role}` }) : null)), "No named people.");
    renderList("figures", "figure-count", rec.figures.map((f, i) => el("li", { onclick: () => select([`figure:${i}`], { scroll: true }) },
      el("span", { text: f.text }), el("span", { class: "value", text: `value ${formatNumber(f.value)}${f.unit ? " · unit " + f.unit : ""}` }))), "No figures.");
    renderList("targets", "target-count", rec.targets.map((t, i) => el("li", { onclick: () => select([`target:${i}`], { scroll: true }), text: t.text })), "No targets.");
  }

  function renderWarnings(warnings) {
    const box = $("warnings");
    box.hidden = !warnings.length;
    box.replaceChildren(...warnings.map((w) => el("div", { text: `⚠ ${w}` })));
  }

  function render(rec) {
    const items = collectItems(rec);
    itemsByKey = new Map(items.map((item) => [item.key, item]));
    renderMeeting(rec.meeting, rec.published);
    renderWarnings(rec.warnings || []);
    renderDecisions(rec.decisions);
    renderText(statementText, items);
    renderSide(rec);
    $("details").replaceChildren(el("p", { class: "empty", text: "Hover over a marked passage for a summary; click it to see all its fields here." }));
    $("action-status").textContent = "";
    results.hidden = false;
    results.scrollIntoView({ block: "start", behavior: "smooth" });
  }

  // ---------------------------------------------------------------- copy and download

  function recordJson() {
    return JSON.stringify(record, null, 2) + "\n";
  }

  async function copyJson() {
    if (!record) return;
    const status = $("action-status");
    try {
      await navigator.clipboard.writeText(recordJson());
      status.textContent = "Copied to the clipboard.";
    } catch (error) {
      // Clipboard API refused (not a secure context, or no permission): the old way still works.
      const scratch = el("textarea", { style: "position:fixed;left:-9999px" });
      scratch.value = recordJson();
      document.body.append(scratch);
      scratch.select();
      const ok = document.execCommand("copy");
      scratch.remove();
      status.textContent = ok ? "Copied to the clipboard." : "Copy refused by the browser: use Download.";
    }
  }

  function downloadJson() {
    if (!record) return;
    const url = URL.createObjectURL(new Blob([recordJson()], { type: "application/json" }));
    const name = `${(record.meeting.date || record.published || "record")}-${record.text_sha256.slice(0, 8)}.json`;
    const link = el("a", { href: url, download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    $("action-status").textContent = `Saved ${name}`;
  }

  // ---------------------------------------------------------------- wiring

  form.addEventListener("submit", (event) => { event.preventDefault(); extract(); });
  textArea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); extract(); }
  });
  dateInput.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { event.preventDefault(); extract(); }
  });
  textArea.addEventListener("input", updateCount);
  $("highlighted").addEventListener("click", (event) => {
    const seg = event.target.closest(".seg");
    if (seg) select(seg.dataset.keys.split(" "));
  });
  $("copy-json").addEventListener("click", copyJson);
  $("download-json").addEventListener("click", downloadJson);

  dateInput.value = localToday();
  updateCount();
  checkHealth();
})();
