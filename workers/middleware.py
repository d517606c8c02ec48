"""Dramatiq middleware that ties queue messages to job rows.

Why our own: a message whose worker is killed (OOM, SIGKILL) is redelivered by
the broker without bumping Dramatiq's ``retries`` (dramatiq#213), so a document
that crashes its worker would loop forever. We count deliveries per message id
in Redis and stop past ``max_deliveries``. And when a message finally fails
(a permanent error in ``throws`` or retries spent), the job is failed with the
error's code and hint, so no accepted job is left hanging.

A dead-lettered message keeps the body it was last enqueued with, which says nothing
about why it died (Dramatiq stores no traceback for ``throws``, nor for a delivery
refused here). So on the way to the dead-letter queue the message's options get
``error`` (type and message) and ``traceback``, and ``after_nack`` writes that body
over the stored one: the dashboard groups dead letters by ``error`` and shows the
traceback. Failures caused by the input never get here (``tasks.actors`` acks them).
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

import dramatiq
import redis
from dramatiq.middleware import Middleware, SkipMessage

from errors import DeckhandError, InternalError, JobDeliveryExhausted
from logs import bind, job_id_var, request_id_var
from redisconn.keys import QueueKeys, delivery_count_key

logger = logging.getLogger(__name__)

#: Seconds a delivery counter is kept (longer than any message's max age).
DELIVERY_COUNTER_TTL_S = 2 * 24 * 3600

JobFailer = Callable[[str, DeckhandError], bool]


class JobTracking(Middleware):
    """Bounds crash redeliveries and records final failures on the job."""

    def __init__(
        self,
        *,
        redis_client: redis.Redis,
        fail_job: JobFailer,
        max_deliveries: int,
        job_actors: frozenset[str],
        namespace: str,
    ) -> None:
        self.redis = redis_client
        self.fail_job = fail_job
        self.max_deliveries = max_deliveries
        self.job_actors = job_actors
        self.namespace = namespace

    def _job_id(self, message: dramatiq.MessageProxy) -> str | None:
        if message.actor_name in self.job_actors and message.args:
            return str(message.args[0])
        return None

    def before_process_message(self, broker: dramatiq.Broker, message: dramatiq.MessageProxy) -> None:
        job_id = self._job_id(message)
        if job_id is None:
            return
        key = delivery_count_key(self.namespace, message.message_id)
        pipe = self.redis.pipeline()
        pipe.incr(key)
        pipe.expire(key, DELIVERY_COUNTER_TTL_S)
        deliveries = int(pipe.execute()[0])
        # Retries are deliveries Dramatiq knows about; the rest followed crashes.
        unexplained = deliveries - int(message.options.get("retries", 0))
        if unexplained > self.max_deliveries:
            logger.error(
                "delivery limit reached job_id=%s message_id=%s deliveries=%d",
                job_id, message.message_id, deliveries,
            )  # fmt: skip
            error = JobDeliveryExhausted(
                f"Processing stopped after {unexplained - 1} crashes of the worker handling this job."
            )
            self.fail_job(job_id, error)
            message.options["error"] = f"JobDeliveryExhausted: {error.detail}"
            # A killed process leaves no Python traceback; say what is known instead.
            message.options["traceback"] = (
                f"No Python traceback: the worker process handling this message died {unexplained - 1} "
                "times (killed: out of memory, a crash in native code, or SIGKILL). Check the worker's "
                f"logs and memory around these deliveries.\nJobDeliveryExhausted: {error.detail}"
            )
            message.fail()
            raise SkipMessage("delivery limit reached")

    def after_process_message(
        self,
        broker: dramatiq.Broker,
        message: dramatiq.MessageProxy,
        *,
        result: Any = None,
        exception: BaseException | None = None,
    ) -> None:
        if exception is not None and message.failed:
            _record_failure(message, exception)
        job_id = self._job_id(message)
        if job_id is None or exception is None or not message.failed:
            return
        if isinstance(exception, DeckhandError):
            error = exception
        else:
            logger.error("job failed unexpectedly job_id=%s error=%r", job_id, exception)
            error = InternalError("Processing failed after several attempts.")
        self.fail_job(job_id, error)

    def after_nack(self, broker: dramatiq.Broker, message: dramatiq.MessageProxy) -> None:
        """Store the error and traceback with the dead letter (the nack kept the old body)."""
        if not message.options.get("error"):
            return
        queue = message.queue_name.removesuffix(".DQ").removesuffix(".XQ")
        key = QueueKeys(self.namespace, queue).dead_msgs
        redis_id = message.options.get("redis_message_id")
        try:
            if redis_id and self.redis.hexists(key, redis_id):
                self.redis.hset(key, redis_id, message.encode())
        except (redis.RedisError, OSError) as exc:  # the dead letter stays, only less explained
            logger.warning("could not store the failure with dead letter %s: %s", message.message_id, exc)


def _record_failure(message: dramatiq.MessageProxy, exception: BaseException) -> None:
    """The error line and the traceback of the attempt that failed for good, in the message options."""
    message.options["error"] = f"{type(exception).__name__}: {exception}"[:500]
    message.options["traceback"] = "".join(
        traceback.format_exception(type(exception), exception, exception.__traceback__, limit=30)
    )[-20_000:]


#: Records one unexpected actor failure: (exception, actor name, job id, request id).
ErrorReporter = Callable[[BaseException, str, str | None, str | None], None]


class RequestContext(Middleware):
    """Binds the message's request id and job id for its log lines; records unexpected failures.

    The API puts the request id into the message options (taskqueue.broker.enqueue);
    here it is set in this thread's context variables for the length of the
    message, so every log line of the job carries it and the messages the job
    sends on carry it too. Exceptions that are not expected (a DeckhandError below
    500 or a Retry) are stored as ErrorEvents through ``report``.
    """

    def __init__(self, *, job_actors: frozenset[str], report: ErrorReporter | None = None) -> None:
        self.job_actors = job_actors
        self.report = report

    def before_process_message(self, broker: dramatiq.Broker, message: dramatiq.MessageProxy) -> None:
        request_id = message.options.get("request_id")
        job_id = str(message.args[0]) if message.actor_name in self.job_actors and message.args else None
        bind(request_id=str(request_id) if request_id else None, job_id=job_id)

    def after_process_message(
        self,
        broker: dramatiq.Broker,
        message: dramatiq.MessageProxy,
        *,
        result: Any = None,
        exception: BaseException | None = None,
    ) -> None:
        try:
            if exception is not None and self.report is not None and unexpected(exception):
                self.report(exception, message.actor_name, job_id_var.get(), request_id_var.get())
        except Exception:  # recording must never disturb the message's own handling
            logger.warning("could not record the failure of %s", message.actor_name)
        finally:
            bind()

    def after_skip_message(self, broker: dramatiq.Broker, message: dramatiq.MessageProxy) -> None:
        bind()


def unexpected(exception: BaseException) -> bool:
    """A failure worth an ErrorEvent: not a deliberate Retry, not a client-side DeckhandError."""
    if isinstance(exception, dramatiq.Retry | SkipMessage):
        return False
    return not (isinstance(exception, DeckhandError) and exception.status < 500)
