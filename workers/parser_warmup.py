"""Each worker process starts its document parser's forkserver as it boots, not at its first document.

The forkserver imports the parsers once (about a second on a busy machine) and every parse forks
from it (documents/sandbox.py). Started lazily, that second fell on the first document each
process read: with ``--processes 2`` a job's ingest took 0.3 s or 2 s depending on which
process took it. Starting it at boot costs nothing more: the server lives as long as the worker
either way.
"""

from __future__ import annotations

import logging

import dramatiq
from dramatiq.middleware import Middleware

from documents.sandbox import start_parse_server

logger = logging.getLogger(__name__)


class ParserWarmup(Middleware):
    """Starts this worker process's parse forkserver when the process boots."""

    def after_worker_boot(self, broker: dramatiq.Broker, worker: dramatiq.Worker) -> None:
        try:
            start_parse_server()
        except OSError as exc:  # the first document starts it (or reports why it cannot) as before
            logger.warning("parse server not started at boot: %r", exc)
