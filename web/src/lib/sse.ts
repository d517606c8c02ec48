// Job progress: Server-Sent Events read with fetch() (EventSource cannot send the bearer
// token), resumed with Last-Event-ID, falling back to polling GET /api/v1/jobs/{id}.
import { getJson, request } from "./api";
import { ENDED } from "./stages";
import type { Job } from "./types";

export interface SseEvent {
  id: string | null;
  data: string;
  retry?: number;
}

/** Split buffered SSE text into complete events; returns [events, rest]. */
export function parseEvents(buffer: string): [SseEvent[], string] {
  const events: SseEvent[] = [];
  const blocks = buffer.replace(/\r\n/g, "\n").split("\n\n");
  const rest = blocks.pop() ?? "";
  for (const block of blocks) {
    const event: SseEvent = { id: null, data: "" };
    const data: string[] = [];
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

export type Transport = "stream" | "polling";

export interface FollowOptions {
  signal?: AbortSignal;
  pollMs?: number;
  onTransport?: (transport: Transport) => void;
  /** Tries of the stream before polling (a proxy that buffers, a 503 over the cap). */
  streamAttempts?: number;
}

const wait = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => (clearTimeout(timer), reject(new DOMException("aborted", "AbortError"))), {
      once: true,
    });
  });

/** Follow a job to its end; onUpdate gets every event or polled job. Resolves with the last. */
export async function followJob(
  jobId: string,
  onUpdate: (job: Partial<Job>) => void,
  { signal, pollMs = 1500, onTransport, streamAttempts = 3 }: FollowOptions = {},
): Promise<Partial<Job>> {
  let lastId: string | null = null;
  for (let attempt = 0; attempt < streamAttempts && !signal?.aborted; attempt++) {
    try {
      const headers: Record<string, string> = { Accept: "text/event-stream" };
      if (lastId) headers["Last-Event-ID"] = lastId;
      const response = await request(`/api/v1/jobs/${jobId}/events`, { headers, signal, timeoutMs: 0 });
      if (!response.body) break;
      onTransport?.("stream");
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        const [events, rest] = parseEvents(buffer + value);
        buffer = rest;
        for (const event of events) {
          if (event.id) lastId = event.id;
          const data = JSON.parse(event.data) as Partial<Job>;
          onUpdate(data);
          if (ENDED.has(data.state ?? "")) return data;
        }
      }
    } catch (error) {
      if (signal?.aborted) throw error;
      if ((error as { status?: number }).status === 401) throw error;
      if ((error as { status?: number }).status === 404) throw error;
    }
  }
  onTransport?.("polling");
  for (;;) {
    let job: Job | null = null;
    try {
      job = await getJson<Job>(`/api/v1/jobs/${jobId}`, { signal });
    } catch (error) {
      if (signal?.aborted) throw error;
      const status = (error as { status?: number }).status;
      if (status === 401 || status === 404) throw error;
      // Network trouble: keep polling; the view shows it.
    }
    if (job) {
      onUpdate(job);
      if (ENDED.has(job.state)) return job;
    }
    await wait(pollMs, signal);
  }
}
