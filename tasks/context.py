"""The worker process's pipeline context, set once by :mod:`workers.main`."""

from __future__ import annotations

from tasks.pipeline import PipelineContext

_context: PipelineContext | None = None


def set_context(context: PipelineContext) -> None:
    global _context
    _context = context


def get_context() -> PipelineContext:
    if _context is None:
        raise RuntimeError("worker context not set: start workers through workers.main")
    return _context
