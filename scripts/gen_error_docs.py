"""Write docs/errors.md from the error classes (errors.all_error_classes()) and api/errors.py.

Run: ``.venv/bin/python -m scripts.gen_error_docs`` (``make docs`` runs it). A test fails when the
file is stale.
"""

from __future__ import annotations

import inspect
import json
from pathlib import Path

from api.errors import FALLBACK_HTTP_CODE, emitted_http_codes
from api.schemas import PROBLEM_EXAMPLE
from errors import DeckhandError, all_error_classes

DOC = Path(__file__).resolve().parents[1] / "docs" / "errors.md"

HEADER = """# Errors

Every error answer of the API is RFC 9457 `application/problem+json`, also for
routes that do not exist, wrong methods and bodies that are too large:

```json
{EXAMPLE}
```

- `code` is stable and part of the API contract; `title` is stable per code;
  `detail` describes this occurrence and may change.
- `request_id` equals the `X-Request-ID` response header (yours, when you sent a
  well-formed one: 8–64 of `A-Z a-z 0-9 . _ -`). Quote it when you report a problem.
- A 5xx answer also has `error_id`: the operators find the full log lines and the
  aggregated error (ErrorEvent) by it. No stack trace is ever sent.
- `Retry-After` accompanies 429 and 503 answers.
- Failed jobs carry the same `code` and `hint` in `GET /api/v1/jobs/{id}`.
- *Fault* says whose it is: `input` (the document or the request; such a failed job's
  message is acknowledged, never dead-lettered, and the command line exits 1) or
  `system` (Deckhand's side: dead-lettered with its traceback when a job fails so).

This page is generated from the code (`python -m scripts.gen_error_docs`); a test
fails when it is out of date.

## Deckhand errors

| Code | Status | Fault | Meaning | What to do |
| --- | --- | --- | --- | --- |
"""

HTTP_HEADER = """
## HTTP-level errors

Raised by the web framework itself (routing, methods, body limits) and answered in the
same shape; codes shared with the table above mean the same thing. `{FALLBACK}` is
the code of any other HTTP error status.

| Code | Status | What to do |
| --- | --- | --- |
"""


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _meaning(cls: type[DeckhandError]) -> str:
    doc = inspect.getdoc(cls) or cls.title
    return doc.split("\n\n")[0]


def render() -> str:
    rows = []
    seen: set[str] = set()
    for cls in all_error_classes():
        seen.add(cls.code)
        meaning = f"{_cell(cls.title)}: {_cell(_meaning(cls))}"
        fault = "input" if cls.input_fault else "system"
        rows.append(f"| `{cls.code}` | {cls.status} | {fault} | {meaning} | {_cell(cls.hint)} |")
    # Every code api/errors.py answers for an HTTP error Werkzeug knows, the fallback included.
    http_rows = []
    for code, (statuses, hint) in emitted_http_codes().items():
        if code in seen:
            continue
        shown = [str(s) for s in statuses] + (["any other"] if code == FALLBACK_HTTP_CODE[0] else [])
        http_rows.append(f"| `{code}` | {', '.join(shown)} | {_cell(hint)} |")
    http_header = HTTP_HEADER.replace("{FALLBACK}", FALLBACK_HTTP_CODE[0])
    header = HEADER.replace("{EXAMPLE}", json.dumps(PROBLEM_EXAMPLE, indent=2))
    return header + "\n".join(rows) + "\n" + http_header + "\n".join(http_rows) + "\n"


def main() -> None:
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(render())
    print(f"wrote {DOC}")


if __name__ == "__main__":
    main()
