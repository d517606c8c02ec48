"""What "It" and "He" stand for, read from MacDowell's essays (a corpus file): the subject of the sentence
before, written in only when it is certain ("The sistrum was …" then "It was used …"); an essay's
rhetorical questions are no story; "poetic license" is no licence text."""

from __future__ import annotations

import re

from cards.offline import prepare_text
from cards.offline.clean import noise
from cards.offline.drafter import Drafter
from cards.offline.keyterms import narrative
from cards.offline.referents import Referents
from cards.schema import GenerationOptions
from cards.text import split_sentences
from config import load_settings
from documents import ParseLimits, chunk_document, detect_kind, parse_document_in_process
from documents.model import Chunk, Section, SourceRef
from tests.conftest import corpus_file

from .sample import chunk

ESSAYS = "txt-latin1-macdowell-critical-historical-essays.txt"
STORY = "txt-french-utf8-entre-nous.txt"


def _paragraphs(name: str, encoding: str, *phrases: str) -> list[str]:
    """The paragraphs of a corpus file that hold ``phrases`` (in the order found), as the generator reads
    them (spaces collapsed, emphasis markup dropped)."""
    raw = corpus_file(name).read_bytes().decode(encoding)
    paragraphs = [prepare_text(re.sub(r"\s+", " ", p)).strip() for p in re.split(r"\r?\n\s*\r?\n", raw)]
    found = [p for p in paragraphs if any(phrase in p for phrase in phrases)]
    assert len(found) >= len(phrases), phrases
    return found


def _read(paragraph: str) -> tuple[dict[str, str], Drafter]:
    """Each sentence of ``paragraph`` → how the generator reads it, and the drafter that remembers."""
    drafter = Drafter(chunk(Section(paragraph, SourceRef(page=1))), GenerationOptions(max_cards=40), "en")
    referents = Referents(drafter, text=paragraph)
    return {s: referents.resolved(s) for s in split_sentences(paragraph)}, drafter


def test_it_after_a_thing_named_as_the_subject_is_that_thing() -> None:
    (sistrum,) = _paragraphs(ESSAYS, "latin-1", "The sistrum was, properly speaking")
    read, drafter = _read(sistrum)
    it = "It was used only in religious ceremonies"
    (written,) = [s for s in read if s.startswith(it)]
    assert read[written].startswith(
        "The sistrum was used only in religious ceremonies, and may be considered"
    )
    # the card quotes both sentences: the one that names the sistrum and the one about it
    assert drafter.originals[read[written]].startswith("The sistrum was, properly speaking, not considered")
    (rektah,) = _paragraphs(ESSAYS, "latin-1", "The Rektah is in character")
    read, _ = _read(rektah)
    assert "The Rektah falls naturally into regular periods, and resembles the Teranah" in " ".join(
        read.values()
    )
    # "It was supposed to have …" is said of the thing itself, unlike "It is hardly necessary to …"
    (dorian,) = _paragraphs(ESSAYS, "latin-1", "The Dorian mode was considered the greatest")
    read, _ = _read(dorian)
    assert "The Dorian mode was supposed to have a dignified, martial character." in read.values()


def test_it_that_says_again_what_the_thing_is_stays() -> None:
    # "Melody, on the other hand, is an almost unconscious expression of the senses; … It is the natural
    # outlet for sensation.": read as "Melody is …", "What is melody?" would have two answers
    (melody,) = _paragraphs(ESSAYS, "latin-1", "Melody, on the other hand, is an almost")
    read, _ = _read(melody)
    assert "It is the natural outlet for sensation." in read.values()


def test_it_that_stands_for_what_follows_or_after_no_one_thing_stays() -> None:
    # "It is hardly necessary to …", "It is said that …", "It was in 1896 that …": no thing to name;
    # "It has long been maintained …" after "all these instruments were played together": no one thing
    openings = ("It is hardly necessary", "It is said that first", "It was in 1896 that", "It has long been")
    paragraphs = _paragraphs(ESSAYS, "latin-1", *openings)
    for paragraph in paragraphs:
        read, _ = _read(paragraph)
        for written, resolved in read.items():
            if written.startswith(openings):
                assert resolved == written


def test_he_after_a_recurring_name_alone_in_its_sentence_is_that_person() -> None:
    (schumann,) = _paragraphs(ESSAYS, "latin-1", "Schumann was different from these three")
    read, _ = _read(schumann)
    assert "Schumann’s music is not avowed programme music" in " ".join(read.values())
    # "Luther, in rebelling against Rome, …": another capitalised name beside him; "he" stays.
    # "Hebenstreit, a dancing master …, added an improved hammer action, which was first applied to
    # keyboard instruments by Cristofori, an instrument maker …": "his" may be either
    unresolved = {
        "Luther, in rebelling against Rome": "He incorporated many folk songs",
        "Pantaleon Hebenstreit, a dancing master": "His instrument was called forte-piano",
    }
    for naming, pronoun in unresolved.items():
        (paragraph,) = _paragraphs(ESSAYS, "latin-1", naming)
        read, _ = _read(paragraph)
        assert any(s.startswith(pronoun) for s in read.values()), pronoun


def _chunk_holding(name: str, phrase: str) -> Chunk:
    """The chunk of a corpus document that holds ``phrase``, as a job cuts it."""
    settings = load_settings()
    path = corpus_file(name)
    doc = parse_document_in_process(path, detect_kind(path), ParseLimits.from_settings(settings))
    (found,) = [c for c in chunk_document(doc, settings.chunk_tokens) if phrase in c.text]
    return found


def test_an_essays_rhetorical_questions_make_no_story() -> None:
    # a chunk that asks "For what is the symphony, sonata, etc., but a remnant of the dance form?" and
    # quotes "He is weak in sonata form!", but speaks as "we" more often than of "him"
    essay = _chunk_holding(ESSAYS, "Procrustes-like")
    assert not narrative(Drafter(essay, GenerationOptions(), "en"))
    # a story's dialogue still makes one (the corpus's French reader)
    story = _chunk_holding(STORY, "Tiens, tiens, dit-elle")
    assert narrative(Drafter(story, GenerationOptions(), "fr"))


def test_licence_words_are_boilerplate_only_as_licence_text() -> None:
    (poetic,) = _paragraphs(ESSAYS, "latin-1", "with the new poetic license of speech")
    (sentence,) = [s for s in split_sentences(poetic) if "poetic license" in s]
    assert not noise(sentence)
    (terms,) = _paragraphs(ESSAYS, "latin-1", "set forth in the General Terms of Use part of this license")
    assert noise(terms)
    assert noise("This program is distributed under the MIT License.")
