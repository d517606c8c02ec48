import { useEffect, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { CardFace } from "../components/CardFace";
import { ConfirmDialog } from "../components/ConfirmDialog";
import { ErrorMessage } from "../components/ErrorMessage";
import { getJson, sendJson } from "../lib/api";
import { downloadExport, EXPORT_FORMATS } from "../lib/download";
import { forgetDeck, onOfflineChange, saveDeck, savedDeck } from "../lib/offline";
import { keys, useDeck } from "../lib/queries";
import type { Card, CardKind, Deck, StudyQueue } from "../lib/types";

const KIND_LABEL: Record<CardKind, string> = { basic: "Question", cloze: "Fill in the blank", reversed: "Both ways" };

export default function DeckView() {
  const { deckId = "" } = useParams();
  const { data: deck, error, isPending, refetch } = useDeck(deckId);
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [confirmDeck, setConfirmDeck] = useState(false);
  const [adding, setAdding] = useState(false);
  const [exportError, setExportError] = useState<unknown>(null);
  const [exporting, setExporting] = useState("");
  const [saved, setSaved] = useState(() => savedDeck(deckId));
  const [offlineError, setOfflineError] = useState<unknown>(null);
  useEffect(() => onOfflineChange(() => setSaved(savedDeck(deckId))), [deckId]);
  useEffect(() => {
    document.title = `${deck?.title ?? "Deck"} · Deckhand`;
  }, [deck?.title]);

  const removeDeck = useMutation({
    mutationFn: () => sendJson("DELETE", `/api/v1/decks/${deckId}`),
    onSuccess: () => {
      forgetDeck(deckId);
      queryClient.removeQueries({ queryKey: keys.deck(deckId) });
      void queryClient.invalidateQueries({ queryKey: keys.decks });
      navigate("/", { replace: true });
    },
  });

  async function exportAs(format: string) {
    setExportError(null);
    setExporting(format);
    try {
      await downloadExport(deckId, format);
    } catch (err) {
      setExportError(err);
    } finally {
      setExporting("");
    }
  }

  async function toggleOffline() {
    setOfflineError(null);
    if (saved) return forgetDeck(deckId);
    try {
      const queue = await getJson<StudyQueue>(`/api/v1/decks/${deckId}/study?limit=500&new=500`);
      saveDeck({ id: deckId, title: deck?.title ?? "Deck", savedAt: new Date().toISOString(), queue });
    } catch (err) {
      setOfflineError(err);
    }
  }

  if (isPending) {
    return (
      <section aria-busy="true">
        <p className="skeleton-line" />
        <p className="loading" role="status">
          Loading the deck…
        </p>
      </section>
    );
  }
  if (error || !deck) return <ErrorMessage error={error} onRetry={() => void refetch()} />;
  const cards = deck.cards ?? [];

  return (
    <section>
      <Breadcrumbs items={[{ label: "Decks", to: "/" }, { label: deck.title }]} />
      <div className="page-head">
        <h1>{deck.title}</h1>
        <Link to={`/decks/${deckId}/study`} className="btn btn-primary">
          Study
        </Link>
      </div>
      <p className="deck-meta">
        {cards.length} card{cards.length === 1 ? "" : "s"}
        {saved ? " · saved for offline" : ""}
      </p>
      <div className="toolbar">
        <button type="button" className="btn" onClick={() => setAdding(true)}>
          Add a card
        </button>
        <button type="button" className="btn" onClick={() => void toggleOffline()} aria-pressed={!!saved}>
          {saved ? "Remove offline copy" : "Save for offline"}
        </button>
        <details className="menu">
          <summary className="btn">Export</summary>
          <ul>
            {EXPORT_FORMATS.map(({ format, label }) => (
              <li key={format}>
                <button type="button" className="btn btn-quiet" onClick={() => void exportAs(format)} disabled={!!exporting}>
                  {exporting === format ? "Preparing…" : label}
                </button>
              </li>
            ))}
          </ul>
        </details>
        <button type="button" className="btn btn-danger" onClick={() => setConfirmDeck(true)}>
          Delete deck
        </button>
      </div>
      {exportError != null && <ErrorMessage error={exportError} title="The export failed" />}
      {offlineError != null && <ErrorMessage error={offlineError} title="The deck could not be saved" />}
      {removeDeck.error && <ErrorMessage error={removeDeck.error} title="The deck was not deleted" />}
      {adding && <CardEditor deck={deck} onDone={() => setAdding(false)} />}
      <ol className="card-list">
        {cards.map((card, i) => (
          <CardRow key={card.id} card={card} deck={deck} number={i + 1} />
        ))}
      </ol>
      <ConfirmDialog
        open={confirmDeck}
        title={`Delete “${deck.title}”?`}
        body={`Its ${cards.length} cards and your study history go with it. This cannot be undone.`}
        confirmLabel="Delete deck"
        busy={removeDeck.isPending}
        onConfirm={() => removeDeck.mutate()}
        onCancel={() => setConfirmDeck(false)}
      />
    </section>
  );
}

function CardRow({ card, deck, number }: { card: Card; deck: Deck; number: number }) {
  const [revealed, setRevealed] = useState(false);
  const [editing, setEditing] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => sendJson("DELETE", `/api/v1/cards/${card.id}`),
    onSuccess: () => {
      setConfirm(false);
      void queryClient.invalidateQueries({ queryKey: keys.deck(deck.id) });
    },
  });
  if (editing) {
    return (
      <li className="card-item">
        <CardEditor deck={deck} card={card} onDone={() => setEditing(false)} />
      </li>
    );
  }
  return (
    <li className="card-item" aria-label={`Card ${number}`}>
      <p className="card-kind">{KIND_LABEL[card.kind] ?? card.kind}</p>
      <CardFace card={card} revealed={revealed} />
      <div className="row">
        <button type="button" className="btn btn-small" onClick={() => setRevealed(!revealed)} aria-expanded={revealed}>
          {revealed ? "Hide answer" : "Show answer"}
        </button>
        <button type="button" className="btn btn-small" onClick={() => setEditing(true)}>
          Edit<span className="visually-hidden"> card {number}</span>
        </button>
        <button type="button" className="btn btn-small btn-danger" onClick={() => setConfirm(true)}>
          Delete<span className="visually-hidden"> card {number}</span>
        </button>
      </div>
      {remove.error && <ErrorMessage error={remove.error} title="The card was not deleted" />}
      <ConfirmDialog
        open={confirm}
        title="Delete this card?"
        body="Its study history goes with it."
        confirmLabel="Delete card"
        busy={remove.isPending}
        onConfirm={() => remove.mutate()}
        onCancel={() => setConfirm(false)}
      />
    </li>
  );
}

const FRONT_MAX = 1000;
const BACK_MAX = 2000;

/** Edit a card (PATCH) or add one (POST); cloze fronts need {{c1::…}}. */
function CardEditor({ deck, card, onDone }: { deck: Deck; card?: Card; onDone: () => void }) {
  const [kind, setKind] = useState<CardKind>(card?.kind ?? "basic");
  const [front, setFront] = useState(card?.front ?? "");
  const [back, setBack] = useState(card?.back ?? "");
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: () =>
      card
        ? sendJson("PATCH", `/api/v1/cards/${card.id}`, { front, back })
        : sendJson("POST", `/api/v1/decks/${deck.id}/cards`, { kind, front, back }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.deck(deck.id) });
      onDone();
    },
  });
  const clozeMissing = kind === "cloze" && !/\{\{c\d+::.+?\}\}/.test(front);
  const frontError = front.length > FRONT_MAX ? `At most ${FRONT_MAX} characters.` : clozeMissing && front ? "Mark the hidden words like {{c1::word}}." : "";
  const backError = back.length > BACK_MAX ? `At most ${BACK_MAX} characters.` : kind !== "cloze" && !back.trim() && front ? "Write the answer." : "";
  const prefix = card ? `edit-${card.id}` : "new";
  return (
    <form
      className="card-editor"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
      aria-label={card ? "Edit card" : "New card"}
    >
      {!card && (
        <div className="field">
          <label htmlFor={`${prefix}-kind`}>Kind</label>
          <select id={`${prefix}-kind`} value={kind} onChange={(e) => setKind(e.target.value as CardKind)}>
            <option value="basic">Question and answer</option>
            <option value="cloze">Fill in the blank</option>
            <option value="reversed">Both ways</option>
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${prefix}-front`}>{kind === "cloze" ? "Sentence (hide words with {{c1::…}})" : "Front"}</label>
        <textarea
          id={`${prefix}-front`}
          rows={3}
          value={front}
          onChange={(e) => setFront(e.target.value)}
          aria-invalid={frontError ? true : undefined}
          aria-describedby={`${prefix}-front-help`}
          required
        />
        <p id={`${prefix}-front-help`} className={frontError ? "field-error" : "field-help"}>
          {frontError || `${front.length}/${FRONT_MAX}`}
        </p>
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-back`}>{kind === "cloze" ? "Extra (optional)" : "Back"}</label>
        <textarea
          id={`${prefix}-back`}
          rows={3}
          value={back}
          onChange={(e) => setBack(e.target.value)}
          aria-invalid={backError ? true : undefined}
          aria-describedby={`${prefix}-back-help`}
        />
        <p id={`${prefix}-back-help`} className={backError ? "field-error" : "field-help"}>
          {backError || `${back.length}/${BACK_MAX}`}
        </p>
      </div>
      {save.error && <ErrorMessage error={save.error} title="The card was not saved" />}
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={save.isPending || !!frontError || !!backError || !front.trim()}>
          {save.isPending ? "Saving…" : card ? "Save" : "Add card"}
        </button>
        <button type="button" className="btn" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
