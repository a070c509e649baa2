"""Hooks into Stanza's trainers: the wall-time budget, and patches for what they have no options for.

``train_within`` runs a trainer under a wall-time budget (or not at all with
``--no_train``); the ``mock.patch``-based context managers change Stanza's tagger and
parser for one run only: continue from a model's weights and vocabulary, pick the
checkpoint by another dev score, keep a moving average of the weights, decay the
learning rate.  ``start_from`` writes a fine-tuning learning rate into an NER model.
"""

from __future__ import annotations

import argparse
import contextlib
import signal
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING
from unittest import mock

from scripts.training.common import Paths, log, run_module

if TYPE_CHECKING:
    import torch
    from stanza.models.pos.trainer import Trainer


class TimeBudgetExceeded(Exception):
    """Raised inside a training loop when its wall-time budget is spent."""


SKIP_TRAINING = False


def train_within(minutes: float | None, main: Callable[[list[str]], object], args: list[str]) -> bool:
    """Run a Stanza trainer, stopping it after ``minutes`` of wall time.

    Stanza saves the best-so-far model at every dev evaluation, so stopping a run
    early keeps the best model seen: this bounds each processor's rebuild time on a
    2-core CPU.  Returns True when the budget cut the run short.
    """
    if SKIP_TRAINING:
        log.info("--no_train: scoring the existing candidate only")
        return False
    if not minutes:
        run_module(main, args)
        return False

    def on_alarm(signum: int, frame: object) -> None:
        raise TimeBudgetExceeded

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, minutes * 60)
    try:
        run_module(main, args)
        return False
    except TimeBudgetExceeded:
        log.info("time budget of %.0f min spent: keeping the best model saved so far", minutes)
        return True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# Default wall-time budget per processor on a 2-core CPU (minutes); --minutes overrides.
BUDGET_MINUTES = {"tokenize": 25, "mwt": 5, "pos": 15, "lemma": 8, "depparse": 25, "ner": 32}


def budget(args: argparse.Namespace, processor: str) -> float:
    return args.minutes if args.minutes is not None else BUDGET_MINUTES[processor]


def stored_vocab(model: Path) -> object:
    """The vocabulary saved inside a Stanza tagger or parser model file."""
    import torch
    from stanza.models.pos.vocab import MultiVocab  # the tagger and the parser share it

    return MultiVocab.load_state_dict(torch.load(model, map_location="cpu", weights_only=True)["vocab"])


def tagger_continuing(model: Path | None) -> contextlib.AbstractContextManager[object]:
    """Make Stanza's tagger trainer start from ``model``'s weights (it has no option for it).

    The command-line arguments (learning rate, steps) still apply; the training data must
    give the same vocabulary as the stored one, or the weights would mean other words.
    """
    from stanza.models import tagger

    if model is None:
        return contextlib.nullcontext()
    original = tagger.Trainer

    def trainer(*args: object, **kwargs: object) -> object:
        if kwargs.get("model_file") is None:
            vocab = kwargs.get("vocab")
            if vocab is not None and vocab.state_dict() != stored_vocab(model).state_dict():
                sys.exit(f"{model}: its vocabulary differs from the training data's; train from scratch")
            kwargs["model_file"] = str(model)
        return original(*args, **kwargs)

    return mock.patch.object(tagger, "Trainer", trainer)


def parser_vocab_from(model: Path | None) -> contextlib.AbstractContextManager[object]:
    """Build the parser's training batches with ``model``'s stored vocabulary.

    Stanza's ``--continue_from`` loads the weights but indexes the (retagged) training data
    with a vocabulary rebuilt from it, ordered by frequency: new tags would shift every index.
    """
    from stanza.models import parser

    if model is None:
        return contextlib.nullcontext()
    original, vocab = parser.DataLoader, stored_vocab(model)

    def loader(*args: object, **kwargs: object) -> object:
        if kwargs.get("vocab") is None and len(args) < 5:
            kwargs["vocab"] = vocab
        return original(*args, **kwargs)

    return mock.patch.object(parser, "DataLoader", loader)


def stored_tagger_vocab(model: Path | None) -> contextlib.AbstractContextManager[object]:
    """Index all training files with ``model``'s vocabulary instead of one rebuilt from them.

    Continuing a tagger on extra data would otherwise add its words and characters to the
    vocabulary and shift every index; words only the extra data has fall back to the
    unknown-word embedding (and keep their pretrained vectors), as at run time.
    """
    from stanza.models import tagger

    if model is None:
        return contextlib.nullcontext()
    vocab = stored_vocab(model)
    return mock.patch.object(tagger.Dataset, "init_vocab", staticmethod(lambda *args, **kwargs: vocab))


def tagger_selecting(metric: str) -> contextlib.AbstractContextManager[object]:
    """Keep the tagger checkpoint with the best dev ``metric`` (Stanza's default: AllTags)."""
    from stanza.models import tagger

    return mock.patch.object(tagger, "get_eval_type", lambda dev_data: metric)


def trained(trainer: Trainer) -> list[torch.Tensor]:
    """The tagger's trainable parameters: what ``averaged_weights`` averages."""
    return [p for p in trainer.model.parameters() if p.requires_grad]


@contextlib.contextmanager
def swapped_in(trainer: Trainer) -> Iterator[None]:
    """Run with the tagger's averaged weights (``averaged_weights``) in place of its current ones."""
    import torch

    average = getattr(trainer, "_herald_average", None)
    if average is None:
        yield
        return
    params = trained(trainer)
    backup = [p.detach().clone() for p in params]
    with torch.no_grad():
        torch._foreach_copy_(params, average)
    try:
        yield
    finally:
        with torch.no_grad():
            torch._foreach_copy_(params, backup)


def averaged_weights(decay: float | None) -> contextlib.AbstractContextManager[object]:
    """Evaluate and save an exponential moving average of the tagger's weights.

    Polyak averaging: after every optimiser step the average moves ``1 - decay`` of the
    way towards the current weights; dev evaluation and the saved checkpoint use the
    average, which is less noisy than the last step's weights late in training.  Stanza's
    tagger has no such option, so ``Trainer.update`` keeps the average and
    ``Trainer.predict`` / ``Trainer.save`` run with it swapped in.
    """
    if not decay:
        return contextlib.nullcontext()
    import torch
    from stanza.models.pos.trainer import Trainer

    original_update, original_predict, original_save = Trainer.update, Trainer.predict, Trainer.save

    def update(self: Trainer, batch: object, eval: bool = False) -> object:  # noqa: A002 (Stanza's name)
        loss = original_update(self, batch, eval)
        if not eval:
            current = [p.detach() for p in trained(self)]
            average = getattr(self, "_herald_average", None)
            if average is None:
                self._herald_average = [p.clone() for p in current]
            else:
                torch._foreach_lerp_(average, current, 1.0 - decay)
        return loss

    def predict(self: Trainer, *args: object, **kwargs: object) -> object:
        with swapped_in(self):
            return original_predict(self, *args, **kwargs)

    def save(self: Trainer, *args: object, **kwargs: object) -> object:
        with swapped_in(self):
            return original_save(self, *args, **kwargs)

    stack = contextlib.ExitStack()
    for name, fn in (("update", update), ("predict", predict), ("save", save)):
        stack.enter_context(mock.patch.object(Trainer, name, fn))
    return stack


def decaying_lr(lr: float | None, steps: int, final_share: float | None) -> contextlib.AbstractContextManager[object]:
    """Lower the tagger's learning rate linearly, from ``lr`` to ``final_share * lr`` over ``steps``.

    Stanza's tagger keeps one rate for the whole run (earlier builds of this project lowered
    it by hand between runs: 3e-3, 1e-3, 5e-4); a schedule does that within one run.
    """
    if not final_share or not lr:
        return contextlib.nullcontext()
    from stanza.models.pos.trainer import Trainer

    original_update = Trainer.update

    def update(self: Trainer, batch: object, eval: bool = False) -> object:  # noqa: A002 (Stanza's name)
        if not eval:
            step = self.__dict__["_herald_step"] = self.__dict__.get("_herald_step", 0) + 1
            rate = lr * (1.0 - (1.0 - final_share) * min(1.0, step / steps))
            for optimizer in self.optimizers.values():
                for group in optimizer.param_groups:
                    group["lr"] = rate
        return original_update(self, batch, eval)

    return mock.patch.object(Trainer, "update", update)


def start_from(paths: Paths, args: argparse.Namespace) -> Path:
    """The model to fine-tune, with ``--lr`` written into its stored config.

    Stanza's NER ``--finetune`` builds the optimizer from the *stored* config, so a lower
    learning rate given on the command line would be silently ignored.
    """
    import torch

    src = Path(args.continue_from)
    if args.lr is None:
        return src
    checkpoint = torch.load(src, map_location="cpu", weights_only=True)
    checkpoint["config"]["lr"] = args.lr
    dst = paths.work / "ner-start.pt"
    torch.save(checkpoint, dst)
    return dst
