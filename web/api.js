// A small client for the Deckhand API: bearer token, problem+json errors.
import { API_BASE_URL } from "./config.js";

export class ApiError extends Error {
  constructor(problem, status) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.code = problem.code;
    this.hint = problem.hint;
    this.requestId = problem.request_id;
  }
}

export class Api {
  constructor(base = API_BASE_URL, token = sessionStorage.getItem("deckhand.token")) {
    this.base = base.replace(/\/+$/, "");
    this.token = token;
  }

  setToken(token) {
    this.token = token;
    if (token) sessionStorage.setItem("deckhand.token", token);
    else sessionStorage.removeItem("deckhand.token");
  }

  async raw(path, options = {}) {
    const headers = { ...(options.headers || {}) };
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    return fetch(this.base + path, { ...options, headers });
  }

  async json(path, options = {}) {
    const response = await this.raw(path, options);
    if (!response.ok) {
      let problem = {};
      try {
        problem = await response.json();
      } catch {
        /* not problem+json: keep the status */
      }
      throw new ApiError(problem, response.status);
    }
    return response.json();
  }

  post(path, body) {
    return this.json(path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
  }

  async signIn(email, password, register = false) {
    const answer = await this.post(register ? "/api/v1/auth/register" : "/api/v1/auth/token", { email, password });
    this.setToken(answer.token);
    return answer;
  }

  upload(file, { title, maxCards } = {}) {
    const form = new FormData();
    form.append("file", file);
    if (title) form.append("title", title);
    if (maxCards) form.append("max_cards", String(maxCards));
    return this.json("/api/v1/documents", { method: "POST", body: form });
  }

  decks() {
    return this.json("/api/v1/decks");
  }

  deck(id) {
    return this.json(`/api/v1/decks/${id}`);
  }

  /** The export as a Blob (downloads need the bearer header, so no plain link). */
  async exportDeck(id, format) {
    const response = await this.raw(`/api/v1/decks/${id}/export?format=${encodeURIComponent(format)}`);
    if (!response.ok) throw new ApiError(await response.json().catch(() => ({})), response.status);
    const disposition = response.headers.get("Content-Disposition") || "";
    const name = /filename="([^"]+)"/.exec(disposition)?.[1] || `deck.${format}`;
    return { blob: await response.blob(), name };
  }
}
