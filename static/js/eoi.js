// The EOI form, progressively enhanced: rows added without a round trip, word counters,
// the region filled in from the country, organizations offered as you type, and the criteria
// checklist updated as you type. Without this file the form still works (server round trips).
(function () {
  "use strict";
  const form = document.getElementById("eoi-form");
  if (!form) return;
  const regionsData = document.getElementById("country-regions");
  const countryRegions = regionsData ? JSON.parse(regionsData.textContent) : {};
  const checklist = document.getElementById("checklist");
  const orgOptions = document.getElementById("org-options");
  const found = new Map(); // organization name (lower case) -> suggestions with that name

  function debounce(fn, ms) {
    let timer;
    return function () { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }
  function field(row, name) { return row.querySelector(`[name$="-${name}"]`); }
  function value(row, name) { const el = field(row, name); return el ? el.value.trim() : ""; }

  // --- word counters -------------------------------------------------------------------
  const wordsTemplate = form.dataset.wordsTemplate;
  function countWords(el) {
    const out = document.getElementById(`${el.id}_words`);
    if (!out) return;
    const limit = Number(el.dataset.maxWords);
    const count = el.value.trim() ? el.value.trim().split(/\s+/).length : 0;
    out.textContent = wordsTemplate.replace("{count}", count).replace("{limit}", limit);
    out.classList.toggle("over", count > limit);
  }

  // --- rows ----------------------------------------------------------------------------
  function setUpRow(row) {
    row.querySelectorAll("[data-max-words]").forEach(countWords);
    const del = field(row, "DELETE");
    if (del) row.classList.toggle("removing", del.checked);
  }
  form.querySelectorAll("[data-add-row]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      const prefix = button.dataset.addRow;
      const total = form.querySelector(`[name="${prefix}-TOTAL_FORMS"]`);
      const template = document.getElementById(`${prefix}-template`);
      const index = Number(total.value);
      const holder = document.createElement("div");
      holder.innerHTML = template.innerHTML.replace(/__prefix__/g, index);
      const row = holder.firstElementChild;
      form.querySelector(`[data-rows="${prefix}"]`).appendChild(row);
      total.value = index + 1;
      setUpRow(row);
      const first = row.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
    });
  });

  // --- organizations and regions -------------------------------------------------------
  const searchOrganizations = function (input) {
    const query = input.value.trim();
    if (query.length < 2) return;
    fetch(`${form.dataset.orgUrl}?q=${encodeURIComponent(query)}`, { credentials: "same-origin" })
      .then((r) => (r.ok ? r.json() : { results: [] }))
      .then(function (data) {
        orgOptions.innerHTML = "";
        data.results.forEach(function (org) {
          const key = org.name.toLowerCase();
          if (!found.has(key)) found.set(key, []);
          if (!found.get(key).some((o) => o.id === org.id)) found.get(key).push(org);
          const option = document.createElement("option");
          option.value = org.name;
          option.label = [org.acronym, org.country].filter(Boolean).join(" · ");
          orgOptions.appendChild(option);
        });
        // The filer may have typed a whole existing name before the answer came back.
        const row = input.closest('[data-row="members"]');
        if (found.has(input.value.trim().toLowerCase()) && !field(row, "organization").value) {
          fillFromOrganization(row);
          checkSoon();
        }
      })
      .catch(function () { /* suggestions are a convenience; typing still works */ });
  };
  const searchSoon = new Map();
  function fillFromOrganization(row) {
    const name = value(row, "name").toLowerCase();
    const choices = found.get(name) || [];
    const country = value(row, "country");
    const org = choices.find((o) => o.country === country) || choices[0];
    const hidden = field(row, "organization");
    if (!org) { hidden.value = ""; return; }
    hidden.value = org.id;
    field(row, "acronym").value = org.acronym;
    field(row, "sector").value = org.sector;
    field(row, "country").value = org.country;
    field(row, "region").value = org.region;
    field(row, "is_global").checked = org.global;
    row.querySelectorAll('[name$="-constituencies"]').forEach(function (box) {
      box.checked = org.constituencies.includes(box.value);
    });
    updateChosenCount(row);
  }
  function updateChosenCount(row) {
    const out = row.querySelector("[data-chosen-count]");
    if (!out) return;
    const n = row.querySelectorAll('[name$="-constituencies"]:checked').length;
    out.textContent = out.textContent.replace(/\d+/, n);
  }

  form.addEventListener("input", function (event) {
    const el = event.target;
    if (el.dataset.maxWords) countWords(el);
    const row = el.closest('[data-row="members"]');
    if (row && el.name && el.name.endsWith("-name")) {
      if (!searchSoon.has(el)) searchSoon.set(el, debounce(() => searchOrganizations(el), 250));
      searchSoon.get(el)();
      const picked = (found.get(el.value.trim().toLowerCase()) || []).length > 0;
      if (picked) fillFromOrganization(row);
      else field(row, "organization").value = "";
    }
    checkSoon();
  });
  form.addEventListener("change", function (event) {
    const el = event.target;
    const row = el.closest("[data-row]");
    if (row && el.name && el.name.endsWith("-country")) {
      const region = field(row, "region");
      const derived = countryRegions[el.value];
      // Fill the region from the country unless the filer chose another one themselves.
      if (derived && (!region.value || region.dataset.auto === "1")) {
        region.value = derived;
        region.dataset.auto = "1";
      }
    }
    if (row && el.name && el.name.endsWith("-region")) delete el.dataset.auto;
    if (row && el.name && el.name.endsWith("-constituencies")) updateChosenCount(row);
    if (row && el.name && el.name.endsWith("-DELETE")) row.classList.toggle("removing", el.checked);
    checkSoon();
  });

  // --- the live checklist ----------------------------------------------------------------
  function live(prefix) {
    return Array.from(form.querySelectorAll(`[data-row="${prefix}"]`)).filter(function (row) {
      const del = field(row, "DELETE");
      return !(del && del.checked);
    });
  }
  function checked(name) {
    return Array.from(form.querySelectorAll(`[name="${name}"]:checked`)).map((b) => b.value);
  }
  function interchange() {
    const members = live("members")
      .map(function (row) {
        const country = value(row, "country");
        return {
          name: value(row, "name"),
          sector: value(row, "sector"),
          country: country,
          region: value(row, "region") || countryRegions[country] || "",
          global: field(row, "is_global").checked,
          constituencies: Array.from(row.querySelectorAll('[name$="-constituencies"]:checked')).map((b) => b.value),
          role: value(row, "role") || "member",
        };
      })
      // Rows not yet complete enough to count are left out rather than reported as errors.
      .filter((m) => m.name && m.sector && m.region);
    const workPlan = live("work_plan")
      .map((row) => ({ date: value(row, "date") || null, title: value(row, "title"), description: value(row, "description") }))
      .filter((i) => i.date || i.title);
    return {
      title: form.elements.title.value.trim() || "-",
      conference: form.dataset.conference,
      principles: form.elements.principles.value,
      asks: form.elements.asks.value,
      youth_focus: form.elements.youth_focus.checked,
      members: members,
      engagement: {
        targets: checked("engagement_targets"),
        plan: form.elements.engagement_plan.value,
        support_needed: form.elements.support_needed.value,
      },
      work_plan: workPlan,
    };
  }
  function render(report) {
    const met = report.criteria.filter((c) => c.status === "met").length;
    checklist.querySelector("[data-summary]").textContent = checklist.dataset.summaryTemplate
      .replace("{met}", met).replace("{total}", report.criteria.length);
    report.criteria.forEach(function (c) {
      const item = checklist.querySelector(`[data-criterion="${c.id}"]`);
      if (!item) return;
      const isMet = c.status === "met";
      item.dataset.status = c.status;
      item.classList.toggle("met", isMet);
      item.classList.toggle("not-met", !isMet);
      item.querySelector("[data-status-label]").textContent = isMet ? checklist.dataset.labelMet : checklist.dataset.labelNotMet;
      const hints = item.querySelector("[data-hints]");
      hints.innerHTML = "";
      c.hints.forEach(function (hint) {
        const li = document.createElement("li");
        li.textContent = hint;
        hints.appendChild(li);
      });
    });
    const warnings = checklist.querySelector("[data-warnings]");
    if (warnings) {
      warnings.innerHTML = "";
      (report.warnings || []).forEach(function (text) {
        const p = document.createElement("p");
        p.className = "alert alert-warning small py-2 mb-2";
        p.dataset.testid = "filing-warning";
        p.textContent = text;
        warnings.appendChild(p);
      });
    }
    const advisories = checklist.querySelector("[data-advisories]");
    advisories.innerHTML = "";
    report.advisories.forEach(function (a) {
      const p = document.createElement("p");
      p.className = "alert alert-info small py-2 mb-2";
      p.textContent = a.message;
      advisories.appendChild(p);
    });
  }
  let sequence = 0;
  function check() {
    const mine = ++sequence;
    const error = checklist.querySelector("[data-check-error]");
    fetch(form.dataset.checkUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(interchange()),
    })
      .then((r) => r.json().then((body) => ({ ok: r.ok, body: body })))
      .then(function (result) {
        if (mine !== sequence) return; // a later check is on its way
        if (result.ok) {
          error.hidden = true;
          render(result.body);
        } else {
          error.hidden = false;
          error.textContent = [result.body.field, result.body.error].filter(Boolean).join(": ");
        }
      })
      .catch(function () { /* offline: the checklist updates on the next save */ });
  }
  const checkSoon = debounce(check, 500);

  form.querySelectorAll("[data-row]").forEach(setUpRow);
  form.querySelectorAll("[data-max-words]").forEach(countWords);
})();
