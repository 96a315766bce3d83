// The chart form's injection map (templates/treatments/_chart_map_editor.html). Tap a
// diagram to place a point, or tap the corners of a zone; each mark takes the lot and
// volume chosen in the toolbar. Keyboard: arrow keys move a cross on the focused diagram,
// Enter places. Everything is written as JSON into the form's hidden field; the server
// (sessions/charting/maps.py) checks every value again.
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";

  function init(root) {
    var form = root.closest("form");
    var input = root.querySelector("[data-map-input]");
    var editor = root.querySelector("[data-map-editor]");
    var empty = root.querySelector("[data-map-empty]");
    var areaSelect = root.querySelector("[data-map-area]");
    var lotSelect = root.querySelector("[data-map-lot]");
    var volumeInput = root.querySelector("[data-map-volume]");
    var status = root.querySelector("[data-map-status]");
    var zoneActions = root.querySelector("[data-map-zone-actions]");
    var techniques = JSON.parse(root.getAttribute("data-techniques") || "[]");
    var state;
    try {
      state = JSON.parse(input.value || "{}");
    } catch (error) {
      state = {};
    }
    state.areas = Array.isArray(state.areas) ? state.areas : [];
    state.marks = Array.isArray(state.marks) ? state.marks : [];
    var zone = []; // corners of the zone being drawn
    var cursor = {}; // diagram code -> [x, y] of the keyboard cross

    root.querySelector("[data-map-noscript]").hidden = true;

    function msg(name) {
      return root.getAttribute("data-msg-" + name) || "";
    }
    function label(name) {
      return root.getAttribute("data-label-" + name) || name;
    }
    function say(text) {
      status.textContent = text;
    }

    // --- Areas: the ticked "Areas treated" checkboxes, each on its diagram ---------------
    function areaBoxes() {
      return Array.prototype.slice.call(form.querySelectorAll("input[name='areas']"));
    }
    function areaLabel(code) {
      var box = areaBoxes().find(function (b) { return b.value === code; });
      var text = box && form.querySelector("label[for='" + box.id + "']");
      return text ? text.textContent.trim() : code;
    }
    function diagramOf(area) {
      var region = root.querySelector("[data-map-diagram] polygon[data-area='" + area + "']");
      return region ? region.closest("[data-map-diagram]") : null;
    }
    function tickedAreas() {
      return areaBoxes().filter(function (b) { return b.checked && diagramOf(b.value); })
        .map(function (b) { return b.value; });
    }
    function areaRow(area) {
      var row = state.areas.find(function (a) { return a.area === area; });
      if (!row) {
        row = { area: area, technique: "", needle_gauge: null, needle_length_mm: "",
          depth_mm: "", points: null, volume_ml: "0" };
        state.areas.push(row);
      }
      return row;
    }
    function syncAreas() {
      var ticked = tickedAreas();
      // An unticked area keeps its row only while marks remain on it (the server says so).
      state.areas = state.areas.filter(function (a) {
        return ticked.indexOf(a.area) >= 0 || state.marks.some(function (m) { return m.area === a.area; });
      });
      ticked.forEach(areaRow);
      var current = areaSelect.value;
      areaSelect.textContent = "";
      state.areas.forEach(function (a) {
        var option = document.createElement("option");
        option.value = a.area;
        option.textContent = areaLabel(a.area);
        areaSelect.appendChild(option);
      });
      if (state.areas.some(function (a) { return a.area === current; })) {
        areaSelect.value = current;
      }
      editor.hidden = state.areas.length === 0;
      empty.hidden = state.areas.length !== 0;
      // Areas on the map are the one source of technique, needle, depth and points.
      form.querySelectorAll("[data-chart-level]").forEach(function (el) { el.hidden = state.areas.length !== 0; });
      form.querySelectorAll("[data-chart-level-note]").forEach(function (el) { el.hidden = state.areas.length === 0; });
    }

    // --- Lots: the lots chosen in the blend rows above ---------------------------------
    function blendLots() {
      var lots = [];
      form.querySelectorAll("select[name^='p-'][name$='-lot']").forEach(function (select) {
        var removed = form.querySelector("[name='" + select.name.replace(/-lot$/, "-DELETE") + "']");
        if (!select.value || (removed && removed.checked)) {
          return;
        }
        var row = select.closest("tr") || select.parentNode;
        var volume = row.querySelector("[name$='-volume_ml']");
        var text = select.options[select.selectedIndex].textContent.split(" · ").slice(0, 2).join(" · ");
        var known = lots.find(function (l) { return l.id === Number(select.value); });
        var ml = volume ? Number(volume.value) || 0 : 0;
        if (known) {
          known.volume += ml;
        } else {
          lots.push({ id: Number(select.value), label: text, volume: ml });
        }
      });
      return lots;
    }
    function syncLots() {
      var lots = blendLots();
      var current = lotSelect.value;
      lotSelect.textContent = "";
      lots.forEach(function (lot) {
        var option = document.createElement("option");
        option.value = String(lot.id);
        option.textContent = lot.label;
        lotSelect.appendChild(option);
      });
      if (lots.some(function (l) { return String(l.id) === current; })) {
        lotSelect.value = current;
      }
      return lots;
    }

    // --- Geometry ---------------------------------------------------------------------
    function polygonPoints(polygon) {
      return polygon.getAttribute("points").trim().split(/\s+/).map(function (pair) {
        return pair.split(",").map(Number);
      });
    }
    function inside(x, y, points) {
      var result = false;
      for (var i = 0, j = points.length - 1; i < points.length; j = i++) {
        var xi = points[i][0], yi = points[i][1], xj = points[j][0], yj = points[j][1];
        if ((yi > y) !== (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi) {
          result = !result;
        }
      }
      return result;
    }
    function inArea(area, x, y) {
      var holder = diagramOf(area);
      return Array.prototype.some.call(
        holder.querySelectorAll("polygon[data-area='" + area + "']"),
        function (polygon) { return inside(x, y, polygonPoints(polygon)); }
      );
    }
    function centre(points) {
      var x = 0, y = 0;
      points.forEach(function (p) { x += p[0]; y += p[1]; });
      return [x / points.length, y / points.length];
    }
    function round1(value) {
      return Math.round(value * 10) / 10;
    }

    // --- Placing marks ----------------------------------------------------------------
    function currentVolume() {
      var value = Number(volumeInput.value);
      return value > 0 ? Math.round(value * 1000) / 1000 : null;
    }
    function place(x, y) {
      var area = areaSelect.value;
      var mode = root.querySelector("[data-map-mode]:checked").value;
      if (!inArea(area, x, y) && mode === "point") {
        say(msg("outside"));
        return;
      }
      if (!lotSelect.value) {
        say(msg("no-lot"));
        return;
      }
      if (currentVolume() === null) {
        say(msg("bad-volume"));
        return;
      }
      if (mode === "zone") {
        zone.push([round1(x), round1(y)]);
        say(msg("vertex"));
        render();
        return;
      }
      addMark("point", [[round1(x), round1(y)]]);
      say(msg("placed"));
    }
    function addMark(kind, coordinates) {
      state.marks.push({
        area: areaSelect.value,
        kind: kind,
        coordinates: coordinates,
        lot: Number(lotSelect.value),
        volume_ml: String(currentVolume()),
      });
      render();
    }
    function finishZone() {
      if (zone.length < 3) {
        say(msg("zone-short"));
        return;
      }
      var middle = centre(zone);
      if (!inArea(areaSelect.value, middle[0], middle[1])) {
        say(msg("outside"));
        return;
      }
      addMark("zone", zone);
      zone = [];
      say(msg("placed"));
      render();
    }

    function svgPoint(svg, event) {
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      return point.matrixTransform(svg.getScreenCTM().inverse());
    }
    root.querySelectorAll("[data-map-svg]").forEach(function (svg) {
      svg.addEventListener("click", function (event) {
        var p = svgPoint(svg, event);
        place(p.x, p.y);
      });
      svg.addEventListener("focus", function () {
        var code = svg.closest("[data-map-diagram]").getAttribute("data-map-diagram");
        if (!cursor[code]) {
          var first = svg.querySelector("polygon[data-area='" + areaSelect.value + "']");
          cursor[code] = first ? centre(polygonPoints(first)) : [100, 100];
        }
        drawDiagrams();
      });
      // Only the drawing: rebuilding the tables on blur would swap a button being clicked.
      svg.addEventListener("blur", drawDiagrams);
      svg.addEventListener("keydown", function (event) {
        var code = svg.closest("[data-map-diagram]").getAttribute("data-map-diagram");
        var step = event.shiftKey ? 10 : 2;
        var moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
        var box = svg.viewBox.baseVal;
        if (moves[event.key]) {
          var c = cursor[code];
          c[0] = Math.min(box.x + box.width, Math.max(box.x, c[0] + moves[event.key][0]));
          c[1] = Math.min(box.y + box.height, Math.max(box.y, c[1] + moves[event.key][1]));
          event.preventDefault();
          drawDiagrams();
        } else if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          place(cursor[code][0], cursor[code][1]);
        } else if (event.key === "Escape" && zone.length) {
          zone = [];
          render();
        }
      });
    });
    root.querySelector("[data-map-finish-zone]").addEventListener("click", finishZone);
    root.querySelector("[data-map-cancel-zone]").addEventListener("click", function () {
      zone = [];
      render();
    });

    // --- Drawing ----------------------------------------------------------------------
    function svgEl(name, attrs) {
      var el = document.createElementNS(SVG_NS, name);
      Object.keys(attrs).forEach(function (key) { el.setAttribute(key, attrs[key]); });
      return el;
    }
    function drawDiagram(holder) {
      var code = holder.getAttribute("data-map-diagram");
      var area = areaSelect.value;
      holder.hidden = diagramOf(area) !== holder;
      holder.querySelectorAll("polygon[data-area]").forEach(function (polygon) {
        var active = polygon.getAttribute("data-area") === area;
        polygon.classList.toggle("is-active", active);
      });
      var layer = holder.querySelector("[data-map-marks]");
      layer.textContent = "";
      state.marks.forEach(function (mark, index) {
        if (diagramOf(mark.area) !== holder) {
          return;
        }
        var at = centre(mark.coordinates);
        if (mark.kind === "zone") {
          layer.appendChild(svgEl("polygon", {
            points: mark.coordinates.map(function (p) { return p.join(","); }).join(" "),
            "class": "map-zone",
          }));
        } else {
          layer.appendChild(svgEl("circle", { cx: at[0], cy: at[1], r: 2.6, "class": "map-point" }));
        }
        var number = svgEl("text", { x: at[0] + 3.5, y: at[1] - 2.5, "class": "map-number" });
        number.textContent = String(index + 1);
        layer.appendChild(number);
      });
      if (zone.length && !holder.hidden) {
        layer.appendChild(svgEl("polyline", {
          points: zone.map(function (p) { return p.join(","); }).join(" "),
          "class": "map-zone-draft",
        }));
      }
      var cross = holder.querySelector("[data-map-cursor]");
      var svg = holder.querySelector("[data-map-svg]");
      var focused = document.activeElement === svg && cursor[code];
      cross.hidden = !focused;
      if (focused) {
        cross.setAttribute("transform", "translate(" + cursor[code][0] + " " + cursor[code][1] + ")");
      }
    }

    function cell(row, content) {
      var td = document.createElement("td");
      if (typeof content === "string") {
        td.textContent = content;
      } else {
        td.appendChild(content);
      }
      row.appendChild(td);
      return td;
    }
    function field(type, value, labelText, onChange, attrs) {
      var el = document.createElement(type === "select" ? "select" : "input");
      el.className = type === "select" ? "form-select form-select-sm" : "form-control form-control-sm";
      if (type !== "select") {
        el.type = "number";
        el.inputMode = "decimal";
      }
      Object.keys(attrs || {}).forEach(function (key) { el.setAttribute(key, attrs[key]); });
      el.setAttribute("aria-label", labelText);
      if (type === "select") {
        attrs.options.forEach(function (choice) {
          var option = document.createElement("option");
          option.value = choice[0];
          option.textContent = choice[1];
          el.appendChild(option);
        });
        el.removeAttribute("options");
      }
      el.value = value === null || value === undefined ? "" : String(value);
      el.addEventListener("change", function () { onChange(el.value); write(); });
      return el;
    }

    function drawAreas() {
      var body = root.querySelector("[data-map-areas]");
      body.textContent = "";
      state.areas.forEach(function (a) {
        var name = areaLabel(a.area);
        var row = document.createElement("tr");
        row.setAttribute("data-map-area-row", a.area);
        cell(row, name);
        cell(row, field("select", a.technique, name + ": " + label("technique"),
          function (v) { a.technique = v; }, { options: [["", "—"]].concat(techniques) }));
        cell(row, field("number", a.needle_gauge, name + ": G", function (v) {
          a.needle_gauge = v === "" ? null : Number(v);
        }, { min: "18", max: "34", step: "1" }));
        cell(row, field("number", a.needle_length_mm, name + ": mm", function (v) {
          a.needle_length_mm = v;
        }, { min: "0.5", step: "0.5" }));
        cell(row, field("number", a.depth_mm, name + ": depth mm", function (v) {
          a.depth_mm = v;
        }, { min: "0", step: "0.1" }));
        cell(row, field("number", a.points, name + ": points", function (v) {
          a.points = v === "" ? null : Number(v);
        }, { min: "0", step: "1" }));
        var total = cell(row, a.volume_ml);
        total.className = "text-end";
        body.appendChild(row);
      });
    }

    function drawMarks(lots) {
      var body = root.querySelector("[data-map-marks-rows]");
      body.textContent = "";
      if (!state.marks.length) {
        var none = document.createElement("tr");
        var td = cell(none, label("no-marks"));
        td.colSpan = 6;
        body.appendChild(none);
      }
      var lotChoices = lots.map(function (l) { return [String(l.id), l.label]; });
      state.marks.forEach(function (mark, index) {
        var row = document.createElement("tr");
        row.setAttribute("data-map-mark-row", String(index + 1));
        cell(row, String(index + 1));
        cell(row, areaLabel(mark.area));
        cell(row, label(mark.kind));
        var choices = lotChoices.slice();
        if (!lots.some(function (l) { return l.id === mark.lot; })) {
          choices.unshift([String(mark.lot), "?"]);
        }
        cell(row, field("select", mark.lot, "#" + (index + 1), function (v) {
          mark.lot = Number(v);
          render();
        }, { options: choices }));
        cell(row, field("number", mark.volume_ml, "#" + (index + 1) + " mL", function (v) {
          mark.volume_ml = v;
          render();
        }, { min: "0.001", step: "0.001" }));
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "btn btn-outline-danger btn-sm";
        remove.textContent = label("remove");
        remove.setAttribute("aria-label", label("remove") + " #" + (index + 1));
        remove.addEventListener("click", function () {
          state.marks.splice(index, 1);
          say(msg("removed"));
          render();
        });
        cell(row, remove);
        body.appendChild(row);
      });
    }

    function drawTotals(lots) {
      var list = root.querySelector("[data-map-totals]");
      list.textContent = "";
      lots.forEach(function (lot) {
        var marked = 0;
        state.marks.forEach(function (m) {
          if (m.lot === lot.id) {
            marked += Number(m.volume_ml) || 0;
          }
        });
        var item = document.createElement("li");
        item.textContent = lot.label + ": " + (Math.round(marked * 1000) / 1000) + " mL " +
          label("marked") + ", " + (Math.round(lot.volume * 1000) / 1000) + " mL " + label("of-blend");
        item.classList.toggle("text-danger", state.marks.length > 0 && Math.abs(marked - lot.volume) > 0.0005);
        list.appendChild(item);
      });
    }

    function write() {
      // Each area's volume is the sum of its marks (the server checks the same).
      state.areas.forEach(function (a) {
        var total = 0;
        state.marks.forEach(function (m) {
          if (m.area === a.area) {
            total += Math.round((Number(m.volume_ml) || 0) * 1000);
          }
        });
        a.volume_ml = String(total / 1000);
      });
      // An area with nothing charted on it yet is not posted (no empty rows on the chart).
      var charted = state.areas.filter(function (a) {
        return a.volume_ml !== "0" || a.technique || a.needle_gauge || a.needle_length_mm ||
          a.depth_mm || a.points;
      });
      input.value = JSON.stringify({ areas: charted, marks: state.marks });
    }

    function drawDiagrams() {
      root.querySelectorAll("[data-map-diagram]").forEach(drawDiagram);
    }

    function render() {
      syncAreas();
      var lots = syncLots();
      write();
      root.querySelectorAll("[data-map-diagram]").forEach(drawDiagram);
      zoneActions.hidden = root.querySelector("[data-map-mode]:checked").value !== "zone";
      drawAreas();
      drawMarks(lots);
      drawTotals(lots);
    }

    areaSelect.addEventListener("change", function () {
      zone = [];
      render();
    });
    root.querySelectorAll("[data-map-mode]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        zone = [];
        render();
      });
    });
    // Ticking an area or changing the blend rows changes what the map offers.
    form.addEventListener("change", function (event) {
      if (!root.contains(event.target)) {
        render();
      }
    });
    form.addEventListener("submit", write);
    render();
  }

  document.querySelectorAll("[data-chart-map]").forEach(init);
})();
