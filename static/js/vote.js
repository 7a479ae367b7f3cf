// Votes. On phones: every tap carries a fresh idempotency key; a tap that could not be
// sent (network down, timeout, server error) is sent again with the same key, so the
// server counts it once, and the phone says "not saved yet, retrying" until it is.
// While the page's socket is connected, a tap goes over it (the `tap` event, answered
// with the rows it changed and the dots left: docs/protocol.md §6.3); when the socket
// is down or its acknowledgement is late, the same tap is posted with the same key
// (the form's hx-post), answered with the whole ballot. Answers that arrive out of
// order never replace a fresher one. The focused button is found again after each
// answer, so ranking with the keyboard alone works. Loaded by the phone page only;
// every URL it requests comes from the page (the forms' hx-post, the ballot's
// data-ballot-url), never built here.
(function () {
  "use strict";
  var HEADER = "Idempotency-Key";
  var DELAYS = [1000, 2000, 4000, 8000];
  // As long as an HTTP tap may take (hx-request timeout): the server's gate answers a
  // queued tap "busy" after 8 s, so a later silence means the socket is not answering.
  var ACK_TIMEOUT = 10000;
  var socket = window.workshopSocket || null;
  var attempts = {};
  var sent = {};  // the keys of this tab's own taps
  var voteOf = {};  // each of them: the vote (activity) of the ballot it was made on

  function newKey() {
    var bytes = new Uint8Array(16);
    if (window.crypto && window.crypto.getRandomValues) {
      window.crypto.getRandomValues(bytes);
    } else {
      for (var i = 0; i < bytes.length; i++) { bytes[i] = Math.floor(Math.random() * 256); }
    }
    var hex = "";
    for (var j = 0; j < bytes.length; j++) { hex += ("0" + bytes[j].toString(16)).slice(-2); }
    return hex;
  }

  function ballot() { return document.getElementById("my-ballot"); }

  function say(kind, text) {
    var el = ballot();
    var status = document.getElementById("vote-save-status");
    if (!el || !status) { return; }
    var words = text || el.getAttribute("data-text-" + kind) || "";
    if (kind === "saved" || kind === "error") {  // as the server renders them
      var span = document.createElement("span");
      span.className = kind === "saved" ? "saved" : "save-error";
      span.textContent = words;
      status.replaceChildren(span);
    } else {
      status.textContent = words;
    }
    status.setAttribute("data-state", kind);
  }

  function isTap(elt) { return elt && elt.closest && elt.closest("[data-vote-action]"); }

  document.addEventListener("htmx:configRequest", function (event) {
    var detail = event.detail;
    if (detail.headers[HEADER] || !isTap(detail.elt)) { return; }  // a retry keeps its key
    detail.headers[HEADER] = newKey();
    sent[detail.headers[HEADER]] = true;
    var on = detail.elt.closest("#my-ballot");
    voteOf[detail.headers[HEADER]] = on && on.getAttribute("data-activity");
  });

  // This tab's taps waiting for their answer, from a form still on the page (a form the
  // stage took away is not waited for: its answer has nowhere to land).
  var pending = [];
  function tapPending() {
    pending = pending.filter(function (p) { return p.elt.isConnected; });
    return pending.length > 0;
  }
  function carriesTap(detail) {  // a tap, or a tap sent again by retry() below
    var config = detail.requestConfig;
    return isTap(detail.elt) || !!(config && config.headers && config.headers[HEADER]);
  }
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (!carriesTap(event.detail)) { return; }
    pending.push({ elt: event.detail.elt, xhr: event.detail.xhr });
    say("sending");
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    pending = pending.filter(function (p) { return p.xhr !== event.detail.xhr; });
    window.setTimeout(sendQueued, 0);  // after this answer's swap
  });

  // Taps go out one at a time. The answer to a tap replaces the whole ballot: a second tap
  // sent meanwhile would come from a form that answer takes off the page, and its own
  // answer (and its retries) would then land nowhere; on slow wifi, three quick taps would
  // show one dot where the server holds three. So a tap made while another is on its way
  // waits (its button marked), then is made again on the same button of the new ballot.
  var queued = [];
  document.addEventListener("htmx:confirm", function (event) {
    var form = event.detail.elt;
    if (!isTap(form)) { return; }
    var etc = event.detail.etc;
    if (etc && etc.headers && etc.headers[HEADER]) { return; }  // sent again over HTTP
    if (tapPending()) {
      var button = form.querySelector("[data-focus-key]");
      if (!button) { return; }
      event.preventDefault();
      queued.push(button.getAttribute("data-focus-key"));
      button.classList.add("is-queued");
      // The answer's own events fire on the form it takes off the page, out of reach of
      // document listeners: look again shortly rather than wait for them.
      if (!drain) { drain = window.setInterval(sendQueued, 100); }
      return;
    }
    if (socketUp() && ballot()) {
      event.preventDefault();
      socketTap(form);
    }
  });

  // ---- taps over the socket ----------------------------------------------------------

  // The browser knows it is offline before the socket notices (a websocket can stay
  // "connected" for a ping timeout): such a tap goes the HTTP way, which says so at once
  // and retries with the same key.
  function socketUp() { return !!(socket && socket.connected) && navigator.onLine !== false; }

  function formValues(form) {
    var values = {};
    new FormData(form).forEach(function (value, name) { values[name] = value; });
    return values;
  }

  function socketTap(form) {
    var el = ballot();
    var key = newKey();
    var values = formValues(form);
    var tap = {
      payload: {
        activity: parseInt(el.getAttribute("data-activity"), 10),
        action: form.getAttribute("data-vote-action"),
        candidate_id: parseInt(values.candidate_id, 10),
        key: key
      },
      path: form.getAttribute("hx-post"),  // the HTTP fallback, with the same key
      values: values,
      elt: form
    };
    sent[key] = true;
    voteOf[key] = el.getAttribute("data-activity");
    emitTap(tap);
  }

  function emitTap(tap) {
    var entry = { elt: tap.elt, key: tap.payload.key };
    pending.push(entry);
    say("sending");
    socket.timeout(ACK_TIMEOUT).emit("tap", tap.payload, function (err, answer) {
      pending = pending.filter(function (p) { return p !== entry; });
      if (err || !answer || typeof answer !== "object") {
        postTap(tap);  // no acknowledgement: the same key over HTTP
      } else {
        settle(tap, answer);
      }
      window.setTimeout(sendQueued, 0);
    });
  }

  // The tap over HTTP (the form's own route, with the tap's key); htmx's request events
  // then track it, retry it and swap its answer, as for any posted tap.
  function postTap(tap) {
    var key = tap.payload.key;
    var headers = {};
    headers[HEADER] = key;
    var target = ballot();
    var here = target && voteOf[key] === target.getAttribute("data-activity");
    var options = here
      ? { source: target, target: "#my-ballot", swap: "outerHTML", values: tap.values, headers: headers }
      : { source: document.body, swap: "none", values: tap.values, headers: headers };
    htmx.ajax("POST", tap.path, options).catch(function () {});  // failures retry (below)
  }

  function settle(tap, answer) {
    if (answer.ok) {
      applyChange(answer);
      return;
    }
    var status = answer.status;
    if (status >= 500) {  // busy or down: nothing was done; the same tap again, later
      var key = tap.payload.key;
      var n = attempts[key] || 0;
      attempts[key] = n + 1;
      say("retrying");
      window.setTimeout(function () {
        if (socketUp()) { emitTap(tap); } else { postTap(tap); }
      }, DELAYS[Math.min(n, DELAYS.length - 1)]);
      return;
    }
    if (status === 403) {  // the cookie may name another line now: HTTP follows it
      postTap(tap);
      return;
    }
    // Refused (409, 404, 400, 429): nothing changed; show the ballot as stored, the reason.
    if (answer.ballot && sameVote(answer)) {
      applyChange(answer);
    } else {
      say("error", answer.message);
    }
  }

  function sameVote(answer) {
    var el = ballot();
    return !!el && el.getAttribute("data-activity") === String(answer.activity);
  }

  function applyChange(answer) {
    var el = ballot();
    if (!sameVote(answer)) { return; }  // the stage moved on: its ballot loads itself
    var current = el.getAttribute("data-stamp") || "";
    if (current && answer.stamp && fresher(current, String(answer.stamp))) {
      if (answer.ok) { say("saved"); }  // a fresher ballot is shown already
      return;
    }
    keepFocus(el);
    if (answer.ballot) {
      htmx.swap(el, answer.ballot, { swapStyle: "outerHTML" });
    } else {
      (answer.rows || []).forEach(function (row) {
        var li = el.querySelector('li[data-candidate="' + row.candidate + '"]');
        if (li) { htmx.swap(li, row.html, { swapStyle: "outerHTML" }); }
      });
      var summary = el.querySelector(".ballot-summary");
      if (summary && answer.summary) {
        htmx.swap(summary, answer.summary, { swapStyle: "outerHTML" });
      }
      if (!el.hasAttribute("data-whole-stamp")) {
        el.setAttribute("data-whole-stamp", current);
      }
      el.setAttribute("data-stamp", String(answer.stamp));
      say("saved");
      readIfUnread(el);
    }
    refocus();
  }


  // Sent from the form itself: the new ballot may not be processed by htmx yet, and a
  // click would then submit the form natively. Over the socket when it is up.
  function sendTap(form) {
    if (socketUp()) {
      socketTap(form);
      return;
    }
    htmx.ajax("POST", form.getAttribute("hx-post"), {
      source: form, target: "#my-ballot", swap: "outerHTML", values: formValues(form)
    }).catch(function () {});  // a failed try schedules the next one (retry)
  }

  var drain = null;
  function sendQueued() {
    if (!queued.length && drain) {
      window.clearInterval(drain);
      drain = null;
    }
    while (queued.length && !tapPending()) {
      var key = queued.shift();
      var el = ballot();
      var button = el && el.querySelector('[data-focus-key="' + key + '"]');
      // Gone or disabled on the ballot the server holds now (the dots are spent, the vote
      // closed): the server would refuse it, so it is not sent.
      if (button && !button.disabled) { sendTap(button.closest("form")); }
    }
  }

  // A tap refused with a message in the flash region (a removed participant, a vote
  // closed meanwhile: errors.py retargets it to #flash): its ballot is not swapped, so
  // say honestly that it was not saved instead of leaving "Saving…" (registered after
  // the listener above, so this tap is no longer pending).
  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    if (!carriesTap(event.detail) || !xhr || xhr.status < 400 || xhr.status >= 500) { return; }
    if (xhr.getResponseHeader("HX-Retarget") !== "#flash" || tapPending()) { return; }
    say("refused");
  });

  function retry(detail) {
    var config = detail.requestConfig;
    var key = config && config.headers && config.headers[HEADER];
    if (!key) { return; }
    var n = attempts[key] || 0;
    attempts[key] = n + 1;
    say(navigator.onLine === false ? "offline" : "retrying");
    var values = {};
    if (config.formData && config.formData.forEach) {
      config.formData.forEach(function (value, name) { values[name] = value; });
    }
    var headers = {};
    headers[HEADER] = key;
    window.setTimeout(function () {
      var target = ballot();
      var here = target && !!voteOf[key] && voteOf[key] === target.getAttribute("data-activity");
      // When the facilitator moved on meanwhile, the tap still counts if the vote is open:
      // it goes out all the same, and its outcome is said in the flash region.
      var options = here
        ? { source: target, target: "#my-ballot", swap: "outerHTML", values: values, headers: headers }
        : { source: document.body, swap: "none", values: values, headers: headers };
      // A failed try schedules the next one (htmx:sendError): nothing to catch here.
      htmx.ajax("POST", config.path, options).catch(function () {});
    }, DELAYS[Math.min(n, DELAYS.length - 1)]);
  }

  // The answer to a tap whose ballot is no longer on the screen: say saved or refused.
  document.addEventListener("htmx:afterRequest", function (event) {
    var detail = event.detail;
    var headers = detail.requestConfig && detail.requestConfig.headers;
    var xhr = detail.xhr;
    if (!headers || !headers[HEADER] || detail.elt !== document.body || !xhr || !xhr.status || xhr.status >= 500) {
      return;
    }
    var answer = new DOMParser().parseFromString(xhr.responseText, "text/html");
    var status = answer.getElementById("vote-save-status");
    var text = status ? status.textContent.trim() : "";
    window.setTimeout(function () {  // after ui.js has cleared the flash for this request
      var flash = document.getElementById("flash");
      if (!text || !flash) { return; }
      var p = document.createElement("p");
      p.className = "flash-message";
      p.setAttribute("role", detail.successful ? "status" : "alert");
      p.textContent = text;
      flash.replaceChildren(p);
    }, 0);
  });

  // The ballot's own load (its hx-get when the vote comes on screen) is tried again too:
  // a busy server or a dropped request must not leave "Loading your ballot…" for good.
  function isBallotLoad(elt) {
    return elt && elt.id === "my-ballot" && elt.hasAttribute("hx-get");
  }

  function reload(elt) {
    var n = parseInt(elt.getAttribute("data-load-attempts") || "0", 10);
    elt.setAttribute("data-load-attempts", String(n + 1));
    window.setTimeout(function () {
      if (!elt.isConnected) { return; }  // the stage moved on: its new ballot loads itself
      htmx.ajax("GET", elt.getAttribute("hx-get"), { source: elt, target: elt, swap: "outerHTML" })
        .catch(function () {});  // a failed try schedules the next one
    }, DELAYS[Math.min(n, DELAYS.length - 1)]);
  }

  function failed(detail) {
    if (isBallotLoad(detail.elt)) { reload(detail.elt); } else { retry(detail); }
  }

  document.addEventListener("htmx:sendError", function (event) { failed(event.detail); });
  document.addEventListener("htmx:timeout", function (event) { failed(event.detail); });
  document.addEventListener("htmx:responseError", function (event) {
    if (event.detail.xhr && event.detail.xhr.status >= 500) { failed(event.detail); }
  });

  // A ballot pushed to the whole room (nobody has voted yet) comes in the room's order:
  // put it in this phone's own random order, the one the server's answers will use
  // (workshop/views/vote_context.py: own_rank, a hash of "activity:person:candidate").
  function ownRank(text) {
    var value = 0x811c9dc5;
    for (var i = 0; i < text.length; i++) {
      value = Math.imul(value ^ text.charCodeAt(i), 0x01000193) >>> 0;
    }
    value = (value ^ (value >>> 16)) >>> 0;
    value = Math.imul(value, 0x85ebca6b) >>> 0;
    value = (value ^ (value >>> 13)) >>> 0;
    value = Math.imul(value, 0xc2b2ae35) >>> 0;
    return (value ^ (value >>> 16)) >>> 0;
  }

  function ownOrder() {
    var el = ballot();
    var seed = document.body.getAttribute("data-ballot-seed");
    if (!el || !el.hasAttribute("data-fresh")) { return; }
    el.removeAttribute("data-fresh");
    var list = el.querySelector("ul.ballot-candidates");
    if (!seed || !list || el.getAttribute("data-order") !== "random") { return; }
    var prefix = el.getAttribute("data-activity") + ":" + seed + ":";
    var items = Array.prototype.slice.call(list.querySelectorAll(":scope > li[data-candidate]"));
    var rank = function (li) { return ownRank(prefix + li.getAttribute("data-candidate")); };
    items.sort(function (a, b) {
      var ra = rank(a);
      var rb = rank(b);
      if (ra !== rb) { return ra < rb ? -1 : 1; }
      return a.getAttribute("data-candidate") - b.getAttribute("data-candidate");
    });
    items.forEach(function (li) { list.appendChild(li); });
  }
  document.addEventListener("live:swapped", ownOrder);
  ownOrder();

  // Keep the freshest ballot: a stamp is when the server read it (nanoseconds).
  function fresher(a, b) { return a.length !== b.length ? a.length > b.length : a > b; }
  // When the ballot was last read whole: a tap's answer over the socket brings its own rows
  // only, so a change made elsewhere before that tap may still be missing from the others.
  function wholeStamp(el) {
    return el.getAttribute("data-whole-stamp") || el.getAttribute("data-stamp") || "";
  }

  // A change made elsewhere (another tab, another device) not read yet: the stamp of the
  // latest heard, "" to read whatever it was (a reconnection, a read dropped for a tap on
  // its way), null for none. It waits while a read is on its way (htmx would queue a
  // second read, then drop it: the first answer takes the element it waits on out of the
  // page) or one of this tab's taps is (a tap's answer over the socket brings the rows it
  // changed only, with a stamp fresher than the change: nothing else would read it).
  var fetching = false, unread = null;
  function laterWish(a, b) {
    if (a === null) { return b; }
    if (a === "" || b === "") { return ""; }
    return fresher(b, a) ? b : a;
  }
  function readIfUnread(el) {
    if (unread === null || fetching || tapPending() || !el) { return; }
    var stamp = unread;
    unread = null;
    if (stamp === "" || fresher(stamp, wholeStamp(el))) { fetchBallot(el, stamp); }
  }
  function fetchBallot(el, stamp) {
    if (!el || !el.getAttribute("data-ballot-url")) { return; }  // still loading itself
    if (fetching) {
      unread = laterWish(unread, stamp || "");
      return;
    }
    fetching = true;
    // Not from the ballot element itself: a tap sent again from it meanwhile would wait in
    // htmx's queue behind this read, then be dropped when the read's answer replaces it.
    var source = el.querySelector("#vote-save-status") || el;
    htmx.ajax("GET", el.getAttribute("data-ballot-url"), {
      source: source, target: "#my-ballot", swap: "outerHTML"
    }).catch(function () {}).then(function () {
      fetching = false;
      readIfUnread(ballot());
    });
  }

  // Another tab (or device) of this participant changed the ballot: fetch it, unless this
  // tab already shows that change (it made it: same stamp).
  if (window.workshopSocket) {
    window.workshopSocket.on("ballot_changed", function (change) {
      var el = ballot();
      if (!el || !change || el.getAttribute("data-activity") !== String(change.activity)) { return; }
      if (change.key && sent[change.key]) { return; }  // this tab's own tap: its answer comes
      if (tapPending()) { unread = laterWish(unread, String(change.stamp)); return; }
      if (!fresher(String(change.stamp), wholeStamp(el))) { return; }
      fetchBallot(el, String(change.stamp));
    });

    // A reconnection (the phone slept, the wifi dropped) may have missed ballot_changed:
    // the stage keeps the ballot slot (hx-preserve), so read the ballot again
    // and show what the server holds. Not on the first connection: the page just loaded
    // it. While a tap is pending, once it is answered (over the socket, with its rows only).
    var connectedBefore = window.workshopSocket.connected;
    window.workshopSocket.on("connect", function () {
      var first = !connectedBefore;
      connectedBefore = true;
      var el = ballot();
      if (first || !el || el.hasAttribute("hx-get")) { return; }
      if (tapPending()) { unread = ""; return; }
      fetchBallot(el);
    });
  }

  var focus = null;
  document.addEventListener("htmx:beforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "my-ballot") { return; }
    // A fetched ballot must not replace the one a tap is being answered for: the tap's
    // answer, read after every change before it, is fresher (and the tap's form must stay
    // on the page for that answer to land).
    var config = event.detail.requestConfig;
    if (config && config.verb === "get" && tapPending()) {
      event.detail.shouldSwap = false;
      unread = "";  // read again once the tap is answered
      return;
    }
    var match = /data-stamp="(\d+)"/.exec(event.detail.serverResponse || "");
    var current = target.getAttribute("data-stamp");
    if (match && current && fresher(current, match[1])) {
      event.detail.shouldSwap = false;
      // Older than this tab's own rows, but maybe with another tab's change they lack.
      if (fresher(match[1], wholeStamp(target))) { fetchBallot(target); }
      return;
    }
    keepFocus(target);
  });

  function keepFocus(target) {
    var active = document.activeElement;
    if (active && target.contains(active) && active.getAttribute("data-focus-key")) {
      var all = Array.prototype.slice.call(target.querySelectorAll("[data-focus-key]"));
      focus = { key: active.getAttribute("data-focus-key"), index: all.indexOf(active) };
    }
  }

  // Put the focus back on the same button, or the nearest one of the same kind.
  function refocus() {
    var el = ballot();
    if (!focus || !el) { return; }
    var wanted = focus;
    focus = null;
    var buttons = Array.prototype.slice.call(el.querySelectorAll("[data-focus-key]"));
    var usable = function (b) { return !b.disabled; };
    var same = buttons.filter(function (b) { return b.getAttribute("data-focus-key") === wanted.key; });
    var kind = wanted.key.split("-")[0];
    var near = buttons.filter(function (b, i) {
      return usable(b) && i >= wanted.index && b.getAttribute("data-focus-key").split("-")[0] === kind;
    });
    var choice = same.filter(usable)[0] || near[0] || buttons.filter(usable)[0];
    if (choice) { choice.focus(); }
  }
  document.addEventListener("htmx:afterSettle", refocus);
})();
