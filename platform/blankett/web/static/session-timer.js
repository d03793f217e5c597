/* Blankett: warn two minutes before an idle session ends, and extend it without leaving the page.
 *
 * Progressive enhancement of session_timer.html: without this script the page still says when
 * the session ends and its "Förläng" form posts and comes back. With it, the same forms are
 * sent with fetch, and a dialog (role="alertdialog") opens shortly before the end. Before
 * opening it the script asks /sessioner/status (which does not count as activity) so that work
 * in another tab is not interrupted. No inline script, no external files.
 */
(function () {
  "use strict";
  var box = document.querySelector("[data-session-timer]");
  var dialog = document.getElementById("session-warning");
  if (!box || !dialog || !window.fetch) {
    return;
  }
  var warnMs = parseInt(box.getAttribute("data-warn-seconds"), 10) * 1000;
  var deadline = Date.now() + parseInt(box.getAttribute("data-seconds-left"), 10) * 1000;
  var pending = null;
  var returnFocus = null;

  function isJson(response) {
    return (response.headers.get("content-type") || "").indexOf("application/json") === 0;
  }

  function update(body) {
    // A session that has run out is redirected to the logged-out page by the server (follow);
    // one ended some other way (logged out everywhere) shows this page again, logged out.
    if (!body.logged_in) {
      window.location.assign(window.location.href);
      return;
    }
    deadline = Date.now() + body.seconds_left * 1000;
    Array.prototype.forEach.call(document.querySelectorAll("[data-session-text]"), function (el) {
      el.textContent = body.text;
    });
    schedule();
  }

  function follow(response) {
    if (response.redirected && !isJson(response)) {
      window.location.assign(response.url);
      return null;
    }
    return isJson(response) ? response.json() : null;
  }

  function open() {
    if (dialog.open) {
      return;
    }
    returnFocus = document.activeElement;
    if (typeof dialog.showModal === "function") {
      dialog.showModal();
    } else {
      dialog.setAttribute("open", "");
    }
    var first = dialog.querySelector("button");
    if (first) {
      first.focus();
    }
  }

  function close() {
    if (typeof dialog.close === "function") {
      dialog.close();
    } else {
      dialog.removeAttribute("open");
    }
    if (returnFocus && typeof returnFocus.focus === "function") {
      returnFocus.focus();
    }
  }

  function check() {
    fetch("/sessioner/status", { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(follow)
      .then(function (body) {
        if (!body) {
          return;
        }
        var left = body.seconds_left * 1000;
        if (body.logged_in && left > warnMs + 5000) {
          close(); // extended meanwhile, in another tab
          update(body);
          return;
        }
        update(body);
        if (body.logged_in) {
          open();
        }
      })
      .catch(function () {
        schedule();
      });
  }

  function schedule() {
    window.clearTimeout(pending);
    var untilWarning = deadline - warnMs - Date.now();
    // Warn first; once warned, look again when the time is up (the server then says "logged out").
    var wait = untilWarning > 0 ? untilWarning : Math.max(deadline - Date.now(), 0) + 1000;
    pending = window.setTimeout(check, wait);
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-session-extend]"), function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json" },
        body: new URLSearchParams(new FormData(form))
      })
        .then(follow)
        .then(function (body) {
          if (body) {
            close();
            update(body);
          }
        })
        .catch(function () {
          form.submit(); // the plain form post still works
        });
    });
  });
  dialog.querySelector("[data-session-close]").addEventListener("click", close);
  schedule();
})();
