/*
 * Switchboard web chat widget, served by Switchboard at /webchat/widget.js.
 * Put one tag on every page of the site:
 *
 *   <script src="https://HOST/webchat/widget.js" data-key="pk_..." async></script>
 *
 * No dependencies. It draws a launcher and a panel inside a shadow root (the
 * site's CSS and ours never meet), keeps the visitor token in localStorage per
 * key (a reload resumes the same conversation), and talks to Switchboard over
 * a WebSocket, reconnecting with backoff. The protocol is documented on
 * inbox.Service.WebChat (internal/inbox/webchat_http.go). Everything anyone
 * wrote is shown with textContent, never parsed as HTML.
 */
(function () {
  "use strict";

  var script = document.currentScript ||
    document.querySelector('script[data-key][src*="/webchat/widget.js"]');
  if (!script) return;
  var key = script.getAttribute("data-key") || "";
  if (!/^pk_[0-9a-f]{32}$/.test(key)) {
    if (window.console) console.warn("Switchboard web chat: data-key is missing or malformed");
    return;
  }
  var loaded = (window.__switchboardWebChat = window.__switchboardWebChat || {});
  if (loaded[key]) return; // the tag is on the page twice
  loaded[key] = true;

  var base = script.src.replace(/\/webchat\/widget\.js(?:[?#].*)?$/, "");
  var api = base + "/webchat/" + key;
  var storeKey = "switchboard.webchat." + key;
  var MAX_BODY = 4000;

  function loadToken() {
    try { return window.localStorage.getItem(storeKey) || ""; } catch (e) { return ""; }
  }
  function saveToken(t) {
    try {
      if (t) window.localStorage.setItem(storeKey, t);
      else window.localStorage.removeItem(storeKey);
    } catch (e) { /* storage blocked: the conversation lasts as long as the page */ }
  }

  var state = {
    token: loadToken(),
    ws: null,
    hello: false,
    retry: 0,
    timer: 0,
    open: false,
    agentsOnline: true,
    leadCaptured: false,
    conversation: null,
    rendered: {},  // message id -> true
    pending: {},   // clientId -> {body, item}
    order: [],     // clientIds in the order written
    lead: null,    // a lead waiting for the socket
    unread: 0,
    // Chat switch (internal/chatswitch): the last "switch" frame, the
    // channel the phone form is for, and the revert countdown.
    sw: null,
    swTo: "",
    swBusy: false,
    swTick: 0,
    swNote: ""
  };
  var resume = "";
  try { resume = new URLSearchParams(window.location.search).get("sbresume") || ""; } catch (e) { /* old browser */ }

  var CSS = [
    ":host{all:initial}",
    "*{box-sizing:border-box;font:14px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif}",
    "[hidden]{display:none!important}",
    ".wrap{position:fixed;right:20px;bottom:20px;z-index:2147483000;display:flex;flex-direction:column;align-items:flex-end;gap:12px}",
    ".launcher{width:56px;height:56px;border:0;border-radius:50%;background:#1f6feb;color:#fff;cursor:pointer;",
    "box-shadow:0 4px 14px rgba(0,0,0,.25);position:relative;display:flex;align-items:center;justify-content:center}",
    ".launcher:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible{outline:2px solid #0b3d91;outline-offset:2px}",
    ".badge{position:absolute;top:-2px;right:-2px;min-width:20px;height:20px;border-radius:10px;background:#d1242f;",
    "color:#fff;font-size:12px;line-height:20px;text-align:center;padding:0 5px}",
    ".panel{width:340px;max-width:calc(100vw - 40px);height:480px;max-height:calc(100vh - 110px);background:#fff;color:#1f2328;",
    "border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.25);display:flex;flex-direction:column;overflow:hidden}",
    ".head{display:flex;align-items:center;justify-content:space-between;padding:12px 14px;background:#1f6feb;color:#fff}",
    ".head strong{color:#fff;font-weight:600}",
    ".close{border:0;background:transparent;color:#fff;font-size:20px;cursor:pointer;line-height:1}",
    ".note{padding:8px 14px;background:#fff8c5;color:#4d2d00;font-size:13px}",
    ".list{flex:1;overflow-y:auto;margin:0;padding:12px;list-style:none;display:flex;flex-direction:column;gap:6px}",
    ".msg{max-width:80%;padding:8px 10px;border-radius:10px;white-space:pre-wrap;word-wrap:break-word;overflow-wrap:anywhere}",
    ".msg.in{align-self:flex-end;background:#1f6feb;color:#fff}",
    ".msg.out{align-self:flex-start;background:#eef1f4;color:#1f2328}",
    ".msg.sending{opacity:.6}",
    ".msg.failed{background:#ffebe9;color:#82071e}",
    ".msg small{display:block;font-size:11px;opacity:.75;margin-top:2px}",
    "form{margin:0}",
    ".compose{display:flex;gap:8px;padding:10px;border-top:1px solid #d0d7de}",
    "textarea{flex:1;resize:none;height:40px;padding:8px;border:1px solid #d0d7de;border-radius:8px;color:#1f2328;background:#fff}",
    ".send,.submit{border:0;border-radius:8px;background:#1f6feb;color:#fff;padding:0 14px;cursor:pointer;font-weight:600}",
    ".lead{padding:12px 14px;border-top:1px solid #d0d7de;display:flex;flex-direction:column;gap:6px}",
    ".lead label{font-size:12px;color:#57606a}",
    ".lead input{width:100%;padding:7px 8px;border:1px solid #d0d7de;border-radius:6px;color:#1f2328;background:#fff}",
    ".lead .submit{height:36px;margin-top:4px}",
    ".error{color:#d1242f;font-size:12px;min-height:0}",
    ".switchbar{display:flex;gap:6px;padding:6px 10px;border-top:1px solid #d0d7de;flex-wrap:wrap}",
    ".switchbar button,.swform .cancel,.swconfirm button{border:1px solid #1f6feb;background:#fff;color:#1f6feb;border-radius:14px;padding:3px 10px;cursor:pointer;font-size:12px}",
    ".swform{padding:10px 14px;border-top:1px solid #d0d7de;display:flex;flex-direction:column;gap:6px}",
    ".swform input{width:100%;padding:7px 8px;border:1px solid #d0d7de;border-radius:6px;color:#1f2328;background:#fff}",
    ".swform .row{display:flex;gap:8px}.swform .submit{height:32px}",
    ".swconfirm{padding:8px 14px;background:#dafbe1;color:#0a3622;font-size:13px;display:flex;gap:8px;align-items:center;justify-content:space-between}"
  ].join("");

  function el(tag, attrs, text) {
    var n = document.createElement(tag);
    for (var k in attrs) if (Object.prototype.hasOwnProperty.call(attrs, k)) n.setAttribute(k, attrs[k]);
    if (text != null) n.textContent = text;
    return n;
  }

  // The DOM.
  var host = el("div", { "data-switchboard-webchat": "" });
  var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
  root.appendChild(el("style", {}, CSS));
  var wrap = el("div", { "class": "wrap" });
  var panel = el("div", { "class": "panel", role: "dialog", "aria-label": "Chat" });
  panel.hidden = true;
  var head = el("div", { "class": "head" });
  var title = el("strong", {}, "Chat with us");
  var closeBtn = el("button", { "class": "close", type: "button", "aria-label": "Close chat" }, "\u00d7");
  head.appendChild(title);
  head.appendChild(closeBtn);
  var note = el("div", { "class": "note", role: "status" });
  note.hidden = true;
  var list = el("ol", { "class": "list", "aria-live": "polite" });

  var leadForm = el("form", { "class": "lead", novalidate: "" });
  leadForm.hidden = true;
  function field(name, label, type, autocomplete) {
    var id = "sbwc-" + name;
    leadForm.appendChild(el("label", { "for": id }, label));
    var input = el("input", { id: id, name: name, type: type, autocomplete: autocomplete, maxlength: name === "email" ? "254" : "100" });
    leadForm.appendChild(input);
    return input;
  }
  var nameInput = field("name", "Name", "text", "name");
  var emailInput = field("email", "E-mail", "email", "email");
  var phoneInput = field("phone", "Phone (international, e.g. +14155550100)", "tel", "tel");
  var leadError = el("p", { "class": "error", role: "alert" });
  leadForm.appendChild(leadError);
  leadForm.appendChild(el("button", { "class": "submit", type: "submit" }, "Leave your details"));

  // Chat switch: "Continue on SMS/WhatsApp", the phone form that blocks the
  // message box, and the confirmation with its Revert button.
  var switchbar = el("div", { "class": "switchbar" });
  switchbar.hidden = true;
  var swButtons = {
    sms: el("button", { "class": "switch-sms", type: "button" }, "Continue on SMS"),
    whatsapp: el("button", { "class": "switch-whatsapp", type: "button" }, "Continue on WhatsApp")
  };
  switchbar.appendChild(swButtons.sms);
  switchbar.appendChild(swButtons.whatsapp);
  var swForm = el("form", { "class": "swform", novalidate: "" });
  swForm.hidden = true;
  var swLabel = el("label", { "for": "sbwc-swphone" }, "Your mobile number");
  var swPhone = el("input", { id: "sbwc-swphone", "class": "switch-phone", type: "tel", autocomplete: "tel", maxlength: "32" });
  var swError = el("p", { "class": "error switch-error", role: "alert" });
  var swRow = el("div", { "class": "row" });
  var swSubmit = el("button", { "class": "submit switch-submit", type: "submit" }, "Send me a message");
  var swCancel = el("button", { "class": "cancel switch-cancel", type: "button" }, "Cancel");
  swRow.appendChild(swSubmit);
  swRow.appendChild(swCancel);
  swForm.appendChild(swLabel);
  swForm.appendChild(swPhone);
  swForm.appendChild(swError);
  swForm.appendChild(swRow);
  var swConfirm = el("div", { "class": "swconfirm switch-confirm", role: "status" });
  swConfirm.hidden = true;
  var swConfirmText = el("span", {});
  var swRevert = el("button", { "class": "switch-revert", type: "button" }, "Revert");
  swConfirm.appendChild(swConfirmText);
  swConfirm.appendChild(swRevert);

  var compose = el("form", { "class": "compose" });
  var input = el("textarea", { rows: "1", maxlength: String(MAX_BODY), "aria-label": "Message", placeholder: "Write a message\u2026" });
  compose.appendChild(input);
  compose.appendChild(el("button", { "class": "send", type: "submit" }, "Send"));

  panel.appendChild(head);
  panel.appendChild(note);
  panel.appendChild(list);
  panel.appendChild(leadForm);
  panel.appendChild(swConfirm);
  panel.appendChild(switchbar);
  panel.appendChild(swForm);
  panel.appendChild(compose);
  var launcher = el("button", { "class": "launcher", type: "button", "aria-label": "Open chat", "aria-expanded": "false" });
  // A speech bubble drawn as SVG: an emoji depends on the visitor's fonts.
  var svgNS = "http://www.w3.org/2000/svg";
  var icon = document.createElementNS(svgNS, "svg");
  icon.setAttribute("viewBox", "0 0 24 24");
  icon.setAttribute("width", "26");
  icon.setAttribute("height", "26");
  icon.setAttribute("aria-hidden", "true");
  var path = document.createElementNS(svgNS, "path");
  path.setAttribute("fill", "currentColor");
  path.setAttribute("d", "M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z");
  icon.appendChild(path);
  launcher.appendChild(icon);
  var badge = el("span", { "class": "badge", "aria-hidden": "true" });
  badge.hidden = true;
  launcher.appendChild(badge);
  wrap.appendChild(panel);
  wrap.appendChild(launcher);
  root.appendChild(wrap);

  function showNote(text) {
    note.textContent = text || "";
    note.hidden = !text;
  }

  function updateMode() {
    var askLead = !state.agentsOnline && !state.leadCaptured;
    leadForm.hidden = !askLead;
    compose.hidden = askLead;
    updateSwitch();
    if (!swForm.hidden || movedAway()) compose.hidden = true; // the phone form blocks the message box
    if (askLead) showNote("Nobody is online right now. Leave your details and we will get back to you.");
    else if (!state.agentsOnline) showNote("Thanks, we will get back to you. You can add a message below.");
    else showNote(state.swNote);
  }

  var kindName = { sms: "SMS", whatsapp: "WhatsApp", webchat: "web chat" };

  // movedAway: the conversation continues on the phone now.
  function movedAway() {
    var l = state.sw && state.sw.latest;
    return !!(l && l.state === "active" && l.to !== "webchat");
  }

  function updateSwitch() {
    var sw = state.sw;
    var targets = (sw && sw.targets) || [];
    var l = sw && sw.latest;
    var pending = l && l.state === "pending" && l.to !== "webchat";
    var canSwitch = state.hello && state.conversation && !movedAway() && !pending && state.agentsOnline;
    swButtons.sms.hidden = targets.indexOf("sms") < 0;
    swButtons.whatsapp.hidden = targets.indexOf("whatsapp") < 0;
    switchbar.hidden = !canSwitch || !targets.length || !swForm.hidden;
    if (!state.swTo || movedAway()) swForm.hidden = true;
    swSubmit.disabled = state.swBusy || pending;
    swConfirm.hidden = !movedAway();
    if (movedAway()) {
      var left = Math.max(0, Math.ceil(l.revertLeftAt ? (l.revertLeftAt - Date.now()) / 1000 : 0));
      swRevert.hidden = left <= 0;
      swConfirmText.textContent = "This chat continues on " + kindName[l.to] + (l.address ? " at " + l.address : "") +
        "." + (left > 0 ? " Changed your mind? " + left + " s" : "");
      clearTimeout(state.swTick);
      if (left > 0) state.swTick = setTimeout(updateSwitch, 250);
    }
  }

  function openSwitchForm(to, phone) {
    if (movedAway()) return;
    state.swTo = to;
    swLabel.textContent = "Your mobile number for " + kindName[to];
    if (phone && !swPhone.value) swPhone.value = phone;
    swError.textContent = "";
    swForm.hidden = false;
    updateMode();
    setTimeout(function () { swPhone.focus(); }, 0);
  }

  function closeSwitchForm() {
    state.swTo = "";
    state.swBusy = false;
    swForm.hidden = true;
    updateMode();
  }

  function onSwitchFrame(f) {
    var prev = state.sw && state.sw.latest;
    if (f.latest && typeof f.latest.revertSeconds === "number" && f.latest.revertSeconds > 0) {
      // The server's remaining time, not the visitor's clock.
      f.latest.revertLeftAt = Date.now() + f.latest.revertSeconds * 1000;
    }
    state.sw = f;
    var l = f.latest;
    if (state.swBusy && l && (!prev || prev.id !== l.id || prev.state !== l.state)) {
      if (l.state === "failed") {
        state.swBusy = false;
        swError.textContent = "We could not send the message: " + (l.failure || "try again");
      } else if (l.state === "active") {
        closeSwitchForm();
      }
    }
    if (f.prompt && !movedAway() && swForm.hidden) {
      if (!state.open) setOpen(true);
      openSwitchForm(f.prompt.to, f.prompt.phone);
    }
    if (prev && l && prev.id === l.id && prev.state === "active" && l.state === "reverted") {
      state.swNote = "You are back on web chat.";
    }
    updateMode();
  }

  function setUnread(n) {
    state.unread = n;
    badge.textContent = String(n);
    badge.hidden = n === 0;
  }

  function scrollDown() { list.scrollTop = list.scrollHeight; }

  function bubble(direction, body, at) {
    var item = el("li", { "class": "msg " + (direction === "inbound" ? "in" : "out") });
    item.appendChild(document.createTextNode(body));
    if (at) {
      var d = new Date(at);
      if (!isNaN(d.getTime())) item.appendChild(el("small", {}, d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })));
    }
    list.appendChild(item);
    scrollDown();
    return item;
  }

  function addMessage(f) {
    if (f.clientId && state.pending[f.clientId]) {
      var p = state.pending[f.clientId];
      delete state.pending[f.clientId];
      if (p.item.parentNode) p.item.parentNode.removeChild(p.item);
    }
    if (typeof f.id !== "string" || state.rendered[f.id]) return;
    state.rendered[f.id] = true;
    if (f.conversationId && state.conversation !== f.conversationId) {
      state.conversation = f.conversationId;
      updateMode(); // a first message makes switching possible
    }
    bubble(f.direction, String(f.body || ""), f.at);
    if (f.direction === "outbound" && !state.open) setUnread(state.unread + 1);
  }

  function randomId() {
    var b = new Uint8Array(16);
    if (window.crypto && window.crypto.getRandomValues) window.crypto.getRandomValues(b);
    else for (var i = 0; i < b.length; i++) b[i] = Math.floor(Math.random() * 256);
    var s = "";
    for (var j = 0; j < b.length; j++) s += (b[j] < 16 ? "0" : "") + b[j].toString(16);
    return s;
  }

  function ready() { return state.ws && state.hello && state.ws.readyState === 1; }

  function sendFrame(f) {
    if (!ready()) return false;
    state.ws.send(JSON.stringify(f));
    return true;
  }

  // The session: a token for this browser, the same visitor while it is valid.
  var sessionPromise = null;
  function session() {
    if (sessionPromise) return sessionPromise;
    var req = {};
    if (state.token) req.token = state.token;
    if (resume) req.resume = resume; // a back-to-the-web link: continue that conversation
    var body = JSON.stringify(req);
    sessionPromise = fetch(api + "/session", {
      method: "POST", mode: "cors", credentials: "omit", cache: "no-store",
      headers: { "Content-Type": "text/plain" }, body: body
    }).then(function (r) {
      if (r.status === 401 && resume) { // the link is dead: carry on as this browser's own visitor
        resume = "";
        sessionPromise = null;
        showNote("This link has expired. You can still chat here.");
        return session();
      }
      if (r.status === 401 && state.token) { // expired or from an old key: start over
        state.token = "";
        saveToken("");
        sessionPromise = null;
        return session();
      }
      if (!r.ok) throw new Error("web chat session: HTTP " + r.status);
      return r.json().then(function (s) {
        if (resume) {
          resume = "";
          // A link is redeemed once: reloading the page must not try it again.
          try { window.history.replaceState(null, "", window.location.pathname); } catch (e) { /* ignore */ }
        }
        state.token = s.token;
        saveToken(s.token);
        state.agentsOnline = !!s.agentsOnline;
        if (s.channelName) title.textContent = s.channelName;
        if (s.conversationId) state.conversation = s.conversationId;
        updateMode();
        return s;
      });
    });
    var p = sessionPromise;
    p.then(function () { sessionPromise = null; }, function () { sessionPromise = null; });
    return p;
  }

  function connect() {
    if (state.ws || !state.token) return;
    clearTimeout(state.timer);
    var ws = new WebSocket(api.replace(/^http/, "ws") + "/ws?token=" + encodeURIComponent(state.token));
    state.ws = ws;
    state.hello = false;
    ws.onmessage = function (ev) {
      var f;
      try { f = JSON.parse(ev.data); } catch (e) { return; }
      if (f && typeof f.type === "string") handle(f);
    };
    ws.onclose = function () {
      if (state.ws !== ws) return;
      var greeted = state.hello;
      state.ws = null;
      state.hello = false;
      reconnect(!greeted); // refused before hello: the token may have gone bad
    };
  }

  function reconnect(renew) {
    clearTimeout(state.timer);
    var delay = Math.min(30000, 1000 * Math.pow(2, state.retry)) * (0.5 + Math.random() / 2);
    state.retry = Math.min(state.retry + 1, 10);
    state.timer = setTimeout(function () {
      (renew ? session() : Promise.resolve()).then(connect, function () { reconnect(true); });
    }, delay);
  }

  function start() {
    if (ready() || state.ws) return;
    session().then(connect, function () { reconnect(true); });
  }

  function handle(f) {
    switch (f.type) {
    case "hello":
      state.hello = true;
      state.retry = 0;
      state.agentsOnline = !!f.agentsOnline;
      state.leadCaptured = !!f.leadCaptured;
      if (f.channelName) title.textContent = f.channelName;
      if (f.conversationId) state.conversation = f.conversationId;
      if (f["switch"]) onSwitchFrame(f["switch"]);
      (f.history || []).forEach(function (m) {
        var before = state.unread;
        addMessage(m);
        setUnread(before); // history is not news
      });
      // Whatever was written while offline goes now; the server stores a
      // clientId once, so a message that did arrive before is not doubled.
      state.order = state.order.filter(function (id) { return state.pending[id]; });
      state.order.forEach(function (id) {
        sendFrame({ type: "message", clientId: id, body: state.pending[id].body });
      });
      if (state.lead) sendFrame(state.lead);
      updateMode();
      break;
    case "message":
      addMessage(f);
      break;
    case "switch":
      onSwitchFrame(f);
      break;
    case "lead":
      state.lead = null;
      state.leadCaptured = true;
      leadError.textContent = "";
      updateMode();
      break;
    case "error":
      if (state.swBusy && (f.field === "phone" || f.field === "to" || f.code === "internal")) {
        state.swBusy = false;
        swError.textContent = f.message || "The switch did not go through";
        updateMode();
      } else if (f.field === "switchId") {
        showNote(f.message || "It is too late to revert");
      } else if (f.clientId && state.pending[f.clientId]) {
        var p = state.pending[f.clientId];
        if (f.code === "rate_limited" || f.code === "internal") {
          setTimeout(function () {
            if (state.pending[f.clientId]) sendFrame({ type: "message", clientId: f.clientId, body: p.body });
          }, 3000);
        } else {
          delete state.pending[f.clientId];
          p.item.className = "msg in failed";
          p.item.appendChild(el("small", {}, "Not sent: " + (f.message || "refused")));
        }
      } else if (state.lead && f.field) {
        state.lead = null;
        leadError.textContent = fieldLabel(f.field) + ": " + (f.message || "is not valid");
      } else if (f.message) {
        showNote(f.message);
      }
      break;
    }
  }

  function fieldLabel(name) {
    return { name: "Name", email: "E-mail", phone: "Phone" }[name] || name;
  }

  function setOpen(open) {
    state.open = open;
    panel.hidden = !open;
    launcher.setAttribute("aria-expanded", String(open));
    launcher.setAttribute("aria-label", open ? "Close chat" : "Open chat");
    if (open) {
      setUnread(0);
      start();
      updateMode();
      setTimeout(function () { (leadForm.hidden ? input : nameInput).focus(); }, 0);
    }
  }

  launcher.addEventListener("click", function () { setOpen(!state.open); });
  closeBtn.addEventListener("click", function () { setOpen(false); launcher.focus(); });
  panel.addEventListener("keydown", function (e) {
    if (e.key === "Escape") { setOpen(false); launcher.focus(); }
  });

  compose.addEventListener("submit", function (e) {
    e.preventDefault();
    var body = input.value.replace(/^\s+|\s+$/g, "");
    if (!body) return;
    if (body.length > MAX_BODY) { showNote("Messages are at most " + MAX_BODY + " characters."); return; }
    var id = randomId();
    var item = bubble("inbound", body, null);
    item.className += " sending";
    state.pending[id] = { body: body, item: item };
    state.order.push(id);
    input.value = "";
    if (!sendFrame({ type: "message", clientId: id, body: body })) start();
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      compose.dispatchEvent(new Event("submit", { cancelable: true }));
    }
  });

  swButtons.sms.addEventListener("click", function () { openSwitchForm("sms", ""); });
  swButtons.whatsapp.addEventListener("click", function () { openSwitchForm("whatsapp", ""); });
  swCancel.addEventListener("click", function () {
    var prompted = state.sw && state.sw.prompt;
    closeSwitchForm();
    if (prompted) { state.sw.prompt = null; sendFrame({ type: "switch_cancel" }); }
  });
  swForm.addEventListener("submit", function (e) {
    e.preventDefault();
    var phone = swPhone.value.replace(/^\s+|\s+$/g, "");
    if (!phone) { swError.textContent = "Please enter your mobile number"; return; }
    swError.textContent = "";
    state.swNote = "";
    state.swBusy = true;
    updateMode();
    if (!sendFrame({ type: "switch", to: state.swTo, phone: phone })) {
      state.swBusy = false;
      swError.textContent = "Not connected: try again in a moment";
      start();
    }
  });
  swRevert.addEventListener("click", function () {
    var l = state.sw && state.sw.latest;
    if (l) sendFrame({ type: "switch_revert", switchId: l.id });
  });

  leadForm.addEventListener("submit", function (e) {
    e.preventDefault();
    var lead = { type: "lead", name: nameInput.value.trim(), email: emailInput.value.trim(), phone: phoneInput.value.trim() };
    if (!lead.name) { leadError.textContent = "Name: please tell us your name"; return; }
    if (!lead.email && !lead.phone) { leadError.textContent = "Please give an e-mail address or a phone number"; return; }
    leadError.textContent = "";
    state.lead = lead;
    if (!sendFrame(lead)) start();
  });

  function mount() {
    document.body.appendChild(host);
    // A returning visitor with a conversation gets replies live (and a badge)
    // without opening the panel; a new visitor connects on first open.
    if (script.getAttribute("data-open") === "true" || resume) {
      setOpen(true);
    } else if (state.token) {
      session().then(function (s) { if (s.conversationId) connect(); }, function () { /* retried on open */ });
    }
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
