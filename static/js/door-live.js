// The door page's figures update themselves every 30 seconds (without JavaScript, the
// "Refresh the figures" link does the same). The page is fetched again and only the
// figures are swapped; nothing changes while the keyboard focus is inside them.
(function () {
  "use strict";
  var live = document.getElementById("door-live");
  if (!live || !window.fetch || !window.DOMParser) return;
  var seconds = parseInt(live.getAttribute("data-refresh-seconds"), 10) || 30;
  function refresh() {
    if (document.hidden || live.contains(document.activeElement)) return;
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("door-live");
        if (fresh && !live.contains(document.activeElement)) live.innerHTML = fresh.innerHTML;
      })
      .catch(function () { /* keep the figures shown; the link still works */ });
  }
  window.setInterval(refresh, seconds * 1000);
})();
