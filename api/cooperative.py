"""Long CPU-bound calls off the gevent hub.

Under gunicorn's gevent worker every request of a process shares one OS thread; a call
that computes for a long time in C (an argon2 hash: about 0.2 s) would stall all of them,
open progress streams and ``/healthz`` included. Such calls run in gevent's thread pool
(argon2-cffi releases the GIL), and directly anywhere else (gthread, the CLI, tests).
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def monkey_patched() -> bool:
    """Whether gevent has patched this process (gunicorn's gevent worker does, before the app loads)."""
    monkey = sys.modules.get("gevent.monkey")
    return monkey is not None and bool(monkey.is_module_patched("threading"))


def off_hub(fn: Callable[..., T], *args: object) -> T:
    """``fn(*args)``, in gevent's thread pool when the process is monkey-patched."""
    if not monkey_patched():
        return fn(*args)
    import gevent

    result: T = gevent.get_hub().threadpool.apply(fn, args)
    return result
