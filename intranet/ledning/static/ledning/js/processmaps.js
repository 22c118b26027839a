/* Zoom and pan for a process map on its own page: buttons, keyboard (arrows, + − 0), mouse
   (drag, Ctrl + wheel) and touch (drag with one finger, pinch with two). It changes the SVG's
   viewBox, so text stays sharp at every zoom. Without JavaScript the map is shown whole. */
(function () {
  "use strict";

  var MIN_SCALE = 0.5; // the whole map at half size
  var MAX_SCALE = 8;
  var STEP = 1.25;

  function setup(figure) {
    var viewport = figure.querySelector("[data-pm-viewport]");
    var svg = viewport && viewport.querySelector("svg");
    if (!svg) return;
    var base = svg.viewBox.baseVal;
    var home = { x: base.x, y: base.y, w: base.width, h: base.height };
    var view = { x: home.x, y: home.y, w: home.w, h: home.h };
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");

    function apply() {
      svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
      var scale = home.w / view.w;
      viewport.setAttribute("data-scale", scale.toFixed(2));
    }

    // SVG units per screen pixel at the current view (the viewBox is fitted with "meet").
    function unitsPerPixel() {
      var rect = viewport.getBoundingClientRect();
      return Math.max(view.w / Math.max(rect.width, 1), view.h / Math.max(rect.height, 1));
    }

    function zoom(factor, clientX, clientY) {
      var scale = home.w / view.w;
      var target = Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale * factor));
      factor = target / scale;
      if (factor === 1) return;
      var rect = viewport.getBoundingClientRect();
      var upp = unitsPerPixel();
      // The point under the cursor (or the centre) stays where it is.
      var px = clientX === undefined ? rect.width / 2 : clientX - rect.left;
      var py = clientY === undefined ? rect.height / 2 : clientY - rect.top;
      var cx = view.x + view.w / 2 + (px - rect.width / 2) * upp;
      var cy = view.y + view.h / 2 + (py - rect.height / 2) * upp;
      var w = view.w / factor;
      var h = view.h / factor;
      view.x = cx - (cx - view.x) / factor;
      view.y = cy - (cy - view.y) / factor;
      view.w = w;
      view.h = h;
      apply();
    }

    function pan(dxPixels, dyPixels) {
      var upp = unitsPerPixel();
      view.x -= dxPixels * upp;
      view.y -= dyPixels * upp;
      apply();
    }

    function fit() {
      view = { x: home.x, y: home.y, w: home.w, h: home.h };
      apply();
    }

    var toolbar = figure.querySelector("[data-pm-toolbar]");
    if (toolbar) {
      toolbar.hidden = false;
      toolbar.addEventListener("click", function (event) {
        var button = event.target.closest("button");
        if (!button) return;
        var action = button.getAttribute("data-pm-zoom");
        if (action === "in") zoom(STEP);
        else if (action === "out") zoom(1 / STEP);
        else if (action === "fit") fit();
        else if (button.hasAttribute("data-pm-print")) window.print();
      });
    }

    viewport.addEventListener("keydown", function (event) {
      if (event.target !== viewport) return; // keys on a focused step's link act as usual
      var rect = viewport.getBoundingClientRect();
      var stepX = rect.width / 8;
      var stepY = rect.height / 8;
      var handled = true;
      switch (event.key) {
        case "ArrowLeft": pan(stepX, 0); break;
        case "ArrowRight": pan(-stepX, 0); break;
        case "ArrowUp": pan(0, stepY); break;
        case "ArrowDown": pan(0, -stepY); break;
        case "+": case "=": case "Add": zoom(STEP); break;
        case "-": case "−": case "Subtract": zoom(1 / STEP); break;
        case "0": case "Home": fit(); break;
        default: handled = false;
      }
      if (handled) event.preventDefault();
    });

    viewport.addEventListener(
      "wheel",
      function (event) {
        if (!(event.ctrlKey || event.metaKey)) return; // a plain wheel scrolls the page
        event.preventDefault();
        zoom(event.deltaY < 0 ? STEP : 1 / STEP, event.clientX, event.clientY);
      },
      { passive: false }
    );

    // Pointers: one drags, two pinch. A drag longer than a few pixels is not a click.
    var pointers = new Map();
    var moved = 0;
    var pinch = null;

    viewport.addEventListener("pointerdown", function (event) {
      if (event.button !== undefined && event.button > 0) return;
      pointers.set(event.pointerId, { x: event.clientX, y: event.clientY });
      moved = 0;
      if (pointers.size === 2) {
        var points = Array.from(pointers.values());
        pinch = distance(points[0], points[1]);
      }
      viewport.classList.add("is-panning");
    });

    viewport.addEventListener("pointermove", function (event) {
      var last = pointers.get(event.pointerId);
      if (!last) return;
      var current = { x: event.clientX, y: event.clientY };
      if (pointers.size === 1) {
        var dx = current.x - last.x;
        var dy = current.y - last.y;
        moved += Math.abs(dx) + Math.abs(dy);
        if (moved > 4) {
          if (!viewport.hasPointerCapture(event.pointerId)) {
            viewport.setPointerCapture(event.pointerId);
          }
          pan(dx, dy);
        }
      } else if (pointers.size === 2 && pinch) {
        pointers.set(event.pointerId, current);
        var points = Array.from(pointers.values());
        var now = distance(points[0], points[1]);
        if (now > 0) {
          zoom(now / pinch, (points[0].x + points[1].x) / 2, (points[0].y + points[1].y) / 2);
          pinch = now;
        }
        moved += 10;
      }
      pointers.set(event.pointerId, current);
    });

    function release(event) {
      pointers.delete(event.pointerId);
      if (pointers.size < 2) pinch = null;
      if (pointers.size === 0) viewport.classList.remove("is-panning");
    }
    viewport.addEventListener("pointerup", release);
    viewport.addEventListener("pointercancel", release);

    // A drag that ends on a step does not open its link.
    viewport.addEventListener(
      "click",
      function (event) {
        if (moved > 4) {
          event.preventDefault();
          event.stopPropagation();
          moved = 0;
        }
      },
      true
    );

    // Printing shows the whole map and the text alternative.
    window.addEventListener("beforeprint", function () {
      fit();
      var details = document.querySelectorAll("details.pm-text");
      for (var i = 0; i < details.length; i++) details[i].open = true;
    });

    apply();
  }

  function distance(a, b) {
    return Math.hypot(a.x - b.x, a.y - b.y);
  }

  function init() {
    var figures = document.querySelectorAll(".pm--interactive[data-pm]");
    for (var i = 0; i < figures.length; i++) setup(figures[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
