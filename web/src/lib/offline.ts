// Decks saved for offline study and the queue of reviews made while offline.
//
// A saved deck is its study queue (cards with their state) kept in localStorage; the app
// shell itself is cached by the service worker. Each review gets an idempotency key when it
// is made; it stays queued until the API has answered it, and is sent again with the same
// key after a lost answer, so the server never counts it twice and the queue never drops it.
import { ApiError, NetworkError, sendJson } from "./api";
import type { Rating, StudyQueue } from "./types";

const DECKS_KEY = "deckhand.offline-decks";
const QUEUE_KEY = "deckhand.review-queue";

export interface SavedDeck {
  id: string;
  title: string;
  savedAt: string;
  queue: StudyQueue;
}

export interface PendingReview {
  key: string;
  cardId: string;
  deckId: string;
  rating: Rating;
  at: string;
}

function read<T>(key: string, fallback: T): T {
  try {
    return (JSON.parse(localStorage.getItem(key) || "null") as T) ?? fallback;
  } catch {
    return fallback;
  }
}

const listeners = new Set<() => void>();
function write(key: string, value: unknown): void {
  localStorage.setItem(key, JSON.stringify(value));
  listeners.forEach((l) => l());
}

export function onOfflineChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function savedDecks(): Record<string, SavedDeck> {
  return read<Record<string, SavedDeck>>(DECKS_KEY, {});
}

export function savedDeck(id: string): SavedDeck | null {
  return savedDecks()[id] ?? null;
}

export function saveDeck(deck: SavedDeck): void {
  write(DECKS_KEY, { ...savedDecks(), [deck.id]: deck });
}

export function forgetDeck(id: string): void {
  const decks = savedDecks();
  delete decks[id];
  write(DECKS_KEY, decks);
}

export function pendingReviews(): PendingReview[] {
  return read<PendingReview[]>(QUEUE_KEY, []);
}

export function newKey(): string {
  return typeof crypto !== "undefined" && "randomUUID" in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/** Keep a review (made offline, or whose answer never came) until it is synced. */
export function queueReview(review: Omit<PendingReview, "key" | "at"> & { key?: string }): PendingReview {
  const entry: PendingReview = { ...review, key: review.key ?? newKey(), at: new Date().toISOString() };
  write(QUEUE_KEY, [...pendingReviews().filter((r) => r.key !== entry.key), entry]);
  return entry;
}

function drop(key: string): void {
  write(
    QUEUE_KEY,
    pendingReviews().filter((r) => r.key !== key),
  );
}

/** Send one review with its idempotency key (the same key on every attempt). */
export function sendReview(review: PendingReview): Promise<unknown> {
  return sendJson("POST", `/api/v1/cards/${review.cardId}/review`, { rating: review.rating }, {
    headers: { "Idempotency-Key": review.key },
  });
}

let syncing: Promise<SyncResult> | null = null;
export interface SyncResult {
  sent: number;
  left: number;
  dropped: number;
}

/**
 * Send the queued reviews in order. Stops at the first network failure (still offline);
 * a review the server refuses for good (its card was deleted: 404) is dropped.
 */
export function syncReviews(): Promise<SyncResult> {
  if (syncing) return syncing;
  syncing = (async () => {
    let sent = 0;
    let dropped = 0;
    const tried = new Set<string>();
    // Re-read the queue each time: reviews made while a sync runs are sent by it too.
    for (;;) {
      const review = pendingReviews().find((r) => !tried.has(r.key));
      if (!review) break;
      tried.add(review.key);
      try {
        await sendReview(review);
        sent += 1;
        drop(review.key);
      } catch (error) {
        if (error instanceof NetworkError) break;
        if (error instanceof ApiError && (error.status === 404 || error.status === 422)) {
          dropped += 1;
          drop(review.key);
          continue;
        }
        break; // 401, 429, 5xx: try again later
      }
    }
    return { sent, dropped, left: pendingReviews().length };
  })().finally(() => {
    syncing = null;
  });
  return syncing;
}

export function clearOfflineData(): void {
  localStorage.removeItem(DECKS_KEY);
  localStorage.removeItem(QUEUE_KEY);
  listeners.forEach((l) => l());
}
