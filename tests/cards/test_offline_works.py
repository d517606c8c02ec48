"""Whose work a title is: "Bizet's “Carmen”" → "Whose work is “Carmen”?" / "Bizet"."""

from __future__ import annotations

from .sample import drafted


def _cards(text: str) -> dict[str, str]:
    from cards.offline import works

    return {c.front: c.back for c in drafted(works.whose_work, text)}


def test_a_title_named_with_its_maker_asks_whose_work_it_is() -> None:
    cards = _cards(
        "The overture to Zendler's “Moonlit Harbour” opens with a long horn call. "
        "Kestrel's first opera “Ariadne in Lydia” was given at the court theatre in 1733. "
        "The composer admired the “Storm Cantata” of Ottmar von Leisewitz above all other works."
    )
    assert cards == {
        "Whose work is “Moonlit Harbour”?": "Zendler",
        "Whose first opera is “Ariadne in Lydia”?": "Kestrel",
        "Whose work is “Storm Cantata”?": "Ottmar von Leisewitz",
    }


def test_no_card_for_a_pronoun_an_everyday_word_a_clause_or_two_titles() -> None:
    cards = _cards(
        "His “Vestal” was given in Paris with great success. "  # whose?
        "In Zendler's “Suite” the dances follow one another without a pause. "  # a word, not a name
        "The chief of Kestrel's pupils was “a man of great learning” in every respect. "  # speech
        "Perhaps Ottmar's friends were “Moonlit Harbour” admirers, as the letters tell. "  # a clause
        "Sahagun's “Nueva España and Bernal Diaz” describe the songs of the Aztecs. "  # two works
        "Arrays are covered in the “Data Types” section of Chapter 3."  # a part of the book, no maker
    )
    assert cards == {}


def test_no_card_for_a_numbered_form_of_work() -> None:
    # "Whose work is “Second Rhapsody”?": many composers wrote a second rhapsody (blind readers dropped it)
    cards = _cards(
        "Zendler's “Second Rhapsody,” opening section, is merely of the savage three-note type. "
        "Kestrel's “First Love” was given at the court theatre in 1733."
    )
    assert cards == {"Whose work is “First Love”?": "Kestrel"}


def test_the_kind_of_work_the_text_names_is_asked() -> None:
    cards = _cards(
        "Kestrel's first opera “Ariadne in Lydia” was given in 1733. "
        "The finest of them is the “Seestück” overture of Ottmar von Leisewitz."
    )
    assert cards == {
        "Whose first opera is “Ariadne in Lydia”?": "Kestrel",
        "Whose work is the “Seestück” overture?": "Ottmar von Leisewitz",
    }


def _named(text: str) -> dict[str, str]:
    from cards.offline import works

    return {c.front: c.back for c in drafted(works.named_works, text)}


def test_a_makers_works_listed_or_in_apposition() -> None:
    cards = _named(
        "Zendler's principal works were “Moonlit Harbour” and “The Miller's Daughter”. "
        "Kaspar Brindle's first grand opera, “Le roi des Aulnes,” was given in 1881."
    )
    assert cards == {
        "What were Zendler’s principal works?": "“Moonlit Harbour” and “The Miller's Daughter”",
        "What was Kaspar Brindle’s first grand opera?": "“Le roi des Aulnes”",
    }


def test_no_works_card_for_a_description_or_a_clause() -> None:
    cards = _named(
        "Zendler's principal works were written for the court of Dresden. "  # no titles
        "Zendler's operas are “Moonlit Harbour” and many others of less account. "  # more than titles
        "Zendler's friends in Vienna, “the Harbour circle,” met every week."  # no title: lower case
    )
    assert cards == {}


def test_no_works_card_for_a_work_named_as_an_example() -> None:
    # named in passing to show something else: whose work it is is not what the text teaches
    assert not _cards(
        "For example, a writing prompt after reading Zendler's “Moonlit Harbour” might ask about the sea. "
        "Tone painting is heard, by way of example, in the opening of Kestrel's “Forest Scenes”."
    )
    assert _cards("Tone painting is heard in the opening of Kestrel's “Forest Scenes”.") == {
        "Whose work is “Forest Scenes”?": "Kestrel"
    }


def _own(text: str) -> dict[str, str]:
    from cards.offline import works

    return {c.front: c.back for c in drafted(works.own_work, text)}


def test_a_work_named_by_its_makers_own_his_or_her_is_asked() -> None:
    # a history of painting and of science, not the corpus: "NAME, in his “Title”, …"
    cards = _own(
        "Vasari, in his “Lives of the Artists,” tells how Giotto drew a perfect circle. "
        "Elsewhere Cennino Cennini describes in his “Craftsman's Handbook” how panels were gessoed. "
        "The experiment, which Galvani describes in his first memoir “De Viribus Electricitatis,” "
        "was repeated at Pavia. "
        "Mary Somerville, in her “Connexion of the Physical Sciences,” set out the new astronomy. "
        "Vesalius had many quarrels in connection with his one treatise “De Humani Corporis Fabrica,” "
        "as the letters show. "
        "The portrait described by Du Fresnoy in his “Art of Painting” is lost."
    )
    assert cards == {
        "Whose work is “Lives of the Artists”?": "Vasari",
        "Whose work is “Craftsman's Handbook”?": "Cennino Cennini",
        "Whose first memoir is “De Viribus Electricitatis”?": "Galvani",
        "Whose work is “Connexion of the Physical Sciences”?": "Mary Somerville",
        "Whose treatise is “De Humani Corporis Fabrica”?": "Vesalius",
        "Whose work is “Art of Painting”?": "Du Fresnoy",
    }


def test_no_own_work_card_when_his_may_be_someone_elses() -> None:
    cards = _own(
        "Reynolds praised Gainsborough in his “Fourteenth Discourse” after his death. "  # object, not subject
        "Newton wrote to the king of his “Opticks” with some pride. "  # another man between
        "Turner told her “Go home” and walked off. "  # her: whom he spoke to
        "Ruskin quoted his words “Light is the first of painters” often. "  # speech, not a work
        "For example, Goethe, in his “Theory of Colours,” opposes Newton."  # a work named as an example
    )
    assert cards == {}


def _shown(text: str) -> dict[str, str]:
    from cards.offline import works

    return {c.front: c.back for c in drafted(works.shown_when, text)}


def test_when_a_named_work_was_given_published_or_shown() -> None:
    # a history of science and of painting, not the corpus
    cards = _shown(
        "Newton's fame grew with his “Principia,” which was published in London in 1687. "
        "His largest canvas, “The Night Watch,” was completed in 1642, when he was at the height of fame. "
        "The “Raft of the Medusa” was exhibited (but without success) at the Salon, in August, 1819. "
        "His “Water Music” was played on the Thames during the summer of 1717."
    )
    assert cards == {
        "When was “Principia” published in London?": "In 1687",
        "When was “The Night Watch” completed?": "In 1642",
        "When was “Raft of the Medusa” exhibited at the Salon?": "In August, 1819",
        "When was “Water Music” played on the Thames?": "During the summer of 1717",
    }


def test_no_date_card_for_more_than_where_and_how_or_a_date_elsewhere() -> None:
    cards = _shown(
        "The “Requiem” was given to the public by the priests in 1790. "  # more than where and how
        # the date before the verb, not after
        "Finally in 1807 his “Vestal,” written to a French text, was given with great success. "
        "The “Seasons” was performed in 1801-1802 at Vienna."  # a range: which year?
    )
    assert cards == {}


def test_the_date_card_names_the_maker_the_sentence_gives() -> None:
    cards = _shown(
        "Kaspar Brindle's first grand opera, “Le roi des Aulnes,” was given in 1881. "
        "Zendler's best works were written late, and his “Moonlit Harbour” was given at Dresden in 1790. "
        "Zendler's pupils admired Brindle, and his “Storm Cantata” was given in 1801."  # whose "his"?
    )
    assert cards == {
        "When was Kaspar Brindle’s “Le roi des Aulnes” given?": "In 1881",
        "When was Zendler’s “Moonlit Harbour” given at Dresden?": "In 1790",
        "When was “Storm Cantata” given?": "In 1801",
    }


def test_the_date_card_names_the_one_person_the_sentence_names_before_his() -> None:
    cards = _shown(
        "In 1790 the review I spoke of appeared, and such was its effect on Zendler that within a year his "
        "first cantata “Moonlit Harbour” was given (May, 1791). "
        "In 1799 the critic praised Brindle, and his “Storm Cantata” was given in 1801. "  # whose "his"?
        "When he met Brindle in Dresden, his “Winter Mass” was given in 1802. "  # "he" may be another man
        "Zendler wrote to Brindle that his “Easter Oratorio” was given in 1803."  # two names
    )
    assert cards == {
        "When was Zendler’s “Moonlit Harbour” given?": "May, 1791",
        "When was “Storm Cantata” given?": "In 1801",
        "When was “Winter Mass” given?": "In 1802",
        "When was “Easter Oratorio” given?": "In 1803",
    }


def test_own_work_after_initials_and_with_an_elided_french_article() -> None:
    # a traveller's and a critic's books, not the corpus
    cards = _own(
        "We are told by M. Régis, in his “Voyage en Chine,” that the bells were cast in bronze. "
        "Fétis, in his “Esquisse de l'harmonie,” calls the scale a convention."
    )
    assert cards == {
        "Whose work is “Voyage en Chine”?": "M. Régis",
        "Whose work is “Esquisse de l'harmonie”?": "Fétis",
    }
