// Wakkere afweging: let Voila shut down a closed tab's kernel, with XSRF on.
//
// Voila 0.5 posts /voila/api/shutdown/<kernel> from a beacon when a page is
// closed or refreshed, without the _xsrf field, so the server refuses it (403,
// voila#1458) and every refresh leaves a kernel behind. Tornado checks XSRF by
// double submit: the _xsrf form field must equal the _xsrf cookie. A page on
// this origin can set that cookie and send the same value; another site can do
// neither. So: ensure a random token cookie, and add it to the shutdown beacon.
(function () {
  "use strict";
  function token() {
    var match = document.cookie.match(/(?:^|;\s*)_xsrf=([^;]+)/);
    if (match) {
      return decodeURIComponent(match[1]);
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    var value = Array.prototype.map
      .call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); })
      .join("");
    document.cookie = "_xsrf=" + value + "; path=/; SameSite=Strict";
    return value;
  }
  var xsrf = token();
  var send = navigator.sendBeacon ? navigator.sendBeacon.bind(navigator) : null;
  if (!send) {
    return;
  }
  navigator.sendBeacon = function (url, data) {
    if (String(url).indexOf("/api/shutdown/") !== -1) {
      var form = data instanceof FormData ? data : new FormData();
      if (!form.has("_xsrf")) {
        form.append("_xsrf", xsrf);
      }
      return send(url, form);
    }
    return send(url, data);
  };
})();
