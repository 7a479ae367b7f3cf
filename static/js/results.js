// Vote results on the projector and the console: ranking bars grow from their previous
// length, and rows glide to their new place (FLIP), unless the reader prefers reduced
// motion. The results are pushed regions (#vote-results); phones do not show them.
(function () {
  "use strict";
  // Bars grow from their previous length instead of jumping (skipped for reduced motion).
  var lengths = {};
  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function animateBars() {
    var bars = document.querySelectorAll("#vote-results rect.bar-fill[data-row]");
    Array.prototype.forEach.call(bars, function (bar) {
      if (bar.getAttribute("data-seen")) { return; }  // already handled (or animating)
      bar.setAttribute("data-seen", "1");
      var row = bar.getAttribute("data-row");
      var to = parseFloat(bar.getAttribute("data-width")) || 0;  // the server's true length
      var from = lengths[row];
      lengths[row] = to;
      if (still || document.hidden || from === undefined || from === to) { return; }
      if (!window.requestAnimationFrame) { return; }
      var start = null;
      bar.setAttribute("width", from);
      // Frames pause in a hidden tab: whatever happens, the bar ends at its true length.
      window.setTimeout(function () { bar.setAttribute("width", to); }, 700);
      var step = function (now) {
        if (start === null) { start = now; }
        var t = Math.min((now - start) / 600, 1);
        var eased = 1 - Math.pow(1 - t, 3);
        bar.setAttribute("width", (from + (to - from) * eased).toFixed(2));
        if (t < 1 && bar.isConnected) { window.requestAnimationFrame(step); }
      };
      window.requestAnimationFrame(step);
    });
  }
  document.addEventListener("live:swapped", animateBars);
  document.addEventListener("htmx:afterSettle", animateBars);
  document.addEventListener("DOMContentLoaded", animateBars);

  // Rows glide to their new place after a push instead of jumping (FLIP: the place each
  // row had after the previous push, its place now, the inverted offset, then play).
  // Places are offsets inside the table, so scrolling the console does not count as a
  // move. Skipped for reduced motion and in a hidden tab: the rows simply are in place.
  var places = {};
  function glide(row, offset) {
    row.style.transition = "none";
    row.style.transform = "translateY(" + offset + "px)";
    row.getBoundingClientRect();  // apply the inverted place before playing
    window.requestAnimationFrame(function () {
      row.style.transition = "transform 0.6s ease-out";
      row.style.transform = "";
    });
    window.setTimeout(function () { row.style.transition = ""; }, 700);
  }

  function moveRows() {
    var rows = document.querySelectorAll("#vote-results tr.rank-row[data-row]");
    var now = {};
    Array.prototype.forEach.call(rows, function (row) {
      var id = row.getAttribute("data-row");
      now[id] = row.offsetTop;
      var before = places[id];
      if (still || document.hidden || before === undefined || before === now[id]) { return; }
      if (!window.requestAnimationFrame) { return; }
      glide(row, before - now[id]);
    });
    places = now;
  }
  document.addEventListener("live:swapped", moveRows);
  document.addEventListener("htmx:afterSettle", moveRows);
  document.addEventListener("DOMContentLoaded", moveRows);
})();
