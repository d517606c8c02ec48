"""Alert rules over the current state, a Slack-compatible webhook, de-duplication and cool-down.

Rules (thresholds are settings, see docs/operations.md):

* ``all_providers_failed`` every configured provider is *failed*;
* ``breaker_open:<provider>`` a circuit seen open for ALERT_BREAKER_OPEN_MINUTES;
* ``dead_letters:<queue>`` ALERT_DEAD_LETTER_GROWTH messages dead-lettered within ALERT_WINDOW_S;
* ``error_rate`` failed / finished jobs within ALERT_WINDOW_S at or above ALERT_ERROR_RATE (jobs
  failed by their own input, such as an encrypted PDF, are ordinary outcomes, not counted);
* ``queue_age:<queue>`` the oldest ready message older than ALERT_QUEUE_AGE_S;
* ``no_worker`` no live worker heartbeat for ALERT_HEARTBEAT_S;
* ``security_block:<ip|account>:<subject>`` an IP or account blocked for a burst of security
  events (docs/accounts.md), while the block lasts.

Each firing condition is an incident named by its key. State lives in Redis so that
every process agrees: ``N:ops:alerts:active`` (key -> first/last seen), and
``N:ops:alerts:sent:<key>`` holding when it was last sent, claimed atomically (a Lua
compare-and-set): whoever claims it sends, so an incident is posted once per cool-down
however many evaluators run. A condition that
needs to last (breaker open, no worker) fires once it has been seen for its duration.

Who evaluates: the scheduler process alone, on each slot of SCHEDULE_ROLLUP_ERROR_EVENTS_S
(so ``no_worker`` fires when no worker is alive to run anything). It goes through
:func:`evaluate_for_slot`, whose slot lease (:mod:`redisconn.lease`) lets one scheduler per
slot do the work when several run; the send claim above still guards every notice.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import httpx2
import redis
from sqlalchemy import Engine

from ops import history
from ops.snapshot import Snapshot, collect_snapshot
from redisconn.keys import alert_sent_key, alert_slot_lease_key, alerts_active_key, alerts_history_key
from redisconn.lease import slot_of, take_slot
from redisconn.replies import as_text

if TYPE_CHECKING:
    from config import Settings

logger = logging.getLogger(__name__)

HISTORY_LEN = 200

Sender = Callable[[str, dict[str, Any]], None]


@dataclass(frozen=True)
class Condition:
    key: str
    rule: str
    text: str
    for_s: float = 0.0


@dataclass
class ActiveAlert:
    key: str
    rule: str
    text: str
    first_seen: float
    last_seen: float
    firing: bool
    notified_at: float | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def evaluate(snapshot: Snapshot, settings: Settings) -> list[Condition]:
    """The conditions holding now (pure: no I/O)."""
    found: list[Condition] = []
    if snapshot.providers and all(p.status == "failed" for p in snapshot.providers):
        names = ", ".join(f"{p.name} ({'; '.join(p.reasons) or 'failed'})" for p in snapshot.providers)
        found.append(
            Condition(
                "all_providers_failed",
                "all_providers_failed",
                f"Every LLM provider has failed: {names}. Cards come from the offline generator.",
            )
        )
    for p in snapshot.providers:
        if p.breaker == "open":
            found.append(
                Condition(
                    f"breaker_open:{p.name}",
                    "breaker_open",
                    # True while pending and once firing: the state, and when it becomes an alert.
                    f"Circuit of provider {p.name} is open (an alert once open for "
                    f"{settings.alert_breaker_open_minutes} min).",
                    for_s=settings.alert_breaker_open_minutes * 60,
                )
            )
    for q in snapshot.queues:
        if q.dead_recent >= settings.alert_dead_letter_growth:
            found.append(
                Condition(
                    f"dead_letters:{q.name}",
                    "dead_letters",
                    f"{q.dead_recent} messages dead-lettered on queue {q.name} in the last "
                    f"{settings.alert_window_s // 60} min ({q.dead} in its dead-letter queue).",
                )
            )
        if q.oldest_ready_age_s is not None and q.oldest_ready_age_s > settings.alert_queue_age_s:
            found.append(
                Condition(
                    f"queue_age:{q.name}",
                    "queue_age",
                    f"Oldest ready message on queue {q.name} has waited {int(q.oldest_ready_age_s)} s "
                    f"({q.ready} ready).",
                )
            )
    if snapshot.jobs_finished >= settings.alert_error_rate_min_jobs:
        rate = snapshot.jobs_failed / snapshot.jobs_finished
        if rate >= settings.alert_error_rate:
            found.append(
                Condition(
                    "error_rate",
                    "error_rate",
                    f"{snapshot.jobs_failed} of {snapshot.jobs_finished} jobs finished in the last "
                    f"{settings.alert_window_s // 60} min failed ({rate:.0%}).",
                )
            )
    if snapshot.workers is not None and not any(w.alive for w in snapshot.workers.workers):
        found.append(
            Condition(
                "no_worker",
                "no_worker",
                "No live worker heartbeat: queued jobs are not processed (an alert once this lasts "
                f"{settings.alert_heartbeat_s} s).",
                for_s=settings.alert_heartbeat_s,
            )
        )
    for block in snapshot.blocks:
        found.append(
            Condition(
                f"security_block:{block.subject_kind}:{block.subject}",
                "security_block",
                f"{'IP' if block.subject_kind == 'ip' else 'Account'} {block.subject} blocked until "
                f"{block.expires_at:%Y-%m-%d %H:%M} UTC after {block.events} security events "
                f"({block.reason}); `deckhand security unblock {block.subject}` lifts it.",
            )
        )
    return found


def post_webhook(settings: Settings) -> Sender:
    """A sender POSTing Slack-compatible JSON to ALERT_WEBHOOK_URL (raises on failure)."""

    def send(url: str, payload: dict[str, Any]) -> None:
        response = httpx2.post(url, json=payload, timeout=settings.alert_webhook_timeout_s)
        response.raise_for_status()

    return send


def _payload(settings: Settings, alert: ActiveAlert) -> dict[str, Any]:
    # Slack (and Mattermost, Discord's /slack endpoint, Teams' connectors) read "text".
    return {
        "text": f"[deckhand {settings.env}] {alert.text}",
        "alert": {"key": alert.key, "rule": alert.rule, "first_seen": alert.first_seen},
    }


def process(
    settings: Settings,
    client: redis.Redis,
    conditions: list[Condition],
    *,
    now: float | None = None,
    sender: Sender | None = None,
) -> list[ActiveAlert]:
    """Record ``conditions`` as the active set, notify the newly firing ones; returns the active alerts."""
    now = time.time() if now is None else now
    namespace = settings.broker_namespace
    url = settings.alert_webhook_url.get_secret_value() if settings.alert_webhook_url else None
    send = sender or post_webhook(settings)
    previous = {as_text(k): json.loads(v) for k, v in client.hgetall(alerts_active_key(namespace)).items()}
    alerts: list[ActiveAlert] = []
    for cond in conditions:
        before = previous.get(cond.key, {})
        alert = ActiveAlert(
            key=cond.key,
            rule=cond.rule,
            text=cond.text,
            first_seen=float(before.get("first_seen", now)),
            last_seen=now,
            firing=False,
            notified_at=before.get("notified_at"),
        )
        alert.firing = now - alert.first_seen >= cond.for_s
        if alert.firing and _claim(client, namespace, cond.key, settings.alert_cooldown_s, now):
            if url:
                try:
                    send(url, _payload(settings, alert))
                except Exception as exc:  # any transport or HTTP error: retry at the next evaluation
                    client.delete(alert_sent_key(namespace, cond.key))
                    logger.warning("alert webhook failed key=%s error=%s", cond.key, type(exc).__name__)
                else:
                    alert.notified_at = now
            else:
                alert.notified_at = now
            logger.warning("alert firing key=%s text=%s", cond.key, cond.text)
            _history(client, namespace, {"at": now, "event": "firing", "key": cond.key, "text": cond.text})
        alerts.append(alert)

    pipe = client.pipeline(transaction=True)
    pipe.delete(alerts_active_key(namespace))
    for alert in alerts:
        pipe.hset(alerts_active_key(namespace), alert.key, json.dumps(alert.as_dict()))
    pipe.execute()
    for key in previous.keys() - {a.key for a in alerts}:
        _history(
            client, namespace, {"at": now, "event": "resolved", "key": key, "text": previous[key]["text"]}
        )
    return alerts


#: Atomically: claim the right to notify unless the last notice is younger than the cool-down.
_CLAIM = """
local last = redis.call('GET', KEYS[1])
if last and (tonumber(ARGV[1]) - tonumber(last)) < tonumber(ARGV[2]) then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[3])
return 1
"""


def _claim(client: redis.Redis, namespace: str, key: str, cooldown_s: int, now: float) -> bool:
    """True for exactly one caller per incident per cool-down (however many evaluators run)."""
    ttl = max(1, int(cooldown_s) + 60)
    return bool(client.eval(_CLAIM, 1, alert_sent_key(namespace, key), repr(now), str(cooldown_s), str(ttl)))


def _history(client: redis.Redis, namespace: str, entry: dict[str, Any]) -> None:
    pipe = client.pipeline(transaction=False)
    pipe.lpush(alerts_history_key(namespace), json.dumps(entry))
    pipe.ltrim(alerts_history_key(namespace), 0, HISTORY_LEN - 1)
    pipe.execute()


def active_alerts(client: redis.Redis, namespace: str) -> list[ActiveAlert]:
    raw = client.hgetall(alerts_active_key(namespace))
    alerts = [ActiveAlert(**json.loads(v)) for v in raw.values()]
    return sorted(alerts, key=lambda a: (not a.firing, a.first_seen))


def recent_history(client: redis.Redis, namespace: str, limit: int = 20) -> list[dict[str, Any]]:
    return [json.loads(v) for v in client.lrange(alerts_history_key(namespace), 0, limit - 1)]


def evaluate_and_notify(settings: Settings, client: redis.Redis, engine: Engine) -> list[ActiveAlert]:
    """The whole round: gather, evaluate, record, notify (see :func:`evaluate_for_slot`)."""
    return process(settings, client, evaluate(collect_snapshot(settings, client, engine), settings))


def evaluate_for_slot(
    settings: Settings,
    client: redis.Redis,
    engine: Engine,
    *,
    interval_s: int,
    owner: str,
    now: float | None = None,
) -> list[ActiveAlert] | None:
    """Evaluate once per ``interval_s`` slot across every evaluator; None when another took the slot.

    The lease (``SET NX PX``) only saves duplicate work; de-duplication of notices is the
    send claim in :func:`process`, which holds even if two evaluators ran the same slot.
    """
    now = time.time() if now is None else now
    interval_s = max(1, int(interval_s))
    slot = slot_of(now, interval_s)
    if not take_slot(client, alert_slot_lease_key(settings.broker_namespace, slot), owner, interval_s):
        return None
    snapshot = collect_snapshot(settings, client, engine)
    try:  # the dashboard's charts: one sample per slot, from the same snapshot
        history.record(client, engine, snapshot, settings.broker_namespace, interval_s)
    except (redis.RedisError, OSError) as exc:
        logger.warning("ops history sample not recorded: %s", type(exc).__name__)
    return process(settings, client, evaluate(snapshot, settings))
