// The door scanner, on top of the typed-reference form that works without JavaScript:
// camera scanning with barcode-detector (ZXing wasm served from our own static/build),
// typed or hand-scanner codes sent without reloading, sounds, vibration and rapid mode.
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

  function send(code) {
    var direction = form.querySelector("input[name=direction]:checked");
    busy = true;
    return fetch(root.getAttribute("data-api"), {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({
        code: code,
        nonce: nonce(),
        direction: direction ? direction.value : "entry",
        client_time: new Date().toISOString(),
      }),
    })
      .then(function (response) { return response.json(); })
      .then(show)
      .catch(function () {
        show({ tone: "invalid", headline: "No connection", message: "The scan was not sent. Try again, or type the reference." });
      })
      .finally(function () { busy = false; });
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
