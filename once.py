"""Loaders that run once per process, however many threads ask at the same moment.

``functools.cache`` alone does not promise that: threads that miss the cache together each run
the loader. A worker's threads all start on the first burst of jobs, so each would load its own
copy of the language model (about 80 MB and 0.8 s of CPU) and of a word list, then drop all but
one: eight threads cost eight times the CPU and a memory peak several models high. Here the
first caller loads while the others wait for its result.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Hashable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
T = TypeVar("T")


def load_once(loader: Callable[P, T]) -> Callable[P, T]:
    """``loader`` cached by its (hashable) arguments, each result loaded by one thread only."""
    results: dict[Hashable, T] = {}
    lock = threading.Lock()  # a greenlet lock under gevent's patching: the hub keeps running

    @functools.wraps(loader)
    def load(*args: P.args, **kwargs: P.kwargs) -> T:
        key = (args, tuple(sorted(kwargs.items())))
        with lock:
            if key not in results:
                results[key] = loader(*args, **kwargs)
            return results[key]

    return load
