"""How a history writes a person's name: capitalised words ("J.S. Bach", "Guido d’Arezzo"), joined by
the particles of family names ("Carl Maria von Weber", "Orlando di Lasso")."""

from __future__ import annotations

#: Lower-case words inside a family name.
PARTICLES = r"von|van|de|der|des|du|da|di|del|la|le"


def person_name(*, words: int = 5, particles: str = PARTICLES) -> str:
    """A pattern for a name of up to ``words`` capitalised words or ``particles``."""
    return rf"[A-Z][\w’'.\-]*(?:\s+(?:[A-Z][\w’'.\-]*|{particles})){{0,{words - 1}}}"
