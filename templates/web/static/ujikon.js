// ujikon: small progressive enhancements only; every page works without this file.
// 1. Keep typed text of a step form in this browser until the step is recorded, so a
//    lost connection or an accidental reload loses nothing (data-keep on the form).
(function () {
  "use strict";
  document.querySelectorAll("form[data-keep]").forEach(function (form) {
    var key = "ujikon:" + form.getAttribute("data-keep");
    var fields = form.querySelectorAll("textarea, input[type=text], input[type=date]");
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
  // 3. Picking 17j opens the statute's fields of that citation at once.
  document.querySelectorAll("select[name$='.ground']").forEach(function (select) {
    select.addEventListener("change", function () {
      var row = select.closest(".card");
      var statute = row ? row.querySelector("details.statute") : null;
      if (statute && select.value === "17j") { statute.open = true; }
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
