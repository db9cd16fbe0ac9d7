// The rule playground: checks the rule as it is typed (POST /rules/validate,
// debounced), underlines each diagnostic at its line and column, runs the
// rule on the sample events (POST /try) and deploys it (PUT /rules/...).
"use strict";

const $ = (id) => document.getElementById(id);
const rule = $("rule"), gutter = $("gutter"), marks = $("marks");
const CHECK_DELAY_MS = 250;

function escapeHtml(text) {
  return text.replace(/[&<>"]/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})[c]);
}

// The offset in `text` of a 1-based line and column (columns count code points).
function offsetOf(text, line, column) {
  let at = 0;
  for (let l = 1; l < line && at <= text.length; l++) {
    const next = text.indexOf("\n", at);
    if (next < 0) return text.length;
    at = next + 1;
  }
  const chars = Array.from(text.slice(at, text.indexOf("\n", at) < 0 ? text.length : text.indexOf("\n", at)));
  return at + chars.slice(0, Math.max(0, column - 1)).join("").length;
}

function drawGutter() {
  const lines = rule.value.split("\n").length;
  let numbers = "";
  for (let i = 1; i <= lines; i++) numbers += i + "\n";
  gutter.textContent = numbers;
  gutter.scrollTop = rule.scrollTop;
  marks.scrollTop = rule.scrollTop;
  marks.scrollLeft = rule.scrollLeft;
}

// The text again behind the textarea, with each diagnostic's range marked.
function drawMarks(diagnostics) {
  const text = rule.value;
  const ranges = diagnostics.map((d) => {
    const begin = offsetOf(text, d.line, d.column);
    let end = offsetOf(text, d.end_line, d.end_column);
    if (end <= begin) end = Math.min(text.length, begin + 1);
    return {begin, end, severity: d.severity};
  }).sort((a, b) => a.begin - b.begin);
  let html = "", at = 0;
  for (const r of ranges) {
    if (r.begin < at) continue;  // overlapping: the first one shows
    html += escapeHtml(text.slice(at, r.begin));
    const marked = text.slice(r.begin, r.end) || " ";
    html += `<mark class="${r.severity}">${escapeHtml(marked)}</mark>`;
    at = r.end;
  }
  marks.innerHTML = html + escapeHtml(text.slice(at)) + "\n";
}

function showDiagnostics(diagnostics) {
  const list = $("diagnostics");
  list.innerHTML = "";
  for (const d of diagnostics) {
    const item = document.createElement("li");
    item.className = d.severity;
    item.tabIndex = 0;
    item.dataset.line = d.line;
    item.dataset.column = d.column;
    let text = `${d.line}:${d.column}: ${d.severity}: ${d.message}`;
    item.textContent = text;
    if (d.replacement !== undefined) {
      const hint = document.createElement("span");
      hint.className = "suggestion";
      hint.textContent = ` — did you mean “${d.replacement}”?`;
      item.appendChild(hint);
    }
    item.addEventListener("click", () => jumpTo(d));
    item.addEventListener("keydown", (e) => { if (e.key === "Enter") jumpTo(d); });
    list.appendChild(item);
  }
  drawMarks(diagnostics);
}

function jumpTo(d) {
  const at = offsetOf(rule.value, d.line, d.column);
  rule.focus();
  rule.setSelectionRange(at, offsetOf(rule.value, d.end_line, d.end_column));
}

async function postJson(path, body, options = {}) {
  const response = await fetch(path, {method: options.method || "POST", body,
                                      headers: options.headers || {"Content-Type": "text/plain"}});
  const text = await response.text();
  let json = null;
  try { json = JSON.parse(text); } catch (e) { /* not JSON: shown as text */ }
  return {status: response.status, json, text};
}

let checkTimer = null, checkSeq = 0;
async function check() {
  const seq = ++checkSeq;
  $("check-state").textContent = "checking…";
  try {
    const r = await postJson("/rules/validate", rule.value);
    if (seq !== checkSeq) return;  // a newer check is on its way
    if (!r.json || r.status !== 200) throw new Error(r.json ? r.json.error : r.text);
    const file = r.json.files[0];
    showDiagnostics(file.diagnostics);
    $("check-state").textContent = file.ok ? `OK, ${file.rules.length} rule(s)` : `${r.json.errors} error(s)`;
    $("explain").textContent = r.json.explain.map((e) => e.text).join("\n");
  } catch (e) {
    if (seq === checkSeq) $("check-state").textContent = "could not check: " + e.message;
  }
}

function scheduleCheck() {
  drawGutter();
  drawMarks([]);
  clearTimeout(checkTimer);
  checkTimer = setTimeout(check, CHECK_DELAY_MS);
}

function cell(row, text) {
  const td = document.createElement("td");
  td.textContent = text;
  row.appendChild(td);
  return td;
}

function windowText(n) {
  if (!n.window) return "";
  const start = new Date(n.window.start).toISOString();
  return n.window.end === null || n.window.end === undefined ? `from ${start}` :
    `${start} – ${new Date(n.window.end).toISOString()}`;
}

async function run() {
  $("run-error").textContent = "";
  $("run-state").textContent = "running…";
  const text = $("events").value.trim();
  let events = text;
  if (text.startsWith("[")) {
    try { events = JSON.parse(text); } catch (e) { /* sent as text: each line an event */ }
  }
  const r = await postJson("/try", JSON.stringify({source: rule.value, events}),
                           {headers: {"Content-Type": "application/json"}});
  const matches = $("matches").tBodies[0], alerts = $("alerts").tBodies[0];
  matches.innerHTML = "";
  alerts.innerHTML = "";
  if (r.status !== 200 || !r.json) {
    $("run-state").textContent = "";
    $("run-error").textContent = r.json ? r.json.error : r.text;
    return;
  }
  showDiagnostics(r.json.diagnostics);
  $("explain").textContent = r.json.explain.map((e) => e.text).join("\n");
  if (!r.json.ok) {
    $("run-state").textContent = "the rule has errors";
    return;
  }
  const lines = Array.isArray(events) ? events.map((e) => JSON.stringify(e)) :
    events.split("\n").filter((l) => l.trim() !== "");
  for (const e of r.json.events) {
    const row = document.createElement("tr");
    cell(row, String(e.index + 1));
    cell(row, lines[e.index] || "");
    const matched = cell(row, e.error ? "not used: " + e.error : e.matched.join(", ") || "—");
    if (e.matched && e.matched.length) row.className = "matched";
    if (e.error) matched.className = "error";
    matches.appendChild(row);
  }
  for (const n of r.json.notifications) {
    const row = document.createElement("tr");
    row.className = n.state;
    cell(row, String(n.source.offset + 1));
    cell(row, n.state);
    cell(row, n.rule);
    cell(row, JSON.stringify(n.key));
    cell(row, windowText(n));
    cell(row, JSON.stringify(n.values));
    cell(row, n.message);
    alerts.appendChild(row);
  }
  const c = r.json.counts;
  $("run-state").textContent = `${c.events} event(s), ${c.matched} match(es), ${c.alerts_fired} fired, ` +
    `${c.alerts_resolved} resolved`;
}

// The rule's name: what it is deployed as.
function ruleName() {
  const m = /^\s*rule\s+([A-Za-z_][A-Za-z0-9_]*)/m.exec(rule.value);
  return m ? m[1] : null;
}

async function deploy() {
  const out = $("deploy-result");
  const name = ruleName();
  if (!name) {
    out.textContent = "the rule text must start with: rule NAME {";
    return;
  }
  const tenant = $("tenant").value.trim() || "_";
  const headers = {"Content-Type": "text/plain"};
  const token = $("token").value.trim();
  if (token) headers["Authorization"] = "Bearer " + token;
  out.textContent = "deploying…";
  const r = await postJson(`/rules/${encodeURIComponent(tenant)}/${encodeURIComponent(name)}`, rule.value,
                           {method: "PUT", headers});
  out.textContent = `HTTP ${r.status}\n` + (r.json ? JSON.stringify(r.json, null, 2) : r.text);
}

rule.addEventListener("input", scheduleCheck);
rule.addEventListener("scroll", drawGutter);
$("run").addEventListener("click", run);
$("deploy").addEventListener("click", deploy);
$("events-file").addEventListener("change", async (e) => {
  const file = e.target.files[0];
  if (file) $("events").value = await file.text();
});
drawGutter();
check();
