// Live word counts under textareas with a data-max-words limit (the server enforces them).
(function () {
  "use strict";
  function count(text) {
    var words = text.trim().split(/\s+/);
    return words[0] === "" ? 0 : words.length;
  }
  document.querySelectorAll("textarea[data-max-words]").forEach(function (area) {
    var out = document.querySelector('[data-word-count-for="' + area.id + '"]');
    if (!out) return;
    var limit = parseInt(area.getAttribute("data-max-words"), 10);
    var template = out.textContent.trim().replace(/^\d+/, "{n}");
    function update() {
      var n = count(area.value);
      out.textContent = template.replace("{n}", n);
      out.classList.toggle("over", n > limit);
    }
    area.addEventListener("input", update);
  });
})();
