"""The quote stage on exact hand-written parses (no models): quoted spans, cues and speakers,
on real news sentences with the parser's actual mistakes."""

from __future__ import annotations

from service.extract.quotes import quote_fragments
from tests.fake_nlp import entity_name, run, speakers
from tests.parsed import load_parse

BARROT_ADDING = load_parse("BARROT_ADDING").text
CHALLENGE = load_parse("CHALLENGE").text
CYRIL = load_parse("CYRIL").text
DEAN = load_parse("DEAN").text
FLYNN = load_parse("FLYNN").text
HOFFMANN = load_parse("HOFFMANN").text
HUNGARY = load_parse("HUNGARY").text
LATE = load_parse("LATE").text
MORGAN = load_parse("MORGAN").text
NATO = load_parse("NATO").text
P1 = load_parse("P1").text
P2 = load_parse("P2").text
P3 = load_parse("P3").text
PRUITT = load_parse("PRUITT").text
SMITH = load_parse("SMITH").text
SNIFF = load_parse("SNIFF").text
SOURCE = load_parse("SOURCE").text
TULSA = load_parse("TULSA").text


def test_pronoun_speaker_resolves_to_the_latest_person() -> None:
    text, body = run(P1, P2)
    (quote,) = body["quotes"]
    assert quote["kind"] == "direct"
    assert quote["content"]["text"] == "A process towards peace is not a one-meeting thing,"
    assert quote["cue"]["text"] == "told"
    assert quote["speaker"]["text"] == "he"
    assert entity_name(body, quote["speaker"]["entity"]) == "Rubio"


def test_inverted_speaker_with_title() -> None:
    _, body = run(P3)
    (quote,) = body["quotes"]
    assert quote["speaker"]["text"] == "Peter Szijjarto"
    assert entity_name(body, quote["speaker"]["entity"]) == "Peter Szijjarto"


def test_subject_inside_the_quote_is_not_the_speaker() -> None:
    _, body = run(SMITH, CHALLENGE)
    assert speakers(body) == [("direct", "One of the challenges is money,", "she", "Anne Smith")]


def test_pronoun_after_a_quote_skips_names_inside_it() -> None:
    _, body = run(DEAN, SNIFF)
    assert speakers(body) == [("direct", "Notice Trump sniffing,", "he", "Howard Dean")]


def test_cue_misparsed_as_relative_clause_keeps_its_subject() -> None:
    _, body = run(DEAN, LATE)
    assert speakers(body) == [("direct", "Debates happen late in the campaign,", "he", "Howard Dean")]


def test_speaker_with_long_apposition_between_quote_and_cue() -> None:
    _, body = run(PRUITT)
    assert speakers(body) == [("direct", "It is an invasion of the state domain,", "Scott Pruitt", "Scott Pruitt")]


def test_inverted_speaker_parsed_as_object() -> None:
    _, body = run(SOURCE)
    assert speakers(body) == [("direct", "Republicans are in a frenzy,", "one Democratic source on the panel", None)]


def test_attribution_cut_by_a_sentence_break_after_a_title() -> None:
    _, body = run(MORGAN)
    assert speakers(body) == [("direct", "It was the least bad outcome,", "Morgan", "Morgan")]
    assert body["quotes"][0]["cue"]["text"] == "said"


def test_attribution_in_the_next_sentence_and_quote_going_on_after_it() -> None:
    _, body = run(TULSA)
    (quote,) = body["quotes"]
    assert quote["content"]["text"] == TULSA[1:-1]  # '... see this?" Clinton said. "In Tulsa, ...'
    assert quote["cue"]["text"] == "said" and entity_name(body, quote["speaker"]["entity"]) == "Clinton"


def test_participle_cue_parsed_as_complement() -> None:
    _, body = run(NATO)
    assert speakers(body) == [("direct", "We will not pay,", "Trump", "Trump"),
                              ("direct", "NATO is costing us a fortune.", "Trump", "Trump")]


def test_date_subject_and_one_speaker_per_cue() -> None:
    _, body = run(FLYNN)
    assert [(kind, speaker) for kind, _, _, speaker in speakers(body)] == [("direct", "Flynn"), ("mixed", "Flynn")]


def test_relative_clause_on_the_speaker_is_not_reported_speech() -> None:
    _, body = run(HUNGARY)
    assert [(kind, speaker) for kind, _, _, speaker in speakers(body)] == [("mixed", "Hungary")]
    assert body["quotes"][0]["content"]["text"] == 'the conference was an effort to "prevent" peace'


def test_long_speaker_phrase_with_relative_clause() -> None:
    _, body = run(CYRIL)
    assert speakers(body) == [("direct", "This narrative is pushed by media,", "Malkia Cyril", "Malkia Cyril")]


def test_mixed_quotation_mark_styles_close_quotes() -> None:
    text = 'There was \u201cno evidence" yet.\n"We see no link," he said, adding it takes "more hours\u201d to know.'
    cut = text.index("\n")
    spans = quote_fragments(text, [(0, cut), (cut + 1, len(text))])
    assert [text[a:b] for a, b in spans] == ["no evidence", "We see no link,", "more hours"]


def test_title_and_name_parsed_as_two_subjects_and_adding_inside_the_report() -> None:
    _, body = run(BARROT_ADDING)
    assert speakers(body) == [
        ("indirect", "it would fall to Europe to guarantee a deal", "Jean-Noel Barrot", "Jean-Noel Barrot"),
        ("mixed", 'he expected the United States to "revise their level of commitment."', "Jean-Noel Barrot",
         "Jean-Noel Barrot")]


def test_quoted_words_attached_to_the_wrong_verb_keep_the_nearer_cue() -> None:
    _, body = run(HOFFMANN)
    assert speakers(body) == [
        ("mixed", 'it was "premature" to send troops', "Christiane Hoffmann", "Christiane Hoffmann")]
