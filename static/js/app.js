// Behaviour for every page. No inline scripts anywhere (strict Content-Security-Policy):
// templates declare behaviour with data- attributes and this file wires it up.
(function () {
  "use strict";

  // <form data-confirm="Archive this patient?">: ask before destructive actions.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  }, true);

  // <button data-print>: print the page (print.css lays it out for paper).
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) {
      window.print();
    }
  });

  // htmx sends the CSRF token with every non-GET request.
  document.addEventListener("htmx:configRequest", function (event) {
    var cookie = document.cookie.split("; ").find(function (row) {
      return row.indexOf("csrftoken=") === 0;
    });
    if (cookie) {
      event.detail.headers["X-CSRFToken"] = cookie.split("=")[1];
    }
  });

  // Patient search-as-you-type (templates/treatments/_patient_pick.html): the box is hidden
  // until here, so without JavaScript the chart-number field alone works. A result is a
  // <button data-pick-chart>; picking it fills the field named by data-patient-pick.
  function pickBox(element) {
    return element.closest && element.closest("[data-patient-pick]");
  }
  document.querySelectorAll("[data-patient-pick]").forEach(function (box) {
    if (window.htmx) {
      box.hidden = false;
    }
  });
  document.addEventListener("click", function (event) {
    var choice = event.target.closest && event.target.closest("[data-pick-chart]");
    var box = choice && pickBox(choice);
    if (!box) {
      return;
    }
    var field = document.getElementById(box.getAttribute("data-patient-pick"));
    if (field) {
      field.value = choice.getAttribute("data-pick-chart");
      field.dispatchEvent(new Event("input", { bubbles: true }));
    }
    var chosen = box.querySelector("[data-pick-chosen]");
    if (chosen) {
      chosen.textContent = "\u2713 " + choice.getAttribute("data-pick-name") + " \u00b7 " +
        choice.getAttribute("data-pick-chart");
    }
    box.querySelector("#patient-pick-results").replaceChildren();
    if (field) {
      field.focus();
    }
  });
  document.addEventListener("keydown", function (event) {
    var box = pickBox(event.target);
    if (!box) {
      return;
    }
    var buttons = Array.prototype.slice.call(box.querySelectorAll("[data-pick-chart]"));
    var index = buttons.indexOf(event.target);
    if (event.target.matches("input[type=search]")) {
      // Enter or arrow down moves to the first match; Enter never submits the booking.
      if (event.key === "Enter" || event.key === "ArrowDown") {
        event.preventDefault();
        if (buttons.length) {
          buttons[0].focus();
        }
      }
    } else if (index >= 0 && (event.key === "ArrowDown" || event.key === "ArrowUp")) {
      event.preventDefault();
      var next = index + (event.key === "ArrowDown" ? 1 : -1);
      if (next < 0) {
        box.querySelector("input[type=search]").focus();
      } else if (next < buttons.length) {
        buttons[next].focus();
      }
    }
  });
})();
