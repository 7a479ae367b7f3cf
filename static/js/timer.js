// Ticks the countdown locally from the seconds the server last sent, so no push is
// needed each second and a phone's wrong clock does not matter.
(function () {
  "use strict";
  var anchors = new WeakMap();
  var last = new WeakMap();  // the remaining seconds at the previous tick

  function clock(seconds) {
    var sign = seconds < 0 ? "-" : "";
    var whole = seconds > 0 ? Math.ceil(seconds - 0.001) : Math.floor(-seconds);
    var m = Math.floor(whole / 60), s = whole % 60;
    return sign + m + ":" + (s < 10 ? "0" : "") + s;
  }

  function tick() {
    var timers = document.querySelectorAll("[data-remaining]");
    var now = performance.now();
    for (var i = 0; i < timers.length; i++) {
      var el = timers[i];
      var remaining = parseFloat(el.getAttribute("data-remaining"));
      if (!anchors.has(el)) { anchors.set(el, now); }
      if (el.getAttribute("data-running") === "true") {
        remaining -= (now - anchors.get(el)) / 1000;
      }
      // Written only when it changes (once a second): a write each tick made the page lay
      // itself out four times a second, and the projector fit its boards again each time.
      var value = el.querySelector(".timer-value");
      var shown = clock(remaining);
      if (value && value.textContent !== shown) { value.textContent = shown; }
      var bar = el.querySelector("progress");
      var left = Math.max(0, Math.ceil(remaining));
      if (bar && bar.value !== left) { bar.value = left; }
      el.classList.toggle("is-over", remaining <= 0);
      // Crossing zero while it runs: say so once (the console then closes writing when
      // the activity asks for it: a form listening for "timer:over").
      if (last.has(el) && last.get(el) > 0 && remaining <= 0) {
        el.dispatchEvent(new CustomEvent("timer:over", { bubbles: true }));
      }
      last.set(el, remaining);
      if (remaining <= 0) { el.setAttribute("data-timer-state", "over"); } else { el.removeAttribute("data-timer-state"); }
    }
  }
  setInterval(tick, 250);
  document.addEventListener("live:swapped", tick);
})();
