// Irreversible actions ask first: a <form data-confirm="question"> (or a submit button with
// data-confirm, when only that button of the form is irreversible) submits only after the
// user answers yes. A <select data-autosubmit> submits its form when changed.
// Served by the app (no inline script, no CDN), so a strict Content-Security-Policy holds.
(function () {
  "use strict";
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement)) return;
      var button = event.submitter;
      var question =
        (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
      if (question && !window.confirm(question)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field instanceof HTMLSelectElement && field.hasAttribute("data-autosubmit") && field.form) {
      field.form.requestSubmit();
    }
  });
})();
