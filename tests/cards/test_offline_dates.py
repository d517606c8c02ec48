"""The full date of a sentence's own event: "On {{November 7, 2018}}, the agency issued …"."""

from __future__ import annotations

from cards.offline.clean import noise
from cards.schema import CardKind
from cards.terms import target_problem
from documents.model import SourceRef

from .sample import drafted, kept_cards


def _cards(text: str) -> list[str]:
    from cards.offline import dates

    return [c.front for c in drafted(dates.dated_event, text)]


def test_an_event_dated_to_the_day_is_a_cloze_on_its_date() -> None:
    cards = _cards(
        "On March 2, 2021, the Coast Guard issued a temporary safety zone for the harbor entrance. "
        "The revised inspection manual was published on 14 June 2019 after a public review period. "
        "Applicants must file the completed form with the county clerk by January 31, 2022. "
        "The original design patent expired on September 20, 2000, and the method is free to use."
    )
    assert cards == [
        "On {{c1::March 2, 2021}}, the Coast Guard issued a temporary safety zone for the harbor entrance.",
        "The revised inspection manual was published on {{c1::14 June 2019}} after a public review period.",
        "Applicants must file the completed form with the county clerk by {{c1::January 31, 2022}}.",
        "The original design patent expired on {{c1::September 20, 2000}}, and the method is free to use.",
    ]


def test_no_date_of_a_document_a_pronoun_two_dates_or_a_bare_line() -> None:
    cards = _cards(
        "Service Bulletin 12-34, dated June 12, 2020, describes procedures for the wiring change. "  # a name
        "The bulletin was dated on June 12, 2020 by the engineering office of the manufacturer. "
        "On May 4, 2019, it was moved to the eastern wing of the museum building. "  # whose move?
        "On May 4, 2019, the board replaced the rule adopted on June 1, 2015 with a stricter one. "  # which?
        "Issued on August 3, 2020. "  # no event
        "The council met in 2019 and adopted the new zoning plan for the district."  # a year, no day
    )
    assert cards == []


def test_the_gate_takes_a_date_target_for_no_list_item() -> None:
    sentence = "On November 7, 2018, the agency issued an emergency order as an interim corrective action."
    start = sentence.index("November")
    assert target_problem("November 7, 2018", sentence, start, language="en") == ""
    listed = "The ports are Dover, Calais, and Ostend on the channel coast."
    assert "one item of a list" in target_problem("Calais", listed, listed.index("Calais"), language="en")


def test_a_country_abbreviation_is_no_bibliography_but_initials_still_are() -> None:
    assert not noise("The agency estimates that this rule affects 73 airplanes of U.S. registry.")
    assert not noise("The treaty was signed by the U.K. and ratified within the year.")
    assert noise("Lee, K. T. and Chang, M. W. Latent retrieval for weakly supervised question answering.")
    # a person's initials written together before the surname, mid-sentence, are a name's
    assert not noise("Handel was born in 1685, in Halle, in the same year as J.S. Bach, who was younger.")
    assert not noise("C.P.E. Bach (born 1714) was much better known than his father.")
    assert noise("Devlin, J. and Lee, K.T. Chang. Latent retrieval for question answering.")
    assert noise("Under the Freedom of Information Act (5 U.S.C. 552), the agency posts every comment.")


def test_a_dated_event_passes_the_gate_in_a_full_draft() -> None:
    text = (
        "The Coast Guard regulates the harbor entrance, a narrow channel used by ferries and freight. "
        "On March 2, 2021, the Coast Guard issued a temporary safety zone for the harbor entrance. "
        "The safety zone closes the channel to recreational vessels during dredging operations."
    )
    kept = kept_cards(text, SourceRef(page=1))
    assert any(c.kind is CardKind.CLOZE and "{{c1::March 2, 2021}}" in c.front for c in kept)
