import { useCallback, useEffect, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { CardFace } from "../components/CardFace";
import { ErrorMessage } from "../components/ErrorMessage";
import { getJson, NetworkError } from "../lib/api";
import { queueReview, saveDeck, savedDeck, syncReviews } from "../lib/offline";
import { keys, useDeck } from "../lib/queries";
import type { Rating, StudyCard, StudyQueue } from "../lib/types";

export const RATINGS: { rating: Rating; key: string; label: string }[] = [
  { rating: "again", key: "1", label: "Again" },
  { rating: "hard", key: "2", label: "Hard" },
  { rating: "good", key: "3", label: "Good" },
  { rating: "easy", key: "4", label: "Easy" },
];
const SWIPE_PX = 60;

export default function Study() {
  const { deckId = "" } = useParams();
  const saved = savedDeck(deckId);
  const query = useQuery({
    queryKey: keys.study(deckId),
    queryFn: ({ signal }) => getJson<StudyQueue>(`/api/v1/decks/${deckId}/study?limit=100&new=20`, { signal }),
    // One queue per visit: a refetch (a focus change) must not restart the session.
    staleTime: Infinity,
    refetchOnWindowFocus: false,
    gcTime: 0,
    retry: (count, error) => !(error instanceof NetworkError) && count < 1,
  });
  // Offline (or the API unreachable) with a saved copy: study that.
  const fromSaved = query.error instanceof NetworkError && saved !== null;
  const queue = query.data ?? (fromSaved ? saved!.queue : null);
  const deck = useDeck(deckId);
  const title = deck.data?.title ?? saved?.title ?? "Deck";
  useEffect(() => {
    document.title = `Study ${title} · Deckhand`;
  }, [title]);

  return (
    <section className="study">
      <Breadcrumbs items={[{ label: "Decks", to: "/" }, { label: title, to: `/decks/${deckId}` }, { label: "Study" }]} />
      <h1 className="visually-hidden">Study</h1>
      {query.isPending && (
        <p className="loading" role="status">
          Loading cards…
        </p>
      )}
      {query.error != null && !fromSaved && (
        <>
          <ErrorMessage error={query.error} onRetry={() => void query.refetch()} />
          {query.error instanceof NetworkError && (
            <p>This deck is not saved for offline. Save it from its page next time you are online.</p>
          )}
        </>
      )}
      {fromSaved && (
        <p className="notice" role="status">
          Studying your offline copy. Your answers will be sent when you are back online.
        </p>
      )}
      {queue && <StudySession key={queue.now} deckId={deckId} queue={queue} />}
    </section>
  );
}

export function StudySession({ deckId, queue }: { deckId: string; queue: StudyQueue }) {
  const [cards, setCards] = useState<StudyCard[]>(queue.cards);
  const [revealed, setRevealed] = useState(false);
  const [done, setDone] = useState(0);
  const [counts, setCounts] = useState({ due: queue.due_total, fresh: queue.new_total });
  const start = useRef<{ x: number; y: number } | null>(null);
  const cardRef = useRef<HTMLDivElement>(null);
  const card = cards[0];

  const rate = useCallback(
    (rating: Rating) => {
      if (!card || !revealed) return;
      queueReview({ cardId: card.id, deckId, rating });
      void syncReviews();
      setCounts((c) => (card.study.new ? { ...c, fresh: Math.max(0, c.fresh - 1) } : { ...c, due: Math.max(0, c.due - 1) }));
      const rest = cards.slice(1);
      const next = rating === "again" ? [...rest, { ...card, study: { ...card.study, new: false } }] : rest;
      setCards(next);
      setDone((n) => n + 1);
      setRevealed(false);
      // Keep the offline copy in step, so a reload does not show a rated card again.
      const copy = savedDeck(deckId);
      if (copy) saveDeck({ ...copy, queue: { ...copy.queue, cards: next } });
    },
    [card, cards, deckId, revealed],
  );

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      const target = e.target as HTMLElement | null;
      if (target && /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)) return;
      if (e.key === " " || e.key === "Enter") {
        if (target?.tagName === "BUTTON" && e.key === "Enter") return;
        e.preventDefault();
        setRevealed((r) => !r);
        return;
      }
      const choice = RATINGS.find((r) => r.key === e.key);
      if (choice) {
        e.preventDefault();
        rate(choice.rating);
      }
    }
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [rate]);

  useEffect(() => {
    cardRef.current?.focus({ preventScroll: true });
  }, [card?.id]);

  if (!card) {
    return (
      <div className="study-done" role="status">
        <h2>{done ? "Well done!" : "Nothing to study right now"}</h2>
        <p>
          {done
            ? `You went through ${done} card${done === 1 ? "" : "s"}.`
            : "Every card of this deck is scheduled for later. Come back when some are due."}
        </p>
        <Link to={`/decks/${deckId}`} className="btn btn-primary">
          Back to the deck
        </Link>
      </div>
    );
  }

  return (
    <div className="study-session">
      <p className="study-counts" aria-live="polite">
        <span>
          <strong>{counts.due}</strong> due
        </span>
        <span>
          <strong>{counts.fresh}</strong> new
        </span>
        <span>
          <strong>{done}</strong> done
        </span>
      </p>
      <div
        ref={cardRef}
        className={`study-card${revealed ? " is-revealed" : ""}`}
        tabIndex={0}
        role="button"
        aria-label={revealed ? "Card, answer shown. Press 1 to 4 to rate." : "Card. Press Space to show the answer."}
        aria-pressed={revealed}
        onClick={() => setRevealed((r) => !r)}
        onTouchStart={(e) => (start.current = { x: e.touches[0].clientX, y: e.touches[0].clientY })}
        onTouchEnd={(e) => {
          const from = start.current;
          start.current = null;
          if (!from || !revealed) return;
          const dx = e.changedTouches[0].clientX - from.x;
          const dy = e.changedTouches[0].clientY - from.y;
          if (Math.abs(dx) > SWIPE_PX && Math.abs(dx) > Math.abs(dy)) {
            e.preventDefault();
            rate(dx < 0 ? "again" : "good");
          }
        }}
      >
        <CardFace card={card} revealed={revealed} />
        {!revealed && <p className="study-hint">Tap, or press Space, to show the answer</p>}
      </div>
      <div aria-live="polite" className="visually-hidden">
        {revealed ? "Answer shown" : ""}
      </div>
      {revealed ? (
        <div className="ratings" role="group" aria-label="How well did you know it?">
          {RATINGS.map(({ rating, key, label }) => (
            <button key={rating} type="button" className={`btn rating rating-${rating}`} onClick={() => rate(rating)}>
              {label}
              <kbd aria-hidden="true">{key}</kbd>
            </button>
          ))}
        </div>
      ) : (
        <button type="button" className="btn btn-primary btn-block" onClick={() => setRevealed(true)}>
          Show answer <kbd aria-hidden="true">Space</kbd>
        </button>
      )}
      <p className="field-help study-keys keys-only">Keys: Space shows the answer; 1 Again, 2 Hard, 3 Good, 4 Easy.</p>
      <p className="field-help study-keys touch-only">Tap the card to see the answer. Then swipe left for Again, right for Good.</p>
    </div>
  );
}
