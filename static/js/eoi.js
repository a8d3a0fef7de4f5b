// The EOI form, progressively enhanced. Without this file everything still works through the
// server: a member is added or edited on a page of its own, rows are added by a round trip.
// With it: one member editor (fetched once, kept by the browser) opened in place, rows added
// without a round trip, word counters, the live criteria checklist, what is typed kept on
// this device until the server has it, and a save that survives a dropped connection.
(function () {
  "use strict";

  function debounce(fn, ms) {
    let timer;
    return function () { clearTimeout(timer); timer = setTimeout(fn, ms); };
  }
  function el(tag, attrs, text) {
    const node = document.createElement(tag);
    Object.entries(attrs || {}).forEach(([k, v]) => node.setAttribute(k, v));
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // --- the member editor: the single-member page's form, or the one opened in place ----------
  function enhanceEditor(editor) {
    const f = editor.elements;
    const regionsData = editor.querySelector("#country-regions");
    const countryRegions = regionsData ? JSON.parse(regionsData.textContent) : {};
    const options = editor.querySelector("#org-options");
    const found = new Map(); // organization name (lower case) -> suggestions with that name

    function chosenCount() {
      const out = editor.querySelector("[data-chosen-count]");
      const n = editor.querySelectorAll('[name="constituencies"]:checked').length;
      if (out) out.textContent = editor.dataset.chosenTemplate.replace("{count}", n);
    }
    function fillFrom(org) {
      f.organization.value = org.id;
      f.acronym.value = org.acronym;
      f.sector.value = org.sector;
      f.country.value = org.country;
      f.region.value = org.region;
      f.is_global.checked = org.global;
      editor.querySelectorAll('[name="constituencies"]').forEach(function (box) {
        box.checked = org.constituencies.includes(box.value);
      });
      chosenCount();
    }
    function matchName() {
      const choices = found.get(f.name.value.trim().toLowerCase()) || [];
      const org = choices.find((o) => o.country === f.country.value) || choices[0];
      if (org) fillFrom(org);
      else f.organization.value = "";
    }
    const search = debounce(function () {
      const query = f.name.value.trim();
      if (query.length < 2) return;
      fetch(`${editor.dataset.orgUrl}?q=${encodeURIComponent(query)}`, { credentials: "same-origin" })
        .then((r) => (r.ok ? r.json() : { results: [] }))
        .then(function (data) {
          options.innerHTML = "";
          data.results.forEach(function (org) {
            const key = org.name.toLowerCase();
            if (!found.has(key)) found.set(key, []);
            if (!found.get(key).some((o) => o.id === org.id)) found.get(key).push(org);
            const option = el("option", { value: org.name });
            option.label = [org.acronym, org.country].filter(Boolean).join(" · ");
            options.appendChild(option);
          });
          // The whole name may have been typed before the answer came back.
          if (!f.organization.value) matchName();
        })
        .catch(function () { /* suggestions are a convenience; typing still works */ });
    }, 250);
    f.name.addEventListener("input", function () { search(); matchName(); });
    f.country.addEventListener("change", function () {
      const derived = countryRegions[f.country.value];
      // The region follows the country unless the filer chose another one themselves.
      if (derived && (!f.region.value || f.region.dataset.auto === "1")) {
        f.region.value = derived;
        f.region.dataset.auto = "1";
      }
    });
    f.region.addEventListener("change", function () { delete f.region.dataset.auto; });
    editor.addEventListener("change", function (event) {
      if (event.target.name === "constituencies") chosenCount();
    });

    return {
      countryRegions: countryRegions,
      label(name, value) {
        const option = Array.from(f[name].options).find((o) => o.value === value);
        return option && value ? option.textContent : "";
      },
      tagLabel(value) {
        const box = editor.querySelector(`[name="constituencies"][value="${CSS.escape(value)}"]`);
        const label = box && editor.querySelector(`label[for="${box.id}"]`);
        return label ? label.textContent.trim() : value;
      },
      load(values) {
        editor.querySelectorAll(".js-error").forEach((n) => n.remove());
        editor.querySelectorAll(".is-invalid").forEach((n) => n.classList.remove("is-invalid"));
        ["organization", "name", "acronym", "sector", "country", "region"].forEach(function (name) {
          f[name].value = values[name] || "";
        });
        f.role.value = values.role || "member";
        f.is_global.checked = !!values.global;
        delete f.region.dataset.auto;
        editor.querySelectorAll('[name="constituencies"]').forEach(function (box) {
          box.checked = (values.constituencies || []).includes(box.value);
        });
        const details = editor.querySelector("details.constituencies");
        if (details) details.open = (values.constituencies || []).length > 0;
        chosenCount();
      },
      read() {
        return {
          organization: f.organization.value,
          name: f.name.value.trim(),
          acronym: f.acronym.value.trim(),
          role: f.role.value || "member",
          sector: f.sector.value,
          country: f.country.value,
          region: f.region.value,
          global: f.is_global.checked,
          constituencies: Array.from(editor.querySelectorAll('[name="constituencies"]:checked')).map((b) => b.value),
        };
      },
      // The server's own checks, so a mistake is shown next to the field before saving.
      problems(values, taken) {
        const out = [];
        if (!values.name) out.push(["name", editor.dataset.msgName]);
        else if (taken(values)) out.push(["name", editor.dataset.msgDuplicate]);
        if (values.name && !values.organization) {
          if (!values.sector) out.push(["sector", editor.dataset.msgSector]);
          if (!values.region && !countryRegions[values.country]) out.push(["region", editor.dataset.msgRegion]);
        }
        return out;
      },
      show(problems) {
        problems.forEach(function ([name, message]) {
          const input = f[name];
          input.classList.add("is-invalid");
          input.setAttribute("aria-invalid", "true");
          input.closest(".eoi-field").appendChild(el("div", { class: "invalid-feedback d-block js-error" }, message));
        });
        if (problems.length) f[problems[0][0]].focus();
      },
    };
  }

  const memberPage = document.getElementById("member-editor");
  const form = document.getElementById("eoi-form");
  if (memberPage && !form) enhanceEditor(memberPage);
  if (!form) return;

  const checklist = document.getElementById("checklist");
  const memberList = form.querySelector('[data-rows="members"]');
  const membersSection = document.getElementById("members");
  function field(row, name) { return row.querySelector(`[name$="-${name}"]`); }
  function value(row, name) { const input = field(row, name); return input ? input.value.trim() : ""; }

  // --- word counters ---------------------------------------------------------------------
  const wordsTemplate = form.dataset.wordsTemplate;
  function countWords(input) {
    const out = document.getElementById(`${input.id}_words`);
    if (!out) return;
    const limit = Number(input.dataset.maxWords);
    const count = input.value.trim() ? input.value.trim().split(/\s+/).length : 0;
    out.textContent = wordsTemplate.replace("{count}", count).replace("{limit}", limit);
    out.classList.toggle("over", count > limit);
  }

  // --- milestones and contacts: a row added by copying the last one ------------------------
  function addRow(prefix) {
    const rows = form.querySelectorAll(`[data-row="${prefix}"]`);
    if (!rows.length) return false; // nothing to copy: the server adds the row
    const total = form.querySelector(`[name="${prefix}-TOTAL_FORMS"]`);
    const index = Number(total.value);
    const row = rows[rows.length - 1].cloneNode(true);
    const pattern = new RegExp(`${prefix}-\\d+-`, "g");
    row.querySelectorAll("[name], [id], [for], [data-words-for], [aria-describedby]").forEach(function (node) {
      ["name", "id", "for", "data-words-for", "aria-describedby"].forEach(function (attr) {
        if (node.hasAttribute(attr)) node.setAttribute(attr, node.getAttribute(attr).replace(pattern, `${prefix}-${index}-`));
      });
    });
    row.querySelectorAll("input, textarea").forEach(function (input) {
      if (input.type === "checkbox") input.checked = false;
      else input.value = "";
      input.classList.remove("is-invalid");
      input.removeAttribute("aria-invalid");
    });
    row.querySelectorAll(".invalid-feedback").forEach((n) => n.remove());
    row.classList.remove("removing");
    rows[rows.length - 1].after(row);
    total.value = index + 1;
    row.querySelectorAll("[data-max-words]").forEach(countWords);
    const first = row.querySelector("input:not([type=hidden]), textarea");
    if (first) first.focus();
    return true;
  }
  form.querySelectorAll("[data-add-row]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (addRow(button.dataset.addRow)) event.preventDefault();
    });
  });

  // --- members: compact lines, one editor -------------------------------------------------
  // A line's values: its fields once edited (or shown whole after an error), else the
  // saved organization's details it carries as data attributes.
  function memberValues(line) {
    const asFields = !!field(line, "sector");
    const get = (name, data) => (asFields ? value(line, name) : line.dataset[data] || "");
    const globalField = field(line, "is_global");
    const boxes = Array.from(line.querySelectorAll('[name$="-constituencies"]'));
    return {
      organization: value(line, "organization"),
      name: value(line, "name"),
      role: value(line, "role") || "member",
      acronym: get("acronym", "acronym"),
      sector: get("sector", "sector"),
      country: get("country", "country"),
      region: get("region", "region"),
      global: asFields ? !!(globalField && (globalField.type !== "checkbox" || globalField.checked)) : line.dataset.global === "1",
      constituencies: asFields
        ? boxes.filter((b) => b.type !== "checkbox" || b.checked).map((b) => b.value)
        : (line.dataset.constituencies || "").split(" ").filter(Boolean),
      removing: !!line.querySelector('[name$="-DELETE"][value="on"]') || line.classList.contains("removing"),
    };
  }
  function lines() { return Array.from(memberList.querySelectorAll('[data-row="members"]')); }
  function liveLines() { return lines().filter((line) => !memberValues(line).removing); }
  function hidden(line, name, val) { line.appendChild(el("input", { type: "hidden", name: name, value: val })); }

  function writeLine(line, values, editor) {
    const index = line.dataset.index;
    const prefix = `members-${index}-`;
    line.querySelectorAll("input").forEach((n) => n.remove());
    ["organization", "name", "role", "acronym", "sector", "country", "region"].forEach(function (name) {
      if (values[name] || !["organization"].includes(name)) hidden(line, prefix + name, values[name] || "");
    });
    if (values.global) hidden(line, prefix + "is_global", "on");
    values.constituencies.forEach((c) => hidden(line, prefix + "constituencies", c));
    if (values.removing) hidden(line, prefix + "DELETE", "on");
    const show = (name) => line.querySelector(`[data-show="${name}"]`);
    // Without the editor (it could not be fetched) the codes stand in for their names.
    const label = (name, v) => (editor ? editor.label(name, v) : v);
    show("name").textContent = values.name;
    show("acronym").textContent = values.acronym;
    show("role").textContent = label("role", values.role);
    show("role").classList.toggle("lead", values.role === "lead");
    show("place").textContent = `${label("country", values.country) || "—"} · ${label("sector", values.sector) || "—"}`;
    const tags = show("tags");
    tags.innerHTML = "";
    values.constituencies.forEach((c) => tags.appendChild(el("li", {}, editor ? editor.tagLabel(c) : c)));
  }
  function fromTemplate(index) {
    const line = document.getElementById("member-line").content.firstElementChild.cloneNode(true);
    line.dataset.index = index;
    line.querySelector("[data-edit-member]").value = `edit-members-${index}`;
    line.querySelector("[data-remove-member]").value = `remove-members-${index}`;
    return line;
  }
  function memberCount() {
    const out = document.querySelector("[data-member-count]");
    if (out) out.textContent = liveLines().length;
    const none = memberList.querySelector("[data-no-members]");
    if (none) none.hidden = lines().length > 0;
  }
  function setRemoving(line, removing, button) {
    line.classList.toggle("removing", removing);
    line.querySelectorAll('[name$="-DELETE"]').forEach((n) => n.remove());
    if (removing) hidden(line, `members-${line.dataset.index}-DELETE`, "on");
    const labels = document.getElementById("member-line").content.querySelector("[data-remove-member]").dataset;
    button.textContent = removing ? labels.undoLabel : labels.removeLabel;
    memberCount();
    changed();
  }

  let editorApi = null;
  let dialog = null;
  function loadEditor() {
    if (editorApi) return Promise.resolve(editorApi);
    return fetch(form.dataset.editorUrl, { credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.text(); })
      .then(function (html) {
        dialog = el("dialog", { class: "member-dialog", "aria-labelledby": "member-dialog-title" });
        dialog.appendChild(el("h2", { class: "h5", id: "member-dialog-title" }));
        const holder = el("template");
        holder.innerHTML = html;
        dialog.appendChild(holder.content);
        document.body.appendChild(dialog);
        const editor = dialog.querySelector("form");
        editor.method = "dialog"; // never posted: its values go into the page's form
        editor.dataset.orgUrl = form.dataset.orgUrl;
        editorApi = enhanceEditor(editor);
        editorApi.form = editor;
        editor.addEventListener("submit", applyEditor);
        editor.querySelector("[data-cancel]").addEventListener("click", () => dialog.close());
        dialog.addEventListener("close", function () {
          if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
        });
        return editorApi;
      });
  }
  let editing = null; // the line being edited; null when adding
  let returnFocus = null;
  function openEditor(line, button) {
    loadEditor().then(function (editor) {
      editing = line;
      returnFocus = button;
      dialog.querySelector("#member-dialog-title").textContent = line ? membersSection.dataset.titleEdit : membersSection.dataset.titleAdd;
      editor.load(line ? memberValues(line) : { role: "member", constituencies: [] });
      dialog.showModal();
      editor.form.elements.name.focus();
    }).catch(function () {
      // The editor could not be fetched (offline?): the page's own way, through the server.
      const error = form.querySelector("[data-editor-error]");
      if (!navigator.onLine) { error.hidden = false; return; }
      submitNatively(button);
    });
  }
  function applyEditor(event) {
    event.preventDefault();
    const editor = editorApi;
    const values = editor.read();
    const others = liveLines().filter((line) => line !== editing).map(memberValues);
    const taken = (v) => others.some((o) =>
      (v.organization && o.organization === v.organization) ||
      (o.name.toLowerCase() === v.name.toLowerCase() && o.country === v.country));
    const problems = editor.problems(values, taken);
    if (problems.length) { editor.show(problems); return; }
    let line = editing;
    if (!line) {
      const total = form.querySelector('[name="members-TOTAL_FORMS"]');
      line = fromTemplate(total.value);
      total.value = Number(total.value) + 1;
      memberList.appendChild(line);
    }
    values.removing = false;
    writeLine(line, values, editor);
    line.classList.remove("removing");
    returnFocus = line.querySelector("[data-edit-member]");
    dialog.close();
    memberCount();
    changed();
  }

  form.addEventListener("click", function (event) {
    const button = event.target.closest("button");
    if (!button) return;
    const line = button.closest('[data-row="members"]');
    if (button.hasAttribute("data-add-member")) {
      event.preventDefault();
      openEditor(null, button);
    } else if (line && button.hasAttribute("data-edit-member")) {
      event.preventDefault();
      openEditor(line, button);
    } else if (line && button.hasAttribute("data-remove-member")) {
      event.preventDefault();
      setRemoving(line, !line.classList.contains("removing"), button);
    }
  });

  // --- the live checklist ----------------------------------------------------------------
  function checked(name) {
    return Array.from(form.querySelectorAll(`[name="${name}"]:checked`)).map((b) => b.value);
  }
  function live(prefix) {
    return Array.from(form.querySelectorAll(`[data-row="${prefix}"]`)).filter(function (row) {
      const del = field(row, "DELETE");
      return !(del && del.checked);
    });
  }
  function interchange() {
    const countryRegions = editorApi ? editorApi.countryRegions : {};
    const members = liveLines().map(memberValues)
      .map((m) => ({
        name: m.name, sector: m.sector, country: m.country,
        region: m.region || countryRegions[m.country] || "",
        global: m.global, constituencies: m.constituencies, role: m.role,
      }))
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
  function fill(container, items, className, text) {
    if (!container) return;
    container.innerHTML = "";
    items.forEach(function (item) {
      const p = el("p", { class: className }, text(item));
      if (className.includes("warning")) p.dataset.testid = "filing-warning";
      container.appendChild(p);
    });
  }
  function render(report) {
    const met = report.criteria.filter((c) => c.status === "met").length;
    checklist.querySelector("[data-summary]").textContent = checklist.dataset.summaryTemplate
      .replace("{met}", met).replace("{total}", report.criteria.length);
    const count = document.querySelector("[data-checklist-count]");
    if (count) count.textContent = `${met}/${report.criteria.length}`;
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
      c.hints.forEach((hint) => hints.appendChild(el("li", {}, hint)));
    });
    fill(checklist.querySelector("[data-warnings]"), report.warnings || [], "alert alert-warning small py-2 mb-2", (w) => w);
    fill(checklist.querySelector("[data-advisories]"), report.advisories, "alert alert-info small py-2 mb-2", (a) => a.message);
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
        error.hidden = result.ok;
        if (result.ok) render(result.body);
        else error.textContent = [result.body.field, result.body.error].filter(Boolean).join(": ");
      })
      .catch(function () { /* offline: the checklist updates on the next save */ });
  }
  const checkSoon = debounce(check, 500);

  // --- what is typed is kept on this device until the server has it ------------------------
  const DRAFTS = "eoi-draft:";
  const draftKey = DRAFTS + form.dataset.draftKey;
  const NOT_KEPT = ["csrfmiddlewaretoken", "save_key", "action"];
  const saveKey = form.elements.save_key;
  const baseKey = saveKey.value;
  let attempts = 0;
  let dirtyAfterAttempt = false;
  function entries() {
    return Array.from(new FormData(form).entries())
      .filter(([name, v]) => !NOT_KEPT.includes(name) && typeof v === "string");
  }
  const opened = JSON.stringify(entries());
  function store(extra) {
    try {
      const now = entries();
      if (JSON.stringify(now) === opened && !extra) { localStorage.removeItem(draftKey); return; }
      const previous = JSON.parse(localStorage.getItem(draftKey) || "{}");
      localStorage.setItem(draftKey, JSON.stringify(Object.assign(previous, {
        at: Date.now(), entries: now, key: saveKey.value, dirtyAfter: dirtyAfterAttempt,
      }, extra || {})));
    } catch (e) { /* storage full or switched off: the form still works */ }
  }
  const storeSoon = debounce(store, 300);
  function changed() {
    if (attempts) dirtyAfterAttempt = true;
    storeSoon();
    checkSoon();
  }

  function restore(saved) {
    const byName = new Map();
    saved.forEach(([name, v]) => { if (!byName.has(name)) byName.set(name, []); byName.get(name).push(v); });
    const one = (name) => (byName.get(name) || [""])[0];
    // Members: the lines rebuilt from what was kept.
    const indices = new Set();
    saved.forEach(([name]) => { const m = name.match(/^members-(\d+)-/); if (m) indices.add(m[1]); });
    const build = function (editor) {
      lines().forEach((line) => line.remove());
      Array.from(indices).sort((a, b) => a - b).forEach(function (i) {
        const p = `members-${i}-`;
        const line = fromTemplate(i);
        memberList.appendChild(line);
        const values = {
          organization: one(p + "organization"), name: one(p + "name"), role: one(p + "role"),
          acronym: one(p + "acronym"), sector: one(p + "sector"), country: one(p + "country"),
          region: one(p + "region"), global: byName.has(p + "is_global"),
          constituencies: byName.get(p + "constituencies") || [], removing: byName.has(p + "DELETE"),
        };
        writeLine(line, values, editor);
        if (values.removing) setRemoving(line, true, line.querySelector("[data-remove-member]"));
      });
    };
    // Milestones and contacts: as many rows as were kept.
    ["work_plan", "contacts"].forEach(function (prefix) {
      const want = Number(one(`${prefix}-TOTAL_FORMS`)) || 0;
      while (form.querySelectorAll(`[data-row="${prefix}"]`).length < want && addRow(prefix)) { /* grow */ }
    });
    Array.from(form.elements).forEach(function (input) {
      if (!input.name || NOT_KEPT.includes(input.name) || input.name.startsWith("members-")) return;
      if (input.name === "edit_token" && !byName.has("edit_token")) return;
      const values = byName.get(input.name) || [];
      if (input.type === "checkbox" || input.type === "radio") input.checked = values.includes(input.value);
      else if (input.type !== "submit" && input.type !== "button") input.value = values[0] || "";
    });
    ["members-TOTAL_FORMS", "members-INITIAL_FORMS"].forEach(function (name) {
      if (byName.has(name)) form.elements[name].value = one(name);
    });
    form.querySelectorAll("[data-max-words]").forEach(countWords);
    const done = function () { memberCount(); check(); store({ restored: true }); };
    if (indices.size) loadEditor().catch(() => null).then(function (editor) { build(editor); done(); });
    else { lines().forEach((line) => line.remove()); done(); }
  }

  function offerKept() {
    const banner = document.querySelector("[data-draft-banner]");
    let found = null;
    try {
      for (let i = localStorage.length - 1; i >= 0; i--) {
        const key = localStorage.key(i);
        if (!key || !key.startsWith(DRAFTS)) continue;
        const kept = JSON.parse(localStorage.getItem(key) || "null");
        if (!kept) continue;
        const arrived = kept.key && kept.key === form.dataset.savedKey;
        if (arrived && !kept.dirtyAfter) { localStorage.removeItem(key); continue; }
        if (key === draftKey || arrived) found = { key: key, kept: kept };
      }
    } catch (e) { return; }
    if (!found || !banner || JSON.stringify(found.kept.entries) === opened) return;
    banner.querySelector("[data-draft-time]").textContent = new Date(found.kept.at).toLocaleString();
    banner.hidden = false;
    banner.querySelector("[data-draft-restore]").addEventListener("click", function () {
      banner.hidden = true;
      if (found.key !== draftKey) localStorage.removeItem(found.key);
      restore(found.kept.entries);
    });
    banner.querySelector("[data-draft-discard]").addEventListener("click", function () {
      banner.hidden = true;
      localStorage.removeItem(found.key);
    });
  }

  // --- saving: in the background, retried without being applied twice ----------------------
  const status = document.querySelector("[data-save-status]");
  let native = false;
  function submitNatively(button) {
    store();
    native = true;
    form.requestSubmit(button);
  }
  function say(kind, text) {
    if (!status) return;
    status.hidden = !text;
    status.className = `alert ${kind} small mt-2 mb-0`;
    status.querySelector("[data-save-text]").textContent = text;
    status.querySelector("[data-save-retry]").hidden = kind !== "alert-danger";
  }
  let lastButton = null;
  function save(button) {
    if (attempts && dirtyAfterAttempt) saveKey.value = `${baseKey}-${attempts}`;
    attempts += 1;
    dirtyAfterAttempt = false;
    lastButton = button;
    store({ sent: Date.now() });
    const body = new FormData(form);
    if (button && button.name) body.set(button.name, button.value);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 60000);
    const buttons = form.querySelectorAll("button[type=submit]");
    buttons.forEach((b) => { b.disabled = true; });
    say("alert-info", status ? status.dataset.saving : "");
    // getAttribute: `form.action` is the buttons named "action".
    fetch(form.getAttribute("action"), {
      method: "POST", body: body, credentials: "same-origin", signal: controller.signal,
      headers: { "X-EOI-Save": "1", Accept: "application/json" },
    })
      .then(function (r) {
        const json = (r.headers.get("Content-Type") || "").includes("application/json");
        if (!r.ok || !json) throw new Error(`HTTP ${r.status}`);
        return r.json();
      })
      .then(function (answer) {
        if (answer.redirect) { window.location.assign(answer.redirect); return; }
        buttons.forEach((b) => { b.disabled = false; });
        submitNatively(button); // the server shows what needs correcting
      })
      .catch(function () {
        buttons.forEach((b) => { b.disabled = false; });
        say("alert-danger", status ? status.dataset.failed : "");
      })
      .finally(() => clearTimeout(timer));
  }
  form.addEventListener("submit", function (event) {
    if (native) return; // let the browser post it
    event.preventDefault();
    save(event.submitter);
  });
  if (status) {
    status.querySelector("[data-save-retry]").addEventListener("click", () => save(lastButton));
  }

  form.addEventListener("input", function (event) {
    if (event.target.dataset.maxWords) countWords(event.target);
    changed();
  });
  form.addEventListener("change", function (event) {
    const row = event.target.closest("[data-row]");
    if (row && event.target.name && event.target.name.endsWith("-DELETE")) row.classList.toggle("removing", event.target.checked);
    changed();
  });

  // Partner suggestions: searched for once the form is there, then swapped into the checklist.
  function loadPartners() {
    const url = checklist && checklist.dataset.partnersUrl;
    if (!url) return;
    fetch(url, { credentials: "same-origin" })
      .then((r) => (r.ok ? r.text() : ""))
      .then(function (html) {
        if (!html || checklist.querySelector(".partner-block")) return;
        const holder = el("template");
        holder.innerHTML = html;
        const fresh = holder.content.querySelector("#checklist");
        if (!fresh) return;
        // Keep what the live check shows; take only the suggestions under each criterion.
        fresh.querySelectorAll("[data-criterion]").forEach(function (item) {
          const block = item.querySelector(".partner-block");
          const mine = checklist.querySelector(`[data-criterion="${item.dataset.criterion}"] .flex-grow-1`);
          if (block && mine) mine.appendChild(block);
        });
      })
      .catch(function () { /* suggestions are a convenience */ });
  }

  form.querySelectorAll("[data-max-words]").forEach(countWords);
  memberCount();
  offerKept();
  loadPartners();
})();
