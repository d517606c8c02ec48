// Budgets of the built app (web/dist), measured, printed, and enforced (exit 1 when over):
//  - JavaScript loaded by the first screen (the entry, its static imports and the first
//    route's chunk) at most 120 KB gzipped;
//  - every screen of src/App.tsx in a chunk of its own;
//  - Lighthouse with mobile settings on the app served locally (gzip, as Vercel serves it):
//    performance >= 90, accessibility >= 95, best practices >= 95.
// Run by `make web-budget` (not part of `make test`).
import { readFileSync, existsSync, writeFileSync, mkdirSync } from "node:fs";
import { createServer } from "node:http";
import { extname, join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import * as chromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const WEB = join(dirname(fileURLToPath(import.meta.url)), "..");
const DIST = join(WEB, "dist");
const FIRST_SCREEN_KB = 120;
const SCORES = { performance: 90, accessibility: 95, "best-practices": 95 };
const FIRST_ROUTES = ["src/routes/SignIn.tsx", "src/routes/Decks.tsx"]; // a new visitor, a returning one

const manifest = JSON.parse(readFileSync(join(DIST, ".vite/manifest.json"), "utf8"));
const gz = (file) => gzipSync(readFileSync(join(DIST, file))).length;

function closure(key, seen = new Set()) {
  const entry = manifest[key];
  if (!entry || seen.has(entry.file)) return seen;
  seen.add(entry.file);
  for (const imported of entry.imports ?? []) closure(imported, seen);
  return seen;
}

const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry);
const failures = [];
console.log("First-screen JavaScript (gzipped):");
for (const route of FIRST_ROUTES) {
  const files = closure(route, closure(entryKey));
  const bytes = [...files].filter((f) => f.endsWith(".js")).reduce((n, f) => n + gz(f), 0);
  const kb = bytes / 1024;
  console.log(`  ${route.padEnd(24)} ${kb.toFixed(1)} KB  (${files.size} files; budget ${FIRST_SCREEN_KB} KB)`);
  if (kb > FIRST_SCREEN_KB) failures.push(`${route}: ${kb.toFixed(1)} KB of JavaScript on the first screen`);
}

const app = readFileSync(join(WEB, "src/App.tsx"), "utf8");
const lazyRoutes = [...app.matchAll(/lazy\(\(\) => import\("\.\/(routes\/\w+)"\)\)/g)].map((m) => `src/${m[1]}.tsx`);
console.log(`Route chunks (${lazyRoutes.length}):`);
for (const route of lazyRoutes) {
  const entry = manifest[route];
  const own = entry?.isDynamicEntry && entry.file !== manifest[entryKey].file;
  console.log(`  ${route.padEnd(24)} ${entry ? `${entry.file} ${(gz(entry.file) / 1024).toFixed(1)} KB` : "missing"}`);
  if (!own) failures.push(`${route} is not a chunk of its own`);
}

// Serve dist like Vercel: gzip, hashed assets cached, any app path answered with index.html.
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".webmanifest": "application/manifest+json" };
const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
  let file = join(DIST, path);
  if (!file.startsWith(DIST) || !existsSync(file) || path.endsWith("/")) file = join(DIST, "index.html");
  const body = gzipSync(readFileSync(file));
  res.writeHead(200, {
    "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
    "Content-Encoding": "gzip",
    "Cache-Control": path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache",
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
  });
  res.end(body);
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const url = `http://127.0.0.1:${server.address().port}/signin`;
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM || "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage"],
});
try {
  const result = await lighthouse(url, { port: chrome.port, output: "html", logLevel: "error" });
  const out = join(WEB, "lighthouse-report");
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "signin.html"), result.report);
  console.log(`Lighthouse (mobile, ${url}):`);
  for (const [id, min] of Object.entries(SCORES)) {
    const score = Math.round((result.lhr.categories[id].score ?? 0) * 100);
    console.log(`  ${id.padEnd(16)} ${score}  (at least ${min})`);
    if (score < min) failures.push(`Lighthouse ${id} ${score} < ${min}`);
  }
  const audits = result.lhr.audits;
  for (const id of ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift"]) {
    console.log(`  ${id.padEnd(26)} ${audits[id].displayValue}`);
  }
  for (const cat of ["accessibility", "best-practices"]) {
    for (const ref of result.lhr.categories[cat].auditRefs) {
      const audit = audits[ref.id];
      if (ref.weight > 0 && audit.score !== null && audit.score < 1) console.log(`  ${cat} issue: ${audit.title}`);
    }
  }
} finally {
  await chrome.kill();
  server.close();
}
if (failures.length) {
  console.error(`Over budget:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log("Every budget is met.");
