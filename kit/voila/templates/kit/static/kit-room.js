// Wakkere afweging: when the facilitator opens another activity, bring its top
// into view (a participant may have scrolled far down in the previous one).
// The line "Nu in de zaal: …" is a live region, so screen readers hear it too.
// The switch is noted on <html> (kit-page.js then leaves messages of the new
// activity where they are), and the top is brought back once more when the new
// activity has drawn, unless the person has tapped or typed since.
(function () {
  "use strict";
  var shown = null;
  var SETTLE_MS = 600;
  function check() {
    var now = document.querySelector(".kit-room-now-text");
    if (!now) {
      return;
    }
    var text = now.textContent;
    if (shown !== null && text !== shown) {
      var root = document.documentElement;
      var at = Date.now();
      root.dataset.kitSwitchedAt = String(at);
      now.scrollIntoView({ block: "start" });
      setTimeout(function () {
        if (Number(root.dataset.kitActionAt || 0) < at) {
          now.scrollIntoView({ block: "start" });
        }
      }, SETTLE_MS);
    }
    shown = text;
  }
  document.addEventListener("DOMContentLoaded", function () {
    new MutationObserver(check).observe(document.body, {
      childList: true,
      subtree: true,
      characterData: true,
    });
  });
})();
