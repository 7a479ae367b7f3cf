// Small behaviours without inline scripts: copy buttons, closing the editor, focus.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var copy = event.target.closest("[data-copy]");
    if (copy) {
      var field = document.querySelector(copy.getAttribute("data-copy"));
      field.select();
      var done = function () { copy.textContent = copy.getAttribute("data-copied"); };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done);
      } else {
        document.execCommand("copy");
        done();
      }
    }
    var clear = event.target.closest("[data-clear]");
    if (clear) {
      var target = document.querySelector(clear.getAttribute("data-clear"));
      if (target) { target.innerHTML = ""; }
      // The focused Cancel button is gone: keyboard users go back to what opened the editor.
      if (target && target.id === "editor") { focusOpener(); }
    }
  });
  // What opened the editor; a live push may have replaced it since by a copy with its id.
  var editorOpener = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var target = event.detail.target;
    if (target && target.id === "editor" && !target.contains(event.detail.elt)) {
      editorOpener = event.detail.elt;
    }
  });
  function focusOpener() {
    var opener = editorOpener;
    if (opener && !document.contains(opener)) {
      opener = opener.id ? document.getElementById(opener.id) : null;
    }
    if (opener) { opener.focus(); }
  }
  // "Saved." under a form is true until the form changes again.
  document.addEventListener("input", function (event) {
    var form = event.target.closest && event.target.closest("form");
    if (!form) { return; }
    form.querySelectorAll("[data-saved-note]").forEach(function (note) { note.remove(); });
  });
  // A form loaded into the editor takes the focus, so keyboard users land on it.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "editor") {
      var heading = event.detail.target.querySelector("h2[tabindex]");
      if (heading) { heading.focus(); }
    }
  });
})();

// Paper-answers boxes behave like an outliner: a line at the margin is a heading, an
// indented line a sub-point of the heading above. Enter starts a new line at the level of
// the current one (after a sub-point, another sub-point); Enter on an empty sub-point
// makes that line a heading again; Tab indents the line under the heading; Shift+Tab
// makes it a heading. Escape gives Tab back its usual meaning, so keyboard users are
// never trapped in the box.
(function () {
  "use strict";
  var BOXES = "textarea[data-outline], textarea[data-tab-indent]";
  var released = new WeakSet();
  function line(box) {
    var start = box.value.lastIndexOf("\n", box.selectionStart - 1) + 1;
    var end = box.value.indexOf("\n", box.selectionStart);
    if (end < 0) { end = box.value.length; }
    var text = box.value.slice(start, end);
    var indent = /^[ \t]*/.exec(text)[0];
    return {start: start, end: end, text: text, indent: indent};
  }
  function replace(box, from, to, text, caret) {
    box.setRangeText(text, from, to, "end");
    if (caret !== undefined) { box.selectionStart = box.selectionEnd = caret; }
  }
  function enter(box) {
    var current = line(box);
    if (current.indent && !current.text.trim()) {  // an empty sub-point: back to a heading
      replace(box, current.start, current.end, "", current.start);
      return;
    }
    var prefix = current.indent ? "\t" : "";
    replace(box, box.selectionStart, box.selectionEnd, "\n" + prefix);
  }
  function tab(box, outdent) {
    var current = line(box);
    var caret = box.selectionStart;
    if (outdent) {
      if (current.indent) {
        replace(box, current.start, current.start + current.indent.length, "",
          Math.max(current.start, caret - current.indent.length));
      }
    } else if (!current.indent) {  // one level only: sub-points sit under a heading
      replace(box, current.start, current.start, "\t", caret + 1);
    }
  }
  document.addEventListener("keydown", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches(BOXES)) { return; }
    if (event.key === "Escape") { released.add(box); return; }
    if (event.isComposing || event.altKey || event.ctrlKey || event.metaKey) { return; }
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      enter(box);
    } else if (event.key === "Tab" && !released.has(box)) {
      event.preventDefault();
      tab(box, event.shiftKey);
    }
  });
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches(BOXES)) {
      released.delete(event.target);
    }
  });
})();

// Times are sent in UTC (<time datetime="...Z" data-local-time>) and shown in the local
// time of the browser, which is the room's: the server does not know the venue's zone.
(function () {
  "use strict";
  function localise(root) {
    if (!root || !root.querySelectorAll) { return; }
    var times = root.querySelectorAll("time[data-local-time]");
    Array.prototype.forEach.call(times, function (time) {
      var when = new Date(time.getAttribute("datetime"));
      if (isNaN(when.getTime())) { return; }
      time.textContent = when.toLocaleTimeString(document.documentElement.lang || undefined,
        {hour: "2-digit", minute: "2-digit"});
    });
  }
  document.addEventListener("DOMContentLoaded", function () { localise(document); });
  document.addEventListener("htmx:load", function (event) { localise(event.detail.elt); });
})();

// A request that never reached the server (wifi dropped) or failed there says so in
// the flash region, in the page's language; nothing is silently lost.
(function () {
  "use strict";
  function say(key) {
    var flash = document.getElementById("flash");
    if (!flash) { return; }
    var p = document.createElement("p");
    p.className = "flash-message";
    p.setAttribute("role", "alert");
    p.textContent = flash.getAttribute(key);
    flash.replaceChildren(p);
  }
  function sendFailed() { say("data-send-error"); }
  // A busy server (503) is asked again by the phone's vote script, which says so itself.
  function serverFailed(event) {
    var xhr = event.detail.xhr;
    var elt = event.detail.elt;
    var vote = elt && elt.closest && (elt.closest("[data-vote-action]") || elt.closest("#my-ballot"));
    if (vote && xhr && xhr.status === 503) { return; }
    say("data-server-error");
  }
  document.addEventListener("htmx:sendError", sendFailed);
  document.addEventListener("htmx:responseError", serverFailed);
  // A form a live push replaced while its request was on its way: that request's events
  // fire on the old copy, out of the page, and never reach the listeners above. They are
  // heard on the element itself, put there while it is in the page. (live.js does the same
  // for such a request's refusal, whose #flash htmx would look for in the old copy.)
  function outOfPage(listener) {
    return function (event) {
      if (!event.detail.elt || !event.detail.elt.isConnected) { listener(event); }
    };
  }
  var sendFailedOutOfPage = outOfPage(sendFailed);
  var serverFailedOutOfPage = outOfPage(serverFailed);
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (!elt || !elt.addEventListener) { return; }
    elt.addEventListener("htmx:sendError", sendFailedOutOfPage);
    elt.addEventListener("htmx:responseError", serverFailedOutOfPage);
  });
  // A successful request clears an old connection message.
  document.addEventListener("htmx:afterRequest", function (event) {
    var flash = document.getElementById("flash");
    if (event.detail.successful && flash && event.detail.target !== flash) {
      flash.replaceChildren();
    }
  });
})();
