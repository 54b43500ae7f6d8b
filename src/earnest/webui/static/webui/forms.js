// After a form comes back refused, move focus to its first error, so the person using a keyboard or a
// screen reader (and everyone on a long page) lands on what to fix instead of at the top of the page.
(function () {
  "use strict";

  function firstError(root) {
    var field = root.querySelector('[aria-invalid="true"]');
    if (field) return field;
    var message = root.querySelector('.alert-error, .field .error, .errorlist');
    if (message && !message.hasAttribute("tabindex")) message.setAttribute("tabindex", "-1");
    return message;
  }

  function focusFirstError(root) {
    var target = firstError(root || document);
    if (!target) return false;
    target.focus({ preventScroll: true });
    target.scrollIntoView({ block: "center" });
    return true;
  }

  document.addEventListener("DOMContentLoaded", function () {
    // A page that opens with an error was a refused submission (the server renders errors only then).
    if (document.querySelector("form")) focusFirstError(document);
  });

  // HTMX swaps: only when the person submitted a form, never on a live preview while they type.
  document.addEventListener("htmx:afterSettle", function (event) {
    var config = event.detail && event.detail.requestConfig;
    var trigger = config && config.triggeringEvent;
    if (!trigger || trigger.type !== "submit") return;
    focusFirstError(document);
  });

  window.earnestFocusFirstError = focusFirstError;
})();
