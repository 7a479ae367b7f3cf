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

  socket.on("connect", function () { setState("online"); });
  socket.on("disconnect", function () { setState("offline"); });
  socket.on("connect_error", function () {
    setState(socket.active ? "offline" : "refused");
  });
  // A pushed region replaces its fields; what someone is typing there (or has typed
  // and not sent yet) must survive the push, unless the server changed that field.
  var TYPED = "input:not([type=hidden]):not([type=file]):not([type=submit]):not([type=button]), textarea, select";

  function fieldKey(el) {
    if (el.id) { return "#" + el.id; }
    var owner = el.form || el.closest("[id]");
    if (!owner || !el.name) { return null; }
    var key = (owner.id || owner.getAttribute("action") || "") + "|" + el.name;
    if (el.type === "checkbox" || el.type === "radio") { key += "=" + el.value; }
    return key;
  }

  function isChecked(el) { return el.type === "checkbox" || el.type === "radio"; }

  function edited(el) {
    if (isChecked(el)) { return el.checked !== el.defaultChecked; }
    if (el.tagName === "SELECT") {
      return Array.prototype.some.call(el.options, function (o) { return o.selected !== o.defaultSelected; });
    }
    return el.value !== el.defaultValue;
  }

  function original(el) {
    if (isChecked(el)) { return String(el.defaultChecked); }
    if (el.tagName === "SELECT") {
      return Array.prototype.filter.call(el.options, function (o) { return o.defaultSelected; })
        .map(function (o) { return o.value; }).join("\n");
    }
    return el.defaultValue;
  }

  function rememberTyping() {
    var kept = [];
    var active = document.activeElement;
    document.querySelectorAll(TYPED).forEach(function (el) {
      var focused = el === active;
      if (!focused && !edited(el)) { return; }
      var key = fieldKey(el);
      if (!key) { return; }
      kept.push({
        key: key, node: el, focused: focused, original: original(el),
        value: el.value, checked: el.checked,
        selected: el.tagName === "SELECT" ? Array.prototype.map.call(el.options, function (o) { return o.selected; }) : null,
        start: focused && "selectionStart" in el ? safeSelection(el) : null
      });
    });
    return kept;
  }

  function safeSelection(el) {
    try { return [el.selectionStart, el.selectionEnd]; } catch (e) { return null; }
  }

  function restoreTyping(kept) {
    kept.forEach(function (item) {
      if (document.contains(item.node)) { return; }  // not replaced: nothing to do
      var fresh = null;
      document.querySelectorAll(TYPED).forEach(function (el) {
        if (!fresh && fieldKey(el) === item.key) { fresh = el; }
      });
      if (!fresh || original(fresh) !== item.original) { return; }
      if (isChecked(fresh)) {
        fresh.checked = item.checked;
      } else if (fresh.tagName === "SELECT" && item.selected && item.selected.length === fresh.options.length) {
        item.selected.forEach(function (on, i) { fresh.options[i].selected = on; });
      } else {
        fresh.value = item.value;
      }
      if (item.focused) {
        fresh.focus();
        if (item.start) { try { fresh.setSelectionRange(item.start[0], item.start[1]); } catch (e) { /* not a text field */ } }
      }
    });
  }

  // A pushed element marked data-live-keep whose id is already on the page stays as it
  // is (a phone's ballot survives a timer push); a new id (the vote changed) comes in.
  function setAside(html) {
    if (html.indexOf("data-live-keep") < 0) { return { html: html, nodes: [] }; }
    var tpl = document.createElement("template");
    tpl.innerHTML = html;
    var nodes = [];
    tpl.content.querySelectorAll("[data-live-keep][id]").forEach(function (incoming) {
      var current = document.getElementById(incoming.id);
      if (!current) { return; }
      var marker = document.createElement(incoming.tagName);
      marker.id = incoming.id;  // bare: nothing in it for htmx to load
      incoming.replaceWith(marker);
      nodes.push(current);
    });
    return { html: nodes.length ? tpl.innerHTML : html, nodes: nodes };
  }

  function putBack(nodes) {
    nodes.forEach(function (node) {
      var marker = document.getElementById(node.id);
      if (marker && marker !== node) {
        marker.replaceWith(node);
        htmx.process(node);  // htmx let go of it with the old stage: take it up again
      }
    });
  }

  socket.on("regions", function (message) {
    if (!message || typeof message.html !== "string") { return; }
    var kept = rememberTyping();
    var aside = setAside(message.html);
    htmx.swap(document.body, aside.html, { swapStyle: "none" });
    putBack(aside.nodes);
    restoreTyping(kept);
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
    socket.disconnect();
    setState("refused");
  });

  // A phone that wakes up may hold a socket the server forgot: reconnect at once.
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && !socket.connected) { socket.connect(); }
  });
  window.workshopSocket = socket;
})();
