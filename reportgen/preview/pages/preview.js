// reportgen preview: redraw this page from the server-sent events of /events.
(function () {
  "use strict";
  var body = document.body;
  var page = body.dataset.page;
  var live = document.getElementById("rg-live");

  function plural(n) { return n + " finding" + (n === 1 ? "" : "s"); }

  function drawReport(s) {
    if (s.key !== body.dataset.key || s.version <= Number(body.dataset.version)) return;
    var main = document.getElementById("rg-report");
    var error = document.getElementById("rg-error");
    if (s.body) main.innerHTML = s.body;
    error.textContent = s.error || "";
    error.hidden = !s.error;
    main.classList.toggle("rg-stale", !!s.error);
    document.getElementById("rg-count").textContent = plural(s.count);
    if (s.title) document.title = s.title + " - reportgen preview";
    body.dataset.version = String(s.version);
    body.dataset.redrawnAt = String(performance.timeOrigin + performance.now());
  }

  function drawIndex(s) {
    var row = document.querySelector('#rg-files tr[data-key="' + CSS.escape(s.key) + '"]');
    if (!row) return;
    row.querySelector(".rg-count").textContent = String(s.count);
    row.querySelector(".rg-status").textContent = s.error || "ok";
    row.classList.toggle("rg-broken", !!s.error);
  }

  var source = new EventSource(page === "report" ? "/events?key=" + encodeURIComponent(body.dataset.key) : "/events");
  source.onopen = function () { live.textContent = "live"; live.className = "rg-live rg-on"; };
  source.onerror = function () { live.textContent = "reconnecting"; live.className = "rg-live"; };
  source.addEventListener("update", function (ev) {
    var s = JSON.parse(ev.data);
    if (page === "report") drawReport(s); else drawIndex(s);
  });
  source.addEventListener("files", function (ev) {
    // a notes file was added or removed: the index shows the new list, a report page whose file left says so
    var keys = JSON.parse(ev.data).keys;
    if (page === "index") window.location.reload();
    else if (keys.indexOf(body.dataset.key) < 0) {
      var error = document.getElementById("rg-error");
      error.textContent = "this notes file is no longer in the preview";
      error.hidden = false;
    }
  });
})();
