// Projector: pages through what does not fit on one screen. A [data-pages] box holds a
// [data-pages-body] laid out in CSS columns of a fixed height: the columns past the box's
// right edge are the next pages. fit-text.js first shrinks the text down to its readable
// floor; what still does not fit is paged here, never cut.
//
// Turning the page: by itself every data-page-seconds (12 s), paused for a while after
// someone turned it by hand; PageDown, →, ↓ or Space for the next page, PageUp, ← or ↑
// for the previous one, Home for the first. Other code (a clicker relayed by the console)
// turns it with the DOM event
//     document.dispatchEvent(new CustomEvent("screen:page", {detail: {step: 1}}))
// (step -1: back; or {page: 2}: that page, counted from 1), or with window.screenPages
// (next(), previous(), go(n), state()). A push that redraws the board keeps its page.
(function () {
  "use strict";
  var HAND_PAUSE_MS = 45000; // after a page turned by hand, no automatic turn for this long
  var page = 0; // the page shown, from 0
  var count = 1;
  var handAt = -Infinity;
  var lastTurn = Date.now();

  function box() { return document.querySelector("[data-pages]"); }
  function body(el) { return el && el.querySelector("[data-pages-body]"); }

  function geometry(el) {
    var inner = body(el);
    if (!inner) { return null; }
    var gap = parseFloat(window.getComputedStyle(inner).columnGap) || 0;
    var width = inner.clientWidth;
    var pitch = width + gap; // one page: the box's width and the gap to the next column
    var pages = pitch > 0 ? Math.max(1, Math.ceil((inner.scrollWidth + gap - 1) / pitch)) : 1;
    return { inner: inner, pitch: pitch, pages: pages };
  }

  // A group that goes on at the top of a column says so ("Group B (continued)"): a page
  // may start in the middle of a group.
  function markContinued(inner) {
    var top = inner.getBoundingClientRect().top + 2;
    inner.querySelectorAll("[data-continued]").forEach(function (group) {
      var items = group.querySelectorAll(".cards > .card");
      Array.prototype.forEach.call(items, function (item, index) {
        var first = index > 0 && item.getBoundingClientRect().top <= top;
        var has = item.hasAttribute("data-continued");
        if (first && !has) { item.setAttribute("data-continued", group.getAttribute("data-continued")); }
        if (!first && has) { item.removeAttribute("data-continued"); }
      });
    });
  }

  function show(animate) {
    var el = box();
    var geo = geometry(el);
    if (!geo) { count = 1; page = 0; return; }
    if (!animate) { markContinued(geo.inner); geo = geometry(el); }
    count = geo.pages;
    page = Math.min(Math.max(page, 0), count - 1);
    var still = !animate || window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    if (still) { geo.inner.removeAttribute("data-moving"); } else { geo.inner.setAttribute("data-moving", ""); }
    geo.inner.style.transform = page ? "translateX(" + (-page * geo.pitch) + "px)" : "";
    el.setAttribute("data-page", String(page + 1));
    el.setAttribute("data-page-count", String(count));
    var label = el.querySelector("[data-page-count]");
    if (label) {
      var text = (label.getAttribute("data-text") || "__N__/__T__")
        .replace("__N__", String(page + 1)).replace("__T__", String(count));
      if (label.textContent !== text) { label.textContent = text; }
      label.hidden = count < 2;
    }
  }

  function go(target, byHand) {
    if (byHand) { handAt = Date.now(); }
    lastTurn = Date.now();
    var el = box();
    var geo = geometry(el);
    if (!geo) { return; }
    count = geo.pages;
    page = ((target % count) + count) % count; // past the last page comes the first
    show(true);
  }

  function step(delta, byHand) { go(page + delta, byHand); }

  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey || !box()) { return; }
    var key = event.key;
    if (key === "PageDown" || key === "ArrowRight" || key === "ArrowDown" || key === " ") {
      step(1, true);
    } else if (key === "PageUp" || key === "ArrowLeft" || key === "ArrowUp") {
      step(-1, true);
    } else if (key === "Home") {
      go(0, true);
    } else {
      return;
    }
    event.preventDefault();
  });

  document.addEventListener("screen:page", function (event) {
    var detail = (event && event.detail) || {};
    if (typeof detail.page === "number") { go(detail.page - 1, true); } else { step(detail.step || 1, true); }
  });

  // Automatic turn: checked each second, so a new board or a changed speed applies at once.
  setInterval(function () {
    var el = box();
    if (!el || count < 2 || document.hidden) { return; }
    var every = (parseFloat(el.getAttribute("data-page-seconds")) || 12) * 1000;
    var now = Date.now();
    if (now - handAt < HAND_PAUSE_MS || now - lastTurn < every) { return; }
    step(1, false);
  }, 1000);

  // After every fit (load, resize, a pushed board), count the pages again, in place.
  document.addEventListener("fit:done", function () { show(false); });
  window.addEventListener("resize", function () { show(false); });

  window.screenPages = {
    next: function () { step(1, true); },
    previous: function () { step(-1, true); },
    go: function (n) { go(n - 1, true); },
    state: function () { return { page: page + 1, count: count }; }
  };
})();
