// Drag a booked session to another slot (or room, in the room view) of the calendar's grid.
// The drop posts the session's own move form (the reschedule page) with htmx: the server runs
// the same checks as the form and answers either the form with its errors / the course-window
// offer, shown in #cal-move-panel, or a reload of the calendar once the session moved.
// A drop on another practitioner's column moves the session to them (the same checks).
// Pointer events cover mouse, pen and touch; keyboard users open the session and its form.
(function () {
  "use strict";

  var THRESHOLD = 6; // px a pointer travels before a press becomes a drag (else it is a tap)
  var panel = document.getElementById("cal-move-panel");
  if (!panel || !window.htmx) {
    return;
  }
  var drag = null;
  var swallowClick = false;

  function dropTargetAt(x, y) {
    var element = document.elementFromPoint(x, y);
    return element && element.closest("td[data-drop-start]");
  }

  function mark(target) {
    if (drag.target === target) {
      return;
    }
    if (drag.target) {
      drag.target.classList.remove("cal-drop-here");
    }
    drag.target = target;
    if (target) {
      target.classList.add("cal-drop-here");
    }
  }

  function end() {
    if (drag) {
      mark(null);
      drag.block.classList.remove("cal-dragging");
      document.body.classList.remove("cal-is-dragging");
    }
    drag = null;
  }

  function post(block, target) {
    var owner = target.getAttribute("data-drop-owner");
    var start = target.getAttribute("data-drop-start").split("T");
    var values = {
      day: start[0],
      start: start[1],
      duration: block.getAttribute("data-move-minutes"),
      room: target.getAttribute("data-drop-room") || block.getAttribute("data-move-room"),
    };
    // Another practitioner's column: the session moves to them, through the form's checks
    // (their hours, closures, clashes) like any move.
    if (owner.indexOf("practitioner:") === 0) {
      values.practitioner = owner.split(":")[1];
    }
    htmx.ajax("POST", block.getAttribute("data-move-url"), {
      target: "#cal-move-panel",
      swap: "innerHTML",
      values: values,
    });
  }

  document.addEventListener("pointerdown", function (event) {
    var block = event.target.closest && event.target.closest("[data-move-url]");
    if (!block || event.button !== 0) {
      return;
    }
    drag = { block: block, x: event.clientX, y: event.clientY, moving: false, target: null };
  });

  document.addEventListener("pointermove", function (event) {
    if (!drag) {
      return;
    }
    if (!drag.moving) {
      if (Math.abs(event.clientX - drag.x) + Math.abs(event.clientY - drag.y) < THRESHOLD) {
        return;
      }
      drag.moving = true;
      drag.block.classList.add("cal-dragging");
      document.body.classList.add("cal-is-dragging");
    }
    event.preventDefault();
    mark(dropTargetAt(event.clientX, event.clientY));
  });

  document.addEventListener("pointerup", function (event) {
    if (!drag) {
      return;
    }
    if (drag.moving) {
      swallowClick = true; // the click that follows a drag must not open the session
      var target = dropTargetAt(event.clientX, event.clientY);
      if (target) {
        post(drag.block, target);
      }
    }
    end();
  });

  document.addEventListener("pointercancel", end);

  document.addEventListener("click", function (event) {
    if (swallowClick && event.target.closest && event.target.closest("[data-move-url]")) {
      event.preventDefault();
    }
    swallowClick = false;
    if (event.target.closest && event.target.closest("[data-move-cancel]")) {
      panel.replaceChildren();
    }
  }, true);

  // A dragged link must not start the browser's own drag of its address.
  document.addEventListener("dragstart", function (event) {
    if (event.target.closest && event.target.closest("[data-move-url]")) {
      event.preventDefault();
    }
  });

  // Once htmx has settled the answer: bring it into view and give it the focus (a screen
  // reader reads the form's errors from there).
  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.target === panel) {
      var title = panel.querySelector("#cal-move-title");
      if (title) {
        title.focus({ preventScroll: true });
      }
      panel.scrollIntoView({ block: "start" });
    }
  });
})();
