"""Every Redis key and channel under the broker namespace, named once (as Dramatiq's
``common.py`` names its queues).

``N`` is the broker namespace (``BROKER_NAMESPACE``, ``dramatiq`` by default). Two families
share it:

* Dramatiq's own layout, which we read but never define (``dramatiq/brokers/redis/dispatch.lua``),
  queue ``Q``: ``N:Q`` LIST of ready ids; ``N:Q.msgs`` HASH id -> body (ready + in flight);
  ``N:Q.DQ``/``N:Q.DQ.msgs`` the delay queue; ``N:Q.XQ`` ZSET id -> dead-lettered ms and
  ``N:Q.XQ.msgs`` their bodies; ``N:__heartbeats__`` ZSET broker id -> last call ms (producers
  too); ``N:__acks__.<broker_id>.<Q>`` SET of one consumer's unacked ids.
* Deckhand's: worker presence, delivery counters, the scheduler's and the alerts' leases,
  job progress streams, ops records, provider roster. Each function says what it holds.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

# --- Dramatiq's layout -------------------------------------------------------------

#: What Dramatiq appends to a queue name for its delay and dead-letter queues.
DELAY_SUFFIX = ".DQ"
DEAD_SUFFIX = ".XQ"


@dataclass(frozen=True)
class QueueKeys:
    """The Redis keys of one queue (``queue`` is the canonical name, never ``x.DQ``)."""

    namespace: str
    queue: str

    @property
    def ready(self) -> str:
        return f"{self.namespace}:{self.queue}"

    @property
    def msgs(self) -> str:
        return f"{self.namespace}:{self.queue}.msgs"

    @property
    def delayed(self) -> str:
        return f"{self.namespace}:{self.queue}{DELAY_SUFFIX}"

    @property
    def delayed_msgs(self) -> str:
        return f"{self.namespace}:{self.queue}{DELAY_SUFFIX}.msgs"

    @property
    def dead(self) -> str:
        return f"{self.namespace}:{self.queue}{DEAD_SUFFIX}"

    @property
    def dead_msgs(self) -> str:
        return f"{self.namespace}:{self.queue}{DEAD_SUFFIX}.msgs"


def namespace_prefix(namespace: str) -> str:
    """What every key of the namespace starts with."""
    return f"{namespace}:"


def queue_bodies_pattern(namespace: str) -> str:
    """``SCAN MATCH`` pattern of every queue's message-body hash (discovers queues)."""
    return f"{namespace}:*.msgs"


def broker_heartbeats_key(namespace: str) -> str:
    """Dramatiq's ZSET broker id -> ms of its last call; every producer and worker is in it."""
    return f"{namespace}:__heartbeats__"


def unacked_key(namespace: str, broker_id: str, queue: str) -> str:
    """Dramatiq's SET of the ids one broker fetched from ``queue`` and has not acked yet."""
    return f"{namespace}:__acks__.{broker_id}.{queue}"


# --- Deckhand's keys: workers ----------------------------------------------------------


def worker_heartbeats_key(namespace: str) -> str:
    """ZSET ``host:pid`` -> ms, stamped by worker processes only (workers/heartbeat.py)."""
    return f"{namespace}:workers:heartbeats"


def worker_registry_key(namespace: str, broker_id: str) -> str:
    """One worker process's description for the dashboard (host, pid, queues), with a TTL."""
    return f"{namespace}:ops:worker:{broker_id}"


def worker_registry_pattern(namespace: str) -> str:
    """``SCAN MATCH`` pattern of :func:`worker_registry_key`."""
    return worker_registry_key(namespace, "*")


def delivery_count_key(namespace: str, message_id: str) -> str:
    """How many times a job message was delivered (crash redeliveries included)."""
    return f"{namespace}:deliveries:{message_id}"


# --- Deckhand's keys: leases and periodic work ---------------------------------------


def scheduler_lease_key(namespace: str, task: str, slot: int) -> str:
    """The lease one scheduler takes to enqueue ``task`` for one time slot."""
    return f"{namespace}:scheduler:{task}:{slot}"


def alert_slot_lease_key(namespace: str, slot: int) -> str:
    """The lease one evaluator takes to evaluate the alerts for one time slot."""
    return f"{namespace}:ops:alerts:slot:{slot}"


def maintenance_run_key(namespace: str, task: str) -> str:
    """HASH of a periodic task's last run (time, status, result) and run counts."""
    return f"{namespace}:maintenance:{task}"


def provider_validation_startup_key(namespace: str) -> str:
    """Set by the first worker to boot, so one key validation runs per deploy."""
    return f"{namespace}:llm:validate:startup"


def provider_roster_key(namespace: str) -> str:
    """The providers configured on the workers, published for the API and dashboard."""
    return f"{namespace}:llm:roster"


# --- Deckhand's keys: ops records ---------------------------------------------------------


def alerts_active_key(namespace: str) -> str:
    return f"{namespace}:ops:alerts:active"


def alert_sent_key(namespace: str, alert: str) -> str:
    """Claimed by the evaluator that sends a notice for ``alert`` (no duplicate notices)."""
    return f"{namespace}:ops:alerts:sent:{alert}"


def alerts_history_key(namespace: str) -> str:
    return f"{namespace}:ops:alerts:history"


def ops_history_key(namespace: str) -> str:
    """LIST of the dashboard's chart samples, newest first."""
    return f"{namespace}:ops:history"


def ops_audit_key(namespace: str) -> str:
    """LIST of the dashboard's actions (who requeued or purged what)."""
    return f"{namespace}:ops:audit"


# --- Deckhand's keys: job progress -------------------------------------------------------


def job_events_key(namespace: str, job_id: str) -> str:
    """The capped Redis Stream of one job's progress events."""
    return f"{namespace}:job:{job_id}:events"


def job_eta_key(namespace: str, job_id: str) -> str:
    """One job's estimated finish, shown with its progress."""
    return f"{namespace}:job:{job_id}:eta"


def job_events_channel(namespace: str) -> str:
    """The one pub/sub channel every job's new events are announced on."""
    return f"{namespace}:job-events"


# --- Provider state: not under the namespace (every deployment on one Redis shares it) ----

#: SET of the usage hashes written since the last flush to SQL.
PROVIDER_USAGE_PENDING_SET = "llm:usepend"
#: SET of the claimed usage batches not flushed yet.
PROVIDER_USAGE_BATCHES_SET = "llm:usebatches"


def provider_breaker_key(provider: str) -> str:
    """One provider's circuit breaker state (providers/breaker.lua)."""
    return f"llm:cb:{provider}"


def provider_key_state_key(provider: str, fingerprint: str) -> str:
    """One API key's state (healthy, cooling, bad) by its fingerprint."""
    return f"llm:key:{provider}:{fingerprint}"


def provider_key_recheck_key(provider: str, fingerprint: str) -> str:
    """Claimed by the one process that re-checks a bad key (expires after KEY_RECHECK_S)."""
    return f"llm:recheck:{provider}:{fingerprint}"


def provider_usage_key(provider: str, fingerprint: str, day: str) -> str:
    """HASH of one key's calls, tokens and latency for one UTC day."""
    return f"llm:use:{provider}:{fingerprint}:{day}"


def provider_usage_pending_key(provider: str, fingerprint: str, hour: str, model: str) -> str:
    """HASH of one key's usage in one hour and model, until flushed to SQL."""
    return f"llm:usepend:{provider}:{fingerprint}:{hour}:{model}"


def provider_budget_key(provider: str, day: str) -> str:
    """Tokens one provider spent on one UTC day (its daily budget)."""
    return f"llm:budget:{provider}:{day}"


def provider_usage_batch_key(batch_id: str) -> str:
    """One claimed usage batch being flushed to SQL."""
    return f"llm:usebatch:{batch_id}"


def answer_cache_key(digest: str) -> str:
    """A cached provider answer by the sha256 of its cache key (prompt version, model, chunk)."""
    return f"llm:cache:{digest}"


# --- Security and read caches: under SECURITY_KEY_PREFIX ---------------------------------


def security_events_prefix(prefix: str) -> str:
    """Root of the security counters and blocks (api/security_events.py)."""
    return f"{prefix}:sec"


def rate_limit_prefix(prefix: str) -> str:
    """Root of the rate-limit counters (api/gate.py)."""
    return f"{prefix}:rl"


def auth_generation_key(prefix: str) -> str:
    """Bumped when a token may have lost its validity: every process re-checks its cache."""
    return f"{security_events_prefix(prefix)}:auth:generation"


def job_version_keys(prefix: str, job_id: str) -> tuple[str, str]:
    """(global version, this job's version) of the cached job reads (models/job_cache.py)."""
    return f"{prefix}:job:version", f"{prefix}:job:version:{job_id}"


def job_view_key(prefix: str, job_id: str) -> str:
    """The cached answer of one job read."""
    return f"{prefix}:job:view:{job_id}"


def llm_quota_key(prefix: str, user_id: int, day: str) -> str:
    """Tokens one user's jobs spent on one day (``day`` as YYYYMMDD)."""
    return f"{prefix}:quota:llm:{user_id}:{day}"


@functools.lru_cache(maxsize=8)  # asked on every request
def gate_mirror_prefixes(prefix: str) -> tuple[str, ...]:
    """What a web process mirrors of the gate's reads (redisconn/tracking.py): blocks, the
    revocation generation, job versions and cached job reads. Never the rate-limit counters,
    which change with every request."""
    sec = security_events_prefix(prefix)
    return f"{sec}:block:", auth_generation_key(prefix), f"{prefix}:job:version", f"{prefix}:job:view:"
