// The import job page while the background worker has the file: poll the job's JSON
// status every second, move the <progress> bar, and reload the page when the worker is
// done (the preview, the errors or the result are then rendered by the server).
// Without JavaScript, a <noscript> meta refresh reloads the page every few seconds.
(function () {
  "use strict";
  var box = document.querySelector("[data-import-status]");
  if (!box) return;
  var url = box.getAttribute("data-import-status");
  var bar = box.querySelector("[data-import-bar]");
  var label = box.querySelector("[data-import-label]");
  var count = box.querySelector("[data-import-count]");
  var number = new Intl.NumberFormat("vi-VN");

  function show(status) {
    if (label) label.textContent = status.label.charAt(0).toUpperCase() + status.label.slice(1) + "…";
    if (bar && status.total) {
      bar.max = status.total;
      bar.value = Math.min(status.done, status.total);
      bar.textContent = Math.round((100 * bar.value) / bar.max) + "%";
    }
    if (count) {
      if (status.total) {
        count.textContent =
          "Đã đọc " + number.format(status.done) + "/" + number.format(status.total) + " dòng.";
      } else if (status.done) {
        count.textContent = "Đã đọc " + number.format(status.done) + " dòng.";
      } else if (status.state !== "queued") {
        count.textContent = "Đang đọc tệp.";
      }
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (status) {
        if (!status.running) {
          window.location.reload();
          return;
        }
        show(status);
        window.setTimeout(poll, 1000);
      })
      .catch(function () {
        window.setTimeout(poll, 3000);
      });
  }
  window.setTimeout(poll, 500);
})();
