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
  // or not) in localStorage. When a scan cannot reach the server, the page decides with the
  // same rule table the server runs, says "Checked offline, will sync", and queues the scan
  // with its nonce and time. The queue is sent every 60 seconds and when the network is back;
  // the nonce makes a repeat harmless.
  var device = root.getAttribute("data-device");
  var SNAP_KEY = "fp-door-snapshot-" + device;
  var QUEUE_KEY = "fp-door-queue-" + device;
  var syncState = document.getElementById("sync-state");
  var snapshot = null;
  var index = {};
  var syncing = false;

  function load(key, fallback) {
    try { var text = window.localStorage.getItem(key); return text ? JSON.parse(text) : fallback; }
    catch (e) { return fallback; }
  }
  function keep(key, value) {
    try { window.localStorage.setItem(key, JSON.stringify(value)); return true; }
    catch (e) { return false; }
  }
  function queue() { return load(QUEUE_KEY, []); }

  function useSnapshot(data) {
    snapshot = data;
    index = {};
    (data.tickets || []).forEach(function (t) { index["s" + t.s] = t; index["r" + t.r] = t; });
  }

  function refreshSnapshot() {
    if (queue().length) return Promise.resolve(); // send waiting scans first
    return fetch(root.getAttribute("data-snapshot"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (data) {
        useSnapshot(data);
        if (!keep(SNAP_KEY, data)) {
          syncState.textContent = "This phone has no room to keep the door's list: scanning needs the network.";
        }
        var count = document.getElementById("inside-count");
        if (count) count.textContent = String(data.inside);
      })
      .catch(function () { /* keep the snapshot we have */ });
  }

  function showWaiting() {
    var waiting = queue().length;
    if (waiting) syncState.textContent = "Offline: " + waiting + (waiting === 1 ? " scan" : " scans") + " waiting to be sent.";
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
    if (!ticket) return;
    if (direction === "exit") { ticket.i = false; } else { ticket.i = true; ticket.e += 1; }
    keep(SNAP_KEY, snapshot);
  }

  function scanOffline(scan) {
    if (!snapshot) {
      show({ tone: "invalid", headline: "No connection", message: "This phone has no copy of the door's list yet. Type the reference when the network is back, or ask a supervisor." });
      return Promise.resolve();
    }
    return findTicket(scan.code).then(function (ticket) {
      var result = decide(ticket, scan.direction, Date.now());
      if (result === "ok") remember(ticket, scan.direction);
      scan.offline_result = result;
      var waiting = queue();
      waiting.push(scan);
      keep(QUEUE_KEY, waiting);
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
      showWaiting();
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
    var waiting = queue();
    if (syncing || !waiting.length || navigator.onLine === false) return Promise.resolve();
    syncing = true;
    var sent = 0;
    function next() {
      var items = queue();
      if (!items.length) return null;
      return post(items[0]).then(function (response) {
        // 429 (too fast) and server faults are tried again later; any other answer is
        // final (pretix drops a refused upload too), so the scan leaves the queue.
        if (response.status === 429 || response.status >= 500) throw new Error("later");
        var rest = queue();
        rest.shift();
        keep(QUEUE_KEY, rest);
        sent += 1;
        return next();
      });
    }
    return Promise.resolve(next())
      .then(function () {
        syncState.textContent = sent ? "Back online: " + sent + (sent === 1 ? " scan" : " scans") + " sent." : "";
        return refreshSnapshot();
      })
      .catch(function () { showWaiting(); })
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
          if (answer.status === "ok") findTicket(code).then(function (t) { remember(t, scan.direction); });
          sync();
        });
      }).catch(function () { return scanOffline(scan); });
    return done.finally(function () { busy = false; });
  }

  var stored = load(SNAP_KEY, null);
  if (stored && stored.rules) useSnapshot(stored);
  showWaiting();
  window.addEventListener("online", function () { sync(); });
  // Send waiting scans every minute; fetch the door's list again every 5 minutes (pretixSCAN's
  // intervals).
  var minutes = 0;
  window.setInterval(function () {
    minutes += 1;
    sync().then(function () { if (minutes % 5 === 0) return refreshSnapshot(); });
  }, 60000);
  sync().then(refreshSnapshot);

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
