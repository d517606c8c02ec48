// The API client: bearer token, timeouts, problem+json errors turned into sentences.
import { connectivity, setProbeBase } from "./connectivity";
import { session } from "./session";

export const API_BASE_URL: string = typeof __API_BASE_URL__ === "string" ? __API_BASE_URL__ : "";
const TIMEOUT_MS = 20_000;
setProbeBase(API_BASE_URL);

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  code?: string;
  hint?: string;
  request_id?: string;
  invalid_params?: { name: string; reason: string }[];
  [key: string]: unknown;
}

/** An answer of the API that is not 2xx, with its problem+json body. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  readonly requestId?: string;
  constructor(status: number, problem: Problem, requestId?: string) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.name = "ApiError";
    this.status = status;
    this.problem = problem;
    this.requestId = problem.request_id || requestId;
  }
  get code(): string | undefined {
    return this.problem.code;
  }
  get hint(): string | undefined {
    return this.problem.hint;
  }
}

/** The API could not be reached (offline, DNS, CORS, server down) or did not answer in time. */
export class NetworkError extends Error {
  readonly timedOut: boolean;
  constructor(timedOut: boolean) {
    super(timedOut ? "The server took too long to answer." : "The server could not be reached.");
    this.name = "NetworkError";
    this.timedOut = timedOut;
  }
}

/** Codes whose wording for a student differs from the API's developer-facing detail. */
const PLAIN: Record<string, string> = {
  unauthorized: "Your email or password is not right.",
  token_expired: "Your session has ended. Please sign in again.",
  rate_limited: "You are going a little fast. Please wait a moment and try again.",
  quota_exceeded: "You have reached today's limit. You can continue tomorrow.",
  payload_too_large: "This file is too large.",
  dependency_unavailable: "Part of the service is briefly unavailable. Please try again in a moment.",
  internal_error: "Something went wrong on our side. Please try again.",
  conflict: "",
};

/** What a student reads for an error: one or two sentences, never a stack or an endpoint. */
export function describeError(error: unknown): { message: string; hint?: string; requestId?: string } {
  if (error instanceof NetworkError) {
    return {
      message: error.timedOut
        ? "The server is taking too long to answer."
        : navigator.onLine === false
          ? "You are offline."
          : "We can't reach the server right now.",
      hint: "Check your connection, then try again.",
    };
  }
  if (error instanceof ApiError) {
    const plain = error.code ? PLAIN[error.code] : undefined;
    const fields = error.problem.invalid_params?.map((p) => `${p.name}: ${p.reason}`).join("; ");
    const message = plain || error.problem.detail || error.problem.title || "The request failed.";
    const hint = [fields, developerFree(error.hint)].filter(Boolean).join(" ");
    return { message, hint: hint || undefined, requestId: error.requestId };
  }
  return { message: error instanceof Error && error.message ? error.message : "Something went wrong." };
}

/** Hints written for API clients mention headers and endpoints; a student gets none of those. */
function developerFree(hint: string | undefined): string | undefined {
  if (!hint) return undefined;
  if (/\b(GET|POST|PATCH|DELETE|Authorization|Bearer|openapi|\/api\/v1)\b/.test(hint)) return undefined;
  return hint;
}

export interface RequestOptions extends Omit<RequestInit, "body"> {
  json?: unknown;
  body?: BodyInit;
  timeoutMs?: number;
  /** Leave the session alone on a 401 (the sign-in form itself). */
  anonymous?: boolean;
}

/** fetch() with the token, a timeout and errors as ApiError / NetworkError. */
export async function request(path: string, options: RequestOptions = {}): Promise<Response> {
  const { json, timeoutMs = TIMEOUT_MS, anonymous, headers: given, signal, ...init } = options;
  const headers = new Headers(given);
  const token = session.token();
  if (token && !anonymous) headers.set("Authorization", `Bearer ${token}`);
  let body = init.body;
  if (json !== undefined) {
    headers.set("Content-Type", "application/json");
    body = JSON.stringify(json);
  }
  const controller = new AbortController();
  let timedOut = false;
  const timer = timeoutMs > 0 ? setTimeout(() => ((timedOut = true), controller.abort()), timeoutMs) : undefined;
  const onAbort = () => controller.abort();
  signal?.addEventListener("abort", onAbort);
  let response: Response;
  try {
    response = await fetch(API_BASE_URL + path, { ...init, body, headers, signal: controller.signal });
  } catch (error) {
    if (signal?.aborted) throw error;
    connectivity.lost();
    throw new NetworkError(timedOut);
  } finally {
    if (timer) clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
  connectivity.reached();
  if (!response.ok) throw await problemOf(response, anonymous);
  return response;
}

export async function problemOf(response: Response, anonymous = false): Promise<ApiError> {
  let problem: Problem = {};
  try {
    problem = (await response.json()) as Problem;
  } catch {
    problem = { title: response.statusText };
  }
  const error = new ApiError(response.status, problem, response.headers.get("X-Request-ID") ?? undefined);
  if (response.status === 401 && !anonymous) session.expire(error.code === "token_expired" ? "expired" : "invalid");
  return error;
}

export async function getJson<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const response = await request(path, options);
  return (await response.json()) as T;
}

export async function sendJson<T>(method: string, path: string, json?: unknown, options: RequestOptions = {}): Promise<T> {
  const response = await request(path, { ...options, method, json });
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}
