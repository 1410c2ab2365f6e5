// Vigie console: keeps the problems list current without reloading the page. The server renders
// the list; on each decision or status change it sends (server-sent events, scoped to the user),
// the list is asked again and swapped in. EventSource reconnects by itself; a slow refresh also catches up after it.
"use strict";
(function () {
  var list = document.getElementById("problems");
  if (!list || !window.EventSource) {
    return;
  }
  var pending = false;
  var again = false;
  function refresh() {
    if (pending) {
      // A change during a request: ask once more when it ends, so the last change is never missed.
      again = true;
      return;
    }
    var active = document.activeElement;
    if (active && active.tagName === "INPUT" && list.contains(active)) {
      // Someone is typing in the list (a comment): the swap waits rather than lose their words.
      window.setTimeout(refresh, 2000);
      return;
    }
    pending = true;
    again = false;
    fetch(list.dataset.source + window.location.search, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (r) {
        if (r.redirected || !r.ok) {
          // Logged out or the session ended: the login page, in full.
          window.location.reload();
          return null;
        }
        return r.text();
      })
      .then(function (html) {
        if (html !== null) {
          list.innerHTML = html;
          list.dataset.updated = String(Date.now());
        }
      })
      .catch(function () {})
      .finally(function () {
        pending = false;
        if (again) {
          refresh();
        }
      });
  }
  var events = new EventSource(list.dataset.events);
  events.addEventListener("decision", refresh);
  events.addEventListener("change", refresh);
  events.addEventListener("mark", refresh);
  events.addEventListener("open", refresh);
  window.setInterval(refresh, 60000);
})();
