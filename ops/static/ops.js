// Deckhand ops: refresh the overview's figures in place every 15 s (no page reload).
// Served as a file (the CSP allows no inline script); pages work without it.
(function () {
  "use strict";
  var PERIOD_MS = 15000;

  function age(seconds) {
    if (seconds === null || seconds === undefined) return "–";
    seconds = Math.floor(seconds);
    var units = [["d", 86400], ["h", 3600], ["min", 60]];
    for (var i = 0; i < units.length; i++) {
      if (seconds >= units[i][1]) return Math.floor(seconds / units[i][1]) + " " + units[i][0];
    }
    return seconds + " s";
  }

  function set(key, text) {
    var cell = document.querySelector('[data-live="' + key + '"]');
    if (cell && cell.textContent !== text) {
      cell.textContent = text;
    }
  }

  function apply(data) {
    (data.queues || []).forEach(function (q) {
      ["ready", "in_flight", "delayed", "dead", "dead_recent"].forEach(function (k) {
        set("queue:" + q.name + ":" + k, String(q[k]));
      });
      set("queue:" + q.name + ":oldest_ready_age_s", age(q.oldest_ready_age_s));
    });
    if (data.system) {
      set("system:cpu_percent", Math.round(data.system.cpu_percent) + " %");
      set("system:memory_percent", Math.round(data.system.memory_percent) + " %");
    }
    var stamp = document.querySelector("[data-live-stamp]");
    if (stamp) stamp.textContent = "updated " + new Date().toLocaleTimeString();
  }

  function tick() {
    if (document.hidden) return;
    fetch("/ops/metrics.json", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) apply(data); })
      .catch(function () { /* the next tick tries again */ });
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (document.querySelector("[data-live-stamp]")) setInterval(tick, PERIOD_MS);
  });
})();
