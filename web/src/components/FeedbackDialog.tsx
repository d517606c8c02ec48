import { useEffect, useRef, useState } from "react";
import { useLocation } from "react-router";
import { sendJson } from "../lib/api";
import { ErrorMessage } from "./ErrorMessage";

const MAX = 2000;

export function FeedbackDialog({ onClose }: { onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const location = useLocation();
  const [message, setMessage] = useState("");
  const [state, setState] = useState<"idle" | "sending" | "sent">("idle");
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal?.();
  }, []);

  async function send(e: React.FormEvent) {
    e.preventDefault();
    setState("sending");
    setError(null);
    try {
      await sendJson("POST", "/api/v1/feedback", { message, page: location.pathname.slice(0, 200) });
      setState("sent");
    } catch (err) {
      setError(err);
      setState("idle");
    }
  }

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="feedback-title" onCancel={(e) => (e.preventDefault(), onClose())}>
      <h2 id="feedback-title">Send feedback</h2>
      {state === "sent" ? (
        <>
          <p role="status">Thank you! Your message reached the team.</p>
          <div className="row row-end">
            <button type="button" className="btn btn-primary" onClick={onClose} autoFocus>
              Close
            </button>
          </div>
        </>
      ) : (
        <form onSubmit={send}>
          <label htmlFor="feedback-message">What worked, what didn't, what you'd like?</label>
          <textarea
            id="feedback-message"
            rows={5}
            value={message}
            maxLength={MAX}
            onChange={(e) => setMessage(e.target.value)}
            aria-describedby="feedback-count"
            required
          />
          <p id="feedback-count" className="field-help">
            {message.length}/{MAX} characters
          </p>
          {error != null && <ErrorMessage error={error} />}
          <div className="row row-end">
            <button type="button" className="btn" onClick={onClose}>
              Cancel
            </button>
            <button type="submit" className="btn btn-primary" disabled={!message.trim() || state === "sending"}>
              {state === "sending" ? "Sending…" : "Send"}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
