"""Repairs of ten misparses of reporting clauses that news copy makes common.

The small parser reads some attributions wrongly in ways a rule over the parse can see; the
quote stage works on a repaired copy of such a sentence (the other stages keep the parse as
it came):

- **a complement clause taken for a reduced relative**: "The Vatican said the leaders
  discussed immigration" gives *leaders* as a second subject of *said* and *discussed* as
  its ``acl``.  A speech verb with a subject after it that carries a verb is reporting that
  clause: the verb becomes the cue's ``ccomp`` and the noun its subject.  Where the verb is
  already the ``ccomp`` ("The company said sales rose"), the stray subject joins it.
- **a "that" clause hung on a phrase after the cue**: "The club confirmed in a brief medical
  update on Monday that Trbojevic has suffered ..." gives the clause as a relative clause of
  *update*.  A clause opened by the conjunction "that" (``mark``, not a relative pronoun)
  with a subject of its own, under an object or oblique of a speech verb (or a noun modifying
  one: "told a radio station in the Upper West Region that he does not back ..."), is its ``ccomp``.
- **a closing attribution read as a conjunct or an adverbial clause**: "..., said corporate
  sources." and "..., Turkish Foreign Minister Hakan Fidan said on Friday, adding ..." give *said*
  as a ``conj`` of the main verb, "..., health officials confirmed Tuesday." *confirmed* as its
  ``advcl`` ("..., police confirmed." as a reduced relative ``acl`` of the noun before the comma,
  though it has a subject of its own); with a comma before it (or before its subject), no
  conjunction or subordinator, no complement of its own and nothing after it but its own phrases,
  it is a ``parataxis`` speech verb (a bare day it governs, "..., sources at the school reported
  Tuesday.", may be parsed as its object).
- **a closing attribution whose subject was hung on the clause before it**: "..., killing at least
  six people, officials and witnesses say." gives *officials* as a conjunct of *people* and *say*
  no subject ("..., league sources reported on Friday." *reported* as an open complement).  A
  finite cue with no subject, closing the sentence right after a comma and a short noun phrase, is
  a ``parataxis`` speech verb with that phrase as its subject.
- **a source named after its verb, tagged a noun**: "..., met Igor Morgulov, reports TASS." gives
  *reports* as a conjunct or the head of the name.  A cue's present-tense form right after a comma,
  followed by a short phrase ending in a proper noun and then the sentence's end, is a ``parataxis``
  speech verb with that phrase as its subject.
- **a trailing attribution whose verb was tagged a noun**: "..., the BBC reports." and
  "..., jail records state." give *reports* / *state* as plural or compound nouns.  A cue's
  verb form right after a comma and a short noun phrase, closing the sentence or followed by a
  comma, is a ``parataxis`` speech verb with that phrase as its subject.
- **a report before a closing attribution read as the cue's subject**: "A study ... found those
  who drank coffee had a lower risk of death, researchers say." gives *study* as a first subject
  of *say*.  A cue closing its sentence after a comma and its own subject, with a second
  subject before that comma, is reporting what precedes the comma: that subject becomes its
  ``ccomp`` (also with the cue's own adverbials after it: "..., a senior military official said
  on condition of anonymity.").
- **an opening attribution whose verb was tagged a noun**: "The release states that Sanchez
  then drove ..." and "The news outlet reports that the motive ... is not yet known" give
  *states* / *reports* as the head noun of the sentence and the clause as its relative clause.
  A sentence opening with a short noun phrase that ends in a cue's verb form, right before a
  "that" clause with a subject of its own, is that cue, the phrase its subject.
- **a report read as the main clause**: "Frank Habineza, head of the only government-recognised
  opposition party, announced Saturday he would stand" gives *announced* as an adverbial clause of
  *stand*.  A finite speech verb with a subject of its own and no subordinator, hung on the root
  that follows it with its own subject after the cue, is the root, and that clause its complement.
- **a "that" clause read as a parataxis**: "Sullivan said that while the new planet was gaseous
  and could not support life, he thought there were other beings" gives *thought* (with "that" its
  mark) as a ``parataxis`` of *said*.  A clause opened by the "that" right after a cue without a
  complement, hung on the cue as a parataxis or adverbial clause, is its ``ccomp``.
- **a complement clause read as a conjunct**: "He said even if every star had a planet,
  researchers wouldn't be able to find them all." gives *able* as a ``conj`` of *said*.  A
  conjunct right after a cue that has no complement (or after its bare date: "BASF announced this
  week it was closing"), with no conjunction and a subject of its own, is the cue's ``ccomp``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import replace

from service.extract.entities import DATE_WORDS as NAMED_DATES
from service.nlp.records import Sentence, Word

# Word classes a short subject phrase of a trailing attribution is made of ("the BBC",
# "jail records", "Reuters", "the agency's website").
PHRASE_UPOS = frozenset({"DET", "PROPN", "NOUN", "ADJ", "PRON", "NUM", "PART"})
# At most this many words between the comma and a trailing attribution's verb.
PHRASE_WORDS = 5
FINITE_XPOS = frozenset({"VBD", "VBZ", "VBP"})
# Day and date words a cue may come with ("reported Tuesday"), or a speaker noun ("The company on Friday
# said", "officials Tuesday said"; the quote stage's).  Whole names only, and not "May", a surname too:
# "A spokesman for May said".
DATE_WORDS = NAMED_DATES | {"today", "yesterday", "tonight", "tomorrow"}
# The head words of a bare date between a cue and its complement ("announced this week it was").
COMPLEMENT_DATES = DATE_WORDS | {"week", "month", "year", "weekend", "morning", "afternoon", "evening", "night"}
# Quotation marks that may close a quote right after its comma.
CLOSING_MARKS = frozenset({'"', "”", "’", "'", "''"})


def repair_report_parse(sent: Sentence, cues: Collection[str],
                        is_cue: Callable[[Word], bool]) -> Sentence:
    """``sent`` with the reporting misparses repaired, or ``sent`` itself when none is
    found.  ``cues`` are the lemmas of indirect speech verbs; ``is_cue`` says whether a word
    is one as tagged."""
    changes: dict[int, tuple[int, str, str | None]] = {}  # index -> (head, deprel, new upos)
    for word in sent.words:
        if is_cue(word) and word.upos == "VERB":
            _clause_as_subject(sent, word, changes)
            _that_clause_below(sent, word, changes)
            _closing_conjunct(sent, word, changes)
            _subjectless_closing_cue(sent, word, changes)
            _report_as_subject(sent, word, changes)
            _complement_conjunct(sent, word, changes)
            _that_clause_beside(sent, word, changes)
            _report_read_as_main_clause(sent, word, changes)
    _trailing_attribution(sent, cues, changes)
    _inverted_trailing_attribution(sent, cues, changes)
    _opening_attribution(sent, cues, changes)
    if not changes:
        return sent
    words = tuple(
        replace(w, head=changes[w.index][0], deprel=changes[w.index][1], upos=changes[w.index][2] or w.upos)
        if w.index in changes else replace(w) for w in sent.words)
    repaired = Sentence(words, sent.tokens, sent.start, sent.end, paragraph=sent.paragraph, index=sent.index)
    # A repair must leave a tree: a cycle (never expected) keeps the parse as it came.
    return repaired if len(repaired.preorder()) == len(words) else sent


def _clause_as_subject(sent: Sentence, cue: Word, changes: dict[int, tuple[int, str, str | None]]) -> None:
    """'said the leaders discussed X': the later "subject" with a verb is the reported clause;
    'said sales rose 5 percent' (*rose* a ccomp with no subject): the later subject is its own."""
    subjects = sent.dependents(cue, ("nsubj", "nsubj:pass"))
    after = [w for w in subjects if w.index > cue.index]
    before = [w for w in subjects if w.index < cue.index]
    clauses = sent.dependents(cue, "ccomp")
    if clauses:
        clause = clauses[0]
        own = sent.dependents(clause, ("nsubj", "nsubj:pass", "expl"))
        nouns = [w for w in after if w.index < clause.index]
        if before and nouns and not own:
            changes[nouns[-1].index] = (clause.index, nouns[-1].deprel, None)
        return
    objects = [w for w in sent.dependents(cue, "obj") if w.index > cue.index]
    for noun in after + objects:
        verbs = [w for w in sent.dependents(noun, "acl") if w.upos == "VERB" and w.index > noun.index]
        if not verbs:
            continue
        verb = verbs[0]
        # Two subjects mean a misparse whatever the verb's form; an object needs a finite verb
        # ("said the money spent was ...": a participle may be a true reduced relative).
        if (noun in after and before) or verb.xpos in FINITE_XPOS:
            changes[verb.index] = (cue.index, "ccomp", None)
            changes[noun.index] = (verb.index, "nsubj", None)
            return


def _closing_conjunct(sent: Sentence, cue: Word, changes: dict[int, tuple[int, str, str | None]]) -> None:
    """'..., said corporate sources.' / '..., Hakan Fidan said on Friday, adding ...' read as a
    conjunct of the main verb, or '..., health officials confirmed Tuesday.' as its adverbial
    clause, or '..., police confirmed.' as a reduced relative clause of the noun before the comma
    (which never has a subject of its own): a parataxis cue."""
    head = sent.head_of(cue)
    own = [w for w in sent.dependents(cue, ("cc", "mark", "ccomp", "obj", "xcomp")) if not _date_object(w)]
    if head is None or head.index > cue.index or own:
        return
    subjects = [w for w in sent.dependents(cue, ("nsubj", "nsubj:pass")) if w.index < cue.index]
    if cue.deprel == "acl" and subjects:
        root = next((w for w in sent.words if w.head < 0), None)
        if root is None or root.index > cue.index:
            return
        head = root
    elif cue.deprel not in ("conj", "advcl") or head.head >= 0:
        return
    if not subjects and cue.deprel == "advcl":
        return  # a subjectless adverbial clause is a participle ("..., saying ..."), a cue of its own
    # (the first word of all its subjects: "the Sudan Doctors' Syndicate has reported" comes with
    # both "Doctors" and "Syndicate" as subjects, and "the" under the second; not the comma before
    # them, which the parser may hang on a coordinated subject: ", the army and local officials said")
    opening = min((i for w in subjects for i in sent.subtree(w.index) if sent.words[i].upos != "PUNCT"),
                  default=cue.index)
    if opening == 0 or sent.words[opening - 1].text != ",":
        return
    last = max(sent.subtree(cue.index))
    if all(w.upos == "PUNCT" for w in sent.words[last + 1:]):
        changes[cue.index] = (head.index, "parataxis", None)


def _subjectless_closing_cue(sent: Sentence, cue: Word, changes: dict[int, tuple[int, str, str | None]]) -> None:
    """'..., killing at least six people, officials and witnesses say.': a finite cue closing the
    sentence with no subject, its subject phrase hung by the parser on the clause before the comma
    (here as a conjunct of *people*; "..., league sources reported on Friday." with *reported* as an
    open complement): a parataxis cue with that phrase as its subject."""
    head = sent.head_of(cue)
    # (an open complement is never finite: "..., league sources reported on Friday." as one is a misparse)
    if cue.deprel not in ("conj", "advcl", "xcomp") or head is None or head.head >= 0 or head.index > cue.index:
        return
    # (the tagger takes such a cue read as an open complement for a participle, VBN)
    finite = cue.xpos in FINITE_XPOS or (cue.deprel == "xcomp" and cue.xpos == "VBN")
    if not finite or sent.dependents(cue, ("nsubj", "nsubj:pass", "expl", "cc", "mark", "ccomp", "obj", "xcomp")):
        return  # (a participle, "..., saying ...", is a cue of its own)
    words = sent.words
    comma = _comma_before(words, cue.index)
    if comma is None or comma + 1 >= cue.index:
        return
    phrase = words[comma + 1:cue.index]
    roots = [w for w in phrase if not comma < w.head < cue.index]
    if not all(w.upos in PHRASE_UPOS or w.upos == "CCONJ" for w in phrase) or len(roots) != 1 \
            or roots[0].upos not in ("NOUN", "PROPN", "PRON"):
        return
    if all(w.upos == "PUNCT" for w in words[max(sent.subtree(cue.index)) + 1:]):
        changes[cue.index] = (cue.head, "parataxis", None)
        changes[roots[0].index] = (cue.index, "nsubj", None)


def _report_as_subject(sent: Sentence, cue: Word, changes: dict[int, tuple[int, str, str | None]]) -> None:
    """'A study ... had a lower risk of death, researchers say.': the subject before the comma
    is the report."""
    subjects = sent.dependents(cue, ("nsubj", "nsubj:pass"))
    comma = _comma_before(sent.words, cue.index)
    if comma is None or len(subjects) != 2 or sent.dependents(cue, ("ccomp", "obj", "xcomp")):
        return
    report, own = subjects
    if not report.index < comma < own.index < cue.index:
        return
    # The cue closes the sentence, but for its own adverbials ("said on condition of anonymity").
    adverbials = {i for w in sent.dependents(cue, ("obl", "obl:tmod", "obl:unmarked", "advmod"))
                  if w.index > cue.index for i in sent.subtree(w.index)}
    if all(w.upos == "PUNCT" or w.index in adverbials for w in sent.words[cue.index + 1:]):
        changes[report.index] = (cue.index, "ccomp", None)


def _complement_conjunct(sent: Sentence, cue: Word, changes: dict[int, tuple[int, str, str | None]]) -> None:
    """'He said even if ..., researchers wouldn't be able to ...': the conjunct is the complement,
    also after the cue's own date ("BASF announced this week it was closing its plant")."""
    if sent.dependents(cue, ("ccomp", "obj", "xcomp")) or cue.index + 1 >= len(sent.words):
        return
    after = cue.index + 1
    for dated in sent.dependents(cue, ("obl:tmod", "obl:unmarked")):
        span = sent.subtree(dated.index)
        if span[0] == after and dated.text.lower() in COMPLEMENT_DATES:
            after = span[-1] + 1
    for clause in sent.dependents(cue, "conj"):
        first = sent.subtree(clause.index)[0]
        if (first == after and sent.words[first].upos != "PUNCT" and not sent.dependents(clause, "cc")
                and sent.dependents(clause, ("nsubj", "nsubj:pass"))):
            changes[clause.index] = (cue.index, "ccomp", None)
            return


def _report_read_as_main_clause(sent: Sentence, cue: Word, changes: dict[int, tuple[int, str, str | None]]) -> None:
    """'Frank Habineza, head of the party, announced Saturday he would stand': the report is the
    cue's complement, not the main clause with the cue its adverbial."""
    head = sent.head_of(cue)
    if cue.deprel != "advcl" or head is None or head.head >= 0 or head.index < cue.index:
        return
    # (a past form the tagger took for a participle counts: no auxiliary makes it one)
    if cue.xpos not in FINITE_XPOS and not (cue.xpos == "VBN" and not sent.dependents(cue, ("aux", "aux:pass"))):
        return
    if sent.dependents(cue, ("mark", "cc", "ccomp", "obj", "xcomp")) or any(
            w.xpos == "WRB" for w in sent.dependents(cue, "advmod")):
        return  # (a subordinate clause: "When veterans ask for help, too many of their calls ...")
    subjects = [w for w in sent.dependents(cue, ("nsubj", "nsubj:pass")) if w.index < cue.index]
    own = [w for w in sent.dependents(head, ("nsubj", "nsubj:pass", "expl")) if cue.index < w.index < head.index]
    # (nothing of the report before the cue's phrase, so that it stays one span after it)
    start = sent.subtree(cue.index)[0]
    if not subjects or not own or any(w.index < start and w.upos != "PUNCT" for w in sent.dependents(head)):
        return
    changes[cue.index] = (-1, "root", None)
    changes[head.index] = (cue.index, "ccomp", None)
    for subject in subjects:
        changes[subject.index] = (cue.index, "nsubj", None)


def _that_clause_beside(sent: Sentence, cue: Word, changes: dict[int, tuple[int, str, str | None]]) -> None:
    """'Sullivan said that while the new planet was gaseous ..., he thought there were other beings':
    the clause that the "that" right after the cue (or after the cue's own adverbials: "announced
    Thursday morning that she is running") opens is the cue's complement, not its parataxis or
    adverbial clause."""
    if sent.dependents(cue, "ccomp"):
        return
    adverbials = {i for w in sent.dependents(cue, ("obl", "obl:tmod", "obl:unmarked", "advmod"))
                  if w.index > cue.index for i in sent.subtree(w.index)}
    at = cue.index + 1
    while at in adverbials:
        at += 1
    if at + 1 >= len(sent.words):
        return
    that = sent.words[at]
    if that.text.lower() != "that" or that.upos != "SCONJ" or that.deprel != "mark" or that.head <= cue.index:
        return
    clause = sent.words[that.head]
    if clause.head == cue.index and clause.deprel in ("parataxis", "advcl"):
        changes[clause.index] = (cue.index, "ccomp", None)


def _that_clause_below(sent: Sentence, cue: Word, changes: dict[int, tuple[int, str, str | None]]) -> None:
    """'confirmed in an update on Monday that X has ...': the "that" clause is the cue's complement,
    also hung on a noun the phrase's own modifiers end in ("told a radio station in the Upper
    West Region that he does not back ...")."""
    if sent.dependents(cue, "ccomp"):
        return
    phrases = sent.dependents(cue, ("obj", "iobj", "obl"))
    phrases += [w for phrase in phrases for w in sent.dependents(phrase, "nmod")]
    for phrase in phrases:
        for clause in sent.dependents(phrase, ("acl:relcl", "acl")):
            if clause.index < phrase.index:
                continue
            first = sent.words[sent.subtree(clause.index)[0]]
            if first.text.lower() != "that" or first.head != clause.index or first.deprel != "mark":
                continue
            if any(w.deprel in ("nsubj", "nsubj:pass") for w in sent.dependents(clause)):
                changes[clause.index] = (cue.index, "ccomp", None)
                return


def _trailing_attribution(sent: Sentence, cues: Collection[str],
                          changes: dict[int, tuple[int, str, str | None]]) -> None:
    """'..., the BBC reports.' with *reports* tagged a noun: a parataxis speech verb."""
    words = sent.words
    root = next((w.index for w in words if w.head < 0), None)
    for i, word in enumerate(words):
        comma = _attribution_comma(sent, i, cues)
        if comma is None or root is None or root == word.index:
            continue
        phrase = words[comma + 1:i]
        subject = phrase[-1]
        changes[word.index] = (root, "parataxis", "VERB")
        changes[subject.index] = (word.index, "nsubj", None)
        for w in phrase[:-1]:
            if not comma < w.head < i:  # hung outside the phrase (on the verb): on its noun now
                changes[w.index] = (subject.index, _modifier_rel(w), None)
        # Whatever else hung on the noun (a following relative clause) stays on the verb.
        return


def _inverted_trailing_attribution(sent: Sentence, cues: Collection[str],
                                   changes: dict[int, tuple[int, str, str | None]]) -> None:
    """'..., reports TASS.' / '..., reports Reuters.' with *reports* tagged a noun (a conjunct or
    the head of a name): the source named after its verb, as wire and aggregator copy closes a
    relayed report.  A cue's present-tense form right after a comma, followed by a short phrase
    naming the source and nothing else before the sentence's end, is a ``parataxis`` speech verb
    with that phrase as its subject."""
    words = sent.words
    root = next((w.index for w in words if w.head < 0), None)
    end = len(words)
    while end > 0 and words[end - 1].upos == "PUNCT":
        end -= 1
    # (the verb stands at most PHRASE_WORDS words before the end)
    for i in range(max(2, end - PHRASE_WORDS - 1), end - 1):
        word = words[i]
        if words[i - 1].text != "," or word.upos not in ("NOUN", "PROPN") or not word.text.endswith("s") \
                or not _cue_form(word.text.lower(), cues) or root is None or root == i:
            continue
        phrase = words[i + 1:end]
        if len(phrase) > PHRASE_WORDS or not all(w.upos in PHRASE_UPOS for w in phrase) \
                or phrase[-1].upos != "PROPN" or not any(w.upos in ("VERB", "AUX") for w in words[:i - 1]):
            return
        subject = phrase[-1]
        changes[word.index] = (root, "parataxis", "VERB")
        changes[subject.index] = (word.index, "nsubj", None)
        for w in phrase[:-1]:
            changes[w.index] = (subject.index, _modifier_rel(w), None)
        return


def _opening_attribution(sent: Sentence, cues: Collection[str],
                         changes: dict[int, tuple[int, str, str | None]]) -> None:
    """'The release states that Sanchez then drove ...' with *states* tagged the head noun of "The
    release states" and the clause its relative clause: a sentence that opens with a short noun
    phrase whose last word is a cue's verb form, right before a "that" clause with a subject of its
    own, is that cue with the phrase as its subject and the clause as its complement."""
    words = sent.words
    for i, word in enumerate(words[1:PHRASE_WORDS + 1], start=1):
        if word.head >= 0 or word.upos != "NOUN" or not word.text.endswith("s") \
                or not _cue_form(word.text.lower(), cues) or i + 1 >= len(words):
            continue
        that = words[i + 1]
        clause = words[that.head] if that.head > i + 1 else None
        if that.text.lower() != "that" or clause is None or clause.head != word.index:
            return
        if not any(w.deprel in ("nsubj", "nsubj:pass") and w.index != that.index for w in sent.dependents(clause)):
            return
        subject = words[i - 1]
        phrase = words[:i]
        if subject.upos not in ("NOUN", "PROPN") or subject.head != word.index \
                or not all(w.upos in PHRASE_UPOS and (w.head == word.index or w.head < i) for w in phrase):
            return
        changes[word.index] = (-1, "root", "VERB")
        changes[subject.index] = (word.index, "nsubj", None)
        for w in phrase[:-1]:
            if w.head == word.index:  # the phrase's words hang on its noun now
                changes[w.index] = (subject.index, _modifier_rel(w), None)
        changes[clause.index] = (word.index, "ccomp", None)
        if that.deprel != "mark":
            changes[that.index] = (clause.index, "mark", "SCONJ")
        return


def _attribution_comma(sent: Sentence, i: int, cues: Collection[str]) -> int | None:
    """The comma before word ``i`` (or the quotation mark right after it) when that word is a cue
    form tagged a noun that closes a clause's trailing attribution (", the BBC reports." / ",
    MarketWatch reports, where" / ',” Simonite reports.'), else None."""
    words = sent.words
    word = words[i]
    if word.upos not in ("NOUN", "PROPN") or not _cue_form(word.text.lower(), cues):
        return None
    following = words[i + 1] if i + 1 < len(words) else None
    if following is not None and not (following.upos == "PUNCT" and following.text in (",", ".", ";")):
        return None
    comma = _comma_before(words, i)
    if comma is None or comma == i - 1 or comma < 2:
        return None
    if words[comma + 1].text in CLOSING_MARKS:
        comma += 1  # the comma that closes a quote ('"...," Simonite reports.')
    phrase = words[comma + 1:i]
    if not phrase:
        return None
    if not all(w.upos in PHRASE_UPOS for w in phrase) or not any(w.upos in ("PROPN", "NOUN", "PRON") for w in phrase):
        return None
    # A clause before the comma, not a list of nouns ("loans, savings accounts and credit reports").
    return comma if any(w.upos in ("VERB", "AUX") for w in words[:comma]) else None


def _date_object(word: Word) -> bool:
    """Whether a cue's object is a bare day the parser took for one ("..., sources at the school
    reported Tuesday."): no complement of the cue's own."""
    return word.deprel == "obj" and word.text.lower() in DATE_WORDS


def _comma_before(words: Sequence[Word], i: int) -> int | None:
    """The index of the nearest comma before word ``i`` with at most a short phrase (``PHRASE_WORDS``
    words) between them, else None: where the subject phrase of a closing attribution starts."""
    return next((j for j in range(i - 1, max(-1, i - PHRASE_WORDS - 2), -1) if words[j].text == ","), None)


def _cue_form(text: str, cues: Collection[str]) -> bool:
    """Whether a word is a present-tense form of a cue lemma ("reports", "states", "say")."""
    return text in cues or (text.endswith("s") and (text[:-1] in cues or text[:-2] in cues and text.endswith("es")))


MODIFIER_RELS = {"DET": "det", "ADJ": "amod", "NUM": "nummod", "PART": "case", "PRON": "nmod:poss"}


def _modifier_rel(word: Word) -> str:
    """The relation a word of a subject phrase takes to its noun ("the" det, "jail" amod)."""
    return MODIFIER_RELS.get(word.upos, "compound")
