"""The lexicons and tunable thresholds of the extraction stages, read from ``service/data/``.

Every word list and limit the stages go by is data: one JSON file per concern
(``aliases.json``, ``boilerplate.json``, ``cues.json``, ``pronouns.json``, ``events.json``,
``timexes.json``), one set of these files per language, and ``languages.json`` saying which
folder holds each language's set.  ``service/data/README.md`` documents every file and key.

:func:`load_lexicons` reads and checks one language's files once (the result is cached) and
returns a frozen :class:`Lexicons`; the stages read their words and limits only through it.
``build_extractor`` loads every language at start-up, so that a malformed file stops the
service with a :class:`LexiconError` naming the file and the key, not the first request.

Each reader below is the schema of its file: a key no reader asks for is rejected as unknown
(so no file holds a key that nothing reads), a missing key or a value of the wrong type is
rejected with its dotted path (``cues.json: limits.max_attribution_chars: ...``).  Word lists
are lower-case (the stages compare lower-cased words and lemmas), without repeats.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any, NoReturn

#: The language of a request that names none, and of the stages' look-ups.
DEFAULT_LANGUAGE = "en"
#: The package whose folder holds the data files.
DATA_PACKAGE = "service.data"
#: The file that maps each language to the folder holding its files.
LANGUAGES_FILE = "languages.json"
#: The only key a file may hold besides those its reader asks for: a human's note.
COMMENT = "_comment"


class LexiconError(ValueError):
    """A data file is missing or malformed: ``file`` and ``key`` (a dotted path) say where."""

    def __init__(self, file: str, key: str | None, problem: str) -> None:
        self.file, self.key, self.problem = file, key, problem
        where = f"{file}: {key}" if key else file
        super().__init__(f"lexicon file {where}: {problem}")


def data_root() -> Traversable:
    """The folder of the data files (a function, so tests can point it at a copy)."""
    return resources.files(DATA_PACKAGE)


# -- what the stages read --------------------------------------------------------------------------


@dataclass(frozen=True)
class EntityLexicon:
    """``aliases.json``: the entity stage (:mod:`service.extract.entities`)."""

    alias_groups: tuple[tuple[str, ...], ...]  # each group's first name is the canonical one
    titles: frozenset[str]
    title_max_words: int  # the longest title, in words (derived from ``titles``)
    title_lookback_chars: int
    possessive_heads: frozenset[str]  # "X's <head>" stays one name ("Lincoln County Sheriff's Office")
    plural_possessors: frozenset[str]  # "Jackson Women's Health Organization": a plural noun's "'s" stays inside
    and_names: frozenset[str]  # "trinidad and tobago": a name with "and" inside, one name however tagged
    post_nominals: frozenset[str]  # "QC" of "Ian Barker QC": cut from a person's name
    common_acronyms: frozenset[str]  # "MPs", "IPO", "SWAT": abbreviations of common nouns, no names
    state_codes: frozenset[str]  # lower-case US postal codes: "Rep. Ken Buck (CO)"
    court_words: frozenset[str]  # words of a story about a court case: "Roe v. Wade" is then LAW
    shared_plurals: frozenset[str]  # "Nassau and Suffolk Counties": a plural designator two names share
    company_heads: frozenset[str]  # "Massey Energy", "Adani Group": the company is then "Massey", "Adani"
    word_prefixes: frozenset[str]  # "pre-IPO", "anti-Kremlin": a modifier made of a name, not a name
    generic_heads: frozenset[str]  # "State", "Court", "Company": no name when an entity is only that word
    one_place: frozenset[str]  # "Washington D.C.": a place and a code that name one place (comma or not)
    alert_heads: frozenset[str]  # "warning", "watch": the last word of a weather alert's name
    alert_words: frozenset[str]  # "winter", "storm", "heavy": the words before it
    alert_levels: frozenset[str]  # "status orange": an alert level named alone
    demonym_suffixes: frozenset[str]  # a place's people: "Queensland" + "ers", "Manitoba" + "ns"
    acronym_min_chars: int
    acronym_max_chars: int
    #: ``type_heads``: a name's last word (or its first words) decides its type over the tagger's
    #: (``"... County Jail"`` FAC, ``"Hurricane ..."`` EVENT); (lower-case words, type) pairs.
    last_word_types: tuple[tuple[frozenset[str], str], ...] = ()
    first_words_types: tuple[tuple[frozenset[str], str], ...] = ()
    retyped: frozenset[str] = frozenset()  # the tagger's types a last word overrides
    over_person: frozenset[str] = frozenset()  # last words that override PERSON too ("... County")
    storm_heads: frozenset[str] = frozenset()  # "Storm" of "Storm Emma": head + a given name is a storm
    #: ``teams``: team names in sports copy (:func:`service.extract.entities.retype_teams`).
    sports_words: frozenset[str] = frozenset()
    min_sports_words: int = 0
    team_before: frozenset[str] = frozenset()
    team_after: frozenset[str] = frozenset()
    #: ``place_named``: words before a place name that show the story uses it as a place
    #: (:func:`service.extract.entities.place_named_orgs`).
    place_before: frozenset[str] = frozenset()
    #: ``residence``: a person's place of residence (:func:`service.extract.entities._with_residence_places`).
    residence_prepositions: frozenset[str] = frozenset()
    resident_nouns: frozenset[str] = frozenset()
    not_places: frozenset[str] = frozenset()


@dataclass(frozen=True)
class BoilerplateRules:
    """``boilerplate.json``: the cleaning stage (:mod:`service.extract.cleaning`)."""

    trailing: tuple[tuple[re.Pattern[str], str], ...]  # (pattern, reason)
    line: tuple[tuple[re.Pattern[str], str], ...]
    prefix: tuple[tuple[re.Pattern[str], str], ...]  # case-sensitive: "WASHINGTON (Reuters) -"
    body_paragraph_chars: int  # a paragraph this long is story text (not a headline or a byline)
    dateline_paragraphs: int  # a dateline may open one of the first this many such paragraphs
    credited_dateline: re.Pattern[str]  # "MOSCOW (Sputnik) —": a dateline whatever paragraph it opens
    caption_max_chars: int  # the line above a photo credit is its caption up to this length
    caption_credit_words: int  # a caption's second copy may end with a credit of this many words
    gallery_credit: re.Pattern[str]  # a photographer's credit opening a caption ("Kelsey Walling/Tribune-Herald")
    gallery_min_lines: int  # lines opened by one such credit that make them a gallery's captions
    navigation_min_lines: int  # this many short lines in a row above the story are a menu
    navigation_max_line_chars: int
    masthead: tuple[tuple[re.Pattern[str], str], ...]  # whole lines, only above the story
    inline: tuple[tuple[re.Pattern[str], str], ...]  # case-sensitive spans inside a paragraph: "(NYSE: JCP)"
    link_list_header: re.Pattern[str]  # "Related stories": the short lines under it are links
    link_list_max_line_chars: int
    link_list_max_teaser_chars: int  # a link under a bullet on its own line may carry its teaser
    max_tail_share: float
    max_tail_chars: int
    max_tail_lines: int


@dataclass(frozen=True)
class CueLexicon:
    """``cues.json``: the quote stage (:mod:`service.extract.quotes`); the event stage reads
    ``according``."""

    indirect: frozenset[str]
    fragment: frozenset[str]
    bare: frozenset[str]  # fragment cues only without a complement of their own, never in the passive
    according: frozenset[str]
    relatives: frozenset[str]
    recipient: frozenset[str]  # cues with a hearer before the content ("told reporters that ...")
    infinitive: frozenset[str]  # cues whose to-infinitive is the content ("asked residents to stay")
    directive: frozenset[str]  # of those, the ones whose object + to-infinitive is a report however parsed
    relayed: frozenset[str]  # verbs whose object speaks in "quoted X as saying"
    representatives: frozenset[str]  # nouns of someone speaking for the name before them ("a Labour Party source")
    headline_sources: frozenset[str]  # nouns that are a headline's source ("Study: ...")
    headline_labels: frozenset[str]  # labels before a headline's colon that are no source ("The Latest: ...")
    stance_verbs: frozenset[str]  # cues that report a stance noun's complement ("expressed concern that ...")
    stance_nouns: frozenset[str]  # their object that reports with its complement
    active_only: frozenset[str]  # cues that report nothing in the passive ("the material that has been submitted")
    max_attribution_chars: int
    colon_lead_chars: int  # longest lead-in paragraph whose colon introduces the quote below it
    speaker_after_cue_chars: int
    said_rest_words: int  # "X said <the rest of the sentence>" with no complement parsed: at least this long
    lead_chars_limit: int
    cue_within_words: int
    speaker_phrase_words: int
    split_title_words: int
    split_attribution_words: int
    split_title_cue_words: int
    speaker_words: int
    title_run_words: int


@dataclass(frozen=True)
class PronounLexicon:
    """``pronouns.json``: the pronoun resolver (:mod:`service.extract.references`), for quote
    speakers and event participants alike."""

    person: frozenset[str]
    first_person: frozenset[str]
    group: frozenset[str]
    relative: frozenset[str]
    documents: frozenset[str]  # what an issuer issues and news lets speak for it ("the statement said")
    platforms: frozenset[str]  # where a document is posted, not who posted it ("the Facebook post said")
    described: dict[str, frozenset[str]]  # entity type -> nouns that stand for its latest entity
    masculine_pronouns: frozenset[str]
    feminine_pronouns: frozenset[str]
    masculine_cues: frozenset[str]
    feminine_cues: frozenset[str]
    max_candidates: int
    subject_sentences: int
    title_synonyms: dict[str, str]  # a person's title -> the first of its synonyms ("ceo" -> "chief executive")
    bodies: dict[str, str]  # a word for a body's members or seat -> its name's last word ("justices" -> "court")


@dataclass(frozen=True)
class EventLexicon:
    """``events.json``: the event stage (:mod:`service.extract.events`)."""

    nouns: frozenset[str]
    light_verbs: frozenset[str]
    occurrence_verbs: frozenset[str]  # "happen", "take place": their subject is the event
    spending_verbs: frozenset[str]  # "spent hours combing": the -ing clause is the event
    record_participles: frozenset[str]  # "the record of 97 set in 1944": the date dates the setting
    scheduling_verbs: frozenset[str]  # "scheduled a trial for late October": the date is the trial's
    occasion_prepositions: frozenset[str]  # "at Tuesday's meeting, X explained": X's verb takes its date
    deferral_verbs: frozenset[str]  # "adjourned the case until December 2 for hearing": the date is the hearing's
    deferral_prepositions: frozenset[str]
    clause_marks: frozenset[str]
    negations: frozenset[str]
    place_prepositions: frozenset[str]
    non_participant_prepositions: frozenset[str]
    participant_prepositions: frozenset[str]
    participant_words: int


@dataclass(frozen=True)
class DateLexicon:
    """``timexes.json``: the date stage (:mod:`service.extract.timexes`); the event stage reads
    the tense words through it."""

    plan_words: frozenset[str]
    target_prepositions: frozenset[str]
    future_auxiliaries: frozenset[str]
    speech_verbs: frozenset[str]
    reference_sentences: int
    max_segment_words: int
    chars_past_sentence_end: int
    #: "the 60s" is no decade after these ("in his 30s", "the high 80s") or after a temperature word
    #: within ``temperature_window_chars`` before it ("temperatures will rise into the 60s").
    not_decade_before: frozenset[str] = frozenset()
    temperature_words: frozenset[str] = frozenset()
    temperature_window_chars: int = 0
    #: A bare number after one of these is the number of a thing, no year ("version 1809").
    not_year_after: frozenset[str] = frozenset()
    #: Days a name gives the year of, whatever the article's date: (pattern, value) ("the Sept. 11 attacks").
    named_days: tuple[tuple[re.Pattern[str], str], ...] = ()


@dataclass(frozen=True)
class Lexicons:
    """All lexicons and thresholds of one language."""

    language: str
    entities: EntityLexicon
    boilerplate: BoilerplateRules
    cues: CueLexicon
    pronouns: PronounLexicon
    events: EventLexicon
    dates: DateLexicon


# -- reading and checking --------------------------------------------------------------------------


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", bool: "true/false", type(None): "null",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


class _Section:
    """One JSON object being read: every key asked for is checked and remembered, so that
    :meth:`finish` can reject the keys nobody asked for."""

    def __init__(self, file: str, data: object, path: str = "") -> None:
        self.file, self.path = file, path
        if not isinstance(data, dict):
            self.fail(None, f"expected an object, found {_kind(data)}")
        self.data: dict[str, Any] = data
        self.read: set[str] = {COMMENT}

    def where(self, key: str | None) -> str | None:
        if key is None:
            return self.path or None
        return f"{self.path}.{key}" if self.path else key

    def fail(self, key: str | None, problem: str) -> NoReturn:
        raise LexiconError(self.file, self.where(key), problem)

    def get(self, key: str) -> Any:
        if key not in self.data:
            self.fail(key, "missing (a required key)")
        self.read.add(key)
        return self.data[key]

    def section(self, key: str) -> _Section:
        return _Section(self.file, self.get(key), self.where(key) or key)

    def items(self, key: str) -> list[Any]:
        value = self.get(key)
        if not isinstance(value, list):
            self.fail(key, f"expected a list, found {_kind(value)}")
        return value

    def _strings(self, key: str, values: list[Any], *, lower: bool) -> list[str]:
        seen: set[str] = set()
        for i, word in enumerate(values):
            if not isinstance(word, str) or not word.strip():
                self.fail(f"{key}[{i}]", f"expected a non-empty string, found {json.dumps(word)}")
            if word != word.strip():
                self.fail(f"{key}[{i}]", f"{json.dumps(word)} has leading or trailing spaces")
            if lower and word != word.lower():
                self.fail(f"{key}[{i}]", f"{json.dumps(word)} must be lower-case (words are compared lower-cased)")
            if word in seen:
                self.fail(f"{key}[{i}]", f"{json.dumps(word)} is listed twice")
            seen.add(word)
        return values

    def words(self, key: str) -> frozenset[str]:
        """A list of distinct lower-case words (or phrases)."""
        return frozenset(self._strings(key, self.items(key), lower=True))

    def integer(self, key: str, minimum: int = 0) -> int:
        value = self.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(key, f"expected a whole number, found {json.dumps(value)}")
        if value < minimum:
            self.fail(key, f"must be at least {minimum}, found {value}")
        return value

    def share(self, key: str) -> float:
        value = self.get(key)
        if not isinstance(value, int | float) or isinstance(value, bool) or not 0 < value <= 1:
            self.fail(key, f"expected a number above 0 and at most 1, found {json.dumps(value)}")
        return float(value)

    def finish(self) -> None:
        unknown = sorted(set(self.data) - self.read)
        if unknown:
            self.fail(unknown[0], "unknown key: no code reads it (remove it, or fix its name)")


def _open(folder: Traversable, name: str) -> _Section:
    entry = folder.joinpath(name)
    try:
        text = entry.read_text(encoding="utf-8")
    except (FileNotFoundError, NotADirectoryError):
        raise LexiconError(str(entry), None, "missing file") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise LexiconError(str(entry), None, f"not valid JSON: {error}") from None
    return _Section(str(entry), data)


def _entities(folder: Traversable) -> EntityLexicon:
    f = _open(folder, "aliases.json")
    groups = []
    for i, group in enumerate(f.items("groups")):
        key = f"groups[{i}]"
        if not isinstance(group, list) or not group:
            f.fail(key, f"expected a non-empty list of names, found {json.dumps(group)}")
        groups.append(tuple(f._strings(key, group, lower=False)))
    titles = f.words("titles")
    limits = f.section("limits")
    lexicon = EntityLexicon(
        alias_groups=tuple(groups), titles=titles, title_max_words=max((len(t.split()) for t in titles), default=0),
        title_lookback_chars=limits.integer("title_lookback_chars"),
        possessive_heads=f.words("possessive_heads"), plural_possessors=f.words("plural_possessors"),
        and_names=f.words("and_names"),
        post_nominals=f.words("post_nominals"),
        common_acronyms=frozenset(f._strings("common_acronyms", f.items("common_acronyms"), lower=False)),
        state_codes=f.words("state_codes"),
        court_words=f.words("court_words"),
        shared_plurals=f.words("shared_plurals"), company_heads=f.words("company_heads"),
        demonym_suffixes=f.words("demonym_suffixes"), word_prefixes=f.words("word_prefixes"),
        generic_heads=f.words("generic_heads"),
        one_place=frozenset(f._strings("one_place", f.items("one_place"), lower=False)),
        **_alert_names(f.section("alert_names")),
        acronym_min_chars=limits.integer("acronym_min_chars", 1),
        acronym_max_chars=limits.integer("acronym_max_chars", 1),
        **_type_heads(f.section("type_heads")), **_teams(f.section("teams")),
        place_before=_place_named(f.section("place_named")), **_residence(f.section("residence")))
    if lexicon.acronym_max_chars < lexicon.acronym_min_chars:
        limits.fail("acronym_max_chars", "must be at least acronym_min_chars")
    limits.finish()
    f.finish()
    return lexicon


def _teams(f: _Section) -> dict[str, Any]:
    teams = {"sports_words": f.words("sports_words"), "min_sports_words": f.integer("min_sports_words", 1),
             "team_before": f.words("before"), "team_after": f.words("after")}
    f.finish()
    return teams


def _alert_names(f: _Section) -> dict[str, Any]:
    names = {"alert_heads": f.words("heads"), "alert_words": f.words("words"), "alert_levels": f.words("levels")}
    f.finish()
    return names


def _place_named(f: _Section) -> frozenset[str]:
    words = f.words("place_before")
    f.finish()
    return words


def _residence(f: _Section) -> dict[str, Any]:
    words = {"residence_prepositions": f.words("prepositions"), "resident_nouns": f.words("nouns_after"),
             "not_places": f.words("not_places")}
    f.finish()
    return words


def _type_heads(f: _Section) -> dict[str, Any]:
    heads: dict[str, Any] = {}
    over_person: set[str] = set()
    for key, field in (("last_word", "last_word_types"), ("first_words", "first_words_types")):
        records = []
        for i, item in enumerate(f.items(key)):
            record = _Section(f.file, item, f"{f.where(key)}[{i}]")
            records.append((record.words("words"), record.get("type")))
            if key == "last_word" and record.get("over_person") is True:
                over_person |= records[-1][0]
            record.finish()
        heads[field] = tuple(records)
    heads["retyped"] = frozenset(f._strings("retyped", f.items("retyped"), lower=False))
    heads["over_person"] = frozenset(over_person)
    heads["storm_heads"] = f.words("storm_heads")
    f.finish()
    return heads


def _pattern(f: _Section, key: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    pattern = f.get(key)
    if not isinstance(pattern, str) or not pattern:
        f.fail(key, f"expected a regular expression, found {json.dumps(pattern)}")
    try:
        return re.compile(pattern, flags)
    except re.error as error:
        f.fail(key, f"not a valid regular expression: {error}")


def _patterns(f: _Section, key: str, flags: int = re.IGNORECASE,
              label: str = "reason") -> tuple[tuple[re.Pattern[str], str], ...]:
    """The rules of list ``key``: each a "pattern" and its ``label`` (a boilerplate reason, a date's value)."""
    out = []
    for i, item in enumerate(f.items(key)):
        rule = _Section(f.file, item, f"{key}[{i}]")
        pattern, reason = rule.get("pattern"), rule.get(label)
        if not isinstance(reason, str) or not reason.strip():
            rule.fail(label, f"expected a non-empty string, found {json.dumps(reason)}")
        if not isinstance(pattern, str) or not pattern:
            rule.fail("pattern", f"expected a regular expression, found {json.dumps(pattern)}")
        try:
            compiled = re.compile(pattern, flags)
        except re.error as error:
            rule.fail("pattern", f"not a valid regular expression: {error}")
        rule.finish()
        out.append((compiled, reason))
    return tuple(out)


def _boilerplate(folder: Traversable) -> BoilerplateRules:
    f = _open(folder, "boilerplate.json")
    limits = f.section("trailing_limits")
    prefix_limits = f.section("prefix_limits")
    caption_limits = f.section("caption_limits")
    navigation_limits = f.section("navigation_limits")
    link_list = f.section("link_list")
    rules = BoilerplateRules(
        trailing=_patterns(f, "trailing"), line=_patterns(f, "line"), prefix=_patterns(f, "prefix", 0),
        max_tail_share=limits.share("max_tail_share"), max_tail_chars=limits.integer("max_tail_chars"),
        max_tail_lines=limits.integer("max_tail_lines"),
        body_paragraph_chars=prefix_limits.integer("body_paragraph_chars", 1),
        dateline_paragraphs=prefix_limits.integer("dateline_paragraphs", 1),
        credited_dateline=_pattern(prefix_limits, "credited", 0),
        caption_max_chars=caption_limits.integer("max_chars", 1),
        caption_credit_words=caption_limits.integer("credit_tail_words", 1),
        gallery_credit=_pattern(caption_limits, "gallery_credit", 0),
        gallery_min_lines=caption_limits.integer("gallery_min_lines", 2),
        navigation_min_lines=navigation_limits.integer("min_lines", 2),
        navigation_max_line_chars=navigation_limits.integer("max_line_chars", 1),
        masthead=_patterns(f, "masthead"), inline=_patterns(f, "inline", 0),
        link_list_header=_pattern(link_list, "header"),
        link_list_max_line_chars=link_list.integer("max_line_chars", 1),
        link_list_max_teaser_chars=link_list.integer("max_teaser_chars", 1))
    for section in (limits, prefix_limits, caption_limits, navigation_limits, link_list):
        section.finish()
    f.finish()
    return rules


def _cues(folder: Traversable) -> CueLexicon:
    f = _open(folder, "cues.json")
    limits = f.section("limits")
    lexicon = CueLexicon(
        indirect=f.words("indirect"), fragment=f.words("fragment"), bare=f.words("bare_fragment"),
        according=f.words("according"),
        relatives=f.words("relatives"), recipient=f.words("recipient"),
        infinitive=f.words("infinitive"), directive=f.words("directive"), relayed=f.words("relayed"),
        representatives=f.words("representatives"), headline_sources=f.words("headline_sources"),
        headline_labels=f.words("headline_labels"),
        stance_verbs=f.words("stance_verbs"), stance_nouns=f.words("stance_nouns"),
        active_only=f.words("active_only"),
        max_attribution_chars=limits.integer("max_attribution_chars"),
        colon_lead_chars=limits.integer("colon_lead_chars"),
        speaker_after_cue_chars=limits.integer("speaker_after_cue_chars"),
        said_rest_words=limits.integer("said_rest_words", 1),
        lead_chars_limit=limits.integer("lead_chars_limit"),
        cue_within_words=limits.integer("cue_within_words"),
        speaker_phrase_words=limits.integer("speaker_phrase_words"),
        split_title_words=limits.integer("split_title_words"),
        split_attribution_words=limits.integer("split_attribution_words"),
        split_title_cue_words=limits.integer("split_title_cue_words"),
        speaker_words=limits.integer("speaker_words", 1),
        title_run_words=limits.integer("title_run_words"))
    limits.finish()
    f.finish()
    return lexicon


def _pronouns(folder: Traversable) -> PronounLexicon:
    f = _open(folder, "pronouns.json")
    described = f.section("described")
    types = ("ORG", "GPE")  # the entity types a generic noun may stand for ("the company", "the country")
    gender, limits = f.section("gender"), f.section("limits")
    lexicon = PronounLexicon(person=f.words("person"), first_person=f.words("first_person"),
                             group=f.words("group"), relative=f.words("relative"), documents=f.words("documents"),
                             platforms=f.words("platforms"),
                             described={etype: described.words(etype) for etype in types},
                             masculine_pronouns=gender.words("masculine_pronouns"),
                             feminine_pronouns=gender.words("feminine_pronouns"),
                             masculine_cues=gender.words("masculine_cues"), feminine_cues=gender.words("feminine_cues"),
                             max_candidates=limits.integer("max_candidates", 1),
                             subject_sentences=limits.integer("subject_sentences", 0),
                             title_synonyms=_synonyms(f, "title_synonyms"), bodies=_synonyms(f, "bodies"))
    for section in (described, gender, limits):
        section.finish()
    f.finish()
    lists = {"person": lexicon.person, "first_person": lexicon.first_person, "group": lexicon.group,
             "relative": lexicon.relative}
    for name, words in lists.items():
        for other, other_words in lists.items():
            if other > name and words & other_words:
                f.fail(other, f"{json.dumps(sorted(words & other_words)[0])} is also in {name}")
    return lexicon


def _synonyms(f: _Section, key: str) -> dict[str, str]:
    """Groups of lower-case words or phrases meaning one thing: each member -> the group's first."""
    out: dict[str, str] = {}
    for i, group in enumerate(f.items(key)):
        where = f"{key}[{i}]"
        if not isinstance(group, list) or len(group) < 2:
            f.fail(where, f"expected a list of at least two words, found {json.dumps(group)}")
        for word in f._strings(where, group, lower=True):
            if word in out:
                f.fail(where, f"{json.dumps(word)} is in two groups")
            out[word] = group[0]
    return out


def _events(folder: Traversable) -> EventLexicon:
    f = _open(folder, "events.json")
    limits = f.section("limits")
    lexicon = EventLexicon(
        nouns=f.words("nouns"), light_verbs=f.words("light_verbs"), occurrence_verbs=f.words("occurrence_verbs"),
        spending_verbs=f.words("spending_verbs"), record_participles=f.words("record_participles"),
        scheduling_verbs=f.words("scheduling_verbs"), occasion_prepositions=f.words("occasion_prepositions"),
        deferral_verbs=f.words("deferral_verbs"), deferral_prepositions=f.words("deferral_prepositions"),
        clause_marks=f.words("clause_marks"),
        negations=f.words("negations"), place_prepositions=f.words("place_prepositions"),
        non_participant_prepositions=f.words("non_participant_prepositions"),
        participant_prepositions=f.words("participant_prepositions"),
        participant_words=limits.integer("participant_words"))
    limits.finish()
    f.finish()
    return lexicon


def _dates(folder: Traversable) -> DateLexicon:
    f = _open(folder, "timexes.json")
    limits = f.section("limits")
    lexicon = DateLexicon(
        plan_words=f.words("plan_words"), target_prepositions=f.words("target_prepositions"),
        future_auxiliaries=f.words("future_auxiliaries"),
        speech_verbs=f.words("speech_verbs"), not_decade_before=f.words("not_decade_before"),
        temperature_words=f.words("temperature_words"), not_year_after=f.words("not_year_after"),
        named_days=_patterns(f, "named_days", label="value"),
        reference_sentences=limits.integer("reference_sentences"),
        max_segment_words=limits.integer("max_segment_words", 1),
        chars_past_sentence_end=limits.integer("chars_past_sentence_end"),
        temperature_window_chars=limits.integer("temperature_window_chars"))
    limits.finish()
    f.finish()
    return lexicon


@cache
def _folders() -> dict[str, str]:
    f = _open(data_root(), LANGUAGES_FILE)
    folders = {}
    for language in sorted(set(f.data) - {COMMENT}):
        folder = f.get(language)
        if not isinstance(folder, str) or not folder or folder.startswith("/") or ".." in folder.split("/"):
            f.fail(language, f"expected a folder under service/data ('.' for service/data itself), "
                             f"found {json.dumps(folder)}")
        if not re.fullmatch(r"[a-z]{2,3}(?:-[A-Za-z0-9]+)*", language):
            f.fail(language, "not a language code (ISO 639: 'en', 'de', 'pt-BR')")
        folders[language] = folder
    f.finish()
    return folders


def available_languages() -> tuple[str, ...]:
    """The languages ``languages.json`` lists, sorted."""
    return tuple(_folders())


@cache
def _load(language: str) -> Lexicons:
    folders = _folders()
    if language not in folders:
        raise LexiconError(str(data_root().joinpath(LANGUAGES_FILE)), language,
                           f"no lexicons for this language (listed: {', '.join(folders) or 'none'})")
    folder = data_root()
    for part in folders[language].split("/"):
        if part not in ("", "."):
            folder = folder.joinpath(part)
    return Lexicons(language=language, entities=_entities(folder), boilerplate=_boilerplate(folder),
                    cues=_cues(folder), pronouns=_pronouns(folder), events=_events(folder), dates=_dates(folder))


def load_lexicons(language: str = DEFAULT_LANGUAGE) -> Lexicons:
    """The lexicons and thresholds of ``language``, read and checked once (then cached).

    Raises :class:`LexiconError` naming the file and key when a file is missing or malformed.
    """
    return _load(language)


def load_all() -> dict[str, Lexicons]:
    """Every language's lexicons (what ``build_extractor`` checks at start-up)."""
    return {language: load_lexicons(language) for language in available_languages()}


def clear_cache() -> None:
    """Forget what was read (tests that point :func:`data_root` elsewhere)."""
    _load.cache_clear()
    _folders.cache_clear()


__all__ = ["DEFAULT_LANGUAGE", "BoilerplateRules", "CueLexicon", "DateLexicon", "EntityLexicon", "EventLexicon",
           "LexiconError", "Lexicons", "PronounLexicon", "available_languages", "clear_cache", "data_root",
           "load_all", "load_lexicons"]
