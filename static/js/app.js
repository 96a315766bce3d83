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
})();
