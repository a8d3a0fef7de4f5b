/* The portfolio's "what if", live: ticking a candidate or a merge request redraws the balance
   meters from the server (the same panel the "Show the balance" button renders). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("portfolio-form");
    if (!form) return;
    var pending = 0;
    function redraw() {
      var params = new URLSearchParams();
      new FormData(form).forEach(function (value, name) {
        if (name === "edition" || name === "tick" || name === "merge") params.append(name, value);
      });
      params.append("panel", "1");
      var mine = ++pending;
      form.setAttribute("aria-busy", "true");
      fetch(form.dataset.panelUrl + "?" + params.toString(), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) {
          if (!html || mine !== pending) return;
          var parsed = new DOMParser().parseFromString(html, "text/html");
          var fresh = parsed.getElementById("portfolio-panel");
          var old = document.getElementById("portfolio-panel");
          if (fresh && old) old.replaceWith(fresh);
        })
        .catch(function () { /* the button still shows the balance */ })
        .finally(function () { if (mine === pending) form.removeAttribute("aria-busy"); });
    }
    form.addEventListener("change", function (event) {
      var name = event.target && event.target.name;
      if (name === "tick" || name === "merge") redraw();
    });
  });
})();
