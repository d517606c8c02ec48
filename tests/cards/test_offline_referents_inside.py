"""Who "he" is inside a sentence and down a biography's paragraphs: an opening phrase without its comma, a
wife, a "they" or a boy between, a man named once with "Of", and the traps where "he" may be another."""

from __future__ import annotations

from cards.offline.drafter import Drafter
from cards.schema import GenerationOptions
from cards.text import split_sentences
from documents.model import Section, SourceRef

from .sample import chunk, kept_cards


def _resolved(text: str) -> list[str]:
    from cards.offline.referents import Referents

    drafter = Drafter(chunk(Section(text, SourceRef(page=1))), GenerationOptions(max_cards=40), "en")
    referents = Referents(drafter, text=text)
    return [referents.resolved(s) for s in split_sentences(text)]


# An invented life, written as a history of music writes one (and a Wikipedia-like paragraph after it).
LIFE = (
    "The next great influence in Vienna was that of Brindlmayer. "
    "He may be said to have built on the old Italian style. "
    "Born in 1771, at Graz, he wrote many masses in the flimsy Italian style while still a boy. "
    'At twenty-two he had already written his "Alcestis" and the comic opera "The Miller." '
    "An engagement being offered him in Prague, he went there with his wife, and in one season they earned "
    "a fortune, which laid the foundation for his future prosperity. "
    'The next year he went to Paris, where he produced "Orion" with tremendous success (1801). '
    "Although he lived until 1840, he never wrote for the stage again. "
    "He was essentially a writer of church music, although his operas have fine moments. "
    "His style was warped by his love for show. "
    "In Vienna, however, the influence of Brindlmayer was unchallenged, and Brindlmayer had many pupils."
)


def test_he_after_an_opening_phrase_without_its_comma_and_past_a_wife_and_a_they() -> None:
    sentences = _resolved(LIFE)
    # (the sentence split leaves the closing quote out)
    written = 'At twenty-two Brindlmayer had already written his "Alcestis" and the comic opera "The Miller.'
    assert sentences[3] == written
    assert sentences[5].startswith("The next year Brindlmayer went to Paris, where he produced")
    # the pronoun of the opening clause is the one named: "Although Brindlmayer lived until 1840, he never …"
    assert sentences[6] == "Although Brindlmayer lived until 1840, he never wrote for the stage again."
    assert sentences[7].startswith("Brindlmayer was essentially a writer of church music")
    assert sentences[8] == "Brindlmayer’s style was warped by his love for show."
    fronts = {c.front: c.back for c in kept_cards(LIFE, SourceRef(page=1))}
    assert fronts.get("According to the author, what was Brindlmayer?") == "A writer of church music"


def test_no_name_when_another_man_may_be_he() -> None:
    text = (
        "Anton Grell was born in 1771, at Graz. "
        "The next year he met Hans Brindle, the court organist, in Prague. "  # Grell: nobody else before
        "The next year he went to Paris. "  # Brindle was named: which of them?
        "Anton Grell was born in 1771, at Graz. "
        "His father was a cantor who taught a young apprentice. "
        "The boy learned to carve. "  # the apprentice, or Grell?
        "He died in 1824. "
        "Anton Grell was born in 1771, at Graz. "
        "He was received by the King of Saxony. "
        "Soon after he died. "  # the king, or Grell?
        "Anton Grell was born in 1771, at Graz. "
        'Of God the poet said, "He is near." '
        "In the same year he died."  # no man named once
    )
    sentences = _resolved(text)
    assert sentences[1].startswith("The next year Anton Grell met Hans Brindle")
    assert sentences[2] == "The next year he went to Paris."
    assert sentences[5:7] == ["The boy learned to carve.", "He died in 1824."]
    assert sentences[9] == "Soon after he died."
    assert sentences[12] == "In the same year he died."


def test_the_boy_after_his_father_is_the_son_followed() -> None:
    text = (
        "Anton Grell was born in 1771, at Graz. "
        "His father was a weaver and died when Grell was very young. "
        "The boy received his first lessons from his mother. "
        "He was admitted to the cathedral school at twelve, and studied with Hauer and Lintz. "
        "In 1790 he gained the Prix de Rome."
    )
    sentences = _resolved(text)
    assert sentences[3].startswith("Anton Grell was admitted to the cathedral school")
    assert sentences[4] == "In 1790 he gained the Prix de Rome."  # his teachers were named: which "he"?
    fronts = {c.front: c.back for c in kept_cards(text, SourceRef(page=1))}
    assert fronts.get("With whom did Anton Grell study?") == "Hauer and Lintz"
    # a girl is no boy, and "she" is no "he": the chain stays broken
    girl = _resolved(
        "Anton Grell was born in 1771, at Graz. His father was a weaver. The girl sang well. He died in 1824."
    )
    assert girl[3] == "He died in 1824."


def test_a_man_named_once_with_of_is_he_when_the_next_sentence_speaks_of_him_alone() -> None:
    text = (
        "Of Brindlmayer we all know something. "
        "Born at Graz, in 1771, his was a short life, for he died in 1801. "
        "We know of his precocity; he played in concerts with his sister before the titled people. "
        "The rest of his life is a chronicle of concerts given all over Europe. "
        "During his stay in Italy he wrote many masses. "
        "Later, Brindlmayer's masses were sung everywhere; the masses of Brindlmayer are still sung."
    )
    sentences = _resolved(text)
    assert sentences[4] == "During his stay in Italy Brindlmayer wrote many masses."
    # a quoted "he", and a sentence that names another man, end it
    quoted = _resolved(
        'Of Brindlmayer we all know something. The critic wrote: "He is dull." '
        "In Italy he wrote many masses. "
        "Later, the masses of Brindlmayer were sung everywhere by Brindlmayer's pupils."
    )
    assert quoted[2] == "In Italy he wrote many masses."


def test_an_opening_phrase_with_a_date_after_its_comma_names_the_subject() -> None:
    text = (
        "Anton Grell was born in 1732, at Rohrau. "
        "After two visits to England, in 1792 and 1794, Anton Grell returned to Graz "
        'and wrote "The Seasons." '
        'His last appearance in public was when he heard "The Seasons" in 1808.'
    )
    sentences = _resolved(text)
    assert sentences[2].startswith("Anton Grell’s last appearance in public")


def test_words_that_name_no_one_do_not_end_the_chain() -> None:
    from cards.offline.person_mentions import _SOMEONE_RE, OTHER_PERSON_RE

    assert not OTHER_PERSON_RE.search("in one season they earned")  # no "son" in "season"
    assert not _SOMEONE_RE.search("he wrote a number of songs")  # "number" is no agent
    assert not _SOMEONE_RE.search("his other works")  # "other" before a noun is no one
    assert _SOMEONE_RE.search("he met the other")  # … alone, it may be someone
    assert _SOMEONE_RE.search("he met a singer")


def test_an_unclosed_title_is_cut_but_a_name_after_a_closed_one_still_counts() -> None:
    from cards.offline.referents import without_unclosed_quote

    assert without_unclosed_quote('the comic opera "The Miller.') == "the comic opera "
    closed = 'he produced "Orion" for Napoleon.'
    assert without_unclosed_quote(closed) == closed
    text = (
        "Anton Grell was born in 1771, at Graz. "
        'Soon after, he produced "Orion" for Count Lodron. '
        "After that, he died."  # the count may be he
    )
    assert _resolved(text)[2] == "After that, he died."


def test_whose_work_after_an_opening_year() -> None:
    text = (
        "Anton Grell was born in 1771, at Graz. "
        'By 1801 Grell was again in prosperous circumstances, his "Orion" having been a tremendous success.'
    )
    fronts = {c.front: c.back for c in kept_cards(text, SourceRef(page=1))}
    assert fronts.get("Whose work is “Orion”?") == "Grell"


def test_his_work_after_a_verb_of_regard_is_not_the_admirer_s() -> None:
    text = (
        "Anton Grell was born in 1771, at Graz. "
        'Hauer admired his "Orion" and recommended him to a publisher. '
        'Wagner introduces the tournament into his "Tannhäuser."'
    )
    fronts = {c.front: c.back for c in kept_cards(text, SourceRef(page=1))}
    assert "Whose work is “Orion”?" not in fronts  # Grell's, not Hauer's
    assert fronts.get("Whose work is “Tannhäuser”?") == "Wagner"


def test_a_name_that_ends_a_sentence_as_a_clause_subject_is_whom_the_next_his_means() -> None:
    lead = "To appreciate the change made by Gregory (540-604 A.D.), we must look back at the church. "
    text = (
        f"{lead}This was the state of things when Gregory became Pope in 590 A.D. "
        "His great reform lay in severing the church's music from the theatre's."
    )
    assert _resolved(text)[2].startswith("Gregory’s great reform lay in")
    fronts = {c.front: c.back for c in kept_cards(text, SourceRef(page=1))}
    assert fronts.get("What did Gregory’s great reform lie in?")
    # two men, or a name as common as a word that the text gives no lifespan, name no one
    two = (
        f"{lead}This was the state of things when Gregory met Boniface in 590 A.D. His great reform lay in x."
    )
    assert _resolved(two)[2].startswith("His great reform")
    bare = (
        "We must look back at the church made by Gregory. This was the state of things when Gregory became "
        "Pope in 590 A.D. His great reform lay in severing the church's music from the theatre's."
    )
    assert _resolved(bare)[2].startswith("His great reform")


def test_sentences_about_his_works_and_a_paragraph_break_after_him_keep_him() -> None:
    text = (
        "The next great influence in Vienna was that of Brindlmayer. "
        'He may be said to have built on the old Italian style. His best work was "Orion." '
        'Other works are "Cinderella" (La Cenerentola) and "Moses." '
        "These operas were mostly made up of parts of others, à la Hasse. "
        "An engagement being offered him in Prague, he went there with his wife.\n\n"
        "The next year he went to Paris. In Vienna the influence of Brindlmayer was unchallenged."
    )
    sentences = _resolved(text)
    assert sentences[6] == "The next year Brindlmayer went to Paris."
    # a sentence between that is not about his works, or a paragraph after another man, ends it
    other = text.replace("These operas were mostly", "The theatres were mostly")
    assert _resolved(other)[6] == "The next year he went to Paris."
    broken = text.replace("with his wife.", "with Hans Brindle.")
    assert _resolved(broken)[6] == "The next year he went to Paris."
