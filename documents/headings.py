"""The heading path (breadcrumb) every structured parser keeps while it reads."""

from __future__ import annotations


def _same(a: str, b: str) -> bool:
    return " ".join(a.casefold().split()) == " ".join(b.casefold().split())


def enter_heading(path: list[tuple[int, str]], level: int, title: str) -> None:
    """A heading at ``level`` closes every open heading at that level or deeper, then opens.

    A heading that repeats the one just above it (a title styled both Title and Heading 1,
    an HTML page whose <title>-like h1 is followed by the same h2) is one heading, not two.
    """
    if path and _same(path[-1][1], title):
        return
    path[:] = [p for p in path if p[0] < level] + [(level, title)]


def heading_tuple(path: list[tuple[int, str]]) -> tuple[str, ...]:
    return tuple(title for _, title in path)
