// A calendar beside each filter date box. The box stays a text field, since officials type
// "30/12/2025", "12/2025" or ISO dates (ui/dates.py reads them all); the calendar is the
// browser's own date input (a native picker on desktop and on phones), laid transparent
// over a calendar icon. Picking a date writes it into the box as dd/mm/yyyy and tells
// Gradio, as typing would. window.bcDatePicker = {fields: [elem ids], labels: {vi, en}}.
(function () {
  var config = window.bcDatePicker || { fields: [], labels: {} };
  var ICON =
    '<svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" fill="none" ' +
    'stroke="currentColor" stroke-width="2"><rect x="3" y="5" width="18" height="16" rx="2"/>' +
    '<path d="M3 10h18M8 3v4M16 3v4"/></svg>';
  var DAY_FIRST = /^\s*(?:(\d{1,2})[\/.-])?(\d{1,2})[\/.-](\d{4})\s*$/;
  var ISO = /^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$/;

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // What the box holds as the picker's yyyy-mm-dd (a month or year opens at its first day).
  function isoFromTyped(text) {
    var m = DAY_FIRST.exec(text || "");
    var parts = m ? [m[3], m[2], m[1]] : null;
    var iso = m ? null : ISO.exec(text || "");
    if (iso) parts = [iso[1], iso[2], iso[3]];
    if (!parts) return "";
    return parts[0] + "-" + pad(+(parts[1] || 1)) + "-" + pad(+(parts[2] || 1));
  }

  function typedFromIso(iso) {
    var p = iso.split("-");
    return p.length === 3 ? p[2] + "/" + p[1] + "/" + p[0] : "";
  }

  function label() {
    var lang = document.documentElement.lang === "en" ? "en" : "vi";
    return config.labels[lang] || "";
  }

  function attach(field) {
    var box = field.querySelector("input:not([type=date]), textarea");
    if (!box || field.querySelector(".bc-date-pick")) return;
    var pick = document.createElement("span");
    pick.className = "bc-date-pick";
    pick.innerHTML = ICON;
    var native = document.createElement("input");
    native.type = "date";
    native.setAttribute("aria-label", label());
    native.title = label();
    pick.appendChild(native);
    native.addEventListener("click", function () {
      native.value = isoFromTyped(box.value);
      // Desktop browsers open the calendar only from their own icon; ask for it here.
      if (native.showPicker) {
        try { native.showPicker(); } catch (err) { /* a phone opens it on the tap itself */ }
      }
    });
    native.addEventListener("change", function () {
      if (!native.value) return;
      box.value = typedFromIso(native.value);
      box.dispatchEvent(new Event("input", { bubbles: true }));
      box.dispatchEvent(new Event("change", { bubbles: true }));
    });
    box.parentElement.classList.add("bc-date-box");
    box.parentElement.appendChild(pick);
  }

  function attachAll() {
    config.fields.forEach(function (id) {
      var field = document.getElementById(id);
      if (field) attach(field);
    });
    document.querySelectorAll(".bc-date-pick input").forEach(function (native) {
      if (native.title !== label()) {
        native.title = label();
        native.setAttribute("aria-label", label());
      }
    });
  }

  new MutationObserver(attachAll).observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["lang"],
  });
})();
