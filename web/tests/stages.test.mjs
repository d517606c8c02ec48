import { test } from "node:test";
import assert from "node:assert/strict";
import { STAGE_LABELS, describeJob, formatEta, stageLabel } from "../sse.js";

test("the server's stage_label wins, the local table serves servers without one", () => {
  assert.equal(stageLabel({ stage: "generating", stage_label: "from the server" }), "from the server");
  assert.equal(stageLabel({ stage: "generating" }), "writing cards");
  assert.equal(stageLabel({ stage: "parsing" }), STAGE_LABELS.parsing);
  assert.equal(stageLabel({ stage: "something-new" }), "something-new");
  assert.equal(stageLabel({}), "");
});

test("time left is worded like the CLI's format_eta (half up, at least one second)", () => {
  assert.equal(formatEta(null), "");
  assert.equal(formatEta(undefined), "");
  assert.equal(formatEta(0), "about 1 s left");
  assert.equal(formatEta(42), "about 42 s left");
  assert.equal(formatEta(59.4), "about 59 s left");
  assert.equal(formatEta(90), "about 2 min left");
  assert.equal(formatEta(150), "about 3 min left"); // Python's round() would say 2: half up on both sides
  assert.equal(formatEta(3600), "about 60 min left");
});

test("a polled job resource with eta_s shows its time left; an ended job shows none", () => {
  const polled = { state: "running", stage: "generating", progress: { percent: 40 }, eta_s: 125 };
  assert.deepEqual(describeJob(polled), {
    state: "running",
    stage: "writing cards",
    eta: "about 2 min left",
    percent: 40,
  });
  const withoutEta = { state: "queued", stage: "queued" };
  assert.deepEqual(describeJob(withoutEta), { state: "queued", stage: "waiting in the queue", eta: "", percent: 0 });
  const ended = { state: "succeeded", stage: "done", eta_s: 0, progress: { percent: 100 } };
  assert.equal(describeJob(ended).eta, "");
  assert.equal(describeJob(ended).stage, "done");
});
