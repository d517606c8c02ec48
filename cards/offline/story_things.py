"""What the things of a story are, as a sentence says it plainly: "The croquet balls were live
hedgehogs" → "In chapter “The Queen's Croquet Ground” of “…”, what were the croquet balls?" / "Live
hedgehogs"; "The first witness was the Hatter." → "… who was the first witness?" / "The Hatter";
"a little table, all made of solid glass" → "… what was the little table made of?" / "Solid glass";
"Et qui étaient ces cinq petits bonshommes? C’étaient les cinq doigts de la main." → "Qui étaient les
cinq petits bonshommes ?" / "Les cinq doigts de la main" (the story asks and answers itself, in
the next sentence, "C’était …", "They were …"; "Mais où va Marie? Elle va conduire Paul à l’école."
→ "Où va Marie ?", the next sentence told of the same person, by name or pronoun).

A story rarely says what a thing is; when it does, in a sentence whose subject is "the" and a
thing, the fact is one a reader keeps only if it is odd or it matters, which the sentence's shape
cannot tell alone: so the thing named after the verb must be a noun the chunk uses again and one
rare in general language (wordfreq Zipf < :data:`MAX_ZIPF`: "hedgehogs", not "a large one"), or
a named character after an ordinal ("the first witness … the Hatter": a capitalised name); and the
matter a thing is made of is asked when the sentence says "made of" right after the thing.
Only stories (:func:`cards.offline.keyterms.narrative`) get these cards; the question names the
book and the chapter (:mod:`.story_frame`).
"""

from __future__ import annotations

import re

from cards.offline.drafter import Drafter
from cards.offline.story_frame import framed, story_sentences
from cards.offline.terms import zipf
from cards.schema import CardKind
from cards.text import STOP_WORDS, normalize, word_count
from documents.model import Section

#: A thing a story says another thing is must be rarer than this in general language.
MAX_ZIPF = 4.0

_ORDINALS = {
    "en": r"first|second|third|fourth|fifth|last",
    "fr": r"premier|première|second|seconde|deuxième|troisième|dernier|dernière",
}
# "The first witness was the Hatter." / "Le premier témoin était le Chapelier."
_ORDINAL_RE = {
    "en": re.compile(
        rf"^The (?P<subj>(?:{_ORDINALS['en']}) [a-z]{{3,}}) (?:was"
        rf"|is) (?P<who>(?:the )?[A-Z][\w'-]+(?: [A-Z][\w'-]+)?)\.$"
    ),
    "fr": re.compile(
        rf"^(?P<det>Le|La) (?P<subj>(?:{_ORDINALS['fr']}) [a-zà-ÿ]{{3,}}) (?:est|était|fut) "
        rf"(?P<who>(?:le |la )?[A-Z][\w’-]+(?: [A-Z][\w’-]+)?)\.$"
    ),
}
_WHO = {"en": "Who was the {subj}?", "fr": "Qui était {det} {subj} ?"}
# "The croquet balls were live hedgehogs, and …"
_WERE_RE = {
    "en": re.compile(
        r"^The (?P<subj>[a-z][a-z -]{2,30}?) (?P<verb>was|were) (?P"
        r"<what>(?:(?:a|an) )?(?:[a-z-]+ )?(?P<head>[a-z-]{3,}))(?=[,;.])"
    ),
    "fr": re.compile(
        r"^(?P<det>Les|Le|La) (?P<subj>[a-zà-ÿ][a-zà-ÿ -]{2,30}?) (?P<verb>étaient|était) "
        r"(?P<what>(?:des |un |une )?(?:[a-zà-ÿ-]+ )?(?P<head>[a-zà-ÿ-]{3,}))(?=[,;.])"
    ),
}
_GAPPED_RE = {
    "en": re.compile(
        r",? and the (?P<subj>[a-z]{3,}) (?P<what>(?:[a-z-]+ )?(?P<head>[a-z-]{3,}))(?= and\b|[,;.])"
    ),
    "fr": re.compile(
        r",? et (?P<det>les|le|la) (?P<subj>[a-zà-ÿ]{3,}) (?P<what>(?:des |"
        r"un |une )?(?:[a-zà-ÿ-]+ )?(?P<head>[a-zà-ÿ-]{3,}))(?= et\b|[,;.])"
    ),
}
_WHAT = {
    ("en", "was"): "What was the {subj}?",
    ("en", "were"): "What were the {subj}?",
    ("fr", "était"): "Qu’était {det_l}{subj} ?",
    ("fr", "étaient"): "Qu’étaient {det_l}{subj} ?",
}
# "a little table, all made of solid glass" / "The house was made of gingerbread."
_MADE_RE = {
    "en": re.compile(
        r"\b(?:[Aa]n?|[Tt]he) (?P<thing>(?:(?!was |were )[a-z-]+ ){0,2}(?!was |were )[a-z-]"
        r"{3,}),? (?:(?:was|were) )?(?:all |entirely |quite )?"
        r"made (?:entirely |all )?of (?P<stuff>(?:[a-z-]+ ){0,2}[a-z-]{3,})(?=[,;.!?])"
    ),
    "fr": re.compile(
        r"\b(?:[Uu]ne?|[Ll]e|[Ll]a) (?P<thing>(?:(?!était |est )[a-zà-ÿ-]+ ){0,2}(?!était |est )[a-zà-ÿ-]"
        r"{3,}),? (?:(?:était|est) )?(?:tout |toute |entièrement )?"
        r"(?P<g>faite?) (?:de|d’|en) ?(?P<stuff>(?:[a-zà-ÿ-]+ ){0,2}[a-zà-ÿ-]{3,})(?=[,;.!?])"
    ),
}
_MADE = {"en": "What was the {thing} made of?", "fr": "En quoi {det} {thing} était-{pron} {g} ?"}


# The story asks and answers itself: "Et qui étaient ces cinq petits bonshommes? C’étaient les cinq
# doigts de la main." / "And who were these strangers? They were the king's sons."
_ASKS_RE = {
    "fr": re.compile(
        r"^(?:Et |Mais )?[Qq]ui (?P<verb>était|étaient|est|sont"
        r") (?P<det>ces|cette|cet|ce) (?P<np>[^?!.,«»]{3,40})\?$"
    ),
    "en": re.compile(
        r"^(?:And |But )?[Ww]ho (?P<verb>was|were|is|are) (?P"
        r"<det>these|those|this|that) (?P<np>[^?!.,\"“”]{3,40})\?$"
    ),
}
_ANSWERS_RE = {
    "fr": re.compile(
        r"^C[’'](?:était|étaient|est|sont) (?P<ans>(?:les|le|la"
        r"|l[’']|des|un|une|mes|ses|leurs) ?[^.!?,«»]{2,60})\.$"
    ),
    "en": re.compile(
        r"^(?:It|They|He|She) (?:was|were|is|are) (?P<ans>(?:the|a|an|his|her|their) [^.!?,\"“”]{2,60})\.$"
    ),
}
_ARTICLE = {
    "ces": "les",
    "cette": "la",
    "cet": "l’",
    "ce": "le",
    "these": "the",
    "those": "the",
    "this": "the",
    "that": "the",
}
_ASKED = {"fr": "Qui {verb} {np} ?", "en": "Who {verb} {np}?"}


def story_things(d: Drafter, story: bool) -> None:
    """What a story's things are and are made of (see the module docstring)."""
    if not story or d.lang not in _WERE_RE or CardKind.BASIC not in d.kinds:
        return
    for section, text in d.prepared:
        sentences = story_sentences(text)
        for i, sentence in enumerate(sentences):
            if normalize(sentence) in d.candidate_sources:
                continue
            if i + 1 < len(sentences) and _answered(d, section, sentence, sentences[i + 1]):
                continue
            _ordinal(d, section, sentence) or _were(d, section, sentence) or _made(d, section, sentence)


# "Mais où était donc Jean? Jean était allé pour la première fois à l’école." / "Where was Tom? He
# had gone to the river." (the next sentence says it of the same person, by name or pronoun)
_WHERE_RE = {
    "fr": re.compile(
        r"^(?:Et |Mais )?[Oo]ù (?P<verb>est|était|va|allait)"
        r" (?:donc )?(?P<name>[A-Z][a-zà-ÿ]{2,})(?: donc)?\?$"
    ),
    "en": re.compile(
        r"^(?:And |But )?[Ww]here (?P<verb>is|was|did|does) (?P<name>[A-Z][a-z]{2,})(?: go)?\?$"
    ),
}
_WHERE = {"fr": "Où {verb} {name} ?", "en": "Where {verb} {name}{go}?"}
_PRONOUNS = {"fr": ("Il ", "Elle "), "en": ("He ", "She ")}


def _where(d: Drafter, section: Section, asked: str, said: str) -> bool:
    """ "Mais où va Marie? Elle va conduire Paul à l’école." → "Où va Marie ?" / "Elle va conduire …"."""
    found = _WHERE_RE[d.lang].match(asked)
    if not found or not d.mid_sentence_count(name := found.group("name")):
        return False
    if not said.startswith((f"{name} ", *_PRONOUNS[d.lang])) or re.search(r"[«»“”\"?]", said):
        return False  # the answer is told of the same person, in the narrator's words
    if not 4 <= word_count(said) <= 20:
        return False
    go = " go" if found.group(0).rstrip("?").endswith(" go") else ""
    question = _WHERE[d.lang].format(verb=found.group("verb"), name=name, go=go)
    answer = said.rstrip(".!")
    return d.add(section, CardKind.BASIC, framed(d, section, question), answer, f"{asked} {said}", 1)


def _answered(d: Drafter, section: Section, asked: str, said: str) -> bool:
    """ "Et qui étaient ces cinq petits bonshommes? C’étaient les cinq doigts de la main." → "Qui
    étaient les cinq petits bonshommes ?" / "Les cinq doigts de la main"."""
    question, answer = _ASKS_RE[d.lang].match(asked), _ANSWERS_RE[d.lang].match(said)
    if not question or not answer:
        return _where(d, section, asked, said)
    article = _ARTICLE[question.group("det")]
    np = question.group("np").strip()
    np = f"{article}{np}" if article.endswith("’") else f"{article} {np}"
    text = _ASKED[d.lang].format(verb=question.group("verb"), np=np)
    return d.add(
        section, CardKind.BASIC, framed(d, section, text), _cap(answer.group("ans")), f"{asked} {said}", 1
    )


def _add(d: Drafter, section: Section, question: str, answer: str, sentence: str) -> bool:
    return d.add(section, CardKind.BASIC, framed(d, section, question), _cap(answer), sentence, 1)


def _ordinal(d: Drafter, section: Section, sentence: str) -> bool:
    found = _ORDINAL_RE[d.lang].match(sentence)
    if not found:
        return False
    name = re.sub(r"^(?:the|le|la) ", "", found.group("who"))
    if not d.mid_sentence_count(name.split()[0]):
        return False  # a name the chunk writes mid-sentence, not a sentence's first word
    det = found.groupdict().get("det", "").casefold()
    question = _WHO[d.lang].format(subj=found.group("subj"), det=det)
    return _add(d, section, question, found.group("who"), sentence)


def _were(d: Drafter, section: Section, sentence: str) -> bool:
    found = _WERE_RE[d.lang].match(sentence)
    if not found:
        return False
    what = found.group("what")
    # French puts the adjective after its noun ("un carrosse doré"): any word of the phrase may be it
    if not any(_rare_and_recurring(d, w) for w in what.split()):
        return False  # a thing the chunk names once is a passing image, not the scene's matter
    subj = found.group("subj")
    if {w.casefold() for w in what.split()} & {w.casefold() for w in subj.split()} - STOP_WORDS:
        return False  # "Le carrosse était un carrosse": the thing is itself
    if word_count(subj) > 4 or set(subj.split()) & {"one", "other", "same", "first", "next", "last"}:
        return False
    det = found.groupdict().get("det") or ""
    det_l = {"Les": "les ", "Le": "le ", "La": "la "}.get(det, "")
    question = _WHAT[d.lang, found.group("verb")].format(subj=subj, det_l=det_l)
    added = _add(d, section, question, found.group("what"), sentence)
    # "…, and the mallets live flamingos": the verb left out of the second clause, the same fact
    gapped = _GAPPED_RE[d.lang].match(sentence, found.end())
    # its thing need only be rare: the first clause, kept, shows what kind of fact the sentence states
    if added and gapped and _rare(d, gapped.group("head")):
        det2 = {"les": "les ", "le": "le ", "la": "la "}.get(
            (gapped.groupdict().get("det") or "").casefold(), ""
        )
        question = _WHAT[d.lang, found.group("verb")].format(subj=gapped.group("subj"), det_l=det2)
        d.add(section, CardKind.BASIC, framed(d, section, question), _cap(gapped.group("what")), sentence, 1)
    return added


def _rare_and_recurring(d: Drafter, head: str) -> bool:
    """A noun rare in general language that the chunk names more than once ("hedgehogs")."""
    singular = _singular(head)
    return _rare(d, head) and len(re.findall(rf"\b{re.escape(singular)}", d.all_low)) >= 2


def _singular(head: str) -> str:
    return re.sub(r"(?<=[a-zà-ÿ]{3})s$", "", head)


def _rare(d: Drafter, head: str) -> bool:
    """A noun rare in general language ("flamingos", not "things")."""
    return head.casefold() not in STOP_WORDS and 0 < zipf(_singular(head), d.lang) < MAX_ZIPF


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _made(d: Drafter, section: Section, sentence: str) -> bool:
    found = _MADE_RE[d.lang].search(sentence)
    if not found:
        return False
    stuff = found.group("stuff")
    if not set(stuff.casefold().split()) - STOP_WORDS or word_count(found.group("thing")) > 3:
        return False
    if re.search(r"\b(?:of|de|du|des)\s*$", sentence[: found.start()]):
        return False  # "the frame of the window was made of ebony": the thing is the frame
    if d.lang == "fr":
        g = found.group("g")
        det = "la" if g.endswith("e") else "le"
        question = _MADE["fr"].format(
            det=det, thing=found.group("thing"), pron="elle" if g.endswith("e") else "il", g=g
        )
    else:
        question = _MADE["en"].format(thing=found.group("thing"))
    return _add(d, section, question, stuff, sentence)
