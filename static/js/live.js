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
  socket.on("regions", function (message) {
    if (!message || typeof message.html !== "string") { return; }
    htmx.swap(document.body, message.html, { swapStyle: "none" });
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
