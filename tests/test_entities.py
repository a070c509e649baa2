"""Entity clustering on hand-written NER tags: aliases, acronyms, surnames, titles, possessives."""

from __future__ import annotations

import pytest

from service.extract.entities import Mention, _head_type, _without_cut_titles, cluster, strip_title
from tests.parsed import load_parse, sentence


def tagged(text: str, tags: dict[str, str]) -> str:
    """Rows for `sentence()` where every token is a dependent of the first; NER from ``tags``."""
    rows = []
    for i, form in enumerate(text.split()):
        rows.append(f"{form} {form} X {1 if i else 0} {'dep' if i else 'root'} {tags.get(form, 'O')}")
    return "\n".join(rows)


def entities_of(text: str, tags: dict[str, str]) -> list[tuple[str, str, list[str]]]:
    sent = sentence(tagged(text, tags), text)
    return [(e.name, e.type, [m.text for m in e.mentions]) for e in cluster([sent], text).entities]


def test_aliases_and_acronyms() -> None:
    text = "The U.S. and the European Union met . The EU and the United States agreed ."
    tags = {"U.S.": "S-GPE", "European": "B-ORG", "Union": "E-ORG", "EU": "S-ORG", "United": "B-GPE",
            "States": "E-GPE"}
    assert entities_of(text, tags) == [
        ("United States", "GPE", ["U.S.", "United States"]),
        ("European Union", "ORG", ["European Union", "EU"]),
    ]


def test_surname_before_full_name_and_titles() -> None:
    text = "Macron spoke . President Emmanuel Macron said so ."
    tags = {"Macron": "S-PERSON", "Emmanuel": "B-PERSON"}
    sent_rows = tagged(text, tags).splitlines()
    # the second "Macron" ends the two-token name
    sent_rows[5] = sent_rows[5].replace("S-PERSON", "E-PERSON")
    sent = sentence("\n".join(sent_rows), text)
    (entity,) = cluster([sent], text).entities
    assert entity.name == "Emmanuel Macron" and [m.text for m in entity.mentions] == ["Macron", "Emmanuel Macron"]


def test_strip_title() -> None:
    # a description before a title goes with it (round 11: "Paleontologist Dr Matthew McCurry")
    assert strip_title(["French", "President", "Emmanuel", "Macron"]) == ["Emmanuel", "Macron"]
    assert strip_title(["Martin", "Luther", "King", "Jr."]) == ["Martin", "Luther", "King", "Jr."]
    assert strip_title(["President", "Emmanuel", "Macron"]) == ["Emmanuel", "Macron"]
    assert strip_title(["Sir", "Keir", "Starmer"]) == ["Keir", "Starmer"]
    assert strip_title(["Secretary", "of", "State", "Marco", "Rubio"]) == ["Marco", "Rubio"]


def test_different_people_with_one_first_name_stay_apart() -> None:
    text = "Donald Trump and Donald Tusk met ."
    tags = {"Donald": "B-PERSON", "Trump": "E-PERSON", "Tusk": "E-PERSON"}
    names = [e[0] for e in entities_of(text, tags)]
    assert names == ["Donald Trump", "Donald Tusk"]


def test_title_words_tagged_org_are_not_entities() -> None:
    """NER tags "State" in "Secretary of State Marco Rubio" as ORG; it is part of his title."""
    text = ("Secretary of State Marco Rubio , National Security Advisor Mike Waltz and Special Envoy Steve Witkoff "
            "met Apple CEO Tim Cook at the State Department .")
    rows = tagged(text, {}).splitlines()
    words = text.split()
    spans = [(2, 2, "ORG"), (3, 4, "PERSON"), (6, 7, "ORG"), (9, 10, "PERSON"), (12, 12, "ORG"), (14, 15, "PERSON"),
             (17, 17, "ORG"), (19, 20, "PERSON"), (23, 24, "ORG")]
    for first, last, etype in spans:
        for i in range(first, last + 1):
            prefix = "S" if first == last else "B" if i == first else "E" if i == last else "I"
            rows[i] = rows[i].rsplit(" ", 1)[0] + f" {prefix}-{etype}"
    assert words[2] == "State" and words[17] == "Apple"
    sent = sentence("\n".join(rows), text)
    names = [(e.name, e.type) for e in cluster([sent], text).entities]
    assert names == [("Marco Rubio", "PERSON"), ("Mike Waltz", "PERSON"), ("Steve Witkoff", "PERSON"),
                     ("Apple", "ORG"), ("Tim Cook", "PERSON"), ("State Department", "ORG")]


def test_initialism_gets_back_the_period_the_tokenizer_split_off() -> None:
    """The tokenizer reads "U.K. Premier" as "U.K" + "." + "Premier"; the mention is "U.K."."""
    parse = load_parse("UK_PREMIER")  # tests/parses/entities.conllu
    text, (rows,) = parse.text, parse.rows
    mentions = {m.text for e in cluster([sentence(rows, text)], text).entities for m in e.mentions}
    assert mentions == {"U.K.", "Keir Starmer", "U.S."}


def test_punctuation_inside_a_tagged_name_is_left_out() -> None:
    text = "Denmark 's Greenland — a territory — was named ."
    rows = tagged(text, {"Greenland": "B-GPE", "—": "E-GPE"})
    mentions = [m.text for e in cluster([sentence(rows, text)], text).entities for m in e.mentions]
    assert mentions == ["Greenland"]


@pytest.mark.parametrize(("name", "tagged", "expected"), [
    ("DeSoto County Jail", "GPE", "FAC"),      # a head word decides over the tagger's context
    ("NFL Draft", "ORG", "EVENT"),
    ("Hurricane Florence", "PERSON", "EVENT"),  # a first word decides even over PERSON
    ("Special Town Meeting", "ORG", "EVENT"),
    ("Jack Bridge", "PERSON", "PERSON"),       # a last word retypes a person only where it says so
    ("Anderson County", "PERSON", "GPE"),      # (round 12: "over_person", OntoNotes 147 of 147 GPE)
    ("Wall Street", "ORG", "ORG"),             # 'street' is not in the table (OntoNotes: 67 % FAC)
    ("Bridge", "ORG", "ORG"),                  # a one-word name keeps its type
])
def test_a_names_head_word_gives_its_type(name: str, tagged: str, expected: str) -> None:
    assert _head_type(name, tagged) == expected


def test_a_title_is_dropped_only_right_before_its_person() -> None:
    # "Capt. Barrett Baker" (the tagger cut the title off), but not a surname in a list: "Prince, Madonna"
    text = "said Capt. Barrett Baker; Prince, Madonna"
    capt, baker = Mention(5, 9, "Capt", "PERSON", 0, (1,)), Mention(11, 24, "Barrett Baker", "PERSON", 0, (3, 4))
    prince, madonna = Mention(26, 32, "Prince", "PERSON", 0, (6,)), Mention(34, 41, "Madonna", "PERSON", 0, (8,))
    mentions = [capt, baker, prince, madonna]
    assert [m.text for m in mentions] == [text[m.start:m.end] for m in mentions]
    assert [m.text for m in _without_cut_titles(mentions, text)] == [
        "Barrett Baker", "Prince", "Madonna"]


def _rows(text: str, tags: list[str]) -> str:
    """``tagged`` rows with one NER tag per token, in order (a form may be tagged twice differently)."""
    return "\n".join(f"{form} {form} X {1 if i else 0} {'dep' if i else 'root'} {tag}"
                     for i, (form, tag) in enumerate(zip(text.split(), tags, strict=True)))


def test_a_company_is_then_named_by_its_first_word_alone() -> None:
    # round 30: "Massey Energy" ... "Massey" (tagged a person) is the company; "US Department of Energy" is no
    # company's name and its first word "US" stays apart
    text = "Massey Energy sued . Massey lost . The US Department of Energy spoke . US officials agreed ."
    tags = ["B-ORG", "E-ORG", "O", "O", "S-PERSON", "O", "O", "O", "B-ORG", "I-ORG", "I-ORG", "E-ORG", "O", "O",
            "S-ORG", "O", "O", "O"]
    found = {e.name: [m.text for m in e.mentions] for e in cluster([sentence(_rows(text, tags), text)], text).entities}
    assert found["Massey Energy"] == ["Massey Energy", "Massey"]
    assert found["US Department of Energy"] == ["US Department of Energy"]


def test_an_honorific_without_its_period_makes_a_person_and_a_places_people_are_a_nationality() -> None:
    # round 31: British and Commonwealth style writes "Ms Palaszczuk" without the period (tagged an organisation);
    # "Queenslanders" is the people of the "Queensland" the story names; "Dr Pepper" is a brand, not a person
    text = ("Annastacia Palaszczuk spoke in Queensland . Ms Palaszczuk said Queenslanders trust her . "
            "Dr Pepper rose .")
    tags = ["B-PERSON", "E-PERSON", "O", "O", "S-GPE", "O", "B-ORG", "E-ORG", "O", "S-ORG", "O", "O", "O",
            "B-ORG", "E-ORG", "O", "O"]
    found = {e.name: (e.type, [m.text for m in e.mentions])
             for e in cluster([sentence(_rows(text, tags), text)], text, learned_types=False).entities}
    assert found["Annastacia Palaszczuk"] == ("PERSON", ["Annastacia Palaszczuk", "Ms Palaszczuk"])
    assert found["Queenslanders"][0] == "NORP"
    assert found["Dr Pepper"][0] == "ORG"


def test_a_word_of_a_lower_case_prefix_and_a_name_is_no_entity() -> None:
    # round 31: "pre-IPO", "anti-Kremlin" tagged alone are modifiers; "mid-Atlantic" is a region's name
    text = "a pre-IPO round , anti-Kremlin protests and mid-Atlantic storms"
    tags = ["O", "S-ORG", "O", "O", "S-NORP", "O", "O", "S-LOC", "O"]
    found = [e.name for e in cluster([sentence(_rows(text, tags), text)], text, learned_types=False).entities]
    assert found == ["mid-Atlantic"]


def test_a_time_zone_is_no_entity_and_madam_is_a_title() -> None:
    # round 32: "8pm AEST" left the zone tagged an organisation (retired n667); Ghanaian and Nigerian copy
    # writes "Madam Ahafianyo" for "Felicity Ahafianyo" (retired n669)
    text = "Felicity Ahafianyo spoke at 8pm AEST . Madam Ahafianyo said so ."
    tags = ["B-PERSON", "E-PERSON", "O", "O", "O", "S-ORG", "O", "B-PERSON", "E-PERSON", "O", "O", "O"]
    found = {e.name: [m.text for m in e.mentions]
             for e in cluster([sentence(_rows(text, tags), text)], text, learned_types=False).entities}
    assert found == {"Felicity Ahafianyo": ["Felicity Ahafianyo", "Madam Ahafianyo"]}
