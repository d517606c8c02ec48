"""Our JSON log formatter against python-json-logger's, per record, redaction included.

Both run the same records through the same redaction filter (``logs.ContextFilter``: no
library offers our secret shapes) and then a formatter: ours (``logs.JsonFormatter``) or
``pythonjsonlogger.json.JsonFormatter`` configured to write the same object (time, level,
logger, message, request and job ids when known, extras, exc_info). The script first
checks that the two write the same objects, then prints the cost of a record for each,
median of ``--passes`` passes, and the ratio library / ours (above 1: the library is slower).

Run: ``.venv/bin/python -m scripts.bench.log_format`` (python-json-logger is a development
dependency, for this comparison only).
"""

from __future__ import annotations

import argparse
import json
import logging
import statistics
import sys
import time
from datetime import UTC, datetime
from typing import Any

from pythonjsonlogger.json import JsonFormatter as LibraryBase

from logs import ContextFilter, JsonFormatter, bind

SECRET = "sk-proj-BenchSecret0123456789abcdef"


class LibraryJsonFormatter(LibraryBase):
    """python-json-logger set up to write what ``logs.JsonFormatter`` writes."""

    def __init__(self) -> None:
        super().__init__(
            "{asctime}{levelname}{name}{message}",
            style="{",
            rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
            json_default=str,
            json_ensure_ascii=False,
        )

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")


class RedactedTracebackJsonFormatter(LibraryJsonFormatter):
    """The same, made to write the traceback the filter redacted (``exc_text``).

    python-json-logger formats ``exc_info`` again whenever a record has it, so the
    traceback our filter redacted is written from the raw exception, secrets and all.
    """

    def format(self, record: logging.LogRecord) -> str:
        exc_info = record.exc_info
        if record.exc_text:
            record.exc_info = None  # the library then writes exc_text
        try:
            return super().format(record)
        finally:
            record.exc_info = exc_info


def _exc_info() -> Any:
    try:
        raise ValueError(f"provider said: invalid key {SECRET}")
    except ValueError:
        return sys.exc_info()


#: (message, args, extra, exc_info): a mix like a worker's log (most lines plain, some with secrets).
RECORDS: list[tuple[str, tuple[Any, ...], dict[str, Any] | None, Any]] = [
    ("job %s: stage %s done", ("0" * 32, "parsing"), None, None),
    ("GET /api/v1/jobs/%s 200", ("0" * 32,), {"duration_ms": 3.2, "status": 200}, None),
    ("chunk %d of %d answered by %s", (3, 12, "openai"), {"provider": "openai", "attempts": 1}, None),
    ("provider call failed: Authorization: Bearer %s", (SECRET,), {"body": {"api_key": SECRET}}, None),
    ("connection to postgresql://deckhand:pw0rd@db:5432/deckhand failed", (), None, None),
    ("unexpected error in chunk", (), {"job": "x"}, _exc_info()),
]


def make_records() -> list[logging.LogRecord]:
    records = []
    for msg, args, extra, exc_info in RECORDS:
        record = logging.LogRecord("deckhand.bench", logging.INFO, __file__, 1, msg, args, exc_info)
        for key, value in (extra or {}).items():
            setattr(record, key, value)
        records.append(record)
    return records


def one_pass(formatter: logging.Formatter, rounds: int, redacted_first: bool) -> float:
    """CPU seconds per record: fresh records, redacted (or not) and formatted; creation not timed."""
    batches = [make_records() for _ in range(rounds)]
    if not redacted_first:  # the formatter alone: redact before the clock starts
        for batch in batches:
            for record in batch:
                ContextFilter().filter(record)
    redaction = ContextFilter()
    started = time.process_time()
    for batch in batches:
        for record in batch:
            redaction.filter(record)  # a no-op on a record already redacted
            formatter.format(record)
    return (time.process_time() - started) / (rounds * len(RECORDS))


def same_objects(ours: logging.Formatter, library: logging.Formatter) -> list[str]:
    """The records whose two JSON objects differ (none expected), and any secret left in a line."""
    problems = []
    for mine, theirs in zip(make_records(), make_records(), strict=True):
        for record in (mine, theirs):
            record.created = 1_700_000_000.123
            ContextFilter().filter(record)
        a, b = ours.format(mine), library.format(theirs)
        if json.loads(a) != json.loads(b):
            problems.append(f"differ:\n  ours    {a}\n  library {b}")
        if SECRET in a or SECRET in b:
            problems.append(f"secret left in a line ({'ours' if SECRET in a else 'library'}): {b}")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=2000, help="batches of records per pass")
    args = parser.parse_args()
    bind(request_id="r" * 16, job_id=None)
    ours, library = JsonFormatter(), RedactedTracebackJsonFormatter()
    leaks = [p for p in same_objects(ours, LibraryJsonFormatter()) if p.startswith("secret")]
    print(
        f"python-json-logger as documented, after our redaction filter: {len(leaks)} record(s) leak a secret"
    )
    problems = same_objects(ours, library)
    if problems:
        print("\n".join(problems))
        raise SystemExit(1)
    print(f"same JSON objects for all {len(RECORDS)} kinds of record, no secret left")
    for redacted_first, what in ((True, "redaction + format"), (False, "format alone")):
        # interleaved passes: a change of load on the machine hits both alike
        mine: list[float] = []
        theirs: list[float] = []
        for _ in range(args.passes):
            mine.append(one_pass(ours, args.rounds, redacted_first))
            theirs.append(one_pass(library, args.rounds, redacted_first))
        ours_s, library_s = statistics.median(mine), statistics.median(theirs)
        print(
            f"{what:18}: ours {ours_s * 1e6:6.2f} µs a record, python-json-logger {library_s * 1e6:6.2f} µs;"
            f" ratio library / ours {library_s / ours_s:.2f}"
        )


if __name__ == "__main__":
    main()
