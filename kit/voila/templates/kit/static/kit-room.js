// Wakkere afweging: when the facilitator opens another activity, bring its top
// into view (a participant may have scrolled far down in the previous one).
// The line "Nu in de zaal: …" is a live region, so screen readers hear it too.
(function () {
  "use strict";
  var shown = null;
  function check() {
    var now = document.querySelector(".kit-room-now-text");
    if (!now) {
      return;
    }
    var text = now.textContent;
    if (shown !== null && text !== shown) {
      now.scrollIntoView({ block: "start" });
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
