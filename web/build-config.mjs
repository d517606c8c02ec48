// Vercel build step: write config.js from the DECKHAND_API_URL environment variable.
// Set DECKHAND_API_URL per environment in Vercel (Production: the production API,
// Preview: the staging API). Fails the build when it is missing or not a bare https origin.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export function configSource(apiUrl, { requireHttps = true } = {}) {
  const url = (apiUrl || "").trim().replace(/\/+$/, "");
  if (!url) throw new Error("DECKHAND_API_URL is not set (e.g. https://deckhand-api.onrender.com)");
  const parsed = new URL(url);
  if (requireHttps && parsed.protocol !== "https:") throw new Error(`DECKHAND_API_URL must be https: ${url}`);
  if (parsed.pathname !== "/" || parsed.search || parsed.hash) {
    throw new Error(`DECKHAND_API_URL must be an origin without a path: ${url}`);
  }
  return `// Written by build-config.mjs at build time.\nexport const API_BASE_URL = ${JSON.stringify(parsed.origin)};\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    const source = configSource(process.env.DECKHAND_API_URL, {
      requireHttps: process.env.DECKHAND_ALLOW_HTTP !== "1",
    });
    writeFileSync(new URL("./config.js", import.meta.url), source);
    console.log(source.trim());
  } catch (err) {
    console.error(`build-config: ${err.message}`);
    process.exit(1);
  }
}
