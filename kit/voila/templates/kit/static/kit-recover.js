// Wakkere afweging: say so in Dutch when the kernel connection drops, and recover.
//
// JupyterLab's kernel connection reconnects by itself when its websocket
// closes; this script watches those sockets. While one is down a banner says
// so. If the connection is not back within a few seconds (the kernel is gone:
// culled, crashed, server restarted), the page waits until the server answers
// and reloads: the session gate then restores this browser's seat from
// localStorage, so the participant lands on the same seat and activity, with
// their answers. A widget that failed to display ("model not found") gets the
// same reload. A guard stops reload loops. Nothing here talks to another host.
(function () {
  "use strict";
  var TEXT = {
    lost: "De verbinding met de server is weggevallen. Even geduld: we verbinden opnieuw…",
    reload: "De verbinding komt niet vanzelf terug. De pagina wordt opnieuw geladen; je komt terug op je plek, met je antwoorden.",
    away: "De server is nu niet bereikbaar. Zodra hij terug is, laadt deze pagina opnieuw.",
    stuck: "Het lukt niet om opnieuw te verbinden. Ververs de pagina zelf (F5) als de wifi of de server terug is; je antwoorden zijn bewaard.",
    widget: "Een onderdeel van deze pagina laadde niet goed. De pagina wordt opnieuw geladen.",
  };
  var WAIT_MS = 6000; // time for JupyterLab's own reconnect
  var PROBE_MS = 3000;
  var GUARD_KEY = "wakkere-afweging:reloads";
  var script = document.currentScript ? document.currentScript.src : "";
  var Native = window.WebSocket;
  var sockets = [];
  var down = 0;
  var timer = null;
  var unloading = false;
  var banner = null;

  function say(text) {
    if (!banner) {
      banner = document.createElement("div");
      banner.className = "kit-connection";
      banner.setAttribute("role", "alert");
      document.body.insertBefore(banner, document.body.firstChild);
    }
    banner.textContent = text;
    banner.hidden = false;
  }

  function quiet() {
    if (banner) {
      banner.hidden = true;
    }
  }

  function mayReload() {
    var now = Date.now();
    var recent = [];
    try {
      recent = JSON.parse(window.sessionStorage.getItem(GUARD_KEY) || "[]");
    } catch (_error) {
      recent = [];
    }
    recent = recent.filter(function (t) { return now - t < 120000; });
    if (recent.length >= 3) {
      return false;
    }
    recent.push(now);
    try {
      window.sessionStorage.setItem(GUARD_KEY, JSON.stringify(recent));
    } catch (_error) {
      // no sessionStorage: reload anyway, the server refusing stops a loop
    }
    return true;
  }

  function reloadWhenServerAnswers(text) {
    if (unloading) {
      return;
    }
    if (!mayReload()) {
      say(TEXT.stuck);
      return;
    }
    say(text);
    var probe = function () {
      window
        .fetch(script || window.location.href, { cache: "no-store", method: script ? "GET" : "HEAD" })
        .then(function (response) {
          if (response.ok) {
            unloading = true;
            window.location.reload();
          } else {
            throw new Error(String(response.status));
          }
        })
        .catch(function () {
          say(TEXT.away);
          window.setTimeout(probe, PROBE_MS);
        });
    };
    window.setTimeout(probe, 800);
  }

  function lost() {
    down += 1;
    if (unloading || timer) {
      return;
    }
    say(TEXT.lost);
    timer = window.setTimeout(function () {
      timer = null;
      if (down > 0) {
        reloadWhenServerAnswers(TEXT.reload);
      }
    }, WAIT_MS);
  }

  function back() {
    down = 0;
    if (timer) {
      window.clearTimeout(timer);
      timer = null;
    }
    quiet();
  }

  // A kernel that died is restarted by the server under the same id: the
  // socket stays open, but the page's widgets are gone. Status messages are
  // small, so only short messages are read.
  var decoder = window.TextDecoder ? new TextDecoder() : null;
  function restarted(data) {
    var text = "";
    if (typeof data === "string") {
      text = data.length < 4000 ? data : "";
    } else if (data instanceof ArrayBuffer && decoder && data.byteLength < 4000) {
      text = decoder.decode(data);
    }
    return /"execution_state"\s*:\s*"(autorestarting|restarting|dead)"/.test(text);
  }

  function Watched(url, protocols) {
    var ws = protocols === undefined ? new Native(url) : new Native(url, protocols);
    if (/\/api\/kernels\/[^/]+\/channels/.test(String(url))) {
      sockets.push(ws);
      ws.addEventListener("open", back);
      ws.addEventListener("message", function (event) {
        if (restarted(event.data)) {
          reloadWhenServerAnswers(TEXT.reload);
        }
      });
      ws.addEventListener("close", function () {
        sockets = sockets.filter(function (s) { return s !== ws; });
        lost();
      });
    }
    return ws;
  }
  Watched.prototype = Native.prototype;
  ["CONNECTING", "OPEN", "CLOSING", "CLOSED"].forEach(function (name) {
    Watched[name] = Native[name];
  });
  window.WebSocket = Watched;
  window.addEventListener("beforeunload", function () { unloading = true; });

  // "Error displaying widget: model not found": reload once the page settled.
  // Only added nodes are read (textContent needs no layout, innerText would).
  var observer = new MutationObserver(function (records) {
    for (var i = 0; i < records.length; i += 1) {
      var added = records[i].addedNodes;
      for (var j = 0; j < added.length; j += 1) {
        var text = added[j].textContent || "";
        if (text.indexOf("Error displaying widget") !== -1) {
          observer.disconnect();
          reloadWhenServerAnswers(TEXT.widget);
          return;
        }
      }
    }
  });
  document.addEventListener("DOMContentLoaded", function () {
    observer.observe(document.body, { childList: true, subtree: true });
  });

  // For tests and the curious: what is being watched.
  window.kitRecover = { sockets: function () { return sockets.slice(); }, texts: TEXT };
})();
