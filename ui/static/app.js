// Clicking a [n] marker in the chat or a citation card selects that citation in the
// picker, which makes the server render the whole section with the quote highlighted.
(function () {
  function pick(n) {
    var picker = document.getElementById("bc-cite-picker");
    if (!picker) return;
    var labels = picker.querySelectorAll("label");
    for (var i = 0; i < labels.length; i++) {
      if (labels[i].textContent.trim().indexOf("[" + n + "]") === 0) {
        var input = labels[i].querySelector("input");
        (input || labels[i]).click();
        return;
      }
    }
  }
  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var el = target && target.closest('a[href^="#cite-"], [data-cite]');
    if (!el) return;
    var n = el.getAttribute("data-cite") || el.getAttribute("href").slice(6);
    event.preventDefault();
    event.stopPropagation();
    pick(n);
  }, true);
  document.addEventListener("keydown", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (event.key === "Enter" && target && target.hasAttribute("data-cite")) {
      pick(target.getAttribute("data-cite"));
    }
  });
})();
