"""The job pipeline's three steps as plain functions: ingest → generate each chunk → finalize.

Actors in :mod:`tasks.actors` only call these. Each step is idempotent, because
Dramatiq delivers at least once: state changes are conditional updates
(``... WHERE state = 'running'``), a chunk moves from ``pending`` to ``done``
exactly once, and cards are written in the same transaction as that move. The
rules of a deck live in :mod:`cards.deck`, its rows in :mod:`cards.store`, a job's
state changes in :mod:`jobs.transitions`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import redis
from sqlalchemy import Engine, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

import storage
from cards.deck import card_budgets, deck_summary, generation_options, job_budget, select_deck_cards
from cards.generate import MSG_QUOTA, GenerationResult, generate_cards
from cards.offline.subject import with_domain
from cards.outcome import RunTally, no_cards_error
from cards.store import draft_of
from config import ConfigError, Settings
from documents import ParseLimits, chunk_document, parse_document
from documents.model import DocumentKind, ParsedDocument, chunk_from_payload, chunk_to_payload
from documents.progress import ParseProgress
from errors import DeckhandError, InternalError, UploadMissing
from jobs.events import CHUNK, END, STAGE, JobEvents, job_data, progress
from jobs.transitions import claim, fail_job, publish_row
from models import Card, ChunkResult, Deck, Document, Job, JobStage, JobState, User, utcnow
from models.db import session_scope
from providers import ProviderChain
from providers.adapters import DEFAULT_HTTP_CONNECTIONS
from providers.types import Attempt, JsonCompleter
from tasks.answer_turns import TurnAfterAnswer
from tasks.chunk_rows import insert_chunks, read_chunk, start_chunk, store_chunk
from tasks.token_quota import count_tokens, user_quota_spent

logger = logging.getLogger(__name__)

#: Tries of a chunk's store transaction when a concurrent chunk took one of its GUIDs first.
GUID_CLASH_TRIES = 3


@dataclass
class PipelineContext:
    """What every pipeline step needs; built once per process."""

    settings: Settings
    engine: Engine
    completer: JsonCompleter | None = None  # the provider chain; None = offline generator only
    events: JobEvents | None = None  # progress events; None = not published (database only)
    redis: redis.Redis | None = None  # per-user LLM token quota; None = not counted (the CLI)


def build_completer(settings: Settings, redis_client: redis.Redis | None) -> JsonCompleter | None:
    """The provider chain of ``LLM_PROVIDERS``, or None (offline generator only) when it is empty.

    ``redis_client`` None gives the chain in-process breakers and key states (the CLI). Its
    HTTP pool holds a connection for each of the process's ``WORKER_THREADS`` (64 at least), so
    that no call waits for another call's answer before it is sent.
    """
    connections = max(DEFAULT_HTTP_CONNECTIONS, settings.worker_threads)
    try:
        chain = ProviderChain.from_settings(settings, redis_client, max_connections=connections)
    except ValueError as exc:
        raise ConfigError(f"Invalid configuration:\n  LLM_PROVIDERS: {exc}") from None
    return chain if chain.is_configured else None


# --- steps ----------------------------------------------------------------------------


def parse_job_document(ctx: PipelineContext, document: Document, job: Job | None = None) -> ParsedDocument:
    """The document parsed; with ``job`` and events, "reading page N of M" events while it is read."""
    on_progress = None
    if job is not None and ctx.events is not None:
        events = ctx.events

        def on_progress(done: ParseProgress) -> None:
            # Pages (or slides) as the parser reads them: a long document moves from the first second.
            of = f" of {done.total}" if done.total else ""
            count = min(done.blocks, done.total) if done.total else done.blocks
            events.publish_job(
                job, STAGE, message=f"reading: {count}{of} {done.unit}, {done.chars:,} characters"
            )

    try:
        with storage.readable(ctx.settings, ctx.engine, document) as path:
            return parse_document(
                path,
                DocumentKind(document.kind),
                ParseLimits.from_settings(ctx.settings),
                on_progress=on_progress,
            )
    except FileNotFoundError as exc:
        raise UploadMissing(
            f"The file of document {document.id} is not stored here (UPLOAD_STORAGE="
            f"{ctx.settings.upload_storage}); upload it again."
        ) from exc


def ingest(ctx: PipelineContext, job_id: str) -> list[int]:
    """Parse and chunk the job's document; returns the chunk indexes still to generate.

    On a redelivery after the chunks were written, parsing is skipped and the
    pending chunks are returned again (sending them twice is harmless).
    """
    job = claim(ctx.engine, job_id)
    if job is None:
        return []
    if job.chunks_total is not None:
        # A redelivery, a reaped or a retried job: resume at the missing chunks.
        with session_scope(ctx.engine) as session:
            session.execute(update(Job).where(col(Job.id) == job_id).values(stage=JobStage.GENERATING.value))
        job.stage = JobStage.GENERATING.value
        if ctx.events is not None:
            ctx.events.start_run(job_id, job.chunks_done)
            ctx.events.publish_job(job, STAGE)
        return pending_chunks(ctx.engine, job_id)

    with session_scope(ctx.engine) as session:
        session.execute(update(Job).where(col(Job.id) == job_id).values(stage=JobStage.PARSING.value))
        document = session.get(Document, job.document_id)
    if ctx.events is not None:
        job.stage = JobStage.PARSING.value
        ctx.events.publish_job(job, STAGE)
    if document is None:
        raise InternalError(f"job {job_id} has no document")

    parsed = parse_job_document(ctx, document, job)
    # what the whole document is about, found before its chunks are drafted one by one
    chunks = with_domain(chunk_document(parsed, ctx.settings.chunk_tokens), parsed.language)
    if not chunks:
        # A reason in the document: the job fails with no_cards and the message is acknowledged.
        fail_job(
            ctx.engine, job_id, no_cards_error(RunTally.of_texts(s.text for s in parsed.sections)), ctx.events
        )
        return []
    options = job_budget(ctx.settings, job.options, chunks)
    budgets = card_budgets(chunks, int(options["max_cards"]))

    with session_scope(ctx.engine) as session:
        result = session.execute(
            update(Job)
            .where(col(Job.id) == job_id, col(Job.chunks_total).is_(None))
            .values(
                chunks_total=len(chunks),
                stage=JobStage.GENERATING.value,
                heartbeat_at=utcnow(),
                options=options,
            )
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            return []  # a concurrent delivery wrote the chunks first
        insert_chunks(
            session,
            job_id,
            [
                (chunk.index, budget, chunk_to_payload(chunk))
                for chunk, budget in zip(chunks, budgets, strict=True)
            ],
        )
        session.execute(
            update(Document)
            .where(col(Document.id) == document.id)
            .values(page_count=parsed.page_count, language=parsed.language)
        )
    logger.info(
        "job ingested job_id=%s chunks=%d pages=%s max_cards=%s (%s)",
        job_id, len(chunks), parsed.page_count, options["max_cards"], options["max_cards_basis"],
    )  # fmt: skip
    if ctx.events is not None:
        ctx.events.start_run(job_id, 0)
        job.stage, job.chunks_total, job.options = JobStage.GENERATING.value, len(chunks), options
        ctx.events.publish_job(job, STAGE)
    return [c.index for c in chunks]


def pending_chunks(engine: Engine, job_id: str) -> list[int]:
    with session_scope(engine) as session:
        rows = session.exec(
            select(ChunkResult.chunk_index)
            .where(ChunkResult.job_id == job_id, ChunkResult.status == "pending")
            .order_by(col(ChunkResult.chunk_index))
        )
        return list(rows)


def record_attempts(ctx: PipelineContext, job_id: str, chunk_index: int, attempts: Sequence[Attempt]) -> None:
    """Keep the attempts of a delivery that hands the chunk back to the queue (``dramatiq.Retry``).

    Appended to the pending chunk's ``attempts``, so that the chunk's record shows
    every call its cards cost; their tokens are charged to the owner too.
    """
    if not attempts:
        return
    with session_scope(ctx.engine) as session:
        row = session.exec(
            select(ChunkResult).where(
                ChunkResult.job_id == job_id,
                ChunkResult.chunk_index == chunk_index,
                ChunkResult.status == "pending",
            )
        ).first()
        job = session.get(Job, job_id)
        if row is None or job is None:
            return
        session.execute(
            update(ChunkResult)
            .where(col(ChunkResult.id) == row.id, col(ChunkResult.status) == "pending")
            .values(attempts=[*row.attempts, *(a.as_dict() for a in attempts)])
        )
        user_id = job.user_id
    count_tokens(ctx.settings, ctx.redis, user_id, attempts)


def _make_cards(
    ctx: PipelineContext,
    completer: JsonCompleter | None,
    job: Job,
    document: Document,
    chunk_row: ChunkResult,
    owner: User | None,
    *,
    allow_offline_fallback: bool,
) -> GenerationResult:
    """The chunk's cards: none for a zero budget, offline over quota, else the chain (or offline)."""
    if chunk_row.card_budget <= 0:
        return GenerationResult(cards=[])  # the job's max_cards went to other chunks: no call
    chunk = chunk_from_payload(chunk_row.chunk_index, chunk_row.payload)
    options = generation_options(job.options, chunk_row.card_budget)  # with the requested language
    language = document.language
    over_quota = completer is not None and user_quota_spent(ctx.settings, ctx.redis, owner, job.user_id)
    # Raises AllProvidersUnavailable only when waiting may help and the fallback is off
    # (the actor then hands the message back); other failures come back as offline cards.
    result = generate_cards(
        chunk,
        options,
        None if over_quota else completer,
        language=language,
        allow_offline_fallback=allow_offline_fallback,
        density_per_1k=ctx.settings.cards_offline_density_per_1k_words,
        dedupe_threshold=ctx.settings.cards_dedupe_threshold,
    )
    if over_quota:
        result.degraded, result.message = True, MSG_QUOTA
    return result


def generate_chunk(
    ctx: PipelineContext, job_id: str, chunk_index: int, *, allow_offline_fallback: bool = True
) -> bool:
    """Make and store the cards of one chunk; True when this was the job's last chunk.

    Raises :class:`providers.types.AllProvidersUnavailable` when providers are out
    for a while (``retry_after_s`` set) and ``allow_offline_fallback`` is False:
    the actor then retries later and keeps the attempts with :func:`record_attempts`.
    When waiting cannot help, the chunk goes offline at once with the attempts made.
    """
    # One transaction reads what the chunk needs (the owner too, for the token quota) and
    # stamps its start: each commit is CPU under the worker's one GIL and, on SQLite, a turn
    # at the database's one writer lock, shared by every thread.
    with session_scope(ctx.engine) as session:
        rows = read_chunk(session, job_id, chunk_index)
        if rows is None or rows.job.state != JobState.RUNNING.value:
            return False
        job, chunk_row, document = rows.job, rows.chunk, rows.document
        if chunk_row.status == "done":
            # A redelivery: the cards exist. Finalize again if a crash lost that message.
            return job.chunks_total is not None and job.chunks_done >= job.chunks_total
        assert chunk_row.id is not None
        counts_tokens = ctx.completer is not None and ctx.redis is not None
        owner = rows.owner if counts_tokens else None
        start_chunk(session, job_id, chunk_row.id)

    # Once its answer is in, the chunk takes its turn (tasks.answer_turns) until it is stored.
    turn = TurnAfterAnswer(ctx.completer) if ctx.completer is not None else None
    try:
        result = _make_cards(
            ctx, turn, job, document, chunk_row, owner, allow_offline_fallback=allow_offline_fallback
        )
        return _finish_chunk(ctx, job, document, chunk_row.id, chunk_index, result)
    finally:
        if turn is not None:
            turn.done()


def _finish_chunk(
    ctx: PipelineContext,
    job: Job,
    document: Document,
    chunk_id: int,
    chunk_index: int,
    result: GenerationResult,
) -> bool:
    """Count the tokens, store the cards, tell the job's watchers; True when this was the last chunk."""
    job_id = job.id
    count_tokens(ctx.settings, ctx.redis, job.user_id, result.attempts)

    counts: tuple[int, int | None, int] | None = None
    for attempt in range(GUID_CLASH_TRIES):
        try:
            counts = store_chunk(ctx.engine, job, document, chunk_id, chunk_index, result)
            break
        except IntegrityError:
            # A chunk stored at the same moment took one of these GUIDs: pick again.
            if attempt == GUID_CLASH_TRIES - 1:
                raise
            logger.info("card GUID clash, storing again job_id=%s chunk=%d", job_id, chunk_index)
    if counts is None:
        return False
    done, total, cards_count = counts
    if ctx.events is not None:
        ctx.events.publish(
            job_id,
            CHUNK,
            {
                "state": JobState.RUNNING.value,
                "stage": JobStage.GENERATING.value,
                "progress": progress(done, total, JobState.RUNNING.value),
                "cards_count": cards_count,
                "degraded": job.degraded or result.degraded,
                "eta_s": ctx.events.eta_s(job_id, done, total),
                "message": f"chunk {chunk_index + 1} done",
                "chunk": {"index": chunk_index, "cards": len(result.cards), "degraded": result.degraded},
            },
        )
    logger.info(
        "chunk done job_id=%s chunk=%d cards=%d provider=%s degraded=%s",
        job_id, chunk_index, len(result.cards), result.provider or "offline", result.degraded,
    )  # fmt: skip
    return total is not None and done >= total


def finalize(ctx: PipelineContext, job_id: str) -> bool:
    """Dedupe across chunks, trim to the job's maximum, write the deck summary, succeed.

    A deck left with no card fails the job with ``no_cards`` and the reason instead.
    Each event goes out after the change it announces is committed; a job that ended
    meanwhile (cancelled while its deck was built) keeps its deck as it was.
    """
    with session_scope(ctx.engine) as session:
        job = session.get(Job, job_id)
        if job is None or job.state != JobState.RUNNING.value or job.deck_id is None:
            return False
        staged = session.execute(
            update(Job)
            .where(col(Job.id) == job_id, col(Job.state) == JobState.RUNNING.value)
            .values(stage=JobStage.FINALIZING.value)
        )
        if not staged.rowcount:  # type: ignore[attr-defined]
            return False
        job.stage = JobStage.FINALIZING.value
    if ctx.events is not None:
        ctx.events.publish(job_id, STAGE, job_data(job, eta_s=0))

    with session_scope(ctx.engine) as session:
        rows = list(
            session.exec(
                select(Card)
                .where(Card.deck_id == job.deck_id)
                .order_by(col(Card.chunk_index), col(Card.position))
            )
        )
        selection = select_deck_cards(
            [draft_of(row) for row in rows],
            [row.chunk_index for row in rows],
            threshold=ctx.settings.cards_dedupe_threshold,
            max_cards=int(job.options.get("max_cards") or ctx.settings.max_cards_limit),
        )
        keep = [rows[i] for i in selection.kept]
        if not keep:
            # The deck would be empty: a failure with its reason, never "succeeded" with 0 cards.
            empty: DeckhandError | None = _why_no_cards(session, job_id)
            ended = False
        else:
            empty = None
            ended = _write_deck(session, job, rows, keep, duplicates=selection.duplicates)
            if not ended:
                # The job ended meanwhile (cancelled): its deck stays as it was.
                session.rollback()
    if empty is not None:
        # Returning normally acknowledges the message: a reason in the document, not system trouble.
        return fail_job(ctx.engine, job_id, empty, ctx.events)
    if ended:
        logger.info("job succeeded job_id=%s cards=%d degraded=%s", job_id, len(keep), job.degraded)
        publish_row(ctx.engine, ctx.events, job_id, END)
    else:
        logger.info("job ended during finalize, deck not written job_id=%s", job_id)
    return ended


def _write_deck(session: Session, job: Job, rows: list[Card], keep: list[Card], *, duplicates: int) -> bool:
    """Delete the cards not kept, write the deck's summary, succeed the job; False if it ended meanwhile
    (the caller then rolls back)."""
    keep_ids = {row.id for row in keep}
    for row in rows:
        if row.id not in keep_ids:
            session.delete(row)
    summary = deck_summary(
        (row.origin for row in keep),
        (row.provider for row in keep),
        duplicates=duplicates,
        degraded=job.degraded,
        chunks=job.chunks_total,
    )
    session.execute(
        update(Deck)
        .where(col(Deck.id) == job.deck_id)
        .values(card_count=len(keep), summary=summary, ready=True, updated_at=utcnow())
    )
    ended = session.execute(
        update(Job)
        .where(col(Job.id) == job.id, col(Job.state) == JobState.RUNNING.value)
        .values(
            state=JobState.SUCCEEDED.value,
            stage=JobStage.DONE.value,
            cards_count=len(keep),
            finished_at=utcnow(),
        )
    )
    return bool(ended.rowcount)  # type: ignore[attr-defined]


def _why_no_cards(session: Session, job_id: str) -> DeckhandError:
    """The ``no_cards`` error of a job whose chunks kept no card, from what its chunks recorded."""
    chunks = session.exec(select(ChunkResult).where(ChunkResult.job_id == job_id)).all()
    tally = RunTally.of_texts(s.get("text", "") for c in chunks for s in c.payload.get("sections", []))
    tally.drafted = sum(int(c.payload.get("drafted") or 0) for c in chunks)
    return no_cards_error(tally)
