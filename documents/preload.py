"""Imported once by the parse forkserver so every child starts with the parsers loaded."""

from __future__ import annotations

from documents.registry import preload_parsers

# The language model is not preloaded: language is detected in the parent process.
preload_parsers()
