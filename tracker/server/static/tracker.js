// Statement tracker page, the tracker view: decisions by body over time, the overdue list for a date,
// full-text search, one decision's chain of follow-ups, and a statement with the words marked.
// Reads the tracker API (/api/bodies, /api/overdue, /api/decisions, /api/decisions/{ref}/followups,
// /api/statements/{id}). The view's state lives in the address (#/tracker/...), so Back works and
// every decision and statement has a link.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const { el, localToday, plural, none, errorDetail } = window.StatementTracker.dom;
  const SVG = "http://www.w3.org/2000/svg";
  const PAGE_SIZE = 50;
  const OVERDUE_LIMIT = 1000;
  const STATUS_WORDS = {
    open: "open",
    done: "done",
    extended: "extended",
    repeated: "repeated",
    dropped: "dropped",
    mentioned: "mentioned",
  };
  let loaded = false;
  let searchOffset = 0;
  let chainRef = null;

  // ---------------------------------------------------------------- the API

  class ApiProblem extends Error {
    constructor(status, detail) {
      super(detail);
      this.status = status;
    }
  }

  async function getJson(path, params) {
    const url = new URL(path, window.location.origin);
    for (const [name, value] of Object.entries(params || {})) {
      if (value !== null && value !== undefined && value !== "") url.searchParams.set(name, value);
    }
    let response;
    try {
      response = await fetch(url);
    } catch (error) {
      throw new ApiProblem(0, `Could not reach the server: is \`python cli.py serve\` still running? (${error.message})`);
    }
    if (!response.ok) throw new ApiProblem(response.status, await errorDetail(response));
    return response.json();
  }

  // A 503 is the server saying it has no store; that replaces the whole view, other problems show in place.
  function explain(problem, where) {
    if (problem.status === 503 || (problem.status === 404 && where === $("bodies"))) {
      showStoreMissing(problem);
      return;
    }
    where.replaceChildren(el("div", { class: "error", role: "alert" },
      el("strong", { text: problem.status ? `The server answered ${problem.status}.` : "No answer." }), " ",
      problem.message));
  }

  function showStoreMissing(problem) {
    const box = $("store-missing");
    const why = problem.status === 404
      ? "This server has no tracker API (it answered 404)."
      : problem.message;
    box.replaceChildren(
      el("p", {}, el("strong", { text: "No tracker store is open on this server." }), " ",
        "To see decisions here, load records into a store and serve it: ",
        el("code", { text: "python cli.py store outputs/records.jsonl" }), " then ",
        el("code", { text: "python cli.py serve --db sqlite:///outputs/tracker.db" }), "."),
      el("p", { class: "server-said" }, `The server said: ${why}`));
    box.hidden = false;
    $("tracker-main").hidden = true;
  }

  // ---------------------------------------------------------------- small pieces

  function svg(tag, attrs, ...children) {
    const node = document.createElementNS(SVG, tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    node.append(...children);
    return node;
  }

  function kindBadge(kind) {
    return el("span", { class: `badge ${kind}`, text: kind });
  }

  function statusBadge(status, extra) {
    const known = STATUS_WORDS[status] ? status : "mentioned";
    return el("span", { class: `badge status status-${known}`, "data-status": status, text: (STATUS_WORDS[status] || status) + (extra || "") });
  }

  function trackerHash(path, params) {
    const query = new URLSearchParams();
    for (const [name, value] of Object.entries(params)) {
      for (const one of [].concat(value)) if (one !== null && one !== undefined && one !== "") query.append(name, one);
    }
    return `#/tracker/${path}?${query}`;
  }

  function decisionHash(ref) {
    return trackerHash("decision", { ref });
  }

  // A link to a statement with some of its words marked: `marks` are [start, end] pairs; `find` is a
  // quotation to look for when the offsets are not known.
  function statementLink(statementId, { marks = [], find = null, label, what }) {
    const mark = marks.filter(([start, end]) => Number.isInteger(start) && Number.isInteger(end) && end > start)
      .map(([start, end]) => `${start}-${end}`);
    return el("a", { class: "statement-link", href: trackerHash("statement", { id: statementId, mark, find, what }) },
      label);
  }

  // The date first (what a reader scans), then how late it is, then the deadline's own words.
  function deadlineCell(d) {
    if (!d.deadline_text && !d.deadline_date) return none();
    const parts = [d.deadline_date ? el("span", { class: "date", text: d.deadline_date })
      : el("span", { class: "due", text: "no calendar date" })];
    if (d.days_overdue !== null && d.days_overdue !== undefined && d.days_overdue > 0) {
      parts.push(el("span", { class: "due overdue", text: `overdue by ${plural(d.days_overdue, "day")}` }));
    }
    if (d.deadline_text) parts.push(el("span", { class: "words", text: `“${d.deadline_text}”` }));
    return el("span", { class: "stack" }, parts);
  }

  function responsibleCell(responsible) {
    return responsible && responsible.length
      ? el("div", { class: "chips" }, responsible.map((party) => el("span", { class: "chip", text: party })))
      : none();
  }

  function meetingCell(d) {
    return el("span", { class: "stack" }, d.body ? el("span", { text: d.body }) : none("no body named"),
      el("span", { class: "due", text: d.meeting_date || d.published || "undated" }));
  }

  // ---------------------------------------------------------------- a list of decisions (overdue, search)

  function decisionRow(d) {
    const open = el("button", { type: "button", class: "decision-open", "aria-label": `Follow-ups of ${d.ref}: ${d.text}`,
      onclick: (event) => { event.stopPropagation(); window.location.hash = decisionHash(d.ref); } }, d.text);
    return el("tr", { "data-ref": d.ref, class: d.ref === chainRef ? "selected" : null,
      onclick: () => open.click() },
      el("td", { class: "deadline" }, deadlineCell(d)),
      el("td", { class: "action" }, open, el("span", { class: "trigger", text: `${d.kind} · cue: ${d.trigger} · ${d.ref}` })),
      el("td", { class: "meeting-cell" }, meetingCell(d)),
      el("td", { class: "parties" }, el("span", { class: "actor" }, d.actor || none()),
        d.responsible && d.responsible.length ? el("span", { class: "responsible" }, "→ ", responsibleCell(d.responsible)) : null),
      el("td", {}, statusBadge(d.status || "open")));
  }

  function decisionTable(decisions, caption) {
    return el("div", { class: "table-wrap scroll" }, el("table", { class: "tracked" },
      el("caption", { class: "sr-only", text: caption }),
      el("thead", {}, el("tr", {}, ["Deadline", "Decision", "Body · meeting", "Actor → responsible", "Status"]
        .map((name) => el("th", { scope: "col", text: name })))),
      el("tbody", {}, decisions.map(decisionRow))));
  }

  function filters() {
    return {
      body: $("filter-body").value.trim(),
      actor: $("filter-actor").value.trim(),
      responsible: $("filter-responsible").value.trim(),
    };
  }

  function filterWords(chosen) {
    const named = Object.entries(chosen).filter(([, value]) => value).map(([name, value]) => `${name} “${value}”`);
    return named.length ? ` (${named.join(", ")})` : "";
  }

  async function runOverdue() {
    const box = $("overdue-results");
    const asOf = $("as-of").value;
    if (!asOf) {
      box.replaceChildren(el("div", { class: "error", role: "alert", text: "Choose a date to count from." }));
      $("as-of").focus();
      return;
    }
    const chosen = filters();
    box.setAttribute("aria-busy", "true");
    try {
      const overdue = await getJson("/api/overdue", { as_of: asOf, ...chosen, limit: OVERDUE_LIMIT });
      const capped = overdue.length === OVERDUE_LIMIT ? `; only the first ${OVERDUE_LIMIT} are shown: narrow the filters` : "";
      $("overdue-count").textContent = `(${overdue.length}${capped ? "+" : ""})`;
      const summary = el("p", { class: "summary" },
        overdue.length ? `${plural(overdue.length, "decision")} overdue as of ${asOf}${filterWords(chosen)}${capped}.`
          : `Nothing is overdue as of ${asOf}${filterWords(chosen)}.`);
      box.replaceChildren(summary, ...(overdue.length ? [decisionTable(overdue, `Overdue as of ${asOf}`)] : []));
    } catch (problem) {
      $("overdue-count").textContent = "";
      explain(problem, box);
    } finally {
      box.removeAttribute("aria-busy");
    }
  }

  async function runSearch(more = false) {
    const box = $("search-results");
    const words = $("decision-search").value.trim();
    const chosen = filters();
    searchOffset = more ? searchOffset + PAGE_SIZE : 0;
    box.setAttribute("aria-busy", "true");
    try {
      const found = await getJson("/api/decisions", { search: words, ...chosen, limit: PAGE_SIZE, offset: searchOffset });
      const what = words ? `matching “${words}”` : "in the store";
      const shown = searchOffset + found.length;
      $("search-count").textContent = `(${shown}${found.length === PAGE_SIZE ? "+" : ""})`;
      if (!more) {
        box.replaceChildren(el("p", { class: "summary" }, found.length
          ? `${plural(found.length, "decision")} ${what}${filterWords(chosen)}${found.length === PAGE_SIZE ? `, the first ${PAGE_SIZE}` : ""}.`
          : `No decision ${what}${filterWords(chosen)}.`));
        if (found.length) box.append(decisionTable(found, `Decisions ${what}`));
      } else {
        box.querySelector("tbody").append(...found.map(decisionRow));
        box.querySelector(".summary").textContent = `${plural(shown, "decision")} ${what}${filterWords(chosen)}.`;
      }
      box.querySelector(".more")?.remove();
      if (found.length === PAGE_SIZE) {
        box.append(el("button", { type: "button", class: "more", onclick: () => runSearch(true), text: `Show ${PAGE_SIZE} more` }));
      }
    } catch (problem) {
      $("search-count").textContent = "";
      explain(problem, box);
    } finally {
      box.removeAttribute("aria-busy");
    }
  }

  // ---------------------------------------------------------------- decisions by body over time

  function monthsBetween(first, last) {
    const months = [];
    let [year, month] = first.split("-").map(Number);
    const [endYear, endMonth] = last.split("-").map(Number);
    while (year < endYear || (year === endYear && month <= endMonth)) {
      months.push(`${year}-${String(month).padStart(2, "0")}`);
      month += 1;
      if (month > 12) { month = 1; year += 1; }
    }
    return months;
  }

  function allMonths(bodies) {
    const seen = bodies.flatMap((b) => Object.keys(b.by_month || {})).sort();
    return seen.length ? monthsBetween(seen[0], seen[seen.length - 1]) : [];
  }

  function slotWidth(months) {
    return Math.max(4, Math.min(18, Math.floor(420 / Math.max(months.length, 1))));
  }

  function monthAxis(months) {
    const slot = slotWidth(months);
    const labels = months.map((month, i) => [month, i]).filter(([month, i]) => i === 0 || month.endsWith("-01"));
    return svg("svg", { width: months.length * slot, height: 14, class: "axis", "aria-hidden": "true" },
      ...labels.map(([month, i]) => svg("text", { x: i * slot, y: 11 }, i === 0 ? month : month.slice(0, 4))));
  }

  function bodyChart(body, months, most) {
    const slot = slotWidth(months);
    const height = 30;
    const counts = body.by_month || {};
    const busiest = Object.entries(counts).sort((a, b) => b[1] - a[1])[0];
    const label = busiest
      ? `${body.body || "no body named"}: decisions by month from ${months[0]} to ${months[months.length - 1]}; busiest ${busiest[0]} with ${busiest[1]}`
      : `${body.body || "no body named"}: no dated meetings`;
    const bars = months.map((month, i) => {
      const n = counts[month] || 0;
      const h = n ? Math.max(2, Math.round((n / most) * (height - 2))) : 0;
      return svg("g", {},
        svg("rect", { x: i * slot, y: 0, width: slot, height, class: i % 2 ? "slot" : "slot odd" }),
        n ? svg("rect", { x: i * slot + 1, y: height - h, width: Math.max(slot - 2, 2), height: h, class: "bar" }) : "",
        svg("title", {}, `${month}: ${plural(n, "decision")}`));
    });
    return svg("svg", { width: months.length * slot, height, class: "chart", role: "img", "aria-label": label }, ...bars);
  }

  function chooseBody(name) {
    $("filter-body").value = name;
    runOverdue();
    if ($("search-results").childElementCount) runSearch();
  }

  function renderBodies(bodies) {
    const box = $("bodies");
    $("body-count").textContent = `(${bodies.length})`;
    $("body-names").replaceChildren(...bodies.filter((b) => b.body).map((b) => el("option", { value: b.body })));
    if (!bodies.length) {
      box.replaceChildren(el("p", { class: "empty", text: "The store holds no statements yet: load records with `python cli.py store RECORDS.jsonl`." }));
      return;
    }
    const months = allMonths(bodies);
    const most = Math.max(1, ...bodies.flatMap((b) => Object.values(b.by_month || {})));
    const sorted = [...bodies].sort((a, b) => b.decisions - a.decisions || String(a.body).localeCompare(String(b.body)));
    const rows = sorted.map((b) => el("tr", { "data-body": b.body || "" },
      el("th", { scope: "row", class: "body-name" }, b.body
        ? el("button", { type: "button", class: "body-pick", title: "Show this body's overdue decisions", onclick: () => chooseBody(b.body) }, b.body)
        : none("no body named")),
      el("td", { class: "num", text: b.statements }),
      el("td", { class: "num", text: b.decisions }),
      el("td", { class: "span-dates", text: b.first ? `${b.first} – ${b.last}` : "undated" }),
      el("td", { class: "chart-cell" }, months.length ? bodyChart(b, months, most) : none("no dated meetings"))));
    box.replaceChildren(el("div", { class: "table-wrap scroll" }, el("table", { class: "bodies-table" },
      el("caption", { class: "sr-only", text: "Statements and decisions per body, with decisions by month" }),
      el("thead", {}, el("tr", {},
        el("th", { scope: "col", text: "Body" }), el("th", { scope: "col", class: "num", text: "Statements" }),
        el("th", { scope: "col", class: "num", text: "Decisions" }), el("th", { scope: "col", text: "Meetings" }),
        el("th", { scope: "col", class: "chart-cell" }, "Decisions by month", months.length ? el("br") : "",
          months.length ? monthAxis(months) : ""))),
      el("tbody", {}, rows))));
  }

  async function loadBodies() {
    const box = $("bodies");
    try {
      renderBodies(await getJson("/api/bodies"));
      return true;
    } catch (problem) {
      explain(problem, box);
      return false;
    } finally {
      box.removeAttribute("aria-busy");
    }
  }

  // ---------------------------------------------------------------- one decision's chain of follow-ups

  // The follow-up's evidence, whether the API gives it flat (evidence_text/start/end) or as an object.
  function evidenceOf(followup) {
    const evidence = followup.evidence || {};
    return {
      text: evidence.text ?? followup.evidence_text ?? null,
      start: evidence.start ?? followup.evidence_start ?? null,
      end: evidence.end ?? followup.evidence_end ?? null,
    };
  }

  function reasonWords(reasons) {
    return Object.entries(reasons || {}).map(([name, value]) => {
      const words = name.replace(/_/g, " ");
      if (typeof value === "boolean") return value ? words : `no ${words}`;
      if (typeof value === "number") return `${words} ${Number.isInteger(value) ? value : value.toFixed(2)}`;
      if (Array.isArray(value)) return value.length ? `${words}: ${value.join(", ")}` : `no ${words}`;
      if (value && typeof value === "object") return `${words}: ${JSON.stringify(value)}`;
      return `${words}: ${value}`;
    });
  }

  function scoreMeter(score) {
    if (typeof score !== "number") return null;
    return el("span", { class: "score", title: "How surely this later statement follows up the decision (0 to 1)" },
      el("meter", { min: "0", max: "1", value: String(score), "aria-label": "score" }),
      ` score ${score.toFixed(2)}`);
  }

  function followupItem(decision, f) {
    const evidence = evidenceOf(f);
    const status = f.status || "mentioned";
    const extra = status === "extended" && f.new_deadline ? ` to ${f.new_deadline}` : "";
    const reasons = reasonWords(f.reasons);
    return el("li", { class: `followup status-${status}`, "data-status": status },
      el("div", { class: "fu-head" }, statusBadge(status, extra),
        el("time", { class: "date", datetime: f.meeting_date || "", text: f.meeting_date || "undated" }),
        scoreMeter(f.score)),
      evidence.text ? el("blockquote", { class: "evidence", text: `“${evidence.text}”` }) : null,
      f.new_deadline && !extra ? el("p", { class: "fu-line" }, "new deadline ", el("span", { class: "date", text: f.new_deadline })) : null,
      reasons.length ? el("p", { class: "reasons" }, "why: ", reasons.join(" · ")) : null,
      el("p", { class: "fu-line" },
        statementLink(f.statement_id, {
          marks: [[evidence.start, evidence.end]], find: evidence.start === null ? evidence.text : null,
          what: `the words of ${f.statement_id} that follow up ${decision.ref}`,
          label: `Read ${f.statement_id}, the evidence marked`,
        }),
        f.later_decision_ref ? el("span", {}, " · a decision there: ",
          el("a", { href: decisionHash(f.later_decision_ref), text: f.later_decision_ref })) : null));
  }

  function renderChain(chain) {
    const d = chain.decision;
    // Oldest first; an undated follow-up keeps the server's place for it.
    const followups = [...(chain.followups || [])].sort((a, b) =>
      (a.meeting_date && b.meeting_date ? a.meeting_date.localeCompare(b.meeting_date) : 0));
    const head = el("div", { class: "chain-head" },
      el("h3", {}, kindBadge(d.kind), statusBadge(d.status || "open"), el("code", { class: "ref", text: d.ref })),
      el("blockquote", { class: "decision-words", text: `“${d.text}”` }),
      el("dl", { class: "facts" },
        el("dt", { text: "body" }), el("dd", {}, d.body || none("no body named")),
        el("dt", { text: "meeting" }), el("dd", {}, d.meeting_date || d.published || none("undated")),
        el("dt", { text: "actor" }), el("dd", {}, d.actor || none()),
        el("dt", { text: "responsible" }), el("dd", {}, responsibleCell(d.responsible)),
        el("dt", { text: "deadline" }), el("dd", {}, deadlineCell(d))),
      el("p", { class: "fu-line" }, statementLink(d.statement_id, {
        marks: [[d.start, d.end]], what: `the words of decision ${d.ref}`,
        label: `Read ${d.statement_id}, the decision marked`,
      })));
    const list = followups.length
      ? el("ol", { class: "timeline", "aria-label": `Later statements following up ${d.ref}` },
        followups.map((f) => followupItem(d, f)))
      : el("p", { class: "empty", text: "No later statement in the store follows this decision up yet." });
    $("chain").replaceChildren(head,
      el("h3", { class: "timeline-title" }, `Later statements `, el("span", { class: "count", text: `(${followups.length})` })),
      list);
  }

  async function openChain(ref) {
    chainRef = ref;
    document.querySelectorAll("table.tracked tr.selected").forEach((row) => row.classList.remove("selected"));
    document.querySelectorAll("table.tracked tr[data-ref]").forEach((row) => {
      if (row.dataset.ref === ref) row.classList.add("selected");
    });
    $("chain-title").textContent = `Follow-ups of ${ref}`;
    const box = $("chain");
    box.setAttribute("aria-busy", "true");
    try {
      renderChain(await getJson(`/api/decisions/${encodeURIComponent(ref)}/followups`));
    } catch (problem) {
      explain(problem, box);
    } finally {
      box.removeAttribute("aria-busy");
    }
  }

  // ---------------------------------------------------------------- a statement with words marked

  // Ranges clamped to the text, sorted, overlaps merged: what <mark> can show.
  function cleanRanges(ranges, length) {
    const sorted = ranges.map(([start, end]) => [Math.max(0, start), Math.min(length, end)])
      .filter(([start, end]) => end > start).sort((a, b) => a[0] - b[0]);
    const merged = [];
    for (const range of sorted) {
      const last = merged[merged.length - 1];
      if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
      else merged.push([...range]);
    }
    return merged;
  }

  function markedText(text, ranges) {
    const box = el("div", { class: "highlighted statement-text", tabindex: "0", "aria-label": "Statement text, the words in question marked" });
    let at = 0;
    for (const [start, end] of ranges) {
      box.append(text.slice(at, start), el("mark", { text: text.slice(start, end) }));
      at = end;
    }
    box.append(text.slice(at));
    return box;
  }

  function parseMarks(marks) {
    return marks.map((mark) => mark.split("-").map(Number)).filter((pair) => pair.length === 2 && pair.every(Number.isInteger));
  }

  function recordOf(statement) {
    if (typeof statement.record !== "string") return statement.record || {};
    try {
      return JSON.parse(statement.record);
    } catch (error) {
      return {};
    }
  }

  async function openStatement(statementId, marks, find, what) {
    const card = $("statement-card");
    const box = $("tracker-statement");
    card.hidden = false;
    $("tracker-statement-title").textContent = `Statement ${statementId}`;
    box.setAttribute("aria-busy", "true");
    try {
      const statement = await getJson(`/api/statements/${encodeURIComponent(statementId)}`);
      const record = recordOf(statement);
      const meeting = record.meeting || {};
      const facts = el("p", { class: "statement-facts" },
        el("span", { text: `version ${statement.version}` }),
        meeting.body ? el("span", { text: meeting.body }) : null,
        el("span", { class: "date", text: meeting.date || record.published || "undated" }));
      if (statement.text === null || statement.text === undefined) {
        box.replaceChildren(facts, el("p", { class: "notice text-missing" },
          el("strong", { text: "The text of this statement was not stored." }),
          " It was loaded from its record alone, which keeps the offsets but not the words, so nothing can be marked. ",
          "Load it with ", el("code", { text: "python cli.py extract INPUT --db URL" }), " to keep its text."));
      } else {
        let ranges = parseMarks(marks);
        if (!ranges.length && find) {
          const at = statement.text.indexOf(find);
          if (at >= 0) ranges = [[at, at + find.length]];
        }
        ranges = cleanRanges(ranges, statement.text.length);
        box.replaceChildren(facts,
          el("p", { class: "hint" }, ranges.length ? `Marked: ${what || "the words in question"}.` : "No words could be marked in this text."),
          markedText(statement.text, ranges));
      }
      card.scrollIntoView({ block: "start" });
      card.focus({ preventScroll: true });
      box.querySelector("mark")?.scrollIntoView({ block: "center" });
    } catch (problem) {
      explain(problem, box);
    } finally {
      box.removeAttribute("aria-busy");
    }
  }

  // ---------------------------------------------------------------- views and the address

  const tabs = [$("tab-extract"), $("tab-tracker")];

  function showView(name) {
    for (const tab of tabs) {
      const chosen = tab.id === `tab-${name}`;
      tab.setAttribute("aria-selected", String(chosen));
      tab.tabIndex = chosen ? 0 : -1;
      $(tab.getAttribute("aria-controls")).hidden = !chosen;
    }
    if (name === "tracker" && !loaded) {
      loaded = true;
      loadBodies().then((ok) => { if (ok) runOverdue(); });
    }
  }

  function route() {
    const hash = window.location.hash;
    if (!hash.startsWith("#/tracker")) {
      showView("extract");
      return;
    }
    showView("tracker");
    const [path, query] = hash.slice(2).split("?");
    const params = new URLSearchParams(query || "");
    if (path === "tracker/decision" && params.get("ref")) openChain(params.get("ref"));
    if (path === "tracker/statement" && params.get("id")) {
      openStatement(params.get("id"), params.getAll("mark"), params.get("find"), params.get("what"));
    }
  }

  function go(name) {
    const target = name === "tracker" ? "#/tracker" : "#/extract";
    if (name === "tracker" && window.location.hash.startsWith("#/tracker")) return;
    window.location.hash = target;
  }

  tabs.forEach((tab, i) => {
    tab.addEventListener("click", () => go(tab.id.replace("tab-", "")));
    tab.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
      const next = tabs[(i + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
      next.focus();
      go(next.id.replace("tab-", ""));
    });
  });
  $("overdue-form").addEventListener("submit", (event) => { event.preventDefault(); runOverdue(); });
  $("search-form").addEventListener("submit", (event) => { event.preventDefault(); runSearch(); });
  window.addEventListener("hashchange", route);

  $("as-of").value = localToday();
  route();
})();
