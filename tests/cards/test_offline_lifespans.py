"""When a named person lived: "Charlemagne (742-814 A.D.)" → "When did Charlemagne live?"."""

from __future__ import annotations

from .sample import drafted


def _cards(text: str) -> dict[str, str]:
    from cards.offline import lifespans

    return {c.front: c.back for c in drafted(lifespans.lifespan, text)}


def test_a_name_with_the_years_of_a_life() -> None:
    cards = _cards(
        "The chant was only established through Charlemagne (742-814 A.D.), a hundred years later. "
        "Sophocles (495-406 B.C.) added a third actor to the stage. "
        "Let us take a sonata by Méhul (1763-1817) as an example. "
        "The treatise of Rameau (1683–1764) made harmony a science."  # the dash as written
    )
    assert cards == {
        "When did Charlemagne live?": "742-814 A.D.",
        "When did Sophocles live?": "495-406 B.C.",
        "When did Méhul live?": "1763-1817",
        "When did Rameau live?": "1683–1764",
    }


def test_no_life_in_a_period_a_page_range_or_a_described_name() -> None:
    cards = _cards(
        "The doges of Venice (1445-1459) ruled the sea. "  # fourteen years: a period, not a life
        "See the remarks of Smith (12-41) on the matter. "  # a page range
        "A sonata by the German Rolle (1718-1785) shows a second theme. "  # named by a description
        "Ptolemy (1790-1850 B.C.) is out of order."  # years in the wrong order for the era
    )
    assert cards == {}


def test_no_life_of_a_name_in_passing() -> None:
    # a source the text cites or a reign it dates by: the text is not about that person's life
    cards = _cards(
        "The halls were crowded, for according to St. Basil (330-379 A.D.) the walls shook with song. "
        "The art declined in the time of Claudius (10-54 A.D.), and Otho (32-69 A.D.) alike. "
        "The guild flourished under Frederick (1194-1250) in the south. "
        "Perotin (1160-1230) wrote for four voices, and Leonin (1150-1201) for two."
    )
    assert cards == {"When did Perotin live?": "1160-1230", "When did Leonin live?": "1150-1201"}


def test_one_end_of_a_life_in_brackets() -> None:
    # a lecture of our own: a person's birth or death year after the name, "born"/"b."/"died"/"d."
    cards = _cards(
        "J.C. Bach (born 1735) settled in London and wrote for the King's Theatre. "
        "Galen (born 129 A.D.) describes the water organ of his day. "
        "As Boethius (died 524 A.D.), writing of the modes, says, music binds the soul. "
        "The symphony was shaped by every composer from Stamitz (d. 1757) down to Haydn. "
        "Gossec (b. about 1734) led the Concert des Amateurs. "
        "Galen, Boethius and Stamitz are each named again."  # the first and last open theirs
    )
    assert cards == {
        "When was J.C. Bach born?": "1735",
        "When was Galen born?": "129 A.D.",
        "When did Boethius die?": "524 A.D.",
        "When did Stamitz die?": "1757",
        "When was Gossec born?": "About 1734",
    }


def test_no_end_of_a_cited_author_or_a_bare_year() -> None:
    cards = _cards(
        "Its influence may be noticed in the later works of Burney (d. 1814) and Hawkins (d. 1789). "
        "Burney (1776) describes the opera at length. "  # a bare year: the cited work's
        "The songs of the German Rolle (born 1718) were sung in every house. "  # named by a description
        "The chant reached the court under Pepin (d. 768 A.D.) and spread. "  # a reign it dates by
        "The sonata was studied by every historian from Avison (d. 1770) down to our day. "  # named once
        "Burney, Hawkins, Rolle and Pepin are each named again."
    )
    assert cards == {}


def test_both_ends_of_a_life_and_the_birthplace_in_one_bracket() -> None:
    # a history of painting, not the corpus
    cards = _cards(
        "Albrecht Dürer (born in Nuremberg in 1471, died in 1528) was the first to engrave on copper "
        "with such skill. "
        "The later works of Carel Fabritius (born at Midden-Beemster in 1622, died 1654) are lost. "  # cited
        "Giorgione (born at Castelfranco in 1477, died 1410) painted the Tempest."  # not one life's years
    )
    assert cards == {
        "When was Albrecht Dürer born?": "In 1471",
        "Where was Albrecht Dürer born?": "In Nuremberg",
        "When did Albrecht Dürer die?": "In 1528",
    }
