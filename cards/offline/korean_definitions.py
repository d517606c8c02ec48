"""What a Korean text defines: a term and its meaning, asked in Korean.

A Korean report states its definitions in a few fixed shapes, whatever its subject:

* "「감염병예방법」 … 에 의하면 제1급감염병이란 … 격리가 필요한 감염병으로서 … 감염병을 말한다." →
  "「감염병예방법」상 제1급감염병이란 무엇인가?" / "… 격리가 필요한 감염병" (X이란 / X라 함은 … Y을
  말한다, 뜻한다, 의미한다, or … Y이다; the answer cut before "으로서", the qualifying aside that
  follows the meaning; the law the sentence cites is the question's context);
* "수지가 같아진다는 것은 … 순보험료를 계산하는 것을 의미함" → "수지가 같아진다는 것은 무엇을
  의미하는가?" (a subject that opens the sentence, then what it means);
* "생명보험은 표준약관 “재해분류표”에서 “우발적인 외래의 사고”를 재해라고 정의하며 …" → "생명보험은
  표준약관 “재해분류표”에서 무엇을 재해라고 정의하는가?" / "우발적인 외래의 사고" (a quoted meaning
  given a name: the question keeps who defines it, as written);
* "… 약관내용이 명백하지 못하거나 의심스러운 때에는 고객에게 유리하게 해석되어야 한다는 ‘작성자
  불이익의 해석원칙’이 있다." → "약관내용이 … 해석되어야 한다는 원칙을 무엇이라 하는가?" / "작성자
  불이익의 해석원칙" (a named principle: what it says, from its subject on, asks its name).

Footnotes and numbered notes define terms as often as the body does, so a numbered line ("9) …") is
read without its number. Nothing that points elsewhere (이, 그, 이러한, 해당, 상기 …) opens a
question or an answer; no answer over 25 words.
"""

from __future__ import annotations

import re

from cards.offline.clean import noise
from cards.offline.drafter import Drafter
from cards.offline.korean_figures import LINK_RE as _LINK_RE
from cards.offline.targets import korean_noun
from cards.schema import CardKind
from cards.statements import statement_problem
from cards.text import split_sentences, word_count
from documents.model import Section

# A numbered line or note: "9) 수지가 …", "2) 생명보험은 …"; a bullet, also a manual page's "o".
_NUMBER_RE = re.compile(r"^\s*(?:\d{1,2}[.)]|[①-⑳]|\*|[o•·◦▪‣-](?=\s))\s*")
# Where a numbered line or note starts; a note written in the note style ends on a noun-form verb
# without a full stop ("…을 의미함").
_NOTE_START_RE = re.compile(r"\n(?=\s*(?:\d{1,2}[.)]|[①-⑳]|\*)\s*)|\n\s*\n|(?<=[.。함임음됨])\n")
# A footnote's number glued to a word: "목4)에", "법률」7)을".
_GLUED_NOTE_RE = re.compile(r"(?<=[\uac00-\ud7a3」’”])\d{1,2}\)")
# "X이란 Y을 말한다", "X라 함은 Y를 뜻한다": one word named, then its meaning.
_TERM_MEANS_RE = re.compile(
    r"(?:^|(?<=\s))(?P<term>[^\s,()「」“”‘’]{2,25}?)(?P<marker>이란|란|이라\s?함은|라\s?함은)\s+"
    r"(?:(?P<meaning>[^.]{6,300}?)(?:을|를)\s+(?:말한다|말함|뜻한다|뜻함|의미한다|의미함)"
    # "X란 Y이다": the plainest definition, a noun phrase and the copula
    r"|(?P<noun>[^.]{6,300}?[\uac00-\ud7a3])이다)\.?$"
)
# "X는 Y을 의미한다" with X the sentence's opening subject (up to five words).
_SUBJECT_MEANS_RE = re.compile(
    r"^(?P<term>[^\s,]+(?:\s[^\s,]+){0,4}?)(?P<marker>은|는)\s+"
    r"(?P<meaning>[^.]{6,300}?)(?:을|를)\s+(?P<verb>말한다|말함|뜻한다|뜻함|의미한다|의미함)\.?$"
)
# A meaning that joins a clause of its own ("… 정의하며 …"): the sentence says more than what X means.
_CLAUSE_JOIN_RE = re.compile(r"(?<=[\uac00-\ud7a3])(?:하며|되며|이며|으며)\s|[“‘]")
# "… “Y”를 X라고 정의하며": a quoted meaning given a name, by whoever the words before it name.
_DEFINED_AS_RE = re.compile(
    r"^(?P<who>[^,]{4,80}?\s)(?P<meaning>“[^”]{2,60}”|‘[^’]{2,60}’)(?:을|를)\s+"
    r"(?P<term>[^\s“”‘’,]{1,15}?)(?P<ra>이라고|라고)\s+(?P<verb>정의|규정)"
)
# "… Y다는 ‘X’이 있다": a named principle and what it says.
_NAMED_PRINCIPLE_RE = re.compile(
    r"^(?P<says>.+?)(?P<ending>다는|라는)\s+(?P<name>‘[^’]{2,30}’|“[^”]{2,30}”)(?:이|가)\s+있다\.?$"
)
# The kinds of name a principle carries: "…해석원칙", "대수의 법칙".
_PRINCIPLE_KIND_RE = re.compile(r"(원칙|법칙|원리|이론)$")
# Words that point at something said elsewhere: a card on them means nothing alone.
_POINTING_RE = re.compile(
    r"(?:^|\s)(?:이|그|저|이러한|그러한|이와|해당|상기|위|동|이들|이는|이를|그에)(?=\s)"
)
# Where a meaning ends: the qualifying aside after it ("… 감염병으로서 제2호 각 목에 규정된 …").
_ASIDE_RE = re.compile(r"(?<=[\uac00-\ud7a3])(?:으로서|로서)\s")
# The law a sentence cites: "「감염병의 예방 및 관리에 관한 법률」(이하 ‘감염병예방법’)".
_LAW_RE = re.compile(r"「(?P<law>[^」]{2,40})」(?:\s?\(이하\s?[‘'“\"](?P<short>[^’'”\"]{2,20})[’'”\"]\))?")
# The end of the clause a principle's statement is in: a connective ending, or a comma.
_CLAUSE_END_RE = re.compile(r"(?:,|(?<=[\uac00-\ud7a3])(?:므로|으며|이며|하며|되며|는데|지만|으나))\s")

# A subject made of words (a name written with "@", "." or "-" in it is one word: "@localhost").
_WORDS_RE = re.compile(
    r"[@.]?[\w\uac00-\ud7a3][\w\uac00-\ud7a3.\-]*(?:\s[@.]?[\w\uac00-\ud7a3][\w\uac00-\ud7a3.\-]*)*"
)
# What a defining verb is asked with: "…을 의미함" → "무엇을 의미하는가?".
_ASKED_VERBS = {"의미": "의미하는가", "뜻": "뜻하는가", "말": "말하는가"}

#: The longest answer a card may have (rubric Q2: 25 words).
MAX_ANSWER_WORDS = 25


def korean_definitions(d: Drafter, section: Section, text: str) -> None:
    """The definition cards of one section of a Korean text (see the module docstring)."""
    if d.lang != "ko" or CardKind.BASIC not in d.kinds:
        return
    for note in _NOTE_START_RE.split(text):
        # a PDF wraps a sentence over lines: one note or paragraph is read as one text
        for sentence in split_sentences(" ".join(_NUMBER_RE.sub("", note).split())):
            # read without a footnote's number glued to a word; the card quotes the sentence as written
            clean = _GLUED_NOTE_RE.sub("", sentence).strip()
            if noise(clean) or statement_problem(clean, d.lang):
                continue
            _definition(d, section, clean, sentence.strip())


def _definition(d: Drafter, section: Section, sentence: str, written: str) -> None:
    if m := _DEFINED_AS_RE.match(sentence):
        who = m.group("who")
        if not re.search(r"[\uac00-\ud7a3](?:은|는)\s", who):
            return  # who defines it is not named: "… 사고를 상해로 정의함"
        question = f"{who}무엇을 {m.group('term')}{m.group('ra')} {m.group('verb')}하는가?"
        _ask(d, section, question, m.group("meaning").strip("“”‘’"), written)
    elif m := _TERM_MEANS_RE.search(sentence):
        term = m.group("term")
        context = _law_context(sentence[: m.start()])
        marker = "이란" if has_final_consonant(term) else "란"
        _ask(d, section, f"{context}{term}{marker} 무엇인가?", m.group("meaning") or m.group("noun"), written)
    elif (m := _SUBJECT_MEANS_RE.match(sentence)) and _subject_noun(m.group("term") + m.group("marker")):
        if _CLAUSE_JOIN_RE.search(m.group("meaning")):
            return
        verb = next(asked for said, asked in _ASKED_VERBS.items() if m.group("verb").startswith(said))
        _ask(d, section, f"{m.group('term')}{m.group('marker')} 무엇을 {verb}?", m.group("meaning"), written)
    elif m := _NAMED_PRINCIPLE_RE.match(sentence):
        name = m.group("name").strip("‘’“”")
        kind = _PRINCIPLE_KIND_RE.search(name)
        says = _last_clause(m.group("says"))
        if kind and says:
            particle = "을" if has_final_consonant(kind.group(1)) else "를"  # "원칙을", "원리를"
            question = f"{says}{m.group('ending')} {kind.group(1)}{particle} 무엇이라 하는가?"
            _ask(d, section, question, name, written)


def _subject_noun(subject: str) -> bool:
    """The subject ends on a noun with its topic particle ("수지가 같아진다는 것은", "파라메트릭 보험은"),
    not on a verb's adnominal ending ("… 리스크를 보상하는": the sentence was cut before its noun); it
    is words, not a piece of a command ("`xterm -e /bin/login' 명령같은"), and opens no link to the
    sentence before ("즉 …", "따라서 …")."""
    if not _WORDS_RE.fullmatch(subject) or _LINK_RE.match(subject):
        return False
    last = subject.rsplit(" ", 1)[-1]
    return last in {"것은", "것이란"} or bool(korean_noun(last))


def _ask(d: Drafter, section: Section, question: str, answer: str, sentence: str) -> None:
    answer = _ASIDE_RE.split(answer, maxsplit=1)[0].strip(" ,")
    if _POINTING_RE.search(f" {question}") or _POINTING_RE.search(f" {answer}"):
        return
    if not 1 <= word_count(answer) <= MAX_ANSWER_WORDS or len(answer) > 200:
        return
    d.add(section, CardKind.BASIC, question, answer, sentence, 0)


def _law_context(before: str) -> str:
    """ "「감염병예방법」상 " when the words before the term cite a law, by the short name it gives it."""
    m = _LAW_RE.search(before)
    if not m:
        return ""
    return f"「{m.group('short') or m.group('law')}」상 "


def _last_clause(says: str) -> str:
    """What a principle says, from the subject of its own clause on: "약관내용이 … 해석되어야 한"."""
    words = _CLAUSE_END_RE.split(says)[-1].split()
    for start, word in enumerate(words):
        if word.endswith(("이", "가", "은", "는")) and korean_noun(word):
            statement = " ".join(words[start:])
            return statement if len(words) - start >= 4 else ""
    return ""


def has_final_consonant(word: str) -> bool:
    """Whether the last syllable of ``word`` ends in a consonant (받침), which picks its particle:
    "감염병이란", "재해란". A word ending in a figure or a Latin letter counts as none ("KCD란")."""
    last = word[-1:]
    return "\uac00" <= last <= "\ud7a3" and (ord(last) - 0xAC00) % 28 != 0
