"""What a reading quiz asks of a story, from sentences that state it plainly: names, ages, family
ties, titled songs and poems, where a character sits when first seen, what things are (text written
for the tests, after Grimm's and Perrault's tales)."""

from __future__ import annotations

from cards.offline import draft_offline_cards
from cards.schema import GenerationOptions
from documents.model import Chunk, Section, SourceRef

# A story's scenes: people told of in the third person who ask and exclaim.
_EN_SCENES = "She walked along the path, and he followed her. Would the night come soon? He hoped not! " * 12
_FR_SCENES = "Elle marche sur le chemin, et il la suit. La nuit va-t-elle tomber? Il l’espère! " * 12
_REPORT = (
    "The harbour authority met on Monday to discuss the new breakwater and its cost. "
    "The committee approved a budget of 4 million euros for the first phase of the works. "
) * 8


def _cards(
    *paragraphs: str, language: str, chapter: str = "", title: str | None = None, scenes: str = ""
) -> dict[str, str]:
    heading = (chapter,) if chapter else ()
    texts = (*paragraphs, scenes) if scenes else paragraphs
    sections = tuple(Section(p, SourceRef(paragraph=n, heading=heading)) for n, p in enumerate(texts, 1))
    chunk = Chunk(index=0, sections=sections, heading=heading, title=title)
    cards = draft_offline_cards(chunk, GenerationOptions(max_cards=60), language=language)
    return {c.front: c.back for c in cards if c.kind.value == "basic"}


def test_the_name_and_age_given_to_a_described_character() -> None:
    cards = _cards(
        "Deux garçons entrent. L’aîné des bûcherons est un grand garçon de quinze ans. Il s’appelle Pierre.",
        "«Bonjour, dit Pierre.»",
        language="fr",
        chapter="II. Chez la mère-grand",
        scenes=_FR_SCENES,
    )
    chapter = "Dans le chapitre « Chez la mère-grand », "
    assert (
        cards[f"{chapter}comment s’appelle l’aîné des bûcherons, un grand garçon de quinze ans ?"] == "Pierre"
    )
    assert cards[f"{chapter}quel âge a Pierre ?"] == "Quinze ans"


def test_an_age_said_of_the_sentences_named_subject_only() -> None:
    cards = _cards(
        "Gretel wept bitter tears, and said to Hansel, “Now all is over with us!”",
        "Hansel was ten years old, and the wood was dark.",
        "Gretel said that Hansel was nine years old.",  # said of someone else than the subject
        language="en",
        chapter="The Wood-Cutter's Children",
        scenes=_EN_SCENES,
    )
    ages = {q: a for q, a in cards.items() if "how old" in q}
    assert ages == {"In chapter “The Wood-Cutter's Children”, how old is Hansel?": "Ten years old"}


def test_family_ties_and_a_family_name() -> None:
    cards = _cards(
        "Pierre regarde le moulin. Jacques était le fils du meunier qui vivait près du moulin.",
        "Deux enfants arrivent, Pierre et Jacques. Ils sont frères et ils rient, dit Pierre.",
        "«Comment vous appelez-vous? demande le maître. — Je m’appelle Jacques Bonhomme.» Puis Jacques rit.",
        language="fr",
        title="Contes du moulin",
        scenes=_FR_SCENES,
    )
    assert cards["Dans « Contes du moulin », qui est Jacques ?"] == "Le fils du meunier"
    assert cards["Dans « Contes du moulin », quel lien de parenté y a-t-il entre Pierre et Jacques ?"] == (
        "Ils sont frères"
    )
    assert cards["Dans « Contes du moulin », quel est le nom de famille de Jacques ?"] == "Bonhomme"


def test_a_titled_character_is_asked_as_the_story_writes_them() -> None:
    cards = _cards(
        "The Queen was the stepmother of Snow-White, and she was proud. “Where is she?” asked the Queen.",
        "The Queen was sitting on a golden throne when the King came in, said the Queen's page.",
        language="en",
        chapter="The Mirror",
        scenes=_EN_SCENES,
    )
    assert cards["In chapter “The Mirror”, who is the Queen?"] == "The stepmother of Snow-White"


def test_they_are_siblings_only_when_two_names_come_before() -> None:
    cards = _cards(
        "Hansel ran, and Gretel ran, and Lotte ran. They were cousins, said Hansel to Gretel and Lotte.",
        language="en",
        scenes=_EN_SCENES,
    )
    assert not [q for q in cards if "related" in q]  # three people before "They": nobody to tell


def test_a_titled_song_is_asked_by_its_opening_line() -> None:
    cards = _cards(
        "Les enfants se mirent à chanter en rentrant, dit Pierre.",
        "LA RONDE DU LOUP.",
        "[Musique]",
        "Promenons-nous dans les bois\nPendant que le loup n"
        "’y est pas.\nSi le loup y était,\nIl nous mangerait.",
        "«Que c’est triste!» dit Jacques.",
        language="fr",
        chapter="III. Le retour",
        scenes=_FR_SCENES,
    )
    question = (
        "Dans le chapitre « Le retour », quel est le titre de la chanson qui commence par "
        "« Promenons-nous dans les bois » ?"
    )
    assert cards[question] == "La ronde du loup"


def test_a_song_opening_on_two_words_is_asked_by_its_first_two_lines() -> None:
    cards = _cards(
        "Et Jean chante la chanson de l’école, dit Marie.",
        "LA CLOCHE DU SOIR.\n\nVoici l’heure\nLa meilleure,\nL"
        "’heure de rentrer chez nous.\nDe l’école on s’envole.",
        language="fr",
        chapter="XL. Le dernier jour",
        scenes=_FR_SCENES,
    )
    question = (
        "Dans le chapitre « Le dernier jour », quel est le titre de la chanson qui commence par "
        "« Voici l’heure / La meilleure » ?"
    )
    assert cards[question] == "La cloche du soir"


def test_a_song_card_cites_the_section_of_its_verse() -> None:
    sections = (
        Section("Les enfants se mirent à chanter en rentrant, dit Pierre.", SourceRef(paragraph=1)),
        Section("LA RONDE DU LOUP.", SourceRef(paragraph=2)),
        Section(
            "Promenons-nous dans les bois\nPendant que le loup n’y est pas.\nSi le loup y était,\n"
            "Il nous mangerait.",
            SourceRef(paragraph=3),
        ),
        Section(_FR_SCENES, SourceRef(paragraph=4)),
    )
    chunk = Chunk(index=0, sections=sections, heading=(), title="Contes du moulin")
    cards = draft_offline_cards(chunk, GenerationOptions(max_cards=60), language="fr")
    song = next(c for c in cards if "chanson" in c.front)
    assert song.source == SourceRef(paragraph=3)  # where "Promenons-nous dans les bois" is written
    assert song.source_span == "Promenons-nous dans les bois"


def test_a_poem_named_like_its_chapter_asks_its_opening_line_and_a_title_that_opens_it_asks_nothing() -> None:
    poem = (
        "THE RAVEN AT THE DOOR\n\nOnce the raven came to call,\nTapping lightly on"
        " the wall;\nNo one heard it, none at all,\nSave the children in the hall."
    )
    cards = _cards(
        "Hansel recited a poem to Gretel, and Gretel laughed.",
        poem,
        "NIBBLE, NIBBLE, GNAW\n\nNibble, nibble, gnaw,\nWho is nibbl"
        "ing at my house?\nThe wind, the wind,\nThe heaven-born wind.",
        language="en",
        chapter="The Raven at the Door",
        scenes=_EN_SCENES,
    )
    verse = {q: a for q, a in cards.items() if "poem" in q or "song" in q}
    assert verse == {
        "In chapter “The Raven at the Door”, what is the first line of the poem “The Raven at the Door”?": (
            "Once the raven came to call"
        )
    }


def test_where_a_character_sits_when_first_seen_and_not_later() -> None:
    cards = _cards(
        "Gretel went into the kitchen. The Witch was sitting "
        "on a three-legged stool by the oven, stirring a pot.",
        "Later the Witch was sitting on a bench in the garden.",
        "“Come in,” said the Witch. Gretel looked at the Witch.",
        language="en",
        chapter="The House in the Wood",
        scenes=_EN_SCENES,
    )
    seats = {q: a for q, a in cards.items() if "sitting" in q}
    assert seats == {
        "In chapter “The House in the Wood”, what is the Witch sitting on?": "A three-legged stool"
    }
    later = _cards(
        "The Queen was sitting on a golden throne when the "
        "King came in, said the page. “Oh!” said the Queen.",
        language="en",
        scenes=_EN_SCENES,
    )
    assert later["What is the Queen sitting on?"] == "A golden throne"  # the phrase ends before "when"


def test_what_things_are_made_of_and_who_comes_first() -> None:
    cards = _cards(
        "They came to a little house. The roof was made of gingerbread, said Gretel.",
        "The lanterns were glowworms, and the chairs great mush"
        "rooms. Gretel counted the glowworms and the mushrooms.",
        "The first prisoner was Lotte. Gretel cried, and Lotte cried with her.",
        "The path was a long one, said Gretel.",  # "one" is no thing
        language="en",
        chapter="The House in the Wood",
        scenes=_EN_SCENES,
    )
    chapter = "In chapter “The House in the Wood”, "
    assert cards[f"{chapter}what was the roof made of?"] == "Gingerbread"
    assert cards[f"{chapter}what were the lanterns?"] == "Glowworms"
    assert cards[f"{chapter}what were the chairs?"] == "Great mushrooms"
    assert cards[f"{chapter}who was the first prisoner?"] == "Lotte"
    assert not [q for q in cards if "what was the path" in q]
    frame = _cards(
        "A queen sat at a window, and the frame of the window was made of black ebony, said the King.",
        language="en",
        scenes=_EN_SCENES,
    )
    assert not [q for q in frame if "made of" in q]  # the frame was, not the window


def test_a_gapped_clause_needs_only_a_rare_thing_after_a_kept_first_clause() -> None:
    # Andersen's Thumbelina: the nutshell is named again, the petal only here
    cards = _cards(
        "The cradle was a nutshell, and the blanket a petal. She slept in the nutshell.",
        "The night was cold, and the wind a thing to fear.",  # "night", "thing": no rare matter
        language="en",
        chapter="Thumbelina",
        scenes=_EN_SCENES,
    )
    chapter = "In chapter “Thumbelina”, "
    assert cards[f"{chapter}what was the cradle?"] == "A nutshell"
    assert cards[f"{chapter}what was the blanket?"] == "A petal"
    assert not [q for q in cards if "wind" in q or "night" in q]


def test_french_things_and_a_sentence_after_a_line_of_dialogue() -> None:
    cards = _cards(
        "«Où est Cendrillon? demanda Javotte.\n— À la cuisine,"
        " répondit Anastasie.» Mais où était donc Cendrillon? "
        "Cendrillon pleurait au coin de la cheminée, parmi les cendres.",
        "La citrouille était un carrosse doré. Le carrosse ét"
        "ait un carrosse. La pantoufle était faite de verre. "
        "Le premier invité était le Prince. «Que vous êtes b"
        "elle!» dit le Prince. Le carrosse part, dit Javotte.",
        "LA CHANSON DE LA PANTOUFLE.\n\nPetite pantoufle de verre,\nTu brilles comme la lumière,\n"
        "Qui te portera ce soir,\nAu grand bal plein d’espoir?",
        language="fr",
        title="Contes de Perrault",
        scenes=_FR_SCENES,
    )
    book = "Dans « Contes de Perrault », "
    assert (
        cards[f"{book}où était Cendrillon ?"] == "Cendrillon pleurait au coin de"
        " la cheminée, parmi les cendres"
    )
    assert cards[f"{book}qu’était la citrouille ?"] == "Un carrosse doré"  # the adjective after its noun
    assert cards[f"{book}en quoi la pantoufle était-elle faite ?"] == "Verre"
    assert cards[f"{book}qui était le premier invité ?"] == "Le Prince"  # a line of dialogue after it
    assert f"{book}qu’était le carrosse ?" not in cards  # the thing is itself
    assert not [q for q in cards if "chanson" in q]  # "pantoufle" opens the song, "chanson" is its kind


def test_the_story_answers_its_own_question() -> None:
    cards = _cards(
        "Et qui était ce méchant loup? C’était le voisin du bûcheron. Le loup rit, dit Pierre.",
        language="fr",
        title="Contes du moulin",
        scenes=_FR_SCENES,
    )
    assert cards["Dans « Contes du moulin », qui était le méchant loup ?"] == "Le voisin du bûcheron"


def test_where_a_character_is_when_the_story_asks_and_answers() -> None:
    cards = _cards(
        "Mais où était donc Pierre? Pierre était allé au moulin avec son père. Jacques rit, dit Marie.",
        "Et où va Jacques? Le loup court dans le bois.",  # the next sentence is not about Jacques
        language="fr",
        title="Contes du moulin",
        scenes=_FR_SCENES,
    )
    where = {q: a for q, a in cards.items() if "où" in q.casefold()}
    assert where == {
        "Dans « Contes du moulin », où était Pierre ?": "Pierre était allé au moulin avec son père"
    }


def test_no_story_fact_outside_a_story() -> None:
    cards = _cards(
        _REPORT + "The first speaker was Hansen. Hansen was the son of the mayor, said Hansen.",
        "The roof was made of copper.",
        language="en",
    )
    assert not [q for q in cards if "first speaker" in q or "Who is Hansen" in q or "made of" in q]
