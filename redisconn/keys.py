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
