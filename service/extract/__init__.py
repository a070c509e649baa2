"""The extraction pipeline: cleaning -> NLP -> entities -> timexes -> quotes -> events (-> links).

Cleaning and the NLP adapter run over all documents of a call at once (a single shared NLP
batch) and give each document its base slots (:mod:`service.extract.document`).  Then the
per-document stages of :mod:`service.extract.stages` run in order, each adding its own slot,
and :func:`service.extract.serialize.serialize` writes the response body.
:class:`ExtractionPipeline` is the one place that combines them; the order of its stages is
checked once, when it is built.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from service import __version__
from service.deadline import BudgetExceeded, Deadline
from service.extract.cleaning import CleanText, analysed_text, bounded_chunks, clean
from service.extract.confidence import load_confidence
from service.extract.contract import DocumentFailure, Extractor, ExtractRequest
from service.extract.date_links import load_link_model
from service.extract.document import AnalysedDocument
from service.extract.entity_typer import load_type_model
from service.extract.lexicons import load_all
from service.extract.line_classifier import load_line_model
from service.extract.salience import load_weights
from service.extract.serialize import REQUIRES as SERIALIZER_REQUIRES
from service.extract.serialize import serialize
from service.extract.speaker_links import load_speaker_model
from service.extract.stages import STAGES, Linker, PipelineOrderError, Stage, check_order, default_stages
from service.nlp.records import Sentence

if TYPE_CHECKING:
    from service.nlp import Nlp

READY_TEXT = "Emmanuel Macron met Donald Tusk in Paris on Monday."
#: Longest piece of text handed to Stanza as one unit (a long paragraph is cut at a sentence end).
CHUNK_CHARS = 5_000
#: Characters and texts (paragraphs or chunks) per Stanza call: they bound the segmenter's
#: work between two deadline checks (the tagger and parser check it every few thousand words,
#: see service.nlp), and a text of 50,000 one-word lines is not handed over in one piece.
GROUP_CHARS = 20_000
GROUP_TEXTS = 256

_log = logging.getLogger(__name__)
_BUG = "The document could not be analysed. The error was logged with the request id."
_TOO_BIG = ("The document needs more memory than a worker may use (HERALD_WORKER_MEMORY_MB); "
            "send it in smaller pieces.")


def _failure(error: Exception) -> DocumentFailure:
    """The problem for one document whose analysis raised ``error`` (logged, never shown)."""
    if isinstance(error, MemoryError) or "can't allocate memory" in str(error):
        _log.warning("document over the worker's memory limit")
        return DocumentFailure(413, _TOO_BIG)
    _log.error("document analysis failed", exc_info=error)
    return DocumentFailure(500, _BUG)


@contextmanager
def _timed(timings: dict[str, float] | None, stage: str) -> Iterator[None]:
    """Add the wall time of the block to ``timings[stage]``."""
    started = time.perf_counter()
    try:
        yield
    finally:
        if timings is not None:
            timings[stage] = timings.get(stage, 0.0) + time.perf_counter() - started


def _groups(texts: Sequence[str], limit: int, most: int = GROUP_TEXTS) -> Iterator[range]:
    """Consecutive index ranges of ``texts`` holding at most ``limit`` characters and ``most``
    texts (at least one text each)."""
    first, size = 0, 0
    for i, text in enumerate(texts):
        if i > first and (size + len(text) > limit or i - first >= most):
            yield range(first, i)
            first, size = i, 0
        size += len(text)
    if first < len(texts):
        yield range(first, len(texts))


def place_sentences(owners: Sequence[tuple[int, int, int]], annotated: Sequence[list[Sentence]],
                    documents: int) -> list[list[Sentence]]:
    """The NLP adapter step: each document's sentences, in document terms.

    ``annotated[i]`` holds the sentences of the text ``owners[i] = (document, paragraph,
    offset)``, with offsets into that text.  Here, and nowhere else, sentences are changed
    after annotation: shifted to offsets into the submitted text, given their paragraph and
    numbered in their document (``index``).  This runs before any stage does; afterwards the
    sentences are read only.
    """
    per_doc: list[list[Sentence]] = [[] for _ in range(documents)]
    for (d, p, offset), sentences in zip(owners, annotated, strict=True):
        for sent in sentences:
            sent.shift(offset)
            sent.paragraph = p
            sent.index = len(per_doc[d])
            per_doc[d].append(sent)
    return per_doc


class ExtractionPipeline:
    """Implements :class:`~service.extract.contract.Extractor` on top of any :class:`~service.nlp.Nlp`.

    ``stages`` (default :data:`~service.extract.stages.STAGES`) run in their order on every
    document; :class:`~service.extract.stages.PipelineOrderError` is raised here, at
    construction, when a stage requires a slot no earlier stage provides or the serializer's
    inputs are not all provided.
    """

    def __init__(self, nlp: Nlp, model: dict[str, Any], stages: Sequence[Stage] = STAGES) -> None:
        check_order(stages, needed=SERIALIZER_REQUIRES)
        self.nlp = nlp
        self.model = model
        self.stages = tuple(stages)

    def info(self) -> dict[str, Any]:
        return dict(self.model)

    def ready_check(self) -> None:
        result = self.nlp.annotate([READY_TEXT])
        if not result or not result[0] or not any(t.ner != "O" for s in result[0] for t in s.tokens):
            raise RuntimeError("the NLP pipeline returned no entities for the readiness sentence")

    def extract_many(
        self,
        requests: Sequence[ExtractRequest],
        *,
        deadline: float | None = None,
        timings: dict[str, float] | None = None,
    ) -> list[dict[str, Any] | DocumentFailure]:
        started = time.perf_counter()
        limit = Deadline(deadline)
        failed: dict[int, DocumentFailure] = {}
        with _timed(timings, "cleaning"):
            cleaned: list[CleanText | None] = []
            texts: list[str] = []
            owners: list[tuple[int, int, int]] = []  # (document, paragraph index, offset)
            for d, request in enumerate(requests):
                try:
                    c = clean(request.text)
                    pieces = [(p, s, e) for p, (start, end) in enumerate(c.paragraphs)
                              for s, e in bounded_chunks(request.text, start, end, CHUNK_CHARS)]
                except Exception as error:  # one document's failure stays in its slot
                    failed[d] = _failure(error)
                    cleaned.append(None)
                    continue
                cleaned.append(c)
                for p, chunk_start, chunk_end in pieces:
                    texts.append(analysed_text(request.text, chunk_start, chunk_end, c.blanked))
                    owners.append((d, p, chunk_start))
        with _timed(timings, "nlp"):
            annotated = self._annotate(texts, owners, limit, failed)
        per_doc = place_sentences(owners, annotated, len(requests))
        elapsed = (time.perf_counter() - started) * 1000 / max(1, len(requests))
        results: list[dict[str, Any] | DocumentFailure] = []
        for d, (request, c, sentences) in enumerate(zip(requests, cleaned, per_doc, strict=True)):
            if d in failed or c is None:
                results.append(failed[d])
                continue
            try:
                results.append(self._document(request, c, sentences, elapsed, timings, limit))
            except BudgetExceeded:
                raise
            except Exception as error:
                results.append(_failure(error))
        return results

    def _annotate(self, texts: list[str], owners: list[tuple[int, int, int]], limit: Deadline,
                  failed: dict[int, DocumentFailure]) -> list[list[Sentence]]:
        """All documents' texts in shared batches (faster per word than one call each).  When a
        batch fails, its texts are analysed one by one so that only the failing text's
        document gets a problem (its sentences stay empty)."""
        annotated: list[list[Sentence]] = []
        for group in _groups(texts, GROUP_CHARS):
            limit.check()
            try:
                annotated.extend(self.nlp.annotate([texts[i] for i in group], deadline=limit))
                continue
            except BudgetExceeded:
                raise
            except Exception:  # isolate the text(s) that fail, below
                _log.warning("an NLP batch failed; retrying its texts one by one")
            for i in group:
                document = owners[i][0]
                if document in failed:
                    annotated.append([])
                    continue
                try:
                    annotated.extend(self.nlp.annotate([texts[i]], deadline=limit))
                except BudgetExceeded:
                    raise
                except Exception as error:
                    failed[document] = _failure(error)
                    annotated.append([])
        return annotated

    def _document(self, request: ExtractRequest, cleaned: CleanText, sentences: list[Sentence],
                  elapsed_ms: float, timings: dict[str, float] | None,
                  deadline: Deadline) -> dict[str, Any]:
        """One document's response body: its stages in order, then the serializer."""
        doc = AnalysedDocument.start(request, cleaned, sentences)
        for stage in self.stages:
            with _timed(timings, stage.name):
                stage.process(doc, deadline)
        return serialize(doc, self.model, elapsed_ms)


def build_extractor(config: Any) -> Extractor:
    """Build the real pipeline from configuration (once per worker process).

    The lexicons of every language are read and checked first: a malformed file in
    ``service/data/`` stops the start-up with a LexiconError naming the file and key (before
    the models load), not the first request.
    """
    load_all()
    load_confidence()
    load_weights()
    load_line_model()
    load_type_model()
    load_link_model()
    load_speaker_model()
    from service.nlp import StanzaNlp, default_models_dir, model_info

    kb = load_knowledge_base(config)
    models_dir = Path(getattr(config, "models_dir", None) or default_models_dir())
    nlp = StanzaNlp(models_dir, torch_threads=int(getattr(config, "torch_threads", 1) or 1),
                    quantize=tuple(getattr(config, "quantize", ()) or ()))
    return ExtractionPipeline(nlp, model_info(models_dir, nlp.processors, nlp.quantized), stages=default_stages(kb))


def load_knowledge_base(config: Any) -> Linker | None:
    """The knowledge bases of ``HERALD_LINKS`` and ``HERALD_KB_FILE``, loaded once per worker (None
    when neither asks for one).  A bad user table or missing Wikipedia data raises KbDataError."""
    from service.extract.kb import KnowledgeBase

    links = tuple(getattr(config, "links", ("geonames",)))
    user_file = getattr(config, "kb_file", None)
    if not links and user_file is None:
        return None
    return KnowledgeBase.load(geonames="geonames" in links, wikipedia="wikipedia" in links, user_file=user_file,
                              user_name=getattr(config, "kb_name", None),
                              cache_dir=getattr(config, "kb_cache_dir", None))


__all__ = ["AnalysedDocument", "BudgetExceeded", "DocumentFailure", "ExtractRequest", "ExtractionPipeline", "Extractor",
           "PipelineOrderError", "__version__", "build_extractor", "load_knowledge_base", "place_sentences"]
