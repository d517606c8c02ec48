"""Local fake LLM servers speaking the OpenAI, Anthropic and Mistral wire formats, with scripted faults.

``FakeLLMServer`` starts one in a thread (tests, end-to-end runs);
``python -m providers.fakes --port N`` runs one in the foreground.
"""

from __future__ import annotations

from providers.fakes.server import FAULTS, FakeLLMServer, cards_for_text

__all__ = ["FAULTS", "FakeLLMServer", "cards_for_text"]
