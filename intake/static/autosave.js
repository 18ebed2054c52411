// Saves a form marked data-autosave as a draft while someone types: after a pause, the
// form is posted in the background to its own address with "X-Autosave: 1"; the server
// answers in JSON with the draft's new version, which goes into the form's version field
// so the next save (in the background or by a button) is not taken for a stale one.
// Without this script the buttons save, as before. No inline script: the CSP forbids it.
(function () {
  "use strict";
  var PAUSE_MS = 1500;

  function start(form) {
    var status = form.querySelector(".autosave-status");
    var version = form.querySelector("input[name=version]");
    var timer = null;
    var inFlight = null; // the running save's promise
    var dirty = false;
    var stopped = false; // after a conflict: the buttons show what happened

    function say(text) {
      if (status) status.textContent = text || "";
    }

    function save(keepalive) {
      timer = null;
      if (stopped || !dirty) return Promise.resolve();
      if (inFlight) return inFlight.then(function () { return save(keepalive); });
      dirty = false;
      var body = new FormData(form);
      inFlight = fetch(form.action || window.location.href, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "X-Autosave": "1", Accept: "application/json" },
        keepalive: !!keepalive,
      })
        .then(function (response) {
          var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
          if (!json) {
            // Not our answer (an expired form's CSRF refusal, say): a button press shows it.
            stopped = true;
            say(form.dataset.failedText);
            return;
          }
          return response.json().then(function (data) {
            if (response.ok && data.saved) {
              if (version) version.value = String(data.version);
              say(form.dataset.savedText);
            } else if (response.status === 422) {
              say(form.dataset.invalidText); // a button press shows what is wrong
            } else {
              stopped = true;
              say(form.dataset.failedText);
            }
          });
        })
        .catch(function () {
          dirty = true; // try again after the next pause
          say(form.dataset.offlineText);
        })
        .then(function () { inFlight = null; });
      return inFlight;
    }

    function changed() {
      dirty = true;
      say("");
      if (timer) clearTimeout(timer);
      timer = setTimeout(save, PAUSE_MS);
    }

    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    // A button pressed while a background save runs waits for it: it must carry the new version.
    form.addEventListener("submit", function (event) {
      if (timer) { clearTimeout(timer); timer = null; }
      dirty = false; // the button's own post saves what is typed
      if (inFlight) {
        event.preventDefault();
        var submitter = event.submitter;
        inFlight.then(function () {
          if (form.requestSubmit) form.requestSubmit(submitter); else form.submit();
        });
      }
    });
    window.addEventListener("pagehide", function () {
      if (timer) { clearTimeout(timer); save(true); }
    });
  }

  var forms = document.querySelectorAll("form[data-autosave]");
  for (var i = 0; i < forms.length; i++) start(forms[i]);
})();
