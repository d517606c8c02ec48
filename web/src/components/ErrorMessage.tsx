import { useId, useState } from "react";
import { describeError } from "../lib/api";

/** An error as a sentence, its hint, a retry button and the request id for support. */
export function ErrorMessage({ error, onRetry, title }: { error: unknown; onRetry?: () => void; title?: string }) {
  const { message, hint, requestId } = describeError(error);
  const [copied, setCopied] = useState(false);
  const id = useId();
  return (
    <div className="notice notice-error" role="alert" aria-labelledby={id}>
      <p id={id} className="notice-title">
        {title ? `${title}: ` : ""}
        {message}
      </p>
      {hint && <p>{hint}</p>}
      <div className="row">
        {onRetry && (
          <button type="button" className="btn" onClick={onRetry}>
            Try again
          </button>
        )}
        {requestId && (
          <details className="request-id">
            <summary>Details for support</summary>
            <p>
              Request id <code>{requestId}</code>{" "}
              <button
                type="button"
                className="btn btn-small"
                onClick={() => navigator.clipboard?.writeText(requestId).then(() => setCopied(true))}
              >
                {copied ? "Copied" : "Copy"}
              </button>
            </p>
          </details>
        )}
      </div>
    </div>
  );
}
