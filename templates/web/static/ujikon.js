// ujikon: small progressive enhancements only; every page works without this file.
// 1. Keep typed text of a step form in this browser until the step is recorded, so a
//    lost connection or an accidental reload loses nothing (data-keep on the form).
(function () {
  "use strict";
  document.querySelectorAll("form[data-keep]").forEach(function (form) {
    var key = "ujikon:" + form.getAttribute("data-keep");
    var fields = form.querySelectorAll("textarea, input[type=text], input[type=date]");
    form.addEventListener("ujikon:rows", function () {
      fields = form.querySelectorAll("textarea, input[type=text], input[type=date]");
    });
    var saved = null;
    try { saved = JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    if (saved) {
      fields.forEach(function (f) {
        if (f.name && saved[f.name] !== undefined && !f.value) { f.value = saved[f.name]; }
      });
    }
    form.addEventListener("input", function () {
      var data = {};
      fields.forEach(function (f) { if (f.name) { data[f.name] = f.value; } });
      try { window.localStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* full */ }
    });
    form.addEventListener("submit", function (ev) {
      if (ev.submitter && ev.submitter.name === "save_draft") { return; }
      try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ }
    });
  });
  // 2. A refused form's summary takes the focus; each of its links focuses the field its
  //    message belongs to (the control that names the message in aria-describedby).
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
    summary.querySelectorAll("a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (ev) {
        var id = link.getAttribute("href").slice(1);
        var message = document.getElementById(id);
        if (!message) { return; }
        var control = document.querySelector("[aria-describedby~='" + id + "']");
        if (control && !/^(INPUT|SELECT|TEXTAREA)$/.test(control.tagName)) {
          control = control.querySelector("input, select, textarea") || control;
        }
        ev.preventDefault();
        (control || message).scrollIntoView({ block: "center" });
        if (control && control.focus) { control.focus(); } else { message.setAttribute("tabindex", "-1"); message.focus(); }
      });
    });
  }
  // 3. Picking 17j opens the statute's fields of that citation at once (rows added
  //    later included: the listener is the document's).
  document.addEventListener("change", function (ev) {
    var select = ev.target;
    if (!select.matches || !select.matches("select[name$='.ground']")) { return; }
    var row = select.closest(".card");
    var statute = row ? row.querySelector("details.statute") : null;
    if (statute && select.value === "17j") { statute.open = true; }
  });
  // 5. "Add a citation": a new empty row, numbered after the last, without a round trip
  //    (without this file, saving a draft adds the row instead).
  document.querySelectorAll("button[data-add-row]").forEach(function (button) {
    var list = button.getAttribute("data-add-row");
    var max = parseInt(button.getAttribute("data-max") || "20", 10);
    var form = button.closest("form");
    button.hidden = false;
    var hint = button.parentNode.nextElementSibling;
    if (hint && hint.hasAttribute("data-no-script")) { hint.hidden = true; }
    button.addEventListener("click", function () {
      var rows = form.querySelectorAll(".card[data-row='" + list + "']");
      if (!rows.length || rows.length >= max) { return; }
      var last = rows[rows.length - 1];
      var from = rows.length - 1;
      var to = rows.length;
      var html = last.outerHTML
        .split(list + "[" + from + "]").join(list + "[" + to + "]")
        .split("-" + list + "-" + from + "-").join("-" + list + "-" + to + "-")
        .split("-" + list + "-" + from + "\"").join("-" + list + "-" + to + "\"")
        .split("cite-row-" + from + "\"").join("cite-row-" + to + "\"");
      var holder = document.createElement("div");
      holder.innerHTML = html;
      var row = holder.firstElementChild;
      row.classList.remove("has-error");
      row.querySelectorAll(".has-error").forEach(function (el) { el.classList.remove("has-error"); });
      row.querySelectorAll(".field-error").forEach(function (el) { el.remove(); });
      row.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
      row.querySelectorAll("input, textarea").forEach(function (el) { el.value = ""; });
      row.querySelectorAll("select").forEach(function (el) { el.selectedIndex = 0; });
      row.querySelectorAll("details").forEach(function (el) { el.open = false; });
      row.querySelectorAll("strong").forEach(function (el) {
        el.textContent = el.textContent.replace(String(from + 1), String(to + 1));
      });
      last.parentNode.insertBefore(row, last.nextSibling);
      form.dispatchEvent(new CustomEvent("ujikon:rows"));
      var first = row.querySelector("select, input, textarea");
      if (first) { first.focus(); }
      if (rows.length + 1 >= max) { button.disabled = true; }
    });
  });
  // 4. Confirm before an irreversible action (data-confirm on the button).
  document.querySelectorAll("[data-confirm]").forEach(function (el) {
    el.addEventListener("click", function (ev) {
      if (!window.confirm(el.getAttribute("data-confirm"))) { ev.preventDefault(); }
    });
  });
  // 5. On a phone the header's menu folds behind its button; on a wide screen it is open
  //    (and the button hidden by the stylesheet). The page opens with it open.
  var menu = document.querySelector("details.menu");
  if (menu && window.matchMedia) {
    var narrow = window.matchMedia("(max-width: 40rem)");
    var fit = function () { menu.open = !narrow.matches; };
    fit();
    if (narrow.addEventListener) { narrow.addEventListener("change", fit); }
  }
})();
