"""A research paper's own voice ("we", "our") rewritten to name what the paper is about.

Papers state their facts in the first person: "During inference time, we apply the passage
encoder to all the passages and index them using FAISS offline", "Our best model uses gold
passages from the same mini-batch". A card quoting that sentence does not say whose
encoder or model it is (rubric Q7), so the sentence made no card. When the paper names its
subject by initials that its title spells (the title "Dense Passage Retrieval for …" and
"DPR" in the text) or by a name written in its title ("BERT: Pre-training of …"), the authors
become "the DPR authors" and "our" becomes "the DPR authors'": the sentence then names its
subject and the key-term cloze (:mod:`.keyterms`) may use it. The card still quotes the
sentence as written. No subject found (a rule, a manual, a news story written as "we"):
the sentence is left as it is, and stays refused.
"""

from __future__ import annotations

import re
from collections import Counter

from documents.model import Chunk

#: A subject is used at least this often in the chunk (a name the text is about, not an aside).
MIN_USES = 1

_FIRST_PERSON_RE = re.compile(r"\b(?:we|our|us|ours|ourselves)\b", re.I)
# "I", "my": a single author's essay or a story, not a paper's collective voice.
_SINGULAR_RE = re.compile(r"\b(?:I|my|me|mine)\b")
# "In this work, …", "In this paper we …": the frame names the paper, which the subject now does.
_PAPER_FRAME_RE = re.compile(
    r"^(?:in|through(?:out)?) this (?:work|paper|study|article|section|note|report),?\s+", re.I
)
# "We can see that X", "First, we demonstrate that X", "In this work, we show that X": the finding is X.
_CAN_SEE_RE = re.compile(
    r"^(?:(?:first|second|third|finally|overall|moreover),\s+)?we\s+(?:(?:can|could|may|also|further)\s+)*"
    r"(?:see|observe|notice|conclude|show|showed|demonstrate|demonstrated|verify|verified|find|found)\s+that\s+",
    re.I,
)
# The authors as the sentence's subject: "We apply …", "Our best model uses …", "At run time, we …".
_AUTHORS_SUBJECT_RE = re.compile(r"^(?:[^,;:()]{0,60},\s+)?(?:we|our)\b", re.I)
# A sentence that reads a table or figure ("the bottom block", "in Table 3") or opens a list
# ("(1) Random: …; (2) …"): a card on it would not stand alone, whoever it names.
_POINTS_ELSEWHERE_RE = re.compile(
    r"\b(?:top|bottom|middle|upper|lower|left|right|first|second|last) (?:block|row|column|panel|part)\b|"
    r"\b(?:Table|Figure|Fig\.|Section|Eq\.|Appendix)\s*[A-Z\d]|\((?:\d|i{1,3}|[a-c])\)"
)
# A name written in capitals, possibly with lower-case letters inside ("BERT", "RoBERTa", "GPT-3").
_NAME_RE = re.compile(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)?\b")


# The reader addressed: a tutorial or a manual says "you", "let’s", "we’ll"; a paper does not.
_READER_RE = re.compile(r"\b(?:you|your|let[’']s|we[’'](?:ll|re|ve|d))(?!\w)", re.I)
#: A chunk that says "you" this often speaks to its reader (measured: the corpus papers 0 a chunk).
READER_USES = 3


def paper_subject(chunk: Chunk) -> str | None:
    """The name the paper calls its subject by, when its title gives it, else None.

    A capitalised name opening the title that the chunk's text uses ("BERT"), or the initials of
    three to five capitalised title words that the text writes as a name ("Dense Passage
    Retrieval …" → "DPR"), used at least :data:`MIN_USES` times and not as a reference number
    ("85 FR 1234"). The most used one wins; ties go to the longer name.
    """
    if not chunk.heading:
        return None
    title = chunk.heading[0]
    text = chunk.text
    if len(_READER_RE.findall(text)) >= READER_USES:
        return None  # a tutorial's "we" is its author with the reader ("we’ll create …"), no research team
    # a name opens a paper's title ("BERT: Pre-training of …"); one inside a chapter's title ("Storing
    # UTF-8 Encoded Text") is what the chapter is about, not whose work it is
    named = _NAME_RE.match(title)
    candidates = ({named.group(0)} if named else set()) | set(title_initials(title, smallest=3))
    uses: Counter[str] = Counter()
    for name in candidates:
        if len(re.sub(r"[^A-Za-z]", "", name)) < 2:
            continue
        uses[name] = len(re.findall(rf"(?<![\w-]){re.escape(name)}(?![\w-]|\s+\d)", text))
    ranked = sorted(((n, len(name), name) for name, n in uses.items() if n >= MIN_USES), reverse=True)
    return ranked[0][2] if ranked else None


def finding(sentence: str) -> str:
    """``sentence`` without the authors' frame around what they found ("In this work, we show that X"
    → "X"), when X starts a sentence of its own; else ``sentence`` without "In this work," only."""
    text = _PAPER_FRAME_RE.sub("", sentence)
    # as "We find that X" is in :func:`.clean.standalone_form`
    seen = _CAN_SEE_RE.sub("", text, count=1)
    if seen != text and re.match(r"[a-z]+\s", seen):
        return seen[:1].upper() + seen[1:]
    return text


def third_person(sentence: str, subject: str | None) -> str:
    """``sentence`` with the authors' "we"/"our" naming ``subject``, else ``sentence`` unchanged.

    "During inference time, we apply …" → "During inference time, the DPR authors apply …";
    "Our best model uses …" → "The DPR authors' best model uses …"; "our DPR model" → "the DPR
    model". Only sentences whose subject is the authors (or what is theirs), in their plural
    voice, are rewritten; not one that reads a table or figure or opens a numbered list.
    """
    if not subject or not _FIRST_PERSON_RE.search(sentence) or _SINGULAR_RE.search(sentence):
        return sentence
    authors = f"the {subject} authors"
    text = finding(sentence)
    if text != sentence and not _FIRST_PERSON_RE.search(text):
        return text
    if not _AUTHORS_SUBJECT_RE.match(text) or _POINTS_ELSEWHERE_RE.search(text):
        return sentence  # "… compared to our 100 tokens": the possessive is not what the sentence is about
    # "our DPR model", "Our Dense Passage Retriever (DPR)": the name is there, the possessive goes
    text = re.sub(
        rf"\b([Oo])ur\s+(?=(?:[\w\- ]+\()?{re.escape(subject)}\b)",
        lambda m: "Tt"[m.group(1) == "o"] + "he ",
        text,
    )
    named = False

    def name(match: re.Match[str]) -> str:
        # the authors are named once; after that they are "they", as in any sentence
        nonlocal named
        word = match.group(0).casefold()
        if not named:
            named = True
            return f"{authors}’" if word in {"our", "ours"} else authors
        return {"our": "their", "ours": "theirs", "we": "they", "us": "them", "ourselves": "themselves"}[word]

    text = re.sub(r"\b(?:[Ww]e|[Oo]urs?|us|ourselves)\b", name, text)
    if _FIRST_PERSON_RE.search(text):
        return sentence
    return text[:1].upper() + text[1:]


def title_initials(title: str, *, smallest: int = 2, largest: int = 5) -> list[str]:
    """The initials of each run of ``smallest`` to ``largest`` capitalised words of ``title``, in
    capitals: "Dense Passage Retrieval for Open-Domain …" → "DP", "PR", "DPR", …."""
    initials: list[str] = []
    run: list[str] = []
    for token in [*re.findall(r"[^\W\d_][\w\-]*", title), ""]:
        if token[:1].isupper():
            run.append(token)
            continue
        for size in range(smallest, min(len(run), largest) + 1):
            for start in range(len(run) - size + 1):
                initials.append("".join(w[0] for w in run[start : start + size]).upper())
        run = []
    return initials
