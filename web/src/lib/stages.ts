// How a job is described: stage names and the time left, worded as the CLI words them.
import type { Job } from "./types";

/**
 * What each stage is called. The server sends `stage_label` (tasks/events.py STAGE_LABELS);
 * this copy serves a server that does not. tests/test_events_sse.py checks both are equal.
 */
export const STAGE_LABELS = {
  queued: "waiting in the queue",
  parsing: "reading the document",
  generating: "writing cards",
  finalizing: "removing duplicates",
  done: "done",
};

/** The stages in order, as the progress view lists them. */
export const STAGES = ["queued", "parsing", "generating", "finalizing", "done"] as const;

export function stageLabel(job: Partial<Job> | null | undefined): string {
  if (job?.stage_label) return job.stage_label;
  const stage = job?.stage || "";
  return (STAGE_LABELS as Record<string, string>)[stage] ?? stage;
}

/** Time left in words, as tasks/events.py format_eta says it (half up, at least 1 s). */
export function formatEta(seconds: number | null | undefined): string {
  if (seconds == null || Number.isNaN(Number(seconds))) return "";
  const s = Number(seconds);
  if (s < 60) return `about ${Math.max(1, Math.round(s))} s left`;
  return `about ${Math.round(s / 60)} min left`;
}

export const ENDED = new Set(["succeeded", "failed", "cancelled"]);

export function isEnded(job: Partial<Job> | null | undefined): boolean {
  return ENDED.has(job?.state ?? "");
}
