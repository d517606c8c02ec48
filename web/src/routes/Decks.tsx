import { useEffect, useState } from "react";
import { Link } from "react-router";
import { ErrorMessage } from "../components/ErrorMessage";
import { onOfflineChange, savedDecks } from "../lib/offline";
import { useDecks } from "../lib/queries";

export default function Decks() {
  const { data, error, isPending, refetch } = useDecks();
  const [saved, setSaved] = useState(savedDecks);
  useEffect(() => onOfflineChange(() => setSaved(savedDecks())), []);
  useEffect(() => {
    document.title = "Your decks · Deckhand";
  }, []);
  const offlineOnly = error ? Object.values(saved) : [];

  return (
    <section>
      <div className="page-head">
        <h1>Your decks</h1>
        <Link to="/upload" className="btn btn-primary">
          New deck
        </Link>
      </div>
      {isPending && (
        <ul className="deck-list" aria-busy="true" aria-label="Loading your decks">
          {[0, 1, 2].map((i) => (
            <li key={i} className="deck-item skeleton">
              <span className="skeleton-line" />
              <span className="skeleton-line short" />
            </li>
          ))}
        </ul>
      )}
      {error != null && (
        <>
          <ErrorMessage error={error} onRetry={() => void refetch()} />
          {offlineOnly.length > 0 && (
            <>
              <h2>Saved for offline</h2>
              <ul className="deck-list">
                {offlineOnly.map((d) => (
                  <li key={d.id} className="deck-item">
                    <Link to={`/decks/${d.id}/study`} className="deck-link">
                      <span className="deck-title">{d.title}</span>
                      <span className="deck-meta">{d.queue.cards.length} cards to study offline</span>
                    </Link>
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
      {data && data.decks.length === 0 && (
        <div className="empty">
          <p>No decks yet. Upload a document or paste your notes, and Deckhand writes the cards.</p>
          <Link to="/upload" className="btn btn-primary">
            Make your first deck
          </Link>
        </div>
      )}
      {data && data.decks.length > 0 && (
        <ul className="deck-list">
          {data.decks.map((deck) => (
            <li key={deck.id} className="deck-item">
              <Link to={`/decks/${deck.id}`} className="deck-link">
                <span className="deck-title">{deck.title}</span>
                <span className="deck-meta">
                  {deck.card_count} card{deck.card_count === 1 ? "" : "s"} · {new Date(deck.created_at).toLocaleDateString()}
                  {saved[deck.id] ? " · saved for offline" : ""}
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
