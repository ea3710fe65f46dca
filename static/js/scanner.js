// The door scanner, on top of the typed-reference form that works without JavaScript:
// camera scanning with barcode-detector (ZXing wasm served from our own static/build),
// typed or hand-scanner codes sent without reloading, sounds, vibration and rapid mode, and
// scanning on with no network (offline mode, below).
(function () {
  "use strict";
  var root = document.getElementById("scanner");
  var form = document.getElementById("scan-form");
  var region = document.getElementById("scan-result");
  if (!root || !form || !region) return;
  var csrf = form.querySelector("input[name=csrftoken]").value;
  var video = document.getElementById("scanner-video");
  var state = document.getElementById("scanner-state");
  var startButton = document.getElementById("camera-start");
  var stopButton = document.getElementById("camera-stop");
  var options = { sound: "opt-sound", vibrate: "opt-vibrate", rapid: "opt-rapid" };
  var stream = null;
  var detector = null;
  var lastCode = "";
  var lastAt = 0;
  var busy = false;
  var clearTimer = null;

  Object.keys(options).forEach(function (key) {
    var box = document.getElementById(options[key]);
    var saved = window.localStorage.getItem("fp-scan-" + key);
    if (saved !== null) box.checked = saved === "1";
    box.addEventListener("change", function () {
      window.localStorage.setItem("fp-scan-" + key, box.checked ? "1" : "0");
    });
  });
  function on(key) { return document.getElementById(options[key]).checked; }

  function nonce() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return b.toString(16).padStart(2, "0"); }).join("");
  }

  // Distinct sounds: OK a high double beep, already inside or attention a middle tone,
  // invalid a low long tone. Vibration patterns differ the same way.
  var SOUNDS = { ok: [[880, 0.12], [1320, 0.12]], warning: [[520, 0.35]], invalid: [[220, 0.6]] };
  var BUZZ = { ok: [80], warning: [200, 100, 200], invalid: [500] };
  var audio = null;
  function feedback(tone, attention) {
    if (on("vibrate") && navigator.vibrate) navigator.vibrate(BUZZ[tone] || [100]);
    if (!on("sound")) return;
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var at = audio.currentTime;
      var notes = attention && tone === "ok" ? SOUNDS.ok.concat([[660, 0.2]]) : SOUNDS[tone];
      notes.forEach(function (note) {
        var osc = audio.createOscillator();
        var gain = audio.createGain();
        osc.frequency.value = note[0];
        gain.gain.value = 0.2;
        osc.connect(gain);
        gain.connect(audio.destination);
        osc.start(at);
        osc.stop(at + note[1]);
        at += note[1] + 0.05;
      });
    } catch (e) { /* no sound on this device: the words still say it */ }
  }

  var ICONS = { ok: "\u2714", warning: "!", invalid: "\u2716" };
  function show(answer) {
    region.textContent = "";
    var box = document.createElement("div");
    box.className = "fp-scan-result fp-scan-result--" + answer.tone;
    box.setAttribute("data-tone", answer.tone);
    var head = document.createElement("p");
    head.className = "fp-scan-result__headline";
    var icon = document.createElement("span");
    icon.setAttribute("aria-hidden", "true");
    icon.textContent = ICONS[answer.tone] || "";
    var words = document.createElement("span");
    words.textContent = answer.headline;
    head.appendChild(icon);
    head.appendChild(words);
    box.appendChild(head);
    if (answer.name) {
      var name = document.createElement("p");
      name.className = "fp-scan-result__name";
      name.textContent = answer.name;
      box.appendChild(name);
    }
    if (answer.notes && answer.notes.length) {
      var notes = document.createElement("ul");
      notes.className = "fp-door-notes govuk-list";
      answer.notes.forEach(function (text) {
        var item = document.createElement("li");
        item.textContent = text;
        notes.appendChild(item);
      });
      box.appendChild(notes);
    }
    var advice = document.createElement("p");
    advice.className = "govuk-body govuk-!-margin-top-3";
    advice.textContent = answer.message;
    box.appendChild(advice);
    if (answer.offline) {
      var later = document.createElement("p");
      later.className = "fp-scan-result__offline";
      later.textContent = "Checked offline, will sync.";
      box.appendChild(later);
    }
    if (answer.status === "ok" && answer.scan_id) box.appendChild(undoForm(answer.scan_id));
    region.appendChild(box);
    feedback(answer.tone, answer.notes && answer.notes.length);
    var old = document.getElementById("undo-form");
    if (old) old.remove();
    if (clearTimer) clearTimeout(clearTimer);
    if (on("rapid")) clearTimer = setTimeout(function () { region.textContent = ""; }, 3000);
  }

  function undoForm(scanId) {
    var undo = document.createElement("form");
    undo.method = "post";
    undo.action = root.getAttribute("data-undo").replace("/0/", "/" + scanId + "/");
    var token = document.createElement("input");
    token.type = "hidden";
    token.name = "csrftoken";
    token.value = csrf;
    var button = document.createElement("button");
    button.type = "submit";
    button.className = "govuk-button govuk-button--secondary";
    button.textContent = "Undo this scan";
    undo.appendChild(token);
    undo.appendChild(button);
    return undo;
  }

  // ---- Offline mode -------------------------------------------------------------------
  // The page keeps a snapshot of its door (rule table, door times, per ticket a short
  // SHA-256 of the secret and of the reference, first name and initial, door notes, inside
  // or not) in IndexedDB. When a scan cannot reach the server, the page decides with the
  // same rule table the server runs, says "Checked offline, will sync", and queues the scan
  // (IndexedDB too) with its nonce and time. The queue is sent every 60 seconds and when the
  // network is back; the nonce makes a repeat harmless. A service worker (/door/sw.js) keeps
  // this page and its files, so the scanner also opens with no network.
  var device = root.getAttribute("data-device");
  var syncState = document.getElementById("sync-state");
  var snapshot = null;
  var index = {};
  var syncing = false;

  // IndexedDB "fairplanner-door": "snapshots" (one door list per pairing, keyed by the
  // pairing's id) and "queue" (scans waiting to be sent, in the order they were made, each
  // {device, scan}). IndexedDB rather than localStorage: it holds a large list without the
  // 5 MB limit and without blocking the page while a 10,000-ticket list is written, and the
  // service worker can reach it (to clear the lists when a phone is unpaired).
  var DB_NAME = "fairplanner-door";
  var opened = null;
  var memory = null; // no IndexedDB (an old or locked-down browser): this page only
  function fallback() { return memory || (memory = { snapshot: null, queue: [], next: 1 }); }
  function db() {
    if (!opened) {
      opened = new Promise(function (resolve, reject) {
        if (!window.indexedDB) throw new Error("no IndexedDB");
        var open = window.indexedDB.open(DB_NAME, 1);
        open.onupgradeneeded = function () {
          open.result.createObjectStore("snapshots");
          open.result.createObjectStore("queue", { autoIncrement: true }).createIndex("device", "device");
        };
        open.onsuccess = function () { resolve(open.result); };
        open.onerror = function () { reject(open.error); };
      }).catch(function (error) {
        fallback();
        throw error;
      });
    }
    return opened;
  }
  // One transaction on one store: work(store, done) makes the requests and hands its result
  // to done; the promise settles when the transaction is committed.
  function run(name, mode, work) {
    return db().then(function (base) {
      return new Promise(function (resolve, reject) {
        var tx = base.transaction(name, mode);
        var result;
        work(tx.objectStore(name), function (value) { result = value; });
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    });
  }
  function onResult(request, done) { request.onsuccess = function () { done(request.result); }; }
  var mine = function () { return window.IDBKeyRange.only(device); };
  var store = {
    snapshot: function () {
      return run("snapshots", "readonly", function (s, done) { onResult(s.get(device), done); })
        .catch(function () { return memory && memory.snapshot; });
    },
    keepSnapshot: function (data) {
      return run("snapshots", "readwrite", function (s) { s.put(data, device); })
        .then(function () { return true; }, function () {
          fallback().snapshot = data;
          return false;
        });
    },
    waiting: function () {
      return run("queue", "readonly", function (s, done) { onResult(s.index("device").count(mine()), done); })
        .catch(function () { return memory ? memory.queue.length : 0; });
    },
    add: function (scan) {
      return run("queue", "readwrite", function (s) { s.add({ device: device, scan: scan }); })
        .catch(function () { var m = fallback(); m.queue.push({ key: "m" + m.next++, scan: scan }); });
    },
    first: function () {
      return run("queue", "readonly", function (s, done) {
        var cursor = s.index("device").openCursor(mine());
        cursor.onsuccess = function () {
          var at = cursor.result;
          done(at ? { key: at.primaryKey, scan: at.value.scan } : null);
        };
      }).catch(function () { return memory && memory.queue.length ? memory.queue[0] : null; });
    },
    remove: function (key) {
      return run("queue", "readwrite", function (s) { s.delete(key); }).catch(function () {
        var m = fallback();
        m.queue = m.queue.filter(function (item) { return item.key !== key; });
      });
    },
  };

  // Up to 2026-11 the snapshot and the queue were in localStorage (fp-door-snapshot-<id>,
  // fp-door-queue-<id>). Move them into IndexedDB once, for every pairing on this phone, so
  // no scan is lost on upgrade. The keys are removed only after the move is committed; if
  // the page is closed in between, the scans are queued twice, and their nonces make the
  // second sending harmless.
  function migrate() {
    return Promise.resolve().then(moveFromLocalStorage); // a blocked localStorage throws
  }
  function moveFromLocalStorage() {
    var old = { queue: {}, snapshots: {}, keys: [] };
    for (var n = 0; n < window.localStorage.length; n++) {
      var key = window.localStorage.key(n);
      var found = /^fp-door-(queue|snapshot)-(.+)$/.exec(key || "");
      if (!found) continue;
      try { var value = JSON.parse(window.localStorage.getItem(key)); } catch (e) { value = null; }
      if (found[1] === "queue" && Array.isArray(value)) old.queue[found[2]] = value;
      if (found[1] === "snapshot" && value && value.rules) old.snapshots[found[2]] = value;
      old.keys.push(key);
    }
    if (!old.keys.length) return Promise.resolve();
    return db().then(function (base) {
      return new Promise(function (resolve, reject) {
        var tx = base.transaction(["snapshots", "queue"], "readwrite");
        var queued = tx.objectStore("queue");
        var snapshots = tx.objectStore("snapshots");
        Object.keys(old.queue).forEach(function (id) {
          old.queue[id].forEach(function (scan) { queued.add({ device: id, scan: scan }); });
        });
        Object.keys(old.snapshots).forEach(function (id) {
          var have = snapshots.get(id);
          have.onsuccess = function () { if (!have.result) snapshots.put(old.snapshots[id], id); };
        });
        tx.oncomplete = function () {
          old.keys.forEach(function (k) { window.localStorage.removeItem(k); });
          resolve();
        };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function useSnapshot(data) {
    snapshot = data;
    index = {};
    (data.tickets || []).forEach(function (t) { index["s" + t.s] = t; index["r" + t.r] = t; });
  }

  function refreshSnapshot() {
    return store.waiting().then(function (waiting) {
      if (waiting) return null; // send waiting scans first
      return fetch(root.getAttribute("data-snapshot"), { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error("status " + response.status);
          return response.json();
        })
        .then(function (data) {
          useSnapshot(data);
          var count = document.getElementById("inside-count");
          if (count) count.textContent = String(data.inside);
          return store.keepSnapshot(data).then(function (kept) {
            if (!kept) syncState.textContent = "This phone cannot keep the door's list: scanning needs the network.";
          });
        })
        .catch(function () { /* keep the snapshot we have */ });
    });
  }

  function showWaiting() {
    return store.waiting().then(function (waiting) {
      if (waiting) syncState.textContent = "Offline: " + waiting + (waiting === 1 ? " scan" : " scans") + " waiting to be sent.";
    });
  }

  // Like read_code in checkin_rules.py: a 26-character secret or a 10-character reference.
  function readCode(text) {
    var raw = text.trim().slice(0, 80);
    var compact = raw.toUpperCase().replace(/[ -]/g, "");
    if (compact.length === 26 && /^[A-Z2-7]+$/.test(compact)) return { kind: "s", code: compact };
    if (/[^\x00-\x7f]/.test(raw)) return null;
    var reference = raw.toUpperCase().replace(/[^A-Z0-9]/g, "")
      .replace(/[IL]/g, "1").replace(/O/g, "0").replace(/U/g, "V");
    return reference.length === 10 ? { kind: "r", code: reference } : null;
  }

  function digest(text) {
    return window.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (buffer) {
      return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
        return b.toString(16).padStart(2, "0");
      }).join("").slice(0, 16);
    });
  }

  function findTicket(code) {
    var read = readCode(code);
    if (!read || !snapshot) return Promise.resolve(null);
    return digest(read.code).then(function (hex) { return index[read.kind + hex] || null; });
  }

  // The same facts and table as checkin_rules.facts / apply_rules on the server. The
  // snapshot holds only this fair's tickets, so another fair's ticket reads as not found.
  function decide(ticket, direction, at) {
    var door = snapshot.door;
    var facts = !ticket ? { known: false } : {
      known: true,
      same_fair: true,
      ticket_valid: ticket.v,
      registration_cancelled: ticket.g === "cancelled",
      booked: ticket.g === "booked",
      exit: direction === "exit",
      inside: !!ticket.i,
      open: (!door.opens_at || Date.parse(door.opens_at) <= at) && (!door.closes_at || at < Date.parse(door.closes_at)),
      entered_before: ticket.e > 0,
      reentry: door.allow_reentry,
    };
    for (var n = 0; n < snapshot.rules.length; n++) {
      var rule = snapshot.rules[n];
      var match = Object.keys(rule.when).every(function (name) { return (facts[name] || false) === rule.when[name]; });
      if (match) return rule.result;
    }
    return "ok";
  }

  function remember(ticket, direction) {
    // Keep the snapshot true after an ok scan, so this phone catches a second scan offline.
    if (!ticket) return Promise.resolve();
    if (direction === "exit") { ticket.i = false; } else { ticket.i = true; ticket.e += 1; }
    return store.keepSnapshot(snapshot);
  }

  function scanOffline(scan) {
    if (!snapshot) {
      show({ tone: "invalid", headline: "No connection", message: "This phone has no copy of the door's list yet. Type the reference when the network is back, or ask a supervisor." });
      return Promise.resolve();
    }
    return findTicket(scan.code).then(function (ticket) {
      var result = decide(ticket, scan.direction, Date.now());
      scan.offline_result = result;
      var meaning = snapshot.meanings[result];
      show({
        status: result === "ok" ? "ok" : "error",
        tone: meaning.tone,
        headline: meaning.headline,
        message: meaning.message,
        name: ticket && result !== "unknown_ticket" ? ticket.n : "",
        notes: ticket ? ticket.d : [],
        offline: true,
      });
      // Queued before anything else is written: the scan is the fact that must not be lost.
      return store.add(scan)
        .then(function () { if (result === "ok") return remember(ticket, scan.direction); })
        .then(showWaiting);
    });
  }

  function post(scan) {
    return fetch(root.getAttribute("data-api"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify(scan),
    });
  }

  function sync() {
    if (syncing || navigator.onLine === false) return Promise.resolve();
    syncing = true;
    var sent = 0;
    function next() {
      return store.first().then(function (item) {
        if (!item) return null;
        return post(item.scan).then(function (response) {
          // 429 (too fast) and server faults are tried again later; any other answer is
          // final (pretix drops a refused upload too), so the scan leaves the queue.
          if (response.status === 429 || response.status >= 500) throw new Error("later");
          return store.remove(item.key).then(function () {
            sent += 1;
            return next();
          });
        });
      });
    }
    return store.waiting()
      .then(function (waiting) {
        if (!waiting) return null;
        return next().then(function () {
          syncState.textContent = sent ? "Back online: " + sent + (sent === 1 ? " scan" : " scans") + " sent." : "";
          return refreshSnapshot();
        });
      })
      .catch(function () { return showWaiting(); })
      .finally(function () { syncing = false; });
  }

  function send(code) {
    var direction = form.querySelector("input[name=direction]:checked");
    var scan = {
      code: code,
      nonce: nonce(),
      direction: direction ? direction.value : "entry",
      client_time: new Date().toISOString(),
    };
    busy = true;
    var done = navigator.onLine === false
      ? scanOffline(scan)
      : post(scan).then(function (response) {
        if (response.status >= 500) throw new Error("server");
        return response.json().then(function (answer) {
          if (!answer.headline) {
            // A refused request (not paired any more, too many scans, not understood).
            var words = { revoked: "This phone is not paired", rate_limited: "Too many scans" };
            answer = { tone: "invalid", headline: words[answer.reason] || "Not checked", message: answer.message };
          }
          show(answer);
          if (answer.status === "ok") findTicket(code).then(function (t) { return remember(t, scan.direction); });
          sync();
        });
      }).catch(function () { return scanOffline(scan); });
    return done.finally(function () { busy = false; });
  }

  window.addEventListener("online", function () { sync(); });
  // Send waiting scans every minute; fetch the door's list again every 5 minutes (pretixSCAN's
  // intervals).
  var minutes = 0;
  window.setInterval(function () {
    minutes += 1;
    sync().then(function () { if (minutes % 5 === 0) return refreshSnapshot(); });
  }, 60000);
  migrate()
    .catch(function () { /* left in localStorage: tried again on the next visit */ })
    .then(store.snapshot)
    .then(function (stored) { if (stored && stored.rules && !snapshot) useSnapshot(stored); })
    .then(showWaiting)
    .then(sync)
    .then(refreshSnapshot);
  // The service worker keeps this page and its files, so the scanner opens with no network.
  if (navigator.serviceWorker) {
    navigator.serviceWorker.register(root.getAttribute("data-worker")).catch(function () {
      /* no worker (not HTTPS, or refused): the page still works while it stays open */
    });
  }

  form.addEventListener("submit", function (event) {
    var field = form.querySelector("input[name=code]");
    if (!field.value.trim()) return; // let the server show its error message
    event.preventDefault();
    var code = field.value;
    field.value = "";
    send(code).then(function () { field.focus(); });
  });

  function scanLoop() {
    if (!stream) return;
    if (busy || video.readyState < 2) { setTimeout(scanLoop, 150); return; }
    detector.detect(video).then(function (codes) {
      var now = Date.now();
      if (codes.length) {
        var code = codes[0].rawValue;
        // The same code held in front of the camera is one scan, not one per frame.
        if (code !== lastCode || now - lastAt > 3000) {
          lastCode = code;
          lastAt = now;
          send(code);
        }
      }
      setTimeout(scanLoop, 150);
    }).catch(function () { setTimeout(scanLoop, 500); });
  }

  function start() {
    var api = window.BarcodeDetectionAPI;
    if (!api) { state.textContent = "The camera scanner did not load. Type the reference instead."; return; }
    api.prepareZXingModule({
      overrides: {
        locateFile: function (path, prefix) {
          return path.endsWith(".wasm") ? root.getAttribute("data-wasm") + path : prefix + path;
        },
      },
      fireImmediately: true,
    });
    detector = detector || new api.BarcodeDetector({ formats: ["qr_code"] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (media) {
        stream = media;
        video.srcObject = media;
        return video.play();
      })
      .then(function () {
        state.textContent = "The camera is on. Hold a ticket's QR code in front of it.";
        startButton.hidden = true;
        stopButton.hidden = false;
        scanLoop();
      })
      .catch(function () {
        state.textContent = "The camera could not start. Allow the camera, or type the reference.";
      });
  }

  function stop() {
    if (stream) stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.srcObject = null;
    state.textContent = "The camera is off.";
    startButton.hidden = false;
    stopButton.hidden = true;
  }

  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    root.hidden = false;
    startButton.addEventListener("click", start);
    stopButton.addEventListener("click", stop);
  }
})();
