// The Weft dashboard: plain JavaScript over the server's JSON-RPC API (POST /rpc). Each view
// reads what it shows again when the server's event stream (GET /events) says something changed,
// and every few seconds besides, and updates the page in place.
"use strict";

window.weftLoadedAt = Date.now(); // tests check the page was not reloaded
window.weftEventsSeen = 0; // and that changes came from the event stream

const view = document.getElementById("view");
const statusLine = document.getElementById("status");
const ENDED = ["succeeded", "failed", "cancelled", "upstream-failed", "skipped", "cached",
  "succeeded-with-failures"];
let token = localStorage.getItem("weft.token") || "";
let timer = null;
let stream = null;
let rpcId = 0;

class RpcError extends Error {
  constructor(error) {
    super(error.message);
    this.code = error.code;
    this.data = error.data;
  }
}

async function rpc(method, params = {}) {
  const headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = "Bearer " + token;
  const response = await fetch("/rpc", {
    method: "POST", headers,
    body: JSON.stringify({ jsonrpc: "2.0", id: ++rpcId, method, params }),
  });
  if (response.status === 401) {
    showLogin(token ? "That token was refused." : "");
    throw new RpcError({ code: -32001, message: "a token is needed" });
  }
  const answer = await response.json();
  if (answer.error) throw new RpcError(answer.error);
  return answer.result;
}

function esc(value) {
  return String(value ?? "").replace(/[&<>"']/g, c =>
    ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}
const badge = s => `<span class="badge s-${esc(s)}">${esc(s)}</span>`;
const when = t => (t ? new Date(t).toLocaleString() : "");
const ms = d => (d == null ? "" : d < 1000 ? d + " ms" : (d / 1000).toFixed(1) + " s");

/**
 * Shows a view: refresh() now, again on each event of the stream (GET /events, filtered by
 * query, e.g. {run: 7}) a moment after it, and every `interval` ms besides (events are the fast
 * path; the timer covers a stream that is down).
 */
function every(interval, refresh, query = {}) {
  clearInterval(timer);
  if (stream) stream.abort();
  let pending = null;
  const tick = () => refresh().then(
    () => { statusLine.textContent = "updated " + new Date().toLocaleTimeString(); },
    e => { statusLine.textContent = e.message; });
  const soon = () => {
    if (!pending) pending = setTimeout(() => { pending = null; tick(); }, 150);
  };
  tick();
  timer = setInterval(tick, interval);
  stream = new AbortController();
  follow(query, stream.signal, soon);
}

/** Reads the event stream with fetch (so the token goes in a header), calling changed() per event. */
async function follow(query, signal, changed) {
  const headers = { Accept: "text/event-stream" };
  if (token) headers.Authorization = "Bearer " + token;
  let after = null;
  while (!signal.aborted) {
    try {
      const params = new URLSearchParams(query);
      // start from now: what happened before is what refresh() reads
      params.set("after", after ?? "latest");
      const response = await fetch("/events?" + params, { headers, signal });
      if (!response.ok) return; // no stream (auth, an old server): the timer does the work
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const id = block.match(/^id: (\d+)$/m);
          if (id) {
            after = id[1];
            window.weftEventsSeen++;
            changed();
          }
        }
      }
    } catch (e) {
      if (signal.aborted) return;
    }
    await new Promise(r => setTimeout(r, 2000)); // the stream was cut: look again shortly
  }
}
function showLogin(message) {
  clearInterval(timer);
  view.hidden = true;
  document.getElementById("login").hidden = false;
  document.getElementById("login-error").textContent = message;
}

document.getElementById("login").addEventListener("submit", event => {
  event.preventDefault();
  token = document.getElementById("token").value.trim();
  localStorage.setItem("weft.token", token);
  document.getElementById("login").hidden = true;
  view.hidden = false;
  route();
});

// --- views ---

async function overview() {
  view.innerHTML = `<h1>Overview</h1><div class="cards" id="counts"></div>
    <h2>Runs ended per minute (last 100 runs)</h2><div id="graph"></div>
    <h2>Workers</h2><div id="workers"></div><h2>Latest runs</h2><div id="latest"></div>`;
  every(2000, async () => {
    const statuses = ["running", "ready", "failed", "succeeded"];
    const [counts, recent, workers] = await Promise.all([
      Promise.all(statuses.map(s => rpc("runs.list", { status: s, limit: 1 }))),
      rpc("runs.list", { limit: 100 }), rpc("workers.list")]);
    document.getElementById("counts").innerHTML = statuses.map((s, i) =>
      `<div class="card"><span class="muted">${s} runs</span><b>${counts[i].total}</b></div>`).join("")
      + `<div class="card"><span class="muted">workers</span><b>${workers.length}</b></div>`;
    document.getElementById("graph").innerHTML = throughput(recent.runs);
    document.getElementById("workers").innerHTML = workerTable(workers);
    document.getElementById("latest").innerHTML = runTable(recent.runs.slice(0, 10));
  }, {});
}

function throughput(runs) {
  const perMinute = new Map();
  for (const r of runs) {
    if (!r.finished_at) continue;
    const minute = Math.floor(new Date(r.finished_at).getTime() / 60000);
    perMinute.set(minute, (perMinute.get(minute) || 0) + 1);
  }
  if (!perMinute.size) return `<p class="muted">no run has ended yet</p>`;
  const last = Math.max(...perMinute.keys());
  const minutes = Array.from({ length: 30 }, (_, i) => last - 29 + i);
  const top = Math.max(...perMinute.values());
  const bars = minutes.map((m, i) => {
    const n = perMinute.get(m) || 0, height = Math.round(60 * n / top);
    return `<rect x="${i * 14}" y="${64 - height}" width="11" height="${height}"><title>${n}</title></rect>`;
  }).join("");
  return `<svg class="bars" width="${30 * 14}" height="66">${bars}</svg>`;
}

function runTable(runs) {
  if (!runs.length) return `<p class="muted">no runs</p>`;
  return `<table><tr><th>run</th><th>pipeline</th><th>status</th><th>user</th><th>started</th>
    <th>duration</th></tr>${runs.map(r => `<tr class="clickable" data-run="${r.id}">
    <td>${r.id}</td><td>${esc(r.pipeline)}</td><td>${badge(r.status)}</td><td>${esc(r.user)}</td>
    <td>${when(r.started_at)}</td><td>${ms(r.duration_ms)}</td></tr>`).join("")}</table>`;
}

view.addEventListener("click", event => {
  const row = event.target.closest("[data-run]");
  if (row) location.hash = "#/run/" + row.dataset.run;
});

async function runs() {
  view.innerHTML = `<h1>Runs</h1><div class="filters">
      <select id="f-status"><option value="">any status</option>${["pending", "ready", "running",
        ...ENDED].map(s => `<option>${s}</option>`).join("")}</select>
      <input id="f-user" placeholder="user">
      <button id="prev">newer</button><button id="next">older</button>
      <span id="page" class="muted"></span></div><div id="list"></div>`;
  let offset = 0;
  const limit = 50;
  const refresh = async () => {
    const status = document.getElementById("f-status").value || undefined;
    const user = document.getElementById("f-user").value.trim() || undefined;
    const page = await rpc("runs.list", { status, user, limit, offset });
    document.getElementById("list").innerHTML = runTable(page.runs);
    document.getElementById("page").textContent =
      `${page.total ? offset + 1 : 0}–${offset + page.runs.length} of ${page.total}`;
  };
  document.getElementById("f-status").onchange = () => { offset = 0; refresh(); };
  document.getElementById("f-user").onchange = () => { offset = 0; refresh(); };
  document.getElementById("prev").onclick = () => { offset = Math.max(0, offset - limit); refresh(); };
  document.getElementById("next").onclick = () => { offset += limit; refresh(); };
  every(2000, refresh);
}

/** The tasks of a tree, depth first (a sub-pipeline's tasks after it). */
function flatten(children, out = []) {
  for (const t of children || []) {
    out.push(t);
    flatten(t.children, out);
  }
  return out;
}

function drawDag(tasks) {
  const byId = new Map(tasks.map(t => [t.id, t]));
  const level = new Map();
  const depth = t => {
    if (level.has(t.id)) return level.get(t.id);
    level.set(t.id, 0); // a cycle cannot happen; this guards the recursion anyway
    let d = 0;
    for (const dep of t.dependencies || []) {
      const from = byId.get(dep.id);
      if (from) d = Math.max(d, depth(from) + 1);
    }
    level.set(t.id, d);
    return d;
  };
  const columns = [];
  for (const t of tasks) {
    const d = depth(t);
    (columns[d] = columns[d] || []).push(t);
  }
  const W = 150, H = 28, GX = 60, GY = 14, place = new Map();
  columns.forEach((column, x) => column.forEach((t, y) =>
    place.set(t.id, { x: 10 + x * (W + GX), y: 10 + y * (H + GY) })));
  const width = 20 + columns.length * (W + GX);
  const height = 20 + Math.max(...columns.map(c => c.length)) * (H + GY);
  const edges = [], nodes = [];
  for (const t of tasks) {
    const to = place.get(t.id);
    for (const dep of t.dependencies || []) {
      const from = place.get(dep.id);
      if (!from) continue;
      const x1 = from.x + W, y1 = from.y + H / 2, x2 = to.x, y2 = to.y + H / 2;
      edges.push(`<path class="${dep.required === false ? "optional" : ""}"
        d="M${x1},${y1} C${x1 + GX / 2},${y1} ${x2 - GX / 2},${y2} ${x2},${y2}"/>`);
    }
    const label = t.node_id.length > 20 ? t.node_id.slice(0, 19) + "…" : t.node_id;
    nodes.push(`<g class="node s-${esc(t.weft_status)}" data-task="${esc(t.id)}"
      data-node="${esc(t.node_id)}" transform="translate(${to.x},${to.y})">
      <rect width="${W}" height="${H}"></rect><text x="8" y="18">${esc(label)}</text>
      <title>${esc(t.node_id)} (${esc(t.type)})</title></g>`);
  }
  return `<svg width="${width}" height="${height}">${edges.join("")}${nodes.join("")}</svg>`;
}

async function run(id) {
  view.innerHTML = `<h1>Run ${esc(id)} <span id="run-name"></span> <span id="run-status"></span></h1>
    <div class="actions"><button id="cancel">Cancel</button>
      <button id="retry">Retry failed</button><span id="action" class="muted"></span></div>
    <div class="split"><div class="dag" id="dag"></div>
      <div class="panel" id="task"><p class="muted">Select a task.</p></div></div>`;
  let layout = null, selected = null;
  const action = (label, call) => async () => {
    try {
      const result = await call();
      document.getElementById("action").textContent = label(result);
      refresh();
    } catch (e) {
      document.getElementById("action").textContent = e.message;
    }
  };
  document.getElementById("cancel").onclick = action(
    r => `cancelled ${r.cancelled}, stopping ${r.stopping}`,
    () => rpc("runs.cancel", { run_id: Number(id), reason: "cancelled from the dashboard" }));
  document.getElementById("retry").onclick = action(
    r => (r.again ? `running ${r.again} task(s) again` : "nothing to retry"),
    () => rpc("runs.retry", { run_id: Number(id) }));
  document.getElementById("dag").addEventListener("click", event => {
    const node = event.target.closest(".node");
    if (!node) return;
    document.querySelectorAll(".node.selected").forEach(n => n.classList.remove("selected"));
    node.classList.add("selected");
    selected = node.dataset.task;
    showTask(selected);
  });
  const refresh = async () => {
    const current = await rpc("runs.get", { run_id: Number(id) });
    document.getElementById("run-name").textContent = current.pipeline;
    document.getElementById("run-status").innerHTML = badge(current.status);
    const key = current.tasks.map(t => t.id).join(",");
    if (key !== layout) { // new tasks (a first look, a retry that added some): lay out again
      const tree = await rpc("tasks.tree", { task_id: String(id) });
      document.getElementById("dag").innerHTML = drawDag(flatten(tree.children));
      layout = key;
    }
    for (const t of current.tasks) {
      const node = document.querySelector(`.node[data-task="${t.id}"]`);
      if (node) node.setAttribute("class", `node s-${t.status}${String(t.id) === selected ? " selected" : ""}`);
    }
    if (selected) showTask(selected);
  };
  every(5000, refresh, { run: id });
}

async function showTask(taskId) {
  const [task, logs] = await Promise.all([rpc("tasks.detail", { task_id: taskId }),
    rpc("tasks.logs", { task_id: Number(taskId) })]);
  if (!task) return;
  const panel = document.getElementById("task");
  const attempts = (task.attempt_history || []).map(a => `<tr><td>${a.attempt}</td>
    <td>${esc(a.worker)}</td><td>${when(a.started_at)}</td><td>${esc(a.outcome)}</td>
    <td class="error">${esc(a.error)}</td></tr>`).join("");
  panel.innerHTML = `<h2>${esc(task.node_id)} ${badge(task.weft_status)}</h2>
    <p class="muted">task ${esc(task.id)} · ${esc(task.type)} · ${task.attempts} attempt(s)</p>
    <div class="progress"><i style="width:${Math.round(100 * (task.progress || 0))}%"></i></div>
    <div class="actions"><button id="copy">Copy task</button><span id="copied" class="muted"></span></div>
    ${task.error ? `<p class="error">${esc(task.error)}</p>` : ""}
    <h2>Result</h2><pre>${esc(JSON.stringify(task.result, null, 2))}</pre>
    <h2>Attempts</h2><table><tr><th>#</th><th>worker</th><th>started</th><th>outcome</th>
      <th>error</th></tr>${attempts}</table>
    <h2>Log</h2><pre>${logs.map(l => esc(`${l.attempt} ${l.level} ${l.message}`)).join("\n")}</pre>`;
  document.getElementById("copy").onclick = async () => {
    try {
      const copy = await rpc("tasks.copy", { task_id: taskId });
      location.hash = "#/run/" + copy.run_id;
    } catch (e) {
      document.getElementById("copied").textContent = e.message;
    }
  };
}

function submit() {
  view.innerHTML = `<h1>Submit a run</h1>
    <p class="muted">A manifest (YAML or JSON) and its run parameters, one NAME=VALUE a line.</p>
    <textarea id="manifest" spellcheck="false">weft: 1
name: hello
kind: tasks
nodes:
  - { id: greet, type: echo, with: { message: hello } }
  - { id: done, type: noop, after: [greet] }
</textarea>
    <p><textarea id="params" style="min-height:60px" placeholder="env=prod"></textarea></p>
    <div class="actions"><button class="primary" id="go">Submit</button></div>
    <div id="problems" class="error"></div>`;
  clearInterval(timer);
  document.getElementById("go").onclick = async () => {
    const params = {};
    for (const line of document.getElementById("params").value.split("\n")) {
      const eq = line.indexOf("=");
      if (eq > 0) params[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
    }
    try {
      const started = await rpc("runs.submit",
        { manifest: document.getElementById("manifest").value, params });
      location.hash = "#/run/" + started.id;
    } catch (e) {
      const problems = e.data && e.data.problems;
      document.getElementById("problems").textContent = problems
        ? problems.map(p => `line ${p.line}:${p.column} ${p.node ? "node '" + p.node + "': " : ""}`
          + p.message + (p.hint ? "\n  hint: " + p.hint : "")).join("\n")
        : e.message;
    }
  };
}

function workerTable(workers) {
  if (!workers.length) return `<p class="muted">no workers</p>`;
  return `<table><tr><th>worker</th><th>status</th><th>running</th><th>labels</th><th>cpu</th>
    <th>heap</th><th>heartbeat</th></tr>${workers.map(w => `<tr><td>${esc(w.id)}</td>
    <td>${esc(w.status)}</td><td>${w.running} / ${w.concurrency}</td>
    <td>${esc((w.labels || []).join(", "))}</td>
    <td>${w.cpu == null ? "" : Math.round(100 * w.cpu) + "%"}</td>
    <td>${w.heap_bytes == null ? "" : Math.round(w.heap_bytes / 1048576) + " MiB"}</td>
    <td>${when(w.heartbeat_at)}</td></tr>`).join("")}</table>`;
}

async function workers() {
  view.innerHTML = `<h1>Workers</h1><div id="list"></div>`;
  every(2000, async () => {
    document.getElementById("list").innerHTML = workerTable(await rpc("workers.list"));
  });
}

async function schedules() {
  view.innerHTML = `<h1>Schedules</h1><div id="list"></div>`;
  every(5000, async () => {
    const list = await rpc("schedules.list");
    document.getElementById("list").innerHTML = list.length
      ? `<table><tr><th>name</th><th>cron</th><th>zone</th><th>next</th><th>last fired</th>
        <th>last run</th></tr>${list.map(s => `<tr><td>${esc(s.name)}</td><td>${esc(s.cron)}</td>
        <td>${esc(s.zone)}</td><td>${when(s.next)}</td><td>${when(s.last_fired)}</td>
        <td>${s.last_run ? `<a href="#/run/${s.last_run}">${s.last_run}</a>` : ""}</td></tr>`).join("")}</table>`
      : `<p class="muted">no schedules</p>`;
  });
}

function route() {
  const [, name = "", arg] = location.hash.split("/");
  document.querySelectorAll("nav a").forEach(a =>
    a.classList.toggle("active", a.dataset.view === (name || "overview")));
  const views = { "": overview, runs, run: () => run(arg), submit, workers, schedules };
  (views[name] || overview)();
}

window.addEventListener("hashchange", route);
route();
