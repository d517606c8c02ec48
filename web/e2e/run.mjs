// End-to-end: the real local stack (`deckhand run`: gunicorn, a worker, the scheduler, embedded
// Redis, SQLite, the offline generator) driven by Debian's chromium through playwright-core.
// Flows at 1280 px and 360 px, an unsupported file, and the API stopping mid-session.
// Screenshots go to e2e/artifacts/ (gitignored). Run with `make e2e`.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, "../..");
const CORPUS = resolve(ROOT, "../shared/corpus");
const PDF = join(CORPUS, "pdf-two-column-dpr-paper-emnlp2020.pdf");
const MARKDOWN = join(CORPUS, "md-rust-book-ch04-01-what-is-ownership.md");
const ARTIFACTS = join(HERE, "artifacts");
const BROWSER = process.env.CHROMIUM || "/usr/bin/chromium";
const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

function freePort() {
  return new Promise((ok) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

class Stack {
  constructor(port, dataDir) {
    this.port = port;
    this.dataDir = dataDir;
    this.url = `http://127.0.0.1:${port}`;
  }
  async start() {
    const env = { ...process.env, DATA_DIR: this.dataDir, LLM_PROVIDERS: "" };
    delete env.DATABASE_URL; // SQLite and the embedded Redis under DATA_DIR, as `make run` on a fresh machine
    delete env.REDIS_URL;
    this.child = spawn(join(ROOT, ".venv/bin/deckhand"), ["run", "--port", String(this.port)], {
      cwd: ROOT,
      env,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    this.log = "";
    this.child.stdout.on("data", (d) => (this.log += d));
    this.child.stderr.on("data", (d) => (this.log += d));
    for (let i = 0; i < 120; i++) {
      try {
        // The API answering is enough: jobs wait in the queue until the worker is up.
        const ready = await fetch(`${this.url}/healthz`);
        if (ready.ok) return;
      } catch {
        /* not yet */
      }
      if (this.child.exitCode !== null) throw new Error(`the stack exited:\n${this.log.slice(-3000)}`);
      await sleep(500);
    }
    throw new Error(`the stack did not become ready:\n${this.log.slice(-3000)}`);
  }
  async stop() {
    if (!this.child || this.child.exitCode !== null) return;
    const exited = new Promise((ok) => this.child.once("exit", ok));
    process.kill(this.child.pid, "SIGTERM"); // `deckhand run` stops its children and Redis
    await Promise.race([exited, sleep(40_000)]);
    if (this.child.exitCode === null) process.kill(-this.child.pid, "SIGKILL");
  }
}

let checks = 0;
const T0 = Date.now();
const mark = (what) => console.log(`  ${((Date.now() - T0) / 1000).toFixed(0).padStart(4)} s  ${what}`);
function check(condition, message) {
  if (!condition) throw new Error(`check failed: ${message}`);
  checks += 1;
}

async function shot(page, name) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

async function signUp(page, base, label) {
  const email = `${label}-${Date.now()}@example.com`;
  await page.goto(`${base}/signup`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("a-long-password");
  await page.getByRole("button", { name: "Create account" }).click();
  await page.getByRole("heading", { name: "Welcome to Deckhand" }).waitFor();
  return email;
}

async function skipTour(page) {
  await page.getByRole("button", { name: "Skip" }).click();
}

async function upload(page, file, maxCards) {
  await page.getByRole("link", { name: "New deck" }).first().click();
  await page.getByRole("heading", { name: "New deck" }).waitFor();
  await page.locator('input[type="file"]').setInputFiles(file);
  if (maxCards) await page.getByLabel("Most cards (optional)").fill(String(maxCards));
  await page.getByRole("button", { name: "Make cards" }).click();
  await page.waitForURL(/\/jobs\/[0-9a-f]{32}$/);
}

/** The main flow of the issue, at one viewport. */
async function mainFlow(browser, base, name, device) {
  const context = await browser.newContext({ ...device, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && !/Failed to load resource/.test(m.text()) && errors.push(m.text()));

  await signUp(page, base, name);
  await shot(page, `${name}-1-tour`);
  await skipTour(page);
  await page.getByRole("heading", { name: "Your decks" }).waitFor();
  await shot(page, `${name}-2-decks-empty`);

  await page.getByRole("link", { name: "New deck" }).first().click();
  await page.getByText("More options").click();
  await shot(page, `${name}-3-upload`);
  await page.getByText("More options").click();
  await page.getByRole("link", { name: "Decks" }).first().click();
  await upload(page, PDF, 12);
  await page.locator(".stages").waitFor();
  await shot(page, `${name}-4-job`);
  const open = page.getByRole("button", { name: /Open the deck/ });
  await open.waitFor({ timeout: 90_000 });
  check((await page.locator(".stage-done").count()) === 4, "every stage is ticked at the end");
  await shot(page, `${name}-5-job-done`);
  await open.click();

  // The deck: cards, the source page of a card, edit, add.
  await page.waitForURL(/\/decks\/[0-9a-f]{32}$/);
  const cards = page.locator(".card-item");
  await cards.first().waitFor();
  check((await cards.count()) >= 3, "the deck has at least three cards");
  await cards.first().getByRole("button", { name: "Show answer" }).click();
  const source = await cards.first().locator(".card-source").innerText();
  check(/Page \d+/.test(source), `the card shows its page (${source})`);
  const clozeHidden = await page.locator(".cloze-hidden").count();
  check((await page.locator("text=/\\{\\{c\\d::/").count()) === 0, "no raw cloze markup is shown");
  await shot(page, `${name}-6-deck`);

  await cards.first().getByRole("button", { name: /Edit/ }).click();
  const edited = `What does dense passage retrieval index (${name})?`;
  const editor = page.getByRole("form", { name: "Edit card" });
  const kind = await editor.getByLabel(/Sentence|Front/).inputValue();
  await editor.getByLabel(/Sentence|Front/).fill(kind.includes("{{c1::") ? `Dense retrieval uses {{c1::passages}} (${name}).` : edited);
  const back = editor.getByLabel(/Back|Extra/);
  if (!kind.includes("{{c1::")) await back.fill("Passages, as dense vectors");
  await editor.getByRole("button", { name: "Save" }).click();
  await editor.waitFor({ state: "detached" });
  await page.getByText(`(${name})`).first().waitFor();
  check(true, `card edited (cloze cards hidden: ${clozeHidden})`);

  // Study three cards with the keyboard.
  await page.getByRole("link", { name: "Study" }).click();
  await page.locator(".study-card").waitFor();
  await shot(page, `${name}-7-study-front`);
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press("Space");
    await page.locator(".ratings").waitFor();
    if (i === 0) await shot(page, `${name}-8-study-back`);
    await page.keyboard.press("3");
    await page.locator(".ratings").waitFor({ state: "detached" });
  }
  await page.waitForFunction(() => /3\s*done/.test(document.querySelector(".study-counts")?.textContent ?? ""));
  await page.waitForFunction(() => (JSON.parse(localStorage.getItem("deckhand.review-queue") || "[]").length === 0));
  check(true, "three cards studied and synced");

  // Export an .apkg, then delete the deck.
  await page.goBack();
  await page.locator(".card-item").first().waitFor();
  await page.getByText("Export").click();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Anki (.apkg)" }).click(),
  ]);
  const saved = join(ARTIFACTS, `${name}.apkg`);
  await download.saveAs(saved);
  check(download.suggestedFilename().endsWith(".apkg") && statSync(saved).size > 1000, "an .apkg was saved");
  check(readFileSync(saved).subarray(0, 2).toString() === "PK", "the .apkg is a zip");
  await page.keyboard.press("Escape");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Decks" }).click();
  await page.locator(".deck-link").first().waitFor();
  await shot(page, `${name}-decks`);
  await page.locator(".deck-link").first().click();
  await page.locator(".card-item").first().waitFor();
  await page.getByRole("button", { name: "Delete deck" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.waitFor();
  await shot(page, `${name}-9-confirm-delete`);
  await dialog.getByRole("button", { name: "Delete deck" }).click();
  await page.waitForURL(`${base}/`);
  await page.getByText("No decks yet").waitFor();
  check(errors.length === 0, `no errors in the console: ${errors.join(" | ")}`);
  await context.close();
  mark(`${name}: sign-up, upload, progress, deck, edit, study, export, delete`);
}

/** A file whose bytes are not a document: the API's own message and hint are shown. */
async function unsupportedFlow(browser, base) {
  const context = await browser.newContext(DESKTOP);
  const page = await context.newPage();
  await signUp(page, base, "unsupported");
  await skipTour(page);
  const token = await page.evaluate(() => localStorage.getItem("deckhand.token"));
  const bytes = readFileSync(join(HERE, "../public/icon-192.png"));
  const form = new FormData();
  form.append("file", new Blob([bytes]), "photo.pdf");
  const direct = await (await fetch(`${base}/api/v1/documents`, { method: "POST", body: form, headers: { Authorization: `Bearer ${token}` } })).json();
  check(direct.code === "unsupported_document", `the API refuses it (${direct.code})`);
  await page.getByRole("link", { name: "New deck" }).first().click();
  await page.locator('input[type="file"]').setInputFiles({ name: "photo.pdf", mimeType: "application/pdf", buffer: bytes });
  await page.getByRole("button", { name: "Make cards" }).click();
  const alert = page.getByRole("alert");
  await alert.waitFor();
  const text = await alert.innerText();
  check(text.includes(direct.detail), `the alert shows the API's detail: ${text}`);
  check(text.includes(direct.hint), `the alert shows the API's hint: ${text}`);
  await shot(page, "desktop-upload-unsupported");
  await context.close();
  mark("unsupported file");
}

/** The API stops mid-session: an offline state, a saved deck still studied, reviews synced after. */
async function offlineFlow(browser, stack) {
  const base = stack.url;
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  await signUp(page, base, "offline");
  await skipTour(page);
  await upload(page, MARKDOWN, 8);
  await page.getByRole("button", { name: /Open the deck/ }).click({ timeout: 90_000 });
  await page.locator(".card-item").first().waitFor();
  await page.getByRole("button", { name: "Save for offline" }).click();
  await page.getByRole("button", { name: "Remove offline copy" }).waitFor();
  const deckUrl = page.url();
  const token = await page.evaluate(() => localStorage.getItem("deckhand.token"));
  const before = await (await fetch(`${deckUrl.replace(base, `${base}/api/v1`)}/study`, { headers: { Authorization: `Bearer ${token}` } })).json();
  // Visit the study view once (its code is then cached), and let the service worker take control.
  await page.getByRole("link", { name: "Study" }).click();
  await page.locator(".study-card").waitFor();
  await page.waitForFunction(() => navigator.serviceWorker?.controller != null, null, { timeout: 30_000 });
  await page.goBack();
  await page.locator(".card-item").first().waitFor();

  mark("offline: deck saved");
  await stack.stop();
  mark("offline: the stack stopped");
  await page.getByRole("link", { name: "Study" }).click();
  await page.getByText("Studying your offline copy").waitFor({ timeout: 30_000 });
  await page.getByText(/Can't reach Deckhand|You are offline/).waitFor();
  for (let i = 0; i < 2; i++) {
    await page.locator(".study-card").tap();
    await page.getByRole("button", { name: /Good/ }).tap();
  }
  const pending = await page.evaluate(() => JSON.parse(localStorage.getItem("deckhand.review-queue") || "[]").length);
  check(pending === 2, `two reviews wait offline (${pending})`);
  await page.getByText(/2 reviews will sync/).waitFor();
  await shot(page, "phone-study-offline");
  // A reload while the API is down: the service worker serves the app, the saved deck is studied.
  await page.reload();
  await page.getByText("Studying your offline copy").waitFor({ timeout: 30_000 });

  await stack.start();
  mark("offline: the stack is back");
  await page.getByText(/2 reviews synced/).waitFor({ timeout: 60_000 });
  const after = await (await fetch(`${deckUrl.replace(base, `${base}/api/v1`)}/study`, { headers: { Authorization: `Bearer ${token}` } })).json();
  check(after.new_total === before.new_total - 2, `the server counted exactly two reviews (${before.new_total} -> ${after.new_total})`);
  await shot(page, "phone-synced");
  await context.close();
}

async function main() {
  const started = Date.now();
  rmSync(ARTIFACTS, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), "deckhand-e2e-"));
  const stack = new Stack(await freePort(), dataDir);
  const browser = await chromium.launch({ executablePath: BROWSER, args: ["--no-sandbox", "--disable-dev-shm-usage"] });
  let failed = false;
  try {
    await stack.start();
    mark("stack ready");
    // Independent accounts: the flows run side by side; the offline one stops the stack, so it runs last.
    await Promise.all([
      mainFlow(browser, stack.url, "desktop", DESKTOP),
      mainFlow(browser, stack.url, "phone", PHONE),
      unsupportedFlow(browser, stack.url),
    ]);
    await offlineFlow(browser, stack);
  } catch (error) {
    failed = true;
    console.error(error);
    console.error(`--- stack log (tail) ---\n${(stack.log || "").slice(-2000)}`);
  } finally {
    await browser.close();
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  console.log(`e2e: ${checks} checks ${failed ? "then a FAILURE" : "passed"} in ${seconds} s; screenshots in ${ARTIFACTS}`);
  process.exit(failed ? 1 : 0);
}

main();
