// The API's base URL, checked at build time (vite.config.ts). Empty means the app's own
// origin (the Flask app serves it in `make run`); otherwise a bare origin, https on Vercel.
export function checkApiBaseUrl(value, { requireHttps = false } = {}) {
  const url = (value || "").trim().replace(/\/+$/, "");
  if (!url) {
    if (requireHttps) throw new Error("DECKHAND_API_URL is not set (e.g. https://deckhand-api.onrender.com)");
    return "";
  }
  const parsed = new URL(url);
  if (requireHttps && parsed.protocol !== "https:") throw new Error(`DECKHAND_API_URL must be https: ${url}`);
  if (parsed.pathname !== "/" || parsed.search || parsed.hash) {
    throw new Error(`DECKHAND_API_URL must be an origin without a path: ${url}`);
  }
  return parsed.origin;
}
