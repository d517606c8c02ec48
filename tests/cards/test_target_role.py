"""A cloze hides what its sentence is about: not its verb, a describing word, the kind of a name shown
beside it, one of a pair of code words, or a piece of a path (cards.target_role, through the gate)."""

from __future__ import annotations

import pytest

from cards.target_role import role_problem
from cards.terms import target_problem


def role(sentence: str, target: str, language: str = "en") -> str:
    return role_problem(target, sentence, sentence.index(target), language)


@pytest.mark.parametrize(
    ("sentence", "target", "why"),
    [
        (
            "Every archive that bundles shared objects must record their checksums in a manifest.",
            "bundles",
            "verb",
        ),
        ("How long a lease lasts varies depending on the pool that granted it.", "varies", "verb"),
        (
            "The compressor keeps a dictionary and encodes more symbols per block than before.",
            "encodes",
            "verb",
        ),
        ("Each ticket is stamped by the clerk before the counter opens.", "stamped", "verb"),
        ("The optional Max-Retries header tells the proxy when to give up.", "optional", "describes"),
        (
            "The runtime package libfoo-common will always ship the shared data files.",
            "runtime package",
            "kind",
        ),
        ("The keyword none must be written in lower case in every manifest.", "keyword", "kind"),
        ("Mount the share with the noexec and noatime flags before the backup runs.", "noexec", "pair"),
        ("Temporary files are kept in a scratch area instead of /tmp by the daemon.", "tmp", "path"),
        ("Typical frame sizes for the codec are 8 or 16 octets on the wire.", "octets", "counts in"),
        ("The hull of the sloop was planked with twelve strakes on each side.", "strakes", "counts in"),
        ("Sometimes it is useful to assign RTF headers to plain files as well.", "RTF", "abbreviation"),
    ],
)
def test_targets_that_are_not_the_point_of_their_sentence(sentence: str, target: str, why: str) -> None:
    problem = role(sentence, target)
    assert why in problem, problem
    # the gate refuses the same targets, even when the text keeps using them
    assert target_problem(target, sentence, sentence.index(target), language="en", section_text=sentence * 3)


@pytest.mark.parametrize(
    ("sentence", "target"),
    [
        ("The largest of its variants decides how much memory the enum value needs.", "variants"),
        ("Traits are how functions and structs can say which closures they accept.", "structs"),
        ("Gradually groups of dances were called suites by the composers of the time.", "suites"),
        ("A pure function is idempotent when applying it twice gives the same result.", "idempotent"),
        ("The optional field is ignored by older readers of the format.", "field"),
        ("Every package must declare its dependencies in the control file.", "package"),
        (
            "Public modules must be installed in the directory /usr/lib/python3/dist-packages.",
            "dist-packages",
        ),
        ("The archive is unpacked into memory before the checksum is verified by the loader.", "checksum"),
        (
            "When a file changes in a way that alters which segments it reads, the index is rebuilt.",
            "segments",
        ),
        ("Both the stack and the heap are parts of memory available to your code.", "memory"),
        ("The codec works on blocks of 16 bytes, called frames by its authors.", "frames"),
        ("The hash functions were specified by NIST in response to weaknesses in SHA1.", "NIST"),
    ],
)
def test_terms_in_their_place_are_no_role_problem(sentence: str, target: str) -> None:
    assert role(sentence, target) == ""


def test_other_languages_are_not_judged_by_english_function_words() -> None:
    assert role("Tout paquet qui installe des modules doit le déclarer.", "installe", "fr") == ""


def test_the_first_half_of_a_compound_the_text_keeps_using() -> None:
    section = (
        "Gem names may not contain capitals. Rubygems package names are short. "
        "Some modules have names with capitals, which are not allowed in Rubygems package names."
    )
    sentence = "Some modules have names with capitals, which are not allowed in Rubygems package names."
    start = sentence.index("Rubygems")
    assert "compound" in role_problem("Rubygems", sentence, start, "en", section)
    # used once, the pair is no compound of the text
    assert role_problem("Rubygems", sentence, start, "en", sentence) == ""
    # a head that is a verb or a function word opens no compound
    verb = "Rubygems resolves names before it installs anything. Rubygems resolves names quickly."
    assert role_problem("Rubygems", verb, 0, "en", verb) == ""
    # a plural head after a determiner or a participle is the compound's noun
    releases = "For all supported Rubygems releases, the cache is shared. Old Rubygems releases differ."
    assert "compound" in role_problem("Rubygems", releases, releases.index("Rubygems"), "en", releases)
