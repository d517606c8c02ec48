"""Term-ness of a cloze target: is the deleted text something worth recalling?

A cloze card tests one thing: the words it hides. People keep cards that hide a
*term* (a technical word, a name, a multi-word noun phrase the text is about, a
number with its unit) and drop cards that hide a word anyone could guess from the
sentence ("Section", "command", "results", "said Alice"). What marks a term, in
order of the checks of :func:`target_problem`:

* **shape**: not a stop word, a grammatical fragment ("’ll", a Korean particle
  left on a noun, a verb ending), a clause (a speech verb, a pronoun inside it) or
  the topic of the whole chunk (too obvious to ask);
* **a whole name**: a capitalised target must not be cut out of a longer name
  ("Walt Disney's {{Donald}} Duck", "Board of {{Education}}");
* **one of a list**: a target that is one item of a list of three or more cannot
  be recalled from the rest ("the Dorian, {{Phrygian}}, and Lydian");
* **rarity**: a single word must be rare in general language (``wordfreq``'s zipf
  frequency in the card's language below :data:`RARE_ZIPF`), or fairly rare
  (below :data:`COMMON_ZIPF`) and either emphasised in the source or recurring in
  its section (a term the text keeps using). Names, acronyms and numbers pass on
  their own; a multi-word target passes when it holds a rare word or recurs.

``wordfreq`` has no data for some languages (and needs MeCab for Japanese and
Korean): there, a target must be emphasised or recur in its section.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from cards.boundaries import boundary_problem
from cards.focus import focus_problem, is_focus
from cards.frequency import zipf
from cards.target_neighbours import (
    capitalised,
    one_of_a_list,
    paired_name,
    part_of_longer_name,
    sentence_initial,
)
from cards.target_role import role_problem
from cards.text import MONTHS, STOP_WORDS, normalize, whole_word_count, words

#: Zipf frequency (log10 of uses per billion words) below which a word is rare enough to ask.
RARE_ZIPF = 3.5
#: Below this a word may still be a term, when the text emphasises it or keeps using it.
COMMON_ZIPF = 4.5
#: A capitalised name more common than this is guessed from the sentence ("Germany", "the King").
NAME_ZIPF = 4.5


#: A singular this common makes its plural everyday language too, however rare the plural's own count.
_EVERYDAY_SINGULAR_ZIPF = 4.5


def _word_zipf(token: str, language: str | None) -> float | None:
    """The frequency of ``token``; a plural of an everyday word counts as that word ("natures", "externals":
    wordfreq counts the plural apart, and rarely, but nothing about them is a term)."""
    found = zipf(token, language)
    plural = token.islower() and len(token) >= 5 and re.fullmatch(r"[a-z]+[^s]s", token)
    if language in (None, "en") and plural:
        singular = zipf(token[:-1], language)
        if singular is not None and singular >= _EVERYDAY_SINGULAR_ZIPF:
            return max(found or 0.0, singular)
    return found


def _rarest(tokens: Sequence[str], language: str | None) -> float | None:
    found = [z for t in tokens if (z := _word_zipf(t, language)) is not None]
    return min(found) if found else None


_ACRONYM_RE = re.compile(r"^[A-Z][A-Z0-9&]+s?$|^[A-Z]+[a-z]?[A-Z]+\w*$")
_NUMBER_RE = re.compile(r"\d")
_FRAGMENT_RE = re.compile(r"^['’]|^\W+$|^\w['’]$")
# Conjunctions and prepositions the stop-word list lacks ("called {{unless}} the application is run
# with …"): a function word, hidden, tests grammar, not the fact.
_FUNCTION_WORDS = frozenset(["unless", "lest", "whilst", "albeit", "till", "despite", "unlike", "instead"])
# Speech and thought verbs: "said Alice", "felt certain" hide a clause, not a term.
_CLAUSE_WORDS = frozenset(
    [
        "said",
        "says",
        "say",
        "asked",
        "replied",
        "added",
        "cried",
        "thought",
        "felt",
        "feel",
        "feels",
        "began",
        "went",
        "came",
        "got",
        "told",
        "dit",
        "demanda",
        "répondit",
        "ajouta",
        "cria",
        "pensa",
    ]
)
_PRONOUNS = frozenset(
    [
        "i",
        "me",
        "my",
        "we",
        "us",
        "our",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "they",
        "them",
        "their",
        "it",
        "its",
        "je",
        "tu",
        "il",
        "elle",
        "nous",
        "vous",
        "ils",
        "elles",
        "lui",
        "leur",
    ]
)
# Korean particles and endings: a target that ends in one is a phrase cut mid-word ("코로나-19가").
_KO_PARTICLE_RE = re.compile(r"[\w\-](가|이|은|는|을|를|의|에|와|과|로|으로|도|만|에서|에게|까지|부터)$")
_KO_VERB_END_RE = re.compile(r"(다|는|한|할|될|되는|하는|하지|있다|없다|지)$")
_HANGUL_RE = re.compile(r"[\uac00-\ud7a3]")
# Function words that cannot open or close a term; numerals can ("one owner at a time").
_NUMERALS = (
    "one two three four five six seven eight nine ten eleven twelve fifteen twenty forty fifty hundred"
)
_EDGE_STOP = STOP_WORDS - frozenset([*_NUMERALS.split(), "first", "last"])
# French/Italian elided function words: "l’école", "qu’il" start with an article or a conjunction.
_ELIDED = frozenset(
    [
        "l",
        "d",
        "qu",
        "c",
        "s",
        "n",
        "j",
        "m",
        "t",
        "jusqu",
        "lorsqu",
        "puisqu",
        "un",
        "dell",
        "nell",
        "all",
        "sull",
    ]
)


# What a programming text calls the names of its code: "the Drop trait", "the Option enum".
_CODE_KINDS = frozenset(["trait", "type", "struct", "enum", "class", "interface", "macro", "module", "crate"])


def target_problem(
    target: str,
    plain: str,
    start: int,
    *,
    language: str | None = None,
    section_text: str = "",
    emphasised: frozenset[str] = frozenset(),
    topic_terms: frozenset[str] = frozenset(),
    is_list: bool = False,
) -> str:
    """Why the cloze target ``target`` (at ``start`` in the sentence ``plain``) is no term, or "".

    ``is_list``: the card hides every item of a list; an item need not be rare, its place in the
    set is what is asked.
    """
    end = start + len(target)
    key = target.strip().casefold()
    tokens = words(target)
    if not tokens:
        return f"trivial deletion '{target}'"
    letters = sum(ch.isalnum() for ch in key)
    if key in STOP_WORDS or key in _FUNCTION_WORDS or (letters <= 2 and not key.isdigit()):
        return f"trivial deletion '{target}'"
    if _FRAGMENT_RE.search(key):
        return f"trivial deletion '{target}'"
    named = _names_code(plain, start, end)
    topical = key in topic_terms or _strip_particle(key) in topic_terms
    defines = _defined_here(plain, start) or is_focus(target, plain, start, language, kind="name")
    if topical and not (is_list or named or defines):
        return f"deletion '{target}' is the topic itself"
    lowered = [t.casefold() for t in tokens]
    if any(t in _CLAUSE_WORDS or t in _PRONOUNS for t in lowered):
        return f"deletion '{target}' is a clause, not a term"
    elided = re.split(r"['’]", lowered[0])[0]
    if lowered[0] in _EDGE_STOP or lowered[-1] in _EDGE_STOP or (elided != lowered[0] and elided in _ELIDED):
        return f"deletion '{target}' starts or ends with a function word"
    if any(t in MONTHS for t in lowered) and not _NUMBER_RE.search(target) and len(tokens) > 1:
        return f"deletion '{target}' is part of a date"
    cut = _KO_PARTICLE_RE.search(target) or _KO_VERB_END_RE.search(target) or " " in target.strip()
    if _HANGUL_RE.search(target) and cut:
        return f"deletion '{target}' is a phrase cut at a particle or ending"
    if is_list:
        return ""
    if part_of_longer_name(target, plain, start, end):
        return f"deletion '{target}' is part of a longer name"
    if plain[end : end + 1] in _PATH_SEPARATORS and plain[end + 1 : end + 2].isalnum():
        # "/usr/local/{{lib}}/python3", "{{TCP}}/IP": a piece of a path or a pair tests spelling (a
        # path's last part, "/var/lib/dpkg/{{triggers}}", is the file or folder it names)
        return f"deletion '{target}' is part of a path"
    # a verb, a modifier, a kind beside its name (cards.target_role)
    if role := role_problem(target, plain, start, language, section_text):
        return role
    if one_of_a_list(plain, start, end):
        return f"deletion '{target}' is one item of a list"
    if paired_name(target, plain, start, end):
        return f"deletion '{target}' is guessed from the name paired with it"
    if _hinted(target, plain, start, end):
        return f"deletion '{target}' is given away by the rest of the sentence"
    term_of_text = _occurrences(target, section_text) >= 2 or normalize(target) in emphasised
    problem = boundary_problem(
        target, plain, start, term_of_text=term_of_text, section_text=section_text
    ) or focus_problem(target, plain, start, language)
    if problem:
        return problem
    if _NUMBER_RE.search(target) or named or is_focus(target, plain, start, language):
        return ""
    return _rarity_problem(target, tokens, plain, start, language, section_text, emphasised)


_PATH_SEPARATORS = ("/", "\\")


# "the {{drop}} function", "the {{Copy}} trait": the target names a thing of code or of a system.
_CODE_NOUN_RE = re.compile(
    r"\s+(?:function|method|macro|trait|keyword|command|type|class|module|package|option|flag|field|"
    r"attribute|parameter|operator|statement|directive|variable|constant|property|tag|element)\b",
    re.I,
)
# "A {{scope}} is the range ...": the target is what the sentence defines.
_DEFINIENDUM_RE = re.compile(r"^(?:(?:in|for|within)\s[^,]{1,40},\s+)?(?:an?\s+|the\s+)?$", re.I)
_DEFINING_VERB_RE = re.compile(r"\s+(?:is|are|refers to|means|denotes|stands for)\b", re.I)


def _names_code(plain: str, start: int, end: int) -> bool:
    """ "the {{drop}} function": one word between "the" and a code noun (not "similarity functions")."""
    return plain[:start].casefold().endswith("the ") and bool(_CODE_NOUN_RE.match(plain[end:]))


def _defined_here(plain: str, start: int) -> bool:
    """The target opens a definition: "A {{scope}} is the range …", "In Rust, {{ownership}} is …"."""
    if not _DEFINIENDUM_RE.match(plain[:start]):
        return False
    rest = plain[start:]
    head = re.match(r"[\w’'\- ]{1,60}?(?=\s+(?:is|are|refers to|means|denotes|stands for)\b)", rest)
    return head is not None and bool(_DEFINING_VERB_RE.match(rest[head.end() :]))


def _hinted(target: str, plain: str, start: int, end: int) -> bool:
    """A word of the target shows in the sentence inside an identifier ("np.array" … "{{arrays}}")."""
    rest = (plain[:start] + " " + plain[end:]).casefold()
    for token in words(target):
        root = token.casefold()
        root = root[:-1] if root.endswith("s") and len(root) > 4 else root
        if len(root) < 4 or root not in rest:
            continue  # no hint (and no pattern to compile for it)
        if re.search(rf"\w{re.escape(root)}|{re.escape(root)}(?!s?\b)\w", rest):
            continue  # the root inside a longer word is not a hint ("ducks" in "ducklings" is)
        if re.search(rf"[.\-_/]{re.escape(root)}", rest):
            return True
    return False


def _strip_particle(key: str) -> str:
    return _KO_PARTICLE_RE.sub(lambda m: m.group(0)[0], key)


# "one year", "three times": a quantity written in words, a value to learn like "8.5 hours"
_QUANTITY_IN_WORDS_RE = re.compile(
    r"^(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|a hundred|a thousand|a million)\s"
    r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?|times|percent)$",
    re.I,
)
# "fifteenth century", "the 12th century": a date in words, a value to learn like a year
ORDINAL = (
    r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|"
    r"fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|\d{1,2}(?:st|nd|rd|th))"
)
_CENTURY_IN_WORDS_RE = re.compile(rf"^{ORDINAL}\s+century$", re.I)
# What dates a deed by its century: "in the", "until the beginning of the", "from the"; not "the
# minnesingers of the {{thirteenth century}}", a century describing a noun.
CENTURY_LEAD = (
    r"\b(?P<lead>(?:[Ii]n|[Bb]y|[Uu]ntil|[Uu]p to|[Aa]s (?:early|late) as|[Ff]rom|[Aa]bout|[Aa]t|[Tt]owards?|"
    r"[Dd]uring|[Bb]efore|[Ss]ince)(?:\s+about)?)\s+the\s+"
    r"(?:(?:very\s+)?(?:beginning|end|middle|close|opening|first half|second half|latter half|latter part|"
    r"early part|first years|last years)\s+of\s+the\s+)?"
)
_CENTURY_LEAD_RE = re.compile(CENTURY_LEAD + "$")


def _rarity_problem(
    target: str,
    tokens: Sequence[str],
    plain: str,
    start: int,
    language: str | None,
    section_text: str,
    emphasised: frozenset[str],
) -> str:
    recurring = _occurrences(target, section_text) >= 2
    marked = normalize(target) in emphasised
    sentence_start = sentence_initial(plain[:start])
    if all(_ACRONYM_RE.match(t) for t in tokens) or _QUANTITY_IN_WORDS_RE.match(target):
        return ""
    if _CENTURY_IN_WORDS_RE.match(target) and _CENTURY_LEAD_RE.search(plain[:start]):
        return ""
    if all(capitalised(t) for t in tokens) and not sentence_start:
        # a name: rare enough not to be guessed from the sentence
        rarest = _rarest(tokens, language)
        if rarest is None or rarest < NAME_ZIPF or marked:
            return ""
        return f"name '{target}' is too common to ask"
    rarest = _rarest([t for t in tokens if t.casefold() not in STOP_WORDS], language)
    if rarest is None:
        # no word frequencies for this language: what the text marks or keeps using is its term
        return "" if marked or recurring else f"'{target}' is not marked as a term"
    if len(tokens) == 1 and _PREDICATE_BEFORE_RE.search(plain[:start]) and _ADJECTIVE_RE.search(target):
        # "the representations could be {{suboptimal}}": what the sentence says of its subject
        return f"'{target}' is said of the subject, it names nothing"
    if len(tokens) > 1 and _DESCRIBING_LEAD_RE.match(tokens[0]) and not marked:
        # "{{later symphonies}}", "{{second period}}", "{{smallest rhythmic}}": a description, not a name
        return f"'{target}' describes something, it does not name it"
    if len(tokens) > 1:
        head = zipf(tokens[-1], language)
        if (head is not None and head < RARE_ZIPF) or recurring or marked:
            return ""
        if len(tokens) == 2 and capitalised(tokens[0]) and not sentence_start and tokens[1] in _CODE_KINDS:
            return ""  # "the {{Drop trait}}", "the {{Display type}}": a capitalised name and its kind in code
        return f"'{target}' is a phrase of common words"
    missed = _rarer_name(plain, start, start + len(target), rarest, language)
    if missed:
        return f"'{target}' is hidden while the sentence's key term '{missed}' is shown"
    # One plain word is a term only when general language hardly uses it ("sistrum", "pecten"), or
    # when the text marks it as one: it names it ("called {{X}}"), emphasises it, or keeps using it.
    # A fairly rare word in passing ("raided by {{predators}}", "a benchmark {{dataset}}") is a guess.
    named_here = (
        bool(_NAMING_BEFORE_RE.search(plain[:start]))
        or bool(_APPOSITION_AFTER_RE.match(plain[start + len(target) :]))
        or _defined_here(plain, start)
    )
    if _ABSTRACT_RE.search(target) and not (named_here or marked):
        # "a mere {{reiteration}}", "the {{definiteness}} of musical suggestions": a quality or an act
        # the author describes, not a term to learn, unless the sentence names or defines it
        return f"'{target}' is an abstract noun the sentence does not define"
    if rarest < TERM_ZIPF:
        return ""
    if rarest < RARE_ZIPF and (recurring or marked or named_here):
        return ""
    if rarest < COMMON_ZIPF and (marked or named_here or recurring):
        return ""  # a fairly common word the text marks, or keeps using, as its term ("the stack")
    return f"'{target}' is a common word (zipf {rarest:.1f})"


# Ordinals, numbers, comparatives and superlatives, and other words that describe or count.
_DESCRIBING_LEAD_RE = re.compile(
    r"^(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|later|earlier|former|"
    r"latter|next|previous|other|such|many|several|various|certain|few|more|most|less|least|"
    r"hundred|thousand|million|billion|dozen|two|three|four|five|six|seven|eight|nine|ten|"
    r"\w+est|very|mere|entire|whole|same|different|similar|new|old|great|greater|good|better)$",
    re.I,
)
_PREDICATE_BEFORE_RE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|becomes?|became|seems?|seemed|remains?|remained)\s+"
    r"(?:(?:very|more|less|most|least|quite|rather|so|too|often|usually|generally|always|highly|not)\s+)?$",
    re.I,
)
_ADJECTIVE_RE = re.compile(r"^[a-z][a-z\-]*(?:al|ous|ive|able|ible|ful|less|ic|ent|ant|ary|ar|ed|ing)$")
_ABSTRACT_RE = re.compile(r"^[a-zà-ÿ]{3,}(?:ness|ity|ities|ment|ments|tion|tions|sion|ism|ance|ence|ude)$")

# "a {{pointer}}, which is the address …", "the {{pecten}} (a comb-like structure)": defined in passing.
_APPOSITION_AFTER_RE = re.compile(r"^(?:,\s+(?:which|that|who)\s+(?:is|are)\s+|\s*\()(?:an?|the)\s", re.I)

#: Below this zipf frequency one plain word is a term wherever it appears.
TERM_ZIPF = 3.0
# "is called {{X}}", "known as {{X}}": the sentence gives the target as a name.
_NAMING_BEFORE_RE = re.compile(
    r"\b(?:called|named|termed|known as|referred to as|dubbed|the term|the word)\s+"
    r"(?:an?\s+|the\s+)?[\"“']?$",
    re.I,
)


def _rarer_name(plain: str, start: int, end: int, frequency: float, language: str | None) -> str:
    """A word elsewhere in the sentence much rarer than the hidden one (the sentence's real term), or "".

    A name (capitalised mid-sentence) three quarters of a zipf point rarer, any other word two;
    hyphenated compounds ("shorter-necked") are rare without being terms.
    """
    for match in re.finditer(r"[^\W\d_][\w’']*(?:-[\w’']+)*", plain):
        word = match.group(0)
        if start <= match.start() < end or len(word) < 4 or "-" in word:
            continue
        name = word[:1].isupper()
        if name and sentence_initial(plain[: match.start()]):
            continue
        if plain[match.end() : match.end() + 1] == "." and plain[match.end() + 1 : match.end() + 2].isalpha():
            continue  # "cython.parallel": code, not a term of the prose
        found = zipf(word, language)
        if found is None or (found == 0 and not name):
            continue  # unknown to the word list: code or a typo as likely as a term
        if found < frequency - (0.75 if name else 2.0):
            return word
    return ""


def _occurrences(target: str, text: str) -> int:
    if not text:
        return 0
    # a Korean noun is written with its particle ("재해로", "재해는"): the noun recurs all the same
    if not re.search(r"[\uac00-\ud7a3]$", target):
        return whole_word_count(normalize(target), normalize(text))
    key = re.escape(normalize(target))
    particle = f"|(?=(?:{'|'.join(KOREAN_PARTICLES)})(?!\\w))"
    return len(re.findall(rf"(?<!\w){key}(?:(?!\w){particle})", normalize(text)))


#: Korean particles, written onto the noun they follow, longest first.
KOREAN_PARTICLES = (
    "에서는",
    "에서",
    "으로",
    "에게",
    "까지",
    "부터",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "의",
    "에",
    "로",
    "와",
    "과",
    "도",
    "만",
)
