"""A language reader's vocabulary laid out in two columns of plain text: one card per entry, asked in
the document's language; a two-column layout that is no vocabulary (contents, a poem, a form) gives
none (text written for the tests: a German reader for English speakers, a village almanac)."""

from __future__ import annotations

from cards.generate import generate_cards
from cards.quality import check_language
from cards.schema import CardDraft, CardKind, GenerationOptions, Origin
from documents.columns import two_column_rows
from documents.model import Section, SourceRef
from documents.parsers.text import text_sections
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
