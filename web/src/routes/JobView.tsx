import { useEffect, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { Breadcrumbs } from "../components/Breadcrumbs";
import { ErrorMessage } from "../components/ErrorMessage";
import { getJson, sendJson } from "../lib/api";
import { keys } from "../lib/queries";
import { followJob, type Transport } from "../lib/sse";
import { formatEta, isEnded, STAGE_LABELS, STAGES, stageLabel } from "../lib/stages";
import type { Job } from "../lib/types";

/** After this long without news of a running job, say so. */
export const SLOW_AFTER_MS = 45_000;

export default function JobView() {
  const { jobId = "" } = useParams();
  return <JobProgress key={jobId} jobId={jobId} />;
}

export function JobProgress({ jobId, slowAfterMs = SLOW_AFTER_MS }: { jobId: string; slowAfterMs?: number }) {
  const [job, setJob] = useState<Partial<Job> | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [transport, setTransport] = useState<Transport | null>(null);
  const [slow, setSlow] = useState(false);
  const [busy, setBusy] = useState(false);
  const [attempt, setAttempt] = useState(0);
  const lastNews = useRef(Date.now());
  const queryClient = useQueryClient();
  const navigate = useNavigate();

  useEffect(() => {
    document.title = "Making your deck · Deckhand";
    const controller = new AbortController();
    setError(null);
    // The stream's events carry progress; the job resource also names the document.
    getJson<Job>(`/api/v1/jobs/${jobId}`, { signal: controller.signal })
      .then((full) => setJob((prev) => ({ ...full, ...prev })))
      .catch(() => {});
    followJob(
      jobId,
      (update) => {
        lastNews.current = Date.now();
        setSlow(false);
        setJob((prev) => ({ ...prev, ...update }));
      },
      { signal: controller.signal, onTransport: setTransport },
    )
      .then((last) => {
        if (last.state === "succeeded") void queryClient.invalidateQueries({ queryKey: keys.decks });
      })
      .catch((err) => {
        if (!controller.signal.aborted) setError(err);
      });
    const timer = setInterval(() => setSlow(Date.now() - lastNews.current > slowAfterMs), 5000);
    return () => {
      controller.abort();
      clearInterval(timer);
    };
  }, [jobId, attempt, queryClient, slowAfterMs]);

  async function act(action: "cancel" | "retry") {
    setBusy(true);
    setError(null);
    try {
      const path = action === "cancel" ? `/api/v1/jobs/${jobId}/cancel` : `/api/v1/jobs/${jobId}/retry`;
      const updated = await sendJson<Job>("POST", path);
      setJob(updated);
      if (action === "retry") setAttempt((n) => n + 1);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const ended = isEnded(job);
  const percent = job?.progress?.percent ?? 0;
  const stageIndex = Math.max(0, STAGES.indexOf((job?.stage ?? "queued") as (typeof STAGES)[number]));
  const title = job?.options?.title || job?.document?.filename || "your document";
  const eta = !ended ? formatEta(job?.eta_s) : "";
  const chunks = job?.progress?.chunks_total ? `${job.progress.chunks_done} of ${job.progress.chunks_total} parts` : "";

  return (
    <section>
      <Breadcrumbs items={[{ label: "Decks", to: "/" }, { label: "Making a deck" }]} />
      <h1>Making cards from {title}</h1>
      {!job && !error && (
        <p className="loading" role="status">
          Connecting…
        </p>
      )}
      {job && (
        <>
          <ol className="stages" aria-label="Steps">
            {STAGES.filter((s) => s !== "done").map((stage, i) => {
              const state =
                job.state === "succeeded" || i < stageIndex ? "done" : i === stageIndex && !ended ? "current" : "todo";
              return (
                <li key={stage} className={`stage stage-${state}`} aria-current={state === "current" ? "step" : undefined}>
                  <span className="stage-mark" aria-hidden="true">
                    {state === "done" ? "✓" : i + 1}
                  </span>
                  <span>{capitalise(STAGE_LABELS[stage])}</span>
                  <span className="visually-hidden">
                    {state === "done" ? " (done)" : state === "current" ? " (in progress)" : ""}
                  </span>
                </li>
              );
            })}
          </ol>
          <div className="progress-block">
            <progress max={100} value={job.state === "succeeded" ? 100 : percent} aria-label="Progress" />
            <p className="progress-text" role="status" aria-live="polite" aria-atomic="true">
              {statusLine(job, chunks, eta)}
            </p>
            {slow && !ended && (
              <p className="notice">
                This is taking longer than usual. It is still going: you can leave this page and find your deck later.
              </p>
            )}
            {transport === "polling" && !ended && <p className="field-help">Checking for updates every few seconds.</p>}
          </div>
        </>
      )}
      {job?.state === "succeeded" && job.degraded && (
        <div className="notice notice-warn">
          <p className="notice-title">Some cards were made by the offline generator.</p>
          <p>
            The AI services were unavailable for part of the document, so Deckhand used its simpler built-in method there.
            Those cards are plainer. When the services are back, you can re-run just those parts; the cards you have
            studied are kept.
          </p>
          <button type="button" className="btn" onClick={() => void act("retry")} disabled={busy}>
            Re-run those parts
          </button>
        </div>
      )}
      {job?.state === "failed" && (
        <div className="notice notice-error" role="alert">
          <p className="notice-title">{job.error?.message || "This document could not be turned into cards."}</p>
          {job.error?.hint && <p>{job.error.hint}</p>}
          <div className="row">
            <button type="button" className="btn" onClick={() => void act("retry")} disabled={busy}>
              Try again
            </button>
            <Link to="/upload" className="btn">
              Upload another file
            </Link>
          </div>
        </div>
      )}
      {job?.state === "cancelled" && (
        <div className="notice">
          <p>You cancelled this job.</p>
          <Link to="/upload" className="btn">
            Upload a document
          </Link>
        </div>
      )}
      {error != null && <ErrorMessage error={error} onRetry={() => setAttempt((n) => n + 1)} />}
      <div className="row">
        {job && !ended && (
          <button type="button" className="btn btn-danger" onClick={() => void act("cancel")} disabled={busy}>
            Cancel
          </button>
        )}
        {job?.state === "succeeded" && job.deck_id && (
          <button type="button" className="btn btn-primary" onClick={() => navigate(`/decks/${job.deck_id}`)} autoFocus>
            Open the deck ({job.cards_count ?? 0} cards)
          </button>
        )}
      </div>
    </section>
  );
}

function statusLine(job: Partial<Job>, chunks: string, eta: string): string {
  if (job.state === "succeeded") return `Done: ${job.cards_count ?? 0} cards.`;
  if (job.state === "failed") return "Stopped: this document could not be turned into cards.";
  if (job.state === "cancelled") return "Cancelled.";
  const parts = [capitalise(stageLabel(job)) + "…"];
  if (job.stage === "generating" && chunks) parts.push(chunks);
  if (job.progress?.percent) parts.push(`${job.progress.percent}%`);
  if (eta) parts.push(eta);
  return parts.join(" · ");
}

function capitalise(text: string): string {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}
