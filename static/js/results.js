// Vote results on the projector and the console: ranking bars grow from their previous
// length (a CSS transition), and rows glide to their new place (FLIP), unless the reader
// prefers reduced motion. The results are pushed regions (.vote-results, one per vote of groups in parallel).
(function () {
  "use strict";
  // Bars grow from their previous length instead of jumping: each bar is drawn at its true
  // length (the server's), scaled back to where it was, then let go; the CSS transition on
  // .bar-fill's transform (static/css/app.css) plays the growth, and none plays under
  // prefers-reduced-motion.
  var lengths = {};
  var still = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function animateBars() {
    var bars = document.querySelectorAll(".vote-results rect.bar-fill[data-row]");
    Array.prototype.forEach.call(bars, function (bar) {
      if (bar.getAttribute("data-seen")) { return; }  // already handled (or animating)
      bar.setAttribute("data-seen", "1");
      var row = bar.getAttribute("data-row");
      var to = parseFloat(bar.getAttribute("data-width")) || 0;  // the server's true length
      var from = lengths[row];
      lengths[row] = to;
      if (still || document.hidden || from === undefined || from === to || to <= 0) { return; }
      bar.style.transition = "none";
      bar.style.transform = "scaleX(" + (from / to).toFixed(4) + ")";
      bar.getBoundingClientRect();  // apply the start before letting go
      bar.style.transition = "";
      bar.style.transform = "";
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
    var rows = document.querySelectorAll(".vote-results tr.rank-row[data-row]");
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
