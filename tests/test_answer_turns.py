"""Chunks past their answer take turns (tasks.answer_turns): at most AT_ONCE at a time, one turn
per chunk however many calls it made, given back however the chunk ends."""

from __future__ import annotations

import threading
import time

import pytest

from providers.types import AllProvidersUnavailable, LLMAnswer, LLMRequest
from tasks import answer_turns
from tasks.answer_turns import AT_ONCE, TurnAfterAnswer

REQUEST = LLMRequest(system="s", user="u", json_schema={})


class Answers:
    policy = "the chain's policy"

    def complete_json(self, request: LLMRequest) -> LLMAnswer:
        return LLMAnswer({"cards": []}, "openai", "gpt")


class Counting(Answers):
    """Answers, noting the free turns when each call is made."""

    def __init__(self) -> None:
        self.free_at_call: list[int] = []

    def complete_json(self, request: LLMRequest) -> LLMAnswer:
        self.free_at_call.append(free_turns())
        return super().complete_json(request)


class Unavailable:
    def complete_json(self, request: LLMRequest) -> LLMAnswer:
        raise AllProvidersUnavailable("down", retry_after_s=1.0, attempts=[])


def free_turns() -> int:
    return answer_turns._turns._value


def test_a_chunk_holds_one_turn_from_its_answer_until_done() -> None:
    completer = Counting()
    turn = TurnAfterAnswer(completer)
    assert free_turns() == AT_ONCE
    turn.complete_json(REQUEST)
    turn.complete_json(REQUEST)  # a chunk split in halves asks twice
    assert free_turns() == AT_ONCE - 1
    assert completer.free_at_call == [AT_ONCE, AT_ONCE]  # no turn held while it waits for a provider
    turn.done()
    turn.done()
    assert free_turns() == AT_ONCE
    assert turn.policy == "the chain's policy"  # generate_cards reads the chain's deadline


def test_no_answer_takes_no_turn() -> None:
    turn = TurnAfterAnswer(Unavailable())
    with pytest.raises(AllProvidersUnavailable):
        turn.complete_json(REQUEST)
    assert free_turns() == AT_ONCE
    turn.done()
    assert free_turns() == AT_ONCE


def test_at_most_at_once_chunks_work_past_their_answer() -> None:
    inside, most = 0, 0
    lock = threading.Lock()

    def chunk() -> None:
        nonlocal inside, most
        turn = TurnAfterAnswer(Answers())
        try:
            turn.complete_json(REQUEST)
            with lock:
                inside += 1
                most = max(most, inside)
            time.sleep(0.01)
            with lock:
                inside -= 1
        finally:
            turn.done()

    threads = [threading.Thread(target=chunk) for _ in range(12)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most == AT_ONCE
    assert free_turns() == AT_ONCE
