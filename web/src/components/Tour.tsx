import { useEffect, useRef, useState } from "react";

const SEEN_KEY = "deckhand.tour-seen";
const STEPS = [
  { title: "Welcome to Deckhand", body: "Upload a PDF, Word file, slides, a web page or paste your notes: Deckhand writes flashcards from them." },
  { title: "Follow it live", body: "You'll see each step while your cards are written. You can leave the page; your deck will be waiting." },
  { title: "Study anywhere", body: "Open a deck to check and edit its cards, then press Study. Save a deck for offline to study without a connection." },
];

/** A three-step welcome shown once (it can be opened again from Help). */
export function Tour() {
  const [step, setStep] = useState<number | null>(() => (localStorage.getItem(SEEN_KEY) ? null : 0));
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const open = () => setStep(0);
    window.addEventListener("deckhand:tour", open);
    return () => window.removeEventListener("deckhand:tour", open);
  }, []);
  useEffect(() => {
    if (step !== null && ref.current && !ref.current.open) ref.current.showModal?.();
  }, [step]);
  if (step === null) return null;
  const finish = () => {
    localStorage.setItem(SEEN_KEY, "1");
    ref.current?.close?.();
    setStep(null);
  };
  const { title, body } = STEPS[step];
  return (
    <dialog ref={ref} className="dialog tour" aria-labelledby="tour-title" onCancel={(e) => (e.preventDefault(), finish())}>
      <p className="tour-step">
        Step {step + 1} of {STEPS.length}
      </p>
      <h2 id="tour-title">{title}</h2>
      <p>{body}</p>
      <div className="row row-end">
        <button type="button" className="btn" onClick={finish}>
          Skip
        </button>
        {step < STEPS.length - 1 ? (
          <button type="button" className="btn btn-primary" onClick={() => setStep(step + 1)} autoFocus>
            Next
          </button>
        ) : (
          <button type="button" className="btn btn-primary" onClick={finish} autoFocus>
            Get started
          </button>
        )}
      </div>
    </dialog>
  );
}

export function openTour() {
  window.dispatchEvent(new Event("deckhand:tour"));
}
