"""Pipeline arithmetic: card budgets, round-robin trimming, card GUIDs, generation options."""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime, timedelta

import pytest

from api.serializers import job_eta_s
from cards.deck import assign_guids, card_budgets, generation_options, trim_round_robin
from cards.prompts import build_user_prompt
from cards.schema import CardKind
from documents.model import Chunk, Section, SourceRef
from models import Job


def chunks_of(*word_counts: int) -> list[Chunk]:
    return [
        Chunk(index=i, sections=(Section(text=" ".join(["word"] * n), source=SourceRef(page=i + 1)),))
        for i, n in enumerate(word_counts)
    ]


@pytest.mark.parametrize("seed", range(40))
def test_budgets_sum_to_max_cards_and_follow_the_words(seed):
    rng = random.Random(seed)
    words = [rng.choice([0, 5, 40, 300, 1200, 5000]) for _ in range(rng.randint(1, 30))]
    max_cards = rng.randint(1, 400)
    budgets = card_budgets(chunks_of(*words), max_cards)
    assert sum(budgets) == max_cards
    assert all(b >= 0 for b in budgets)
    if sum(words):
        # Each chunk gets the floor or the ceiling of its exact share, whichever way it is split.
        for w, b in zip(words, budgets, strict=True):
            share = max_cards * w / sum(words)
            assert math.floor(share) <= b <= math.ceil(share), (words, max_cards, budgets)


def test_budgets_never_exceed_max_cards_the_old_way_did():
    # 10 equal chunks, 15 cards: the old rounding up gave 2 each (20), and trimming in reading
    # order then starved the end of the document.
    budgets = card_budgets(chunks_of(*[100] * 10), 15)
    assert sum(budgets) == 15 and sorted(budgets) == [1] * 5 + [2] * 5


def test_fewer_cards_than_chunks_are_spread_over_the_whole_document():
    budgets = card_budgets(chunks_of(*[100] * 20), 4)
    assert sum(budgets) == 4
    assert [i for i, b in enumerate(budgets) if b] == [2, 7, 12, 17]
    # One big chunk at the start does not take every card.
    budgets = card_budgets(chunks_of(3000, *[100] * 30), 3)
    assert budgets[0] >= 1 and any(budgets[16:])


def test_empty_chunks_get_nothing_and_edge_cases():
    assert card_budgets(chunks_of(100, 0, 100), 4) == [2, 0, 2]
    assert card_budgets(chunks_of(0, 0), 3) == [2, 1]  # no words at all: shared evenly
    assert card_budgets([], 5) == []
    assert card_budgets(chunks_of(10, 10), 0) == [0, 0]


def test_trimming_takes_turns_across_chunks_and_keeps_reading_order():
    items = [(0, "a0"), (0, "a1"), (0, "a2"), (0, "a3"), (1, "b0"), (2, "c0"), (2, "c1"), (3, "d0")]
    kept = trim_round_robin(items, 5, lambda item: item[0])
    assert kept == [(0, "a0"), (0, "a1"), (1, "b0"), (2, "c0"), (3, "d0")]
    assert trim_round_robin(items, 100, lambda item: item[0]) == items
    assert trim_round_robin(items, 0, lambda item: item[0]) == []


def test_guids_differ_by_answer_and_are_stable():
    cards = [("basic", "What is ATP?", "Energy currency"), ("basic", "What is ATP?", "A nucleotide")]
    first = assign_guids("doc-sha", cards, set())
    assert len(set(first)) == 2, "same question, different answers: two notes, two GUIDs"
    assert assign_guids("doc-sha", cards, set()) == first, "the same cards give the same GUIDs"
    assert assign_guids("other-doc", cards, set()) != first


def test_a_guid_clash_gets_a_deterministic_suffix():
    card = ("cloze", "The {{c1::stack}} is LIFO.", "")
    taken: set[str] = set()
    one = assign_guids("doc", [card], taken)
    again = assign_guids("doc", [card, card], taken)
    assert len({*one, *again}) == 3 and len(taken) == 3
    assert assign_guids("doc", [card, card, card], set()) == [*one, *again]


def test_focus_and_difficulty_reach_the_prompt():
    options = generation_options(
        {"max_cards": 9, "kinds": ["basic"], "focus": "dates and names", "difficulty": "hard"}, 4
    )
    assert (options.focus, options.difficulty, options.max_cards) == ("dates and names", "hard", 4)
    assert options.kinds == (CardKind.BASIC,)
    prompt = build_user_prompt(chunks_of(50)[0], options, "en", ())
    assert "Focus on: dates and names." in prompt
    assert "Prefer details, distinctions, mechanisms" in prompt  # the "hard" instruction
    plain = build_user_prompt(chunks_of(50)[0], generation_options({"max_cards": 9}, 4), "en", ())
    assert "Focus on" not in plain and len(prompt) > len(plain)


def test_the_eta_of_a_running_job_follows_its_chunk_throughput():
    now = datetime(2025, 1, 31, 12, 0, tzinfo=UTC)
    job = Job(user_id=1, document_id="d", state="running", chunks_total=10, chunks_done=2)
    job.started_at = now - timedelta(seconds=100)
    assert job_eta_s(job, now) == 400  # 50 s a chunk so far, 8 chunks left
    job.chunks_done = 0
    assert job_eta_s(job, now) is None, "no estimate before the first chunk"
    job.chunks_done, job.state = 10, "succeeded"
    assert job_eta_s(job, now) is None, "none once the job has ended"
    queued = Job(user_id=1, document_id="d", state="queued")
    assert job_eta_s(queued, now) is None
