"""Is a sentence a statement of fact worth a cloze: not the text talking about itself, not an appeal,
not too long to read as one card.

A report's introduction announces its own plan ("this brief examines … and summarises …", "…을
살펴보고 … 정리하고자 한다") and its conclusion makes an appeal ("it is time to …", "…할 필요가
있다", "…필요한 시점이다"): neither states a fact a student could recall, whatever word is hidden.
The signals are few and general: the text named as the actor ("this paper", "이 글"), a verb of
intention ("we aim to", "-고자 한다"), a call for action ("there is a need to", "필요가 있다").
Each language has a small list of them; a language without one gets no such check.

Length is counted in a way that holds for scripts written without spaces (:func:`reading_length`):
a Korean word joins several syllables, a Chinese or Japanese sentence has no spaces at all.
"""

from __future__ import annotations

import re

# The text or its author announcing what it does: a plan, a summary of itself.
_PLAN = {
    "en": re.compile(
        r"\b(?:this|the present|the following) (?:paper|article|report|brief|chapter|section|essay|document|"
        r"study|note|post|guide|tutorial) (?:will |shall )?(?:examines?|describes?|discuss(?:es)?|reviews?|"
        r"presents?|summari[sz]es?|outlines?|explores?|introduces?|looks? at|covers?|aims?|proposes?)\b|"
        r"\b(?:in|throughout) this (?:paper|article|report|brief|chapter|section|essay|document|note|post|"
        r"guide|tutorial), (?:we|i)\b|"
        r"\bwe (?:will|shall|now|then|first|next|briefly) (?:describe|discuss|examine|review|present|"
        r"summari[sz]e|outline|explore|introduce|look at|turn to|consider)\b|"
        r"\b(?:we|this (?:paper|article|report|brief)) (?:aims?|intends?|seeks?) to\b|"
        r"\bthe (?:rest|remainder) of this (?:paper|article|report|chapter|section)\b",
        re.I,
    ),
    "ko": re.compile(
        r"(?:고자\s?한다|고자\s?하였다|보고자\s?한다|살펴보았다|살펴본다|정리하였다|검토하였다)[.。]?$|"
        r"(?:^|\s)(?:이\s?글|본고|본\s?보고서|본\s?연구|지금까지)(?:에서는|에서|은|는|의)?\s"
    ),
    "fr": re.compile(
        r"\b(?:cet article|ce chapitre|cette section|ce rapport|cette note)\s+(?:présente|examine|décrit|"
        r"propose|résume)\b|\bnous (?:allons|verrons|présenterons|examinerons)\b",
        re.I,
    ),
}
# A call for action or a judgement of what ought to happen: an opinion, not a fact.
_APPEAL = {
    "en": re.compile(
        r"\bit is (?:high |now )?time (?:to|for|that)\b|\bthere is (?:an? )?(?:urgent |pressing |clear )?"
        r"need (?:to|for)\b|\b(?:urgently|must urgently|should urgently)\b|"
        # a bare verdict as the whole predicate: "Using X with the GIL released is fine."
        r"\b(?:is|are) (?:perfectly |quite |usually )?(?:fine|ok|okay|good|bad|great|nice|easy|hard)\.$",
        re.I,
    ),
    "ko": re.compile(
        r"(?:필요가\s?있다|필요한\s?시점이다|해야\s?할\s?것이다|하여야\s?할\s?것이다|바람직하다|"
        r"요구된다|시급하다|것이\s?현실이다|(?:다고|라고)\s?할\s?수\s?있다|판단된다)[.。]?$"
    ),
    "fr": re.compile(r"\b(?:il est temps de|il faut|il convient de|il est urgent de)\b", re.I),
}


def statement_problem(sentence: str, language: str | None) -> str:
    """Why ``sentence`` states no fact to learn (its text's plan, an appeal), or ""."""
    lang = (language or "").split("-")[0].lower()
    text = sentence.strip()
    plan = _PLAN.get(lang)
    if plan is not None and plan.search(text):
        return "announces what the text does, states no fact"
    appeal = _APPEAL.get(lang)
    if appeal is not None and appeal.search(text):
        return "an appeal or a judgement, not a fact"
    return ""


_LATIN_RE = re.compile(r"[^\W\d_]", re.UNICODE)
_HANGUL_RE = re.compile(r"[\uac00-\ud7a3]")
_HAN_KANA_RE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
_DIGITS_RE = re.compile(r"\d+")


def reading_length(text: str) -> float:
    """The length of ``text`` in English-word equivalents, whatever its script.

    Letters of alphabetic scripts count 1/5 of a word each (English averages about five per
    word), a Hangul syllable 1/2 (a Korean word of three or four syllables says about as much as
    two English words), a Chinese character or kana 2/3, a number one word.
    """
    hangul = len(_HANGUL_RE.findall(text))
    han_kana = len(_HAN_KANA_RE.findall(text))
    letters = len(_LATIN_RE.findall(text)) - hangul - han_kana
    return letters / 5 + hangul / 2 + han_kana / 1.5 + len(_DIGITS_RE.findall(text))


_UNSPACED_RE = re.compile(r"[\uac00-\ud7a3\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")


def sentence_length(text: str, words: int) -> float:
    """``words`` (the sentence's word count) for alphabetic text, :func:`reading_length` for text in
    Hangul or Chinese and Japanese characters, whose spaces (if any) separate much longer units."""
    return reading_length(text) if _UNSPACED_RE.search(text) else float(words)
