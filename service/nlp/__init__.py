"""Load the Stanza pipeline once per process, offline, and turn its output into plain data.

The rest of the service never touches Stanza objects: :class:`StanzaNlp` returns
:class:`~service.nlp.records.Sentence` lists whose offsets index the caller's text, so
the extraction stages can be unit-tested with hand-built sentences.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

from service.deadline import NO_DEADLINE, Deadline
from service.nlp.patches.ner_confidence import ATTRIBUTE as NER_P
from service.nlp.records import Sentence, Token, Word

log = logging.getLogger(__name__)

LANG = "en"
# What the extraction stages read: words and sentences, tags, lemmas, the parse and entities.
PROCESSORS = ("tokenize", "mwt", "pos", "lemma", "depparse", "ner")
#: Stanza batch sizes (words for depparse).  The parser scores every word pair of a batch padded to
#: its longest sentence; Stanza's default of 5,000 words pads far more than 500 does.  Measured on
#: 10 PolNeAR dev articles (6,740 words, 1 torch thread, this 2-core machine): the whole pipeline
#: at 1,039 words/s with the default, 1,288 with 500, 1,275 with 250 (scripts/bench_pipeline.py).
BATCH_SIZES = {"depparse": 500}
#: Longest sentence, in words, handed to the tagger, the parser and the NER model; longer ones
#: (a results table pasted as one line, a run of quote marks) are cut into pieces of at most
#: this many words first.  The parser's time and memory grow with the square of a sentence's
#: length (and its tree decoder's time with the cube), so this bounds what one sentence costs:
#: measured on this project's machine, a 200-word sentence of quote marks parses in ~0.3 s.
#: Real sentences stay below it: UD EWT train/dev longest 159 words; OntoNotes 5.0 train+dev 3 of
#: 94,800 sentences over 200 (longest 275).
MAX_SENTENCE_WORDS = 200
#: Words per slice of the tagging and parsing work: the deadline is checked between slices, so
#: this bounds how long one slice runs (a few seconds on one CPU thread, sentences counted at
#: :data:`SENTENCE_COST` words each for their fixed per-sentence cost).
SLICE_WORDS = 3_000
SENTENCE_COST = 15
#: What runs before the long sentences are cut, and what after.
_SEGMENTING = ("tokenize", "mwt")


class ModelLoadError(RuntimeError):
    """The models directory cannot give a working pipeline (missing, corrupt or incomplete)."""


class Nlp(Protocol):
    """What the extraction stages need from an NLP pipeline."""

    processors: tuple[str, ...]

    def annotate(self, texts: Sequence[str], *, deadline: Deadline = NO_DEADLINE) -> list[list[Sentence]]:
        """Analyse several texts in one batch; offsets index each text.  Past ``deadline`` raise
        :class:`~service.deadline.BudgetExceeded` at the next checkpoint."""
        ...


def _md5(path: Path) -> str:
    digest = hashlib.md5(usedforsecurity=False)  # integrity check against resources.json
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def model_files(models_dir: Path, processors: Sequence[str] = PROCESSORS) -> dict[str, Path]:
    """Resolve each processor's model file (and the pretrains they need) as Stanza would.

    Raises :class:`ModelLoadError` with an actionable message when ``resources.json`` or a
    model file is missing, or a file's md5 differs from the one recorded there.
    """
    resources_path = models_dir / "resources.json"
    if not resources_path.is_file():
        raise ModelLoadError(
            f"no resources.json in models directory {models_dir}: point HERALD_MODELS_DIR at the shipped "
            "models/ or at a directory made by `python -m service download-models DIR`")
    try:
        resources = json.loads(resources_path.read_text(encoding="utf-8"))
        lang = resources[LANG]
        default = lang["packages"]["default"] if "packages" in lang else lang["default_processors"]
    except (ValueError, KeyError, TypeError) as exc:
        raise ModelLoadError(f"{resources_path} is not a valid Stanza resources file ({exc!r})") from exc

    files: dict[str, Path] = {}
    for processor in processors:
        package = default.get(processor)
        if isinstance(package, list):
            package = package[0] if package else None
        if not package:
            raise ModelLoadError(f"{resources_path} lists no default '{processor}' model for '{LANG}'")
        entry = lang.get(processor, {}).get(package, {})
        files[processor] = _checked(models_dir / LANG / processor / f"{package}.pt", entry, processor)
        for dep in entry.get("dependencies", []):
            dep_entry = lang.get(dep["model"], {}).get(dep["package"], {})
            key = f"{dep['model']}:{dep['package']}"
            files[key] = _checked(models_dir / LANG / dep["model"] / f"{dep['package']}.pt", dep_entry, key)
    return files


def _checked(path: Path, entry: dict[str, Any], what: str) -> Path:
    if not path.is_file():
        raise ModelLoadError(f"model file for {what} is missing: {path}")
    expected = entry.get("md5")
    if expected and _md5(path) != expected:
        raise ModelLoadError(f"model file for {what} is corrupt (md5 differs from resources.json): {path}")
    return path


class StanzaNlp:
    """The real pipeline: built once per worker process from a local models directory."""

    def __init__(self, models_dir: Path, torch_threads: int = 1, processors: Sequence[str] = PROCESSORS,
                 batch_sizes: dict[str, int] | None = None, patches: bool = True,
                 quantize: Sequence[str] = ()) -> None:
        """``patches=False`` installs none of :mod:`service.nlp.patches` (they are process-wide: the
        caller uninstalls any already in place, as ``tests/test_patches.py`` does for a plain run).
        ``quantize`` names processors whose models are quantised to int8 once loaded
        (:mod:`service.nlp.quantize`, ``HERALD_QUANTIZE``)."""
        import torch

        torch.set_num_threads(max(1, torch_threads))
        self.models_dir = models_dir
        self.processors = tuple(processors)
        self.files = model_files(models_dir, self.processors)

        import stanza

        from service.nlp.loading import inference_loading, share_word_vectors
        from service.nlp.patches import active, install_all

        # Stanza patches (inference shortcuts, a faster tree decoder): same annotations, faster
        self.patches: list[str] = install_all() if patches else active()
        sizes = BATCH_SIZES if batch_sizes is None else batch_sizes
        options: dict[str, Any] = {f"{name}_batch_size": size for name, size in sizes.items()}
        try:
            with inference_loading():  # no optimizers: they would import torch._dynamo (+71 MB)
                self.pipeline = stanza.Pipeline(
                    LANG, dir=str(models_dir), processors=",".join(self.processors), download_method=None,
                    use_gpu=False, logging_level="WARN", **options)
        except Exception as exc:  # Stanza raises many types (KeyError, RuntimeError, pickle errors...)
            raise ModelLoadError(f"Stanza could not load the models in {models_dir}: {exc!r}") from exc
        self.shared_bytes = share_word_vectors(self.pipeline)
        self.quantized: tuple[str, ...] = ()
        if quantize:
            from service.nlp.quantize import quantize_pipeline

            try:
                quantize_pipeline(self.pipeline, quantize)
            except ValueError as exc:
                raise ModelLoadError(f"HERALD_QUANTIZE: {exc}") from exc
            self.quantized = tuple(quantize)

    def annotate(self, texts: Sequence[str], *, deadline: Deadline = NO_DEADLINE) -> list[list[Sentence]]:
        """Segment all texts in one batch, cut over-long sentences, then tag, parse and find
        entities in slices of about :data:`SLICE_WORDS` words, checking ``deadline`` between them."""
        import stanza

        if not texts:
            return []
        docs = self.pipeline.process([stanza.Document([], text=text) for text in texts], processors=_SEGMENTING)
        docs = [split_contractions(join_split_words(join_unmarked_words(doc))) for doc in docs]
        docs = [split_long_sentences(join_broken_sentences(d, MAX_SENTENCE_WORDS), MAX_SENTENCE_WORDS) for d in docs]
        rest = [name for name in self.processors if name not in _SEGMENTING]
        # (owner text, part): a text costing more than one slice is cut into runs of sentences.
        parts = [(i, part) for i, doc in enumerate(docs) for part in _within_slice(doc, SLICE_WORDS)]
        done: list[Any] = []
        for piece in _slices([part for _, part in parts], SLICE_WORDS):
            deadline.check()
            done.extend(self.pipeline.process(piece, processors=rest))
        out: list[list[Sentence]] = [[] for _ in docs]
        for (owner, _), doc in zip(parts, done, strict=True):
            out[owner].extend(convert_document(doc))
        return out


def _sentence_cost(sentence: Any) -> int:
    return len(sentence.words) + SENTENCE_COST


def _cost(doc: Any) -> int:
    return sum(_sentence_cost(sentence) for sentence in doc.sentences)


def _within_slice(doc: Any, limit: int) -> list[Any]:
    """``doc`` itself, or where it costs more than ``limit`` documents of its consecutive sentences
    (same text, same offsets) each costing at most ``limit``: the tagger, parser and NER read one
    sentence at a time, so the cut changes no annotation, but a text of many long sentences (a
    5,000-character chunk of quote marks is 25 sentences of 200 words) no longer runs as one slice
    of seven seconds between two deadline checks."""
    if _cost(doc) <= limit:
        return [doc]
    from stanza.models.common.doc import Document

    groups = _runs(doc.to_dict(), [_sentence_cost(sentence) for sentence in doc.sentences], limit)
    return [Document(group, text=doc.text) for group in groups]


def _slices(docs: list[Any], limit: int) -> list[list[Any]]:
    """Consecutive runs of ``docs`` costing at most ``limit`` (at least one document each)."""
    return _runs(docs, [_cost(doc) for doc in docs], limit)


def _runs(items: list[Any], costs: list[int], limit: int) -> list[list[Any]]:
    """``items`` in consecutive runs whose ``costs`` add up to at most ``limit`` (one item at least)."""
    runs: list[list[Any]] = []
    size = 0
    for item, cost in zip(items, costs, strict=True):
        if runs and size + cost <= limit:
            runs[-1].append(item)
            size += cost
        else:
            runs.append([item])
            size = cost
    return runs


#: Tokens after which a long sentence is best cut (the end of a clause or of a table cell).
_CUT_AFTER = frozenset({",", ";", ":", "|", ")", "]", "\u2014", "\u2013", "-", "--", "\"", "\u201d", "'", "."})


def split_long_sentences(doc: Any, limit: int) -> Any:
    """``doc`` (segmented, not yet tagged) with every sentence over ``limit`` words cut into
    pieces of at most ``limit`` words, at token boundaries, preferably after punctuation in the
    second half of a piece.  Offsets are kept; multi-word tokens stay whole.  Returns ``doc``
    itself when no sentence is too long (the common case costs one pass over sentence lengths).
    """
    if all(len(sentence.words) <= limit for sentence in doc.sentences):
        return doc
    from stanza.models.common.doc import Document

    sentences: list[list[dict[str, Any]]] = []
    for entries in doc.to_dict():
        if sum(1 for entry in entries if isinstance(entry["id"], int)) <= limit:
            sentences.append(entries)
            continue
        sentences.extend(_cut_sentence(entries, limit))
    return Document(sentences, text=doc.text)


#: How a sentence ends: with final punctuation, possibly inside closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?:;\u2026\"'\u201d\u2019)\]]\Z")


#: A word the segmenter cut after its lower-case first letter: "iPhone" read as "i" + "Phone"
#: (after "an" or a possessive), "eBay" as "e" + "Bay".
_CAMEL_HEAD = re.compile(r"[a-z]\Z")
_CAMEL_TAIL = re.compile(r"[A-Z][a-z]")


def join_split_words(doc: Any) -> Any:
    """``doc`` (segmented, not yet tagged) with every word of the shape "iPhone" that the
    segmenter cut in two (the pieces touch: no space between them) joined again, so the tagger
    and NER read the product's name.  Returns ``doc`` itself when nothing is joined."""
    if not any(_split_word_at(sentence.tokens, i) for sentence in doc.sentences
               for i in range(len(sentence.tokens) - 1)):
        return doc
    from stanza.models.common.doc import Document

    mended = []
    for entries in doc.to_dict():
        tokens = _tokens(entries)
        out: list[dict[str, Any]] = []
        removed = 0
        i = 0
        while i < len(tokens):
            token = tokens[i]
            if i + 1 < len(tokens) and _joinable(token, tokens[i + 1]):
                head, tail = token[0], tokens[i + 1][0]
                joined = {**tail, "text": head["text"] + tail["text"], "start_char": head["start_char"]}
                out.append(_shifted(joined, -removed - 1))
                removed += 1
                i += 2
                continue
            out.extend(_shifted(entry, -removed) for entry in token)
            i += 1
        mended.append(out)
    return Document(mended, text=doc.text)


#: Contractions written without an apostrophe that English text really splits ("cannot" = "can"
#: + "not", "gonna" = "gon" + "na"); any other token the segmenter splits with no apostrophe in it
#: is one word that UD English-EWT's informal typos taught it to cut: "its" as "it" + "s" (EWT's
#: "its a good idea"), the name "Ive" as "I" + "ve".
UNMARKED_CONTRACTIONS = frozenset({"cannot", "gonna", "wanna", "gotta", "gimme", "lemme", "dunno"})
_APOSTROPHES = re.compile(r"['’‘`´′]")


def join_unmarked_words(doc: Any) -> Any:
    """``doc`` (segmented, not yet tagged) with every multi-word token that has no apostrophe and
    is no contraction of :data:`UNMARKED_CONTRACTIONS` made one word again: edited news writes
    the possessive "its" (in "KCC said in its note" the parser read "it s note" as a clause, a
    report of its own).  Returns ``doc`` itself when there is none."""
    if not any(_unmarked(token.text, len(token.words)) for sentence in doc.sentences for token in sentence.tokens):
        return doc
    from stanza.models.common.doc import Document

    mended = []
    for entries in doc.to_dict():
        out: list[dict[str, Any]] = []
        removed = 0
        for token in _tokens(entries):
            head = token[0]
            if len(token) > 2 and _unmarked(head["text"], len(token) - 1):
                whole = {key: value for key, value in head.items() if key != "id"}
                out.append({**whole, "id": token[1]["id"] - removed})
                removed += len(token) - 2
                continue
            out.extend(_shifted(entry, -removed) for entry in token)
        mended.append(out)
    return Document(mended, text=doc.text)


def _unmarked(text: str, words: int) -> bool:
    return words > 1 and text.lower() not in UNMARKED_CONTRACTIONS and _APOSTROPHES.search(text) is None


def split_contractions(doc: Any) -> Any:
    """``doc`` (segmented, not yet tagged) with every multi-word token whose words spell it exactly
    ("Nevada's" = "Nevada" + "'s", "won't" = "wo" + "n't") cut into one token per word, each with
    its own span.  The entity tagger reads tokens and was fitted on text cut this way (OntoNotes):
    a possessive left whole ("Nevada's fire", "China's Xiaomi") is a word it has never seen.
    The sentences are mended in place (a rebuild through ``to_dict`` cost about 3 % of the whole
    analysis); returns ``doc``."""
    from stanza.models.common.doc import END_CHAR, ID, START_CHAR, TEXT, Token

    for sentence in doc.sentences:
        if not any(len(token.words) > 1 for token in sentence.tokens):
            continue
        tokens = []
        for token in sentence.tokens:
            words = token.words
            if len(words) < 2 or "".join(word.text for word in words) != token.text:
                tokens.append(token)
                continue
            start = token.start_char
            for k, word in enumerate(words):
                end = start + len(word.text)
                piece = Token(sentence, {ID: (word.id,), TEXT: word.text, START_CHAR: start, END_CHAR: end},
                              words=[word])
                piece.spaces_before = token.spaces_before if k == 0 else ""
                piece.spaces_after = token.spaces_after if k == len(words) - 1 else ""
                word.parent = piece
                word.start_char, word.end_char = start, end
                tokens.append(piece)
                start = end
        sentence.tokens = tokens
    return doc


def _split_word_at(tokens: Sequence[Any], i: int) -> bool:
    first, second = tokens[i], tokens[i + 1]
    return _one_word(first.text, first.end_char, second.text, second.start_char)


def _joinable(token: list[dict[str, Any]], following: list[dict[str, Any]]) -> bool:
    """Whether two tokens (each one plain word, no multi-word token) are one "iPhone"."""
    if len(token) != 1 or len(following) != 1:
        return False
    head, tail = token[0], following[0]
    return _one_word(head["text"], head["end_char"], tail["text"], tail["start_char"])


def _one_word(head: str, head_end: int, tail: str, tail_start: int) -> bool:
    """Whether two touching pieces are one word cut after its lower-case first letter."""
    return head_end == tail_start and _CAMEL_HEAD.match(head) is not None and _CAMEL_TAIL.match(tail) is not None


#: A clock time's "a.m."/"p.m." that the segmenter took for a sentence end, when the next sentence
#: opens with a day, a month or a lower-case word: AP style writes "at 6:30 p.m. Friday",
#: "at 3 p.m. Aug. 31", "at 9 p.m. on Tuesday".
_CLOCK_MARK = frozenset({"a.m", "p.m", "a.m.", "p.m."})
_DAY_OR_MONTH = re.compile(r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day\b"
                           r"|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\Z|[a-z]")
#: ... or with its time zone ("began at 1 a.m. | Eastern Time on Wednesday", "10:32 p.m. | EDT
#: Sunday"): an abbreviation, or a zone's name only with "time", "Standard" or "Daylight" after it
#: ("Pacific Gas and Electric said" may open a sentence).
_ZONE = re.compile(r"(?:[ECMP][SD]?T|GMT|UTC|BST)\b"
                   r"|(?:Eastern|Central|Mountain|Pacific|Atlantic) (?:[Tt]ime|Standard|Daylight)\b")


#: Abbreviated titles that stand before a name in news copy ("said Capt. Barrett Baker", "Lt. Gov.
#: Billy Nungesser"): the segmenter may end a sentence at their period.  (Not "St." nor "Dr.", which
#: also abbreviate "Street" and "Drive" at the end of an address.)
_TITLE_ABBREVIATIONS = frozenset({"capt", "lt", "gov", "rep", "sen", "sgt", "det", "gen", "col", "cpl", "maj",
                                  "adm", "cmdr", "supt", "insp", "prof", "rev", "mr", "mrs", "ms", "atty"})
_CAPITALISED = re.compile(r"[A-Z]")


def _cut_at_title(words: Sequence[str], following: str) -> bool:
    """Whether a sentence whose last words are ``words`` was cut at an abbreviated title's period
    before ``following``, a capitalised word (the name: "said Capt. | Barrett Baker")."""
    if not words or _CAPITALISED.match(following) is None:
        return False
    if words[-1] == "." and len(words) > 1:
        title = words[-2]  # the period split off: "Capt" + "."
    elif words[-1].endswith("."):
        title = words[-1][:-1]  # kept with its word: "Lt."
    else:
        return False
    return title[:1].isupper() and title.lower() in _TITLE_ABBREVIATIONS


def _cut_inside(words: Sequence[str], following: Sequence[str]) -> bool:
    """Whether a sentence ending in ``words`` was cut inside a phrase before ``following`` (the next
    sentence's first two words)."""
    return _cut_at_clock(words, following) or _cut_at_title(words, following[0])


def _cut_at_clock(words: Sequence[str], following: Sequence[str]) -> bool:
    """Whether a sentence whose last words are ``words`` was cut at a clock time's "p.m." before
    ``following`` (the next sentence's first two words)."""
    last = words[-1] if words[-1] != "." or len(words) < 2 else words[-2]
    return last.lower() in _CLOCK_MARK and (_DAY_OR_MONTH.match(following[0]) is not None
                                             or _ZONE.match(" ".join(following)) is not None)


def join_broken_sentences(doc: Any, limit: int) -> Any:
    """``doc`` (segmented, not yet tagged) with every sentence that ends without final
    punctuation joined to the next one, while the two stay within ``limit`` words: each text is
    one paragraph, so such a break is the segmenter's slip inside a sentence ("Alaska said
    Horizon | Air expects to reduce capacity").  So is a cut at a clock time's "p.m." before a day
    ("arrested him around 6:30 p.m. | Friday near the scene") and one at an abbreviated title's
    period before a name ("said Capt. | Barrett Baker"), or before its time zone ("1 a.m. | Eastern Time on
    Wednesday").  Returns ``doc`` itself when
    nothing is joined."""
    # Checked on the sentences themselves: the copy to dicts is made only for a document to mend.
    sentences = doc.sentences
    if not any(not _SENTENCE_END.search(sentence.words[-1].text)
               or _cut_inside([w.text for w in sentence.words[-2:]], [w.text for w in following.words[:2]])
               for sentence, following in zip(sentences, sentences[1:], strict=False)):
        return doc
    from stanza.models.common.doc import Document

    entries_of = doc.to_dict()
    joined: list[list[dict[str, Any]]] = [entries_of[0]]
    for entries in entries_of[1:]:
        before = joined[-1]
        words = _word_count(before)
        ended = _SENTENCE_END.search(before[-1]["text"]) and not _cut_inside(
            [entry["text"] for entry in before[-2:]], [entry["text"] for entry in entries[:2]])
        if ended or words + _word_count(entries) > limit:
            joined.append(entries)
        else:
            joined[-1] = before + [_shifted(entry, words) for entry in entries]
    return Document(joined, text=doc.text)


def _word_count(entries: list[dict[str, Any]]) -> int:
    return sum(1 for entry in entries if isinstance(entry["id"], int))


def _shifted(entry: dict[str, Any], delta: int) -> dict[str, Any]:
    """An entry with its word id (or multi-word token's id range) moved by ``delta``."""
    ident = entry["id"]
    return {**entry, "id": tuple(i + delta for i in ident) if isinstance(ident, tuple) else ident + delta}


def _tokens(entries: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Group a sentence's entries into tokens: a multi-word token's line with its words, or one word."""
    tokens: list[list[dict[str, Any]]] = []
    pending = 0
    for entry in entries:
        if pending:
            tokens[-1].append(entry)
            pending -= 1
        else:
            tokens.append([entry])
            if isinstance(entry["id"], tuple):
                pending = entry["id"][1] - entry["id"][0] + 1
    return tokens


def _cut_sentence(entries: list[dict[str, Any]], limit: int) -> list[list[dict[str, Any]]]:
    tokens = _tokens(entries)
    pieces: list[list[list[dict[str, Any]]]] = []
    current: list[list[dict[str, Any]]] = []
    words = 0
    for token in tokens:
        size = max(1, len(token) - 1) if isinstance(token[0]["id"], tuple) else 1
        if current and words + size > limit:
            cut = len(current)
            for i in range(len(current) - 1, len(current) // 2, -1):
                if current[i][0]["text"] in _CUT_AFTER:
                    cut = i + 1
                    break
            pieces.append(current[:cut])
            current = current[cut:]
            words = sum(max(1, len(t) - 1) if isinstance(t[0]["id"], tuple) else 1 for t in current)
        current.append(token)
        words += size
    if current:
        pieces.append(current)
    return [_renumbered(piece) for piece in pieces]


def _renumbered(piece: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The entries of ``piece`` with word ids counted from 1 again."""
    first = piece[0][0]["id"]
    shift = (first[0] if isinstance(first, tuple) else first) - 1
    return [_shifted(entry, -shift) for token in piece for entry in token]


def convert_document(doc: Any) -> list[Sentence]:
    """Copy a Stanza ``Document`` into the service's plain sentence records."""
    sentences: list[Sentence] = []
    for sent in doc.sentences:
        words: list[Word] = []
        tokens: list[Token] = []
        for tok in sent.tokens:
            token_words = []
            for w in tok.words:
                # Words inside a multi-word token share the token's span.
                start = w.start_char if w.start_char is not None else tok.start_char
                end = w.end_char if w.end_char is not None else tok.end_char
                word = Word(index=len(words), text=w.text, lemma=w.lemma or w.text, upos=w.upos or "X",
                            xpos=w.xpos or "", feats=w.feats or "", head=(w.head or 0) - 1,
                            deprel=w.deprel or "dep", start=start, end=end)
                words.append(word)
                token_words.append(word.index)
            tokens.append(Token(text=tok.text, start=tok.start_char, end=tok.end_char, ner=tok.ner or "O",
                                words=tuple(token_words), ner_p=getattr(tok, NER_P, None)))
        sentences.append(Sentence(words=tuple(words), tokens=tuple(tokens),
                                  start=tokens[0].start if tokens else 0, end=tokens[-1].end if tokens else 0))
    return sentences


def default_models_dir() -> Path:
    """The models shipped with the repository (``<repo>/models``)."""
    return Path(__file__).resolve().parents[2] / "models"


def download_official_models(target: Path) -> None:
    """Fetch Stanza's official English models into ``target`` (explicit, never at run time)."""
    import stanza

    os.makedirs(target, exist_ok=True)
    stanza.download(LANG, model_dir=str(target), processors=",".join(PROCESSORS), package="default")


def model_info(models_dir: Path, processors: Sequence[str], quantized: Sequence[str] = ()) -> dict[str, Any]:
    """Name and version of the loaded models, as reported in every response.

    The version is the short md5 of ``resources.json``, which records every model file's
    md5: it changes whenever any model changes; with int8 quantisation (``quantized``, which
    changes annotations slightly) it ends in ``+int8:`` and the quantised processors, so a
    response says which weights made it.  ``patches`` names the Stanza patches in place in this
    process (:mod:`service.nlp.patches`).
    """
    from service.nlp.patches import active

    resources_path = models_dir / "resources.json"
    lang = json.loads(resources_path.read_text(encoding="utf-8")).get(LANG, {})
    default = lang.get("packages", {}).get("default") or lang.get("default_processors", {})
    packages = sorted({str(p if isinstance(p, str) else p[0]) for k, p in default.items() if k in processors})
    return {
        "name": f"stanza-{LANG}-" + "+".join(packages),
        "version": _md5(resources_path)[:12] + ("+int8:" + ",".join(quantized) if quantized else ""),
        "processors": list(processors),
        "models_dir": str(models_dir),
        "patches": active(),
    }
