"""What a paper's method does, asked as questions: the authors' "we define X using Y" and kin.

A paper describes its method in the first person, and each such sentence holds one answer:

* "We define the similarity between the question and the passage using the dot product of their
  vectors" → "In DPR, how is the similarity between the question and the passage defined?" —
  "Using the dot product of their vectors.";
* "During inference time, we apply the passage encoder to all the passages and index them using
  FAISS offline" → "In DPR, how are all the passages indexed during inference time?" — "Using FAISS
  offline." ("them" must be able to stand for the object: a plural);
* "We use the English Wikipedia dump from Dec. 20, 2018 as the source documents" → "What does
  DPR use as the source documents?" — "The English Wikipedia dump from Dec. 20, 2018.";
* "Our best model uses gold passages from the same mini-batch and one BM25 negative passage" →
  "What does the best DPR model use?" — "Gold passages from the same mini-batch and …".

The question names the paper's subject (:func:`.papers.paper_subject`); without one (a manual
or a rule written as "we") no card is drafted. The answer is the sentence's own words, cut
before a formula (":"), a clause that only comments ("which results in …") or a second verb.
"""

from __future__ import annotations

import re

from cards.offline.clean import detach
from cards.offline.drafter import Drafter
from cards.offline.papers import finding
from cards.schema import CardKind
from cards.text import word_count
from documents.model import Section

# The past participle of the verbs a method is described with ("we define X using Y").
_PARTICIPLES = {
    "define": "defined",
    "compute": "computed",
    "calculate": "calculated",
    "measure": "measured",
    "estimate": "estimated",
    "represent": "represented",
    "encode": "encoded",
    "initialize": "initialized",
    "initialise": "initialised",
    "train": "trained",
    "optimize": "optimized",
    "optimise": "optimised",
    "obtain": "obtained",
    "select": "selected",
    "evaluate": "evaluated",
    "split": "split",
    "construct": "constructed",
    "build": "built",
    "derive": "derived",
    "approximate": "approximated",
    "normalize": "normalized",
    "normalise": "normalised",
    "rank": "ranked",
    "index": "indexed",
    "implement": "implemented",
    "generate": "generated",
    "sample": "sampled",
    "tokenize": "tokenized",
    "tokenise": "tokenised",
    "fine-tune": "fine-tuned",
    "pretrain": "pretrained",
    "pre-train": "pre-trained",
}
# A phrase that ends what the authors do: a formula, a comment, a citation, the sentence's end.
_END = r"(?=\s*[:;]|,\s+(?:which|where|so|following|thus|and|but|\w+ing)\b|\.?$)"
_FRAME = r"(?:(?P<frame>[A-Z][^,;:()]{2,50}),\s+)?"
_ADVERB = r"(?:first\s+|then\s+|also\s+|further\s+|simply\s+|finally\s+)?"
# "We define the similarity … using the dot product …"
_HOW_RE = re.compile(
    rf"^{_FRAME}[Ww]e\s+{_ADVERB}(?P<verb>{'|'.join(map(re.escape, _PARTICIPLES))})\s+"
    r"(?P<object>(?:the|each|every|all|our)\s+(?:(?!\b(?:using|by|with|via|as|into|through)\b)[^,;:()]){2,70}?)\s+"
    rf"(?P<how>(?:using|by|with|via|as|into|through)\s+[^;:()={{}}]{{3,120}}?){_END}"
)
# "We apply the passage encoder to all the passages and index them using FAISS": the second verb is
# what is done to the first one's object ("them").
_THEN_THEM_RE = re.compile(
    rf"^{_FRAME}[Ww]e\s+{_ADVERB}(?:apply|run|pass|feed)\s+[^,;:()]{{2,60}}?\s+(?:to|on|over|through)\s+"
    r"(?P<object>(?:the|each|every|all|our)\s+[^,;:()]{2,60}?)\s+and\s+(?:then\s+)?"
    rf"(?P<verb>{'|'.join(map(re.escape, _PARTICIPLES))})\s+them\s+"
    rf"(?P<how>(?:using|by|with|via|into|through)\s+[^;:()={{}}]{{3,120}}?){_END}"
)
# "We use X as Y" / "We use X for Y"
_USE_AS_RE = re.compile(
    rf"^{_FRAME}[Ww]e\s+{_ADVERB}use\s+(?P<what>(?:the|a|an|two|three|four|our)\s+(?:[^,;:()]|,(?=\s*\d)){{2,80}}?)\s+"
    rf"(?P<prep>as|for)\s+(?P<role>(?:the|a|an|our)\s+[^,;:()]{{3,80}}?){_END}"
)
# "Our best model uses X"
_BEST_RE = re.compile(
    r"^Our\s+(?P<which>best|final|main|proposed|full|default)\s+"
    r"(?P<thing>model|system|method|approach|configuration|setup|setting|retriever|encoder|architecture)\s+"
    r"(?P<verb>uses|combines|relies on|consists of|includes|employs|is trained (?:with|on|using))\s+"
    rf"(?P<what>[^;:()]{{3,120}}?){_END}"
)
# "Retrieval in open-domain QA is usually implemented using TF-IDF or BM25": a passive "how".
_PASSIVE_HOW_RE = re.compile(
    r"^(?P<subject>[A-Z][\w\-]*(?:\s+(?:(?!(?:is|are|can)\b)[\w\-]+)){0,7}?)\s+(?P<be>is|are|can be)\s+"
    r"(?P<adverb>(?:[a-z]+ly|often)\s+)?"
    rf"(?P<participle>{'|'.join(map(re.escape, _PARTICIPLES.values()))}|implemented|performed|done|solved|"
    r"achieved|handled|stored|represented)\s+"
    rf"(?P<how>(?:using|by|with|via|through)\s+[^;:()={{}}]{{3,140}}?){_END}"
)
# A subject that needs the sentence before ("The model", "This step", "It"): no question of its own.
_VAGUE_SUBJECT_RE = re.compile(r"^(?:the|this|that|these|those|it|they|each|such|our|its|their)\b", re.I)
# A subject that is a quantity ("Not all tasks", "Some models") or runs into a verb or a conjunction
# ("The RF uses 100 estimators and …"): the question would not name one thing.
# Nor one that opens on a preposition or holds a clause or a pronoun: "In the primary it can be obtained
# using …", "On amd64 FP arithmetic is done by …", "Two operations conflict if both are performed by …".
_NO_SUBJECT_RE = re.compile(
    r"^(?:in|on|at|for|from|under|within|inside|during|after|before|since|with|without)\b|"
    r"\b(?:if|when|while|unless|because|although|whether|it|they|he|she|we|you)\b|"
    r"^(?:not|no|only|some|many|most|few|all|any|both|either|neither|one|another|other)\b|"
    r"\b(?:uses|use|has|have|contains|includes|is|are|was|were|will|and|or|but)$|\b(?:uses|has|contains|includes)\b",
    re.I,
)
# "(Section 3.2)", "(see Table 3)": a pointer inside the sentence, not part of any answer.
_REFERENCE_RE = re.compile(r"\s*\((?:see\s+)?(?:Section|Sec\.|Table|Figure|Fig\.|Eq\.|Appendix)\s*[\w.]+\)")
HOW_PASSIVE = {"en": "How {be} {s} {a}{p}?"}
HOW_CAN = {"en": "How can {s} be {a}{p}?"}
IN_PAPER = {"en": "In {s}, {q}"}
_BASE = {
    "uses": "use",
    "combines": "combine",
    "relies on": "rely on",
    "consists of": "consist of",
    "includes": "include",
    "employs": "employ",
}
# Frames a question can keep as a time or place ("During inference time, …" → "… during inference time?").
_KEPT_FRAME_RE = re.compile(r"^(?:during|at|after|before|in|for|on|at run-?time)\b", re.I)
# Frames that only credit earlier work ("Following X, we …"): dropped.
_CREDIT_FRAME_RE = re.compile(r"^(?:following|as in|like|similar to)\b", re.I)
# An object ending in an adverb ("all the passages offline"): the question would read "how are all the
# passages offline indexed?".
_ADVERB_END_RE = re.compile(r"\b(?:\w+ly|offline|online|together|again|once|first|here|there|too)$")
# An object carrying how long or where ("the model for 3 epochs"): that belongs to the verb, and
# the question would read "how is the model for 3 epochs fine-tuned?".
_VERB_MODIFIER_RE = re.compile(r"\s(?:for|on|in|at|over|across|during|after|before|to)\s")
HOW_IS = {"en": "In {s}, how {be} {o} {p}{f}?"}
USES_AS = {"en": "What does {s} use {prep} {r}{f}?"}
BEST_USES = {"en": "What does the {w} {s} {t} {v}?"}
BEST_TRAINED = {"en": "What is the {w} {s} {t} {v}?"}


def _plural(phrase: str) -> bool:
    """Whether the noun phrase's head (its last word before a preposition) is plural."""
    if re.match(r"(?:all|both|two|three|four|many)\b", phrase):
        return True
    head = re.split(r"\s+(?:of|between|in|for|on|with|from|to|at|by)\s+", phrase)[0].split()[-1]
    return head.endswith("s") and not head.endswith(("ss", "us", "is"))


def _theirs(phrase: str, subject: str) -> str:
    """``phrase`` with the authors' "our" as the subject's: "our corpus" → "the DPR corpus"."""
    return re.sub(r"\bour\b", f"the {subject}", phrase)


def _frame(frame: str | None) -> str | None:
    """The frame as the question's ending (" during inference time"), "" to drop it, None: no card."""
    if not frame:
        return ""
    if _CREDIT_FRAME_RE.match(frame):
        return ""
    if _KEPT_FRAME_RE.match(frame) and word_count(frame) <= 6:
        return " " + frame[:1].lower() + frame[1:]
    return None


# "by GRU layers and use a dual-channel …": a second thing the authors do, not part of the answer.
_SECOND_VERB_RE = re.compile(
    rf"\s+and\s+(?:then\s+)?(?:{'|'.join(map(re.escape, _PARTICIPLES))}|use|apply|take|add|get|make|adopt|"
    r"feed|concatenate|combine|search|set|run|report|keep|replace|remove)\b.*$"
)


def _answer(text: str, subject: str) -> str:
    text = _theirs(_SECOND_VERB_RE.sub("", text).strip(" ,."), subject)
    return text[:1].upper() + text[1:] + "."


def method_questions(d: Drafter, section: Section, sentence: str, subject: str | None) -> None:
    """A question on what the authors of ``subject`` do in ``sentence`` (see the module docstring)."""
    if CardKind.BASIC not in d.kinds or d.lang not in HOW_IS:
        return
    text = _REFERENCE_RE.sub("", detach(sentence))
    if passive_how(d, section, sentence, text, subject) or not subject:
        return
    if m := _HOW_RE.match(text) or _THEN_THEM_RE.match(text):
        frame = _frame(m.group("frame"))
        obj = _theirs(m.group("object"), subject)
        # "… to each sentence and rank them": "them" is not the object, which is one thing
        them_ok = m.re is not _THEN_THEM_RE or _plural(obj)
        if (
            frame is not None
            and them_ok
            and not _ADVERB_END_RE.search(obj)
            and not _VERB_MODIFIER_RE.search(obj)
        ):
            be = "are" if _plural(obj) else "is"
            participle = _PARTICIPLES[m.group("verb")]
            front = HOW_IS["en"].format(s=subject, be=be, o=obj, p=participle, f=frame)
            d.add(section, CardKind.BASIC, front, _answer(m.group("how"), subject), sentence, 0)
        return
    if m := _USE_AS_RE.match(text):
        frame = _frame(m.group("frame"))
        role = _theirs(m.group("role"), subject)
        # a long role, or one that goes on to a second verb, is no name for what X is used as
        if frame is not None and word_count(role) <= 10 and not _SECOND_VERB_RE.search(role):
            front = USES_AS["en"].format(s=subject, prep=m.group("prep"), r=role, f=frame)
            d.add(section, CardKind.BASIC, front, _answer(m.group("what"), subject), sentence, 0)
        return
    if m := _BEST_RE.match(text):
        verb = m.group("verb")
        template = BEST_TRAINED if verb.startswith("is ") else BEST_USES
        base = verb[3:] if verb.startswith("is ") else _BASE[verb]
        front = template["en"].format(w=m.group("which"), s=subject, t=m.group("thing"), v=base)
        d.add(section, CardKind.BASIC, front, _answer(m.group("what"), subject), sentence, 0)


def passive_how(d: Drafter, section: Section, sentence: str, text: str, subject: str | None = None) -> bool:
    """ "X is usually implemented using Y" → "How is X usually implemented?" — "Using Y."; True if drafted.

    A subject led by "the" names itself when it holds the paper's subject or a name ("The DPR model
    used in our main experiments is trained using …"); "The model", "This step" do not.
    """
    found = finding(text)
    m = _PASSIVE_HOW_RE.match(found)
    if not m or re.search(r"\bour\b", m.group("how")):
        return False
    phrase = m.group("subject")
    if _NO_SUBJECT_RE.search(phrase) or re.search(r"\.\s", m.group("how")):
        return False  # "Not all tasks", "The RF uses …"; or an answer running into a glued sentence
    if _VAGUE_SUBJECT_RE.match(phrase):
        named = (subject and re.search(rf"\b{re.escape(subject)}\b", phrase)) or re.search(
            r"\s[A-Z][\w\-]*[A-Z]", phrase
        )
        if not (phrase.startswith("The ") and named):
            return False
        phrase = re.sub(r"\bour\s+", "the ", "t" + phrase[1:])
    first, _, rest = phrase.partition(" ")
    lower = first.casefold()
    if (
        first[1:].islower()
        and not rest[:1].isupper()
        and re.search(rf"(?<![.!?]\s)\b{re.escape(lower)}\b", d.all_text)
    ):
        phrase = lower + phrase[len(first) :]  # "Retrieval in …" (written lower-case elsewhere), not "Python"
    adverb = m.group("adverb") or ""
    if m.group("be") == "can be":
        front = HOW_CAN["en"].format(s=phrase, a=adverb, p=m.group("participle"))
    else:
        front = HOW_PASSIVE["en"].format(be=m.group("be"), s=phrase, a=adverb, p=m.group("participle"))
    if found != text and subject and subject not in phrase:
        # what the authors found, not a fact of the field: "In DPR, how can retrieval be …?"
        front = IN_PAPER["en"].format(s=subject, q=front[:1].lower() + front[1:])
    how = m.group("how").strip(" ,.")
    return d.add(section, CardKind.BASIC, front, how[:1].upper() + how[1:] + ".", sentence, 0)
