/* A small signature pad: draw on a <canvas data-signature-pad data-target="input-id"> with a
   finger, stylus or mouse (pointer events); the drawing is written into the hidden input as a
   PNG data URL on every stroke, and cleared with [data-signature-clear]. No library.
   Loaded only by the consent-signing page (CSP: no inline script or style). */
(function () {
  "use strict";

  function setUp(canvas) {
    var input = document.getElementById(canvas.dataset.target);
    var form = canvas.closest("form");
    var clear = form ? form.querySelector("[data-signature-clear]") : null;
    var state = form ? form.querySelector("[data-signature-state]") : null;
    var context = canvas.getContext("2d");
    var drawing = false;
    var hasInk = false;
    var last = null;

    canvas.style.touchAction = "none"; // the finger draws; it does not scroll the page
    canvas.style.cursor = "crosshair";

    function reset() {
      context.clearRect(0, 0, canvas.width, canvas.height);
      context.fillStyle = "#ffffff";
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.strokeStyle = "#111111";
      context.lineCap = "round";
      context.lineJoin = "round";
      hasInk = false;
      if (input) input.value = "";
      if (state) state.textContent = state.dataset.empty || state.textContent;
    }

    // Pointer position in canvas pixels (the canvas is drawn at its own resolution and
    // scaled by CSS to the page's width).
    function point(event) {
      var box = canvas.getBoundingClientRect();
      return {
        x: ((event.clientX - box.left) * canvas.width) / box.width,
        y: ((event.clientY - box.top) * canvas.height) / box.height,
        pressure: event.pressure || 0.5,
      };
    }

    function lineTo(next) {
      context.lineWidth = 2.2 + 3 * next.pressure;
      context.beginPath();
      context.moveTo(last.x, last.y);
      context.lineTo(next.x, next.y);
      context.stroke();
      last = next;
    }

    function save() {
      if (!hasInk || !input) return;
      input.value = canvas.toDataURL("image/png");
      if (state) state.textContent = state.dataset.done || "✓";
    }

    canvas.addEventListener("pointerdown", function (event) {
      if (event.button !== undefined && event.button > 0) return;
      event.preventDefault();
      canvas.setPointerCapture(event.pointerId);
      drawing = true;
      last = point(event);
      lineTo({ x: last.x + 0.1, y: last.y + 0.1, pressure: last.pressure }); // a dot
      hasInk = true;
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      event.preventDefault();
      var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
      for (var i = 0; i < events.length; i++) lineTo(point(events[i]));
    });
    function finish(event) {
      if (!drawing) return;
      drawing = false;
      if (canvas.hasPointerCapture(event.pointerId)) canvas.releasePointerCapture(event.pointerId);
      save();
    }
    canvas.addEventListener("pointerup", finish);
    canvas.addEventListener("pointercancel", finish);

    if (clear) clear.addEventListener("click", reset);
    if (form) {
      form.addEventListener("submit", function (event) {
        if (!hasInk) {
          event.preventDefault();
          if (state) state.textContent = state.dataset.missing || state.textContent;
          canvas.focus();
        }
      });
    }
    if (state) {
      state.dataset.empty = state.textContent;
      state.dataset.done = state.dataset.done || "Signature captured.";
      state.dataset.missing = state.dataset.missing || "Please sign in the box first.";
    }
    canvas.tabIndex = 0;
    var kept = input && input.value.indexOf("data:image/png;base64,") === 0 ? input.value : "";
    reset();
    if (kept) {
      // The form came back (another field needed attention): keep the drawing.
      var image = new Image();
      image.onload = function () {
        context.drawImage(image, 0, 0, canvas.width, canvas.height);
        hasInk = true;
        save();
      };
      image.src = kept;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var pads = document.querySelectorAll("canvas[data-signature-pad]");
    for (var i = 0; i < pads.length; i++) setUp(pads[i]);
  });
})();
