"""The offline generator: cards drafted from a chunk's structure, without any AI.

Structure first (cards.md §3), one module per family of extractors, run in this order:

0. emphasised terms, where the markup survives in the text (:mod:`.definitions`);
1. glossary lines, copula definitions, "also called", acronyms, stated causes ("Why …?")
   and, outside stories, stated consequences ("What happens when …?") (:mod:`.definitions`);
   what a named API returns, creates or contains (:mod:`.reference`); what a short name abbreviates,
   "Rc<T>, which is an abbreviation for reference counting" (:mod:`.abbreviations`); what a named
   dataset or tool contains or was designed for (:mod:`.described_names`); a measured comparison
   "A beats B (x vs. y for M)" (:mod:`.comparisons`); what a paper's method does, "we define X
   using Y" → "In DPR, how is X defined?" (:mod:`.methods`); announced reasons or weaknesses and
   their "First, …", "Second, …" (:mod:`.counted_points`); who a name is, by an apposition
   (:mod:`.appositions`); where a word comes from (:mod:`.origins`); where a named person was
   born or died (:mod:`.places`); who was the first to do something, and
what was the first of a kind, "… namely, the drum" (:mod:`.firsts`); when a
   named person lived (:mod:`.lifespans`); the year of a named subject's deed, "In {{1737}} Händel
   gave up …" (:mod:`.dated_deeds`); the full date of a sentence's own event or deadline
   (:mod:`.dates`); whose work a title is, "Bizet's “Carmen”", "Gerber, in his “Sprache als
   Kunst,” …" (:mod:`.works`); what a named rule
   applies to and what it requires of whom (:mod:`.rule_scope`); in Korean, what a term means
   (:mod:`.korean_definitions`), a count with its subject or a named actor's dated deed
   (:mod:`.korean_figures`) and how a rule requires a thing be done (:mod:`.korean_requirements`);
   in a story, who says a notable line (:mod:`.quotations`), who a character is
   (:mod:`.characters`), what a label or sign says (:mod:`.inscriptions`) and what its characters
   carry, bring out, wear and are doing when first seen, and how high things are (:mod:`.story_events`),
   what they throw, give out, forgot or had to do, and the cause the story names (:mod:`.story_deeds`);
2. two-column tables, lists as one ordered cloze, a term heading over a defining body
   (:mod:`.structure`); a table's or definition list's row asked by its kind, "What does the
   “graph” tool do?" (:mod:`.rows`, :mod:`.definition_lists`); a slide's title line over its bullets
   (:mod:`.slides`); a slide's "Name:
   description", "Name" over "A …" and "setting=value: …" bullets (:mod:`.slide_bullets`); a lead over
   "Term - definition" lines (:mod:`.termlists`); how a thing relates to others — confused
   with, an expression's meaning, a rank, an exception, an aim
   (:mod:`.relations`); a news report's counts, firsts, reported facts and posts (:mod:`.news`);
   the same thing counted in several places (:mod:`.tallies`); how one named thing differs from
   another, "Unlike X, Y …" (:mod:`.differences`); what a relative clause says of the thing it
   follows, "the hurdy-gurdy, which consisted of …" (:mod:`.relative_clauses`); what a named thing
   descends or originates from (:mod:`.lineage`); what a foreign word means, "moll in German means
   minor" (:mod:`.meanings`); what kind of thing a term is, "The samisen is a
   kind of small banjo" (:mod:`.kinds_of`); a term glossed in brackets, "a plectrum (a small piece of
   metal, wood, or ivory)" (:mod:`.glossed_terms`); a thing named in passing with its kind, "a
   construct called match that allows …" (:mod:`.called_kinds`); when a named event fires, "The
   'exit' event is emitted after the child process ends" (:mod:`.emitted_when`); what a feature
   lets the reader do, "Boxes allow you to store data on the heap" (:mod:`.abilities`); what a
   tutorial restricts a thing to, "Vectors can only store values of the same type" (:mod:`.restrictions`);
   what a term of the domain does, "The borrow checker ensures that …" (:mod:`.term_effects`); what an
   API entry's function does, from its opening verb, "Prints to stderr …" (:mod:`.api_entries`); whom or
   what a thing is credited to, "X is ascribed to Y",
   "X is due to Y" (:mod:`.attributions`); which thing holds a superlative, "X were the oldest
   modes" (:mod:`.superlatives`); a named person's teachers and posts, "X was a pupil of Y"
   (:mod:`.careers`); who was nicknamed “the flute player” and who coined the term “music drama”
   (:mod:`.nicknames`); what a cleft sentence puts in focus, "It was X who …" → "Who …?"
   (:mod:`.cleft_sentences`); an essay's claims and classifications, where a thing's strength lies,
   what the author ranks highest, a thing's only weakness, how a whole is divided, "According to the
   author, …" on a judgement (:mod:`.claims`, :mod:`.divisions`); the parts of an announced
   division told one by one after it, "Our second division may be termed …" (:mod:`.classes`);
   what a rare term of an art stood for, "The quilisma indicated …" (:mod:`.signs`); who made or
   is credited with a thing, the maker named with an aside, "Huygens, who was born at The Hague,
   invented the pendulum clock"
   (:mod:`.inventors`); who did a deed named as a noun, "the first change in X was made by Guido",
   and who found what, "Didymus first discovered that …" (:mod:`.done_by`);

then, as a capped supplement, key-term cloze cards (:mod:`.keyterms`) on
self-contained sentences (a paper's "we" naming its subject, :mod:`.papers`), the target
chosen by term-ness (:mod:`.terms`: rarity in general language by ``wordfreq``, multi-word
noun phrases, emphasis, recurrence). Last, a card from a list item about a name that does not say
the name is led by it, "In Memcheck’s block_list, …" (:mod:`.item_subjects`), a slide's card by its
slide's title when that is a name, "In Cython, …" (:mod:`.slide_context`), and a card that does
not name the document's subject by the subject, "In zlib, …" (:mod:`.subject`, :mod:`.subject_lead`).
The total aims at ``density_per_1k`` cards per 1,000 words. Text is normalised and
noise (contents lines, bibliographies, boilerplate, code, glued headings) recognised
in :mod:`.clean`.

Everything is deterministic (no randomness, ties broken by position). Cards are
``origin=offline`` and tagged ``offline-draft``, and always in the document's
language (never translated: ``options.language`` is ignored); each cites the SourceRef
of its section and the sentence(s) it came from. The quality gate runs afterwards
(``cards.generate``), as on LLM cards.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from cards.offline import (
    abbreviations,
    abilities,
    api_entries,
    appositions,
    attributions,
    called_kinds,
    careers,
    characters,
    chief_deeds,
    claims,
    classes,
    cleft_sentences,
    comparisons,
    counted_points,
    dated_deeds,
    dates,
    defaults,
    definition_lists,
    definitions,
    described_names,
    differences,
    done_by,
    emitted_when,
    firsts,
    function_summaries,
    glossed_terms,
    identities,
    inscriptions,
    inventors,
    kinds_of,
    korean_definitions,
    korean_figures,
    korean_requirements,
    lifespans,
    lineage,
    makers,
    meanings,
    methods,
    news,
    nicknames,
    origins,
    own_names,
    places,
    questions,
    quotations,
    reasons,
    recitations,
    reference,
    relations,
    relative_clauses,
    restrictions,
    rule_scope,
    seated,
    signs,
    slide_bullets,
    slides,
    story_deeds,
    story_events,
    story_things,
    structure,
    substitutions,
    superlatives,
    tallies,
    term_effects,
    termlists,
    vocabulary,
    works,
)
from cards.offline.clean import MAX_SPAN, base_lang, emphasised_spans, emphasised_terms, noise, prepare_text
from cards.offline.drafter import OFFLINE_TAG, Drafter
from cards.offline.full_names import name_in_full
from cards.offline.item_subjects import name_the_items
from cards.offline.keyterms import Judge, keyterm_cards, narrative, quoted_clauses
from cards.offline.papers import paper_subject, title_initials
from cards.offline.referents import Referents
from cards.offline.slide_context import name_the_slide
from cards.offline.subject import document_subject
from cards.offline.subject_lead import name_the_subject
from cards.offline.terms import schwartz_hearst
from cards.schema import CardDraft, GenerationOptions
from cards.text import STOP_WORDS, normalize, split_sentences, word_count, words
from documents.model import Chunk, Section

__all__ = [
    "MAX_SPAN",
    "OFFLINE_TAG",
    "SPARE_CANDIDATES",
    "draft_offline_cards",
    "emphasised_spans",
    "emphasised_terms",
    "heading_acronyms",
    "prepare_text",
    "schwartz_hearst",
    "topic_terms",
]


#: Candidates drafted over ``max_cards`` (the caller keeps at most ``max_cards`` after the gate).
SPARE_CANDIDATES = 3

#: Expository text gets at least this many cards per 1,000 words where its sentences allow:
#: weaker targets (recurring terms, names) in sentences with a weaker cue fill up to it.
FLOOR_PER_1K = 4.5

#: Key-term clozes on strict targets that the gate passes clean may exceed the density target up to
#: this factor: a chunk rich in good sentences is not cut at the target while a poorer one is filled.
STRICT_OVER_TARGET = 1.5


def _run_extractors(d: Drafter) -> None:
    expository = not narrative(d)  # "When she came in, …" is a story's moment, not a rule
    subject = paper_subject(d.chunk)  # what a paper's "we" and "it" stand for
    referents: Referents | None = None
    referents_heading: tuple[str, ...] = ()
    for section, text in d.prepared:
        if section.kind == "table" or structure.looks_like_table(text):
            if not vocabulary.vocabulary(d, section, text):  # a reader's vocabulary: its own cards
                structure.tables(d, section, text)
            continue
        structure.lists(d, section, text)
        slides.titled_slide(d, section, text)
        slide_bullets.slide_bullets(d, section, text)
        termlists.term_list(d, section, text)
        function_summaries.function_summaries(d, section, text)  # before its parameters: first learnt
        api_entries.entry_summary(d, section, text)
        api_entries.property_entry(d, section, text)
        definition_lists.definition_list(d, section, text)
        definitions.emphasis(d, section, text)
        definitions.glossary(d, section, text)
        previous = ""
        # "He was admitted …" after "Charles Gounod was born …" is read as about Gounod; a block that
        # splits a chapter's prose ("[Illustration]", a music example) does not end whom "he" means
        if referents is None or not section.source.heading or section.source.heading != referents_heading:
            first = referents is None
            referents = Referents(d, story=not expository, text=structure.without_list_lines(text))
            if first and section.source.heading and section.source.heading == d.chunk.lead_in_heading:
                # the chunk was cut inside a chapter: its first "He …" may be the man the chunk before ends on
                referents.lead_in(d.chunk.lead_in, structure.without_list_lines(text))
        else:
            referents.next_section(structure.without_list_lines(text))
        referents_heading = section.source.heading
        for written in split_sentences(structure.without_list_lines(text)):
            sentence = d.standalone(referents.resolved(written))
            if previous:
                definitions.named_after(d, section, previous, written)
                origins.from_this(d, section, previous, written)
                reasons.stated_reason(d, section, previous, written)
                questions.counted_series(d, section, previous, written)
            comparisons.measured_comparison(d, section, previous, written, subject)
            comparisons.contrasted_rate(d, section, previous, written, subject)
            comparisons.margin_comparison(d, section, sentence, subject)
            comparisons.count_comparison(d, section, sentence, subject)
            previous = written
            _sentence_cards(d, section, sentence, subject, expository)
            korean_figures.korean_figures(d, section, written)
            korean_requirements.korean_requirement(d, section, written)
            # a sentence too long for a card may hold a clause that stands alone ("…; X was Y")
            clauses = quoted_clauses(sentence)
            for clause, quote in clauses if len(clauses) > 1 else ():
                if quote in written:  # the card quotes the clause as the source writes it
                    d.originals.setdefault(clause, quote)
                    _sentence_cards(d, section, clause, subject, expository)
        counted_points.counted_points(d, section, structure.without_list_lines(text), subject)
        korean_definitions.korean_definitions(d, section, text)
        structure.heading_card(d, section, text)
    if expository:
        classes.announced_classes(d)  # a division's parts, told in the sentences after it
    quotations.quotations(d, story=not expository)
    characters.characters(d, story=not expository)
    identities.identities(d, story=not expository)
    recitations.recitations(d, story=not expository)
    seated.seated(d, story=not expository)
    story_things.story_things(d, story=not expository)
    inscriptions.inscriptions(d, story=not expository)
    story_events.story_events(d, story=not expository)
    story_deeds.story_deeds(d, story=not expository)


def _sentence_cards(
    d: Drafter, section: Section, sentence: str, subject: str | None, expository: bool
) -> None:
    """The extractors that read one sentence (or one clause of a long one) on its own."""
    structure.inline_lists(d, section, sentence)
    methods.method_questions(d, section, sentence, subject)
    definitions.definition(d, section, sentence)
    reasons.because(d, section, sentence)
    definitions.dash_definition(d, section, sentence)
    questions.purpose(d, section, sentence)
    questions.count(d, section, sentence)
    questions.dated(d, section, sentence)
    dates.dated_event(d, section, sentence)
    makers.maker(d, section, sentence)
    works.whose_work(d, section, sentence)
    works.named_works(d, section, sentence)
    works.own_work(d, section, sentence)
    works.made_work(d, section, sentence)
    works.shown_when(d, section, sentence)
    appositions.apposition(d, section, sentence)
    origins.origin(d, section, sentence)
    meanings.meaning(d, section, sentence)
    places.birth_or_death_place(d, section, sentence)
    places.born_opening(d, section, sentence)
    firsts.first_to(d, section, sentence)
    firsts.first_of_a_kind(d, section, sentence)
    own_names.own_name(d, section, sentence)
    chief_deeds.chief_deed(d, section, sentence)
    lifespans.lifespan(d, section, sentence)
    dated_deeds.dated_deed(d, section, sentence)
    questions.happens_when(d, section, sentence)
    emitted_when.emitted_when(d, section, sentence)
    relations.relations(d, section, sentence)
    if expository:  # an exposition's facts, not a story's moments
        differences.difference(d, section, sentence)
        relative_clauses.relative_clause(d, section, sentence)
        relative_clauses.called_aside(d, section, sentence)
        lineage.lineage(d, section, sentence)
        kinds_of.kind_of(d, section, sentence)
        glossed_terms.glossed_term(d, section, sentence)
        glossed_terms.bare_gloss(d, section, sentence)
        called_kinds.called_kind(d, section, sentence)
        attributions.attribution(d, section, sentence)
        inventors.inventor(d, section, sentence)
        substitutions.substitution(d, section, sentence)
        done_by.done_by(d, section, sentence)
        done_by.finding(d, section, sentence)
        superlatives.superlative(d, section, sentence)
        careers.career(d, section, sentence)
        nicknames.nicknames(d, section, sentence)
        cleft_sentences.cleft(d, section, sentence)
        defaults.default_behaviour(d, section, sentence)
        claims.claims(d, section, sentence)
        signs.sign_meaning(d, section, sentence)
        signs.measured(d, section, sentence)
    news.news(d, section, sentence)
    rule_scope.rule_scope(d, section, sentence)
    tallies.tally(d, section, sentence)
    reference.api_effect(d, section, sentence)
    abilities.ability(d, section, sentence)  # after it: a code name's card is asked as reference.py asks it
    abilities.useful_when(d, section, sentence)
    restrictions.restriction(d, section, sentence)
    if expository:
        term_effects.term_effect(d, section, sentence)
    described_names.described_name(d, section, sentence)
    reference.instruction(d, section, sentence)
    if expository:
        questions.condition(d, section, sentence)
    if not noise(sentence):
        definitions.acronyms(d, section, sentence)
    abbreviations.abbreviation(d, section, sentence)


def draft_offline_cards(
    chunk: Chunk,
    options: GenerationOptions,
    *,
    language: str | None = None,
    density_per_1k: float = 10.0,
    existing_fronts: Sequence[str] = (),
) -> list[CardDraft]:
    """Candidate cards for ``chunk`` before the quality gate, best first.

    At most ``options.max_cards`` plus :data:`SPARE_CANDIDATES`: the caller trims to the budget
    after the gate, so a refused candidate leaves room for a spare.
    """
    drafter = Drafter(chunk, options, language)
    drafter.seen_fronts.update(normalize(f) for f in existing_fronts)
    _run_extractors(drafter)
    total_words = word_count(drafter.all_text)
    target = max(1, round(density_per_1k * total_words / 1000))
    emphasised = {t.casefold() for terms in drafter.emphasised.values() for t in terms}
    topics = topic_terms(chunk, language)
    judge = _gate_judge(chunk, language, topics)
    # Only the structure cards the gate will keep count against the density target.
    verdicts = judge([c.card for c in drafter.candidates])
    # (the cards themselves, kept alive, so that an id is never one of a later card)
    refused_cards = [c.card for c, verdict in zip(drafter.candidates, verdicts, strict=True) if verdict == 2]
    refused = {id(card) for card in refused_cards}
    structural = sum(verdict < 2 for verdict in verdicts)
    drafter.release_refused(verdicts)  # a sentence whose card the gate refuses may still make a cloze
    # A few spares over a small budget: the gate and the final trim pick the best, so a budget of
    # one is not an empty deck when the gate refuses the single best candidate.
    allowed = options.max_cards + SPARE_CANDIDATES
    quota = min(allowed, target) - structural
    floor = min(options.max_cards, round(FLOOR_PER_1K * total_words / 1000)) - structural
    # A budget below the chunk's density target (a few cards asked of a long text): every chunk with
    # a share of it gets a card, on rarity alone if need be. A full deck keeps to the stricter cards.
    rescue = options.max_cards < target
    # Clean strict clozes beyond the target, when the text has them (up to half as many again).
    strict_quota = min(allowed, round(STRICT_OVER_TARGET * target)) - structural
    keyterm_cards(
        drafter, quota, emphasised, set(topics), judge, floor=floor, rescue=rescue, strict_quota=strict_quota
    )
    name_the_items(drafter, judge)  # "In Memcheck’s block_list, …": an item's sentences about its name
    name_the_slide(drafter, judge)  # "In Cython, …": a slide's title names what its cards are about
    name_the_subject(drafter, judge)  # "In zlib, …" on the cards that do not say what they are about
    name_in_full(drafter, judge)  # "Gregory the Great", not "Gregory": a short name the chunk gives in full
    ordered = sorted(drafter.candidates, key=lambda c: (c.priority, c.position))
    if len(ordered) > allowed:
        # More drafts than places: a structure card the gate refused, and that no pass above has
        # rewritten since, would take a place only to be refused again, crowding out one it passes.
        ordered = [c for c in ordered if id(c.card) not in refused]
    return [c.card for c in ordered[: max(0, allowed)]]


def _gate_judge(chunk: Chunk, language: str | None, topics: list[str]) -> Judge:
    """The quality gate as a judge of candidate clozes (generate-and-test: the gate runs again later)."""
    from cards.quality import GateContext, apply_gate

    ctx = GateContext.from_chunk(chunk, language=language, topic_terms=topics, source_language=language)

    def judge(cards: list[CardDraft]) -> list[int]:
        verdicts = []
        for card in cards:
            kept = apply_gate([card], ctx).kept
            verdicts.append(2 if not kept else 0 if all(kept[0].checks.values()) else 1)
        return verdicts

    return judge


def topic_terms(chunk: Chunk, language: str | None = None) -> list[str]:
    """The document's subject, the chunk's heading words and (up to) three most frequent content
    words seen 3+ times.

    They are what the chunk is about, so deleting them from a sentence makes a
    trivial cloze (rubric Q9): "{{Rust}} goes through each of the variants" in the Rust book.
    """
    counts = Counter(w.casefold() for s in chunk.sections for w in words(prepare_text(s.text)))
    # the chunk's first heading, and one that heads most of its sections (a chunk that opens on the
    # end of "HPC in Python" and goes on with the "Cython" slides is about Cython)
    titles = Counter(s.source.heading[-1] for s in chunk.sections if s.source.heading)
    ruling = [t for t, n in titles.items() if 2 * n >= len(chunk.sections) and t not in chunk.heading]
    heading = [
        w.casefold() for h in (*chunk.heading, *ruling) for w in words(h) if w.casefold() not in STOP_WORDS
    ]
    ranked = sorted(
        (
            (n, w)
            for w, n in counts.items()
            if n >= 3 and w not in STOP_WORDS and len(w) > 2 and not w.isdigit()
        ),
        key=lambda nw: (-nw[0], nw[1]),
    )
    subject = document_subject(chunk, base_lang(language))
    named = [subject.name.casefold()] if subject else []
    return list(
        dict.fromkeys([*named, *heading, *heading_acronyms(chunk.heading), *(w for _, w in ranked[:3])])
    )


def heading_acronyms(heading: Sequence[str]) -> list[str]:
    """The initials of runs of capitalised heading words: "Dense Passage Retrieval for …" → "dpr".

    A paper or manual calls its subject by these initials; clozing them is clozing the topic.
    """
    return [initials.casefold() for title in heading for initials in title_initials(title)]
