import { clozeSegments } from "../lib/cloze";
import { describeSource } from "../lib/source";
import type { Card } from "../lib/types";

/** Text with cloze gaps hidden ("[…]" or the hint) or revealed (the answer, marked). */
export function ClozeText({ text, revealed }: { text: string; revealed: boolean }) {
  return (
    <>
      {clozeSegments(text).map((s, i) =>
        "text" in s ? (
          <span key={i}>{s.text}</span>
        ) : revealed ? (
          <mark key={i} className="cloze cloze-revealed">
            {s.answer}
          </mark>
        ) : (
          <span key={i} className="cloze cloze-hidden" aria-label={s.hint ? `blank, hint: ${s.hint}` : "blank"}>
            {s.hint ? `[${s.hint}]` : "[…]"}
          </span>
        ),
      )}
    </>
  );
}

/** A card as a student sees it: the question, and once revealed the answer and where it comes from. */
export function CardFace({ card, revealed }: { card: Card; revealed: boolean }) {
  const source = describeSource(card.source);
  return (
    <div className="card-face">
      <p className="card-front">
        {card.kind === "cloze" ? <ClozeText text={card.front} revealed={revealed} /> : card.front}
      </p>
      {revealed && card.kind !== "cloze" && <p className="card-back">{card.back}</p>}
      {revealed && card.kind === "cloze" && card.back && <p className="card-back card-extra">{card.back}</p>}
      {revealed && source && <p className="card-source">Source: {source}</p>}
    </div>
  );
}
