// Speed meetings. On the projector: the table plan turns its pages by itself ("page 2/3"),
// and when a round's time is up the screen shows the change of tables (the next round's
// tables) and, if the facilitator turned it on, beeps: a short tone made here with
// WebAudio, no sound file. The console beeps too (its clicks allow sound; a projector
// nobody touched may need one click on "Allow the sound"). On phones: each follow-up tap
// carries an idempotency key, kept for a retry of the same tap; a match announced by the
// server makes the phone fetch its matches list again; the phone's own follow-ups are
// merged, never wiped, when a new round brings them again (see "one's own part" below).
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

  // ---- one's own part: kept by pushes, merged when a new round brings it again --------
  // The stage's pushes keep `#speed-own-<activity>` (the people met with one's marks,
  // the matches, the contact form) whole. A new round gives the stage a new slot, whose
  // place this phone fetches; the answer brings that part again, out of band, and it is
  // merged here so that no tap and no typed word is lost to it. An element of one's own
  // (data-speed-own) stays as the page has it when the server sent it unchanged (nothing
  // moves under a finger), while one of its requests is on its way (its answer lands in
  // it), when an answer drew it after the place was asked for (the page's is the newer),
  // or while the focus is in it (someone is typing); in one the server changed, a field
  // it sent unchanged keeps what was typed (live.js's rule for pushes). An answer for a
  // slot the page has since left is dropped: the new slot asks again.
  var clock = 0;
  var busy = new WeakMap();  // an element of one's own -> its requests on their way
  var drawn = new WeakMap();  // an element of one's own -> when an answer drew it
  var askedAt = {};  // a slot's key -> when its place was asked for

  function ownOf(elt) { return elt && elt.closest ? elt.closest("[data-speed-own]") : null; }

  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    var mine = ownOf(elt);
    if (mine) {
      busy.set(mine, (busy.get(mine) || 0) + 1);
    } else if (elt && elt.hasAttribute && elt.hasAttribute("data-speed-asks")) {
      var slot = elt.closest("[data-speed-slot]");
      if (slot) { askedAt[slot.getAttribute("data-speed-slot")] = ++clock; }
    }
  });

  document.addEventListener("htmx:afterRequest", function (event) {
    var mine = ownOf(event.detail.elt);  // the element that asked (the answer may replace it)
    if (!mine) { return; }
    busy.set(mine, Math.max((busy.get(mine) || 0) - 1, 0));
    var xhr = event.detail.xhr;
    var now = xhr && xhr.status > 0 && mine.id ? document.getElementById(mine.id) : null;
    if (now) { drawn.set(now, ++clock); }
  });

  function keptAsItIs(current, incoming, asked) {
    var active = document.activeElement;
    return current.outerHTML === incoming.outerHTML || (busy.get(current) || 0) > 0 ||
      (drawn.get(current) || 0) > asked ||
      (!!active && active !== document.body && current.contains(active));
  }

  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || !target.classList || !target.classList.contains("speed-own")) { return; }
    var fragment = event.detail.fragment;
    var incoming = fragment.firstElementChild;
    var key = incoming ? incoming.getAttribute("data-slot") : null;
    var slot = document.querySelector("[data-speed-slot]");
    if (key && slot && slot.getAttribute("data-speed-slot") !== key) {
      event.detail.shouldSwap = false;
      return;
    }
    var asked = askedAt[key] || 0;
    fragment.querySelectorAll("[data-speed-own][id]").forEach(function (el) {
      var current = document.getElementById(el.id);
      if (current && keptAsItIs(current, el, asked)) { el.setAttribute("hx-preserve", ""); }
    });
    var keep = window.liveKeep;
    if (keep) {
      keep.typed(fragment);
      var giveFocusBack = keep.focus();
      window.setTimeout(giveFocusBack, 0);  // once htmx has put the kept nodes back
    }
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
