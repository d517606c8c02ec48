// A fake network at the fetch() boundary: routes answer like the API (status, problem+json, SSE).
import { vi } from "vitest";

export type Handler = (request: Request) => Response | Promise<Response>;

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  const type = status >= 400 ? "application/problem+json" : "application/json";
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": type, ...headers } });
}

/** An SSE body sending `chunks` one by one. */
export function sse(chunks: string[]): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = chunks.shift();
      if (next === undefined) return controller.close();
      await new Promise((r) => setTimeout(r, 5));
      controller.enqueue(encoder.encode(next));
    },
  });
  return new Response(stream, { headers: { "Content-Type": "text/event-stream" } });
}

/**
 * An SSE answer that sends its next chunk only when the test calls `release()`: the test sees each
 * state the stream leads through, however slow the machine (chunks sent all at once may be
 * rendered as one update, the states between them never shown).
 */
export function steppedSse(chunks: string[]): { response: () => Response; release: (n?: number) => void } {
  const encoder = new TextEncoder();
  let permits = 0;
  let wake: (() => void) | undefined;
  const response = () =>
    new Response(
      new ReadableStream<Uint8Array>({
        async pull(controller) {
          while (permits === 0) await new Promise<void>((resolve) => (wake = resolve));
          permits -= 1;
          const next = chunks.shift();
          if (next === undefined) return controller.close();
          controller.enqueue(encoder.encode(next));
        },
      }),
      { headers: { "Content-Type": "text/event-stream" } },
    );
  const release = (n = 1) => {
    permits += n;
    wake?.();
    wake = undefined;
  };
  return { response, release };
}

export function event(data: object, id?: string): string {
  return `${id ? `id: ${id}\n` : ""}data: ${JSON.stringify(data)}\n\n`;
}

/** Install fetch answering by "METHOD /path" prefix; returns the calls made. */
export function mockFetch(routes: Record<string, Handler>) {
  const calls: Request[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(new URL(String(input), "http://localhost"), init);
    calls.push(request);
    const url = new URL(request.url);
    const key = `${request.method} ${url.pathname}`;
    const match = Object.keys(routes)
      .filter((k) => key.startsWith(k))
      .sort((a, b) => b.length - a.length)[0];
    if (!match) throw new TypeError("Failed to fetch");
    return routes[match](request);
  });
  vi.stubGlobal("fetch", fn);
  return calls;
}
