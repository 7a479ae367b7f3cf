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
