// Every page: small enhancements that need no inline script (the Content-Security-Policy
// allows scripts from this site's static files only).
"use strict";

// A select marked data-submit-on-change submits its form when changed (the language menu);
// without JavaScript the form's own button does it.
document.addEventListener("change", (event) => {
  const field = event.target;
  if (field instanceof HTMLSelectElement && field.hasAttribute("data-submit-on-change")) {
    field.form.submit();
  }
});
