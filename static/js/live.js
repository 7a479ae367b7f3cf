// Follows a workshop live: connects the socket the page names, swaps pushed regions
// by id (htmx out-of-band swaps), and says honestly when the connection is down.
// The server sends the whole state on every (re)connection, so nothing is missed.
(function () {
  "use strict";
  var body = document.body;
  var workshop = body.getAttribute("data-live-workshop");
  var audience = body.getAttribute("data-live-audience");
  if (!workshop || !audience || typeof io === "undefined") { return; }

  function banner() { return document.getElementById("connection"); }

  function setState(state) {
    var el = banner();
    if (!el) { return; }
    if (el.getAttribute("data-state") === state) { return; }
    el.setAttribute("data-state", state);
    el.textContent = el.getAttribute("data-text-" + state) || "";
  }

  var socket = io({
    auth: { workshop: workshop, audience: audience },
    reconnectionDelay: 500,
    reconnectionDelayMax: 4000,
    timeout: 8000
  });

  // The server closes a socket whose grant it revoked (a link replaced, a logout, taken
  // off the roster); the page tries a few times more: a browser still granted (the one
  // that replaced the link) comes back with the whole state, a revoked one is refused.
  var RETRIES = 3;
  var retries = 0;
  var stopped = false;
  function retryLater() {
    if (stopped || retries >= RETRIES) { setState("refused"); return; }
    retries += 1;
    setTimeout(function () { if (!stopped) { socket.connect(); } }, 600 * retries);
  }
  socket.on("connect", function () { retries = 0; setState("online"); });
  socket.on("disconnect", function (reason) {
    setState("offline");
    if (reason === "io server disconnect") { retryLater(); }
  });
  socket.on("connect_error", function () {
    if (socket.active) { setState("offline"); return; }
    if (retries > 0) { retryLater(); return; }
    setState("refused");
  });

  // What someone is typing in a pushed region (or typed and has not sent) survives the
  // push, unless the server changed that field. htmx's hx-preserve does the keeping: the
  // page's own node stays, with its value, focus and caret. The templates cannot carry
  // that mark on fields: it holds in every swap, so the answer to a field's own form
  // (which empties it) and whatever the server changed would be kept out too. So it is
  // put here, on pushes only, on each field the server sent exactly as the page has it:
  // a field's markup is what the server rendered, never what was typed since.
  // (Elements kept whatever comes, like a phone's ballot slot, carry hx-preserve in
  // their template. A field inside an element the page keeps whole goes with it: htmx
  // cannot keep a kept element's child as well.) speed.js applies the same rule to the phone's own
  // follow-ups when they come with the answer to its place: window.liveKeep.
  var FIELDS = "input[id], textarea[id], select[id]";
  var pushing = false;
  function insideKept(el) {
    for (var up = el.parentElement && el.parentElement.closest("[hx-preserve]"); up;
      up = up.parentElement && up.parentElement.closest("[hx-preserve]")) {
      if (up.id && document.getElementById(up.id)) { return true; }
    }
    return false;
  }
  function keepTyped(fragment) {
    fragment.querySelectorAll(FIELDS).forEach(function (incoming) {
      if (insideKept(incoming)) { return; }
      var current = document.getElementById(incoming.id);
      if (current && current.outerHTML === incoming.outerHTML) {
        incoming.setAttribute("hx-preserve", "");
      }
    });
  }
  // A phone's composer in use (a sub-point or an edit under way, or words typed) stays as
  // it is through a push that brings a composer form again: a push redraws the whole stage
  // (a minute added, the projector's group changed) and would take the person back to an
  // empty new heading, dropping what they typed. A push that closes writing, or that puts
  // a waiting phone in a group, brings no form to keep it in, and replaces it.
  function composerInUse(composer) {
    if (!composer.querySelector("form.composer-form")) { return false; }
    var text = composer.querySelector("textarea");
    return !!(composer.querySelector("input[name=parent_id], input[name=version]") ||
      (text && text.value.trim()));
  }
  function keepComposer(fragment) {
    var incoming = fragment.querySelector && fragment.querySelector("#composer");
    var current = document.getElementById("composer");
    if (incoming && current && incoming.querySelector("form.composer-form") && composerInUse(current)) {
      incoming.setAttribute("hx-preserve", "");
    }
  }
  // Regions come by two roads, the answers to this page's requests and the socket's
  // pushes, and the two race: a push rendered before this page's last change may arrive
  // after its answer. Each copy is stamped (no later than its reading of the database:
  // workshop/web/freshness.py); a region older than the copy shown is dropped, so an old
  // state never comes back over a newer one (the newer copy's own push follows it).
  var shownStamps = {};
  var pageStamp = Number(body.getAttribute("data-live-stamp")) || 0;
  var incomingStamp = 0;
  function olderThanShown(region) {
    if (!incomingStamp || !region || !region.id) { return false; }
    if (incomingStamp < (shownStamps[region.id] || pageStamp)) { return true; }
    shownStamps[region.id] = incomingStamp;
    return false;
  }
  function stamped(stamp, swap) {
    var before = incomingStamp;
    incomingStamp = Number(stamp) || 0;
    try { swap(); } finally { incomingStamp = before; }
  }
  // An answer's regions are swapped in the same task as its htmx:beforeSwap. What it
  // swaps in place of its own target is at least as fresh as its stamp, too.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    incomingStamp = Number(xhr && xhr.getResponseHeader("X-Live-Stamp")) || 0;
    Promise.resolve().then(function () { incomingStamp = 0; });
    var target = event.detail.target;
    if (incomingStamp && event.detail.shouldSwap && target && target.id) {
      shownStamps[target.id] = Math.max(shownStamps[target.id] || 0, incomingStamp);
    }
  });

  // A push may take a form out of the page while its request is on its way (every step
  // redraws the console's live bar). htmx looks for a refusal's target (HX-Retarget:
  // #flash) inside the form's old copy, finds none and stops with an error: the refusal
  // went unsaid. Such an answer is swapped into the page here. Its events go to the old
  // copy only, so the listener is put on the element itself, while it is in the page.
  // (ui.js does the same for its failures: "not sent", "server error".)
  function answerOutOfPage(event) {
    var elt = event.detail.elt;
    var xhr = event.detail.xhr;
    var retarget = xhr && xhr.getResponseHeader("HX-Retarget");
    if (!elt || elt.isConnected || !retarget) { return; }
    var target = document.querySelector(retarget);
    if (!target) { return; }
    event.preventDefault();
    stamped(xhr.getResponseHeader("X-Live-Stamp"), function () {
      htmx.swap(target, xhr.response, { swapStyle: xhr.getResponseHeader("HX-Reswap") || "innerHTML" });
    });
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    if (elt && elt.addEventListener) {
      elt.addEventListener("htmx:beforeOnLoad", answerOutOfPage, { once: true });
    }
  });

  document.addEventListener("htmx:oobBeforeSwap", function (event) {
    if (olderThanShown(event.detail.target)) {
      event.detail.shouldSwap = false;
      return;
    }
    if (pushing) {
      keepComposer(event.detail.fragment);
      keepTyped(event.detail.fragment);
    }
  });

  // The console room serves two pages, the console and the minutes page: each takes the
  // regions it shows and leaves the others (htmx logs a region without a target as an
  // error). A region is always whole, so nothing is lost.
  function shownHere(html) {
    var tpl = document.createElement("template");
    tpl.innerHTML = html;
    var absent = Array.prototype.filter.call(tpl.content.children, function (region) {
      return !document.getElementById(region.id);
    });
    if (!absent.length) { return html; }
    absent.forEach(function (region) { region.remove(); });
    return tpl.innerHTML;
  }

  function caretOf(el) {
    try { return [el.selectionStart, el.selectionEnd]; } catch (e) { return null; }
  }

  // Where Element.moveBefore is missing (htmx uses it when it is there), a kept node
  // leaves the page for an instant, which blurs it: call this before a swap, and what it
  // returns after, to give the focused field its focus and caret back.
  function holdFocus() {
    var active = document.activeElement;
    var caret = active && caretOf(active);
    return function () {
      var now = document.activeElement;
      if (active && active !== now && active.isConnected && (!now || now === body)) {
        active.focus({ preventScroll: true });
        if (caret && caret[0] !== null) {
          try { active.setSelectionRange(caret[0], caret[1]); } catch (e) { /* not a text field */ }
        }
      }
    };
  }
  window.liveKeep = { typed: keepTyped, focus: holdFocus };

  socket.on("regions", function (message) {
    if (!message || typeof message.html !== "string") { return; }
    var giveFocusBack = holdFocus();
    pushing = true;
    try {
      stamped(message.stamp, function () {
        htmx.swap(body, shownHere(message.html), { swapStyle: "none" });
      });
    } finally {
      pushing = false;
    }
    giveFocusBack();
    document.dispatchEvent(new CustomEvent("live:swapped"));
  });

  // After a move to another sub-group the server asks us to rejoin: the new
  // connection lands in the new group's room and receives its whole state.
  socket.on("reconnect_rooms", function () {
    socket.disconnect();
    socket.connect();
  });

  // The facilitator logged out of this browser: stop following, say so.
  socket.on("logged_out", function () {
    stopped = true;
    socket.disconnect();
    setState("refused");
  });

  // A phone that wakes up may hold a socket the server forgot: reconnect at once.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && !socket.connected) { socket.connect(); }
  });
  window.workshopSocket = socket;
})();
