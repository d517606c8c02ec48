"""The job layer: what can happen to a job, shared by the API, ``/ops``, the CLI and the actors.

- :mod:`jobs.use_cases`: start, cancel, retry (requeueing a dead letter, in ``ops/requeue.py``,
  is a retry).
- :mod:`jobs.transitions`: the state changes, each a conditional update published after commit.
- :mod:`jobs.events`, :mod:`jobs.event_hub`: the progress events of a job (Redis Streams) and the
  API processes' shared reader of them.

Below it: ``taskqueue/`` (sending messages), ``cards/``, ``documents/``, ``models/``. Above it:
``tasks/`` (the pipeline's steps), ``api/``, ``ops/``, ``workers/``.
"""
