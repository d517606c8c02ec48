"""Findings and the one readable report shared by ``deckhand config check`` and ``deckhand doctor``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["ok", "warning", "error"]

_LABEL = {"ok": "ok     ", "warning": "WARNING", "error": "ERROR  "}


@dataclass(frozen=True)
class Finding:
    """One checked thing: what was found and, unless ok, what to do about it."""

    level: Level
    subject: str  # a setting (DATABASE_URL) or a component (redis, worker)
    message: str
    fix: str = ""


def has_errors(findings: list[Finding]) -> bool:
    return any(f.level == "error" for f in findings)


def render(title: str, findings: list[Finding], *, show_ok: bool = True) -> str:
    """One aligned line per finding (its fix included: greppable in a log), errors first, then a verdict."""
    order = {"error": 0, "warning": 1, "ok": 2}
    shown = sorted((f for f in findings if show_ok or f.level != "ok"), key=lambda f: order[f.level])
    width = max((len(f.subject) for f in shown), default=0)
    lines = [title]
    for f in shown:
        fix = f" | fix: {f.fix}" if f.fix and f.level != "ok" else ""
        lines.append(f"  {_LABEL[f.level]}  {f.subject.ljust(width)}  {' '.join(f.message.split())}{fix}")
    errors = sum(f.level == "error" for f in findings)
    warnings = sum(f.level == "warning" for f in findings)
    verdict = "FAILED" if errors else "passed"
    lines.append(f"{verdict}: {errors} error(s), {warnings} warning(s)")
    return "\n".join(lines)
