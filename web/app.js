// The page's behaviour: sign in, upload, follow the job live, list decks and cards, export.
import { Api } from "./api.js";
import { describeJob, followJob } from "./sse.js";

const api = new Api();
const $ = (id) => document.getElementById(id);

function showError(err) {
  const box = $("error");
  if (!err) {
    box.hidden = true;
    return;
  }
  const extra = [err.hint, err.requestId && `request id ${err.requestId}`].filter(Boolean).join(" — ");
  box.textContent = `${err.message}${extra ? ` (${extra})` : ""}`;
  box.hidden = false;
  if (err.status === 401) signOut();
}

function signedIn(yes) {
  $("auth-section").hidden = yes;
  for (const id of ["upload-section", "decks-section", "sign-out"]) $(id).hidden = !yes;
  if (!yes) $("deck-section").hidden = true;
}

function signOut() {
  api.setToken(null);
  signedIn(false);
}

// Streamed events and polled job resources alike (the same stage words and time left as the CLI).
function showJob(job) {
  const shown = describeJob(job);
  $("job").hidden = false;
  $("job-state").textContent = shown.state;
  $("job-stage").textContent = shown.stage;
  $("job-eta").textContent = shown.eta ? `· ${shown.eta}` : "";
  $("job-progress").value = shown.percent;
  const note = job.error ? `${job.error.message} ${job.error.hint || ""}` : job.message || "";
  $("job-message").textContent = job.degraded ? `${note} Some cards are offline drafts.` : note;
}

async function loadDecks() {
  const { decks } = await api.decks();
  const list = $("decks");
  list.replaceChildren(
    ...decks.map((deck) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = `#deck/${deck.id}`;
      link.textContent = `${deck.title} (${deck.card_count} cards)`;
      item.append(link);
      return item;
    }),
  );
}

async function showDeck(id) {
  const deck = await api.deck(id);
  $("deck-section").hidden = false;
  $("deck-section").dataset.deckId = deck.id;
  $("deck-title").textContent = deck.title;
  $("cards").replaceChildren(
    ...deck.cards.map((card) => {
      const item = document.createElement("li");
      const front = document.createElement("p");
      front.className = "front";
      front.textContent = card.front;
      const back = document.createElement("p");
      back.className = "back";
      back.textContent = card.back;
      item.append(front, back);
      return item;
    }),
  );
}

$("auth-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const register = event.submitter?.value === "register";
  try {
    await api.signIn(form.get("email"), form.get("password"), register);
    showError(null);
    signedIn(true);
    await loadDecks();
  } catch (err) {
    showError(err);
  }
});

$("upload-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  try {
    showError(null);
    const job = await api.upload(form.get("file"), { title: form.get("title"), maxCards: form.get("max_cards") });
    showJob(job);
    const final = await followJob(api, job.id, showJob);
    if (final.state === "succeeded") {
      await loadDecks();
      location.hash = `#deck/${final.deck_id}`;
    }
  } catch (err) {
    showError(err);
  }
});

$("export").addEventListener("click", async () => {
  try {
    const { blob, name } = await api.exportDeck($("deck-section").dataset.deckId, $("export-format").value);
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  } catch (err) {
    showError(err);
  }
});

$("sign-out").addEventListener("click", signOut);

window.addEventListener("hashchange", () => {
  const match = /^#deck\/(\w+)$/.exec(location.hash);
  if (match) showDeck(match[1]).catch(showError);
});

signedIn(Boolean(api.token));
if (api.token) {
  loadDecks().catch(showError);
  window.dispatchEvent(new HashChangeEvent("hashchange"));
}
