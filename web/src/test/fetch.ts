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
