"""A language reader's vocabulary laid out in two columns of plain text: one card per entry, asked in
the document's language; a two-column layout that is no vocabulary (contents, a poem, a form) gives
none (text written for the tests: a German reader for English speakers, a village almanac)."""

from __future__ import annotations

from dataclasses import replace

from cards.generate import generate_cards
from cards.offline.vocabulary import _fragment, _lead
from cards.quality import check_language
from cards.schema import CardDraft, CardKind, GenerationOptions, Origin
from cards.standalone import context_problem, sentence_problem
from documents.columns import two_column_rows
from documents.limits import ParseLimits
from documents.model import Section, SourceRef
from documents.parsers.text import parse_plain_text, text_sections
from tests.cards.sample import chunk

_READER = """Der Umzug

Anna packt ihre Sachen in einen großen Karton. Der Lastwagen wartet schon vor dem Haus. Felix
trägt seinen Hund auf dem Arm, denn der Hund hat Angst vor dem Lastwagen. Die Mutter sagt:
"Beeilt euch, der Zug fährt um neun Uhr!" Der Bahnhof ist voll, und der Zug hat Verspätung.


III.

  der Umzug,                      the move (to a new home).
  _packen_,                       to pack.
  die Sachen,                     the things, belongings.
  der Karton,                     the cardboard box.
  Angst haben vor,                to be afraid of.
  der Schalter,                   the ticket office (lit.: the
                                    counter).
  der Zug fährt um neun           the train leaves at nine
    Uhr,                            o'clock.
  es ist höchste Zeit, dass wir   it is high time that we went to the station before
    endlich zum Bahnhof gehen,      the train leaves without us and the tickets expire.
  Verspätung haben,               lit.: to have delay.
"""

_ALMANAC = """The Village Almanac

The almanac of the village of Ashby was printed every year by the schoolmaster, who collected
the names of the farms, the dates of the fairs and the best verses the children had written.


Contents

  The Farms                       3
  The Fairs                      11
  The Weather                    17


The Two Voices

  The river runs to meet the sea,   The mill wheel turns for you and me,
  The swallow dips above the weir,  The miller sings for all to hear,
  And every stone the water knows   Is warm again when summer goes.


Entry Form

  Name of exhibitor:              ..............................
  Farm or address:                ..............................
  Signature:                      ..............................
"""


def _cards(text: str, language: str) -> dict[str, str]:
    sections = text_sections(text)
    cards = generate_cards(chunk(*sections), GenerationOptions(max_cards=40), None, language=language).cards
    return {c.front: c.back for c in cards}


def test_rows_of_two_columns_with_continuation_lines() -> None:
    rows = two_column_rows(_READER.split("III.\n\n")[1].splitlines())
    assert rows is not None
    assert rows[5] == ("der Schalter,", "the ticket office (lit.: the counter).")
    assert rows[6] == ("der Zug fährt um neun Uhr,", "the train leaves at nine o'clock.")


def test_a_vocabulary_entry_is_a_card_asked_in_the_documents_language() -> None:
    cards = _cards(_READER, "de")
    vocabulary = {q: a for q, a in cards.items() if "Englisch" in q}
    assert vocabulary["Kapitel III: Was heißt „der Umzug“ auf Englisch?"] == "the move (to a new home)"
    assert vocabulary["Kapitel III: Was heißt „packen“ auf Englisch?"] == "to pack"  # italics marks gone
    # a translator's note in brackets is cut; a row that is only a note, or a long paraphrase, is no card
    assert vocabulary["Kapitel III: Was heißt „der Schalter“ auf Englisch?"] == "the ticket office"
    assert vocabulary["Kapitel III: Was heißt „der Zug fährt um neun Uhr“ auf Englisch?"] == (
        "the train leaves at nine o'clock"
    )
    assert not any("Verspätung" in q or "höchste Zeit" in q for q in vocabulary)
    assert len(vocabulary) == 7


def test_contents_a_two_column_poem_and_a_form_make_no_card() -> None:
    cards = _cards(_ALMANAC, "en")
    assert not any(
        word in q for q in cards for word in ("Farms", "river", "swallow", "exhibitor", "Signature")
    )


def test_the_language_check_reads_a_vocabulary_cards_question_only() -> None:
    def card(back: str, span: str, tags: list[str]) -> CardDraft:
        return CardDraft(
            kind=CardKind.BASIC,
            front="Chapitre XXVI : que veut dire « la petite fille » en néerlandais ?",
            back=back,
            source=SourceRef(lines=(1, 2)),
            origin=Origin.OFFLINE,
            source_span=span,
            tags=tags,
        )

    answer = "het kleine meisje dat in de tuin van haar moeder zit en op haar vader wacht"
    row = f"la petite fille qui est dans le jardin de sa mère, | {answer}."
    assert check_language(card(answer, row, ["vocabulary"]), "fr")[0]
    # the tag alone exempts nothing: the answer must be quoted in the row the card cites
    assert not check_language(card(answer, "la petite fille", ["vocabulary"]), "fr")[0]
    assert not check_language(card(answer, row, []), "fr")[0]


def test_a_markdown_table_of_two_languages_under_a_numbered_lesson() -> None:
    heading = ("Lesson 3: At the market",)
    prose = (
        "Markets in Spain open early in the morning, and most stalls close at two in the afternoon. "
        "Prices are written on small boards, and sellers let you taste the fruit before you buy it."
    )
    table = (
        "Español | English\n--- | ---\nla fruta | the fruit\nel puesto | the stall\nbarato | cheap\n"
        "caro | expensive\n¿Cuánto cuesta? | How much does it cost?\nlas manzanas | the apples"
    )
    sections = (Section(prose, SourceRef(lines=(1, 2), heading=heading)),
                Section(table, SourceRef(lines=(4, 9), heading=heading), kind="table"))  # fmt: skip
    cards = generate_cards(chunk(*sections), GenerationOptions(max_cards=40), None, language="en").cards
    fronts = {c.front: c.back for c in cards}
    # the lesson's number is on the card: it names the cited place, so grounding (Q10) accepts it
    assert fronts["In “Lesson 3: At the market”, what is “la fruta” in English?"] == "the fruit"
    assert fronts["In “Lesson 3: At the market”, what is “caro” in English?"] == "expensive"
    assert not any("Español" in f for f in fronts)  # the header row names the languages


def test_code_with_aligned_comments_is_not_two_columns() -> None:
    code = [
        "    total = 0                     # the running sum",
        "    for item in items:            # every line of the order",
        "        total += item.price       # prices are in cents",
        "    return total                  # the order's total",
    ]
    assert two_column_rows(code) is None


_FRENCH_READER = """III. Paul est méchant

Paul est un petit garçon très méchant. Il monte sur la chaise et il mange le sucre. Maman
regarde Paul et elle se fâche. Marie est triste, mais elle ne dit rien. Papa arrive et il gronde
le petit gourmand.


III.

  Méchant,                        ondeugend.
  monte sur la chaise,            klimt op den stoel.
  il mange le sucre,              hij eet de suiker.
  Marie est triste,               Marie is treurig.
  elle ne dit rien,               zij zegt niets.
  pourquoi? ou: pourquoi pas?     waarom niet?
  il gronde,                      hij knort.
"""


def test_the_first_entry_loses_its_list_capital_a_name_keeps_it_a_note_makes_no_card() -> None:
    cards = _cards(_FRENCH_READER, "fr")
    vocabulary = {q.removeprefix("Chapitre III : "): a for q, a in cards.items() if "néerlandais" in q}
    assert vocabulary["que veut dire « méchant » en néerlandais ?"] == "ondeugend"
    assert vocabulary["que veut dire « Marie est triste » en néerlandais ?"] == "Marie is treurig"
    assert not any("pourquoi" in q for q in vocabulary)
    assert len(vocabulary) == 6


# A Spanish reader for English speakers (written for the tests): its lessons numbered "1.", "2.",
# the first with a vocabulary of three rows.
_SPANISH_READER = """The Project Gutenberg EBook of Lecturas fáciles

Title: Lecturas fáciles
       Un libro para la escuela

*** START OF THIS PROJECT GUTENBERG EBOOK LECTURAS FÁCILES ***

La casa del río

Mi hermano Carlos tiene diez años. Vivimos en una casa pequeña cerca del río, y el vecino, el
Sr. Gómez, tiene un perro muy grande. Carlos tiene miedo del perro, pero el perro es bueno. Había
muchas flores en el jardín, y todas estas flores eran de la madre de Carlos.


1.

  la casa,                        the house.
  cerca del río,                  near the river.
  el vecino,                      the neighbour.


2.

  se acerca al,                   goes up to the.
  había,                          there (was) were.
  todas estas flores,             all these (little) flowers.
  el Sr.,                         Mr.
  tener miedo de,                 to be afraid of.
  el perro es bueno,              the dog is good.
  el jardín,                      the garden (behind the house).
"""


def _spanish_cards() -> dict[str, str]:
    parsed = parse_plain_text(_SPANISH_READER, ParseLimits())
    the_chunk = replace(chunk(*parsed.sections), title=parsed.title)
    cards = generate_cards(the_chunk, GenerationOptions(max_cards=40), None, language="es").cards
    return {c.front: c.back for c in cards if "vocabulary" in c.tags}


def test_a_bare_number_over_a_vocabulary_is_its_lesson_and_three_rows_are_a_vocabulary() -> None:
    cards = _spanish_cards()
    # "1." heads the vocabulary under it; its three rows take the languages of the lesson after it
    assert cards["«Lecturas fáciles», capítulo 1: ¿qué significa «la casa» en inglés?"] == "the house"
    assert cards["«Lecturas fáciles», capítulo 1: ¿qué significa «el vecino» en inglés?"] == "the neighbour"
    assert "«Lecturas fáciles», capítulo 2: ¿qué significa «el perro es bueno» en inglés?" in cards


def test_a_bracket_inside_an_answer_leaves_the_main_form_a_trailing_one_stays() -> None:
    cards = {q.split(": ", 1)[1]: a for q, a in _spanish_cards().items()}
    assert cards["¿qué significa «había» en inglés?"] == "there were"
    assert cards["¿qué significa «todas estas flores» en inglés?"] == "all these flowers"
    assert cards["¿qué significa «el jardín» en inglés?"] == "the garden (behind the house)"


def test_an_abbreviation_keeps_its_full_stop_a_fragment_ending_in_an_article_makes_no_card() -> None:
    cards = {q.split(": ", 1)[1]: a for q, a in _spanish_cards().items()}
    assert cards["¿qué significa «el Sr.» en inglés?"] == "Mr."
    assert not any("se acerca" in q for q in cards)  # "goes up to the": the noun is cut off
    # a preposition that ends a fixed phrase is what it teaches
    assert cards["¿qué significa «tener miedo de» en inglés?"] == "to be afraid of"


def test_a_relative_clause_without_its_noun_makes_no_card_a_question_does() -> None:
    rows = (
        "  qui remarque tristement,       die treurig opmerkt.\n"
        "  qui est-ce,                     wie is dat?\n"
        "  il gronde,"
    )
    text = _FRENCH_READER.replace("  il gronde,", rows)
    cards = _cards(text, "fr")
    assert not any("remarque" in q for q in cards)
    assert cards["Chapitre III : que veut dire « qui est-ce » en néerlandais ?"] == "wie is dat?"


def test_three_rows_without_another_vocabulary_are_no_table() -> None:
    form = "Notes\n\n" + "".join(
        f"  {left:<22}{right}\n"
        for left, right in (("Name:", "Ann Smith"), ("Farm:", "Ashby Mill"), ("Town:", "Ashby"))
    )
    assert all(s.kind == "body" for s in text_sections(form))


def test_a_quoted_title_is_no_voice_and_no_second_text() -> None:
    # the book's name holds "Nous" (we): a name in title case, not the author's voice
    text = (
        "Dans le chapitre « Une visite » de « Entre Nous », les personnages nommés sont {{c1::Jean}} "
        "et {{c2::Marie}}."
    )
    assert context_problem(text, "fr") == ""
    assert sentence_problem(text, "fr", is_list=True) == ""
    assert context_problem("Dans le chapitre « Une visite », nous voyons {{c1::Jean}}.", "fr")


def test_the_book_is_named_before_the_chapter_a_german_noun_keeps_its_capital() -> None:
    section = Section("der Markt | the market", SourceRef(lines=(1, 1), heading=("2",)), kind="table")
    assert _lead(section, "de", "Kleine Geschichten") == "„Kleine Geschichten“, Kapitel 2: "
    assert _lead(section, "fr", "Entre Nous") == "« Entre Nous », chapitre 2 : "


def test_a_german_relative_clause_is_an_article_before_an_article() -> None:
    assert _fragment("der die Äpfel verkauft", "who sells the apples", "de", "en")
    assert not _fragment("der Bauer", "the farmer", "de", "en")
    assert not _fragment("die Tochter des Bauern", "the farmer's daughter", "de", "en")
