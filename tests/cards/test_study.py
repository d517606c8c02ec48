from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from cards.study import due_at, review

NOW = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def test_new_card_is_due_now_and_good_schedules_it_later() -> None:
    assert due_at(None, NOW) == NOW
    outcome = review(None, "good", NOW)
    assert outcome.due > NOW and outcome.due.tzinfo is not None
    assert due_at(outcome.state_json, NOW) == outcome.due
    assert '"rating"' in outcome.log_json


def test_intervals_ordered_by_rating() -> None:
    intervals = {r: review(None, r, NOW).due - NOW for r in ("again", "hard", "good", "easy")}
    assert intervals["again"] < intervals["good"] < intervals["easy"]
    assert intervals["again"] <= intervals["hard"] <= intervals["good"]


def test_repeated_good_reviews_grow() -> None:
    first = review(None, "good", NOW)
    second = review(first.state_json, "good", first.due)
    third = review(second.state_json, "good", second.due)
    assert (third.due - second.due) > (second.due - first.due) >= timedelta(days=1)


def test_naive_datetime_and_bad_rating_rejected() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        review(None, "good", datetime(2025, 3, 1, 9, 0))
    with pytest.raises(ValueError, match="rating"):
        review(None, "perfect", NOW)


def test_other_timezones_normalised_to_utc() -> None:
    paris = NOW.astimezone(timezone(timedelta(hours=1)))
    assert review(None, "good", paris).due == review(None, "good", NOW).due
