"""The entity, date, quote and event stages on exact hand-written parses (no models)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from service.extract import ExtractionPipeline, ExtractRequest
from service.extract.contract import NO_DEADLINE, Deadline
from service.extract.doc import Sentence
from service.extract.quotes import quote_fragments
from tests.parsed import sentence

P1 = "Rubio had earlier sought to play down expectations."
P2 = '"A process towards peace is not a one-meeting thing," he told the CBS network.'
P3 = '"Today, leaders are gathering," said Foreign Minister Peter Szijjarto.'
P4 = "Barrot said Sunday it would fall to Europe."
P5 = "Marco Rubio will meet Jean-Noel Barrot in Riyadh on Tuesday."
SIDELINED = "Trump sidelined Kyiv last week when he called Putin."
TODAY_ON_CUE = '"Today, ministers are meeting," said Peter Szijjarto.'
BARROT_ADDING = ('French Foreign Minister Jean-Noel Barrot said Sunday it would fall to Europe to guarantee a deal, '
                 'adding he expected the United States to "revise their level of commitment."')
HOFFMANN = ('Germany on Monday agreed, with spokeswoman Christiane Hoffmann telling reporters it was "premature" '
            'to send troops.')

PARSES: dict[str, str | list[str]] = {
    # Two subjects ("Minister", "Jean"), "Sunday" as iobj, "adding" a conjunct of "guarantee".
    BARROT_ADDING: """
French French ADJ 3 amod B-NORP
Foreign Foreign ADJ 3 amod
Minister minister PROPN 8 nsubj
Jean Jean PROPN 8 nsubj B-PERSON
- - PUNCT 6 punct I-PERSON
Noel Noel PROPN 4 flat I-PERSON
Barrot Barrot PROPN 6 flat E-PERSON
said say VERB 0 root O Tense=Past|VerbForm=Fin
Sunday Sunday PROPN 8 iobj S-DATE
it it PRON 12 nsubj
would would AUX 12 aux
fall fall VERB 8 ccomp
to to ADP 14 case
Europe Europe PROPN 12 obl S-LOC
to to PART 16 mark
guarantee guarantee VERB 12 advcl
a a DET 18 det
deal deal NOUN 16 obj
, , PUNCT 20 punct
adding add VERB 16 conj O VerbForm=Ger
he he PRON 22 nsubj
expected expect VERB 20 ccomp O Tense=Past|VerbForm=Fin
the the DET 25 det B-GPE
United United ADJ 25 amod I-GPE
States States PROPN 22 obj E-GPE
to to PART 28 mark
" " PUNCT 28 punct
revise revise VERB 22 advcl
their their PRON 30 nmod:poss
level level NOUN 28 obj
of of ADP 32 case
commitment commitment NOUN 30 nmod
. . PUNCT 28 punct
" " PUNCT 28 punct
""",
    # The quoted words hang off "agreed" as parataxis, not off "telling".
    HOFFMANN: """
Germany Germany PROPN 4 nsubj S-GPE
on on ADP 3 case
Monday Monday PROPN 4 obl S-DATE
agreed agree VERB 0 root O Tense=Past|VerbForm=Fin
, , PUNCT 10 punct
with with ADP 7 case
spokeswoman spokeswoman NOUN 10 nsubj
Christiane Christiane PROPN 7 flat B-PERSON
Hoffmann Hoffmann PROPN 8 flat E-PERSON
telling tell VERB 4 conj O VerbForm=Ger
reporters reporter NOUN 10 iobj
it it PRON 16 nsubj
was be AUX 16 cop
" " PUNCT 16 punct
premature premature ADJ 4 parataxis
" " PUNCT 16 punct
to to PART 18 mark
send send VERB 16 acl
troops troop NOUN 18 obj
. . PUNCT 4 punct
""",
    P1: """
Rubio Rubio PROPN 4 nsubj S-PERSON
had have AUX 4 aux O Tense=Past
earlier early ADV 4 advmod
sought seek VERB 0 root O Tense=Past|VerbForm=Part
to to PART 6 mark
play play VERB 4 xcomp
down down ADP 6 compound:prt
expectations expectation NOUN 6 obj
. . PUNCT 4 punct
""",
    P2: """
" " PUNCT 10 punct
A a DET 3 det
process process NOUN 10 nsubj
towards towards ADP 5 case
peace peace NOUN 3 nmod
is be AUX 10 cop O Tense=Pres
not not PART 10 advmod
a a DET 10 det
one-meeting one-meeting ADJ 10 amod
thing thing NOUN 0 root
, , PUNCT 10 punct
" " PUNCT 10 punct
he he PRON 14 nsubj
told tell VERB 10 parataxis O Tense=Past
the the DET 17 det
CBS CBS PROPN 17 compound S-ORG
network network NOUN 14 obj
. . PUNCT 10 punct
""",
    P3: """
" " PUNCT 6 punct
Today today NOUN 6 obl:tmod S-DATE
, , PUNCT 6 punct
leaders leader NOUN 6 nsubj
are be AUX 6 aux O Tense=Pres
gathering gather VERB 0 root O VerbForm=Ger
, , PUNCT 6 punct
" " PUNCT 6 punct
said say VERB 6 parataxis O Tense=Past
Foreign foreign ADJ 11 amod
Minister minister PROPN 12 compound
Peter Peter PROPN 9 nsubj B-PERSON
Szijjarto Szijjarto PROPN 12 flat E-PERSON
. . PUNCT 6 punct
""",
    P4: """
Barrot Barrot PROPN 2 nsubj S-PERSON
said say VERB 0 root O Tense=Past
Sunday Sunday PROPN 2 obl:tmod S-DATE
it it PRON 6 expl
would would AUX 6 aux
fall fall VERB 2 ccomp
to to ADP 8 case
Europe Europe PROPN 6 obl S-LOC
. . PUNCT 2 punct
""",
    P5: """
Marco Marco PROPN 4 nsubj B-PERSON
Rubio Rubio PROPN 1 flat E-PERSON
will will AUX 4 aux
meet meet VERB 0 root O VerbForm=Inf
Jean-Noel Jean-Noel PROPN 4 obj B-PERSON
Barrot Barrot PROPN 5 flat E-PERSON
in in ADP 8 case
Riyadh Riyadh PROPN 4 obl S-GPE
on on ADP 10 case
Tuesday Tuesday PROPN 4 obl S-DATE
. . PUNCT 4 punct
""",
}


# Speaker attribution on real news sentences, with the parser's actual mistakes.
SMITH = "Anne Smith runs the fund."
CHALLENGE = '"One of the challenges is money," she said.'
DEAN = "Howard Dean spoke on Monday."
SNIFF = '"Notice Trump sniffing," he said.'
LATE = '"Debates happen late in the campaign," he wrote.'
PRUITT = ('"It is an invasion of the state domain," Scott Pruitt, the Republican attorney general of Oklahoma, '
          'said at a Washington event.')
SOURCE = '"Republicans are in a frenzy," said one Democratic source on the panel.'
MORGAN = '"It was the least bad outcome," Mr. Morgan of the Sierra Club said.'
TULSA = '"How many times do we have to see this?" Clinton said. "In Tulsa, an unarmed man was shot."'
NATO = '"We will not pay," Trump said, adding later, "NATO is costing us a fortune."'
FLYNN = '"There is a severe disconnect," Flynn, a top Trump surrogate, said Thursday on "Fox and Friends."'
HUNGARY = 'Hungary, whose minister is close to Trump, said that the conference was an effort to "prevent" peace.'
CYRIL = '"This narrative is pushed by media," Malkia Cyril, a director who also featured in the film, told reporters.'

PARSES.update({
    SMITH: """
Anne Anne PROPN 3 nsubj B-PERSON
Smith Smith PROPN 1 flat E-PERSON
runs run VERB 0 root O Tense=Pres|VerbForm=Fin
the the DET 5 det
fund fund NOUN 3 obj
. . PUNCT 3 punct
""",
    # "One" parsed as a second subject of "said".
    CHALLENGE: """
" " PUNCT 2 punct
One one NUM 11 nsubj
of of ADP 5 case
the the DET 5 det
challenges challenge NOUN 2 nmod
is be AUX 7 cop O VerbForm=Fin
money money NOUN 11 ccomp
, , PUNCT 7 punct
" " PUNCT 7 punct
she she PRON 11 nsubj
said say VERB 0 root O Tense=Past|VerbForm=Fin
. . PUNCT 11 punct
""",
    DEAN: """
Howard Howard PROPN 3 nsubj B-PERSON
Dean Dean PROPN 1 flat E-PERSON
spoke speak VERB 0 root O Tense=Past|VerbForm=Fin
on on ADP 5 case
Monday Monday PROPN 3 obl S-DATE
. . PUNCT 3 punct
""",
    SNIFF: """
" " PUNCT 2 punct
Notice notice VERB 8 ccomp O VerbForm=Inf
Trump Trump PROPN 2 obj S-PERSON
sniffing sniff VERB 2 xcomp O VerbForm=Ger
, , PUNCT 2 punct
" " PUNCT 2 punct
he he PRON 8 nsubj
said say VERB 0 root O Tense=Past|VerbForm=Fin
. . PUNCT 8 punct
""",
    # "wrote" parsed as a relative clause on "campaign", with its own subject.
    LATE: """
" " PUNCT 3 punct
Debates debate NOUN 3 nsubj
happen happen VERB 0 root O VerbForm=Fin
late late ADV 3 advmod
in in ADP 7 case
the the DET 7 det
campaign campaign NOUN 3 obl
, , PUNCT 11 punct
" " PUNCT 11 punct
he he PRON 11 nsubj
wrote write VERB 7 acl:relcl O Tense=Past|VerbForm=Fin
. . PUNCT 11 punct
""",
    # The speaker parsed as an apposition inside the quote; "said" has no subject.
    PRUITT: """
" " PUNCT 5 punct
It it PRON 5 nsubj
is be AUX 5 cop O VerbForm=Fin
an a DET 5 det
invasion invasion NOUN 0 root
of of ADP 9 case
the the DET 9 det
state state NOUN 9 compound
domain domain NOUN 5 nmod
, , PUNCT 12 punct
" " PUNCT 12 punct
Scott Scott PROPN 9 appos B-PERSON
Pruitt Pruitt PROPN 12 flat E-PERSON
, , PUNCT 18 punct
the the DET 18 det
Republican Republican ADJ 18 amod S-NORP
attorney attorney NOUN 18 compound
general general NOUN 12 appos
of of ADP 20 case
Oklahoma Oklahoma PROPN 18 nmod S-GPE
, , PUNCT 22 punct
said say VERB 5 parataxis O Tense=Past|VerbForm=Fin
at at ADP 26 case
a a DET 26 det
Washington Washington PROPN 26 compound S-GPE
event event NOUN 22 obl
. . PUNCT 5 punct
""",
    # The inverted subject parsed as an object.
    SOURCE: """
" " PUNCT 6 punct
Republicans Republican NOUN 6 nsubj S-NORP
are be AUX 6 cop O VerbForm=Fin
in in ADP 6 case
a a DET 6 det
frenzy frenzy NOUN 9 ccomp
, , PUNCT 6 punct
" " PUNCT 6 punct
said say VERB 0 root O Tense=Past|VerbForm=Fin
one one NUM 12 nummod
Democratic Democratic PROPN 12 compound S-NORP
source source NOUN 9 obj
on on ADP 15 case
the the DET 15 det
panel panel NOUN 12 nmod
. . PUNCT 9 punct
""",
    # A sentence break after "Mr.".
    MORGAN: ["""
" " PUNCT 7 punct
It it PRON 7 nsubj
was be AUX 7 cop O VerbForm=Fin
the the DET 7 det
least least ADV 6 advmod
bad bad ADJ 7 amod
outcome outcome NOUN 0 root
, , PUNCT 7 punct
" " PUNCT 7 punct
Mr. Mr. PROPN 7 appos
""", """
Morgan Morgan PROPN 6 nsubj S-PERSON
of of ADP 5 case
the the DET 5 det
Sierra Sierra PROPN 5 compound B-ORG
Club Club PROPN 1 nmod E-ORG
said say VERB 0 root O Tense=Past|VerbForm=Fin
. . PUNCT 6 punct
"""],
    # A sentence break after the question mark; the quote goes on after its attribution.
    TULSA: ["""
" " PUNCT 7 punct
How how ADV 3 advmod
many many ADJ 4 amod
times time NOUN 7 obl
do do AUX 7 aux O VerbForm=Fin
we we PRON 7 nsubj
have have VERB 0 root O VerbForm=Inf
to to PART 9 mark
see see VERB 7 xcomp O VerbForm=Inf
this this PRON 9 obj
? ? PUNCT 7 punct
" " PUNCT 7 punct
""", """
Clinton Clinton PROPN 2 nsubj S-PERSON
said say VERB 0 root O Tense=Past|VerbForm=Fin
. . PUNCT 2 punct
""", """
" " PUNCT 9 punct
In in ADP 3 case
Tulsa Tulsa PROPN 9 obl S-GPE
, , PUNCT 9 punct
an a DET 7 det
unarmed unarmed ADJ 7 amod
man man NOUN 9 nsubj:pass
was be AUX 9 aux:pass O VerbForm=Fin
shot shoot VERB 0 root O Tense=Past|VerbForm=Part
. . PUNCT 9 punct
" " PUNCT 9 punct
"""],
    # "adding" parsed as a complement of "said".
    NATO: """
" " PUNCT 5 punct
We we PRON 5 nsubj
will will AUX 5 aux
not not PART 5 advmod
pay pay VERB 9 ccomp O VerbForm=Inf
, , PUNCT 5 punct
" " PUNCT 9 punct
Trump Trump PROPN 9 nsubj S-PERSON
said say VERB 0 root O Tense=Past|VerbForm=Fin
, , PUNCT 11 punct
adding add VERB 9 ccomp O VerbForm=Ger
later late ADV 11 advmod
, , PUNCT 17 punct
" " PUNCT 17 punct
NATO NATO PROPN 17 nsubj S-ORG
is be AUX 17 aux O VerbForm=Fin
costing cost VERB 9 ccomp O VerbForm=Ger
us we PRON 17 obj
a a DET 20 det
fortune fortune NOUN 17 obj
. . PUNCT 17 punct
" " PUNCT 17 punct
""",
    # The speaker in apposition inside the quote, a date as the subject of "said", a quoted show title.
    FLYNN: """
" " PUNCT 3 punct
There there PRON 3 expl
is be VERB 0 root O VerbForm=Fin
a a DET 6 det
severe severe ADJ 6 amod
disconnect disconnect NOUN 3 nsubj
, , PUNCT 9 punct
" " PUNCT 9 punct
Flynn Flynn PROPN 6 appos S-PERSON
, , PUNCT 14 punct
a a DET 14 det
top top ADJ 14 amod
Trump Trump PROPN 14 compound S-PERSON
surrogate surrogate NOUN 9 appos
, , PUNCT 14 punct
said say VERB 3 parataxis O Tense=Past|VerbForm=Fin
Thursday Thursday PROPN 16 nsubj S-DATE
on on ADP 20 case
" " PUNCT 20 punct
Fox Fox PROPN 16 obl B-ORG
and and CCONJ 22 cc I-ORG
Friends Friends PROPN 20 conj E-ORG
. . PUNCT 16 punct
" " PUNCT 16 punct
""",
    # The relative clause on the subject parsed as the complement of "said".
    HUNGARY: """
Hungary Hungary PROPN 10 nsubj S-GPE
, , PUNCT 1 punct
whose whose DET 4 det
minister minister NOUN 6 nsubj
is be AUX 6 cop O VerbForm=Fin
close close ADJ 10 ccomp
to to ADP 8 case
Trump Trump PROPN 6 obl S-PERSON
, , PUNCT 8 punct
said say VERB 0 root O Tense=Past|VerbForm=Fin
that that SCONJ 16 mark
the the DET 13 det
conference conference NOUN 16 nsubj
was be AUX 16 cop O VerbForm=Fin
an a DET 16 det
effort effort NOUN 10 ccomp
to to PART 21 mark
" " PUNCT 21 punct
prevent prevent NOUN 21 compound
" " PUNCT 21 punct
peace peace NOUN 16 nmod
. . PUNCT 10 punct
""",
    # A past verb read as a participle: a verbless sentence rooted in a noun.
    SIDELINED: """
Trump Trump PROPN 3 compound S-PERSON
sidelined sideline VERB 3 amod O Tense=Past|VerbForm=Part
Kyiv Kyiv PROPN 0 root S-GPE
last last ADJ 5 amod B-DATE
week week NOUN 3 nmod:unmarked E-DATE
when when ADV 8 advmod
he he PRON 8 nsubj
called call VERB 2 advcl O Tense=Past|VerbForm=Fin
Putin Putin PROPN 8 obj S-PERSON
. . PUNCT 3 punct
""",
    # The quoted date attached to the cue outside the quote.
    TODAY_ON_CUE: """
" " PUNCT 9 punct
Today today NOUN 9 obl:unmarked S-DATE
, , PUNCT 2 punct
ministers minister NOUN 6 nsubj
are be AUX 6 aux O Tense=Pres
meeting meet VERB 9 ccomp O VerbForm=Ger
, , PUNCT 6 punct
" " PUNCT 6 punct
said say VERB 0 root O Tense=Past|VerbForm=Fin
Peter Peter PROPN 9 nsubj B-PERSON
Szijjarto Szijjarto PROPN 10 flat E-PERSON
. . PUNCT 9 punct
""",
    # A long speaker phrase with a relative clause (parsed as the complement of "told").
    CYRIL: """
" " PUNCT 5 punct
This this DET 3 det
narrative narrative NOUN 5 nsubj:pass
is be AUX 5 aux:pass O VerbForm=Fin
pushed push VERB 0 root O Tense=Past|VerbForm=Part
by by ADP 7 case
media media NOUN 5 obl
, , PUNCT 10 punct
" " PUNCT 10 punct
Malkia Malkia PROPN 7 appos B-PERSON
Cyril Cyril PROPN 10 flat E-PERSON
, , PUNCT 14 punct
a a DET 14 det
director director NOUN 10 appos
who who PRON 17 nsubj
also also ADV 17 advmod
featured feature VERB 22 ccomp O Tense=Past|VerbForm=Fin
in in ADP 20 case
the the DET 20 det
film film NOUN 17 obl
, , PUNCT 22 punct
told tell VERB 5 parataxis O Tense=Past|VerbForm=Fin
reporters reporter NOUN 22 obj
. . PUNCT 5 punct
""",
})


class FakeNlp:
    """Returns the hand-written parse of each known paragraph."""

    processors = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")

    def annotate(self, texts: Sequence[str], *, deadline: Deadline = NO_DEADLINE) -> list[list[Sentence]]:
        out = []
        for text in texts:
            parses = PARSES[text]
            sentences: list[Sentence] = []
            for rows in [parses] if isinstance(parses, str) else parses:  # a list: several sentences
                sentences.append(sentence(rows, text, offset=sentences[-1].end if sentences else 0))
            out.append(sentences)
        return out


def run(*paragraphs: str, date: dt.date | None = dt.date(2025, 2, 17)) -> tuple[str, dict[str, Any]]:
    text = "\n".join(paragraphs)
    pipeline = ExtractionPipeline(FakeNlp(), {"name": "fake", "version": "0", "processors": FakeNlp.processors})
    return text, pipeline.extract_many([ExtractRequest(text=text, date=date)])[0]


def entity_name(body: dict[str, Any], entity_id: str | None) -> str | None:
    return next((e["name"] for e in body["entities"] if e["id"] == entity_id), None)


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


def test_indirect_speech_is_a_dated_speech_event() -> None:
    _, body = run(P4)
    (quote,) = body["quotes"]
    assert quote["kind"] == "indirect"
    assert quote["content"]["text"] == "it would fall to Europe"
    assert entity_name(body, quote["speaker"]["entity"]) == "Barrot"
    (event,) = body["events"]
    assert event["trigger"]["text"] == "said" and event["status"] == "reported"
    assert event["date"]["value"] == "2025-02-16"
    assert event["quote"] == quote["id"] and quote["event"] == event["id"]


def test_event_participants_location_and_planned_status() -> None:
    _, body = run(P5)
    assert body["timexes"][0]["value"] == "2025-02-18"  # "will meet ... on Tuesday": the future Tuesday
    (event,) = body["events"]
    assert event["trigger"]["text"] == "meet" and event["lemma"] == "meet"
    assert event["date"]["value"] == "2025-02-18"
    roles = {(p["role"], entity_name(body, p["entity"])) for p in event["participants"]}
    assert roles == {("agent", "Marco Rubio"), ("patient", "Jean-Noel Barrot")}
    assert entity_name(body, event["location"]) == "Riyadh"
    assert event["status"] == "planned"


def test_surnames_join_full_names_across_paragraphs() -> None:
    _, body = run(P1, P4, P5)
    people = {e["name"]: e for e in body["entities"] if e["type"] == "PERSON"}
    assert set(people) == {"Marco Rubio", "Jean-Noel Barrot"}
    assert [m["text"] for m in people["Marco Rubio"]["mentions"]] == ["Rubio", "Marco Rubio"]


def test_date_of_today_in_a_quote() -> None:
    _, body = run(P3)
    today = next(t for t in body["timexes"] if t["text"] == "Today")
    assert today["value"] == "2025-02-17"
    assert [e["trigger"]["text"] for e in body["events"]] == ["gathering", "said"]


def speakers(body: dict[str, Any]) -> list[tuple[str, str, str | None, str | None]]:
    """(kind, content, speaker text, speaker entity name) of every quote."""
    return [(q["kind"], q["content"]["text"], q["speaker"] and q["speaker"]["text"],
             entity_name(body, q["speaker"] and q["speaker"]["entity"])) for q in body["quotes"]]


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


def test_date_in_a_verbless_misparse_dates_the_verb_under_the_noun() -> None:
    _, body = run(SIDELINED)
    dated = {e["trigger"]["text"]: e["date"] and e["date"]["value"] for e in body["events"]}
    assert dated == {"sidelined": "2025-W07", "called": "2025-W07"}


def test_quoted_date_attached_to_the_cue_dates_the_quoted_clause() -> None:
    _, body = run(TODAY_ON_CUE)
    dated = {e["trigger"]["text"]: e["date"] and e["date"]["value"] for e in body["events"]}
    assert dated == {"meeting": "2025-02-17", "said": None}
