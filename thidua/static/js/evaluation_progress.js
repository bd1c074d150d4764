// A results or candidate page showing a stored evaluation being recomputed: poll its
// status every 3 seconds and reload the page when the new result is stored (or the
// recompute failed: the page then says why). Without JavaScript, a <noscript> meta
// refresh reloads the page every few seconds.
(function () {
  "use strict";
  var box = document.querySelector("[data-evaluation-status]");
  if (!box) return;
  var url = box.getAttribute("data-evaluation-status");
  if (!url) return;

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (status) {
        if (status.pending) {
          window.setTimeout(poll, 3000);
        } else {
          window.location.reload();
        }
      })
      .catch(function () {
        window.setTimeout(poll, 10000);
      });
  }
  window.setTimeout(poll, 3000);
})();
