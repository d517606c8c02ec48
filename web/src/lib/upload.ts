// Upload checks made before anything is sent, and the upload itself with real progress (XHR).
import { API_BASE_URL, ApiError, NetworkError, type Problem } from "./api";
import { connectivity } from "./connectivity";
import { session } from "./session";
import type { Job } from "./types";

/** The limit the API enforces by default (MAX_UPLOAD_MB); the server has the last word. */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
export const MAX_CARDS_LIMIT = 1000;
export const TITLE_MAX = 200;
export const FOCUS_MAX = 200;
export const PASTE_MAX_CHARS = 500_000;

/** Extensions and types the API can read (documents/sniff.py decides from the bytes). */
export const ACCEPTED = {
  ".pdf": "PDF",
  ".docx": "Word",
  ".pptx": "PowerPoint",
  ".html": "web page",
  ".htm": "web page",
  ".md": "Markdown",
  ".markdown": "Markdown",
  ".txt": "text",
  ".epub": "EPUB",
} as const;
export const ACCEPT_ATTR = Object.keys(ACCEPTED).join(",");

export function fileProblem(file: { name: string; size: number }, maxBytes = MAX_UPLOAD_BYTES): string | null {
  const dot = file.name.lastIndexOf(".");
  const ext = dot >= 0 ? file.name.slice(dot).toLowerCase() : "";
  if (!(ext in ACCEPTED)) {
    return `Deckhand can't read ${ext ? `“${ext}” files` : "files without an extension"}. Use a PDF, Word (.docx), PowerPoint (.pptx), EPUB, web page, Markdown or text file.`;
  }
  if (file.size === 0) return "This file is empty.";
  if (file.size > maxBytes) {
    return `This file is ${formatBytes(file.size)}; the limit is ${formatBytes(maxBytes)}. Split it or upload a shorter part.`;
  }
  return null;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

export interface Options {
  title: string;
  maxCards: string;
  kinds: { basic: boolean; cloze: boolean; reversed: boolean };
  language: string;
  focus: string;
  difficulty: "" | "easy" | "medium" | "hard";
}

export const DEFAULT_OPTIONS: Options = {
  title: "",
  maxCards: "",
  kinds: { basic: true, cloze: true, reversed: false },
  language: "",
  focus: "",
  difficulty: "",
};

export type OptionErrors = Partial<Record<"title" | "maxCards" | "kinds" | "language" | "focus", string>>;

export function validateOptions(o: Options): OptionErrors {
  const errors: OptionErrors = {};
  if (o.title.length > TITLE_MAX) errors.title = `At most ${TITLE_MAX} characters (now ${o.title.length}).`;
  if (o.maxCards.trim()) {
    const n = Number(o.maxCards);
    if (!Number.isInteger(n) || n < 1) errors.maxCards = "A whole number, 1 or more.";
    else if (n > MAX_CARDS_LIMIT) errors.maxCards = `At most ${MAX_CARDS_LIMIT}.`;
  }
  if (!o.kinds.basic && !o.kinds.cloze && !o.kinds.reversed) errors.kinds = "Pick at least one kind of card.";
  if (o.language.trim() && !/^[a-zA-Z]{2}$/.test(o.language.trim())) {
    errors.language = "Two letters, like en, fr or de.";
  }
  if (o.focus.length > FOCUS_MAX) errors.focus = `At most ${FOCUS_MAX} characters (now ${o.focus.length}).`;
  return errors;
}

const OPTIONS_KEY = "deckhand.upload-options";

export function loadOptions(): Options {
  try {
    const saved = JSON.parse(localStorage.getItem(OPTIONS_KEY) || "null") as Partial<Options> | null;
    return saved ? { ...DEFAULT_OPTIONS, ...saved, kinds: { ...DEFAULT_OPTIONS.kinds, ...saved.kinds } } : DEFAULT_OPTIONS;
  } catch {
    return DEFAULT_OPTIONS;
  }
}

export function saveOptions(options: Options): void {
  localStorage.setItem(OPTIONS_KEY, JSON.stringify(options));
}

export function formFor(file: Blob, name: string, o: Options): FormData {
  const form = new FormData();
  form.append("file", file, name);
  if (o.title.trim()) form.append("title", o.title.trim());
  if (o.maxCards.trim()) form.append("max_cards", o.maxCards.trim());
  const kinds = (Object.keys(o.kinds) as (keyof Options["kinds"])[]).filter((k) => o.kinds[k]);
  form.append("kinds", kinds.join(","));
  if (o.language.trim()) form.append("language", o.language.trim().toLowerCase());
  if (o.focus.trim()) form.append("focus", o.focus.trim());
  if (o.difficulty) form.append("difficulty", o.difficulty);
  return form;
}

/** POST /api/v1/documents with progress events (fetch() cannot report upload progress). */
export function uploadDocument(
  form: FormData,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<Job> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `${API_BASE_URL}/api/v1/documents`);
    const token = session.token();
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = { title: xhr.statusText };
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as Job);
      else {
        const error = new ApiError(xhr.status, body as Problem, xhr.getResponseHeader("X-Request-ID") ?? undefined);
        if (xhr.status === 401) session.expire(error.code === "token_expired" ? "expired" : "invalid");
        reject(error);
      }
    };
    xhr.onerror = () => (connectivity.lost(), reject(new NetworkError(false)));
    xhr.ontimeout = () => reject(new NetworkError(true));
    xhr.onabort = () => reject(new DOMException("aborted", "AbortError"));
    signal?.addEventListener("abort", () => xhr.abort(), { once: true });
    xhr.send(form);
  });
}
