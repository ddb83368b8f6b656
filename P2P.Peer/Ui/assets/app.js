"use strict";
// The peer's web UI: reads from the peer's open JSON routes, acts through /ui/api with the anti-forgery token,
// and follows downloads and registration by server-sent events.
const $ = (id) => document.getElementById(id);
let session = null;
let lastSnapshot = null;

const units = ["B", "KiB", "MiB", "GiB", "TiB"];
function bytes(n) {
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(1)) + " " + units[i];
}
function duration(seconds) {
  if (!isFinite(seconds) || seconds < 0) return "unknown";
  if (seconds < 60) return Math.ceil(seconds) + " s";
  if (seconds < 3600) return Math.floor(seconds / 60) + " min " + Math.round(seconds % 60) + " s";
  return Math.floor(seconds / 3600) + " h " + Math.round((seconds % 3600) / 60) + " min";
}
function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  for (const child of children) node.append(child instanceof Node ? child : String(child ?? ""));
  return node;
}
// A notice belongs to the page it was given on, and goes when the person moves to another.
let noticePage = null;
function currentPage() {
  return (location.hash || "#files").slice(1);
}
function notice(text, isError) {
  const box = $("notice");
  box.textContent = text;
  box.className = isError ? "error" : "";
  box.hidden = !text;
  noticePage = currentPage();
}
// A problem detail's own words, or the status when a response has none.
async function problem(response) {
  try {
    const body = await response.json();
    const errors = body.errors ? Object.values(body.errors).flat().join(" ") : "";
    return [body.detail || body.title, errors].filter(Boolean).join(" ") || "The peer answered " + response.status + ".";
  } catch {
    return "The peer answered " + response.status + ".";
  }
}
async function act(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: { "Content-Type": "application/json", [session.antiforgery_header]: session.antiforgery_token },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (response.status === 401) location.href = "/ui/login";
  return response;
}

function when(iso) {
  return iso ? new Date(iso).toLocaleString() : "unknown";
}
async function loadFiles() {
  const response = await fetch("/ui/api/files");
  const list = $("files-list");
  list.replaceChildren();
  if (!response.ok) { notice(await problem(response), true); return; }
  const files = await response.json();
  if (files.length === 0) list.append(el("tr", {}, el("td", { colSpan: 5 }, "The shared folder is empty.")));
  for (const f of files) {
    const open = el("a", { href: "/ui/api/files/" + encodeURIComponent(f.name), download: f.name }, "Open");
    open.setAttribute("aria-label", "Open " + f.name);
    const remove = el("button", { type: "button", className: "secondary", onclick: () => removeFile(f.name) }, "Remove");
    remove.setAttribute("aria-label", "Remove " + f.name);
    list.append(el("tr", { className: "file" }, el("td", {}, f.name), el("td", {}, bytes(f.size)), el("td", {}, when(f.added_at)),
      el("td", { className: "hash", title: f.sha256 }, f.sha256), el("td", { className: "actions" }, open, " ", remove)));
  }
}
async function sha256Hex(file) {
  if (!crypto.subtle) throw new Error("This browser cannot hash the file here: open the UI at localhost or 127.0.0.1.");
  const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
async function upload(event) {
  event.preventDefault();
  const file = $("upload-file").files[0];
  if (!file) { notice("Choose a file to share first.", true); return; }
  notice("Hashing and sending " + file.name + "…");
  let response;
  try {
    const url = "/ui/api/files/" + encodeURIComponent(file.name) + "?" + new URLSearchParams({ sha256: await sha256Hex(file) });
    response = await fetch(url, { method: "PUT", headers: { [session.antiforgery_header]: session.antiforgery_token }, body: file });
  } catch (e) {
    notice(e.message, true);
    return;
  }
  if (response.status === 401) { location.href = "/ui/login"; return; }
  if (!response.ok) { notice(await problem(response), true); return; }
  notice(file.name + " is shared now.");
  $("upload-form").reset();
  loadFiles();
}
async function removeFile(name) {
  if (!confirm("Remove " + name + " from the shared folder? It is deleted from this computer's disk.")) return;
  const response = await act("DELETE", "/ui/api/files/" + encodeURIComponent(name));
  if (!response.ok) { notice(await problem(response), true); return; }
  notice(name + " was removed.");
  loadFiles();
}

async function find(event) {
  event.preventDefault();
  const name = $("find-name").value.trim();
  const mode = $("find-mode").value;
  const result = $("find-result");
  result.replaceChildren(el("p", {}, "Searching…"));
  const response = await fetch("/locate?" + new URLSearchParams({ file: name, mode }));
  if (!response.ok) {
    result.replaceChildren(el("p", { className: "error", role: "alert" }, await problem(response)));
    return;
  }
  const found = await response.json();
  const holders = el("ul", { className: "cards" });
  for (const p of found.peers) {
    holders.append(el("li", {}, el("strong", {}, p.id), " · ", bytes(p.size), el("div", { className: "hash" }, p.sha256)));
  }
  const download = el("button", { type: "button", className: "primary" }, "Download " + found.file);
  download.addEventListener("click", () => startDownload(found.file, found.peers.map((p) => p.grpc_url), found.peers[0]?.sha256));
  const hops = found.hops.length
    ? el("p", {}, "Hops: " + found.hops.map((h) => h.peer + " (" + h.outcome + ")").join(" → "))
    : el("p", {}, "Found by " + found.found_by + ".");
  result.replaceChildren(el("p", {}, found.peers.length + " holder(s) of " + found.file + ", found by " + found.found_by + ":"),
    holders, hops, el("p", { className: "muted" }, "Trace " + found.trace_id), download);
}

async function startDownload(file, sources, sha256) {
  const response = await act("POST", "/ui/api/downloads", { file, sources, sha256 });
  if (!response.ok) { notice(await problem(response), true); return; }
  // The Downloads page's card for it says the rest, live.
  location.hash = "#downloads";
}

const finished = ["completed", "failed", "cancelled"];
function renderDownloads(downloads) {
  const list = $("downloads-list");
  $("downloads-empty").hidden = downloads.length > 0;
  list.replaceChildren(...downloads.slice().reverse().map(downloadCard));
}
function downloadCard(d) {
  const total = Math.max(d.bytes_total, 1);
  const percent = Math.floor((100 * d.bytes_done) / total);
  const bar = el("progress", { max: 100, value: percent });
  bar.setAttribute("aria-label", "Progress of " + d.file);
  const left = d.rate_bytes_per_second > 0 ? duration((d.bytes_total - d.bytes_done) / d.rate_bytes_per_second) : "unknown";
  const facts = finished.includes(d.state)
    ? d.state === "completed" ? "Verified (SHA-256 " + (d.sha256 || "").slice(0, 12) + "…) and published to the shared folder." : ""
    : bytes(d.bytes_done) + " of " + bytes(d.bytes_total) + " · " + bytes(d.rate_bytes_per_second) + "/s · " + left + " left";
  const sources = el("ul", { className: "sources" }, ...d.sources.map((s) =>
    el("li", {}, s.id + " (" + (s.kind || "complete") + " holder): " + bytes(s.bytes) + ", " + s.chunks + " chunk(s), " + s.state
      + (s.error ? " — " + s.error : ""))));
  const card = el("li", { className: "download " + d.state }, el("div", { className: "row" }, el("strong", {}, d.file),
    el("span", { className: "state" }, d.state), el("span", { className: "percent" }, percent + " %")), bar, el("p", {}, facts));
  card.dataset.id = d.id;
  card.dataset.state = d.state;
  if (d.error) card.append(el("p", { className: "error" }, d.error));
  card.append(sources);
  const button = finished.includes(d.state)
    ? d.state === "completed" ? null : el("button", { type: "button", onclick: () => startDownload(d.file, null, d.sha256) }, "Retry")
    : el("button", { type: "button", className: "secondary", onclick: () => cancel(d.id) }, "Cancel");
  if (button) card.append(button);
  return card;
}
async function cancel(id) {
  const response = await act("DELETE", "/ui/api/downloads/" + encodeURIComponent(id));
  if (!response.ok) notice(await problem(response), true);
}

async function loadNetwork() {
  const [status, info] = await Promise.all([fetch("/").then((r) => r.json()), fetch("/info").then((r) => r.json())]);
  $("peer-id").textContent = status.id;
  const facts = [["Peer", status.id], ["Fingerprint", info.fingerprint], ["Maestro", status.maestro_url],
    ["Registered", status.registered ? "yes" : "no"], ["Registration error", status.registration_error || "none"],
    ["Uptime", duration(status.uptime_seconds)]];
  $("network-info").replaceChildren(...facts.flatMap(([k, v]) => [el("dt", {}, k), el("dd", { id: "net-" + k.toLowerCase().replace(" ", "-") }, v)]));
  renderHeartbeats(status.heartbeats_paused);
  const response = await fetch("/ui/api/network");
  if (!response.ok) { notice(await problem(response), true); return; }
  const network = await response.json();
  $("network-friends").replaceChildren(...(network.friends.length ? network.friends.map((f) => el("li", { className: "friend" },
    el("strong", {}, f.role), " " + f.url + " · ", el("span", { className: f.answers ? "ok" : "error" }, f.answers ? "answers" : "does not answer"),
    el("div", { className: "muted" }, f.detail + " (checked " + when(f.checked_at) + ")"))) : [el("li", {}, "No friends are configured.")]));
  const peers = $("network-peers");
  if (!network.maestro_peers) {
    peers.replaceChildren(el("tr", {}, el("td", { colSpan: 4, className: "error" }, "The Maestro could not be asked: " + network.maestro_error)));
    return;
  }
  peers.replaceChildren(...network.maestro_peers.map((p) => el("tr", {}, el("td", {}, p.id), el("td", {}, p.file_count),
    el("td", {}, when(p.last_seen)), el("td", { className: "hash" }, p.fingerprint))));
}
function renderHeartbeats(paused) {
  const button = $("heartbeats");
  button.textContent = paused ? "Resume heartbeats" : "Pause heartbeats";
  button.dataset.paused = paused;
}
async function toggleHeartbeats() {
  const paused = $("heartbeats").dataset.paused === "true";
  const response = await act("POST", "/ui/api/heartbeats/" + (paused ? "resume" : "pause"));
  if (!response.ok) { notice(await problem(response), true); return; }
  renderHeartbeats((await response.json()).paused);
}

function follow() {
  const events = new EventSource("/ui/api/events");
  events.addEventListener("snapshot", (e) => {
    lastSnapshot = JSON.parse(e.data);
    renderDownloads(lastSnapshot.downloads);
    renderHeartbeats(lastSnapshot.heartbeats_paused);
    const registered = $("net-registered");
    if (registered) registered.textContent = lastSnapshot.registered ? "yes" : "no";
  });
}

function show() {
  const page = currentPage();
  if (noticePage !== page) notice("");
  for (const section of document.querySelectorAll("main > section")) section.hidden = section.id !== page;
  for (const link of document.querySelectorAll("nav a")) {
    if (link.dataset.page === page) link.setAttribute("aria-current", "page"); else link.removeAttribute("aria-current");
  }
  if (page === "files") loadFiles();
  if (page === "network") loadNetwork();
}

async function start() {
  const response = await fetch("/ui/api/session");
  if (response.status === 401) { location.href = "/ui/login"; return; }
  session = await response.json();
  $("logout-token").value = session.antiforgery_token;
  $("find-form").addEventListener("submit", find);
  $("upload-form").addEventListener("submit", upload);
  $("heartbeats").addEventListener("click", toggleHeartbeats);
  addEventListener("hashchange", show);
  show();
  follow();
  fetch("/").then((r) => r.json()).then((s) => { $("peer-id").textContent = s.id; document.title = s.id + " · P2P"; });
}
start();
