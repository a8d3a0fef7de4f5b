/* Site-wide progressive enhancement (no inline script anywhere: the pages work without it). */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // After a failed submit, the error summary takes the focus, so keyboard and screen-reader
    // users start where the problem is (it also has role="alert", so it is announced).
    var summary = document.querySelector("[data-focus-on-load]");
    if (summary) {
      summary.focus();
    }
    // Parts fetched after the page (the coalitions an organization would help): the link
    // they hold stays when the fetch fails.
    document.querySelectorAll("[data-fetch-into]").forEach(function (holder) {
      fetch(holder.dataset.fetchInto, { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) {
          if (!html) return;
          var parsed = new DOMParser().parseFromString(html, "text/html");
          holder.replaceChildren.apply(holder, Array.from(parsed.body.childNodes));
        })
        .catch(function () { /* the link is still there */ });
    });
    // Sign-up asks for a time zone: offer the browser's, which the person can change.
    document.querySelectorAll("select[data-browser-zone]").forEach(function (select) {
      if (select.value || !window.Intl) return;
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      if (zone && select.querySelector('option[value="' + zone + '"]')) select.value = zone;
    });
    // Menus that apply as soon as a choice is made (the language menu).
    document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () {
        select.form.submit();
      });
    });
  });
})();
