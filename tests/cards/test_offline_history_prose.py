"""Long historical prose: the century a deed is dated by, what a thing consisted of, and clozes that lean
on the sentences before ("up to that time", "their dance", "much the same cause")."""

from __future__ import annotations

from collections.abc import Callable

from cards.offline import dated_deeds, definitions, questions
from cards.offline.drafter import Drafter
from cards.quality import check_self_contained
from cards.schema import CardDraft, CardKind, Origin
from documents.model import Section, SourceRef

from .sample import drafted, kept_cards


def _fronts(extract: Callable[[Drafter, Section, str], None], text: str) -> list[str]:
    return [c.front for c in drafted(extract, text)]


def test_a_deed_dated_by_its_century_is_a_cloze_on_the_century() -> None:
    cards = _fronts(
        dated_deeds.dated_deed,
        "Bar lines came into general use in the seventeenth century. "
        "The tuning fork was not invented until the beginning of the eighteenth century. "
        "Latin was sung in the churches of the north up to the sixteenth century; the people sang in "
        "their own tongue at home. "
        "Paper money did not come into use in Europe until the middle of the seventeenth century.",
    )
    assert cards == [
        "Bar lines came into general use in the {{c1::seventeenth century}}.",
        "The tuning fork was not invented until the beginning of the {{c1::eighteenth century}}.",
        "Latin was sung in the churches of the north up to the {{c1::sixteenth century}}.",
        "Paper money did not come into use in Europe until the middle of the {{c1::seventeenth century}}.",
    ]


def test_no_century_cloze_for_the_authors_century_two_centuries_or_a_century_describing_a_noun() -> None:
    cards = _fronts(
        dated_deeds.dated_deed,
        # counted from when?
        "Almost up to the end of the last century trombones were used in the church service. "
        "The lute was much played in the fifteenth and sixteenth centuries. "  # which is asked?
        "The minstrels of the thirteenth century used only two kinds of notes. "  # describes the minstrels
        "In the fifth century B.C. the drama was performed at the spring festival. "  # an era the rule leaves
        "This instrument became obsolete toward the end of the eighteenth century. "  # which instrument?
        "We know that the organ was improved in the twelfth century. "  # the author's voice
        # a source telling of something: the date is the teller's, "played" is no deed of his
        "In the beginning of the seventeenth century Garcilaso tells of a love song played on a flute.",
    )
    assert cards == []


def test_a_century_cloze_passes_the_gate_and_a_described_century_does_not() -> None:
    text = (
        "Notation grew slowly out of the accents of the grammarians. "
        "Signs for the changes of speed were introduced in the fifteenth century. "
        "The minstrels of the {{c1::thirteenth century}} used only two kinds of notes."
    )
    kept = [c.front for c in kept_cards(text, SourceRef(page=1))]
    assert "Signs for the changes of speed were introduced in the {{c1::fifteenth century}}." in kept
    assert not any("minstrels of the {{c1::thirteenth century}}" in f for f in kept)


def test_what_a_thing_consisted_of_with_an_adverb_or_a_clause_after_it() -> None:
    cards = {
        c.front: c.back
        for c in drafted(
            questions.purpose,
            "The Doric steps consisted primarily of a trochee and a spondee, [- ' - -] or [7/8] time. "
            "The Javanese orchestra is composed of about twenty gongs and four kinds of flutes, whereas in "
            "our orchestras the ratio is reversed. "
            "The reform of the chant consisted in a return to the old modes; the people were not consulted.",
        )
    }
    assert cards == {
        "What did the Doric steps consist primarily of?": "A trochee and a spondee",
        "What is the Javanese orchestra composed of?": "About twenty gongs and four kinds of flutes",
        "What did the reform of the chant consist in?": "A return to the old modes",
    }


def _cloze(front: str) -> CardDraft:
    return CardDraft(
        kind=CardKind.CLOZE,
        front=front,
        back="",
        source=SourceRef(page=1),
        origin=Origin.OFFLINE,
        source_span=front.replace("{{c1::", "").replace("}}", ""),
    )


def test_a_cloze_leaning_on_the_sentences_before_is_not_self_contained() -> None:
    leaning = [
        "For up to that time a song of praise meant praise of a {{c1::King}}.",
        "For that art must touch its audience through a {{c1::palpable delineation}} of something material.",
        "Goldmark's overture to {{c1::Sakuntala}} owes its subtle suggestion to much the same cause.",
        "According to {{c1::Virchow}} their dance is demon worship of a purely anthropomorphic character.",
        "On the eighteenth of July, 1750, he suddenly regained his sight and died {{c1::ten days}} later.",
    ]
    for front in leaning:
        ok, _ = check_self_contained(_cloze(front), "en")
        assert not ok, front
    standing = [
        "The troubadours accompanied their songs on the {{c1::viol}}.",
        "Peri and Caccini set their operas to the story of {{c1::Eurydice}}.",
        "The sharp was written in the same way as the {{c1::natural}} in the oldest manuscripts.",
        "On the eighteenth of July, 1750, Bach suddenly regained his sight and died {{c1::ten days}} later.",
    ]
    for front in standing:
        ok, problem = check_self_contained(_cloze(front), "en")
        assert ok, (front, problem)


def _prepared_fronts(extract: Callable[[Drafter, Section, str], None], text: str) -> dict[str, str]:
    """What ``extract`` drafts from ``text`` read as the pipeline reads it (e-text italics rendered)."""
    from cards.offline.clean import prepare_text
    from cards.schema import GenerationOptions
    from cards.text import split_sentences

    from .sample import chunk

    d = Drafter(chunk(Section(text, SourceRef(page=1))), GenerationOptions(max_cards=40), "en")
    section = d.prepared[0][0]
    for sentence in split_sentences(prepare_text(text)):
        extract(d, section, sentence)
    return {c.card.front: c.card.back for c in d.candidates}


def test_a_foreign_word_glossed_with_its_language_asks_what_it_means() -> None:
    from cards.offline import meanings

    cards = _prepared_fronts(
        meanings.meaning,
        "The third hexachord was called soft, and _moll_ in German still means minor, or “soft”. "
        "In Italian the verb _suonare_ means “to sound,” which gave the sonata its name. "
        "The councils were held every year, for the Pali word for a council means literally "
        "“a singing together.” "
        "The word _atom_ in Greek means that which cannot be cut.",
    )
    assert cards == {
        "In Greek, what does the word “atom” mean?": "That which cannot be cut",
        "In German, what does “moll” mean?": "Minor",
        "In Italian, what does the verb “suonare” mean?": "To sound",
        "What does the Pali word for a council mean literally?": "A singing together",
    }


def test_no_meaning_card_for_an_everyday_word_an_unmarked_word_or_no_language() -> None:
    from cards.offline import meanings

    cards = _prepared_fronts(
        meanings.meaning,
        "In German _kind_ means “child”. "  # an everyday English word, not said to be a word
        "In German moll means minor. "  # not marked as a word apart
        "The German word for major comes from the same root, for _dur_ means “hard”. "  # which language?
        "This meant that the notes were played twice as fast.",
    )
    assert cards == {}


def test_a_foreign_word_named_and_glossed_at_once_asks_what_it_means() -> None:
    from cards.offline import meanings

    cards = _prepared_fronts(
        meanings.meaning,
        "Apart from these forms of song, there were some called _sirventes_--that is “songs of service,” "
        "which were very partisan. "
        "The court kept a band of players called _menestrers_, or “servants.” "
        "The room was called home, or “the house.” "  # not marked as a word apart
        "The next was called _serena_, or “this one.”",  # the sense points elsewhere
    )
    assert cards == {
        "What does “sirventes” mean?": "Songs of service",
        "What does “menestrers” mean?": "Servants",
    }


def test_a_glossed_word_s_meaning_takes_the_place_of_its_emphasis_cloze() -> None:
    kept = kept_cards(
        "Apart from the ballads of the court, the troubadours wrote some called _sirventes_--that is "
        "“songs of service,” which were very partisan, and were accompanied by drums.",
        SourceRef(page=1, heading=("The Troubadours",)),
    )
    assert [(c.front, c.back) for c in kept if "sirventes" in c.front] == [
        ("What does “sirventes” mean?", "Songs of service")
    ]


def test_where_a_word_was_derived_from_with_an_adverb() -> None:
    from cards.offline import origins

    cards = _prepared_fronts(
        origins.origin,
        'The word sonata was derived originally from the Italian word suonare, "to sound," and the term '
        "was used for instrumental music. "
        "The word madrigal probably comes from the Latin matricale, a song in the mother tongue.",
    )
    assert cards == {
        "Where does the word sonata come from?": 'The Italian word suonare, "to sound"',
        "Where does the word madrigal probably come from?": "The Latin matricale",
    }


def test_a_description_asked_in_its_sections_name_is_still_no_term() -> None:
    from cards.standalone_questions import question_problem

    front = "In Suggestion in Music, what is the entire pre-Palestrina literature of music?"
    back = "A conclusive testimony as to the non-poetic character of the invention"
    assert "description" in question_problem(front, back, back)
    named = "In Suggestion in Music, what is the leitmotiv?"
    assert question_problem(named, "A short recurring phrase", back) == ""


def test_no_apposition_card_whose_answer_names_the_name_asked() -> None:
    from cards.offline import appositions

    cards = _fronts(
        appositions.apposition,
        "The crown passed to Conrad, the son of Conrad IV, who was beheaded at Naples in 1268. "
        "Aristoxenus, a pupil of Aristotle, rejected the mathematical theory of the scale.",
    )
    assert cards == ["Who was Aristoxenus?"]


def test_what_a_named_thing_was_used_for_in_the_past() -> None:
    cards = {
        c.front: c.back
        for c in drafted(
            questions.purpose,
            "The astrolabe was used for finding the altitude of the sun at sea. "
            "Originally the sistrum was used only to drive away the god of evil. "
            "The pecten is used to preen the feathers of the bird.",
        )
    }
    assert cards == {
        "What was the astrolabe used for?": "Finding the altitude of the sun at sea",
        "What was the sistrum originally used for?": "To drive away the god of evil",
        "What is the pecten used for?": "To preen the feathers of the bird",
    }


def test_a_plural_of_an_everyday_word_is_no_term_however_rare_the_plural() -> None:
    from cards.quality import check_not_trivial

    for front in (
        "Animals' {{c1::natures}} are purely sensuous, therefore the pipe affects them.",
        "Painting is primarily an art of {{c1::externals}}.",
    ):
        ok, problem = check_not_trivial(_cloze(front), frozenset(), language="en")
        assert not ok, front
    for front in (
        "The troubadours employed {{c1::jongleurs}} to sing and play their poems.",
        "Two sets of four notes were called {{c1::tetrachords}}.",
    ):
        ok, problem = check_not_trivial(_cloze(front), frozenset(), language="en")
        assert ok, (front, problem)


def test_a_year_of_the_era_of_three_figures_dates_a_deed() -> None:
    cards = _fronts(
        dated_deeds.dated_deed,
        "Gregory became Pope in 590 A.D. and reformed the chant of the Roman church. "
        "Ambrose (340-397 A.D.) fixed the modes of the hymns. "  # a lifespan, not a deed's year
        "The Council of Laodicea met in 367 A.D. and the monks sang the new hymns in 1200.",  # two dates
    )
    assert cards == ["Gregory became Pope in {{c1::590}} A.D. and reformed the chant of the Roman church."]


def test_the_foreign_word_for_a_thing_is_asked_in_its_language() -> None:
    from cards.offline import meanings

    cards = {
        c.front: c.back
        for c in drafted(
            meanings.meaning,
            "The present French word for natural (when it is specially marked) is bécarré. "
            "It takes the form of a cross (the German word for the sharp still remains kreuz). "
            "The Greek word for a wanderer was planetes. "
            "The Greek word for it is obscure. "  # no word, and a pointer
            "The Latin word for this is simple.",
        )
    }
    assert cards == {
        "What word does French use for natural?": "bécarré",
        "What word does German use for the sharp?": "kreuz",
        "What was the Greek word for a wanderer?": "planetes",
    }


def test_the_foreign_word_card_passes_the_gate() -> None:
    # "What is the French word for natural?" would be read as asking a definition of one word
    kept = kept_cards(
        "The present French word for natural (when it is specially marked) is bécarré.",
        SourceRef(page=1, heading=("Notation",)),
    )
    assert {c.front: c.back for c in kept}.get("What word does French use for natural?") == "bécarré"


def test_a_connective_aside_does_not_hide_a_dated_deed_and_a_span_of_years_is_kept_whole() -> None:
    cards = {
        c.front: c.back
        for c in drafted(
            questions.dated,
            "The notation for the lute, for instance, was invented about 1460 to 1500. "
            "The great quadrant of Tycho, as before stated, was built about 1576 to 1580. "
            "The observatory of Ulugh Beg, however, was founded in 1420. "  # leans on the sentence before
            "Tycho lived on Hven.",
        )
    }
    assert cards == {
        "When was the notation for the lute invented?": "About 1460 to 1500",
        "When was the great quadrant of Tycho built?": "About 1576 to 1580",
    }


def test_an_example_tells_what_a_named_thing_consisted_of_but_a_relative_clause_is_no_subject() -> None:
    cards = {
        c.front: c.back
        for c in drafted(
            questions.purpose,
            "For instance, the Molossian dance consisted of three long steps. "
            "For example, synonyms or paraphrases that consist of completely different tokens may still be "
            "mapped to vectors close to each other.",
        )
    }
    assert cards == {"What did the Molossian dance consist of?": "Three long steps"}


def test_what_a_term_the_text_keeps_using_was_used_for() -> None:
    cards = {
        c.front: c.back
        for c in drafted(
            questions.purpose,
            "Originally the organ was used only to give the right intonation for the chanting. "
            "The organ had two manuals. Each organ had its pipes. "
            "Originally the building was used only to store the grain of the town.",  # named once: which?
        )
    }
    assert cards == {
        "What was the organ originally used for?": "To give the right intonation for the chanting"
    }


def test_an_era_ends_its_sentence_before_a_word_that_opens_one() -> None:
    from cards.text import split_sentences

    assert split_sentences(
        "The armillary sphere was used by Hipparchus about 150 B.C. The great quadrant of Tycho was built "
        "about 1576. Gregory became Pope in 590 A.D. His additions were many. In 350 B.C. Aristotle wrote."
    ) == [
        "The armillary sphere was used by Hipparchus about 150 B.C.",
        "The great quadrant of Tycho was built about 1576.",
        "Gregory became Pope in 590 A.D.",
        "His additions were many.",
        "In 350 B.C. Aristotle wrote.",  # before a name: perhaps one sentence, left whole
    ]


def test_a_birth_and_death_after_another_verb_of_the_same_person() -> None:
    cards = {
        c.front: c.back
        for c in drafted(
            questions.dated,
            "Pietro Nardini was a pupil of Tartini, was born in 1722, and died in 1793. "
            "Antonio Lolli was the teacher of a singer, who was born in 1740. "  # another's birth
            "Viotti, the next master of the violin in Paris, was an Italian, born in 1755. "
            "Giovanni Mossi was born about 1680 and died about 1742.",
        )
    }
    assert cards == {
        "When was Pietro Nardini born?": "In 1722",
        "When did Pietro Nardini die?": "In 1793",
        "When was Viotti born?": "In 1755",
        "When was Giovanni Mossi born?": "About 1680",
        "When did Giovanni Mossi die?": "About 1742",
    }


def test_a_death_dated_by_its_day_or_month() -> None:
    cards = {
        c.front: c.back
        for c in drafted(
            questions.dated,
            "Pietro Nardini died June 3, 1793. "
            "Giovanni Mossi was born about 1680, and died in May, 1742. "
            "Antonio Lolli died on 10 August 1802.",
        )
    }
    assert cards == {
        "When did Pietro Nardini die?": "June 3, 1793",
        "When was Giovanni Mossi born?": "About 1680",
        "When did Giovanni Mossi die?": "In May, 1742",
        "When did Antonio Lolli die?": "On 10 August 1802",
    }


def test_an_aside_that_says_a_statement_always_held_is_left_out() -> None:
    cards = {
        c.front: c.back
        for c in drafted(
            definitions.definition,
            "The Gaelic scale is now, as it always has been, a scale of five notes to the octave. "
            "The Welsh harp is still, as it has always been, a harp with three rows of strings.",
        )
    }
    assert cards == {
        "What is the Gaelic scale?": "a scale of five notes to the octave",
        "What is the Welsh harp?": "a harp with three rows of strings",
    }
