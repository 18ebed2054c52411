/* SMART advice while typing on the agreements page. The rules are not written here: the
   form's data-smart holds shared/smart.py's patterns and messages (rules_document), so the
   page and the server give the same advice. Without this script the server shows it after
   a save. Under node (tests/unit/test_smart_js.py) it only exports the rules. */
(function () {
  "use strict";

  function lowerAscii(text) {
    return text.replace(/[A-Z]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) + 32);
    });
  }

  function compile(doc) {
    return {
      word: new RegExp(doc.word, "gu"),
      measurable: new RegExp(doc.measurable, "u"),
      minWords: doc.min_words,
      messages: doc.messages,
      tip: doc.tip,
    };
  }

  function wordCount(rules, text) {
    var found = text.match(rules.word);
    return found ? found.length : 0;
  }

  /* Dates as ISO text (YYYY-MM-DD, as a date input gives them): compared as text. */
  function dueAdvice(due, today, planEnd) {
    if (!due) return "due_missing";
    if (due < today) return "due_past";
    if (planEnd && due > planEnd) return "due_after_period";
    return null;
  }

  function advice(rules, fields, today, planEnd) {
    var what = fields.what || "", result = fields.measurable_result || "", owner = fields.owner || "";
    var due = fields.due_date || "";
    if (!(wordCount(rules, what) || wordCount(rules, result) || wordCount(rules, owner) || due)) return {};
    var found = {};
    if (wordCount(rules, what) < rules.minWords) found.what = "specific";
    if (!rules.measurable.test(lowerAscii(result))) found.measurable_result = "measurable";
    if (!wordCount(rules, owner)) found.owner = "owner";
    var dueCode = dueAdvice(due, today, planEnd);
    if (dueCode) found.due_date = dueCode;
    return found;
  }

  var FIELDS = ["what", "measurable_result", "owner", "due_date"];

  function adviceElement(input) {
    var id = input.id + "-advice";
    var element = document.getElementById(id);
    if (element) return element;
    element = document.createElement("p");
    element.className = "advice";
    element.id = id;
    input.closest(".field").appendChild(element);
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    described.push(id);
    input.setAttribute("aria-describedby", described.join(" "));
    return element;
  }

  function update(rules, form, fieldset) {
    var inputs = {}, values = {};
    FIELDS.forEach(function (name) {
      inputs[name] = fieldset.querySelector('[name$="-' + name + '"]');
      values[name] = inputs[name] ? inputs[name].value : "";
    });
    var found = advice(rules, values, form.dataset.today, form.dataset.planEnd || "");
    FIELDS.forEach(function (name) {
      if (!inputs[name]) return;
      var code = found[name];
      var existing = document.getElementById(inputs[name].id + "-advice");
      if (!code && !existing) return;
      var element = existing || adviceElement(inputs[name]);
      element.textContent = code ? rules.tip.replace("{advice}", rules.messages[code]) : "";
      element.hidden = !code;
    });
  }

  function start() {
    var form = document.querySelector("form[data-smart]");
    if (!form) return;
    var rules = compile(JSON.parse(form.dataset.smart));
    function changed(event) {
      var fieldset = event.target.closest && event.target.closest("fieldset.agreement");
      if (fieldset) update(rules, form, fieldset);
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = { compile: compile, advice: advice };
  } else if (typeof document !== "undefined") {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
    else start();
  }
})();
