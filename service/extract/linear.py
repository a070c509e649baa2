"""The softmax regression behind the learned stages (boilerplate lines, entity types, date links):
weights as data.

A model is one weight per class for each named feature; a feature absent from the weights weighs
nothing, so a weights file fitted on one vocabulary reads any text.  The fitting lives in
``scripts/train_boilerplate.py``; here only what the service needs to apply and check a model.
"""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Mapping, Sequence
from importlib import resources
from typing import Any

#: Keys every weights file may have besides its own settings (thresholds...).
COMMON_KEYS = frozenset({"_comment", "trained_on", "classes", "weights"})
#: The classes of a yes/no model (date links, speaker links): the pair is no link, or it is one.
BINARY_CLASSES = ("no", "yes")


def probabilities(weights: Mapping[str, Sequence[float]], classes: int, features: Mapping[str, float]) -> list[float]:
    """Softmax over ``classes`` scores, each the sum of its feature weights times the feature values."""
    scores = [0.0] * classes
    for name, value in features.items():
        row = weights.get(name)
        if row is not None:
            for k, weight in enumerate(row):
                scores[k] += weight * value
    top = max(scores)
    exps = [math.exp(s - top) for s in scores]
    total = sum(exps)
    return [e / total for e in exps]


def checked_weights(weights: Any, classes: int, file: str) -> dict[str, tuple[float, ...]]:
    """``weights`` of a weights file as feature -> one number per class; a ValueError names the file."""
    if not isinstance(weights, dict) or any(
            not isinstance(row, list) or len(row) != classes
            or not all(isinstance(w, int | float) and not isinstance(w, bool) for w in row)
            for row in weights.values()):
        raise ValueError(f"{file}: weights must map each feature to one number per class")
    return {name: tuple(map(float, row)) for name, row in weights.items()}


def checked_probability(value: Any, file: str, key: str) -> float:
    """A threshold of a weights file: a number in (0, 1]."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value <= 1:
        raise ValueError(f"{file}: {key} must be a number in (0, 1]")
    return float(value)


def read_weights(file: str) -> dict[str, Any]:
    """The content of ``service/data/weights/<file>`` (read from the installed package)."""
    return json.loads(resources.files("service.data").joinpath("weights", file).read_text(encoding="utf-8"))


def check_keys(data: Mapping[str, Any], file: str, settings: Collection[str]) -> None:
    """Refuse a weights file with a key that is neither common (:data:`COMMON_KEYS`) nor one of its
    ``settings``: a misspelt threshold must not be silently ignored."""
    extra = set(data) - COMMON_KEYS - set(settings)
    if extra:
        raise ValueError(f"{file}: unknown key {sorted(extra)[0]!r}")


def checked_binary(data: Mapping[str, Any], file: str, settings: Collection[str]) -> dict[str, tuple[float, ...]]:
    """The weights of a yes/no model's file (:data:`BINARY_CLASSES`), its keys and classes checked;
    a ValueError names the file."""
    check_keys(data, file, settings)
    if tuple(data.get("classes", ())) != BINARY_CLASSES:
        raise ValueError(f"{file}: classes must be {list(BINARY_CLASSES)}")
    return checked_weights(data.get("weights"), len(BINARY_CLASSES), file)


def yes_probability(weights: Mapping[str, Sequence[float]], features: Mapping[str, float]) -> float:
    """A yes/no model's probability of "yes" for ``features``."""
    return probabilities(weights, len(BINARY_CLASSES), features)[1]
