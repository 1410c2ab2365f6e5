// Vigie console: keeps a page's live part (the problems list, the pipeline) current without
// reloading the page. The server renders it; on each decision or status change it sends
// (server-sent events, scoped to the user), the part is asked again (data-source) and swapped in.
// EventSource reconnects by itself; a slow refresh (data-every, else a minute) also catches up after it.
"use strict";
(function () {
  var list = document.querySelector("main[data-source]");
  if (!list || !window.EventSource) {
    return;
  }
  var live = list.querySelector(".live") || list;
  // Someone is typing in the part (a comment) or is on one of its buttons: a swap would lose their
  // words or their place, so it waits.
  function busy() {
    var active = document.activeElement;
    return !!active && /^(INPUT|BUTTON|SUMMARY|SELECT|TEXTAREA)$/.test(active.tagName) && live.contains(active);
  }
  var pending = false;
  var again = false;
  function refresh() {
    if (pending) {
      // A change during a request: ask once more when it ends, so the last change is never missed.
      again = true;
      return;
    }
    if (busy()) {
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
        if (html !== null && busy()) {
          // Someone reached a field or a button while the part was asked: try again later.
          window.setTimeout(refresh, 2000);
        } else if (html !== null) {
          live.innerHTML = html;
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
  // The stream's first event says when the user's last event was sent: a page rendered after that
  // is current, and is not asked again (at 500 problems, that is the whole list laid out twice).
  // A reconnection always asks: events may have been missed while it was down.
  var opened = false;
  events.addEventListener("hello", function (e) {
    var rendered = Number(list.dataset.rendered || 0);
    if (opened || !rendered || Number(e.data) >= rendered) {
      refresh();
    } else {
      list.dataset.updated = String(Date.now());
    }
    opened = true;
  });
  window.setInterval(refresh, Number(list.dataset.every) || 60000);
})();
