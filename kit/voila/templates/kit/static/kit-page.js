// Wakkere afweging: two page behaviours ipywidgets does not give.
//
// 1. Radio groups are one Tab stop with arrow keys inside (WAI-ARIA radio
//    group). ipywidgets renders RadioButtons as inputs without a shared
//    `name`, so the browser treats each as its own group: every option is a
//    Tab stop and arrows do nothing. Giving the inputs of one box one name
//    turns on the browser's own radio-group keyboard handling; the box gets
//    role=radiogroup, named by the widget's label.
// 2. A dropdown with nothing chosen shows a prompt (data-kit-choose on <html>,
//    from kit/locale, see kit.widgets.styles.PageTexts) instead of an empty
//    box: ipywidgets sets selectedIndex = -1 then; here that selects a hidden,
//    disabled prompt option, which reads back as -1 (nothing chosen).
// 3. Messages (.kit-messages) are polite live regions, and a message that
//    answers the person's own tap or key (within a few seconds, and not
//    before the room moved on, see kit-room.js) is scrolled into view: on a
//    phone it is otherwise below the fold. A message that arrives because the
//    facilitator opened another activity does not pull the page away.
// 4. A list box (a select showing several rows, such as the deck browser's
//    "Kaarten") wraps a long option instead of cutting it off: ipywidgets
//    writes option labels with no-break spaces, which never wrap, so they
//    become ordinary spaces here (the CSS lets options wrap).
(function () {
  "use strict";
  var groups = 0;

  function radioGroups(root) {
    root.querySelectorAll(".widget-radio-box").forEach(function (box) {
      if (!box.dataset.kitGroup) {
        groups += 1;
        box.dataset.kitGroup = "kit-radio-" + groups;
        box.setAttribute("role", "radiogroup");
        var label = box.parentElement &&
          box.parentElement.querySelector(":scope > .widget-label");
        if (label && label.textContent.trim()) {
          label.id = label.id || box.dataset.kitGroup + "-label";
          box.setAttribute("aria-labelledby", label.id);
        }
      }
      box.querySelectorAll("input[type=radio]").forEach(function (input) {
        if (input.name !== box.dataset.kitGroup) {
          input.name = box.dataset.kitGroup;
        }
      });
    });
  }

  var index = Object.getOwnPropertyDescriptor(
    HTMLSelectElement.prototype, "selectedIndex");
  function prompt(select) {
    var last = select.options[select.options.length - 1];
    if (last && last.dataset.kitPrompt) {
      return last;
    }
    var option = document.createElement("option");
    option.dataset.kitPrompt = "1";
    option.disabled = true;
    option.hidden = true;
    option.value = "";
    // The words come from kit/locale (kit.widgets.styles.PageTexts), which
    // also relabels prompts drawn before they arrived.
    option.textContent = document.documentElement.dataset.kitChoose || "…";
    select.appendChild(option);
    return option;
  }
  Object.defineProperty(HTMLSelectElement.prototype, "selectedIndex", {
    configurable: true,
    enumerable: index.enumerable,
    get: function () {
      var i = index.get.call(this);
      var option = this.options[i];
      return option && option.dataset.kitPrompt ? -1 : i;
    },
    set: function (value) {
      var dropdown = this.parentElement &&
        this.parentElement.classList.contains("widget-dropdown");
      if (value === -1 && dropdown && !this.multiple) {
        index.set.call(this, prompt(this).index);
      } else {
        index.set.call(this, value);
      }
    },
  });

  function listBoxes(root) {
    root.querySelectorAll(".widget-select select option").forEach(function (option) {
      if (option.textContent.indexOf("\u00a0") !== -1) {
        option.textContent = option.textContent.replace(/\u00a0/g, " ");
      }
    });
  }

  var ACTION_MS = 5000;
  var root = document.documentElement;
  ["pointerdown", "keydown"].forEach(function (type) {
    document.addEventListener(type, function () {
      root.dataset.kitActionAt = String(Date.now());
    }, true);
  });

  function answersAnAction() {
    var acted = Number(root.dataset.kitActionAt || 0);
    var switched = Number(root.dataset.kitSwitchedAt || 0);
    return Date.now() - acted < ACTION_MS && acted > switched;
  }

  function messageArea(node) {
    var element = node.nodeType === 1 ? node : node.parentElement;
    return element && element.closest ? element.closest(".kit-messages") : null;
  }

  function onChange(mutations) {
    var shown = [];
    mutations.forEach(function (m) {
      var area = messageArea(m.target);
      if (area && shown.indexOf(area) === -1 && area.textContent.trim()) {
        shown.push(area);
      }
    });
    radioGroups(document);
    listBoxes(document);
    document.querySelectorAll(".kit-messages:not([aria-live])").forEach(function (a) {
      a.setAttribute("aria-live", "polite");
    });
    shown.forEach(function (area) {
      if (area.offsetParent !== null && answersAnAction()) {
        area.scrollIntoView({ block: "nearest" });
      }
    });
  }

  new MutationObserver(onChange).observe(document.documentElement, {
    childList: true,
    subtree: true,
    characterData: true,
  });
})();
