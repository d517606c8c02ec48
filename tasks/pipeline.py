"""The job pipeline as plain functions: ingest → generate each chunk → finalize.

Actors in :mod:`tasks.actors` only call these. Each step is idempotent, because
Dramatiq delivers at least once: state changes are conditional updates
(``... WHERE state = 'running'``), a chunk moves from ``pending`` to ``done``
exactly once, and cards are written in the same transaction as that move.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

import redis
from sqlalchemy import Engine, delete, exists, func, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

import storage
from cards.budget import resolve_options
from cards.dedupe import dedupe
from cards.export import card_guid
from cards.generate import (
    MSG_QUOTA,
    GenerationResult,
    generate_cards,
)
from cards.outcome import RunTally, no_cards_error
from cards.schema import CardDraft, CardKind, GenerationOptions, Origin
from config import ConfigError, Settings
from documents import ParseLimits, chunk_document, parse_document
from documents.model import Chunk, DocumentKind, ParsedDocument, Section, SourceRef
from documents.progress import ParseProgress
from errors import Conflict, DeckhandError, InternalError, UploadMissing
from models import Card, ChunkResult, Deck, Document, Job, JobStage, JobState, User, utcnow
from models.db import session_scope
from models.review import CardSchedule, ReviewLog
from providers import ProviderChain
from providers.types import Attempt, JsonCompleter
from quotas import llm_token_limit, llm_tokens_today, record_llm_tokens
from tasks.events import CHUNK, END, STAGE, JobEvents, job_data, progress

logger = logging.getLogger(__name__)

ACTIVE_STATES = (JobState.QUEUED.value, JobState.RUNNING.value)
#: Tries of a chunk's store transaction when a concurrent chunk took one of its GUIDs first.
GUID_CLASH_TRIES = 3

T = TypeVar("T")


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

    ``redis_client`` None gives the chain in-process breakers and key states (the CLI).
    """
    try:
        chain = ProviderChain.from_settings(settings, redis_client)
    except ValueError as exc:
        raise ConfigError(f"Invalid configuration:\n  LLM_PROVIDERS: {exc}") from None
    return chain if chain.is_configured else None


# --- chunk payloads (what a chunk message needs, stored at ingest) ---------------------


def chunk_to_payload(chunk: Chunk) -> dict[str, Any]:
    return {
        "heading": list(chunk.heading),
        "page_start": chunk.page_start,
        "page_end": chunk.page_end,
        "sections": [{"text": s.text, "kind": s.kind, "source": s.source.as_dict()} for s in chunk.sections],
    }


def chunk_from_payload(index: int, payload: dict[str, Any]) -> Chunk:
    sections = tuple(
        Section(text=s["text"], kind=s["kind"], source=SourceRef.from_dict(s["source"]))
        for s in payload["sections"]
    )
    return Chunk(
        index=index,
        sections=sections,
        heading=tuple(payload.get("heading") or ()),
        page_start=payload.get("page_start"),
        page_end=payload.get("page_end"),
    )


def card_budgets(chunks: Sequence[Chunk], max_cards: int) -> list[int]:
    """Share exactly ``max_cards`` among chunks in proportion to their words.

    Largest-remainder apportionment: each chunk gets the floor of its share, and
    the cards left go to the largest remainders. With fewer cards than chunks
    (that hold words), each card goes to the chunk at an evenly spaced word
    position instead, so the chunks that get one are spread over the whole
    document rather than bunched where the biggest chunks are. A chunk may get 0.
    """
    if not chunks or max_cards <= 0:
        return [0] * len(chunks)
    words = [len(c.text.split()) for c in chunks]
    if not any(words):
        words = [1] * len(chunks)
    total = sum(words)
    budgets = [0] * len(chunks)
    if max_cards < sum(1 for w in words if w):
        end, chunk = words[0], 0
        for card in range(max_cards):
            position = (card + 0.5) * total / max_cards
            while position > end:
                chunk += 1
                end += words[chunk]
            budgets[chunk] += 1
        return budgets
    shares = [max_cards * w / total for w in words]
    budgets = [int(share) for share in shares]
    by_remainder = sorted(range(len(chunks)), key=lambda i: (-(shares[i] - budgets[i]), i))
    for i in by_remainder[: max_cards - sum(budgets)]:
        budgets[i] += 1
    return budgets


def trim_round_robin(items: Sequence[T], limit: int, group: Callable[[T], Hashable]) -> list[T]:
    """At most ``limit`` of ``items`` (in their order), taken in turns from each group.

    Round one takes each group's first item, round two each group's second, and
    so on, so trimming a deck never drops the tail of a document for its head.
    """
    if len(items) <= limit:
        return list(items)
    groups: dict[Hashable, list[int]] = {}
    for index, item in enumerate(items):
        groups.setdefault(group(item), []).append(index)
    chosen: list[int] = []
    depth = 0
    while len(chosen) < limit:
        for members in groups.values():
            if depth < len(members) and len(chosen) < limit:
                chosen.append(members[depth])
        depth += 1
    return [items[i] for i in sorted(chosen)]


def card_key(kind: str, front: str, back: str) -> str:
    """What a card's GUID is made from: two notes differing only in their answer get two GUIDs."""
    return f"{kind}\x00{front}\x00{back}"


def assign_guids(document_key: str, cards: Iterable[tuple[str, str, str]], taken: set[str]) -> list[str]:
    """A GUID per (kind, front, back), none of them in ``taken`` (which is updated).

    A clash (the same card twice, before the deck's dedupe) gets a counter
    suffix, so the result depends only on the cards, their order and ``taken``.
    """
    guids = []
    for kind, front, back in cards:
        key = card_key(kind, front, back)
        guid, counter = card_guid(document_key, key), 0
        while guid in taken:
            counter += 1
            guid = card_guid(document_key, f"{key}\x00{counter}")
        taken.add(guid)
        guids.append(guid)
    return guids


def _free_guids(
    session: Session, deck_id: str | None, document_key: str, cards: list[CardDraft]
) -> list[str]:
    """GUIDs for ``cards`` that no card of the deck holds yet.

    Only the candidate GUIDs are looked up (not the whole deck, which would make a job
    quadratic in its cards); a clash, rare, is added to ``taken`` and the next counter tried.
    """
    keys = [(d.kind.value, d.front, d.back) for d in cards]
    taken: set[str] = set()
    while True:
        guids = assign_guids(document_key, keys, set(taken))
        if not guids:
            return guids
        clash = set(session.exec(select(Card.guid).where(Card.deck_id == deck_id, col(Card.guid).in_(guids))))
        if not clash:
            return guids
        taken |= clash


def generation_options(options: dict[str, Any], budget: int) -> GenerationOptions:
    kinds = tuple(CardKind(k) for k in options.get("kinds") or ("basic", "cloze"))
    return GenerationOptions(
        max_cards=budget,
        kinds=kinds,
        language=options.get("language"),
        focus=options.get("focus"),
        difficulty=options.get("difficulty"),
    )


# --- job state transitions ------------------------------------------------------------


def _publish_row(engine: Engine, events: JobEvents | None, job_id: str, kind: str) -> None:
    """Publish the job's current row as an event (after the change was committed)."""
    if events is None:
        return
    with session_scope(engine) as session:
        job = session.get(Job, job_id)
    if job is not None:
        events.publish_job(job, kind)


def fail_job(engine: Engine, job_id: str, error: DeckhandError, events: JobEvents | None = None) -> bool:
    """Mark a job failed with ``error``'s code and hint; False if it had already ended."""
    with session_scope(engine) as session:
        result = session.execute(
            update(Job)
            .where(col(Job.id) == job_id, col(Job.state).in_(ACTIVE_STATES))
            .values(
                state=JobState.FAILED.value,
                stage=JobStage.DONE.value,
                error_code=error.code,
                error_detail=error.detail[:1000],
                error_hint=error.hint[:500],
                finished_at=utcnow(),
            )
        )
    changed = bool(result.rowcount)  # type: ignore[attr-defined]
    if changed:
        logger.info("job failed job_id=%s code=%s", job_id, error.code)
        _publish_row(engine, events, job_id, END)
    return changed


def cancel_job(engine: Engine, job_id: str, events: JobEvents | None = None) -> bool:
    """queued/running → cancelled; False if the job had already ended.

    Chunk messages still in the queue find the job no longer running and do
    nothing; a chunk being generated right now is not stored; finalize skips.
    """
    with session_scope(engine) as session:
        result = session.execute(
            update(Job)
            .where(col(Job.id) == job_id, col(Job.state).in_(ACTIVE_STATES))
            .values(state=JobState.CANCELLED.value, stage=JobStage.DONE.value, finished_at=utcnow())
        )
    changed = bool(result.rowcount)  # type: ignore[attr-defined]
    if changed:
        logger.info("job cancelled job_id=%s", job_id)
        _publish_row(engine, events, job_id, END)
    return changed


def retryable(job: Job) -> bool:
    """A failed job, or one that succeeded with offline (degraded) chunks."""
    return job.state == JobState.FAILED.value or (job.state == JobState.SUCCEEDED.value and job.degraded)


def prepare_retry(engine: Engine, job_id: str, events: JobEvents | None = None) -> list[int]:
    """Reset a failed or degraded job to ``queued`` so that only its missing chunks run again.

    Degraded (offline-made) chunks go back to ``pending`` and lose their cards,
    except cards the user has already studied (a review history is never
    deleted). Chunks done by a provider keep their cards. Returns the chunk
    indexes to redo; the caller then enqueues ingest, which claims the job
    (``attempts`` + 1) and sends those chunks (or parses again when the job
    failed before its chunks were written).

    :raise Conflict: when the job is not failed or degraded (or changed meanwhile).
    """
    with session_scope(engine) as session:
        job = session.get(Job, job_id)
        if job is None or not retryable(job):
            raise Conflict(
                f"Job {job_id} is {job.state if job else 'gone'}; "
                "only failed or degraded jobs can be retried.",
                hint="Retry a job whose state is failed, or succeeded with degraded true.",
            )
        redo_rows = list(
            session.exec(
                select(ChunkResult).where(
                    ChunkResult.job_id == job_id,
                    (col(ChunkResult.status) == "pending") | (col(ChunkResult.degraded).is_(True)),
                )
            )
        )
        degraded_done = [r.chunk_index for r in redo_rows if r.status == "done"]
        if degraded_done:
            session.execute(
                delete(Card).where(
                    col(Card.job_id) == job_id,
                    col(Card.chunk_index).in_(degraded_done),
                    ~exists().where(col(CardSchedule.card_id) == Card.id),
                    ~exists().where(col(ReviewLog.card_id) == Card.id),
                )
            )
            session.execute(
                update(ChunkResult)
                .where(col(ChunkResult.job_id) == job_id, col(ChunkResult.chunk_index).in_(degraded_done))
                .values(status="pending", degraded=False, cards_count=0, started_at=None, finished_at=None)
            )
        cards_left = session.exec(select(func.count()).select_from(Card).where(Card.job_id == job_id)).one()
        reset = session.execute(
            update(Job)
            .where(col(Job.id) == job_id, col(Job.state) == job.state)
            .values(
                state=JobState.QUEUED.value,
                stage=JobStage.QUEUED.value,
                chunks_done=Job.chunks_done - len(degraded_done),
                cards_count=cards_left,
                degraded=False,
                degraded_reason=None,
                error_code=None,
                error_detail=None,
                error_hint=None,
                finished_at=None,
                heartbeat_at=None,
                enqueued_at=utcnow(),
            )
        )
        if not reset.rowcount:  # type: ignore[attr-defined]
            raise Conflict(f"Job {job_id} changed while being retried.", hint="Fetch the job and try again.")
        if job.deck_id:
            # The deck is rebuilt by finalize; until then it is not listed as finished.
            session.execute(update(Deck).where(col(Deck.id) == job.deck_id).values(ready=False))
    logger.info("job retry job_id=%s chunks=%d", job_id, len(redo_rows))
    _publish_row(engine, events, job_id, STAGE)
    return sorted(r.chunk_index for r in redo_rows)


def ready_to_finalize(engine: Engine, job_id: str) -> bool:
    """A running job whose every chunk is done (a resumed job with nothing left to generate)."""
    with session_scope(engine) as session:
        job = session.get(Job, job_id)
    return (
        job is not None
        and job.state == JobState.RUNNING.value
        and job.chunks_total is not None
        and job.chunks_done >= job.chunks_total
    )


def _claim(engine: Engine, job_id: str) -> Job | None:
    """queued/running → running (stage parsing); None if the job has ended."""
    now = utcnow()
    with session_scope(engine) as session:
        result = session.execute(
            update(Job)
            .where(col(Job.id) == job_id, col(Job.state).in_(ACTIVE_STATES))
            .values(
                state=JobState.RUNNING.value,
                attempts=Job.attempts + 1,
                heartbeat_at=now,
                started_at=func.coalesce(Job.started_at, now),
            )
        )
        if not result.rowcount:  # type: ignore[attr-defined]
            return None
        return session.get(Job, job_id)


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
    job = _claim(ctx.engine, job_id)
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
    chunks = chunk_document(parsed, ctx.settings.chunk_tokens)
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
        for chunk, budget in zip(chunks, budgets, strict=True):
            session.add(
                ChunkResult(
                    job_id=job_id,
                    chunk_index=chunk.index,
                    card_budget=budget,
                    payload=chunk_to_payload(chunk),
                )
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


def job_budget(settings: Settings, options: dict[str, Any], chunks: Sequence[Chunk]) -> dict[str, Any]:
    """The job's options with ``max_cards`` fixed: as asked, else by the document's words."""
    words = sum(len(c.text.split()) for c in chunks)
    return resolve_options(options, words, settings.max_cards_per_1k_words, settings.max_cards_limit)


def pending_chunks(engine: Engine, job_id: str) -> list[int]:
    with session_scope(engine) as session:
        rows = session.exec(
            select(ChunkResult.chunk_index)
            .where(ChunkResult.job_id == job_id, ChunkResult.status == "pending")
            .order_by(col(ChunkResult.chunk_index))
        )
        return list(rows)


def _card_row(job: Job, chunk_index: int, position: int, draft: CardDraft, guid: str) -> Card:
    return Card(
        user_id=job.user_id,
        deck_id=job.deck_id or "",
        job_id=job.id,
        chunk_index=chunk_index,
        position=position,
        kind=draft.kind.value,
        front=draft.front,
        back=draft.back,
        source=draft.source.as_dict(),
        source_span=draft.source_span[:1000],
        origin=draft.origin.value,
        provider=draft.provider,
        model=draft.model,
        tags=list(draft.tags),
        checks=dict(draft.checks),
        guid=guid,
    )


def _token_quota_spent(ctx: PipelineContext, user_id: int) -> bool:
    """True when the job's owner has used their daily LLM tokens (the chunk then goes offline).

    Checked per chunk so one account cannot spend the providers' budget; a Redis outage
    fails open (logged by :func:`quotas.llm_tokens_today`).
    """
    if ctx.redis is None:
        return False
    with session_scope(ctx.engine) as session:
        user = session.get(User, user_id)
    limit = llm_token_limit(ctx.settings, user) if user is not None else None
    return limit is not None and llm_tokens_today(ctx.redis, ctx.settings, user_id) >= limit


def _count_tokens(ctx: PipelineContext, user_id: int, attempts: Sequence[Attempt]) -> None:
    """Charge the tokens the providers billed for these attempts (cache hits cost nothing)."""
    spent = sum(a.input_tokens + a.output_tokens for a in attempts if a.outcome != "cached")
    if ctx.redis is None or spent <= 0:
        return
    try:
        record_llm_tokens(ctx.redis, ctx.settings, user_id, spent)
    except (redis.RedisError, OSError) as exc:
        logger.warning("LLM token quota not counted user_id=%s tokens=%d: %s", user_id, spent, exc)


def _start_chunk(engine: Engine, job_id: str, chunk_id: int) -> None:
    """Stamp the chunk's start and the job's heartbeat before the (long) generation.

    The heartbeat tells the stuck-job reaper that the job is being worked on even
    when one chunk takes minutes; ``started_at`` gives the chunk's duration.
    """
    now = utcnow()
    with session_scope(engine) as session:
        session.execute(
            update(ChunkResult)
            .where(col(ChunkResult.id) == chunk_id, col(ChunkResult.status) == "pending")
            .values(started_at=now)
        )
        session.execute(
            update(Job)
            .where(col(Job.id) == job_id, col(Job.state) == JobState.RUNNING.value)
            .values(heartbeat_at=now)
        )


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
    _count_tokens(ctx, user_id, attempts)


def _make_cards(
    ctx: PipelineContext,
    job: Job,
    document: Document,
    chunk_row: ChunkResult,
    *,
    allow_offline_fallback: bool,
) -> GenerationResult:
    """The chunk's cards: none for a zero budget, offline over quota, else the chain (or offline)."""
    if chunk_row.card_budget <= 0:
        return GenerationResult(cards=[])  # the job's max_cards went to other chunks: no call
    chunk = chunk_from_payload(chunk_row.chunk_index, chunk_row.payload)
    options = generation_options(job.options, chunk_row.card_budget)  # with the requested language
    language = document.language
    over_quota = ctx.completer is not None and _token_quota_spent(ctx, job.user_id)
    # Raises AllProvidersUnavailable only when waiting may help and the fallback is off
    # (the actor then hands the message back); other failures come back as offline cards.
    result = generate_cards(
        chunk,
        options,
        None if over_quota else ctx.completer,
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
    with session_scope(ctx.engine) as session:
        job = session.get(Job, job_id)
        chunk_row = session.exec(
            select(ChunkResult).where(ChunkResult.job_id == job_id, ChunkResult.chunk_index == chunk_index)
        ).first()
        document = session.get(Document, job.document_id) if job else None
    if job is None or document is None or chunk_row is None or job.state != JobState.RUNNING.value:
        return False
    if chunk_row.status == "done":
        # A redelivery: the cards exist. Finalize again if a crash lost that message.
        return job.chunks_total is not None and job.chunks_done >= job.chunks_total
    assert chunk_row.id is not None

    _start_chunk(ctx.engine, job_id, chunk_row.id)
    result = _make_cards(ctx, job, document, chunk_row, allow_offline_fallback=allow_offline_fallback)
    _count_tokens(ctx, job.user_id, result.attempts)

    counts: tuple[int, int | None, int] | None = None
    for attempt in range(GUID_CLASH_TRIES):
        try:
            counts = _store_chunk(ctx.engine, job, document, chunk_row.id, chunk_index, result)
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


def _store_chunk(
    engine: Engine, job: Job, document: Document, chunk_id: int, chunk_index: int, result: GenerationResult
) -> tuple[int, int | None, int] | None:
    """pending → done with the cards, in one transaction; the job's new counts, or None
    when another delivery stored the chunk first or the job ended meanwhile."""
    with session_scope(engine) as session:
        stored = session.get(ChunkResult, chunk_id)
        earlier = list(stored.attempts) if stored is not None else []  # handed-back deliveries
        moved = session.execute(
            update(ChunkResult)
            .where(col(ChunkResult.id) == chunk_id, col(ChunkResult.status) == "pending")
            .values(
                status="done",
                cards_count=len(result.cards),
                degraded=result.degraded,
                provider=result.provider,
                model=result.model,
                attempts=[*earlier, *(a.as_dict() for a in result.attempts)],
                # What the gate saw, so that an empty deck can say why (cards.outcome).
                payload={**(stored.payload if stored is not None else {}), "drafted": result.drafted},
                finished_at=utcnow(),
            )
        )
        if not moved.rowcount:  # type: ignore[attr-defined]
            return None  # another delivery of this message stored the cards first
        guids = _free_guids(session, job.deck_id, document.sha256, result.cards)
        for position, (draft, guid) in enumerate(zip(result.cards, guids, strict=True)):
            session.add(_card_row(job, chunk_index, position, draft, guid))
        values: dict[str, Any] = {
            "chunks_done": Job.chunks_done + 1,
            "cards_count": Job.cards_count + len(result.cards),
            "heartbeat_at": utcnow(),
        }
        if result.degraded:
            values.update(degraded=True, degraded_reason=result.message[:500])
        counts = session.execute(
            update(Job)
            .where(col(Job.id) == job.id, col(Job.state) == JobState.RUNNING.value)
            .values(**values)
            .returning(col(Job.chunks_done), col(Job.chunks_total), col(Job.cards_count))
        ).one_or_none()
        if counts is None:
            # Cancelled (or failed) while this chunk was generated: store nothing.
            session.rollback()
            return None
        done, total, cards_count = counts
    return done, total, cards_count


def finalize(ctx: PipelineContext, job_id: str) -> bool:
    """Dedupe across chunks, trim to the job's maximum, write the deck summary, succeed.

    A deck left with no card fails the job with ``no_cards`` and the reason instead.
    """
    with session_scope(ctx.engine) as session:
        job = session.get(Job, job_id)
        if job is None or job.state != JobState.RUNNING.value or job.deck_id is None:
            return False
        session.execute(update(Job).where(col(Job.id) == job_id).values(stage=JobStage.FINALIZING.value))
        if ctx.events is not None:
            job.stage = JobStage.FINALIZING.value
            ctx.events.publish(job_id, STAGE, job_data(job, eta_s=0))
        rows = list(
            session.exec(
                select(Card)
                .where(Card.deck_id == job.deck_id)
                .order_by(col(Card.chunk_index), col(Card.position))
            )
        )
        drafts = [_draft_of(row) for row in rows]
        kept_ids = {id(d) for d in dedupe(drafts, threshold=ctx.settings.cards_dedupe_threshold)}
        max_cards = int(job.options.get("max_cards") or ctx.settings.max_cards_limit)
        unique = [row for row, draft in zip(rows, drafts, strict=True) if id(draft) in kept_ids]
        keep = trim_round_robin(unique, max_cards, lambda row: row.chunk_index)
        if not keep:
            # The deck would be empty: a failure with its reason, never "succeeded" with 0 cards.
            empty: DeckhandError | None = _why_no_cards(session, job_id)
        else:
            empty, ended = None, _write_deck(session, job, rows, keep, duplicates=len(rows) - len(kept_ids))
    if empty is not None:
        # Returning normally acknowledges the message: a reason in the document, not system trouble.
        return fail_job(ctx.engine, job_id, empty, ctx.events)
    logger.info("job succeeded job_id=%s cards=%d degraded=%s", job_id, len(keep), job.degraded)
    if ended:
        _publish_row(ctx.engine, ctx.events, job_id, END)
    return ended


def _write_deck(session: Session, job: Job, rows: list[Card], keep: list[Card], *, duplicates: int) -> bool:
    """Delete the cards not kept, write the deck's summary, succeed the job; False if it ended meanwhile."""
    keep_ids = {row.id for row in keep}
    for row in rows:
        if row.id not in keep_ids:
            session.delete(row)
    origins: dict[str, int] = {}
    providers: dict[str, int] = {}
    for row in keep:
        origins[row.origin] = origins.get(row.origin, 0) + 1
        if row.provider:
            providers[row.provider] = providers.get(row.provider, 0) + 1
    summary = {
        "cards": len(keep),
        "duplicates_removed": duplicates,
        "origins": origins,
        "providers": providers,
        "degraded": job.degraded,
        "chunks": job.chunks_total,
    }
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


def _draft_of(row: Card) -> CardDraft:
    return CardDraft(
        kind=CardKind(row.kind),
        front=row.front,
        back=row.back,
        source=SourceRef.from_dict(row.source),
        origin=Origin(row.origin),
        source_span=row.source_span,
        provider=row.provider,
        model=row.model,
        tags=list(row.tags),
        checks=dict(row.checks),
    )
