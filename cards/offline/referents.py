"""Who "he" is: a biography's sentences named after the person the passage is about.

A history or a biography names a person once and goes on with "he" and "his": "Charles Gounod
was born in 1818, in Paris. He was admitted to the Conservatoire at sixteen, and studied with
Halévy and Lesueur." The second sentence holds a fact about Gounod, but read alone it says
nothing about anyone, so every extractor refuses it. Here it is read with its name: "Charles
Gounod was admitted to the Conservatoire at sixteen, …", "His first grand opera, …" → "Jules
Massenet's first grand opera, …" — for the extractors, which ask its dates, places and works
(not for the key-term cloze: the rest of a biography is anecdote). The card quotes both
sentences, the one that names the person and the one it is drafted from.

Only the leading "He"/"His" (or "She"/"Her", also after an opening year: "In 1839 he gained …") is
replaced, and only when the sentence before it
(or a chain of such sentences back to it) opens with a person's name as its subject and tells of
a life — "born", "died", "studied", "his"… — so that the name is a person's and the only one the
pronoun can mean: "The best known of the minnesingers were Walther von der Vogelweide, Heinrich
Frauenlob, … He died in Würzburg." names several people and no subject, and nothing changes. A
person the text has already told of may also be the subject after a short opening phrase ("As a
theoretician, Rameau exerted …"), when the phrase names no other; so may one the chunk has not told of
whose verb is of a life ("Until 1872, Bizet wrote …": a chunk may begin mid-life). A sentence that opens
otherwise, or "His father …" (a second person), ends the chain; a story (dialogue) is never rewritten.

A thing is followed the same way, one sentence back and within its paragraph: "… the singing
tournament at the Wartburg really took place in 1206-07. This tournament, which Wagner introduces
…" → "The singing tournament at the Wartburg, which Wagner introduces …". The sentence before must
name the head noun exactly once, in the same number ("This instrument" is not "the double
trumpets"), with words that say which one (a rare or capitalised modifier, or "at the Wartburg");
"This is …", "These were …", "This system of …" and two candidates stay as they are. A copula
names it too: "The principal instrument … is the _king_. This instrument has …" → "The king has …". A leading
"Now", "Thus" or "So" that only connects is dropped with it.

"It" and "Its" are the subject of the sentence before (that sentence read with its own pronoun named,
so a chain follows) when that subject is one singular noun phrase right before its verb: "The sistrum
was, properly speaking, not considered a musical instrument at all. It was used only in religious
ceremonies" → "The sistrum was used …". An "it" that stands for what follows ("It is said that …",
"It was in 1896 that …") and a subject that points or counts ("The first is …") stay as they are.
A name that opens the sentence before as the subject of any verb is also the person "he" means when
it comes with a role ("X, a dancing master, …"), is one the text has told of or writes mid-sentence
elsewhere, and no one else stands after the verb ("Schumann was different from these three. His
music …" → "Schumann’s music …"; not after "… applied by Cristofori, an instrument maker").

The pronoun may also follow an opening aside or adverbial that names no one ("As we know from our
studies in notation, he was the first to …" → "Hucbald was the first to …"; "However, in deciding
…, he was …" → "In deciding …, Hucbald was …"), unless the naming sentence has a pronoun of its own
(a second man). A sentence that names no one else and still says "he" keeps the person for the next
("We remember why he chose … He called his system …"); one that names only a person the text has told
of names them ("I must again revert to Hucbald. Before his time, …"); "[Illustration]" is skipped.
"""

from __future__ import annotations

import re

from cards.offline.clean import noise, standalone_form
from cards.offline.drafter import Drafter
from cards.offline.person_mentions import (
    ANY_PRONOUN_RE,
    ASIDE_PRONOUN_RE,
    CHAIN_ASIDE_RE,
    EMPTY_ASIDE_RE,
    EVENT_RE,
    FORMER_LATTER_RE,
    FORMER_START_RE,
    GENDER_RE,
    GONE_TO_RE,
    KIN_OF_RE,
    LEADING_CONNECTIVE_RE,
    OTHER_PERSON_RE,
    OWNER_RE,
    PEOPLES_ADJECTIVE_RE,
    PLACEHOLDER_RE,
    PRONOUN_RE,
    THIS_RE,
    TITLE_BECOME_RE,
    TWO_THINGS_RE,
    WOMAN_TITLED_RE,
    named_once,
    names_no_one,
    only_person,
    same_paragraph,
    sentence_person,
    two_people,
    without_places,
    without_women,
)
from cards.offline.pointers import without_pointer_aside
from cards.offline.thing_referents import (
    DUMMY_IT_RE,
    IT_RE,
    RAISED_IT_RE,
    SECOND_DEFINITION_RE,
    named_thing,
    thing_subject,
)
from cards.text import STOP_WORDS, normalize, split_sentences

# "Other works are …", "These operas were …": a sentence about the man's works, still about him.
HIS_WORKS_RE = re.compile(
    r"^(?:These|Those|Other|Some|Many|Several|Both|All)\s+(?:[a-z]+\s+)?(?:works|operas|symphonies|songs|"
    r"pieces|compositions|poems|plays|books|paintings|oratorios|masses)\s+(?:are|were|include|included)\b"
)
# '"Cinderella" (La Cenerentola)': a title's gloss in brackets right after it.
TITLE_GLOSS_RE = re.compile(r"(?<=[\"”])\s*\([^()]{1,60}\)")
# "… that were failures, à la Hasse": a manner named after someone, who does nothing in the sentence.
A_LA_RE = re.compile(r"\bà\s+la\s+[A-Z][\w’'-]*")
# "He was essentially a writer of light opera": the role a copula gives "he" (the man followed) is his own.
HIS_ROLE_RE = re.compile(
    r"\b[Hh]e\s+(?:was|is|became)\s+(?:[a-z]+ly\s+)?(?:an?|the)\s+(?:[\w-]+\s+){0,3}?[a-z]{3,}(?:er|or|ist|ian)\b"
)


# "His father …", "His parents …": the person's parents, after whom "the boy" is still the person followed.
PARENT_RE = re.compile(r"(?:father|mother|parents)\b")
# "His father was an engraver", "His parents were poor": what the parent was (the role is the parent's own).
PARENT_WAS_RE = re.compile(
    r"^His\s+(?:father|mother|parents)\s+(?:was|were)\s+(?:(?:an?|the)\s+(?:[\w-]+\s+){0,3}?)?[a-z][\w-]*\b"
)
# What may follow the parent's role: nothing, or what befell the parent ("… and died when Gounod was young").
PARENT_REST_RE = re.compile(r"\s*(?:(?:,\s*)?and\s+(?:died|lived|was)\b[^;:]*)?[.!]?")
# "The boy received his first music lessons …": the person in his youth as a sentence's subject.
THE_BOY_RE = re.compile(r"^The\s+(?:boy|lad|youth|child|young\s+man)\s+(?=[a-z])")


def without_unclosed_quote(text: str) -> str:
    """``text`` without a title whose closing quote the sentence split cut off ("… the opera buffa, "The
    Italians in Algiers."); a closed title and what follows it stay ("… "William Tell" for Napoleon.")."""
    if text.count('"') % 2:
        return text[: text.rindex('"')]
    if text.count("“") > text.count("”"):
        return text[: text.rindex("“")]
    return text


class Referents:
    """Follows the person a passage is about, sentence by sentence (see the module docstring)."""

    def __init__(self, d: Drafter, *, story: bool = False, text: str = "") -> None:
        self.d = d
        self.text = text  # the section's text: where a paragraph ends
        self.previous = ""
        self.previous_resolved = ""  # the sentence before, its own pronoun named ("The sistrum was …")
        self.name = ""
        self.source = ""  # the sentence that names them
        self.adjacent = False  # the sentence before is the one that names them
        self.fresh = False  # the sentence before names them or is resolved to them
        self.source_here = True  # the naming sentence is in this section (a card may quote it)
        self.active = d.lang == "en" and not story
        self.before_chunk = False  # reading the end of the chunk before (:meth:`lead_in`)
        self.pending = ""  # a name a "He"/"His" opening the next sentence confirms as the man (named_once)
        self.pending_source = ""
        self.chained = False  # "he" followed down a paragraph's chain past an opening phrase (_chain_holds)
        self.sex = ""  # "he" or "she" once a pronoun or the naming sentence says which the person is
        self.kept = False  # this sentence speaks of "he"/"his" and of no one else (a chain may go on)
        self.kept_before = False  # … the sentence before did (so a paragraph break after it does not end it)
        self.works = False  # this sentence, between, is about the man's works ("Other works are …")
        self.parent_of = ("", "")  # (name, source) just left for "His father …": "The boy …" goes back to him

    def lead_in(self, lead_in: str, text: str) -> None:
        """Reads the end of the chunk before (:attr:`Chunk.lead_in`, under the same heading) so that the
        chunk's first "He discovered …" names the man it ended on ("… I must again revert to Hucbald." |
        "Before his time, … He discovered that …"); no card quotes those sentences."""
        self.text, self.before_chunk = lead_in, True
        for written in split_sentences(lead_in):
            self.resolved(written)
        self.text, self.before_chunk = text, False
        self.source_here = False  # a card quotes its own sentence: the naming one is out of its chunk

    def next_section(self, text: str) -> None:
        """Goes on into the next section under the same heading ("[Illustration]" split the prose): the
        person is still followed, but their naming sentence is no longer one this section's cards quote."""
        self.text = text
        self.adjacent = self.fresh = False
        self.source_here = False

    def resolved(self, written: str) -> str:
        """``written`` with its leading "He"/"His" naming the person, else ``written``; remembers who."""
        if not self.active:
            return written
        before, self.previous_resolved = self.previous_resolved, ""
        self.previous_resolved = text = self._resolved(written, before)
        return text

    def _resolved(self, written: str, before: str) -> str:
        if PLACEHOLDER_RE.match(written):
            return written  # "[Illustration]" between two sentences about him: he is still him
        previous, self.previous = self.previous, written
        self.kept_before, self.kept = self.kept, False
        works_before, self.works = self.works, False
        former = self._former(written, previous)
        if former:
            return former
        thing = self._thing(written, previous) or self._it(written, previous, before)
        if thing:
            self.name, self.source, self.adjacent = "", "", False  # the passage moved on to a thing
            return thing
        parent_of, self.parent_of = self.parent_of, ("", "")
        if parent_of[0] and self._the_boy(written, previous, parent_of[0]):
            # "His father was an engraver and died when Gounod was very young. The boy received his first
            # music lessons from his mother. He was admitted …": the father is no boy; the son again
            self.name, self.source = parent_of
            self.adjacent, self.fresh, self.chained, self.sex = False, True, True, "he"
            return written
        pending, self.pending = self.pending, ""
        if (
            pending
            and (PRONOUN_RE["he"].match(written) or self._goes_on_with_him(written))
            and (not self.text or same_paragraph(self.text, previous, written))
        ):
            # "… was that of Rossini. He may be said to have built on …": the chain says he is a man
            self.name, self.source, self.chained = pending, self.pending_source, True
            self.sex = "he"
            self.adjacent = self.fresh = self.source_here = True
            self.d.people.add(pending.rsplit(" ", 1)[-1])
        for gender, pronoun_re in PRONOUN_RE.items():
            m = pronoun_re.match(written)
            aside = ""
            if not m and self.name and (m := ASIDE_PRONOUN_RE[gender].match(written)):
                aside = m.group("aside")
                if not names_no_one(aside, self.d, "") or ANY_PRONOUN_RE.search(self.source):
                    m = None  # "As Franco of Cologne …, he …", or "X was his assistant. As …, he …": which?
                elif EMPTY_ASIDE_RE.fullmatch(aside):
                    aside = ""  # "As we know from our studies, he was …" → "Hucbald was …"
                else:  # "However, in deciding …, he was …" → "In deciding …, Hucbald was …"
                    aside = LEADING_CONNECTIVE_RE.sub("", aside)
                    aside = aside[:1].upper() + aside[1:]
            if not m and gender == "he" and self.name and (c := CHAIN_ASIDE_RE.match(written)):
                if self._chain_holds(c.group("aside") or c.group("bare"), previous, written):
                    # "In 1809, he branched out …" → "In 1809, Spontini …"; "At twenty-one he had …" likewise
                    m, aside = c, c.group("aside") or c.group("bare")
                    self.chained = True
                    # no key-term cloze of it as written ("After the Revolution, he wrote …" names no one)
                    self.d.used_sentences.add(normalize(written))
                else:  # "… met Hans Brindle. After a quarrel, he left …": which? and so every "he" after
                    self.name, self.source, self.chained = "", "", False
            elif m and self.name and self.chained and self._names_another_man(previous):
                # down a chain, "he" right after a sentence that names another man may be him: stop here
                self.name, self.source, self.chained = "", "", False
            if not (m and self.name):
                continue
            if not self._may_be(gender, written[m.end() :], previous):
                break  # "Anna Weiss was born … In 1770, he heard her sing": "he" is someone else
            self.sex = gender
            groups = m.groupdict()
            pronoun = (groups.get("p") or groups.get("lp") or groups.get("blp") or "").capitalize()
            name = f"{self.name}’s" if pronoun in {"His", "Her"} else self.name
            lead = aside or m.groupdict().get("lead") or ""
            text = f"{lead}{name} {written[m.end() :]}"
            own = re.match(r"^(\w+ )he\b", lead) if pronoun == "He" else None
            if own and not GENDER_RE["he"].search(lead[own.end() :]):
                # "Although he lived until 1868, he never wrote …" → "Although Rossini lived until 1868, he …"
                text = f"{own.group(1)}{self.name}{lead[own.end() :]}he {written[m.end() :]}"
            # "; " between them when the naming sentence ends in a title the split cut the closing quote off
            # ('… "The Seasons.'): the card's quote is then found piece by piece, as the text writes it
            together = self.adjacent and without_unclosed_quote(self.source) == self.source
            quote = f"{self.source} {written}" if together else f"{self.source}; {written}"
            if not self.source_here:
                quote = written  # the naming sentence is in a section before: the card cites its own
            self.adjacent, self.fresh = False, True
            if pronoun in {"His", "Her"} and OTHER_PERSON_RE.match(written[m.end() :]):
                if pronoun == "His" and PARENT_RE.match(written[m.end() :]):
                    self.parent_of = (self.name, self.source)
                self.name, self.source = "", ""  # "His father was a barber. He opposed …": who is he now?
            self.d.originals[text] = quote
            self.d.originals.setdefault(standalone_form(without_pointer_aside(text)), quote)
            return text
        if (
            self.name
            and self.text
            and GENDER_RE["he"].search(written)
            and self.sex != "she"
            and not ANY_PRONOUN_RE.search(self.source)
            and (self.adjacent or same_paragraph(self.text, previous, written))
            and names_no_one(without_women(without_unclosed_quote(written)), self.d, self.name)
            and not sentence_person(written, self.d)
        ):
            self.kept = True
            # "We remember why he chose the fourth …": still about them, so a "He called …" after it is too;
            # so is "… he went there with his wife, and … they earned …" (a wife, a "they" are no "he")
            self.adjacent = self.fresh = False
            return written
        if (
            self.name
            and self.fresh
            and self.text
            and same_paragraph(self.text, previous, written)
            and not GENDER_RE["she"].search(self.source)
            and not ANY_PRONOUN_RE.search(written)
            and self._names_no_one_else(written)
            and not sentence_person(written, self.d)
            and (not works_before or HIS_WORKS_RE.match(written))
        ):
            # "Hérold was born in 1791, … and his principal works were "Zampa" and … The first was produced
            # in 1831, the latter in 1832. He died in 1833.": one sentence between that names no one leaves
            # the paragraph's person the only one "he" can mean (a second such sentence does not, unless the
            # one before is about his works: "Other works are "Cinderella" … These operas were mostly …")
            self.adjacent = False
            self.fresh = self.works = bool(HIS_WORKS_RE.match(written))
            return written
        self.chained = False
        self.name = sentence_person(written, self.d) or only_person(
            written, self.d, before_chunk=self.before_chunk
        )
        if not self.name and not self.before_chunk:
            self.pending = named_once(written, self.d)
            self.pending_source = written
        if self.name:
            self.d.people.add(self.name.rsplit(" ", 1)[-1])
        self.source = written if self.name else ""
        self.sex = self._sex_of(written) if self.name else ""
        self.source_here = True
        self.adjacent = self.fresh = bool(self.name)
        return written

    def _the_boy(self, written: str, previous: str, name: str) -> bool:
        """``written`` opens with "The boy" (or "The child", "The youth") right after "His father was …" in
        the same paragraph, and neither names another man: the boy is the son the paragraph is about
        (``name``), not his father ("His father took in an apprentice. The boy …": which boy? no)."""
        m, parent = THE_BOY_RE.match(written), PARENT_WAS_RE.match(previous)
        if not (m and parent and self.text and same_paragraph(self.text, previous, written)):
            return False
        rest = previous[parent.end() :]
        if not PARENT_REST_RE.fullmatch(rest) or not names_no_one(without_women(rest), self.d, name):
            return False  # "His father was a cantor who taught an apprentice. The boy …": which boy?
        rest = without_women(without_unclosed_quote(written[m.end() :]))
        return not GENDER_RE["she"].search(rest) and names_no_one(rest, self.d, "")

    def _goes_on_with_him(self, written: str) -> bool:
        """``written`` speaks of "he" or "his" and of no one else a "he" could mean ("Of Mozart we all know
        something. Born at Salzburg, in 1756, his was a short life, for he died in 1791."): the man the
        sentence before names once is the one it goes on with."""
        text = without_women(without_unclosed_quote(written))
        if not GENDER_RE["he"].search(text) or GENDER_RE["she"].search(text):
            return False
        return names_no_one(text, self.d, "")

    def _sex_of(self, source: str) -> str:
        """What the naming sentence says the person is: "she" by a pronoun, her title ("Madame Anna Weiss")
        or her kin ("…, the daughter of …"); "he" likewise; else ""."""
        if GENDER_RE["she"].search(source) or any(
            self.name.rsplit(" ", 1)[-1] in t.group() for t in WOMAN_TITLED_RE.finditer(source)
        ):
            return "she"
        for sex in ("she", "he"):
            if KIN_OF_RE[sex].search(source):
                return sex
        return "he" if GENDER_RE["he"].search(source) else ""

    def _may_be(self, gender: str, rest: str, previous: str) -> bool:
        """The person may be the "he" (or "she") that opens the sentence whose remainder is ``rest``: not
        when they are known as the other sex, nor (their sex unknown) when ``rest`` or the sentence before
        has a pronoun of the other sex that could be them ("In 1770, he heard her sing": her, or him?)."""
        other = "she" if gender == "he" else "he"
        if self.sex:
            return self.sex == gender
        return not (GENDER_RE[other].search(rest) or GENDER_RE[other].search(previous))

    def _chain_holds(self, aside: str, previous: str, written: str) -> bool:
        """``written`` goes on with the man the paragraph keeps as its subject after an opening phrase ("After
        the Restoration in France, he was named …"): same paragraph, a phrase that names no one else (his
        own "he" or "his" aside), a naming sentence with no "she", and no other man in the sentence before."""
        # (a paragraph break right after a sentence that speaks of him alone does not end it)
        together = self.text and same_paragraph(self.text, previous, written)
        if not (self.adjacent or self.kept_before or together):
            return False
        if GENDER_RE["she"].search(self.source) or not names_no_one(
            EVENT_RE.sub("", aside), self.d, self.name
        ):
            return False
        return not self._names_another_man(previous)

    def _names_another_man(self, previous: str) -> bool:
        """The sentence before names a man other than the one followed ("… by the King of Prussia", "…
        his father", "Salieri"), whom the next "he" could mean; a woman by her title, a place gone to, and,
        in a sentence about the man followed, an owner of a thing ("he followed Gluck's footsteps") do not."""
        text = GONE_TO_RE.sub("", WOMAN_TITLED_RE.sub("", PEOPLES_ADJECTIVE_RE.sub("the ", previous)))
        # "… while still a boy" is he himself; "his wife" and "they" are no other "he"
        text = TITLE_BECOME_RE.sub(r"\g<verb>", without_women(without_places(text)))  # "became Pope": his
        text = without_unclosed_quote(text)  # a title whose closing quote the sentence split cut off
        text = HIS_ROLE_RE.sub("he ", text)  # "He was essentially a writer of …": his own role, no one else
        if self.fresh:
            text = OWNER_RE.sub("", text)
        return not names_no_one(text, self.d, self.name)

    def _former(self, written: str, previous: str) -> str:
        """``written`` with its leading "The former"/"The latter" named by the sentence before, when that
        sentence names exactly two people ("… are Don Carlo Gesualdo, Prince of Venosa, and Ludovico
        Viadana.") or opens with two things as its subject ("The _schofar_ and _keren_ were horns.");
        else ""."""
        m = FORMER_START_RE.match(written)
        if not (m and previous) or noise(previous):
            return ""
        pair = two_people(previous)
        person = bool(pair)
        if not pair and (t := TWO_THINGS_RE.match(previous)):
            pair = (t.group("a").replace("_", ""), t.group("b").replace("_", ""))
        if not pair:
            return ""
        named = pair[0] if m.group("which") == "former" else pair[1]
        named = named[:1].upper() + named[1:]
        text = f"{named} {written[m.end() :]}"
        # both sentences; only its own when a paragraph ends between them (the card cites its paragraph)
        together = self.text and same_paragraph(self.text, previous, written)
        quote = f"{previous} {written}" if together else written
        self.d.originals[text] = quote
        self.d.originals.setdefault(standalone_form(without_pointer_aside(text)), quote)
        if person:  # "The former was born in 1550 … His name is important …": he is followed on
            self.name, self.source, self.adjacent, self.fresh = named, written, True, True
            self.chained, self.sex = False, ""
            self.source_here = True
            self.d.people.add(named.rsplit(" ", 1)[-1])
        else:
            self.name, self.source, self.adjacent, self.fresh = "", "", False, False
            self.d.named_things[written] = text
        return text

    def _names_no_one_else(self, written: str) -> bool:
        """``written`` names no one; its "the former"/"the latter" are things when the sentence that names
        the person names no one else ("… his principal works were "Zampa" and the "Pré aux clercs." The
        first was produced in 1831, the latter in 1832.")."""
        if written.split(" ", 1)[0].casefold() not in STOP_WORDS:
            return False  # "Mozart praised the work.": its opening word may be a name
        if FORMER_LATTER_RE.search(written) and names_no_one(self.source, self.d, self.name):
            written = FORMER_LATTER_RE.sub("", written)
        # a title's gloss ('"Cinderella" (La Cenerentola)'), a style named after one ("à la Hasse"): no one
        written = A_LA_RE.sub("", TITLE_GLOSS_RE.sub("", without_unclosed_quote(written)))
        # its opening word lower-cased: "The minister praised …" names someone as "the minister" does
        return names_no_one(written[:1].lower() + written[1:], self.d, "")

    def _it(self, written: str, previous: str, before: str) -> str:
        """``written`` with its leading "It"/"Its" named by the subject of the sentence before, else ""."""
        m = IT_RE.match(written)
        if not (m and before and self.text and same_paragraph(self.text, previous, written)):
            return ""
        if DUMMY_IT_RE.match(written) and not RAISED_IT_RE.match(written):
            return ""  # "It is said that …", "It was in 1896 that …": no thing
        if SECOND_DEFINITION_RE.match(written):
            return ""  # "Melody is an … expression of the senses. It is the natural outlet …": "What is
            # melody?" would have two answers
        subject = thing_subject(before, self.d)
        if not subject:
            return ""
        named = f"{subject}’s" if m.group("p") == "Its" else subject
        return self._named(written, f"{named} {written[m.end() :]}", previous)

    def _named(self, written: str, text: str, previous: str) -> str:
        """Remembers ``text`` as ``written`` read with what the sentence before names."""
        quote = f"{previous} {written}"
        self.d.originals[text] = quote
        self.d.originals.setdefault(standalone_form(without_pointer_aside(text)), quote)
        self.d.named_things[written] = text
        return text

    def _thing(self, written: str, previous: str) -> str:
        """``written`` with its leading "This <noun>" named by the sentence before, else ""."""
        m = THIS_RE.match(written)
        if not (m and previous and self.text and same_paragraph(self.text, previous, written)):
            return ""
        named = named_thing(m.group("det"), m.group("noun"), previous, self.d.lang)
        if not named:
            return ""
        return self._named(written, f"{named}{written[m.end() :]}", previous)
