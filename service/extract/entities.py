"""Stage 3, entities: named-entity mentions from the NER tags, clustered into real-world entities.

Input: analysed sentences.  Output: :class:`Entities`: the entity list of the response
(``{id, name, type, mentions}``), the DATE/TIME mentions handed to the date stage, and
look-ups the event and quote stages use to resolve a word or a pronoun to an entity.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from itertools import accumulate, pairwise

from service.deadline import NO_DEADLINE, Deadline
from service.extract.cleaning import stripped
from service.extract.confidence import load_confidence
from service.extract.entity_typer import NONE, judge
from service.extract.lexicons import load_lexicons
from service.extract.timenorm import ZONE_REGIONS, is_holiday
from service.nlp.records import Sentence, Word

TIMEX_TYPES = {"DATE", "TIME"}
# Types whose mentions name a thing (as opposed to numbers and amounts).
NAME_TYPES = {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
POSSESSIVE = re.compile(r"(?:'s|’s|'|’)$")
#: "the" before a name ("the State"), left out where a name is compared with a word list.
LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
POSSESSIVE_END = re.compile(r"(?<=\w)(?:'s|’s|(?<=s)'|(?<=s)’)$")
INNER_POSSESSIVE = re.compile(r"(?:'s|’s)\s+")
LEADING_THE = re.compile(r"(?:the|The)\s+")
# A mention ending in an initialism missing its last period: "U.K", "Washington, D.C".
INITIALISM_CUT = re.compile(r"(?:^|\s)(?:[A-Z]\.)+[A-Z]$")
#: An indefinite article the tagger took into a name ("a Florida State University professor").
LEADING_INDEFINITE = re.compile(r"an?\s+(?=[A-Z])")
#: A span opened by a quotation mark or a hyphen and a lower-case word: a quoted common word
#: ("declared the months ‘sensitive’", "the ‘ivory tower’") or the tail of a compound
#: ("so-called Ninja"), never the start of a name; the name, if any, starts at the first capital.
LOWER_OPENING = re.compile(r"[‘'\"“\-–—]+[a-z][^A-Z]*")
# Parentheses ending a tagged span (closed or cut off by the tagger): "Jim Cooper (D-TN)",
# "United Party for National Development (UPND)", "Alaska Air Group Inc (ALK.N".
PAREN_TAIL = re.compile(r"\(([^()]*)(?:\)[\s.,;:]*)?\Z")
# A party-place tag set off by commas after a legislator's titled name ("Rep. Jane Doe, D-Springfield,",
# "Senate Majority Leader Michael Gronstal, D-Council Bluffs,", "Speaker of the House Spencer Gosch,
# R-Glenham,"), and that name: a title, at most four names, the comma.
PARTY_AFTER_COMMA = re.compile(r"[DRI][-–](?=[A-Z][a-z])")
LEGISLATOR_BEFORE = re.compile(r"\b(?:Sen|Rep|Del|Assemblyman|Assemblywoman|Assemblymember|Senator|Representative|"
                               r"Delegate|Councilman|Councilwoman|Councilmember|Leader|Whip|Speaker|President)\.?"
                               r"(?:\s+of\s+the\s+(?:House|Senate|Assembly))?(?:\s+[A-Z][\w.'’-]*){1,4},"
                               r"\s{1,2}\Z")
# A lawmaker's party-state tag: "(D-Calif.)", "R-TX"; group 1 is the state.
PARTY_TAG = re.compile(r"(?:[DRI]|Dem|Rep|Ind)\s?[-–]\s?([A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)?)\Z")
# A short name in parentheses after a long one, by the news convention of introducing an
# abbreviation: "(UPND)", "(Activision)"; never a ticker ("ALK.N"), a handle or a number.
SHORT_NAME = re.compile(r"[A-Z][\w&'-]*(?: [A-Z][\w&'-]*){0,2}\Z")
# Two names the tagger joined into one span ("Third Ward or Acres Homes"); "v." and "vs." stay
# (a court case: "Brown v. Board of Education").
COORDINATION = re.compile(r"(?<!\s)\s+or\s+(?=[A-Z])")  # (?<!\s): a run of spaces is tried once, not per space
# Two names of one kind joined by "and" and tagged as one: each starts with the same word ("University
# of Canberra and University of NSW", "Visa v. Osborn and Visa v. Stoumbos"); "Bosnia and Herzegovina",
# "Procter and Gamble" do not.
SAME_HEAD_AND = re.compile(r"(?<!\s)\s+and\s+(?=[A-Z])")
# Names whose last words may be a person's title the tagger took in ("Hampstead Mayor"), and the words
# that make a title a name's object instead ("Office of the President").
TITLED_TYPES = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC"})
PLACE_TYPES = frozenset({"GPE", "LOC", "FAC"})
# The other name before a shared plural designator: "Nassau and " of "Nassau and Suffolk Counties".
SHARED_BEFORE = re.compile(r"(?-i:[A-Z])[\w.'’-]*,?\s+(?:and|or|&)\s+$")
TITLE_OBJECT_WORDS = frozenset({"of", "the", "for", "to", "and", "&"})
POSSESSIVE_AFTER = re.compile(r"['’]s?\b")
# A court case, "Roe v. Wade": the tagger names it an organisation or cuts it at "v." into two names.
CASE_NAME = re.compile(r"\s+v\.\s+(?=[A-Z])")
CASE_GAP = re.compile(r"\s+v\.\s+")
CASE_AND = re.compile(r",?\s+and\s+")
CASE_TYPES = frozenset({"ORG", "PERSON", "GPE", "NORP", "FAC", "LAW"})
#: A person's initials alone ("P.K.", "J.T."): given names, not a name of their own.
INITIALS = re.compile(r"(?:[A-Z]\.){1,3}")
#: A university named with its campus: "University of Texas" + " at " + "Austin" is one organisation
#: (a name opening "University of": "Boston College at Syracuse" is a fixture).
CAMPUS_GAP = re.compile(r"\s+at\s+")
# Between a plural noun's possessive and the rest of a name: "Jackson Women" + "'s " + "Health Organization".
PLURAL_POSSESSIVE_GAP = re.compile(r"['’]s ")
CAMPUS_SCHOOL = re.compile(r"(?:the )?(?:State )?University of\b", re.IGNORECASE)
#: A US federal court named with its seat: "U.S. District Court" + " for the " + "Eastern District of
#: Louisiana", "US Court of Appeals" + " for the " + "Sixth Circuit" is one court's name.
COURT_GAP = re.compile(r"\s+for\s+the\s+")
COURT_HEAD = re.compile(r"(?:.*\s)?(?:District|Bankruptcy|Circuit) Court"
                        r"|(?:.*\s)?Court of (?:Appeals|International Trade|Federal Claims)")
#: A federal judicial district ("Eastern District of Louisiana"): its direction, first half and state.
DIRECTION = r"(?:Northern|Southern|Eastern|Western|Middle|Central)"
DISTRICT_HALF = re.compile(rf"{DIRECTION} District")
DISTRICT_STATE = r" of [A-Z][\w.]*(?: [A-Z][\w.]*){0,2}"
COURT_SEAT = re.compile(rf"(?:{DIRECTION} )?District{DISTRICT_STATE}"
                        r"|(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Eleventh|D\.C\.|Federal"
                        r"|\d{1,2}(?:st|nd|rd|th)) Circuit")
COURT_NAME = re.compile(rf"(?:{COURT_HEAD.pattern}){COURT_GAP.pattern}(?:{COURT_SEAT.pattern})")
#: A federal judicial district named without its court ("charged in the Western District of Texas"),
#: whose first half the tagger may tag apart from the state ("Western District" + "Texas").
DISTRICT_SEAT = re.compile(DISTRICT_HALF.pattern + DISTRICT_STATE)
#: The country the tagger may leave off a federal court's name ("US District Court for the ...").
COURT_COUNTRY_BEFORE = re.compile(r"(?:U\.S\.|US|United States)\s+\Z")
#: A federal appeals court named by its circuit's number before it ("the 9th U.S. Circuit Court of
#: Appeals", "the Fifth Circuit Court of Appeals"): the number the tagger leaves off is the name's.
APPEALS_COURT = re.compile(r"(?:(?:U\.S\.|US|United States|Federal)\s+)?Circuit\s+Court of Appeals")
CIRCUIT_BEFORE = re.compile(r"(?<![\w.])(?:First|Second|Third|Fourth|Fifth|Sixth|Seventh|Eighth|Ninth|Tenth|Eleventh"
                            r"|\d{1,2}(?:st|nd|rd|th))\s+\Z")
COORDINATED_TYPES = frozenset({"ORG", "GPE", "LOC", "FAC", "NORP"})
# A score or count the tagger took into a team's or place's name: "St. Louis 4", "Champions League 2-2".
SCORE_TAIL = re.compile(r"(?<!\s)\s+\d+(?:[-–]\d+)*\Z")
SCORED_TYPES = frozenset({"ORG", "GPE", "NORP", "PERSON", "LOC", "EVENT"})
# Sports copy names teams by their city: a place with a score after it ("St. Louis 4, Los Angeles
# 2", "over host Baltimore 41-17") or "host"/"visiting" before it is a team.  (A plural name after
# "the" is not enough: "the Flyers" is a team but "the Clintons" a family.)
SCORE_AFTER = re.compile(r"[ \t]+(?:\d{1,3}[-–]\d{1,3}\b|\d{1,3}(?=[,:;]))")
HOST_BEFORE = re.compile(r"\b(?:host|visiting)\s+\Z", re.IGNORECASE)
# A poll ranking before a college team, in AP style ("No. 8 Auburn", "top-ranked No. 1 Duke").
RANKED_BEFORE = re.compile(r"\bNo\.\s?\d{1,2}\s+\Z")
RANKED_HEAD = re.compile(r"No\.\s?\d{1,2}\s+(?=\S)")  # the same ranking tagged into the name
RANKED_TYPES = frozenset({"PERSON", "GPE", "LOC"})  # not "No. 3 Squadron", "No. 10 Downing Street"
# A score anywhere in a story ("4-3", "41-17"): one sign that it is sports copy (retype_teams).
SCORE_ANYWHERE = re.compile(r"\b\d{1,3}[-–]\d{1,3}\b")
#: A place's name is at least this long for its people's name to be read from it ("Queensland", "Lagos").
DEMONYM_STEM_CHARS = 4
TEAM_RETYPED = frozenset({"GPE", "PERSON", "LOC"})  # not NORP: "the Senegalese forward"
# Quotation marks that may open or close a mention without their pair (_without_unpaired_quote); the
# apostrophe is not one: it ends possessives and sits inside names ("Ja'Marr", "O'Neill").
QUOTE_OPENERS = frozenset("\u201c\u2018\"\u201e\u00ab")
QUOTE_CLOSERS = frozenset("\u201d\"\u00bb")
# A closing single quotation mark is also an apostrophe ("Democrats\u2019"): it closes only a name
# that opens with its pair.
PAIRED_CLOSERS = QUOTE_CLOSERS | {"\u2019"}
# Between a title the tagger cut off and the name after it: its period and a space ("Capt. Barrett"),
# never a comma ("Prince, Madonna and Michael Jackson").
CUT_TITLE_GAP = re.compile(r"\.?[ \t]")
# A name that opens with an abbreviated title and its period, then one to three capitalised words
# ("Gov. Walz", "Rep. Billy Long"), or with an honorific that British and Commonwealth style writes
# without the period ("Ms Palaszczuk"; not "Dr", which also opens brands: "Dr Pepper"), or with a
# legislator's initials ("MLA Elsby", "MP Junet Mohamed").
ABBREVIATED_TITLE = re.compile(r"(?:([A-Z][a-z]{1,4})\.|(Mrs?|Ms|MPP?|MLA|MEP|MSP)) "
                               r"[A-Z][\w'\u2019-]*(?: [A-Z][\w'\u2019-]*){0,2}")
ARTICLE_BEFORE_QUOTE = re.compile(r"(?:an?|the)\s+(?=[\u201c\u2018\"])", re.IGNORECASE)


@dataclass
class Mention:
    start: int
    end: int
    text: str
    type: str
    sentence: int
    words: tuple[int, ...]  # word indices in the sentence
    entity: str | None = None
    short_for: bool = False  # a short name in parentheses, of the entity named right before it
    # The NER model's calibrated probability of the tagged span (service.extract.confidence);
    # None where the model gave none.
    confidence: float | None = None


@dataclass
class Entity:
    id: str
    type: str
    mentions: list[Mention] = field(default_factory=list)
    name: str = ""

    @property
    def confidence(self) -> float | None:
        """The highest of its mentions' confidences: the entity is right when one mention is."""
        known = [m.confidence for m in self.mentions if m.confidence is not None]
        return max(known) if known else None

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "type": self.type,
                "mentions": [{"text": m.text, "start": m.start, "end": m.end} for m in self.mentions]}


@cache
def _aliases(alias_groups: tuple[tuple[str, ...], ...]) -> dict[str, str]:
    """Comparison key of each name of ``aliases.json`` -> its group's canonical name."""
    aliases: dict[str, str] = {}
    for group in alias_groups:
        for name in group:
            aliases[_key(name)] = group[0]
    return aliases


def _key(name: str) -> str:
    """Comparison key: case, dots, a leading article and a possessive ending removed."""
    name = POSSESSIVE.sub("", name.strip())
    name = re.sub(r"^the\s+", "", name, flags=re.IGNORECASE)
    return re.sub(r"[.\s]+", " ", name.replace(".", "")).strip().lower()


def strip_title(words: Sequence[str]) -> list[str]:
    """Remove leading titles ("French President", "Sir") from a person's name."""
    lexicon = load_lexicons().entities
    titles = lexicon.titles
    out = list(words)
    # A description before a title ("Paleontologist Dr Matthew McCurry", "Labour leader Keir Starmer",
    # "Green Bay coach Matt LaFleur"): the title and what comes before it, if two words follow.
    for i in (1, 2):
        for n in range(lexicon.title_max_words, 0, -1):
            if len(out) >= i + n + 2 and " ".join(w.lower().rstrip(".") for w in out[i:i + n]) in titles:
                out = out[i + n:]
                break
        else:
            continue
        break
    changed = True
    while changed and len(out) > 1:
        changed = False
        for n in range(lexicon.title_max_words, 0, -1):
            if len(out) > n and " ".join(w.lower().rstrip(".") for w in out[:n]) in titles:
                out = out[n:]
                changed = True
                break
    return out


def mentions_from(sentences: Sequence[Sentence], text: str, *, deadline: Deadline = NO_DEADLINE) -> list[Mention]:
    """Decode BIOES token tags into mention spans (all 18 OntoNotes types), each with its
    calibrated NER confidence."""
    calibrate = load_confidence().ner
    out: list[Mention] = []
    for s_index, sent in enumerate(sentences):
        deadline.check()
        begin: int | None = None
        for t_index, tok in enumerate(sent.tokens):
            tag, _, etype = tok.ner.partition("-")
            if tag in ("B", "S"):
                begin = t_index
            if tag in ("E", "S") and begin is not None:
                first, last = sent.tokens[begin], tok
                start_type = sent.tokens[begin].ner.partition("-")[2]
                if start_type == etype:
                    words = tuple(w for t in sent.tokens[begin:t_index + 1] for w in t.words)
                    parts = [(first.start, last.end, etype, False)]
                    if etype not in TIMEX_TYPES:
                        parts = [(*_trim(text, s, e, t), t, short)
                                 for s, e, t, short in _parts(text, first.start, last.end, etype)]
                        parts = [(s, e, _titled_type(text, s, e, _age_type(text, e, _state_code_type(
                                      text, s, e, _date_word_type(text[s:e], _head_type(
                                          text[s:e], _team_type(text, s, e, t)))))), short)
                                 for s, e, t, short in parts]
                    p = None if first.ner_p is None else calibrate(first.ner_p)
                    out.extend(Mention(s, e, text[s:e], t, s_index, words, short_for=short, confidence=p)
                               for s, e, t, short in parts if e > s)
                begin = None
            elif tag == "O":
                begin = None
    return _with_storm_heads(_without_alert_names(_without_common_acronyms(_without_codes_after_names(
        _with_residence_places(_without_cut_titles(out, text), text), text))), sentences, text)


@cache
def _residence_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """The gap between a person's name and the place after it (an age may come between: "Christopher
    Sheffield, 32, of Statesboro"), and a noun for a person right after a place ("A Rexburg man"):
    ``residence`` of aliases.json."""
    lexicon = load_lexicons().entities
    prepositions = "|".join(sorted(map(re.escape, lexicon.residence_prepositions)))
    nouns = "|".join(sorted(map(re.escape, lexicon.resident_nouns)))
    return (re.compile(rf"(?:,[ \t]+\d{{1,3}})?,?[ \t]+(?:{prepositions})[ \t]+"),
            re.compile(rf"[ \t]+(?:{nouns})\b"))


def _with_residence_places(mentions: list[Mention], text: str) -> list[Mention]:
    """The mentions with a place of residence the tagger took for a person made a place (GPE):
    news places a private person by where they live, after the name ("Matthew Daniel McCoy, of
    Blythewood") or before a noun for them ("a 19-year-old Saluda woman"); ``residence`` of
    aliases.json."""
    gap, noun_after = _residence_patterns()
    not_places = load_lexicons().entities.not_places
    out: list[Mention] = []
    before: Mention | None = None  # the last name before (an age between is tagged a number)
    for m in mentions:
        if m.type == "PERSON" and m.text.lower() not in not_places and (
                (before is not None and before.type == "PERSON" and before.sentence == m.sentence
                 and gap.fullmatch(text, before.end, m.start))
                or noun_after.match(text, m.end)):
            m = replace(m, type="GPE")
        out.append(m)
        if m.type in NAME_TYPES:
            before = m
    return out


@cache
def _storm_head_before() -> re.Pattern[str]:
    """A storm head (``storm_heads`` of aliases.json) right before a name, at the end of the text before it."""
    heads = sorted(load_lexicons().entities.storm_heads, key=len, reverse=True)
    words = "|".join(r"\s+".join(re.escape(w) for w in h.split()) for h in heads)
    return re.compile(rf"(?:^|(?<=[\s“\"'(‘]))(?:{words})[ \t]+$", re.IGNORECASE)


def _with_storm_heads(mentions: list[Mention], sentences: Sequence[Sentence], text: str) -> list[Mention]:
    """A storm's given name the tagger took alone, right after its head: an EVENT ("Winter Storm
    Grayson" with "Grayson" tagged a person, "cyclonic storm Gaja" in India's Meteorological Department's
    style).  A head in capitals is part of the name, as "Hurricane Ian" is; a head in lower case is not
    ("the cyclone Gaja"), and "storm" alone in lower case names none ("weathered the storm Trump made")."""
    storms: set[str] = set()
    dropped: set[int] = set()  # a season the tagger read in the head ("Winter" of "Winter Storm")
    out = []
    for m in mentions:
        head = None
        if m.type in NAME_TYPES and m.type != "EVENT" and " " not in m.text and m.text[:1].isupper():
            head = _storm_head_before().search(text, max(0, m.start - 40), m.start)
        if head is None or head.group().strip().lower() == "storm":
            out.append(m)
            continue
        start = head.start() if head.group()[:1].isupper() else m.start
        words = tuple(w.index for w in sentences[m.sentence].words if start <= w.start and w.end <= m.end)
        inside = [x for x in mentions if x.start < m.start and x.end > start]
        if all(x.type in TIMEX_TYPES and x.start >= start for x in inside):
            dropped.update(id(x) for x in inside)
        else:
            start, words = m.start, m.words  # (the head is part of another name)
        out.append(Mention(start, m.end, text[start:m.end], "EVENT", m.sentence, words or m.words,
                           short_for=m.short_for, confidence=m.confidence))
        storms.add(m.text)
    # The storm's given name alone elsewhere is the storm too ("Gaja will be the ..."): with a head in
    # lower case no mention is fuller than the name, so the name's other readings would outvote it.
    return [Mention(m.start, m.end, m.text, "EVENT", m.sentence, m.words, short_for=m.short_for,
                    confidence=m.confidence) if m.text in storms and m.type in NAME_TYPES else m
            for m in out if id(m) not in dropped]


def _without_common_acronyms(mentions: list[Mention]) -> list[Mention]:
    """The mentions less an abbreviation of a common noun tagged alone as a name ("MPs", "IPO",
    "SWAT", "MVP" tagged ORG; aliases.json ``common_acronyms``, case as written), and less one word
    made of a lower-case prefix and a name ("pre-IPO", "anti-Kremlin", "co-CEO"; ``word_prefixes``):
    a modifier, not a name."""
    lexicon = load_lexicons().entities
    return [m for m in mentions if m.type in TIMEX_TYPES or not (
        m.text in lexicon.common_acronyms
        or (" " not in m.text and m.text.partition("-")[0] in lexicon.word_prefixes and m.text[:1].islower()))]


def _without_alert_names(mentions: list[Mention]) -> list[Mention]:
    """The mentions less a weather service's alert, which its style capitalises ("Winter Storm
    Warning", "Heavy Rain Watch", "Excessive Heat Warning", Met Éireann's "Status Orange";
    aliases.json ``alert_names``): a forecast's product, not a name.  Only words of weather come
    before the head: "Apple Watch" and "Human Rights Watch" stay."""
    return [m for m in mentions if m.type in TIMEX_TYPES or not _is_alert(m.text)]


def _is_alert(name: str) -> bool:
    lexicon = load_lexicons().entities
    words = LEADING_THE.sub("", name.lower()).split()
    if len(words) < 2:
        return False
    return " ".join(words) in lexicon.alert_levels or (
        words[-1] in lexicon.alert_heads and all(w in lexicon.alert_words for w in words[:-1]))


def _without_codes_after_names(mentions: list[Mention], text: str) -> list[Mention]:
    """The mentions less a postal code tagged as a place in parentheses right after another name
    that is no lawmaker's: a ticker, a position or a credential ("Deere (DE)", "Dr. Robert Lee (MD)"),
    as :func:`_is_state_code` reads such codes inside a tagged span."""
    ends = {m.end for m in mentions}
    codes = load_lexicons().entities.state_codes
    return [m for m in mentions
            if not (m.type == "GPE" and len(m.text) == 2 and m.text.isupper() and m.text.lower() in codes
                    and text[m.start - 2:m.start] == " (" and text[m.end:m.end + 1] == ")"
                    and m.start - 2 in ends and not _is_state_code(text, m.start, m.end))]


#: Month and weekday names the tagger sometimes reads as an organisation or place ("on November's
#: ballot" ORG): alone they are dates.  "May" is left out (Theresa May, tagged PERSON, is kept anyway).
DATE_WORDS = frozenset({"january", "february", "march", "april", "june", "july", "august", "september",
                        "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
                        "friday", "saturday", "sunday"})


#: A year alone ("Pratt's 2019 trial" tagged LAW).
YEAR_ALONE = re.compile(r"(?:19|20)\d{2}")


#: A fiscal period ("H1 2022" tagged LAW, "Q3", "FY2023", "2H22"): a date.
FISCAL_PERIOD = re.compile(r"(?:[HQ][1-4]|[1-4][HQ]|FY)(?:[ '’-]?(?:19|20)?\d{2})?(?: FY ?(?:19|20)?\d{2})?")


#: A time zone's name ("1 a.m. Eastern Time on Wednesday" tagged ORG): part of a clock time.
ZONE_NAME = re.compile(rf"(?:{'|'.join(r.capitalize() for r in ZONE_REGIONS)})(?: Standard| Daylight)? [Tt]ime")


def _date_word_type(name: str, etype: str) -> str:
    """DATE for a month or weekday name, a year, a fiscal period or a holiday ("New Year’s Day" tagged
    EVENT) tagged alone as another non-person name, TIME for a time zone's name, else ``etype``."""
    if etype not in NAME_TYPES - {"PERSON"}:
        return etype
    if ZONE_NAME.fullmatch(name):
        return "TIME"
    if name.lower() in DATE_WORDS or YEAR_ALONE.fullmatch(name) or FISCAL_PERIOD.fullmatch(name) or is_holiday(name):
        return "DATE"
    return etype


#: A lawmaker's titled name right before a parenthesis: "Rep. Ken Buck (", "Reps. Biggs (".
NAME_BEFORE_PARENTHESIS = re.compile(r"\b(?:Sens?|Reps?|Del|Senators?|Representatives?|Congress(?:wo)?man|Delegate)"
                                     r"\.?(?:\s+[A-Z][\w.'’-]*){1,4}\s?\(\Z")


def _is_state_code(text: str, start: int, end: int) -> bool:
    """A US state's postal code in parentheses right after a lawmaker's titled name ("Rep. Ken Buck
    (CO)"); after other names such codes are tickers, positions or titles ("Deere (DE)", "Travon
    Walker (DE)", "Dr. Robert Lee (MD)")."""
    name = text[start:end]
    return (len(name) == 2 and name.isupper() and name.lower() in load_lexicons().entities.state_codes
            and text[end:end + 1] == ")"
            and NAME_BEFORE_PARENTHESIS.search(text, max(0, start - 60), start) is not None)


#: A person's age set off by commas right after the name, in news style ("Muktadir, 48, and", "Sohel,
#: 35, from Sighboard", "Arif, 35.").
AGE_AFTER = re.compile(r", \d{1,2}(?:,|\.(?!\d)| (?:and|from|of|who)\b)")


def _age_type(text: str, end: int, etype: str) -> str:
    """PERSON for a name the tagger typed as another kind of name whose age follows it."""
    return "PERSON" if etype in NAME_TYPES - {"PERSON"} and AGE_AFTER.match(text, end) else etype


def _titled_type(text: str, start: int, end: int, etype: str) -> str:
    """PERSON for a name the tagger typed as another kind of name that opens with a person's
    abbreviated title ("Gov. Walz", "Rep. Long") or an honorific without its period ("Ms Palaszczuk"): news
    writes a title so only before a person."""
    found = ABBREVIATED_TITLE.fullmatch(text, start, end)
    title = found and (found.group(1) or found.group(2))
    if etype in NAME_TYPES - {"PERSON"} and title and title.lower() in load_lexicons().entities.titles:
        return "PERSON"
    return etype


def _state_code_type(text: str, start: int, end: int, etype: str) -> str:
    """GPE for a lawmaker's state given as a postal code after the name, without the party: the
    party-state tag's convention ("(R-CO)" gives "CO", GPE) read the same way; the tagger often
    calls the bare code an organisation."""
    return "GPE" if etype in NAME_TYPES and _is_state_code(text, start, end) else etype


def _without_cut_titles(mentions: list[Mention], text: str) -> list[Mention]:
    """The mentions less a title tagged on its own right before the person it belongs to ("Capt" of
    "Capt. Barrett Baker", "Mrs" of "Mrs. Clinton", "Gov" of "Gov. Walz"): no name.  A surname
    that is also a title ("Charlie King" ... "King said") stays."""
    titles = load_lexicons().entities.titles
    kept = []
    for i, m in enumerate(mentions):
        after = mentions[i + 1] if i + 1 < len(mentions) else None
        cut = (m.type == "PERSON" and len(m.words) == 1 and m.text.lower().rstrip(".") in titles
               and after is not None and after.type == "PERSON"
               and CUT_TITLE_GAP.fullmatch(text, m.end, after.start) is not None)
        # A title alone tagged as an organisation or place ("Justice", "Sheriff"): no name.
        alone = m.type in TITLED_TYPES and " " not in m.text and m.text.lower().rstrip(".") in titles
        if not (cut or alone):
            kept.append(m)
    return kept


def _parts(text: str, start: int, end: int, etype: str) -> list[tuple[int, int, str, bool]]:
    """The mentions in one tagged span: organisations and places joined by "or" are each their
    own ("Planning Board or Zoning Board of Appeals"; not in a title: "Choose to Fail or
    Succeed"), so are two case names joined by "and" (:func:`_case_pieces`), and each is read by
    :func:`_split_parentheses`."""
    pieces, piece_start = [], start
    if len(CASE_GAP.findall(text, start, end)) > 1:
        pieces = _case_pieces(text, start, end)
    elif etype in COORDINATED_TYPES:
        for sep in COORDINATION.finditer(text, start, end):
            pieces.append((piece_start, sep.start()))
            piece_start = sep.end()
        pieces.append((piece_start, end))
        pieces = [piece for s, e in pieces for piece in _same_head_pieces(text, s, e)]
    else:
        pieces.append((piece_start, end))
    return [part for s, e in pieces for part in _split_parentheses(text, s, e, etype)]


def _case_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut at each "and" with a case name (" v. ") on both sides: "Visa v. Osborn
    and Visa v. Stoumbos" are two cases."""
    for sep in CASE_AND.finditer(text, start, end):
        if CASE_GAP.search(text, start, sep.start()) and CASE_GAP.search(text, sep.end(), end):
            return [(start, sep.start()), *_case_pieces(text, sep.end(), end)]
    return [(start, end)]


def _same_head_pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``text[start:end]`` cut at an "and" after which the same first word starts a second name
    of at least two words ("University of Canberra and University of NSW"); else whole."""
    words = text[start:end].split()
    first = words[1] if len(words) > 1 and words[0].lower() == "the" else words[0] if words else ""
    for sep in SAME_HEAD_AND.finditer(text, start, end):
        rest = text[sep.end():end].split()
        if len(rest) > 1 and rest[0] == first and len(text[start:sep.start()].split()) > 1:
            return [(start, sep.start()), (sep.end(), end)]
    return [(start, end)]


def _court_story(text: str) -> bool:
    """Whether a text speaks of courts (aliases.json ``court_words``): "Arsenal v. Chelsea" or "the
    Biden v. Trump rematch" in other copy is no case."""
    return not load_lexicons().entities.court_words.isdisjoint(re.findall(r"[a-z]+", text.lower()))


def _with_case_names(mentions: list[Mention], text: str, sports: bool) -> list[Mention]:
    """Court cases as LAW: a name holding " v. " ("Visa v. Osborn" tagged ORG), and two names
    with only " v. " between them, joined ("Bank of America" + "Miami").  Not in sports copy,
    where "v." may join two teams, nor in a story that speaks of no court, where a name the tagger
    itself typed a law is dropped ("the Biden v. Trump rematch": a contest, never a case)."""
    if " v. " not in text:
        return mentions
    if sports or not _court_story(text):
        return [m for m in mentions if not (m.type == "LAW" and CASE_NAME.search(m.text))]
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: m.start):
        prev = out[-1] if out else None
        if (prev is not None and m.type in CASE_TYPES and prev.type in CASE_TYPES and prev.sentence == m.sentence
                and CASE_GAP.fullmatch(text, prev.end, m.start)):
            out[-1] = _joined(prev, m, text, "LAW")
        elif m.type in CASE_TYPES and CASE_NAME.search(m.text):
            m.type = "LAW"
            out.append(m)
        else:
            out.append(m)
    return out


def case_short_names(mentions: Sequence[Mention], text: str) -> dict[str, str]:
    """A court case named by its first party alone where its full name is in the text ("Roe v. Wade"
    ... "Roe and Casey are overruled", "Janus v. AFSCME" ... "the Janus ruling"), as legal copy
    shortens a case: each such mention, tagged a person or an organisation, becomes LAW.  Not a party
    the text also names in full or with a title ("Trump v. Hawaii" beside "Donald Trump" or
    "President Trump"): that is the party itself.  Returns the short names' keys -> the case's name,
    aliases for the clustering."""
    cases: dict[str, Mention] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        if m.type == "LAW" and CASE_GAP.search(m.text):
            cases.setdefault(_key(CASE_GAP.split(m.text, maxsplit=1)[0]), m)
    titles = load_lexicons().entities.titles
    found: dict[str, str] = {}
    for key, case in cases.items():
        short = [m for m in mentions if m.type in ("PERSON", "ORG") and _key(m.text) == key]
        named = any(m.type != "LAW" and _key(m.text) != key and f" {key} " in f" {_key(m.text)} " for m in mentions)
        if not short or named or any(_word_before(text, m.start) in titles for m in short):
            continue
        for m in short:
            m.type = "LAW"
        found[key] = case.text
    return found


def _joined(first: Mention, second: Mention, text: str, etype: str) -> Mention:
    """One name of ``etype`` from two tagged names of one sentence and the text between them."""
    return Mention(first.start, second.end, text[first.start:second.end], etype, first.sentence,
                   first.words + second.words, confidence=first.confidence)


def _with_campus_names(mentions: list[Mention], text: str, sports: bool) -> list[Mention]:
    """A university and its campus joined ("University of Texas at Austin", "University of North
    Carolina at Chapel Hill", tagged as an organisation and a place): the campus is part of its name."""
    if " at " not in text or sports:  # (a fixture: "Boston College at Syracuse")
        return mentions
    return _with_pairs_joined(mentions, text, lambda prev, m: (
        prev.type == "ORG" and m.type == "GPE" and CAMPUS_SCHOOL.match(prev.text) is not None
        and CAMPUS_GAP.fullmatch(text, prev.end, m.start) is not None))


def _with_initials_joined(mentions: list[Mention], text: str) -> list[Mention]:
    """A person's initials and surname the tagger read as two people joined ("P.K." + "Sinha",
    "J.T." + "Realmuto"): initials alone name no one, so with a name one space after them they
    are its given names, even where the sentence splitter took the initials' last period for a
    sentence's end."""
    return _with_pairs_joined(mentions, text, lambda prev, m: (
        prev.type == "PERSON" and m.type == "PERSON" and INITIALS.fullmatch(prev.text) is not None
        and text[prev.end:m.start] == " "), across_sentences=True)


#: What stands between the two parts of a ``one_place`` name: a comma, a space, or both.
ONE_PLACE_GAP = re.compile(r",? ")


def _with_one_places(mentions: list[Mention], text: str) -> list[Mention]:
    """A place and the code after it that together name one place joined, with or without the comma
    between them ("Washington" + ", " + "D.C."; aliases.json ``one_place``): the tagger reads "City,
    State" as two places, as it should for "Boise, Idaho", but "D.C." is no state of the city, and news
    writes the capital so."""
    places = load_lexicons().entities.one_place
    return _with_pairs_joined(mentions, text, lambda prev, m: (
        prev.type == "GPE" and m.type == "GPE" and ONE_PLACE_GAP.fullmatch(text, prev.end, m.start) is not None
        and f"{prev.text} {m.text}" in places))


def _with_plural_possessives(mentions: list[Mention], text: str) -> list[Mention]:
    """An organisation's or a building's name the tagger cut at a plural noun's possessive joined
    ("Jackson Women's" + "Health Organization", "Children's" + "Services"; ``plural_possessors``):
    no one and no place is called "Women", so the possessive is inside one name."""
    plurals = load_lexicons().entities.plural_possessors
    return _with_pairs_joined(mentions, text, lambda prev, m: (
        prev.type in ("ORG", "FAC") and m.type in ("ORG", "FAC")
        and (prev.text.split() or [""])[-1].lower() in plurals
        and PLURAL_POSSESSIVE_GAP.fullmatch(text, prev.end, m.start) is not None))


@cache
def _and_names_pattern(names: frozenset[str]) -> re.Pattern[str] | None:
    """The names of ``and_names`` as one pattern, longest first, any case, a space run for a space."""
    if not names:
        return None
    alternatives = (re.escape(n).replace(r"\ ", r"\s+") for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\b(?:{'|'.join(alternatives)})\b", re.IGNORECASE)


def _with_and_names(mentions: list[Mention], text: str) -> list[Mention]:
    """A name with "and" inside it ("Trinidad and Tobago", "Bosnia and Herzegovina"; ``and_names``)
    that the tagger cut in two or cut short ("Trinidad" + "Tobago Police Service") made one mention
    over the name and what the mentions in it run past: of the type of the one running past its end
    ("Trinidad and Tobago Police Service" is the police), else of the first."""
    pattern = _and_names_pattern(load_lexicons().entities.and_names)
    if pattern is None or " and " not in text:
        return mentions
    names = [o.span() for o in pattern.finditer(text)
             if all(w[0].isupper() for w in o.group().split() if w.lower() not in ("and", "the"))]
    if not names:  # ("the turks and caicos" in running text is no name)
        return mentions
    ordered, out = sorted(mentions, key=lambda m: m.start), []
    i = k = 0  # (one pass over both, in text order)
    while i < len(ordered):
        while k < len(names) and names[k][1] <= ordered[i].start:
            k += 1
        j = i
        while k < len(names) and j < len(ordered) and ordered[j].start < names[k][1] and ordered[j].end > names[k][0]:
            j += 1
        inside = ordered[i:j]
        whole = len(inside) == 1 and inside[0].start <= names[k][0] and inside[0].end >= names[k][1]
        if not inside or whole or any(m.sentence != inside[0].sentence for m in inside):
            out.append(ordered[i])
            i += 1
            continue
        start, end = names[k]
        last = max(inside, key=lambda m: m.end)
        first_start, last_end = min(start, inside[0].start), max(end, last.end)
        etype = last.type if last.end > end else inside[0].type
        out.append(Mention(first_start, last_end, text[first_start:last_end], etype, inside[0].sentence,
                           tuple(w for m in inside for w in m.words), confidence=inside[0].confidence))
        i, k = j, k + 1
    return out


def _with_court_seats(mentions: list[Mention], text: str) -> list[Mention]:
    """A federal court and the district or circuit it sits for joined ("U.S. District Court for the
    Northern District of Georgia", "US Court of Appeals for the Sixth Circuit", tagged as two names):
    the seat is part of the court's name, and so is the country the tagger left off before it."""
    if " for the " not in text:
        return mentions
    out = _with_pairs_joined(mentions, text, lambda prev, m: (
        prev.type == "ORG" and m.type in COORDINATED_TYPES and COURT_HEAD.fullmatch(prev.text) is not None
        and COURT_GAP.fullmatch(text, prev.end, m.start) is not None and COURT_SEAT.fullmatch(m.text) is not None))
    taken: dict[int, int] = {}  # the country's start -> the court's old start
    for m in out:
        country = COURT_NAME.fullmatch(m.text) and COURT_COUNTRY_BEFORE.search(text, max(0, m.start - 20), m.start)
        if country:
            taken[country.start()] = m.start
            m.start, m.text = country.start(), text[country.start():m.end]
    # (the country tagged on its own is now the court's first word)
    return [m for m in out if m.end > taken.get(m.start, -1)]


def _with_circuit_numbers(mentions: list[Mention], text: str) -> list[Mention]:
    """A federal appeals court with its circuit's number before it ("The 9th U.S. Circuit Court of
    Appeals on Thursday upheld", "the Fifth Circuit Court of Appeals"), which the tagger leaves out
    of the name: the number is the court's name, as the circuit after "for the" is
    (:func:`_with_court_seats`)."""
    if "Circuit" not in text:
        return mentions
    taken: list[tuple[int, int]] = []
    for m in mentions:
        if m.type == "ORG" and APPEALS_COURT.fullmatch(m.text):
            number = CIRCUIT_BEFORE.search(text, max(0, m.start - 14), m.start)
            if number is not None:
                taken.append((number.start(), m.start))
                m.start, m.text = number.start(), text[number.start():m.end]
    # (the number tagged on its own, an ORDINAL, is now the court's first word)
    return [m for m in mentions if not any(a <= m.start and m.end <= b for a, b in taken)]


def _with_district_seats(mentions: list[Mention], text: str) -> list[Mention]:
    """A federal judicial district named alone ("charged the company in the Western District of
    Texas", "the Southern District of California"): in court copy it stands for the court or its
    prosecutors' office, an organisation, wherever the tagger reads a place or tags the district
    and its state as two names."""
    if " District of " not in text:
        return mentions
    out = _with_pairs_joined(mentions, text, lambda prev, m: (
        DISTRICT_HALF.fullmatch(prev.text) is not None and text[prev.end:m.start] == " of "
        and m.type in ("GPE", "LOC")))
    for m in out:
        if m.type in ("GPE", "LOC") and DISTRICT_SEAT.fullmatch(m.text) is not None:
            m.type = "ORG"
    return out


def _with_pairs_joined(mentions: list[Mention], text: str, pair: Callable[[Mention, Mention], bool],
                       across_sentences: bool = False) -> list[Mention]:
    """Each two names of one sentence (or, ``across_sentences``, of two) that ``pair`` accepts, in
    text order, joined into one name of the first one's type."""
    out: list[Mention] = []
    for m in sorted(mentions, key=lambda m: m.start):
        prev = out[-1] if out else None
        if prev is not None and (across_sentences or prev.sentence == m.sentence) and pair(prev, m):
            out[-1] = _joined(prev, m, text, prev.type)
        else:
            out.append(m)
    return out


def _split_parentheses(text: str, start: int, end: int, etype: str) -> list[tuple[int, int, str, bool]]:
    """The mentions in a tagged span that ends in parentheses: the name before them, and in them
    a party-state tag's state (GPE: "Jim Cooper (D-TN)" -> "Jim Cooper", "TN") or a short name
    of the same entity ("(UPND)"); a ticker, handle or number in them is dropped, and so is a
    score after a team's name ("St. Louis 4") or a poll ranking before it ("No. 3 Gonzaga").  Each part is
    ``(start, end, type, short_for)``; a span without closing parentheses is returned whole."""
    score = SCORE_TAIL.search(text, start, end) if etype in SCORED_TYPES else None
    if score is not None and score.start() > start:
        end = score.start()
    ranked = RANKED_HEAD.match(text, start, end) if etype in RANKED_TYPES else None
    if ranked is not None:
        start = ranked.end()
    # (the tagger may leave the party letter out of the span: "D-" just before it)
    party = PARTY_AFTER_COMMA.match(text, start, end) or (PARTY_AFTER_COMMA.match(text, start - 2, end)
                                                          if start >= 2 else None)
    if party is not None and LEGISLATOR_BEFORE.search(text, max(0, party.start() - 80), party.start()):
        # "Sen. Mike Kehoe, R-Jefferson City, said": a legislator's party and home town.
        return [(party.end(), end, "GPE", False)]
    tail = PAREN_TAIL.search(text, start, end)
    if tail is None:
        return [(start, end, etype, False)]
    inner_start, inner_end = tail.span(1)
    inner = text[inner_start:inner_end].strip()
    inner_start += len(text[inner_start:inner_end]) - len(text[inner_start:inner_end].lstrip())
    parts = [(start, tail.start(), etype, False)] if text[start:tail.start()].strip() else []
    party = PARTY_TAG.match(inner)
    if party:
        parts.append((inner_start + party.start(1), inner_start + party.end(1), "GPE", False))
    elif etype == "PERSON" and _is_state_code(text, inner_start, inner_start + len(inner)):
        parts.append((inner_start, inner_start + len(inner), "GPE", False))
    elif etype != "PERSON" and SHORT_NAME.match(inner):  # a person's "(Ky.)" is a state, not a name
        parts.append((inner_start, inner_start + len(inner), etype, True))
    return [(s, e, t, short) for s, e, t, short in parts if text[s:e].strip()]


def _team_type(text: str, start: int, end: int, etype: str) -> str:
    """ORG for a team named by its city (see SCORE_AFTER), else ``etype``."""
    if etype == "GPE" and (SCORE_AFTER.match(text, end) or HOST_BEFORE.search(text[max(0, start - 12):start])):
        return "ORG"
    return etype


def _head_type(name: str, etype: str) -> str:
    """The type a name's head word gives it (``type_heads`` of aliases.json: "DeSoto County
    Jail" FAC, "Hurricane Florence" EVENT), else ``etype``."""
    lexicon = load_lexicons().entities
    words = name.lower().split()
    if len(words) < 2 or etype not in NAME_TYPES:
        return etype
    if storm_given_name(name):
        return "EVENT"
    for heads, head_type in lexicon.first_words_types:
        if words[0] in heads or " ".join(words[:2]) in heads:
            return head_type
    if etype in lexicon.retyped or (etype == "PERSON" and words[-1] in lexicon.over_person):
        for heads, head_type in lexicon.last_word_types:
            if words[-1] in heads:
                return head_type
    return etype


def storm_given_name(name: str) -> str | None:
    """The given name of a named storm ("Emma" of "Storm Emma", "Sandy" of "Superstorm Sandy"):
    one of ``storm_heads`` (aliases.json) and one capitalised word, else None."""
    words = name.split()
    if len(words) not in (2, 3) or not words[-1][:1].isupper():
        return None
    head = " ".join(words[:-1]).lower()
    return words[-1] if head in load_lexicons().entities.storm_heads else None


def _trim(text: str, start: int, end: int, etype: str) -> tuple[int, int]:
    """Tighten a mention: no possessive ending ("Trump's" is one token), and for a name glued to a
    possessor ("Britain's Starmer", "Russia's Trojan") only the part after the possessive, except
    a name (not a person's) whose word after it is one of ``possessive_heads``: "Lincoln County
    Sheriff's Office", "Prince George's County", or whose possessor is a plural noun
    (``plural_possessors``: "Jackson Women's Health Organization", "Children's Services"): no
    place or person is a plural common noun, so the possessive is part of the name."""
    surface = text[start:end]
    m = POSSESSIVE_END.search(surface)
    if m:
        end = start + m.start()
        surface = text[start:end]
    inner = list(INNER_POSSESSIVE.finditer(surface))
    if inner and etype != "PERSON":
        heads = load_lexicons().entities.possessive_heads
        plurals = load_lexicons().entities.plural_possessors
        inner = [m for m in inner if (surface[m.end():].split() or [""])[0].lower() not in heads
                 and (surface[:m.start()].split() or [""])[-1].lower() not in plurals]
    if inner:
        start += inner[-1].end()
        surface = text[start:end]
    start = _without_leading_words(text, start, end)
    start = _without_class_noun(text, start, end)
    if etype in TITLED_TYPES:
        end = _without_trailing_title(text, start, end)
    elif etype == "PERSON":
        end = _without_post_nominal(text, start, end)
    if etype in PLACE_TYPES:
        end = _without_shared_plural(text, start, end)
    start, end = _without_unpaired_bracket(text, start, end)
    start, end = _without_unpaired_quote(text, start, end)
    # Punctuation the tagger took into a name ("Greenland —").
    surface = text[start:end]
    stripped = surface.rstrip(" \t\n-–—,;:")
    if stripped and stripped != surface:
        end = start + len(stripped)
    # The tokenizer may split an initialism's last period off as punctuation ("U.K." + "Premier").
    if INITIALISM_CUT.search(text[start:end]) and text[end:end + 1] == ".":
        end += 1
    return start, end


def _without_trailing_title(text: str, start: int, end: int) -> int:
    """The end of a place's or organisation's name before a person's title the tagger took in
    ("Hampstead Mayor", "Airtel Nigeria Chief Executive", "Supreme Court Justice"), where a
    capitalised name is left and the title is no object of "of"/"for" ("Office of the President").
    A possessed title is an office ("St. Bernard Parish Sheriff's deputies"), and a title alone
    stays ("Special Envoy")."""
    if POSSESSIVE_AFTER.match(text, end):
        return end
    lexicon = load_lexicons().entities
    words = list(re.finditer(r"\S+", text[start:end]))
    lower = [w.group().lower().rstrip(".") for w in words]
    if " ".join(lower) in lexicon.titles:
        return end
    for k in range(max(1, len(words) - lexicon.title_max_words), len(words)):  # the longest title first
        if " ".join(lower[k:]) in lexicon.titles:
            last = words[k - 1].group()
            return start + words[k - 1].end() if last.lower() not in TITLE_OBJECT_WORDS and last[:1].isupper() else end
    return end


def _without_shared_plural(text: str, start: int, end: int) -> int:
    """The end of the last of two places that share one plural designator ("Nassau and Suffolk
    Counties", "the Tigris and Euphrates Rivers"): each place is named without it ("Suffolk", as
    "Nassau" already is). The designator goes only after a coordinating "and"/"or" and a capitalised
    word, so "Tri-Counties" or "the Great Lakes" stay whole."""
    words = text[start:end].split()
    if len(words) < 2 or words[-1].lower() not in load_lexicons().entities.shared_plurals:
        return end
    if not SHARED_BEFORE.search(text, max(0, start - 60), start):
        return end
    return text.rfind(words[-1], start, end)  # (the space before it is stripped with the rest)


def _without_post_nominal(text: str, start: int, end: int) -> int:
    """The end of a person's name before the letters after it (``post_nominals``: "Ian Barker QC",
    "Kate Aherne BL"), where a name of at least one word is left; written in capitals only, so
    that a surname ("Bl") is never cut."""
    words = list(re.finditer(r"\S+", text[start:end]))
    if len(words) < 2:
        return end
    last = words[-1].group().rstrip(".,")
    if last.isupper() and last.lower() in load_lexicons().entities.post_nominals:
        return start + len(text[start:start + words[-2].end()].rstrip(" ,"))
    return end


def _without_leading_words(text: str, start: int, end: int) -> int:
    """The start of a mention past an article ("the White House", "a Florida State University
    professor") and past a quoted common word or a compound's tail (:data:`LOWER_OPENING`)."""
    surface = text[start:end]
    article = LEADING_THE.match(surface) or LEADING_INDEFINITE.match(surface)
    if article and article.end() < len(surface):
        start += article.end()
    opening = LOWER_OPENING.match(text, start, end)
    return opening.end() if opening else start


def _without_class_noun(text: str, start: int, end: int) -> int:
    """The start of a ship's name past a class noun the tagger took in ("Destroyer JS Ariake"): the
    second word is a ship prefix (a ``first_words`` head of type PRODUCT in aliases.json)."""
    words = text[start:end].split(" ")
    if len(words) < 3:
        return start
    prefixes = _ship_prefixes()
    return start + len(words[0]) + 1 if words[1].lower() in prefixes and words[0].lower() not in prefixes else start


@cache
def _ship_prefixes() -> frozenset[str]:
    """The ship prefixes: the ``first_words`` heads of type PRODUCT in aliases.json ("uss", "hms", "js")."""
    return frozenset(w for heads, head_type in load_lexicons().entities.first_words_types if head_type == "PRODUCT"
                     for w in heads)


def _without_unpaired_quote(text: str, start: int, end: int) -> tuple[int, int]:
    """A quotation mark opening or closing a mention without its pair inside it left out: the
    tokenizer glues a mark to the word it touches ("for all of Louisiana”", "“Memorandum of
    Understanding ...")."""
    article = ARTICLE_BEFORE_QUOTE.match(text, start, end)
    inner = article.end() if article else start
    surface = text[inner:end]
    marks = [c for c in surface if c in QUOTE_OPENERS or c in PAIRED_CLOSERS]
    if (len(surface) > 2 and marks == [surface[0], surface[-1]] and surface[0] in QUOTE_OPENERS
            and surface[-1] in PAIRED_CLOSERS and surface[1:-1].strip()):
        return stripped(text, inner + 1, end - 1)  # a quoted name: the name without its marks
    if len(surface) > 1 and surface[0] in QUOTE_OPENERS and not any(c in QUOTE_CLOSERS for c in surface[1:]):
        start = inner + 1  # (with the article before the mark: 'a \u201cPutin-RibbenTRUMP Pact')
        while start < end and text[start].isspace():
            start += 1
    surface = text[start:end]
    if len(surface) > 1 and surface[-1] in QUOTE_CLOSERS and not any(c in QUOTE_OPENERS for c in surface[:-1]):
        end -= 1
    return start, end


def _without_unpaired_bracket(text: str, start: int, end: int) -> tuple[int, int]:
    """A bracket the tagger took in without its pair left out: "(Russian President Vladimir) Putin"
    gives "Vladimir) Putin" (the name after it), "(Stock Buzz)" gives "Stock Buzz)"."""
    surface = text[start:end]
    close, opening = surface.find(")"), surface.rfind("(")
    if close >= 0 and "(" not in surface[:close]:
        after = surface[close + 1:]
        if after.strip():
            start += close + 1 + len(after) - len(after.lstrip())
        else:
            end = start + close
    elif opening >= 0 and ")" not in surface[opening:]:
        end = start + opening
    return start, end


class Entities:
    """Clusters of mentions with look-ups by offset, word and recency.

    The quote and event stages ask these questions once per word, cue or pronoun, so every
    look-up is a binary search over the mentions sorted by start (one pass over all mentions
    each time would make those stages quadratic).  Mentions never overlap, so their ends are
    sorted too; should they ever not be, the look-ups fall back to a scan with the same result.
    """

    def __init__(self, entities: list[Entity], timex_mentions: list[Mention]) -> None:
        self.entities = entities
        self.timex_mentions = timex_mentions
        self.by_id = {e.id: e for e in entities}
        self.mentions = sorted((m for e in entities for m in e.mentions), key=lambda m: m.start)
        self._starts = [m.start for m in self.mentions]
        self._ends = [m.end for m in self.mentions]
        self._ordered = all(a <= b for a, b in pairwise(self._ends))
        # Per entity type, the positions in self.mentions of its mentions and their ends.
        self._by_type: dict[str, tuple[list[int], list[int]]] = {}
        if not all(m.entity in self.by_id for m in self.mentions):
            self._ordered = False  # a mention of no entity: before() scans (and fails) as it always did
        for i, m in enumerate(self.mentions if self._ordered else ()):
            positions, ends = self._by_type.setdefault(self.type_of(m), ([], []))
            positions.append(i)
            ends.append(m.end)
        timexes = sorted(timex_mentions, key=lambda m: m.start)
        self._timex_starts = [m.start for m in timexes]
        self._timex_reach = list(accumulate((m.end for m in timexes), max))  # furthest end so far

    def type_of(self, m: Mention) -> str:
        """The type of the entity a mention belongs to (KeyError for a mention of none)."""
        return self.by_id[m.entity or ""].type

    def as_json(self) -> list[dict[str, object]]:
        return [e.as_json() for e in self.entities]

    def at(self, start: int, end: int) -> Mention | None:
        """The entity mention overlapping [start, end), preferring the largest overlap.

        Called for many words by the quote and event stages: mentions never overlap, so
        their ends are sorted too and a binary search finds the few candidates.
        """
        best, best_overlap = None, 0
        i = bisect.bisect_left(self._starts, end) - 1
        while i >= 0 and self.mentions[i].end > start:
            m = self.mentions[i]
            overlap = min(end, m.end) - max(start, m.start)
            if overlap > best_overlap:
                best, best_overlap = m, overlap
            i -= 1
        return best

    def before(self, offset: int, types: Iterable[str], after: int | None = None) -> Mention | None:
        """The latest mention of one of ``types`` ending before ``offset`` (pronoun resolution);
        with ``after``, only one that starts there or later."""
        wanted = set(types)
        if not self._ordered:
            candidates = [m for m in self.mentions if m.end <= offset and self.type_of(m) in wanted]
            best = candidates[-1] if candidates else None
        else:
            # The latest mention of each wanted type ending in time, then the latest of those.
            latest = -1
            for etype in wanted:
                positions, ends = self._by_type.get(etype, ((), ()))
                i = bisect.bisect_right(ends, offset) - 1
                if i >= 0:
                    latest = max(latest, positions[i])
            best = self.mentions[latest] if latest >= 0 else None
        # Mentions are sorted, so when the latest starts too early every other one does too.
        return None if best is None or after is not None and best.start < after else best

    def starting_in(self, start: int, end: int) -> list[Mention]:
        """The mentions starting in ``[start, end)``, in order."""
        return self.mentions[bisect.bisect_left(self._starts, start):bisect.bisect_left(self._starts, end)]

    def ending_in(self, start: int, end: int) -> list[Mention]:
        """The mentions ending in ``[start, end]``, in order."""
        if not self._ordered:
            return [m for m in self.mentions if start <= m.end <= end]
        return self.mentions[bisect.bisect_left(self._ends, start):bisect.bisect_right(self._ends, end)]

    def in_timex(self, offset: int) -> bool:
        """Whether a DATE/TIME mention covers ``offset``."""
        i = bisect.bisect_right(self._timex_starts, offset) - 1
        return i >= 0 and self._timex_reach[i] > offset


#: A capitalised title word or "of", as in "Secretary of State" or "National Security Advisor".
_TITLE_WORD = re.compile(r"(?:[A-Z][\w.-]*|of)\Z")


def _in_title(m: Mention, following: Mention | None, text: str) -> bool:
    """Whether ``m`` is only a word of a person's title: "State" in "Secretary of State Marco Rubio",
    "National Security" in "National Security Advisor Mike Waltz" (NER tags such words ORG).

    The capitalised words around the mention, up to the PERSON mention right after it
    (``following``: the first mention starting at or after its end), must end with a title of the
    lexicon that contains the mention.
    """
    lexicon = load_lexicons().entities
    titles = lexicon.titles
    if following is None or following.type != "PERSON":
        return False
    between = text[m.end:following.start].split()
    if not all(_TITLE_WORD.match(w) for w in between):
        return False
    before = text[max(0, m.start - lexicon.title_lookback_chars):m.start].split()
    lead: list[str] = []
    for word in reversed(before):
        if not _TITLE_WORD.match(word):
            break
        lead.insert(0, word)
    words = [*lead, *m.text.split(), *between]
    mention_end = len(lead) + len(m.text.split())
    # A title ending right before the name that starts inside or before the mention.
    return any(" ".join(w.lower().rstrip(".") for w in words[k:]) in titles for k in range(mention_end))


def _following(mentions: Sequence[Mention]) -> list[Mention | None]:
    """For each mention, the first of ``mentions`` (in their order) starting at or after its end.

    Mentions come in text order, so that is a binary search; the scan is kept for any other order.
    """
    starts = [m.start for m in mentions]
    if all(a <= b for a, b in pairwise(starts)):
        found = (bisect.bisect_left(starts, m.end) for m in mentions)
        return [mentions[i] if i < len(mentions) else None for i in found]
    return [next((o for o in mentions if o.start >= m.end), None) for m in mentions]


def cluster(sentences: Sequence[Sentence], text: str, *, deadline: Deadline = NO_DEADLINE,
            learned_types: bool = True) -> Entities:
    """Group mentions into entities: aliases, acronyms, and surnames of people named in full; then,
    with ``learned_types``, retype or drop those the type classifier is sure of
    (:mod:`service.extract.entity_typer`)."""
    aliases = _aliases(load_lexicons().entities.alias_groups)
    all_mentions = mentions_from(sentences, text, deadline=deadline)
    timexes = [m for m in all_mentions if m.type in TIMEX_TYPES]
    mentions = _outside_titles([m for m in all_mentions if m.type not in TIMEX_TYPES], text, deadline)
    mentions = _with_untagged_repeats(mentions, timexes, sentences, text, deadline)
    sports = sports_story(text)  # (read once: five steps below ask)
    mentions = _with_case_names(_with_plural_possessives(_with_and_names(mentions, text), text), text, sports)
    mentions = _with_campus_names(_with_one_places(_with_initials_joined(mentions, text), text), text, sports)
    mentions = _with_court_seats(_with_district_seats(mentions, text), text)  # (a seat whole before its court)
    mentions = _with_circuit_numbers(mentions, text)
    retype_teams(mentions, text, sports)
    retype_demonyms(mentions, sports)
    aliases = {**aliases, **place_named_orgs(mentions, text, sports), **case_short_names(mentions, text)}
    clusters = _group(mentions, aliases, deadline)
    entities = _entities_of(_without_generic_heads(clusters), aliases, deadline)
    if learned_types:
        entities = _with_learned_types(entities, aliases, text, sports, deadline)
    return Entities(entities, timexes)


def _without_generic_heads(clusters: list[list[Mention]]) -> list[list[Mention]]:
    """The clusters less those whose every mention is one capitalised institution noun alone
    ("the State" of a court story, "the Court", "the County", "the Company"; aliases.json
    ``generic_heads``): a common noun written with a capital, no name.  Such a word merged into a named
    entity ("the Court" after "the Supreme Court") stays its mention."""
    heads = load_lexicons().entities.generic_heads
    return [members for members in clusters
            if not all(LEADING_THE.sub("", POSSESSIVE.sub("", m.text)).lower() in heads for m in members)]


def _with_learned_types(entities: list[Entity], aliases: dict[str, str], text: str, sports: bool,
                        deadline: Deadline = NO_DEADLINE) -> list[Entity]:
    """The entities as the type classifier has them: retyped (and renamed for the new type: a
    PERSON's name loses its title) or dropped, the rest renumbered in text order."""
    kept: list[Entity] = []
    for entity, verdict in zip(entities, judge(entities, text, deadline=deadline, sports=sports), strict=True):
        if verdict is not None and verdict.label == NONE:
            continue
        if verdict is not None:
            entity.type = verdict.label
            entity.name = _best_name(entity.mentions, entity.type, aliases)
        entity.id = f"E{len(kept) + 1}"
        for m in entity.mentions:
            m.entity = entity.id
        kept.append(entity)
    return kept


#: Types whose names are found again where the tagger left them out (:func:`_with_untagged_repeats`).
REPEATED_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
#: At most this many names sharing a first word are looked for ("John Smith", "John Doe", ...), so
#: that a text of thousands of them costs no more than a story's few.
MAX_NAMES_ALIKE = 16
#: Words after which a capital opens a quoted sentence or a clause, no sign of a name ('said: "Long ago').
CLAUSE_OPENERS = frozenset({"“", "‘", "(", "[", ":", "—", "–", "-"})
STRAIGHT_MARKS = frozenset({'"', "'"})
#: A sentence with at least this share of capitalised words (of at least three) is a headline in
#: title case, where a capital is no sign of a name ("Sheriff Says Long Chase Ended").
TITLE_CASE_SHARE = 0.6


def _with_untagged_repeats(mentions: list[Mention], timexes: Sequence[Mention], sentences: Sequence[Sentence],
                           text: str, deadline: Deadline) -> list[Mention]:
    """The mentions plus every other occurrence of a name the tagger tagged somewhere in the story
    and left out there (one story, one reading of a name: '"I'm not a guilty man," Long said',
    with "Long" read as an adverb, after "Long maintained his innocence" was tagged): the same
    text, capitalised as tagged, on word boundaries, typed as most of its tagged occurrences; not
    as a sentence's or a quote's first word nor in a title-case headline, where a capital is no
    sign of a name, nor inside a longer capitalised name, and never overlapping another mention or
    a date."""
    types, by_first, confidences = _repeatable_names(mentions)
    if not types:
        return mentions
    person_starts = frozenset(name.split()[0] for name, counts in types.items()
                              if counts.most_common(1)[0][0] == "PERSON")
    taken = sorted((m.start, m.end) for m in (*mentions, *timexes))
    starts = [start for start, _ in taken]
    reach = list(accumulate((end for _, end in taken), max))
    added: list[Mention] = []
    last_end = 0  # the end of the latest added mention (sentences and their words are in text order)
    for s_index, sent in enumerate(sentences):
        deadline.check()
        if len(sent.words) < 2 or _title_case(sent):
            continue
        ends = {w.end: w.index for w in sent.words}
        for before, w in pairwise(sent.words):
            if w.start < last_end or _opens_clause(before, w) \
                    or _capitalised_before(sent, before, person_starts, w.text):
                continue
            for name in by_first.get(w.text, ()):
                end = w.start + len(name)
                i = bisect.bisect_left(starts, end)
                if end in ends and text.startswith(name, w.start) and not (i and reach[i - 1] > w.start) \
                        and not _capitalised_after(sent, ends[end]):
                    etype = types[name].most_common(1)[0][0]
                    added.append(Mention(w.start, end, name, etype, s_index, tuple(range(w.index, ends[end] + 1)),
                                         confidence=confidences.get(name)))
                    last_end = end
                    break
    return sorted([*mentions, *added], key=lambda m: m.start) if added else mentions


def _capitalised_before(sent: Sentence, before: Word, person_starts: frozenset[str], name_start: str) -> bool:
    """Whether the word before a candidate occurrence makes it part of a longer name ("Consumer
    Price Index" is no mention of Mr. Price) or of a common phrase ("the Will of the people"): a
    capitalised word other than a title ("Sen. Long", "coach Long" stay) and not capitalised for
    opening the sentence or a quote ("Beyond Trump's finances", '"With Trump jumping'), or
    "the"/"a" before a person's name."""
    word = before.text
    if word[:1].isupper():
        opening = before.index == 0 or sent.words[before.index - 1].text in CLAUSE_OPENERS | STRAIGHT_MARKS
        return not opening and word.lower().rstrip(".") not in load_lexicons().entities.titles
    return name_start in person_starts and word.lower() in ("the", "a", "an")


def _capitalised_after(sent: Sentence, last: int) -> bool:
    """Whether the word after a candidate occurrence (its last word's index ``last``) is capitalised:
    the name is then part of a longer one ("Will County", "Gross Domestic Product")."""
    return last + 1 < len(sent.words) and sent.words[last + 1].text[:1].isupper()


def _opens_clause(before: Word, word: Word) -> bool:
    """Whether ``word`` opens a quote or a clause: after an opening mark, a colon or a dash (a
    straight quotation mark opens when nothing stands between it and the word: '"Long ago', not
    '," Long said')."""
    return before.text in CLAUSE_OPENERS or (before.text in STRAIGHT_MARKS and before.end == word.start)


def _repeatable_names(mentions: Sequence[Mention]) -> tuple[dict[str, Counter[str]], dict[str, list[str]],
                                                              dict[str, float]]:
    """The tagged names that :func:`_with_untagged_repeats` looks for (each with its tagged types),
    them by their first word, longest first, and the highest confidence each was tagged with (an
    occurrence found again is as likely that name)."""
    types: dict[str, Counter[str]] = defaultdict(Counter)
    confidences: dict[str, float] = {}
    for m in mentions:
        if m.type in REPEATED_TYPES and not m.short_for and len(m.text) >= 3 and m.text[:1].isupper():
            types[m.text][m.type] += 1
            if m.confidence is not None:
                confidences[m.text] = max(m.confidence, confidences.get(m.text, 0.0))
    for m in mentions:
        # a person's surname alone names that person later in the story ("Charles May ... May said")
        words = m.text.split()
        if m.type == "PERSON" and len(words) >= 2 and len(words[-1]) >= 3 and words[-1][:1].isupper() \
                and words[-1].isalpha() and words[-1] not in types:
            types[words[-1]]["PERSON"] += 1
            if m.confidence is not None:
                confidences[words[-1]] = m.confidence
    by_first: dict[str, list[str]] = defaultdict(list)
    for name in sorted(types, key=len, reverse=True):
        if len(alike := by_first[name.split()[0]]) < MAX_NAMES_ALIKE:
            alike.append(name)
    return types, by_first, confidences


def _title_case(sent: Sentence) -> bool:
    """Whether a sentence is written in title case (a headline's)."""
    alphabetic = [w.text for w in sent.words if w.text[:1].isalpha()]
    capitalised = sum(word[:1].isupper() for word in alphabetic)
    return len(alphabetic) >= 3 and capitalised >= TITLE_CASE_SHARE * len(alphabetic)


def retype_teams(mentions: Sequence[Mention], text: str, sports: bool) -> None:
    """In a sports story, type as ORG the teams the tagger took for places or people (``teams`` of
    aliases.json): a name right after "against", "beat", "side"... or right before "coach",
    "quarterback"..., a capitalised plural after "the" tagged PERSON ("the Blues"), a name after a
    poll ranking ("No. 8 Auburn") or before a score ("Auburn 78-72") when tagged a place (a
    player is ranked and scored too), and every other mention of the same name in the story."""
    lexicon = load_lexicons().entities
    if not sports:
        return
    teams = set()
    for m in mentions:
        if m.type not in TEAM_RETYPED:
            continue
        before = text[max(0, m.start - 24):m.start].lower().split()
        if before[-1:] == ["the"] and not m.type == "PERSON":
            before = before[:-1]  # "the game against the Bulldogs"
        after = re.sub(r"^['’]s?\b", "", text[m.end:m.end + 24].lower()).split()
        plural = (m.type == "PERSON" and before[-1:] == ["the"] and m.text.split()[-1][-1:] == "s"
                  and m.text[:1].isupper())
        # (a ranking or a score names a place's team, but a player too: "No. 1 Novak Djokovic", "Williams 6-3")
        ranked_or_scored = m.type != "PERSON" and (RANKED_BEFORE.search(text, max(0, m.start - 8), m.start)
                                                   or SCORE_AFTER.match(text, m.end))
        if plural or (before and before[-1] in lexicon.team_before) or (after and after[0] in lexicon.team_after) \
                or ranked_or_scored:
            teams.add(_key(m.text))
    for m in mentions:
        if m.type in TEAM_RETYPED and _key(m.text) in teams:
            m.type = "ORG"


def retype_demonyms(mentions: Sequence[Mention], sports: bool) -> None:
    """Type as NORP the people of a place the story names, which the tagger took for a person or an
    organisation: the place's name with a suffix of ``demonym_suffixes`` (aliases.json), its last
    letter dropped or not ("Queensland" and "Queenslanders", "Manitoba" and "Manitobans", "Lagos" and
    "Lagosians"). Not in a sports story, whose plural of a place names a team ("the Texans")."""
    if sports:
        return
    suffixes = load_lexicons().entities.demonym_suffixes
    places = {_key(m.text) for m in mentions if m.type in ("GPE", "LOC") and len(m.text) >= DEMONYM_STEM_CHARS}
    if not places:
        return
    stems = places | {place[:-1] for place in places}  # "Manitoba" + "ns", "Texas" less "s" + "ns"
    for m in mentions:
        name = _key(m.text)
        if m.type in ("PERSON", "ORG") and name.endswith("s") and any(
                name.endswith(suffix) and name[:-len(suffix)] in stems for suffix in suffixes):
            m.type = "NORP"


def sports_story(text: str) -> bool:
    """At least ``min_sports_words`` distinct sports words and a score, or twice as many words."""
    lexicon = load_lexicons().entities
    words = {w.rstrip(".") for w in re.findall(r"[a-z][a-z.-]*", text.lower())}  # "match." ends a sentence
    found = len(words & lexicon.sports_words)
    # (twice as many sports words make a story without a score sports copy too)
    return found >= 2 * lexicon.min_sports_words or (found >= lexicon.min_sports_words
                                                      and SCORE_ANYWHERE.search(text) is not None)


def place_named_orgs(mentions: Sequence[Mention], text: str, sports: bool) -> dict[str, str]:
    """In a sports story, teams named after a place by the place alone (``place_named`` of
    aliases.json): a GPE mention that is the first word(s) of an ORG named before it ("Arizona
    Coyotes" ... "Arizona (1-10-1) avoided") becomes ORG and joins it, unless the story also uses
    that name as a place.  Returns the story's extra aliases (short form's key -> the team's name)."""
    if not sports:
        return {}
    place_before = load_lexicons().entities.place_before
    places: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        if m.type == "GPE":
            places[_key(m.text)].append(m)
    found: dict[str, str] = {}
    for key, named in places.items():
        first = min(m.start for m in named)
        owner = next((o for o in sorted(mentions, key=lambda o: o.start) if o.type == "ORG" and o.end <= first
                      and _key(o.text).startswith(key + " ")), None)
        if owner is None or any(_word_before(text, m.start) in place_before for m in named):
            continue
        for m in named:
            m.type = "ORG"
        found[key] = owner.text
    return found


def _word_before(text: str, start: int) -> str:
    words = re.findall(r"[\w'’-]+", text[max(0, start - 30):start].lower())
    return words[-1] if words else ""


def _outside_titles(mentions: list[Mention], text: str, deadline: Deadline) -> list[Mention]:
    """The mentions less those that are only a word of a person's title ("State" in "Secretary
    of State Marco Rubio", see _in_title); a PERSON mention always stays."""
    kept = []
    for m, following in zip(mentions, _following(mentions), strict=True):
        deadline.check()
        if m.type == "PERSON" or not _in_title(m, following, text):
            kept.append(m)
    return kept


def _name_words(m: Mention) -> list[str]:
    """A mention's words without a possessive, and for a person without a title."""
    words = [w for w in re.split(r"\s+", POSSESSIVE.sub("", m.text)) if w]
    return strip_title(words) if m.type == "PERSON" else words


def _cluster_key(m: Mention, aliases: dict[str, str]) -> str:
    """What mentions of one entity share: the name (an alias group's canonical one) for the name
    types, the type and the words for any other ("DATE:monday" never joins a name)."""
    key = _key(" ".join(_name_words(m)))
    if m.type in NAME_TYPES:
        key = _key(aliases.get(key, key))
    return key if m.type in NAME_TYPES else f"{m.type}:{key}"


def _group(mentions: Sequence[Mention], aliases: dict[str, str], deadline: Deadline) -> list[list[Mention]]:
    """The mentions grouped by entity, by name key, a full person's surname or first name, a
    company's first word (aliases.json ``company_heads``), or an acronym of a multi-word name ("EU"
    with "European Union")."""
    clusters: list[list[Mention]] = []
    by_key: dict[str, int] = {}
    by_start: dict[int, int] = {}  # mention start -> its cluster
    previous = {id(later): earlier for earlier, later in pairwise(sorted(mentions, key=lambda m: m.start))}
    person_parts: dict[str, int] = {}  # surname or first name of a full person name -> cluster
    by_initials: dict[str, int] = {}  # initials of a multi-word mention -> first cluster holding one
    storms: dict[str, int] = {}  # a named storm's given name -> its cluster ("Ian" of "Hurricane Ian")
    companies: dict[str, int] = {}  # first word of a company's name -> its cluster ("Massey" of "Massey Energy")
    company_heads = load_lexicons().entities.company_heads

    def add(m: Mention, index: int | None) -> None:
        if index is None:
            index = len(clusters)
            clusters.append([])
        clusters[index].append(m)
        by_start[m.start] = index
        by_key.setdefault(_cluster_key(m, aliases), index)
        if len(m.text.split()) > 1:
            initials = _initials(m)
            by_initials[initials] = min(index, by_initials.get(initials, index))

    # Full names first, so that "Macron" can join "Emmanuel Macron" and "RBS" "Royal Bank of Scotland"
    # even when the short form comes first (a headline's); so too a storm's name before its given name.
    ordered = sorted(mentions, key=lambda m: (-((m.type in FULL_NAMES_FIRST and len(_name_words(m)) > 1)
                                                 or (m.type == "EVENT" and storm_given_name(m.text) is not None)),
                                               m.start))
    for m in ordered:
        deadline.check()
        key = _cluster_key(m, aliases)
        words = _name_words(m)
        storm = storm_given_name(m.text) if m.type == "EVENT" else None
        index = _named_right_before(m, previous.get(id(m)), by_start)
        if index is None:
            index = by_key.get(key)
        if index is None:
            index = _short_name_cluster(m, words, storm, storms, (person_parts, companies))
        if index is None and m.type in ("ORG", "GPE", "NORP") and _is_acronym(words):
            index = by_initials.get(words[0].replace(".", ""))
        add(m, index)
        if storm:
            storms.setdefault(_key(storm), by_start[m.start])
        _remember_parts(m, words, by_key[key], person_parts, companies, company_heads)
    return clusters


def _remember_parts(m: Mention, words: list[str], index: int, person_parts: dict[str, int],
                    companies: dict[str, int], company_heads: frozenset[str]) -> None:
    """Note the parts a later short name may join cluster ``index`` by: a full person name's surname
    and first name, a company's first word ("Massey Energy" ... "Massey")."""
    if m.type == "PERSON" and len(words) > 1:
        person_parts.setdefault(_key(words[-1]), index)
        person_parts.setdefault(_key(words[0]), index)
    elif (m.type == "ORG" and len(words) > 1 and words[-1].lower() in company_heads
          and not any(w.islower() for w in words)):
        # (a name and its head alone: "US Department of Energy" leaves "US" to the country)
        companies.setdefault(_key(words[0]), index)


def _short_name_cluster(m: Mention, words: list[str], storm: str | None, storms: dict[str, int],
                        parts: tuple[dict[str, int], dict[str, int]]) -> int | None:
    """The cluster a name joins by part of another's: a storm's given name ("Ian" or "Superstorm
    Sandy" after "Hurricane Ian", "Hurricane Sandy"), a full person's surname or first name, else a
    company's first word (``parts``: those of people, those of companies; :func:`_remember_parts`)."""
    if storm or (len(words) == 1 and m.type in NAME_TYPES):
        index = storms.get(_key(storm or words[0]))
        if index is not None:
            return index
    if len(words) != 1 or m.type not in ("PERSON", "ORG"):
        return None
    person_parts, companies = parts
    index = person_parts.get(_key(words[0]))
    return index if index is not None else companies.get(_key(words[0]))


#: Types whose multi-word names are grouped before their short forms (a surname, an acronym).
FULL_NAMES_FIRST = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def _named_right_before(m: Mention, previous: Mention | None, by_start: dict[int, int]) -> int | None:
    """The cluster of the name a short name in parentheses follows ("... Development (UPND)")."""
    if not m.short_for or previous is None or previous.type != m.type or m.start - previous.end > 3:
        return None
    return by_start.get(previous.start)


def _entities_of(clusters: list[list[Mention]], aliases: dict[str, str], deadline: Deadline) -> list[Entity]:
    """One entity per cluster, numbered in text order, typed by its fullest mentions and named
    by its best name; each mention learns its entity's id."""
    entities: list[Entity] = []
    for members in sorted(clusters, key=lambda ms: min(m.start for m in ms)):
        deadline.check()
        members.sort(key=lambda m: m.start)
        # The fullest mention's type decides ("Donald Trump" PERSON over "Trump" tagged ORG).
        longest = max(len(m.text.split()) for m in members)
        types = Counter(m.type for m in members)
        full_types = Counter(m.type for m in members if len(m.text.split()) == longest)
        etype = max(full_types, key=lambda t: (full_types[t], types[t], t == "PERSON"))
        entity = Entity(id=f"E{len(entities) + 1}", type=etype, mentions=members)
        entity.name = _best_name(members, etype, aliases)
        for m in members:
            m.entity = entity.id
        entities.append(entity)
    return entities


def _is_acronym(words: Sequence[str]) -> bool:
    lexicon = load_lexicons().entities
    return (len(words) == 1 and lexicon.acronym_min_chars <= len(words[0].replace(".", "")) <= lexicon.acronym_max_chars
            and words[0].replace(".", "").isupper())


def _initials(m: Mention) -> str:
    """What an acronym of a multi-word name reads: "European Union" -> "EU"."""
    return "".join(w[0] for w in m.text.split() if w[:1].isupper())


def _best_name(members: Sequence[Mention], etype: str, aliases: dict[str, str]) -> str:
    """The fullest proper name among the mentions, without titles or possessives."""
    forms = []
    for m in members:
        words = [w for w in re.split(r"\s+", POSSESSIVE.sub("", m.text)) if w]
        if etype == "PERSON":
            words = strip_title(words)
        name = re.sub(r"^(the|The)\s+", "", " ".join(words))
        forms.append(name)
    # An alias group's canonical name only when the text uses it ("NATO" stays "NATO").
    canonical = [aliases[_key(f)] for f in forms if _key(f) in aliases]
    present = {_key(f) for f in forms}
    for name in canonical:
        if _key(name) in present and etype in NAME_TYPES:
            return name
    counts = Counter(forms)
    return max(forms, key=lambda f: (len(f.split()), counts[f], len(f)))
