// The door scanner's service worker (served as /door/sw.js, so its scope is /door/).
// It lets a door phone reload or open the scanner page with no network:
// - the scanner page itself (/door/scan, the "shell": the door's name, the phone's label, the
//   forms) is fetched from the network first, so a stopped pairing shows at once when online,
//   and kept for when the network is down. Only /door/scan with no query is kept: the page
//   after a scan (/door/scan?scan=N) names the attendee, so it is never stored.
// - the page's static files (CSS, fonts, JavaScript, the ZXing wasm, pictures) are stored on
//   the first visit and served from the store first: they change only with a new version,
//   and a new version of this script comes with its own store.
// - nothing else is touched: the door API (/door/api/*: the snapshot, the scans) and every
//   other page go to the network as usual and are never stored. The door's list for offline
//   use is the page's business (IndexedDB, static/js/scanner.js).
// The page is kept without its one-off notices ("Done: That scan is undone.", "... is on the
// waiting list"): they belong to the moment they were shown, and one may name an attendee.
// When the network says the phone is not paired any more, the stored page is dropped and the
// door's lists on the phone are cleared, so a stopped phone no longer opens a scanner.
"use strict";
var CONFIG = {{ config|tojson }};
var CACHE = "fp-door-" + CONFIG.version;
var SHELL_MARK = 'id="scanner"';
var STORED = { cacheName: CACHE, ignoreVary: true };
var ONCE = /<!--fp-once-->[\s\S]*?<!--\/fp-once-->/g;

function isShell(url) {
  return url.origin === self.location.origin && url.pathname === CONFIG.shell;
}

// Keep the page the network gave if it is the scanner (paired phone); forget the stored
// one if the network says the phone is not paired (the page has no scanner then).
function remember(response, url) {
  if (url.search || response.redirected || response.type !== "basic") return Promise.resolve();
  if (!response.ok && response.status !== 401 && response.status !== 403) return Promise.resolve();
  return response.clone().text().then(function (html) {
    if (response.ok && html.indexOf(SHELL_MARK) !== -1) {
      var headers = new Headers(response.headers);
      headers.delete("Content-Length");  // the kept page is shorter
      var kept = new Response(html.replace(ONCE, ""), {
        status: response.status, statusText: response.statusText, headers: headers
      });
      return caches.open(CACHE).then(function (cache) { return cache.put(CONFIG.shell, kept); });
    }
    return forget();
  });
}

function forget() {
  return caches.open(CACHE)
    .then(function (cache) { return cache.delete(CONFIG.shell); })
    .then(clearSnapshots);
}

// The door's lists (first names and initials, door notes) stay on the phone only while it is
// paired. Scans waiting to be sent are kept: they are facts, and the server decides on them.
function clearSnapshots() {
  return new Promise(function (resolve) {
    var open = self.indexedDB.open("fairplanner-door");
    // No database yet: do not create an empty one (the page creates it with its stores).
    open.onupgradeneeded = function () { open.transaction.abort(); };
    open.onerror = function () { resolve(); };
    open.onsuccess = function () {
      var db = open.result;
      if (!db.objectStoreNames.contains("snapshots")) { db.close(); resolve(); return; }
      var tx = db.transaction("snapshots", "readwrite");
      tx.objectStore("snapshots").clear();
      tx.oncomplete = tx.onerror = tx.onabort = function () { db.close(); resolve(); };
    };
  });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) {
      // "no-cache": asked of the server (not an older copy in the browser's HTTP cache), so
      // a new version stores the new files.
      var fresh = CONFIG.assets.map(function (path) { return new Request(path, { cache: "no-cache" }); });
      return cache.addAll(fresh).then(function () {
        // The page that registered this worker was loaded before it existed: fetch the
        // scanner page once more to keep it.
        var url = new URL(CONFIG.shell, self.location.origin);
        return fetch(url, { credentials: "same-origin" })
          .then(function (response) { return remember(response, url); })
          .catch(function () { /* kept on the next visit */ });
      });
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("fp-door-") === 0 && name !== CACHE;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function page(request, url) {
  return fetch(request).then(function (response) {
    if (response.status >= 500) {
      // The server is there but failing (a proxy's 502): the stored scanner works offline.
      return caches.match(CONFIG.shell, STORED).then(function (stored) { return stored || response; });
    }
    var done = function () { return response; };
    return remember(response.clone(), url).then(done, done);
  }, function (error) {
    return caches.match(CONFIG.shell, STORED).then(function (stored) {
      if (stored) return stored;
      throw error;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (isShell(url) && request.mode === "navigate") {
    event.respondWith(page(request, url));
    return;
  }
  if (!url.search && CONFIG.assets.indexOf(url.pathname) !== -1) {
    event.respondWith(
      caches.match(url.pathname, STORED).then(function (stored) {
        return stored || fetch(request);
      })
    );
  }
  // Anything else (the door API, the other door pages): the network, never stored.
});
