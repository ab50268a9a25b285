/* Probable's pages, a light touch: countdowns, waterfall charts, the print button and the
   scan size check. Every page reads the same without it; nothing here calls the network. */
(function () {
  "use strict";

  function span(ms) {
    var s = Math.floor(Math.abs(ms) / 1000);
    var parts = [[Math.floor(s / 86400), "d"], [Math.floor(s / 3600) % 24, "h"],
                 [Math.floor(s / 60) % 60, "min"], [s % 60, "s"]];
    var out = [];
    for (var i = 0; i < parts.length; i++) {
      if (parts[i][0] || out.length) { out.push(parts[i][0] + " " + parts[i][1]); }
    }
    return out.length ? out.join(" ") : "0 s";
  }

  function tick() {
    var now = Date.now();
    document.querySelectorAll("[data-countdown]").forEach(function (el) {
      var end = Date.parse(el.getAttribute("data-countdown"));
      var out = el.querySelector(".countdown-left");
      if (isNaN(end) || !out) { return; }
      var ms = end - now;
      out.textContent = ms >= 0 ? span(ms) + " left" : "ended " + span(ms) + " ago";
      el.classList.toggle("expired", ms < 0);
    });
  }

  function charts(root) {
    if (typeof window.vegaEmbed !== "function" || typeof window.vega === "undefined") { return; }
    root.querySelectorAll("[data-vega-spec]").forEach(function (el) {
      if (el.getAttribute("data-drawn")) { return; }
      var source = document.getElementById(el.getAttribute("data-vega-spec"));
      if (!source) { return; }
      el.setAttribute("data-drawn", "1");
      var options = {
        actions: false, renderer: "svg", mode: "vega-lite",
        // The interpreter keeps Vega from compiling expressions with `new Function`,
        // so the page's Content-Security-Policy needs no 'unsafe-eval'.
        ast: true, expr: window.vega.expressionInterpreter
      };
      window.vegaEmbed(el, JSON.parse(source.textContent), options).catch(function () {
        el.textContent = "The chart could not be drawn; the table below has the same numbers.";
      });
    });
  }

  function printing(root) {
    root.querySelectorAll("[data-print-frame]").forEach(function (button) {
      var frame = document.getElementById(button.getAttribute("data-print-frame"));
      if (!frame) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        frame.contentWindow.focus();
        frame.contentWindow.print();
      });
      var fit = function () {
        try {
          frame.style.height = (frame.contentDocument.documentElement.scrollHeight + 32) + "px";
        } catch (e) { /* not loaded yet */ }
      };
      frame.addEventListener("load", fit);
      fit();
    });
  }

  function uploads(root) {
    root.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
      var warning = document.getElementById("file-too-large");
      input.addEventListener("change", function () {
        var max = parseInt(input.getAttribute("data-max-bytes"), 10);
        var big = input.files && input.files.length && input.files[0].size > max;
        if (warning) { warning.hidden = !big; }
        if (big) { input.setAttribute("aria-invalid", "true"); } else { input.removeAttribute("aria-invalid"); }
      });
    });
  }

  function start() {
    tick();
    window.setInterval(tick, 1000);
    charts(document);
    printing(document);
    uploads(document);
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
    document.body.addEventListener("htmx:afterSwap", function (event) {
      tick();
      charts(event.target);
    });
  }

  // Deferred scripts run before DOMContentLoaded, so by then Vega (loaded after) is there.
  if (document.readyState === "complete") {
    start();
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
