"""Who "he" is: a biography's "He …" read as about the person the sentence before names."""

from __future__ import annotations

import re

from cards.offline.drafter import Drafter
from cards.schema import GenerationOptions
from cards.text import split_sentences
from documents.model import Section, SourceRef

from .sample import chunk, drafted, kept_cards


def _resolved(text: str, *, story: bool = False, paragraphs: bool = False) -> tuple[list[str], Drafter]:
    from cards.offline.referents import Referents

    drafter = Drafter(chunk(Section(text, SourceRef(page=1))), GenerationOptions(max_cards=40), "en")
    referents = Referents(drafter, story=story, text=text if paragraphs else "")
    return [referents.resolved(s) for s in split_sentences(text)], drafter


def test_he_and_his_after_a_named_life_name_the_person_and_quote_both_sentences() -> None:
    text = (
        "Ottmar Leisewitz was born in 1761, in Dresden, the son of an organist. "
        "His first cantata was given at the Kreuzkirche in 1780. "
        "He died in Prague in 1824."
    )
    sentences, drafter = _resolved(text)
    assert sentences[1:] == [
        "Ottmar Leisewitz’s first cantata was given at the Kreuzkirche in 1780.",
        "Ottmar Leisewitz died in Prague in 1824.",
    ]
    assert drafter.originals[sentences[1]] == (
        "Ottmar Leisewitz was born in 1761, in Dresden, the son of an organist. "
        "His first cantata was given at the Kreuzkirche in 1780."
    )
    assert drafter.originals[sentences[2]] == (
        "Ottmar Leisewitz was born in 1761, in Dresden, the son of an organist.; He died in Prague in 1824."
    )
    fronts = {c.front: c.back for c in kept_cards(text, SourceRef(page=1))}
    assert fronts.get("Where did Ottmar Leisewitz die?") == "In Prague"


def test_no_name_for_he_after_several_people_a_story_or_a_break() -> None:
    unnamed = (
        "The best known of the singers were Ottmar Leisewitz, Hans Brindle and Kaspar Zendler. "
        "He died in Prague in 1824. "  # which of them?
        "Ottmar Leisewitz was born in 1761, in Dresden. "
        "The court theatre burned down in 1790. "  # the passage moved on
        "He died in Prague in 1824. "
        "Anna Zendler was born in 1770; her father was a cantor. "
        "He died in Prague in 1824."  # she is not he
    )
    sentences, _ = _resolved(unnamed)
    assert [s for s in sentences if s.startswith("He ")] == ["He died in Prague in 1824."] * 3
    story, _ = _resolved("Ottmar Leisewitz was born in 1761, in Dresden. He died in Prague.", story=True)
    assert story[1] == "He died in Prague."


def test_he_after_an_opening_aside_and_through_sentences_that_name_no_one_else() -> None:
    text = (
        "Tycho Brahe (1546-1601) was a nobleman of the island of Hven in Denmark. "
        "As we have seen in the last lecture, he was the first to measure the positions of the stars "
        "with an accuracy of one minute of arc. "
        "However, in spite of all his measurements, he never accepted the motion of the earth. "
        "We remember why he kept the earth still. "
        'He called his system the "Tychonic system," and in it the sun went round the earth.'
    )
    sentences, _ = _resolved(text, paragraphs=True)
    first = "the first to measure the positions of the stars with an accuracy of one minute of arc"
    assert sentences[1] == f"Tycho Brahe was {first}."
    assert sentences[2] == (
        "In spite of all his measurements, Tycho Brahe never accepted the motion of the earth."
    )
    assert sentences[4].startswith('Tycho Brahe called his system the "Tychonic system,"')
    fronts = {c.front: c.back for c in kept_cards(text, SourceRef(page=1))}
    assert fronts.get(f"Who was {first}?") == "Tycho Brahe"
    assert fronts.get("What did Tycho Brahe call his system?") == "“Tychonic system”"


def test_no_name_after_an_aside_that_names_someone_or_a_naming_sentence_with_another_he() -> None:
    text = (
        "Tycho Brahe (1546-1601) was a nobleman of the island of Hven in Denmark. "
        "As Kepler later wrote, he owed everything to these observations. "  # which of them?
        "Johannes Kepler was his assistant in Prague. "
        "Moreover, he published the tables of the planets in 1627. "  # "his" is Tycho: two men
        "Galileo Galilei was born at Pisa in 1564. "
        "We know that his father was a musician. "  # another man: the chain ends
        'He called his theory a "proof" of the motion of the earth.'
    )
    sentences, _ = _resolved(text, paragraphs=True)
    assert sentences[1] == "As Kepler later wrote, he owed everything to these observations."
    assert sentences[3] == "Moreover, he published the tables of the planets in 1627."
    assert sentences[6].startswith("He called")


def test_a_sentence_naming_only_a_person_told_of_before_is_whom_the_next_he_means() -> None:
    text = (
        "Tycho Brahe (1546-1601) was a nobleman of the island of Hven in Denmark. "
        "The comet of 1577 passed through the spheres of the planets. "
        "To explain this, I must return to Brahe. "
        "Before his time, comets were thought to lie below the moon. "
        'He called his proof the "parallax of the comet."'
    )
    sentences, _ = _resolved(text, paragraphs=True)
    assert sentences[4].startswith('Brahe called his proof the "parallax of the comet."')


def test_a_name_with_its_lifespan_and_role_at_an_institution_is_whom_he_means() -> None:
    text = (
        "William Harvey (1578-1657) was a physician of St. Bartholomew's Hospital in London. "
        "As we learned in the last lecture, he was the first to describe completely the circulation of "
        "the blood through the body. "
        'He called his method "ocular demonstration," and he trusted nothing that he had not seen.'
    )
    fronts = {c.front: c.back for c in kept_cards(text, SourceRef(page=1))}
    first = "Who was the first to describe completely the circulation of the blood through the body?"
    assert fronts.get(first) == "William Harvey"
    assert fronts.get("What did William Harvey call his method?") == "“ocular demonstration”"


def test_the_person_is_followed_into_the_next_section_but_its_cards_quote_their_own_sentence() -> None:
    from cards.offline.referents import Referents

    first = "Tycho Brahe (1546-1601) was a nobleman of the island of Hven in Denmark."
    after = "His great discovery was that the comet of 1577 lay beyond the moon."
    drafter = Drafter(
        chunk(Section(f"{first} {after}", SourceRef(page=1))), GenerationOptions(max_cards=40), "en"
    )
    referents = Referents(drafter, text=first)
    referents.resolved(first)
    referents.next_section(after)  # "[Illustration]" stood between
    named = referents.resolved(after)
    assert named == "Tycho Brahe’s great discovery was that the comet of 1577 lay beyond the moon."
    assert drafter.originals[named] == after


def test_he_after_one_sentence_between_that_names_no_one() -> None:
    # a lecture of our own: the works' sentence between names no one, "the latter" is a work
    text = (
        'Anton Reicha was born in 1770, in Prague, and his chief works were "Sapho" and the "Natalie." '
        "The first was produced in 1822, the latter in 1816. "
        "He died in 1836.\n\n"
        "Louis Ferrand was born in 1769, in Lyons. "
        "The opera was given twice. "
        "The theatre burned in 1810. "  # a second sentence between: whom "he" means is no longer sure
        "He died in 1831.\n\n"
        "Jean Lebrun was born in 1759, in Nancy. "
        "The minister praised the work. "  # someone else between
        "He died in 1809."
    )
    sentences, _ = _resolved(text, paragraphs=True)
    assert "Anton Reicha died in 1836." in sentences
    assert sentences.count("He died in 1831.") == 1
    assert sentences.count("He died in 1809.") == 1


def test_no_he_after_a_sentence_between_that_opens_with_a_name() -> None:
    text = "Jean Lebrun was born in 1759, in Nancy. Grimaldi praised the work. He died in 1809."
    sentences, _ = _resolved(text, paragraphs=True)
    assert sentences[-1] == "He died in 1809."


def test_the_former_after_two_people_or_two_things() -> None:
    # a lecture of our own
    text = (
        "The first makers whom I would name are Gasparo da Salò, Master of Brescia, and Andrea Amati.\n\n"
        "The former was a pupil of a viol maker, was born in 1540, and died in 1609. "
        "His instruments are prized for their dark tone.\n\n"
        "The _rebec_ and the viol were its forerunners. "
        "The former was a small pear-shaped instrument played by the jongleurs.\n\n"
        "The court heard Lully, Rameau and Campra. The former became director of the king's music.\n\n"
        "Giovanni Bononcini and his brother Antonio, both famous in their day, follow. "
        "The latter was born in 1677."
    )
    sentences, _ = _resolved(text, paragraphs=True)
    assert "Gasparo da Salò was a pupil of a viol maker, was born in 1540, and died in 1609." in sentences
    assert "Gasparo da Salò’s instruments are prized for their dark tone." in sentences
    assert "The rebec was a small pear-shaped instrument played by the jongleurs." in sentences
    assert "The former became director of the king's music." in sentences  # three people: which one?
    assert "Antonio was born in 1677." in sentences  # the pair opens the sentence before
    fronts = {c.front: c.back for c in kept_cards(text, SourceRef(page=1))}
    assert fronts.get("When did Gasparo da Salò die?") == "In 1609"


def test_a_group_after_the_verb_is_no_one_he_can_mean() -> None:
    # "the minnesingers" are "they"; "the minister" is one man, whom "he" could mean
    text = (
        "Vienna loved the songs of Reinmar. "
        "Reinmar (plate 12), as Reinmar von Hagenau was called, represents the minnesingers in Vienna. "
        "He died about 1205.\n\n"
        "Morungen (plate 9) served the minister of the margrave. He died in 1222."
    )
    sentences, _ = _resolved(text, paragraphs=True)
    assert "Reinmar died about 1205." in sentences
    assert "He died in 1222." in sentences


def test_a_name_after_an_opening_phrase_with_a_verb_of_a_life_is_whom_he_means() -> None:
    # a chunk may open in the middle of a life: the person not told of before in it
    text = (
        "Until 1830, Ottmar Leisewitz painted small and unimportant portraits for the court. "
        "He married a daughter of the court printer. "
        "He died June 3, 1841. "
        "In 1850, Dresden had three theatres. "  # a place with "had": no person
        "He left the city."
    )
    sentences, _ = _resolved(text)
    assert sentences[1:3] == [
        "Ottmar Leisewitz married a daughter of the court printer.",
        "Ottmar Leisewitz died June 3, 1841.",
    ]
    assert sentences[4] == "He left the city."
    fronts = {c.front: c.back for c in kept_cards(text, SourceRef(page=1))}
    assert fronts.get("When did Ottmar Leisewitz die?") == "June 3, 1841"


def _chunk_cards(lead_in: str, text: str, *, same_heading: bool = True) -> dict[str, str]:
    """The offline question cards (through the gate) of ``text`` cut from the chunk before, whose end is
    ``lead_in`` under the same chapter or the chapter before."""
    from cards.generate import generate_cards
    from documents.model import Chunk

    heading = ("IV. The Rise of the Toccata",)
    section = Section(text, SourceRef(paragraph=2, heading=heading))
    before = heading if same_heading else ("III. The Lute Books",)
    piece = Chunk(index=1, sections=(section,), heading=heading, lead_in=lead_in, lead_in_heading=before)
    cards = generate_cards(
        piece, GenerationOptions(max_cards=40), None, language="en", density_per_1k=100
    ).cards
    return {c.front: c.back for c in cards if c.kind.value == "basic"}


def test_the_first_he_of_a_chunk_is_the_man_the_chunk_before_ends_on_in_the_same_chapter() -> None:
    lead_in = "To see how the keyboard style arose, I must return once more to Frescobaldi."
    text = (
        "Before his time, organists played from vocal parts, adding little of their own. "
        "He called his system a “toccata” or “touch-piece,” and to play by his rules was called to “touch.” "
        "We must remember that the organs of the period were heavy to play, and the systems of "
        "Frescobaldi and his pupils were written for them."
    )
    cards = _chunk_cards(lead_in, text)
    assert cards.get("What did Frescobaldi call his system?") == "“toccata” or “touch-piece”"
    # a new chapter opens on someone else; a place ends the chunk before; a second man opens the chunk
    assert "What did Frescobaldi call his system?" not in _chunk_cards(lead_in, text, same_heading=False)
    place = "To see how the keyboard style arose, I must return once more to Venice."
    assert not any("Venice" in front for front in _chunk_cards(place, text))
    rival = text.replace("organists played", "Merulo played", 1)
    assert "What did Frescobaldi call his system?" not in _chunk_cards(lead_in, rival)


def test_a_name_led_by_initials_is_whom_he_means() -> None:
    text = (
        "W.F. Brindle (born 1710) was much better known than his father; even Zendler said of him, "
        '"He is the master, and we are mere pupils." '
        "He was renowned as an organist. "
        "He died in 1784 in Berlin, where he was organist of the cathedral. "
        "J. K. Zendler was born in 1730. "
        "The king admired his playing. "  # a king between: "he" may be the king
        "He died in 1790 in Potsdam."
    )
    sentences, _ = _resolved(text, paragraphs=True)
    assert sentences[1:3] == [
        "W.F. Brindle was renowned as an organist.",
        "W.F. Brindle died in 1784 in Berlin, where he was organist of the cathedral.",
    ]
    assert sentences[-1] == "He died in 1790 in Potsdam."


def test_a_paragraph_that_keeps_one_man_its_subject_names_him_past_opening_phrases() -> None:
    text = (
        "Ottmar Leisewitz was born in 1761, in Dresden, the son of an organist. He went to Vienna in 1779, "
        "where, through the influence of the Countess Thun, he had two masses performed. "
        "In this, his first large work, he followed Haydn's example. "
        "In 1784, he wrote his opera “Admetus.” "
        "His later works were never printed. "
        "After the Revolution in France, he was named organist by the Elector of Saxony. "
        "He died in Prague in 1824.\n\n"  # another man (the Elector) in the sentence before: who died?
        "Kaspar Zendler was born in 1770. In 1790, he met Hans Brindle at Leipzig. "
        "After a long quarrel, he left the city. "  # Zendler or Brindle?
        "In 1795, he wrote a mass.\n\n"
        "Friedrich Lamm was born in 1740, in Kassel. After Mozart's death, he became organist at Salzburg. "
        "In his old age, he turned to God.\n\n"
        "Georg Wendt was born in 1750. “He is the master,” said the prince of his playing. "
        "In 1771, he became organist at Gotha."
    )
    sentences, _ = _resolved(text, paragraphs=True)
    assert sentences[2:6] == [
        "In this, his first large work, Ottmar Leisewitz followed Haydn's example.",
        "In 1784, Ottmar Leisewitz wrote his opera “Admetus.",
        "Ottmar Leisewitz’s later works were never printed.",
        "After the Revolution in France, Ottmar Leisewitz was named organist by the Elector of Saxony.",
    ]
    unnamed = [s for s in sentences[6:] if re.match(r"(?:In \d+, |After [^,]+, |In his old age, )?[Hh]e ", s)]
    assert unnamed == [
        "He died in Prague in 1824.",
        "After a long quarrel, he left the city.",
        "In 1795, he wrote a mass.",
        "After Mozart's death, he became organist at Salzburg.",
        "In his old age, he turned to God.",
        "In 1771, he became organist at Gotha.",
    ]


def test_a_name_a_he_chain_follows_is_the_man_unless_a_recipient_or_a_ruler() -> None:
    text = (
        "Zendler wrote only for the church.\n\n"
        "The next powerful influence in Germany, and indeed in all Europe, was that of Brandauer. "
        "He may be said to have built on Haydn's ideas. "
        "His best work was “The Miller.”\n\n"
        "Wendt never troubled himself about the stage. Thus the reform of the opera devolved upon Brandauer. "
        "His early operas were in the old style.\n\n"
        "The opera was dedicated to Frederick. His next opera failed.\n\n"
        "The opera was first given at the court of Frederick. His next opera failed. Frederick paid well."
    )
    sentences, _ = _resolved(text, paragraphs=True)
    assert sentences[2:4] == [
        "Brandauer may be said to have built on Haydn's ideas.",
        "Brandauer’s best work was “The Miller.”",
    ]
    assert sentences[6] == "Brandauer’s early operas were in the old style."
    assert sentences[8] == sentences[10] == "His next opera failed."


def test_a_birth_down_the_chain_is_asked_of_the_man() -> None:
    text = (
        "Zendler admired the work of Brandauer.\n\n"
        "The next powerful influence in Germany, and indeed in all Europe, was that of Brandauer. "
        "He may be said to have built on older ideas in many ways. "
        "Born in 1792, at Pesaro, in Italy, he wrote many operas while still a boy."
    )
    fronts = {c.front: c.back for c in kept_cards(text, SourceRef(page=1))}
    assert fronts.get("When was Brandauer born?") == "In 1792"
    assert fronts.get("Where was Brandauer born?") == "At Pesaro, in Italy"


def test_no_cloze_of_a_chained_sentence_as_written() -> None:
    text = (
        "Luigi Vallani was born in 1760, at Florence. He studied with his father, and later with Sarti at "
        "Bologna. In 1788, he settled in Paris, where he spent the rest of his life. "
        'After the Revolution, he wrote "Lodoïska," which was given with great success in 1791. '
        'His best opera, "Medea," followed in 1797.'
    )
    fronts = [c.front for c in kept_cards(text, SourceRef(page=1))]
    assert not [f for f in fronts if "he wrote" in f]
    assert "When was “Lodoïska” given?" in fronts


def test_he_is_not_a_woman_named_without_a_pronoun() -> None:
    # "he" is someone else when the person is a woman by her kin, her title or an earlier "she", or when
    # the "he" sentence's own "her" could be her; a man named the same way is still "he"
    for text in (
        "Anna Weiss was born in 1750 near Vienna, the daughter of a schoolmaster. "
        "In 1770, he offered a post.",
        "Madame Anna Weiss was born in 1750 in Linz. In 1770, he married a singer.",
        "Anna Weiss was born in 1750 in Linz. She studied in Vienna. In 1770, he heard a mass.",
        "Anna Weiss was born in 1750 in Linz. In 1770, he heard her sing at the court.",
    ):
        sentences, _ = _resolved(text, paragraphs=True)
        assert sentences[-1].startswith("In 1770, he "), text
    sentences, _ = _resolved(
        "Karl Weiss was born in 1750 in Linz, the son of a cantor. In 1770, he heard her sing at the court.",
        paragraphs=True,
    )
    assert sentences[-1] == "In 1770, Karl Weiss heard her sing at the court."


def test_a_chained_he_named_to_a_post_or_making_a_work_gets_its_card() -> None:
    text = (
        "Johann Peter Brandl was born in 1761 at Kassel, the son of an organist. He studied with his father. "
        "In 1788, he settled in Vienna, where he spent the rest of his life. "
        "After the war, he was named director of the court opera in Munich, a post he held until 1830. "
        'In 1805, he wrote the opera "Die Nixe," which was given at Munich in 1806.\n\n'
        'In 1812, Kessler scored his greatest success with the opera "Alcina." '
        'Weber was disgusted with the opera "Armida." '
        'In 1820, Meyer competed with the opera "Ossian" of Salieri. '
        "After the war, Brandl was made to wait two years for a post."
    )
    fronts = {c.front: c.back for c in kept_cards(text, SourceRef(page=1))}
    assert fronts.get("To what post was Johann Peter Brandl named after the war?") == (
        "Director of the court opera in Munich"
    )
    assert fronts.get("Whose opera is “Die Nixe”?") == "Johann Peter Brandl"
    assert fronts.get("Whose opera is “Alcina”?") == "Kessler"
    assert not [f for f in fronts if f.startswith("Whose") and ("Armida" in f or "Ossian" in f)]
    assert not [f for f in fronts if f.startswith("To what post was Brandl made")]


def test_words_someone_wrote_are_not_their_work() -> None:
    from cards.offline import works

    text = (
        'Liszt wrote the symphonic poem "Les Préludes." Bach wrote "Soli Deo Gloria" at the end. '
        'Hanslick wrote, "Not I." Mozart heard the opera "Alceste" in Vienna. '
        'Berlioz fell in love with the opera "Alceste."'
    )
    fronts = {c.front: c.back for c in drafted(works.made_work, text)}
    assert fronts == {"Whose symphonic poem is “Les Préludes”?": "Liszt"}
