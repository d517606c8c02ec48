"""Parsing in a child process with a wall-clock and an address-space bound.

The caller is a multi-threaded Dramatiq worker, so children come from a forkserver (a
clean single-threaded process), never from ``fork`` of the caller. A looping or
exploding file costs the child, which is killed; the worker stays healthy.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.forkserver
import resource
import time
import traceback
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import errors
from documents import progress
from documents.language import detect_language
from documents.limits import ParseLimits
from documents.model import DocumentKind, ParsedDocument
from errors import DeckhandError, DocumentTooComplex, InternalError

_CONTEXT = multiprocessing.get_context("forkserver")
# Children fork from a server that already imported the parsers: ~10 ms to start, not ~1 s.
_CONTEXT.set_forkserver_preload(["documents.preload"])
_JOIN_GRACE_S = 5.0


def start_parse_server() -> None:
    """Start this process's forkserver now (it imports the parsers while the caller goes on);
    otherwise the first parse starts it and waits for the imports."""
    multiprocessing.forkserver.ensure_running()


def _child(conn: Connection, path: str, kind: str, limits: ParseLimits, report: bool = False) -> None:
    """Entry point of the child: set the bounds, parse, send back a result or an error.

    With ``report``, ``("progress", ParseProgress)`` messages come first (see documents.progress).
    """
    memory = limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    cpu = int(limits.timeout_s) + 2  # backstop should the parent die before killing us
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    from documents.registry import parse_document_in_process

    if report:
        progress.set_hook(lambda done: conn.send(("progress", done)))
    message: tuple[Any, ...]
    try:
        doc = parse_document_in_process(Path(path), DocumentKind(kind), limits, detect_language=False)
        message = ("ok", doc)
    except MemoryError:
        message = ("memory", None)
    except DeckhandError as exc:
        message = ("error", type(exc).__name__, exc.detail, exc.hint, exc.extra)
    except BaseException as exc:  # report, never hang the parent
        message = ("crash", f"{type(exc).__name__}: {exc}", traceback.format_exc(limit=5))
    try:
        conn.send(message)
    except MemoryError:
        conn.send(("memory", None))
    finally:
        conn.close()


def _rebuild(name: str, detail: str, hint: str, extra: dict[str, Any]) -> DeckhandError:
    cls = getattr(errors, name, None)
    if not (isinstance(cls, type) and issubclass(cls, DeckhandError)):
        return InternalError(f"The parser failed with an unknown error {name}: {detail}")
    return cls(detail, hint=hint, **extra)


def parse_document(
    path: Path, kind: DocumentKind, limits: ParseLimits, *, on_progress: progress.Hook | None = None
) -> ParsedDocument:
    """Parse ``path`` in a bounded child process; errors come back as the same ``errors`` class.

    ``on_progress`` is called (in this process) as the child reads the document.
    """
    receiver, sender = _CONTEXT.Pipe(duplex=False)
    process = _CONTEXT.Process(
        target=_child,
        args=(sender, str(path), kind.value, limits, on_progress is not None),
        name="deckhand-parse",
        daemon=True,
    )
    deadline = time.monotonic() + limits.timeout_s
    process.start()
    sender.close()  # our copy: EOF on the receiver then means the child is gone
    try:
        message = _receive(receiver, deadline, limits)
        while message[0] == "progress":
            if on_progress is not None:
                on_progress(message[1])
            message = _receive(receiver, deadline, limits)
    except DocumentTooComplex:
        process.kill()  # over time or dead already: no grace
        raise
    finally:
        receiver.close()
        _reap(process)
    status = message[0]
    if status == "ok":
        doc: ParsedDocument = message[1]
        doc.language = detect_language(doc.sections)  # here, not in the child: see the registry
        return doc
    if status == "error":
        raise _rebuild(message[1], message[2], message[3], message[4])
    if status == "memory":
        raise DocumentTooComplex(
            f"Reading the document needed more than {limits.memory_mb} MiB of memory.",
            hint="The file is unusually complex; simplify or split it, or save it again as a plain PDF.",
        )
    raise InternalError(f"The parser crashed: {message[1]}")


def _receive(receiver: Connection, deadline: float, limits: ParseLimits) -> tuple[Any, ...]:
    remaining = max(0.0, deadline - time.monotonic())
    if not receiver.poll(remaining):
        raise DocumentTooComplex(f"Reading the document took longer than {limits.timeout_s:g} s.")
    try:
        message: tuple[Any, ...] = receiver.recv()
    except (EOFError, OSError):
        # The child died without a word: killed by the kernel (memory) or a crash in C code.
        raise DocumentTooComplex(
            "The parser was stopped while reading the document (memory or a crash in the PDF engine)."
        ) from None
    return message


def _reap(process: multiprocessing.process.BaseProcess) -> None:
    """Make sure the child is gone, whatever happened."""
    process.join(timeout=_JOIN_GRACE_S)
    if process.is_alive():
        process.kill()
        process.join(timeout=_JOIN_GRACE_S)
    with contextlib.suppress(ValueError):
        process.close()
