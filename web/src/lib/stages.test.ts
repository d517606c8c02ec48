import { describe, expect, it } from "vitest";
import { formatEta, stageLabel } from "./stages";
import { parseEvents } from "./sse";

describe("stages and SSE parsing", () => {
  it("words the time left as the CLI does (tests/test_events_sse.py has the same cases)", () => {
    const cases: Record<number, string> = { 0: "about 1 s left", 42: "about 42 s left", 59.4: "about 59 s left", 90: "about 2 min left", 150: "about 3 min left", 3600: "about 60 min left" };
    for (const [s, words] of Object.entries(cases)) expect(formatEta(Number(s))).toBe(words);
    expect(formatEta(null)).toBe("");
  });

  it("prefers the server's stage label", () => {
    expect(stageLabel({ stage: "parsing" })).toBe("reading the document");
    expect(stageLabel({ stage: "parsing", stage_label: "lecture" })).toBe("lecture");
  });

  it("parses complete events, skips heartbeats and keeps the rest", () => {
    const [events, rest] = parseEvents('retry: 3000\n\n: heartbeat\n\nid: 1-0\ndata: {"a":1}\n\nid: 2-0\ndata: {"b"');
    expect(events).toEqual([{ id: "1-0", data: '{"a":1}' }]);
    expect(rest).toBe('id: 2-0\ndata: {"b"');
  });
});
