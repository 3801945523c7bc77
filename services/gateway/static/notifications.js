/* The unread badge in the navigation, kept live over server-sent events.
   No inline script anywhere (CSP script-src 'self'): the page gives this file what it needs
   in data attributes. Without JavaScript the badge simply shows the count of page load. */
(function () {
  "use strict";
  var badge = document.getElementById("notification-badge");
  var live = document.getElementById("notification-live");
  if (!badge || !window.EventSource) {
    return;
  }
  var count = parseInt(badge.getAttribute("data-count") || "0", 10) || 0;
  var streamUrl = badge.getAttribute("data-stream");
  var lastId = "";
  var source = null;
  var retryTimer = null;

  function show() {
    badge.querySelector(".count").textContent = String(count);
    badge.hidden = count === 0;
  }

  function announce() {
    if (!live) {
      return;
    }
    // Empty first, so the same words are announced again for a second notification.
    live.textContent = "";
    window.setTimeout(function () {
      live.textContent = live.getAttribute("data-text") || "";
    }, 100);
  }

  function url() {
    if (!lastId) {
      return streamUrl;
    }
    var base = streamUrl.split("?")[0];
    return base + "?after=" + encodeURIComponent(lastId);
  }

  function open() {
    retryTimer = null;
    source = new EventSource(url());
    source.addEventListener("notification", function (event) {
      if (event.lastEventId) {
        lastId = event.lastEventId;
      }
      count += 1;
      show();
      announce();
    });
    source.addEventListener("open", function () {
      document.documentElement.setAttribute("data-notifications", "live");
    });
    source.addEventListener("error", function () {
      if (source.lastEventId) {
        lastId = source.lastEventId;
      }
      // EventSource reconnects by itself after a dropped stream; when the server refused it
      // (busy, or signed out) it gives up, so try again a little later.
      if (source.readyState === EventSource.CLOSED && retryTimer === null) {
        source.close();
        retryTimer = window.setTimeout(open, 15000 + Math.floor(Math.random() * 15000));
      }
    });
  }

  window.addEventListener("pagehide", function () {
    if (source) {
      source.close();
    }
  });
  open();
})();
