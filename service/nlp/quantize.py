"""Int8 dynamic quantisation of a loaded Stanza pipeline's models (an opt-in speed lever).

What: :func:`quantize_pipeline` runs ``torch.ao.quantization.quantize_dynamic`` on the torch model
of each chosen Stanza processor, in place: every ``nn.LSTM`` and ``nn.Linear`` becomes its dynamically
quantised counterpart (int8 weights, quantised once here; activations quantised per call at run time,
outputs in float32).  Embeddings, Stanza's bilinear/biaffine scorers (their own parameters, not
``nn.Linear``), the CRF and the word vectors stay float32.  The tagger (pos) is the exception, measured
(:data:`QUANTIZED_TYPES`): only its LSTMs are quantised.

Why: Stanza is almost all of herald's time on one CPU thread per worker, and most of Stanza's time is
in its BiLSTMs and the dense layers around them; int8 matrix products (fbgemm/x86 kernels) are cheaper
and the weights four times smaller.  It changes annotations slightly, so it is measured on the dev sets
first (``scripts/eval_quantize.py``) and must stay switchable off.

Where each processor keeps its model: ``processor._trainer.model`` (tokenize, mwt, pos, lemma,
depparse), and for NER ``processor.trainers[i].model`` (one per NER package; ``_trainer`` is the first).
Stanza's wrappers (``PackedLSTM``, ``HighwayLSTM``, ``CharacterModel``) hold plain ``nn.LSTM`` and
``nn.Linear`` children, which is what gets replaced; the wrappers keep working, since a dynamic
quantised LSTM takes the same ``PackedSequence`` inputs.

Stanza builds each trainer's optimizer at load time even for inference, and it holds the float
weights: a quantised model cannot be trained anyway, so the optimizers (and schedulers) of a
quantised model's trainer are dropped, else the float copies would stay in memory next to the int8 ones.

``torch.ao.quantization`` is deprecated in favour of ``torchao`` (torch 2.13 still ships it and warns
on every call); the warnings are silenced here, and a torch upgrade must re-run the evaluation.
"""

from __future__ import annotations

import io
import warnings
from collections import Counter
from collections.abc import Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from service.config import QUANTIZABLE

#: The ones worth quantising (scripts/eval_quantize.py): together faster by 1.13x (bare pipeline, one
#: thread) at UPOS -0.14, LAS -0.10, NER F1 +0.03 on dev.  Not the tokenizer: its LSTMs are 64 units wide
#: and run over characters, where the int8 kernels' per-step overhead outweighs the cheaper products
#: (measured slower); mwt and lemma take under 2 % of the time.
RECOMMENDED: tuple[str, ...] = ("pos", "depparse", "ner")
#: The module types that can be quantised (``torch.nn`` class names).
MODULE_TYPES: tuple[str, ...] = ("LSTM", "Linear")
#: What :func:`quantize_pipeline` quantises in each processor by default.  The tagger keeps its linear
#: layers in float32: on EWT dev (gold words) quantising its LSTMs costs 0.14 UPOS and its linear layers
#: alone 0.26, but both together 1.21, nearly all from the highway and gate layers of its HighwayLSTM
#: (LSTMs + those: -1.10; LSTMs + every other linear layer: -0.28), while the LSTMs give most of the
#: speed (scripts/eval_quantize.py).  The parser's same layers cost nothing measurable (LAS -0.01).
QUANTIZED_TYPES: dict[str, tuple[str, ...]] = {**dict.fromkeys(QUANTIZABLE, MODULE_TYPES), "pos": ("LSTM",)}
#: Trainer attributes that only training uses and that reference the float parameters.
_TRAINING_STATE = ("optimizer", "optimizers", "scheduler", "schedulers")
#: The words of an environment value that mean "no quantisation".


@dataclass(frozen=True)
class Quantized:
    """What :func:`quantize_pipeline` did to one processor.

    ``types`` names the module types that were to be quantised, ``modules`` counts the replaced modules
    by their float type name (``{"LSTM": 3, "Linear": 11}``);
    ``bytes_before``/``bytes_after`` are the processor's whole serialised model state (``torch.save`` of
    every model's ``state_dict``, word vectors included where the model holds them), and
    ``replaced_bytes_before``/``replaced_bytes_after`` the part of it held by the replaced modules.
    """

    processor: str
    models: int
    types: tuple[str, ...]
    modules: dict[str, int]
    bytes_before: int
    bytes_after: int
    replaced_bytes_before: int
    replaced_bytes_after: int

    @property
    def replaced(self) -> int:
        """How many modules were swapped for quantised ones."""
        return sum(self.modules.values())


def processor_models(processor: Any) -> list[Any]:
    """The distinct torch models a Stanza processor runs: its trainer's, and every NER trainer's."""
    import torch

    trainers = [getattr(processor, "_trainer", None), *(getattr(processor, "trainers", None) or [])]
    models: list[Any] = []
    for trainer in trainers:
        model = getattr(trainer, "model", None)
        if isinstance(model, torch.nn.Module) and all(model is not seen for seen in models):
            models.append(model)
    return models


def quantize_pipeline(pipeline: Any, processors: Collection[str], *,
                      types: Mapping[str, Collection[str]] | None = None) -> dict[str, Quantized]:
    """Quantise (int8, dynamic) the LSTMs and linear layers of ``processors`` in ``pipeline``, in place.

    ``pipeline`` is a loaded ``stanza.Pipeline`` (as :class:`service.nlp.StanzaNlp` builds it);
    ``processors`` names some of its processors (see :data:`QUANTIZABLE`); ``types`` overrides, per
    processor, which module types are quantised (:data:`QUANTIZED_TYPES` by default; for measurements).
    Returns, per processor, what was replaced and the model size before and after.  Idempotent: a
    processor already quantised has nothing left to replace (its entry then counts no modules).  Raises
    ``ValueError`` for a name that is not quantisable or not loaded in ``pipeline``, or an unknown module
    type, before anything is changed.
    """
    chosen = list(dict.fromkeys(processors))
    unknown = [name for name in chosen if name not in QUANTIZABLE]
    if unknown:
        raise ValueError(f"cannot quantise {', '.join(unknown)}: quantisable processors are {', '.join(QUANTIZABLE)}")
    loaded = getattr(pipeline, "processors", {})
    missing = [name for name in chosen if name not in loaded]
    if missing:
        raise ValueError(f"processor(s) {', '.join(missing)} not loaded in this pipeline "
                         f"(loaded: {', '.join(loaded) or 'none'})")
    kinds = {name: tuple(dict.fromkeys((types or {}).get(name, QUANTIZED_TYPES[name]))) for name in chosen}
    odd = sorted({kind for chosen_kinds in kinds.values() for kind in chosen_kinds} - set(MODULE_TYPES))
    if odd:
        raise ValueError(f"cannot quantise module type(s) {', '.join(odd)}: expected {', '.join(MODULE_TYPES)}")
    return {name: _quantize_processor(name, loaded[name], kinds[name]) for name in chosen}


def _quantize_processor(name: str, processor: Any, kinds: tuple[str, ...]) -> Quantized:
    """Quantise one processor's models and drop its trainers' training state (see the module docstring)."""
    from torch import nn

    targets = tuple(getattr(nn, kind) for kind in kinds)
    models = processor_models(processor)
    before = sum(state_bytes(model) for model in models)
    names = [_module_names(model, targets) for model in models]
    parts_before = sum(_parts_bytes(model, found) for model, found in zip(models, names, strict=True))
    replaced: Counter[str] = Counter()
    for model in models:
        replaced += _quantize_model(model, targets)
    trainers = [getattr(processor, "_trainer", None), *(getattr(processor, "trainers", None) or [])]
    for trainer in trainers:
        if trainer is not None and any(getattr(trainer, "model", None) is model for model in models):
            _drop_training_state(trainer)
    after = sum(state_bytes(model) for model in models)
    parts_after = sum(_parts_bytes(model, found) for model, found in zip(models, names, strict=True))
    return Quantized(processor=name, models=len(models), types=kinds, modules=dict(sorted(replaced.items())),
                     bytes_before=before, bytes_after=after,
                     replaced_bytes_before=parts_before, replaced_bytes_after=parts_after)


def _quantize_model(model: Any, targets: tuple[type, ...]) -> Counter[str]:
    """Swap ``model``'s modules of ``targets`` (``nn.LSTM``, ``nn.Linear``) for dynamic int8 ones; count
    what was swapped."""
    import torch

    before = float_module_counts(model, targets)
    if not before:
        return Counter()
    with _quiet_deprecations():
        torch.ao.quantization.quantize_dynamic(model, set(targets), dtype=torch.qint8, inplace=True)
    after = float_module_counts(model, targets)
    return before - after


def float_module_counts(model: Any, types: tuple[type, ...]) -> Counter[str]:
    """How many modules of exactly each of ``types`` ``model`` holds (subclasses such as
    ``NonDynamicallyQuantizableLinear`` are not counted: ``quantize_dynamic`` leaves them too)."""
    return Counter(type(module).__name__ for module in model.modules() if type(module) in types)


def _module_names(model: Any, types: tuple[type, ...]) -> list[str]:
    """The qualified names of ``model``'s modules of exactly one of ``types`` (what will be replaced)."""
    return [name for name, module in model.named_modules() if type(module) in types]


def _parts_bytes(model: Any, names: list[str]) -> int:
    """Serialised size of the state of ``model``'s submodules called ``names`` (0 for none)."""
    import torch

    if not names:
        return 0
    buffer = io.BytesIO()
    torch.save({name: model.get_submodule(name).state_dict() for name in names}, buffer)
    return buffer.tell()


def state_bytes(model: Any) -> int:
    """Size of ``model``'s state as ``torch.save`` writes it (quantised weights in their packed int8 form)."""
    import torch

    buffer = io.BytesIO()
    torch.save(model.state_dict(), buffer)
    return buffer.tell()


def _drop_training_state(trainer: Any) -> None:
    """Forget a trainer's optimizers and schedulers: they hold the float parameters a quantised model
    no longer uses (inference never reads them)."""
    for attribute in _TRAINING_STATE:
        if getattr(trainer, attribute, None) is not None:
            setattr(trainer, attribute, None)


@contextmanager
def _quiet_deprecations() -> Iterator[None]:
    """Silence torch's deprecation notices for ``torch.ao.quantization`` and quantised tensor creation,
    which it repeats for every model (the module docstring records the deprecation)."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*torch\.ao\.quantization is deprecated.*")
        warnings.filterwarnings("ignore", message=r".*quantize_per_tensor.*deprecated.*")
        yield
