"""The chaos suites' short forms (scripts/chaos.py): a real supervised stack broken on purpose.

Long forms: ``make chaos``.
"""

from __future__ import annotations

import pytest

from scripts.chaos import main
from tests.conftest import CI
from tests.pg import find_bin

pytestmark = pytest.mark.slow


@pytest.fixture(autouse=True)
def one_api_process(monkeypatch: pytest.MonkeyPatch) -> None:
    """The short forms break workers, Redis, PostgreSQL and providers, not the API's processes:
    one is enough (the stack inherits this setting; the long form keeps the default two)."""
    monkeypatch.setenv("WEB_CONCURRENCY", "1")


def test_workers_killed_during_jobs_lose_nothing() -> None:
    assert main(["workers", "--jobs", "4", "--kills", "1", "--timeout", "90"]) == 0


def test_redis_stalled_and_killed_under_load_gives_no_500_and_loses_nothing() -> None:
    assert main(["redis", "--stall", "3", "--timeout", "90"]) == 0


def test_provider_storms_and_a_fixed_key_need_no_restart() -> None:
    assert main(["providers", "--jobs", "3", "--timeout", "90"]) == 0


@pytest.mark.postgres
def test_postgres_restarted_under_load_gives_no_500_and_loses_nothing() -> None:
    if find_bin("initdb") is None and not CI:
        pytest.skip("PostgreSQL binaries not found")
    assert main(["postgres", "--restarts", "1", "--down", "2", "--timeout", "120"]) == 0
