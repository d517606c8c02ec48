"""Whose work a title is, when the text names the work by its maker: "Weber's “Freischütz”".

A history of music, literature or art names a work with its maker in passing, as a possessive
("Bizet's “Carmen”", "Rameau's first opera “Hyppolyte et Aricie”") or after the title ("the “Man
in Armour” of Josquin", "the “Requiem” by Berlioz"). Which work is whose is what a student of
that history learns: "Whose work is “Carmen”?" / "Bizet". The question says "work" (the text
does not always say whether it is an opera, a poem or a painting); the answer is the maker as
the text writes the name.

Only a title counts (one to six capitalised words in quotation marks, small words between, no
"and" that could join two titles: quoted speech is longer or lower case; a single everyday word,
"Suite", names no one work), and only a maker that is a name: capitalised words with their
particles ("Wolfram von Eschenbach"), not led by a word of everyday language ("In Prescott's",
"Possibly Strauss's"), never a pronoun ("his “Vestal”").

A maker's works are also asked when the sentence lists them or sets one in apposition:
"Boieldieu's principal works were “La dame blanche” and “Jean de Paris”" → "What were
Boieldieu's principal works?"; "Halévy's most famous work, “La juive,” written in 1835, …" →
"What was Halévy's most famous work?" / "“La juive”".

A work is also named by its maker's own "his" in the same clause: "Gerber, in his “Sprache als
Kunst,” describing …, says …" → "Whose work is “Sprache als Kunst”?" / "Gerber", "Beethoven had many
disappointments in connection with his one opera “Fidelio”" → "Whose opera is “Fidelio”?" — only when
the name leads its clause and no other person stands between it and "his" (:func:`own_work`).
And when a named work was given or published, the date right after the verb: "his “Faust,” which was
produced at the Opéra Comique in 1859" → "When was “Faust” produced at the Opéra Comique?" / "In
1859" (:func:`shown_when`).
"""

from __future__ import annotations

import re

from cards.offline.clean import noise
from cards.offline.drafter import Drafter
from cards.offline.person_mentions import NAME
from cards.offline.person_names import PARTICLES
from cards.offline.terms import zipf
from cards.schema import CardKind
from cards.text import STOP_WORDS, words
from documents.model import Section

# Its words: capitalised, short lower-case ones ("in", "de") or a French elided article with its noun
# ("Soirées de l'orchestre").
_TITLE_WORD = r"(?:[A-Z][\w’'\-]*|[a-zà-ÿ]{1,5}|[ld][’'][a-zà-ÿ]+|\d+)"
_TITLE = rf"[\"“](?P<title>[A-Z][\w’'\-]*(?:\s{_TITLE_WORD}){{0,5}})[,.]?[\"”]"
# "Weber's “Freischütz”", "Rameau's first opera “Hyppolyte et Aricie”": a name's possessive, up to two
# lower-case words that say what kind of work, then the title.
_POSSESSIVE_RE = re.compile(rf"(?<![\w’'])(?P<who>{NAME})[’']s\s+(?P<kind>(?:[a-z]+\s+){{0,2}}){_TITLE}")
# "the “Man in Armour” of Josquin", "the “Requiem” by Berlioz" (a name, not "of Peru" in a title's place).
_OF_RE = re.compile(
    rf"\bthe\s+{_TITLE}\s+(?P<kind>(?:[a-z]+\s+){{0,1}})(?:of|by)\s+(?P<who>{NAME})\b(?!\s*\d)"
)
# Words that make the lower-case words between name and title a clause, not a kind of work ("first opera").
_FUNCTION_WORDS_RE = re.compile(
    r"\b(?:is|was|are|were|be|been|has|had|have|to|of|in|on|at|by|for|with|and|or|but|that|which|the|an?)\b"
)
#: A single-word title this common (``wordfreq`` zipf) is a word, not a work's name ("Suite").
_COMMON_TITLE_ZIPF = 3.8
# A number of a series ("Second Rhapsody", "9th Symphony").
_ORDINAL_RE = re.compile(
    r"(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|\d+(?:st|nd|rd|th))", re.I
)
#: After an ordinal, a word this rare (``wordfreq`` zipf) is a form of work ("Rhapsody" 3.0, "Symphony"
#: 3.8); an everyday word makes a title ("Twelfth Night", "First Love", "Second Coming").
_NUMBERED_FORM_ZIPF = 4.5


def _a_title(title: str, d: Drafter) -> bool:
    tokens = words(title)
    if not tokens or " and " in title:
        return False  # “Nueva España and Bernal Diaz”: two works, or a quotation
    numbered = len(tokens) == 2 and _ORDINAL_RE.fullmatch(tokens[0])
    if numbered and zipf(tokens[1], d.lang) < _NUMBERED_FORM_ZIPF:
        return False  # "Second Rhapsody", "Fifth Symphony": a place in a series, many makers have one
    return not (len(tokens) == 1 and zipf(tokens[0], d.lang) >= _COMMON_TITLE_ZIPF)


def _a_maker(who: str, d: Drafter) -> bool:
    first = who.split(" ", 1)[0]
    particle = " " in who and re.fullmatch(PARTICLES, first.casefold())  # "Du Chaillu", "Van Dyck"
    if (first.casefold() in STOP_WORDS and not particle) or first.endswith("ly") or who.isupper():
        return False
    # a one-word maker as common as a word is a word ("the “Data Types” section of Chapter 3")
    return " " in who or zipf(who, d.lang) < _COMMON_TITLE_ZIPF


# "For example, a prompt after reading King's “Letter from a Birmingham Jail” …": a work the text
# names in passing to show something else; whose work it is is not what the text teaches.
_EXAMPLES_RE = re.compile(
    r"\b(?:for (?:example|instance)|by way of example|as an example|such as|e\.g\.)", re.I
)


def whose_work(d: Drafter, section: Section, sentence: str) -> None:
    """ "… Bizet's “Carmen” …" → "Whose work is “Carmen”?" / "Bizet"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence) or _EXAMPLES_RE.search(sentence):
        return
    found = [(m.group("who"), m.group("kind"), m.group("title")) for m in _POSSESSIVE_RE.finditer(sentence)]
    found += [(m.group("who"), m.group("kind"), m.group("title")) for m in _OF_RE.finditer(sentence)]
    for who, kind, title in found:
        if _FUNCTION_WORDS_RE.search(kind):
            continue  # "Pope's representatives was “…”": a clause, not a kind of work
        title = title.strip(" ,.")
        if not _a_title(title, d) or not _a_maker(who, d) or who.casefold() in title.casefold():
            continue
        kind = kind.strip()
        # "Rameau's first opera “…”" and "the “Faust” overture of Wagner" say which kind of work
        question = f"Whose work is “{title}”?"
        if kind and _kind_after_title(sentence, title, kind):
            # worded so the deck's dedupe sees "Whose work is “Pastoral”?" inside it (same maker, same work)
            question = f"Whose work is the “{title}” {kind}?"
        elif kind:
            question = f"Whose {kind} is “{title}”?"
        d.add(section, CardKind.BASIC, question, who, sentence, 1)


def _kind_after_title(sentence: str, title: str, kind: str) -> bool:
    """The kind of work follows the title ("the “Faust” overture of Wagner")."""
    return bool(re.search(rf"{re.escape(title)}[,.]?[\"”]\s+{re.escape(kind)}\b", sentence))


# "Boieldieu's principal works were “La dame blanche” and “Jean de Paris”.": the works listed;
# "Jules Massenet's first grand opera, “Le roi de Lahore,” was given in 1881": the work in apposition.
_NAMED_KIND_RE = re.compile(
    rf"^(?P<who>{NAME})[’']s\s+(?P<kind>[a-z]+(?:\s+[a-z]+){{0,3}}?)(?P<rest>(?:,|\s+(?:is|was|are|were)\b).*)$"
)
_LISTED_RE = re.compile(r"^\s+(?P<verb>is|was|are|were)\s+(?P<list>.+?)\.?$")
_APPOSED_RE = re.compile(rf"^,\s+{_TITLE},?\s+(?P<after>.+)$")
_CONNECTORS_RE = re.compile(r"^(?:[\s,;.]|\band\b|\bor\b)*$")


def named_works(d: Drafter, section: Section, sentence: str) -> None:
    """ "Boieldieu's principal works were “…” and “…”" → "What were Boieldieu's principal works?"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence):
        return
    m = _NAMED_KIND_RE.match(sentence.strip())
    if not m or _FUNCTION_WORDS_RE.search(m.group("kind")) or not _a_maker(m.group("who"), d):
        return
    who, kind, rest = m.group("who"), m.group("kind"), m.group("rest")
    if listed := _LISTED_RE.match(rest):
        titles = [t.group("title").strip(" ,.") for t in re.finditer(_TITLE, listed.group("list"))]
        if not titles or not _CONNECTORS_RE.match(re.sub(_TITLE, "", listed.group("list"))):
            return  # more than titles after the verb: a description, not the works
        verb, answer = listed.group("verb"), listed.group("list").rstrip(".")
    elif (apposed := _APPOSED_RE.match(rest)) and not re.match(r"(?:and|or)\b", apposed.group("after")):
        # one work in apposition to a singular kind ("X's better works, “Mignon” and …" is a list)
        if kind.endswith("s"):
            return
        titles = [apposed.group("title").strip(" ,.")]
        past = re.search(r"\b(?:was|were|had)\b|\w+ed\b", apposed.group("after"))
        verb, answer = ("was" if past else "is"), f"“{titles[0]}”"
    else:
        return
    if not all(_a_title(t, d) for t in titles):
        return
    d.add(section, CardKind.BASIC, f"What {verb} {who}’s {kind}?", answer, sentence, 1)


# "Gerber, in his “Sprache als Kunst,” says …", "Plato wished to banish it from his “Republic”",
# "which Wagner introduces into his “Tannhäuser”": a name, then its own "his"/"her" before a title, in
# one clause. The name leads its clause (a sentence's or a clause's start, after "and", a relative
# pronoun, "we find", or "by" of a passive), so it is the one the possessive points back to; its initials
# or a "M." before it are its own ("We are told by M. Huc, in his “Travels in Thibet,” …").
_OWN_LEAD_WORDS = ("and", "which", "that", "who", "when", "while", "by", "find", "found", "see")
# or after the year that opens the sentence ("By 1742 Händel was again in prosperous circumstances, his
# “Messiah” having been a tremendous success": the sentence's subject, the one name before "his").
_OWN_LEAD = "(?:^|(?<=^In 1\\d{{3}} )|(?<=^By 1\\d{{3}} )|(?<=[,;:(]\\s)|{})".format(
    "|".join(rf"(?<=\b{w}\s)" for w in _OWN_LEAD_WORDS)
)
_OWN_WORK_RE = re.compile(
    rf"{_OWN_LEAD}(?P<who>(?:[A-Z]\.\s?){{0,3}}{NAME})(?:\s+\([^()]{{1,30}}\))?"
    r"(?P<between>(?:,?\s+[a-z][\w’'\-]*){0,8}?),?\s+(?P<pronoun>his|her)\s+"
    rf"(?P<kind>(?:[a-z]+\s+){{0,2}}){_TITLE}"
)
# Between the name and "his": another person "his" could point to ("told the king of his “…”",
# "praised him in his “…”"), or a word that makes the quotation speech ("said in his words “…”").
_OTHER_PERSON_RE = re.compile(
    r"\b(?:he|him|she|her|they|them|who|whom|whose|man|woman|men|women|king|queen|son|daughter|father|"
    r"mother|brother|sister|wife|husband|friend|pupil|master|teacher|[a-z]{3,}(?:er|or|ist|ian)s?)\b"
)
# A verb of regard or hearing with "his" as its object ("Brahms admired his …", "Liszt heard his …"): the
# work is most often another man's, named in a sentence before.
_ADMIRED_RE = re.compile(
    r"\s+(?:\w+ly\s+)?(?:admired|praised|heard|liked|loved|disliked|hated|criticized|criticised|attacked|"
    r"defended|performed|played|sang|conducted|reviewed|published|championed|recommended|envied|saw|read)"
)
_SPEECH_KIND_RE = re.compile(
    r"\b(?:words?|cry|motto|saying|phrase|name|nickname|answer|reply|question|remark|letter|own)\b"
)
# "his one opera “Fidelio”": the work's only one, not a kind of work to ask by
_OWN_KIND_LEAD_RE = re.compile(r"^(?:one|only|own|famous|great|celebrated|well-known)\s+")


def own_work(d: Drafter, section: Section, sentence: str) -> None:
    """ "Gerber, in his “Sprache als Kunst,” says …" → "Whose work is “Sprache als Kunst”?" / "Gerber"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence) or _EXAMPLES_RE.search(sentence):
        return
    for m in _OWN_WORK_RE.finditer(sentence):
        who, between, kind = m.group("who"), m.group("between"), m.group("kind")
        lead, _, rest = who.partition(" ")
        adverb = lead.casefold() in STOP_WORDS or lead.endswith(("ly", "where"))
        if rest and adverb and not re.fullmatch(PARTICLES, lead.casefold()):
            who = rest  # "Now Garcilaso de la Vega, in his …", "Elsewhere X …": the sentence's word
        if _FUNCTION_WORDS_RE.search(kind) or _SPEECH_KIND_RE.search(kind):
            continue  # "his words “…”": speech; "his being “…”": a clause
        if _OTHER_PERSON_RE.search(between):
            continue
        if _ADMIRED_RE.fullmatch(between):
            continue  # "Brahms admired his “Moravian Duets”": his right after a verb of regard is another's
        if m.group("pronoun") == "her" and not re.search(r"\b(?:in|of|into|from|for|with|on)$", between):
            continue  # "told her “Go”": "her" the object, not whose
        title = m.group("title").strip(" ,.")
        if not _a_title(title, d) or not _a_maker(who, d) or who.casefold() in title.casefold():
            continue
        kind = _OWN_KIND_LEAD_RE.sub("", kind.strip())
        question = f"Whose {kind} is “{title}”?" if kind else f"Whose work is “{title}”?"
        d.add(section, CardKind.BASIC, question, who, sentence, 1)


# "In 1809, Spontini branched out … with the opera of “Fernando Cortez.”", "Brandl wrote the opera “Die
# Nixe”": the sentence's subject, a name (after an opening year at most), made the work it names. A
# work by a verb of making, or "with the <kind of work>" after a verb of success or a new start (not
# "was disgusted with", "competed with the opera “X” of Salieri").
_WORK_KINDS = (
    r"opera|operetta|oratorio|cantata|symphony|mass|requiem|ballet|overture|sonata|concerto|quartet|suite|"
    r"song|novel|poem|play|comedy|tragedy|drama|masque|motet|anthem|treatise|book|essay"
)
_MADE_LEAD = rf"^(?:(?:In|By)\s+(?:about\s+)?1\d{{3}},?\s+)?(?P<who>{NAME})\s+"
_MADE_WORK_RE = re.compile(
    rf"{_MADE_LEAD}(?P<verb>wrote|composed|produced|published|completed|finished|brought\s+out)\s+"
    rf"(?P<det>(?:his|her|the|an?)\s+)?(?:(?P<kind>(?:[a-z]+\s+)?(?:{_WORK_KINDS})),?\s+(?:of\s+)?|"
    rf"(?:first|second|third|last|new|next|great)\s+)?{_TITLE}"
)
_SUCCESS_WITH_RE = re.compile(
    rf"{_MADE_LEAD}(?:branched|scored|won|made|triumphed|achieved|gained|began|debuted|succeeded)\b"
    r"[^,;:\"“”()]{0,60}?\s+with\s+(?:the|his|her|an?)\s+(?:[a-z]+\s+)?"
    rf"(?P<kind>{_WORK_KINDS})\s+(?:of\s+)?,?\s*{_TITLE}"
)


def made_work(d: Drafter, section: Section, sentence: str) -> None:
    """ "In 1809, Spontini branched out … with the opera of “Fernando Cortez.”" → "Whose opera is
    “Fernando Cortez”?" / "Spontini"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence) or _EXAMPLES_RE.search(sentence):
        return
    if sentence.count('"') % 2 or sentence.count("“") > sentence.count("”"):
        sentence += "”"  # '… with the opera "Alcina.' : the sentence split left the closing quote outside
    m = _MADE_WORK_RE.match(sentence) or _SUCCESS_WITH_RE.match(sentence)
    if not m or re.match(rf"\s*(?:of|by)\s+{NAME}", sentence[m.end() :]):
        return  # "… with the opera “Armida” of Salieri": another's work
    if _FUNCTION_WORDS_RE.search(m.group("kind") or ""):
        return  # "wrote in opera “…”": no kind of work
    verb = m.groupdict().get("verb") or ""
    if verb in {"wrote", "published"} and not (m.group("kind") or m.group("det")):
        return  # 'Bach wrote "Soli Deo Gloria" at the end', 'Riehl wrote, "…"': words, not a work
    who, title = m.group("who"), m.group("title").strip(" ,.")
    if not _a_title(title, d) or not _a_maker(who, d) or who.casefold() in title.casefold():
        return
    question = f"Whose {m.group('kind') or 'work'} is “{title}”?"
    d.add(section, CardKind.BASIC, question, who, sentence, 1)


# "his “Faust,” which was produced at the Opéra Comique in 1859", "“Le roi de Lahore,” was given in
# 1881", "“Agrippa,” was performed at Venice during the Carnival season of 1710", "“Sapho” was given
# (April, 1851)": when a named work was given, produced, published …, the date right after the verb.
_SHOWN_VERBS = (
    r"given|produced|performed|played|staged|brought\s+out|published|printed|exhibited|unveiled|completed"
)
_WHEN = r"1\d{3}(?![\d\-–])"
_SHOWN_RE = re.compile(
    rf"{_TITLE}(?:,?\s+(?:which|and))?\s+(?:was|were)\s+(?P<first>first\s+)?(?P<verb>{_SHOWN_VERBS})"
    r"(?P<mid>[^.;:\"“”]{0,60}?)"
    rf"(?:\s+\((?P<bracket>(?:[A-Z][a-z]+,?\s+)?{_WHEN})\)"
    # "in 1859", "in March, 1875", "during the Carnival season of 1710"
    rf"|,?\s+(?P<when>(?:in|about|during|by)\s+(?:[A-Z][a-z]+,?\s+)?(?:the\s+(?:[A-Za-z]+\s+){{1,3}}of\s+)?{_WHEN}))"
)
# Where, in the words between the verb and the date: "at the Opéra Comique", "at Venice".
_SHOWN_PLACE_RE = re.compile(r"\b(?:at|in|on)\s+(?:the\s+)?[A-Z][\w’'\-]*(?:\s+[A-Z][\w’'\-]*){0,3}")
# Words between the verb and the date that say how it went, not where: left out of the question.
_SHOWN_FILLER_RE = re.compile(
    r"^[\s,]*(?:\((?:but\s+)?with(?:out)?\s+[a-z\s]+\)|with\s+(?:great\s+)?[a-z]+)?[\s,]*$"
)


def shown_when(d: Drafter, section: Section, sentence: str) -> None:
    """ "his “Faust,” which was produced at the Opéra Comique in 1859" → "When was “Faust” produced at
    the Opéra Comique?" / "In 1859"."""
    if CardKind.BASIC not in d.kinds or d.lang != "en" or noise(sentence):
        return
    text = " ".join(sentence.split())
    for m in _SHOWN_RE.finditer(text):
        title = m.group("title").strip(" ,.")
        if not _a_title(title, d):
            continue
        mid = m.group("mid")
        place = _SHOWN_PLACE_RE.search(mid)
        rest = mid.replace(place.group(0), "") if place else mid
        if not _SHOWN_FILLER_RE.match(rest):
            continue  # "was given to the public …": more than how it went and where
        verb = ("first " if m.group("first") else "") + re.sub(r"\s+", " ", m.group("verb"))
        where = f" {place.group(0)}" if place else ""
        when = m.group("when") or m.group("bracket")
        answer = when[:1].upper() + when[1:]
        maker = _shown_maker(text[: m.start()], d)
        work = f"{maker}’s “{title}”" if maker else f"“{title}”"
        d.add(section, CardKind.BASIC, f"When was {work} {verb}{where}?", answer, sentence, 1)


# Whose the work is, said before its title: "Jules Massenet’s first grand opera, “…”", or "his “…”" in a
# sentence that opens with one person's possessive ("Ambroise Thomas's better works, … his “…”").
_MAKER_BEFORE_RE = re.compile(rf"(?P<who>{NAME})[’']s\s+(?:[a-z]+\s+){{0,3}}?[a-z]+,?\s*$")
_OPENING_POSSESSIVE_RE = re.compile(rf"^(?P<who>{NAME})[’']s\s")


def _shown_maker(before: str, d: Drafter) -> str:
    """The maker of the work whose title follows ``before``, when the sentence says it; else ""."""
    if (m := _MAKER_BEFORE_RE.search(before)) and _a_maker(m.group("who"), d):
        return m.group("who")
    if not re.search(r"\b(?:his|her)\s+(?:[a-z]+\s+){0,2}$", before):
        return ""
    m = _OPENING_POSSESSIVE_RE.match(before)
    if not m:
        return _only_name(before, d)
    if not _a_maker(m.group("who"), d) or len(re.findall(rf"{NAME}[’']s\s", before)) > 1:
        return ""
    # "his" is the opening name's only when no other person is named between ("…, and Gounod's pupil, his …")
    between = before[m.end() :]
    return "" if re.search(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+\b", between) else m.group("who")


# Someone named by a noun ("the critic", "the emperor", "his father") or a pronoun: a second person "his"
# could mean.
_SOMEONE_BEFORE_RE = re.compile(
    r"\b(?:he|him|she|her|they|them|(?:the|a|an|his|her|their)\s+(?:[\w-]+\s+){0,2}?(?:man|woman|king|queen|"
    r"prince|princess|god|father|mother|son|brother|wife|teacher|master|pupil|friend|patron|rival|critic|poet|"
    r"pope|duke|count|bishop|cardinal|monk|priest|boy|girl|child|person|"
    r"[a-z]{3,}(?:er|or|ist|ian)s?))\b"
)


def _only_name(before: str, d: Drafter) -> str:
    """The one person the sentence names before "his “…”", when it names no one else at all: "In 1851 the
    article I referred to appeared, and such was its effect on Gounod, that within four months his first
    opera “Sapho” was given" → Gounod. Its first word must be a common one, no other capitalised word but
    the author's "I", no pronoun (a "he" may be another man) and no one named by a noun ("the critic")."""
    text = re.sub(r"[\"“][^\"“”]*[\"”]", "", before)
    opening = text.split(" ", 1)[0]
    if opening.casefold() not in STOP_WORDS:
        return ""  # "Bizet wrote to Gounod that his …": the opening word may be a second name
    names: list[str] = [n for n in re.findall(rf"(?<=[\w,;] )(?:{NAME})", text) if n != "I"]
    if len(names) != 1 or not _a_maker(names[0], d) or _SOMEONE_BEFORE_RE.search(text):
        return ""
    rest = text.replace(names[0], "", 1)
    if re.search(r"(?<=[\w,;] )(?!I\b)[A-Z]", rest):
        return ""  # "… in the Pope's chapel": a capitalised word that may be someone
    return names[0]
