// Deckhand from JavaScript with fetch (Node 20+, or a browser): register, upload, follow, export.
//
//   DECKHAND_API_URL=http://127.0.0.1:8000 node examples/fetch.mjs notes.md deck.csv
import { readFile, writeFile } from "node:fs/promises";
import { basename } from "node:path";

const api = (process.env.DECKHAND_API_URL || "http://127.0.0.1:8000").replace(/\/+$/, "");
const [file, output = "deck.csv"] = process.argv.slice(2);
if (!file) {
  console.error("usage: node examples/fetch.mjs FILE [OUTPUT.csv]");
  process.exit(2);
}

async function call(path, { token, ...options } = {}) {
  const headers = { ...(options.headers || {}) };
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(api + path, { ...options, headers });
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    throw new Error(`${response.status} ${problem.code}: ${problem.detail} (${problem.hint ?? ""})`);
  }
  return response;
}

const email = `fetch-${Date.now()}@example.com`;
const { token } = await (
  await call("/api/v1/auth/register", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password: "a-long-password" }),
  })
).json();

const form = new FormData();
form.append("file", new Blob([await readFile(file)]), basename(file));
form.append("max_cards", "20");
let job = await (await call("/api/v1/documents", { method: "POST", body: form, token })).json();

while (!["succeeded", "failed", "cancelled"].includes(job.state)) {
  await new Promise((resolve) => setTimeout(resolve, 1000));
  job = await (await call(`/api/v1/jobs/${job.id}`, { token })).json();
  console.error(`  ${job.state} ${job.stage} ${job.progress.percent}%`);
}
if (job.state !== "succeeded") {
  console.error(`job ${job.state}: ${JSON.stringify(job.error)}`);
  process.exit(1);
}
const csv = await (await call(`/api/v1/decks/${job.deck_id}/export?format=csv`, { token })).text();
await writeFile(output, csv);
console.log(`wrote ${job.cards_count} cards to ${output}`);
