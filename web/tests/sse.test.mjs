import { test } from "node:test";
import assert from "node:assert/strict";
import { parseEvents } from "../sse.js";
import { configSource } from "../build-config.mjs";

test("parses complete events, keeps the partial rest, skips heartbeats", () => {
  const text = ': ping\n\nid: 1-0\ndata: {"state":"running"}\n\nretry: 3000\n\nid: 2-0\ndata: {"sta';
  const [events, rest] = parseEvents(text);
  assert.deepEqual(events, [{ id: "1-0", data: '{"state":"running"}' }]);
  assert.equal(rest, 'id: 2-0\ndata: {"sta');
});

test("joins multi-line data and accepts CRLF", () => {
  const [events] = parseEvents("data: a\r\ndata: b\r\n\r\n");
  assert.equal(events[0].data, "a\nb");
});

test("config.js is written from an https origin only", () => {
  assert.match(configSource("https://api.example.com/"), /API_BASE_URL = "https:\/\/api.example.com"/);
  assert.throws(() => configSource(""), /DECKHAND_API_URL is not set/);
  assert.throws(() => configSource("http://api.example.com"), /must be https/);
  assert.throws(() => configSource("https://api.example.com/v1"), /without a path/);
  assert.match(configSource("http://127.0.0.1:8000", { requireHttps: false }), /127.0.0.1:8000/);
});
