// Optional: saves a rating's draft as the panelist types, so closing the tab
// loses nothing. Every task works without it (the "Save draft" button).
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosave]");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var status = form.querySelector(".autosave-status");
  var warning = document.getElementById("note-warning");
  var version = form.querySelector("input.version");
  var kinds = JSON.parse(form.dataset.kinds || "{}");
  var timer = null;
  var busy = false;
  var again = false;

  function save() {
    if (busy) {
      again = true;
      return;
    }
    busy = true;
    var data = new FormData(form);
    data.delete("action");
    fetch(form.dataset.autosave, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (body) {
          return { ok: response.ok, status: response.status, body: body };
        });
      })
      .then(function (answer) {
        if (answer.ok) {
          version.value = answer.body.version;
          var time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
          status.textContent = form.dataset.saved + " " + time;
          var found = (answer.body.warnings || []).map(function (k) { return kinds[k] || k; });
          warning.textContent = found.length
            ? form.dataset.warning.replace("{kinds}", found.join(", "))
            : "";
        } else if (answer.status === 409) {
          status.textContent = form.dataset.stale;
          again = false;
        }
      })
      .catch(function () { /* offline: the button still saves */ })
      .then(function () {
        busy = false;
        if (again) {
          again = false;
          save();
        }
      });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 600);
  }

  form.addEventListener("change", later);
  form.addEventListener("input", later);
})();
