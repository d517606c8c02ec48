"""The dashboard's actions: their names, what each will do (for the confirmation page), doing
it, and what it did in words (for the page, the audit trail and the log).

The route (``api/routes/ops.py``) checks the session, the CSRF token, read-only mode and the
form, then calls these with what they act on; nothing here reads the request.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import redis

from errors import Conflict, NotFound
from jobs.events import JobEvents
from jobs.use_cases import cancel_job, retry_job
from ops import queues
from ops.requeue import JOB_ACTORS, requeue_dead_letter
from redisconn.keys import QueueKeys
from taskqueue import names
from taskqueue.broker import enqueue

if TYPE_CHECKING:
    import dramatiq
    from sqlalchemy import Engine

    from config import Settings

#: Each action and its title (the confirmation page and the list a wrong name is answered with).
ACTIONS = {
    "requeue": "Requeue one dead-lettered message",
    "requeue_all": "Requeue every dead-lettered message of a queue",
    "delete": "Delete one dead-lettered message",
    "purge": "Delete every dead-lettered message of a queue",
    "job_retry": "Retry a failed or degraded job",
    "job_cancel": "Cancel a queued or running job",
    "validate_keys": "Validate every provider key now",
}
#: Actions that lose something: their confirmation button says so.
DESTRUCTIVE = {"delete", "purge", "job_cancel"}


def describe(action: str, form: dict[str, str], *, client: redis.Redis, namespace: str) -> str:
    """What ``action`` will do, for the confirmation page. :raise NotFound: the message is gone."""
    ns = namespace
    if action in ("requeue", "delete"):
        item = queues.find_dead_letter(client, ns, form["queue"], form["id"])
        if item is None:
            raise NotFound("That dead letter is gone (requeued, deleted or expired).")
        verb = "Requeue" if action == "requeue" else "Delete"
        error = item.error or "no error"
        also = ""
        if action == "requeue" and item.actor in JOB_ACTORS and item.args:
            also = f" Its job {item.args[0]} is retried if it failed."
        return f"{verb} dead message {item.message_id} ({item.actor}, {error}) of queue {item.queue}.{also}"
    if action in ("requeue_all", "purge"):
        count = int(client.zcard(QueueKeys(ns, form["queue"]).dead))
        verb = "Requeue" if action == "requeue_all" else "Delete"
        return f"{verb} all {count} dead messages of queue {form['queue']}."
    if action in ("job_retry", "job_cancel"):
        return f"{'Retry' if action == 'job_retry' else 'Cancel'} job {form['job_id']}."
    return "Enqueue provider key validation now."


def perform(
    action: str,
    form: dict[str, str],
    *,
    settings: Settings,
    engine: Engine,
    broker: dramatiq.Broker,
    client: redis.Redis,
) -> dict[str, Any]:
    """Do ``action``; what it did, as counts and ids (the JSON answer to a script)."""
    ns = settings.broker_namespace
    if action == "requeue":
        requeued = requeue_dead_letter(
            broker=broker,
            client=client,
            engine=engine,
            events=JobEvents.from_settings(settings),
            namespace=ns,
            queue=form["queue"],
            ident=form["id"],
        )
        return {
            "count": requeued.count,
            "message_id": requeued.message_id,
            "job_id": requeued.job_id,
            "job_state": requeued.job_state,
            "summary": requeued.summary(),
        }
    if action == "requeue_all":
        return {"count": queues.requeue_all(broker, client, ns, form["queue"])}
    if action == "delete":
        item = queues.find_dead_letter(client, ns, form["queue"], form["id"])
        return {"count": queues.delete(client, ns, form["queue"], [item.redis_id]) if item else 0}
    if action == "purge":
        return {"count": queues.purge(client, ns, form["queue"])}
    if action == "job_cancel":
        if not cancel_job(engine, form["job_id"], JobEvents.from_settings(settings)):
            raise Conflict(f"Job {form['job_id']} is not queued or running.")
        return {"count": 1}
    if action == "job_retry":
        chunks = retry_job(engine, broker, JobEvents.from_settings(settings), form["job_id"])
        return {"count": 1, "chunks": len(chunks)}
    return {"message_id": enqueue(broker, names.VALIDATE_PROVIDER_KEYS)}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def flash_text(action: str, form: dict[str, str], result: dict[str, Any]) -> str:
    """What an action did, in words (for the page, the audit trail and the log), never a dict."""
    count = int(result.get("count", 0) or 0)
    queue = form.get("queue", "")
    if action == "requeue":
        return str(result["summary"])
    if action == "requeue_all":
        return f"Requeued {_plural(count, 'dead message')} of queue {queue}."
    if action == "delete":
        return f"Deleted {_plural(count, 'dead message')} of queue {queue}."
    if action == "purge":
        return f"Purged {_plural(count, 'dead message')} from queue {queue}."
    if action == "job_cancel":
        return f"Cancelled job {form['job_id']}."
    if action == "job_retry":
        chunks = _plural(int(result.get("chunks", 0)), "chunk")
        return f"Job {form['job_id']} is queued again ({chunks} to redo)."
    return "Provider key validation was enqueued; results appear on the Providers page in a minute."
