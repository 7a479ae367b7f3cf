// Presenter keys on the console: a clicker (or the keyboard) plays the live bar.
// PageDown / Right arrow: next; PageUp / Left arrow: previous; T: start or pause the
// timer; "+": one more minute; B or "." (a clicker's "blank screen" key): the on-screen
// activity's main action (open, close, then reveal a vote; close writing, then reveal).
// Each button names its own keys (data-keys); nothing here knows a URL or an id.
// Keys are never taken from someone typing: not in a field, not with a modifier.
(function () {
  "use strict";
  var MAIN = ["b", "B", "."];

  function typing(target) {
    if (!target || !target.closest) { return false; }
    return Boolean(target.closest("input, textarea, select, [contenteditable=''], [contenteditable='true']"));
  }

  function usable(button) {
    return button && !button.disabled && !button.closest("[hidden]");
  }

  function buttonFor(bar, key) {
    if (MAIN.indexOf(key) >= 0) { return bar.querySelector("[data-main]"); }
    var wanted = key.length === 1 ? key.toLowerCase() : key;
    var buttons = bar.querySelectorAll("[data-keys]");
    for (var i = 0; i < buttons.length; i++) {
      if (buttons[i].getAttribute("data-keys").split(" ").indexOf(wanted) >= 0) {
        return buttons[i];
      }
    }
    return null;
  }

  function press(key) {
    var bar = document.getElementById("live-bar");
    if (!bar || bar.hidden) { return false; }
    var button = buttonFor(bar, key);
    if (!button) { return false; }
    if (usable(button)) { button.click(); }
    return true;
  }

  // One press, one action, in order: a press while the bar's last action is on its way
  // waits for its answer (the bar then shows what the press now means), so a quick
  // "close, reveal" never reaches the server as "close, close". Only the last waits.
  var busy = false, queued = null, watchdog = null;
  function settled() {
    busy = false;
    clearTimeout(watchdog);
    if (queued !== null) {
      var key = queued;
      queued = null;
      press(key);
    }
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt || !elt.closest || !elt.closest("#live-bar")) { return; }
    busy = true;
    // On the element itself: a push may take it out of the page before the answer comes,
    // and an event on a detached element does not reach the document.
    elt.addEventListener("htmx:afterRequest", settled, { once: true });
    clearTimeout(watchdog);
    watchdog = setTimeout(settled, 10000);
  });

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) { return; }
    if (event.isComposing || typing(event.target)) { return; }
    var bar = document.getElementById("live-bar");
    if (!bar || bar.hidden || !buttonFor(bar, event.key)) { return; }
    event.preventDefault();
    // A held key repeats: one press, one step (a repeat would skip activities).
    if (event.repeat) { return; }
    if (busy) { queued = event.key; return; }
    press(event.key);
  });

  // "Edit the agenda": the live agenda's editing tools, kept shown across pushes (the
  // state lives on the page, outside the pushed region; the button is re-synced).
  var EDITING = "agenda-editing";
  function sync() {
    var on = document.documentElement.classList.contains(EDITING);
    document.querySelectorAll("[data-agenda-toggle]").forEach(function (button) {
      button.setAttribute("aria-pressed", on ? "true" : "false");
    });
  }
  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest("[data-agenda-toggle]");
    if (!toggle) { return; }
    document.documentElement.classList.toggle(EDITING);
    sync();
  });
  document.addEventListener("htmx:load", sync);
  document.addEventListener("live:swapped", sync);
})();
