"""Chunks whose answers arrived take turns at their checks and store, a few at a time.

At 32 threads the provider's answers come back in waves (every call of a round within about
50 ms), and each chunk then needs about 18 ms of CPU under the process's one GIL. Run all at
once, the GIL goes round them in slices between their database and Redis round trips, so every
chunk of a wave ends near the wave's end and every thread starts its next call late, all together
again. Taking turns finishes them one after another: the first threads call again at once, and
the next round's answers arrive spread out.
"""

from __future__ import annotations

import threading
from typing import Any

from providers.types import JsonCompleter, LLMAnswer, LLMRequest

#: Chunks past their answer working at once: more than one, so that one's round trip to the
#: database overlaps another's CPU.
AT_ONCE = 2

_turns = threading.BoundedSemaphore(AT_ONCE)


class TurnAfterAnswer:
    """``completer`` that takes a turn once an answer is in; :meth:`done` gives it back."""

    def __init__(self, completer: JsonCompleter) -> None:
        self._completer = completer
        self._holding = False

    def complete_json(self, request: LLMRequest) -> LLMAnswer:
        self.done()  # a chunk split in halves asks again: no turn held while it waits for a provider
        answer = self._completer.complete_json(request)
        _turns.acquire()
        self._holding = True
        return answer

    def done(self) -> None:
        if self._holding:
            self._holding = False
            _turns.release()

    def __getattr__(self, name: str) -> Any:  # the chain's policy (deadline) and the rest
        return getattr(self._completer, name)
