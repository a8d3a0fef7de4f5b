// Progressive enhancement: show an online session's times in the browser's own time zone.
// The server already shows them in the session's zone and in the viewer's (or UTC).
(function () {
  "use strict";
  var nodes = document.querySelectorAll("[data-local-times]");
  if (!nodes.length || !window.Intl || !Intl.DateTimeFormat) return;
  var lang = document.documentElement.lang || undefined;
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  var day = new Intl.DateTimeFormat(lang, { weekday: "long", day: "numeric", month: "long", year: "numeric" });
  var hm = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hour12: false, timeZoneName: "short" });
  var hmPlain = new Intl.DateTimeFormat(lang, { hour: "2-digit", minute: "2-digit", hour12: false });
  nodes.forEach(function (node) {
    var starts = new Date(node.dataset.starts);
    var ends = new Date(node.dataset.ends);
    if (isNaN(starts) || isNaN(ends) || node.dataset.zone === zone) return;
    var local = document.createElement("div");
    local.dataset.testid = "browser-zone-times";
    local.textContent = node.dataset.label + " (" + zone + "): " + day.format(starts) + ", " +
      hmPlain.format(starts) + "–" + hm.format(ends);
    node.parentNode.appendChild(local);
  });
})();
