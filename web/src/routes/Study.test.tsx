import { describe, expect, it } from "vitest";
import { fireEvent, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import type { StudyQueue } from "../lib/types";
import { json, mockFetch } from "../test/fetch";
import { renderAt } from "../test/render";
import { StudySession } from "./Study";

const DECK = "d".repeat(32);
const QUEUE: StudyQueue = {
  deck_id: DECK,
  now: "2026-01-01T00:00:00Z",
  due_total: 1,
  new_total: 2,
  cards: [
    { id: "c1", kind: "basic", front: "What is ownership?", back: "A set of rules", source: { page: 1 }, study: { new: false, state: "review", due: "", reps: 2, lapses: 0 } },
    { id: "c2", kind: "cloze", front: "The {{c1::stack}} is fast.", back: "", source: { page: 2 }, study: { new: true, state: "new", due: "", reps: 0, lapses: 0 } },
    { id: "c3", kind: "basic", front: "What frees memory?", back: "Drop", study: { new: true, state: "new", due: "", reps: 0, lapses: 0 } },
  ],
};

describe("studying with the keyboard", () => {
  it("flips with Space, rates with 1-4, counts down and sends each review once with a key", async () => {
    const user = userEvent.setup();
    const calls = mockFetch({ "POST /api/v1/cards/": (r) => json({ card_id: r.url.split("/")[6], rating: "good" }) });
    renderAt(`/decks/${DECK}/study`, "/decks/:deckId/study", <StudySession deckId={DECK} queue={QUEUE} />);
    expect(screen.getByText("What is ownership?")).toBeInTheDocument();
    expect(screen.queryByText("A set of rules")).toBeNull();
    expect(screen.getByText("due").parentElement).toHaveTextContent("1 due");

    await user.keyboard("3"); // not revealed yet: ignored
    expect(calls).toHaveLength(0);
    await user.keyboard(" ");
    expect(screen.getByText("A set of rules")).toBeInTheDocument();
    expect(screen.getByText("Source: Page 1")).toBeInTheDocument();
    await user.keyboard("3");
    expect(screen.getByText("[…]")).toBeInTheDocument(); // the cloze card, gap hidden
    expect(screen.getByText("due").parentElement).toHaveTextContent("0 due");

    await user.keyboard(" ");
    expect(screen.getByText("stack").tagName).toBe("MARK");
    await user.keyboard("1"); // again: the card comes back at the end
    await user.keyboard(" ");
    await user.keyboard("4");
    expect(screen.getByText("The")).toBeInTheDocument();
    await user.keyboard(" ");
    await user.keyboard("2");
    await screen.findByText("Well done!");
    expect(screen.getByText("You went through 4 cards.")).toBeInTheDocument();

    await waitFor(() => expect(calls).toHaveLength(4));
    const ratings = await Promise.all(calls.map(async (c) => [c.url.split("/")[6], (await c.json()).rating]));
    expect(ratings).toEqual([["c1", "good"], ["c2", "again"], ["c3", "easy"], ["c2", "hard"]]);
    const keys = calls.map((c) => c.headers.get("Idempotency-Key"));
    expect(new Set(keys).size).toBe(4);
    expect(localStorage.getItem("deckhand.review-queue")).toBe("[]");
  });

  it("flips with a tap and rates with a swipe", async () => {
    mockFetch({ "POST /api/v1/cards/": () => json({}) });
    renderAt(`/decks/${DECK}/study`, "/decks/:deckId/study", <StudySession deckId={DECK} queue={QUEUE} />);
    const card = screen.getByRole("button", { name: /Press Space to show the answer/ });
    fireEvent.click(card);
    expect(screen.getByText("A set of rules")).toBeInTheDocument();
    fireEvent.touchStart(card, { touches: [{ clientX: 300, clientY: 100 }] });
    fireEvent.touchEnd(card, { changedTouches: [{ clientX: 100, clientY: 105 }] });
    expect(screen.getByText("[…]")).toBeInTheDocument();
    expect(screen.getByText("done").parentElement).toHaveTextContent("1 done");
  });
});
