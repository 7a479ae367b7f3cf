// Speed meetings. On the projector: the table plan turns its pages by itself ("page 2/3"),
// and when a round's time is up the screen shows the change of tables (the next round's
// tables) and, if the facilitator turned it on, beeps: a short tone made here with
// WebAudio, no sound file. The console beeps too (its clicks allow sound; a projector
// nobody touched may need one click on "Allow the sound"). On phones: each follow-up tap
// carries an idempotency key, kept for a retry of the same tap; a match announced by the
// server makes the phone fetch its matches list again.
(function () {
  "use strict";
  var HEADER = "Idempotency-Key";
  var audio = null;
  var beeped = {};  // round number -> true: one beep per change of tables

  // ---- pages of the table plan ---------------------------------------------------------
  var turns = new WeakMap();

  function showPage(plan, index) {
    var pages = plan.querySelectorAll("[data-speed-page]");
    for (var i = 0; i < pages.length; i++) { pages[i].hidden = i !== index; }
  }

  function turnPages() {
    document.querySelectorAll("[data-speed-view]").forEach(function (plan) {
      var pages = plan.querySelectorAll("[data-speed-page]");
      if (pages.length < 2) { return; }
      var seconds = parseFloat(plan.getAttribute("data-page-seconds")) || 10;
      var now = Date.now();
      var turn = turns.get(plan);
      if (!turn) {
        turns.set(plan, { index: 0, at: now });
        showPage(plan, 0);
        return;
      }
      if (now - turn.at >= seconds * 1000) {
        turn.index = (turn.index + 1) % pages.length;
        turn.at = now;
        showPage(plan, turn.index);
      }
    });
  }

  // ---- the change of tables ------------------------------------------------------------
  function beep() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) { return; }
    audio = audio || new Context();
    if (audio.state === "suspended") {
      audio.resume();
      document.querySelectorAll("[data-speed-unlock]").forEach(function (b) { b.hidden = false; });
    }
    [0, 0.35].forEach(function (delay) {
      var tone = audio.createOscillator();
      var volume = audio.createGain();
      var start = audio.currentTime + delay;
      tone.frequency.value = 880;
      volume.gain.setValueAtTime(0.0001, start);
      volume.gain.exponentialRampToValueAtTime(0.4, start + 0.02);
      volume.gain.exponentialRampToValueAtTime(0.0001, start + 0.25);
      tone.connect(volume);
      volume.connect(audio.destination);
      tone.start(start);
      tone.stop(start + 0.3);
    });
  }

  function watchStages() {
    document.querySelectorAll("[data-speed-stage]").forEach(function (stage) {
      var timer = stage.querySelector("[data-remaining]");
      var over = !!(timer && timer.classList.contains("is-over"));
      var changing = stage.classList.contains("is-changing");
      if (over === changing) { return; }
      stage.classList.toggle("is-changing", over);
      var next = stage.querySelector("[data-speed-view=next]");
      var current = stage.querySelector("[data-speed-view=current]");
      if (next && current) {
        next.hidden = !over;
        current.hidden = over;
      }
      var round = stage.getAttribute("data-round");
      if (over && stage.getAttribute("data-sound") === "on" && !beeped[round]) {
        beeped[round] = true;
        beep();
      }
    });
  }

  document.addEventListener("click", function (event) {
    var unlock = event.target.closest("[data-speed-unlock]");
    if (!unlock) { return; }
    var Context = window.AudioContext || window.webkitAudioContext;
    audio = audio || (Context ? new Context() : null);
    if (audio) { audio.resume(); }
    unlock.hidden = true;
  });

  function tick() {
    turnPages();
    watchStages();
  }
  setInterval(tick, 250);
  document.addEventListener("live:swapped", tick);

  // ---- follow-up taps: one key per intended tap, the same on a retry --------------------
  function newKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  document.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("[data-speed-tap]");
    if (!form) { return; }
    var key = form.getAttribute("data-key") || newKey();
    form.setAttribute("data-key", key);  // kept until an answer arrives: a retry reuses it
    event.detail.headers[HEADER] = key;
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt && event.detail.elt.closest && event.detail.elt.closest("[data-speed-tap]");
    var answered = event.detail.xhr && event.detail.xhr.status > 0 && event.detail.xhr.status < 500;
    if (form && answered) { form.removeAttribute("data-key"); }
  });

  // ---- a match: the server tells both phones, which fetch their matches again ----------
  function listen() {
    var socket = window.workshopSocket;
    if (!socket) { return; }
    socket.on("follow_ups_changed", function () {
      if (window.htmx) { window.htmx.trigger(document.body, "speed-follow-changed"); }
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", listen);
  } else {
    listen();
  }
})();
