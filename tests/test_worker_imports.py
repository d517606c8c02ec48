"""What the worker keeps in memory: no scikit-learn or scipy, one language model.

Run in a fresh interpreter (this test process has imported everything already). The figures
these guard (about 95 MB for scikit-learn with scipy, about 80 MB per language model) are
measured by scripts/bench/worker_memory.py.
"""

from __future__ import annotations

import json
import subprocess
import sys

from tests.stack import ROOT

PROBE = """
import json, sys
import tasks.pipeline, cards.generate
from cards import text
from documents import language
from documents.model import Section, SourceRef
english = "The mitochondrion is the organelle that releases energy from glucose in the cell. " * 4
doc_lang = language.detect_language([Section(text=english, kind="body", source=SourceRef())])
card_lang = text.detect_language(english, min_prob=0.8)
print(json.dumps({
    "heavy": sorted(m for m in ("sklearn", "scipy") if m in sys.modules),
    "one_model": text._lang_identifier() is language.language_identifier(),
    "languages": [doc_lang, card_lang],
    "stop_words": [w in text.STOP_WORDS for w in ("the", "whereupon", "mitochondrion")],
}))
"""


def probe() -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, check=True, capture_output=True, text=True, timeout=120
    )
    result: dict[str, object] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


def test_the_worker_pipeline_loads_no_scikit_learn_and_one_language_model() -> None:
    result = probe()

    assert result["heavy"] == [], "scikit-learn or scipy loaded into the worker"
    assert result["one_model"] is True, "documents and cards each loaded their own language model"
    assert result["languages"] == ["en", "en"]
    # scikit-learn's English list is still the one used ("whereupon" is in it, not in ours).
    assert result["stop_words"] == [True, True, False]
