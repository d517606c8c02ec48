import { describe, expect, it } from "vitest";
import { screen } from "@testing-library/react";
import { event, json, mockFetch, sse, steppedSse } from "../test/fetch";
import { renderAt } from "../test/render";
import { JobProgress } from "./JobView";

const JOB = "b".repeat(32);

describe("the progress view", () => {
  it("follows the SSE stream: parsing as its own stage, chunks, time left, the end", async () => {
    const stream = steppedSse([
      event({ kind: "snapshot", state: "queued", stage: "queued", progress: { chunks_done: 0, chunks_total: null, percent: 0 } }),
      event({ kind: "stage", state: "running", stage: "parsing", stage_label: "reading the document", progress: { chunks_done: 0, chunks_total: null, percent: 0 } }, "1-0"),
      event({ kind: "chunk", state: "running", stage: "generating", stage_label: "writing cards", progress: { chunks_done: 3, chunks_total: 8, percent: 38 }, eta_s: 40 }, "2-0"),
      ": heartbeat\n\n",
      event({ kind: "end", state: "succeeded", stage: "done", deck_id: "d".repeat(32), cards_count: 21, degraded: true, progress: { chunks_done: 8, chunks_total: 8, percent: 100 } }, "3-0"),
    ]);
    const calls = mockFetch({
      [`GET /api/v1/jobs/${JOB}`]: () => json({ id: JOB, state: "queued", stage: "queued", options: { title: "Lecture 8" } }),
      [`GET /api/v1/jobs/${JOB}/events`]: stream.response,
    });
    renderAt(`/jobs/${JOB}`, "/jobs/:jobId", <JobProgress jobId={JOB} />);
    stream.release(2); // the snapshot, then parsing
    await screen.findByText("Reading the document…");
    stream.release(2); // a chunk, a heartbeat
    await screen.findByText("Writing cards… · 3 of 8 parts · 38% · about 40 s left");
    stream.release(2); // the end, then the stream closes
    await screen.findByText("Done: 21 cards.");
    expect(screen.getByRole("button", { name: "Open the deck (21 cards)" })).toBeInTheDocument();
    expect(screen.getByText("Some cards were made by the offline generator.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Re-run those parts" })).toBeInTheDocument();
    expect(calls.filter((c) => c.url.endsWith(`/jobs/${JOB}`))).toHaveLength(1); // read once for its name, never polled
    expect(screen.getByRole("heading", { name: "Making cards from Lecture 8" })).toBeInTheDocument();
    expect(calls[0].headers.get("Authorization")).toBe("Bearer dh_test");
  });

  it("shows parsing while the stream says so, with a live region", async () => {
    mockFetch({
      [`GET /api/v1/jobs/${JOB}/events`]: () =>
        sse([event({ kind: "stage", state: "running", stage: "parsing", progress: { chunks_done: 0, chunks_total: null, percent: 0 } }, "1-0")]),
      [`GET /api/v1/jobs/${JOB}`]: () => json({ id: JOB, state: "running", stage: "parsing", progress: { chunks_done: 0, chunks_total: null, percent: 0 } }),
    });
    renderAt(`/jobs/${JOB}`, "/jobs/:jobId", <JobProgress jobId={JOB} />);
    const status = await screen.findByText("Reading the document…");
    expect(status).toHaveAttribute("aria-live", "polite");
    expect(screen.getByText("Reading the document").closest("li")).toHaveAttribute("aria-current", "step");
  });

  it("falls back to polling when the stream is refused, and shows a failure in plain words", async () => {
    let polls = 0;
    const calls = mockFetch({
      [`GET /api/v1/jobs/${JOB}/events`]: () => json({ code: "stream_limit_reached", detail: "Too many streams." }, 503, { "Retry-After": "5" }),
      [`GET /api/v1/jobs/${JOB}`]: () =>
        json(
          ++polls < 3
            ? { id: JOB, state: "running", stage: "parsing", progress: { chunks_done: 0, chunks_total: null, percent: 0 } }
            : { id: JOB, state: "failed", stage: "parsing", error: { code: "no_text_layer", message: "This PDF has no text, only images.", hint: "Run it through OCR first, then upload it again." } },
        ),
    });
    renderAt(`/jobs/${JOB}`, "/jobs/:jobId", <JobProgress jobId={JOB} />);
    await screen.findByText("Checking for updates every few seconds.");
    await screen.findByText("This PDF has no text, only images.");
    expect(screen.getByText("Run it through OCR first, then upload it again.")).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
    expect(calls.filter((c) => c.url.endsWith("/events")).length).toBe(3);
    const settled = polls;
    expect(settled).toBeGreaterThanOrEqual(2);
    await new Promise((r) => setTimeout(r, 1700));
    expect(polls).toBe(settled); // polling stops at the end
  });
});
