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
    }
  });
  // A form loaded into the editor takes the focus, so keyboard users land on it.
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.detail.target && event.detail.target.id === "editor") {
      var heading = event.detail.target.querySelector("h2[tabindex]");
      if (heading) { heading.focus(); }
    }
  });
})();

// In the paper-answers box, Tab indents the line (a sub-point) instead of leaving the
// box; Escape gives Tab back its usual meaning, so keyboard users are never trapped.
(function () {
  "use strict";
  var released = new WeakSet();
  document.addEventListener("keydown", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("textarea[data-tab-indent]")) { return; }
    if (event.key === "Escape") { released.add(box); return; }
    if (event.key !== "Tab" || released.has(box)) { return; }
    event.preventDefault();
    var start = box.selectionStart;
    var lineStart = box.value.lastIndexOf("\n", start - 1) + 1;
    if (event.shiftKey) {
      if (box.value.substr(lineStart, 1) === "\t") {
        box.value = box.value.slice(0, lineStart) + box.value.slice(lineStart + 1);
        box.selectionStart = box.selectionEnd = Math.max(lineStart, start - 1);
      }
      return;
    }
    box.value = box.value.slice(0, lineStart) + "\t" + box.value.slice(lineStart);
    box.selectionStart = box.selectionEnd = start + 1;
  });
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("textarea[data-tab-indent]")) {
      released.delete(event.target);
    }
  });
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
  document.addEventListener("htmx:sendError", function () { say("data-send-error"); });
  // A busy server (503) is asked again by the phone's vote script, which says so itself.
  document.addEventListener("htmx:responseError", function (event) {
    var xhr = event.detail.xhr;
    var elt = event.detail.elt;
    var vote = elt && elt.closest && (elt.closest("[data-vote-action]") || elt.closest("#my-ballot"));
    if (vote && xhr && xhr.status === 503) { return; }
    say("data-server-error");
  });
  // A successful request clears an old connection message.
  document.addEventListener("htmx:afterRequest", function (event) {
    var flash = document.getElementById("flash");
    if (event.detail.successful && flash && event.detail.target !== flash) {
      flash.replaceChildren();
    }
  });
})();
