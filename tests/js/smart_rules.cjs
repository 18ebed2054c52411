// Runs intake/static/smart.js's rules for tests/unit/test_smart_js.py: one JSON request a
// line on stdin ({doc} first, then {fields, today, plan_end}), one JSON answer a line.
const path = require("node:path");
const readline = require("node:readline");
const smart = require(path.join(__dirname, "..", "..", "intake", "static", "smart.js"));

let rules = null;
readline.createInterface({ input: process.stdin }).on("line", (line) => {
  const request = JSON.parse(line);
  if (request.doc) {
    rules = smart.compile(request.doc);
    process.stdout.write("{}\n");
    return;
  }
  const found = smart.advice(rules, request.fields, request.today, request.plan_end || "");
  process.stdout.write(JSON.stringify(found) + "\n");
});
