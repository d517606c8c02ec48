"""A long-lived process's start-up heap, kept out of the garbage collector's full collections.

What a web or worker process builds as it starts (its modules, settings, parsers, word lists and
language data) lives as long as the process. Left in the collector's oldest generation, every full
collection walks all of it, with the GIL held: every thread of the process stops. Measured on a
worker under a 200-chunk job: a full collection paused it 133 ms with the start-up heap, 17 ms with
it frozen (``gc.freeze``, Python's own answer to this); a full collection of the web app's heap
alone takes about 70 ms (docs/performance.md, "Full collections").
"""

from __future__ import annotations

import gc


def freeze_startup_heap() -> None:
    """Move every object alive now out of the collector's generations (collected first, so that
    no start-up garbage is kept for ever). Call once the process is ready to serve."""
    gc.collect()
    gc.freeze()
