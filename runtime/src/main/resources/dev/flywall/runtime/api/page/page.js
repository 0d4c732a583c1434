// flywall's status page: polls the daemon's JSON API (same origin) and draws it. No library, no
// inline script (the Content-Security-Policy forbids it), DOM built with textContent only.
"use strict";

(function () {
  const STATUS_EVERY_MS = 250; // a failover shows within a second of the daemon's decision
  const HEALTH_EVERY_MS = 1000;
  const EVENTS_EVERY_MS = 5000;
  const SERIES_EVERY_MS = { "15m": 5000, "1h": 30000, "6h": 60000, "24h": 120000 };
  const TOKEN_KEY = "flywall-token";
  const SVG = "http://www.w3.org/2000/svg";

  let range = "15m";
  let lastStatus = null;
  let statusKey = "";
  const series = {}; // uplink -> series answer
  const seriesAt = {}; // uplink -> when fetched (ms)
  let health = null;

  const $ = (id) => document.getElementById(id);

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function svg(tag, attrs) {
    const e = document.createElementNS(SVG, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }

  function ago(iso) {
    const s = Math.round((Date.now() - Date.parse(iso)) / 1000);
    if (!isFinite(s)) return "";
    if (s < 60) return s + " s ago";
    if (s < 3600) return Math.floor(s / 60) + " min ago";
    if (s < 86400) return Math.floor(s / 3600) + " h " + Math.floor((s % 3600) / 60) + " min ago";
    return Math.floor(s / 86400) + " d ago";
  }

  function when(iso) {
    const d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleString();
  }

  async function getJson(path) {
    const r = await fetch(path, { cache: "no-store" });
    if (!r.ok) throw new Error(path + ": HTTP " + r.status);
    return r.json();
  }

  // ------------------------------------------------------------------ token and buttons

  function token() {
    return $("token").value.trim();
  }

  function say(text, ok) {
    const m = $("message");
    m.textContent = text;
    m.className = ok ? "ok" : "refused";
  }

  async function post(label, path, body) {
    const headers = { "Content-Type": "application/json" };
    const t = token();
    if (t) headers["Authorization"] = "Bearer " + t;
    say(label + "…", true);
    try {
      const r = await fetch(path, { method: "POST", headers: headers, body: JSON.stringify(body), cache: "no-store" });
      let answer = {};
      try {
        answer = await r.json();
      } catch (e) {
        answer = {};
      }
      if (r.ok && Array.isArray(answer.warnings) && answer.warnings.length) {
        // a drain that leaves a group without another usable member: done, but it keeps the uplink
        say(label + ": done, but " + answer.warnings.join("; "), false);
      } else if (r.ok) {
        say(label + ": done", true);
      } else if (r.status === 401 || r.status === 403) {
        say(label + ": refused (" + r.status + "): " + (answer.error || "") + (t ? "" : " — enter the API token above"), false);
      } else if (r.status === 404) {
        say(label + ": this daemon does not have " + path + " (" + (answer.error || "404") + ")", false);
      } else {
        say(label + ": failed (" + r.status + "): " + (answer.error || ""), false);
      }
      pollStatus(true);
      refreshEvents();
    } catch (e) {
      say(label + ": the daemon did not answer (" + e.message + ")", false);
    }
  }

  function button(text, title, action) {
    const b = el("button", "act", text);
    b.type = "button";
    b.title = title;
    b.addEventListener("click", action);
    return b;
  }

  // ------------------------------------------------------------------ status

  function badge(text, cls) {
    return el("span", "badge " + cls, text);
  }

  let groupsKey = "";
  function renderGroups(s) {
    // rebuilt only when something changed: a button replaced under the pointer would miss its click
    const key = JSON.stringify(s.groups);
    if (key === groupsKey) return;
    groupsKey = key;
    const box = $("groups");
    box.replaceChildren();
    for (const g of s.groups) {
      const card = el("article", "card group");
      card.dataset.group = g.name;
      const h = el("h3", null, g.name + " ");
      h.append(el("span", "mode", g.mode));
      if (g.pinned) h.append(badge("pinned to " + g.pinned, "pinned"));
      if (g.all_down) h.append(badge("all down", "down"));
      if (g.awaiting_manual_failback) h.append(badge("awaiting manual failback", "warn"));
      card.append(h);
      const active = el("p", "active-line", "active: ");
      const list = el("span", "active");
      list.id = "active-" + g.name;
      list.textContent = g.active.length ? g.active.join(", ") : "none";
      active.append(list);
      card.append(active);
      if (g.failback_at) card.append(el("p", "note", "fails back at " + when(g.failback_at)));
      if (typeof g.failovers === "number") {
        card.append(el("p", "note", g.failovers + " failovers" + (g.last_failover_at ? ", last " + ago(g.last_failover_at) : "")));
      }
      const members = el("ul", "members");
      for (const m of g.members) {
        const li = el("li", g.active.includes(m) ? "member on" : "member", m);
        li.append(button("pin", "send new connections of " + g.name + " to " + m + " only", () =>
          post("pin " + g.name + " to " + m, "/api/wan/pin", { uplink: m, group: g.name })));
        members.append(li);
      }
      card.append(members);
      const actions = el("p", "actions");
      actions.append(button("unpin", "let the health checks decide again", () =>
        post("unpin " + g.name, "/api/wan/unpin", { group: g.name })));
      actions.append(button("failback", "return to the preferred usable tier now", () =>
        post("failback " + g.name, "/api/wan/failback", { group: g.name })));
      card.append(actions);
      box.append(card);
    }
  }

  function renderUplinks(s) {
    const box = $("uplinks");
    const seen = new Set();
    for (const u of s.uplinks) {
      seen.add(u.name);
      let card = box.querySelector('[data-uplink="' + CSS.escape(u.name) + '"]');
      if (!card) {
        card = el("article", "card uplink");
        card.dataset.uplink = u.name;
        card.append(el("div", "head"), el("p", "actions"), el("div", "graphs"), el("div", "targets"));
        box.append(card);
      }
      const head = card.querySelector(".head");
      head.replaceChildren();
      const h = el("h3", null, u.name + " ");
      const state = badge(u.state, "state " + u.state);
      state.id = "state-" + u.name;
      h.append(state);
      if (u.drained === true) h.append(badge("drained", "drained"));
      if (u.maintenance) h.append(badge("maintenance " + u.maintenance, "maint"));
      if (u.usable === false && u.state === "up") h.append(badge("not usable", "warn"));
      if (!u.link_up) h.append(badge("no carrier", "down"));
      head.append(h);
      const facts = el("p", "facts");
      facts.append(
        el("span", null, u.rtt_ms == null ? "rtt –" : "rtt " + u.rtt_ms.toFixed(1) + " ms"),
        el("span", null, "loss " + u.loss_percent.toFixed(1) + " %"),
        el("span", null, u.state + " since " + ago(u.since)));
      if (u.address) facts.append(el("span", null, u.address));
      head.append(facts);
      if (u.reason) head.append(el("p", "note", u.reason));
      if (u.drained === true) {
        head.append(el("p", "note", "drained" + (u.drained_since ? " since " + when(u.drained_since) : "") + (u.drain_reason ? ": " + u.drain_reason : "")));
      }
      if (u.maintenance && u.maintenance_until) head.append(el("p", "note", "maintenance until " + when(u.maintenance_until)));
      const actions = card.querySelector(".actions");
      const actionsKey = String(u.drained);
      if ("drained" in u && actions.dataset.key !== actionsKey) {
        actions.dataset.key = actionsKey;
        actions.replaceChildren();
        if (u.drained) {
          actions.append(button("undrain", "let " + u.name + " take new connections again", () =>
            post("undrain " + u.name, "/api/wan/undrain", { uplink: u.name })));
        } else {
          actions.append(button("drain", "move new connections off " + u.name + " (established ones stay)", () =>
            post("drain " + u.name, "/api/wan/drain", { uplink: u.name, reason: "drained from the status page" })));
        }
      }
      drawGraphs(card.querySelector(".graphs"), u.name);
    }
    for (const card of Array.from(box.children)) {
      if (!seen.has(card.dataset.uplink)) card.remove();
    }
  }

  function renderStatus(s) {
    const ok = $("healthy");
    ok.textContent = s.healthy ? "healthy" : "unhealthy";
    ok.className = "badge " + (s.healthy ? "up" : "down");
    renderGroups(s);
    renderUplinks(s);
    const problems = $("problems");
    problems.replaceChildren();
    for (const p of s.problems || []) problems.append(el("li", null, p.subject + ": " + p.detail));
    $("problems-section").hidden = !(s.problems && s.problems.length);
    if (s.ha) $("healthy").textContent += " · HA " + s.ha.role;
    renderTargets();
  }

  let statusTimer = null;
  async function pollStatus(once) {
    if (!once) clearTimeout(statusTimer);
    try {
      const s = await getJson("/api/wan/status");
      lastStatus = s;
      const key = JSON.stringify([s.groups.map((g) => [g.active, g.pinned]), s.uplinks.map((u) => [u.state, u.drained, u.maintenance]), s.failovers_total]);
      renderStatus(s);
      if (key !== statusKey) {
        statusKey = key;
        refreshEvents();
        // the probes that led to the change, without waiting for the next health poll
        refreshHealth();
      }
      $("live").textContent = "live";
      $("live").className = "live on";
      $("updated").textContent = "daemon time " + when(s.at) + " · started " + ago(s.started_at) + " · configuration " + s.config_hash.substring(0, 12);
    } catch (e) {
      $("live").textContent = "daemon unreachable";
      $("live").className = "live off";
    }
    if (!once) statusTimer = setTimeout(() => pollStatus(false), STATUS_EVERY_MS);
  }

  // ------------------------------------------------------------------ targets

  function renderTargets() {
    if (!health || !lastStatus) return;
    for (const u of lastStatus.uplinks) {
      const card = document.querySelector('[data-uplink="' + CSS.escape(u.name) + '"] .targets');
      if (!card) continue;
      const rows = health.targets.filter((t) => t.uplink === u.name);
      const table = el("table", "targets-table");
      if (rows.length) {
        const head = el("tr");
        head.append(el("th", null, "target"), el("th", null, "recent probes (oldest first)"), el("th", null, "loss"));
        table.append(head);
      }
      for (const t of rows) {
        const tr = el("tr", t.last_ok ? "ok" : "failing");
        const name = el("td", "target", t.target);
        name.title = t.type + (t.last_error ? ": " + t.last_error : "");
        const dots = el("td", "dots");
        for (const r of t.recent_rtt_ms) {
          const d = el("span", r == null ? "dot lost" : "dot ok");
          d.title = r == null ? "no answer" : r.toFixed(1) + " ms";
          dots.append(d);
        }
        tr.append(name, dots, el("td", "num", t.loss_percent.toFixed(1) + " %"));
        table.append(tr);
      }
      card.replaceChildren(table);
    }
  }

  async function refreshHealth() {
    try {
      health = await getJson("/api/wan/health");
      renderTargets();
    } catch (e) {
      // the status poll says when the daemon is unreachable
    }
  }

  async function pollHealth() {
    await refreshHealth();
    setTimeout(pollHealth, HEALTH_EVERY_MS);
  }

  // ------------------------------------------------------------------ events

  let eventsBusy = false;
  async function refreshEvents() {
    if (eventsBusy) return;
    eventsBusy = true;
    try {
      const h = await getJson("/api/wan/history?since=24h&limit=50");
      const list = $("events");
      list.replaceChildren();
      for (const e of h.events) {
        const li = el("li", "event " + e.kind);
        li.dataset.kind = e.kind;
        li.dataset.at = e.at;
        const t = el("time", null, when(e.at));
        t.dateTime = e.at;
        li.append(t, el("span", "kind", e.kind));
        const what = [];
        if (e.group) what.push(e.group);
        if (e.from || e.to) what.push((e.from || "–") + " → " + (e.to || "–"));
        if (e.details && e.details.muted) what.push("(muted: " + e.details.muted + ")");
        li.append(el("span", "what", what.join(" ")));
        if (e.reason) li.append(el("span", "reason", e.reason));
        list.append(li);
      }
      if (!h.events.length) list.append(el("li", "note", "no events in the last 24 h"));
    } catch (e) {
      // kept as it was
    } finally {
      eventsBusy = false;
    }
  }

  function pollEvents() {
    refreshEvents();
    setTimeout(pollEvents, EVENTS_EVERY_MS);
  }

  // ------------------------------------------------------------------ graphs

  async function pollSeries() {
    if (lastStatus) {
      for (const u of lastStatus.uplinks) {
        const due = (seriesAt[u.name] || 0) + SERIES_EVERY_MS[range];
        if (Date.now() < due && series[u.name] && series[u.name].range === range) continue;
        try {
          series[u.name] = await getJson("/api/wan/series?uplink=" + encodeURIComponent(u.name) + "&range=" + range);
          seriesAt[u.name] = Date.now();
          const card = document.querySelector('[data-uplink="' + CSS.escape(u.name) + '"] .graphs');
          if (card) drawGraphs(card, u.name);
        } catch (e) {
          // the next round tries again
        }
      }
    }
    setTimeout(pollSeries, 1000);
  }

  function drawGraphs(box, uplink) {
    const s = series[uplink];
    if (!s) {
      if (!box.childNodes.length) box.append(el("p", "note", "loading graphs…"));
      return;
    }
    if (box.dataset.drawn === s.to) return;
    box.dataset.drawn = s.to;
    box.replaceChildren(
      graph("latency (ms)", s, (p) => p.rtt_ms, (p) => p.rtt_max_ms, "rtt"),
      graph("loss (%)", s, (p) => p.loss * 100, null, "loss"));
  }

  // one graph: a line (and a band up to the maximum for latency) over the range, time on x
  function graph(title, s, value, upper, cls) {
    const W = 600, H = 120, L = 40, B = 18, T = 6;
    const from = Date.parse(s.from), to = Date.parse(s.to);
    const pts = s.points.filter((p) => value(p) != null);
    let max = 0;
    for (const p of pts) max = Math.max(max, value(p), upper && upper(p) != null ? upper(p) : 0);
    if (cls === "loss") max = 100;
    else max = max <= 0 ? 1 : niceCeil(max * 1.1);
    const x = (iso) => L + ((Date.parse(iso) - from) / (to - from)) * (W - L - 4);
    const y = (v) => T + (H - T - B) * (1 - v / max);
    const figure = el("figure", "graph " + cls);
    figure.append(el("figcaption", null, title + " · " + s.range));
    const g = svg("svg", { viewBox: "0 0 " + W + " " + H, preserveAspectRatio: "none", role: "img", "aria-label": title });
    for (const v of [0, max / 2, max]) {
      g.append(svg("line", { x1: L, x2: W - 4, y1: y(v), y2: y(v), class: "grid" }));
      const label = svg("text", { x: L - 4, y: y(v) + 4, class: "axis", "text-anchor": "end" });
      label.textContent = v >= 10 ? Math.round(v) : v.toFixed(1);
      g.append(label);
    }
    const left = svg("text", { x: L, y: H - 4, class: "axis" });
    left.textContent = s.range + " ago";
    const right = svg("text", { x: W - 4, y: H - 4, class: "axis", "text-anchor": "end" });
    right.textContent = "now";
    g.append(left, right);
    if (upper) {
      const band = pts.filter((p) => upper(p) != null);
      if (band.length > 1) {
        let d = "M" + band.map((p) => x(p.at).toFixed(1) + "," + y(upper(p)).toFixed(1)).join("L");
        d += "L" + band.slice().reverse().map((p) => x(p.at).toFixed(1) + "," + y(value(p)).toFixed(1)).join("L") + "Z";
        g.append(svg("path", { d: d, class: "band" }));
      }
    }
    // a gap of more than two steps (no probes: a daemon restart) breaks the line
    let d = "";
    let prev = null;
    for (const p of pts) {
      const at = Date.parse(p.at);
      d += (prev !== null && at - prev <= 2 * s.step_s * 1000 ? "L" : "M") + x(p.at).toFixed(1) + "," + y(value(p)).toFixed(1);
      prev = at;
    }
    if (d) g.append(svg("path", { d: d, class: "line" }));
    if (pts.length === 0) {
      const none = svg("text", { x: W / 2, y: H / 2, class: "axis", "text-anchor": "middle" });
      none.textContent = "no probes in this range";
      g.append(none);
    }
    figure.append(g);
    return figure;
  }

  function niceCeil(v) {
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
    return 10 * p;
  }

  // ------------------------------------------------------------------ start

  function start() {
    const saved = sessionStorage.getItem(TOKEN_KEY);
    if (saved) $("token").value = saved;
    $("token").addEventListener("input", () => {
      const t = token();
      if (t) sessionStorage.setItem(TOKEN_KEY, t);
      else sessionStorage.removeItem(TOKEN_KEY);
    });
    $("forget").addEventListener("click", () => {
      $("token").value = "";
      sessionStorage.removeItem(TOKEN_KEY);
      say("token forgotten", true);
    });
    for (const b of $("ranges").querySelectorAll("button")) {
      b.addEventListener("click", () => {
        range = b.dataset.range;
        for (const o of $("ranges").querySelectorAll("button")) o.className = o === b ? "on" : "";
        for (const k in seriesAt) seriesAt[k] = 0;
      });
    }
    pollStatus(false);
    pollHealth();
    pollEvents();
    pollSeries();
  }

  document.addEventListener("DOMContentLoaded", start);
})();
