// Progressive enhancement: a session's times in the reader's zone when their account has none.
// Only the browser knows that zone, so the server leaves this one line empty and hidden.
(function () {
  "use strict";
  var nodes = document.querySelectorAll("[data-your-time]");
  if (!nodes.length || !window.Intl || !Intl.DateTimeFormat) return;
  var lang = document.documentElement.lang || undefined;
  // The site's English writes dates as the server does: "Tuesday 14 May 2024".
  if (lang === "en") lang = "en-GB";
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone) return;
  var day = new Intl.DateTimeFormat(lang, {
    weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: zone,
  });
  var hm = new Intl.DateTimeFormat(lang, {
    hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone,
  });
  var abbr = new Intl.DateTimeFormat("en", { timeZoneName: "short", timeZone: zone });
  function zoneName(date) {
    var part = abbr.formatToParts(date).filter(function (p) { return p.type === "timeZoneName"; })[0];
    return part ? part.value : "";
  }
  function dayText(date) {
    if (lang !== "en-GB") return day.format(date);
    var parts = {};
    day.formatToParts(date).forEach(function (p) { parts[p.type] = p.value; });
    return parts.weekday + " " + parts.day + " " + parts.month + " " + parts.year;
  }
  nodes.forEach(function (node) {
    var starts = new Date(node.dataset.starts);
    var ends = new Date(node.dataset.ends);
    if (isNaN(starts) || isNaN(ends)) return;
    var first = dayText(starts);
    var last = dayText(ends);
    var when = first === last
      ? first + ", " + hm.format(starts) + "–" + hm.format(ends)
      : first + ", " + hm.format(starts) + " – " + last + ", " + hm.format(ends);
    var label = zone.replace(/_/g, " ");
    var short = zoneName(starts);
    if (short && short !== zone) label += ", " + short;
    node.textContent = node.dataset.label + ": " + when + " (" + label + ")";
    node.dataset.zone = zone;
    node.hidden = false;
  });
})();
