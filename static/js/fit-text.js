// Projector: text that fits. Each [data-fit] box (a group on the board, the ranking) gets the largest
// font size, from data-fit-max down to a minimum readable from the back of the room
// (MIN_VH, in % of the screen's height), at which its [data-fit-body] shows whole. What
// still does not fit at the minimum is never clipped silently: the box's [data-fit-more]
// marker says how many answers are cut ("+3 more"; the facilitator can then show that
// group alone). Runs at load, on resize, and after every pushed region: a
// MutationObserver sees the swaps, so live.js needs no hook.
(function () {
  "use strict";
  var MIN_VH = 2.3; // sub-points are 0.88em: never under 2vh
  var STEP = 0.93;
  var ITEMS = ".cards > .card, .board-table > tbody > tr, .ranking-table > tbody > tr, .screen-candidates > li";

  function overflows(el) {
    return el.scrollHeight > el.clientHeight + 1 || el.scrollWidth > el.clientWidth + 1;
  }

  function cutItems(body) {
    if (!overflows(body)) { return 0; }
    var bottom = body.getBoundingClientRect().bottom + 1;
    var right = body.getBoundingClientRect().right + 1;
    var cut = 0;
    body.querySelectorAll(ITEMS).forEach(function (item) {
      var box = item.getBoundingClientRect();
      if (box.bottom > bottom || box.right > right) { cut += 1; }
    });
    return Math.max(cut, 1);
  }

  function mark(box, body) {
    var more = box.querySelector("[data-fit-more]");
    var cut = cutItems(body);
    box.classList.toggle("is-cut", cut > 0);
    if (!more) { return; }
    var text = cut ? (more.getAttribute("data-text") || "+__N__").replace("__N__", String(cut)) : "";
    if (more.textContent !== text) { more.textContent = text; }
    more.hidden = !cut;
  }

  function fit(box) {
    var body = box.querySelector("[data-fit-body]");
    if (!body) { return; }
    var unit = window.innerHeight / 100;
    var max = (parseFloat(box.getAttribute("data-fit-max")) || 3.4) * unit;
    var min = MIN_VH * unit;
    var size = max;
    box.style.fontSize = size + "px";
    while (overflows(body) && size > min) {
      size = Math.max(min, size * STEP);
      box.style.fontSize = size + "px";
    }
    box.setAttribute("data-fit-size", (size / unit).toFixed(2));
    mark(box, body);
  }

  // The countdown's digits change every second and move no box: they alone do not refit
  // the board (a refit lays the whole page out again, several times per box).
  function inTimer(record) {
    var node = record.target;
    var element = node.nodeType === 1 ? node : node.parentElement;
    return !!(element && element.closest("[data-remaining]"));
  }

  function changed(records) {
    for (var i = 0; i < records.length; i++) {
      if (!inTimer(records[i])) { schedule(); return; }
    }
  }

  var observer = new MutationObserver(changed);
  var pending = false;

  function watch() {
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
  }

  function fitAll() {
    pending = false;
    observer.disconnect(); // our own changes must not wake us up again
    document.querySelectorAll("[data-fit]").forEach(fit);
    watch();
    // What is fitted may still need pages (screen-pages.js counts them after each fit).
    document.dispatchEvent(new CustomEvent("fit:done"));
  }

  function schedule() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(fitAll);
  }

  window.addEventListener("resize", schedule);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", schedule);
  } else {
    schedule();
  }
  watch();
})();
