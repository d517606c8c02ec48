import { describe, expect, it } from "vitest";
import { json, mockFetch } from "../test/fetch";
import { pendingReviews, queueReview, syncReviews } from "./offline";

describe("the offline review queue", () => {
  it("keeps reviews while the API is unreachable and sends each exactly once, in order, when back", async () => {
    queueReview({ cardId: "c1", deckId: "d", rating: "good" });
    queueReview({ cardId: "c2", deckId: "d", rating: "again" });
    mockFetch({}); // every request fails as a network error
    expect(await syncReviews()).toEqual({ sent: 0, dropped: 0, left: 2 });
    expect(pendingReviews()).toHaveLength(2);

    // Back, but the first answer is lost after the server stored the review: sent again with the same key.
    const stored = new Map<string, string>();
    let loseNext = true;
    const calls = mockFetch({
      "POST /api/v1/cards/": async (request) => {
        const key = request.headers.get("Idempotency-Key")!;
        if (!stored.has(key)) stored.set(key, request.url.split("/")[6]);
        if (loseNext) {
          loseNext = false;
          throw new TypeError("connection reset");
        }
        return json({ card_id: stored.get(key) });
      },
    });
    expect(await syncReviews()).toEqual({ sent: 0, dropped: 0, left: 2 });
    expect(await syncReviews()).toEqual({ sent: 2, dropped: 0, left: 0 });
    expect(calls.map((c) => c.headers.get("Idempotency-Key"))).toEqual([
      calls[0].headers.get("Idempotency-Key"),
      calls[0].headers.get("Idempotency-Key"),
      calls[2].headers.get("Idempotency-Key"),
    ]);
    expect([...stored.values()]).toEqual(["c1", "c2"]); // the server saw two reviews, not three
  });

  it("drops a review of a deleted card but keeps one refused for a passing reason", async () => {
    queueReview({ cardId: "gone", deckId: "d", rating: "good" });
    queueReview({ cardId: "busy", deckId: "d", rating: "good" });
    mockFetch({
      "POST /api/v1/cards/gone": () => json({ code: "not_found" }, 404),
      "POST /api/v1/cards/busy": () => json({ code: "rate_limited" }, 429),
    });
    expect(await syncReviews()).toEqual({ sent: 0, dropped: 1, left: 1 });
    expect(pendingReviews().map((r) => r.cardId)).toEqual(["busy"]);
  });
});
