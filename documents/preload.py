"""Imported once by the parse forkserver so every child starts with parsers and models loaded."""

from __future__ import annotations

import py3langid

from documents.registry import preload_parsers

preload_parsers()
py3langid.classify("warm up the language model")  # the model loads on first use, not on import
