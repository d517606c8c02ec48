// Server-sent events over fetch(): EventSource cannot send an Authorization header.
// parseEvents and the job wording below are pure (tested with node); followJob streams,
// and falls back to polling.

/**
 * What each stage is called. The server sends `stage_label` (tasks/events.py STAGE_LABELS,
 * also what `deckhand jobs watch` prints); this copy serves a server that does not.
 * tests/test_events_sse.py checks that both tables are equal.
 */
export const STAGE_LABELS = {
  queued: "waiting in the queue",
  parsing: "reading the document",
  generating: "writing cards",
  finalizing: "removing duplicates",
  done: "done",
};

/** The label of a job or event: the server's own, else this table's, else the stage itself. */
export function stageLabel(job) {
  if (job?.stage_label) return job.stage_label;
  const stage = job?.stage || "";
  return STAGE_LABELS[stage] ?? stage;
}

/** Time left in words, as tasks/events.py format_eta says it (half up, at least 1 s). */
export function formatEta(seconds) {
  if (seconds == null || Number.isNaN(Number(seconds))) return "";
  const s = Number(seconds);
  if (s < 60) return `about ${Math.max(1, Math.round(s))} s left`;
  return `about ${Math.round(s / 60)} min left`;
}

const ENDED = new Set(["succeeded", "failed", "cancelled"]);

/**
 * What the page shows of a job, from an SSE event or a polled job resource alike:
 * the time left comes from `eta_s` when the server sent one (and the job still runs).
 */
export function describeJob(job) {
  const running = !ENDED.has(job?.state);
  return {
    state: job?.state ?? "",
    stage: stageLabel(job),
    eta: running ? formatEta(job?.eta_s) : "",
    percent: job?.progress?.percent ?? 0,
  };
}

/** Split buffered SSE text into complete events; returns [events, rest]. */
export function parseEvents(buffer) {
  const events = [];
  const blocks = buffer.replace(/\r\n/g, "\n").split("\n\n");
  const rest = blocks.pop();
  for (const block of blocks) {
    const event = { id: null, data: "" };
    const data = [];
    for (const line of block.split("\n")) {
      if (!line || line.startsWith(":")) continue; // comments are heartbeats
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "data") data.push(value);
      else if (field === "id") event.id = value;
      else if (field === "retry") event.retry = Number(value);
    }
    if (data.length) {
      event.data = data.join("\n");
      events.push(event);
    }
  }
  return [events, rest];
}

const TERMINAL = ENDED;

/**
 * Follow a job: stream GET /api/v1/jobs/{id}/events with the bearer token, resuming with
 * Last-Event-ID; if streaming is unavailable (503 over the cap, a proxy buffering, an old
 * API) poll GET /api/v1/jobs/{id}. onUpdate gets {state, stage, progress, eta_s, ...}.
 */
export async function followJob(api, jobId, onUpdate, { signal } = {}) {
  let lastId = null;
  for (let attempt = 0; attempt < 3 && !signal?.aborted; attempt++) {
    try {
      const headers = { Accept: "text/event-stream" };
      if (lastId) headers["Last-Event-ID"] = lastId;
      const response = await api.raw(`/api/v1/jobs/${jobId}/events`, { headers, signal });
      if (!response.ok || !response.body) break;
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const [events, rest] = parseEvents(buffer + value);
        buffer = rest;
        for (const event of events) {
          if (event.id) lastId = event.id;
          const data = JSON.parse(event.data);
          onUpdate(data);
          if (TERMINAL.has(data.state)) return data;
        }
      }
    } catch (err) {
      if (signal?.aborted) throw err;
    }
  }
  for (;;) {
    const job = await api.json(`/api/v1/jobs/${jobId}`, { signal });
    onUpdate(job);
    if (TERMINAL.has(job.state)) return job;
    await new Promise((resolve) => setTimeout(resolve, 1500));
  }
}
