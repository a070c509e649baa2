"""Bulk extraction on Ray Data: ``python -m service.bulk_ray IN OUT [--actors N] [--address ADDR]``.

The same records as ``python -m service bulk`` (:mod:`service.bulk`), spread over a Ray cluster
(or the local machine): one actor per CPU, each loading the models once (one torch thread) and
turning batches of :data:`~service.bulk.CHUNK` documents into records with the one batch function
:func:`~service.bulk.extract_records`.  Needs ``requirements-bulk.txt`` (ray[data], pyarrow).

IN is a file or a directory, local or remote (``s3://``, ``gs://``: whatever pyarrow's
filesystems read), of JSONL (``.gz`` allowed) or Parquet (``.parquet``) files, the formats of
:func:`service.bulk.read_lines`.  The files are read as bytes and split into lines by that same
function, not with ``ray.data.read_json``: Arrow's JSON reader infers a schema (a ``date`` becomes
a timestamp, an absent field a null, and one ``"text": 5`` among strings fails the whole read)
and numbers no lines, so neither the documents nor the ``line-<n>`` ids and problem records
would be the command's.  Each file is one read task, so shard a large IN into many files of at
most some hundred MB.  Ids: a document without an ``id`` gets ``line-<n>``, its line in its own
file, so give every document an id when IN has several files.

OUT is a directory of files (Ray writes one or more per write task): ``*.jsonl`` files whose
lines are exactly the command's lines, or, when OUT ends in ``.parquet``, ``*.parquet`` files
with the command's two string columns ``id`` and ``record``.  Ray does not keep the input order:
join or sort by ``id`` (a problem record also carries its ``line``).
"""

from __future__ import annotations

import argparse
import io
import os
import sys
import time
from collections.abc import Sequence
from typing import Any

import pyarrow
import ray
import ray.data
from ray.data import SaveMode
from ray.data.block import BlockAccessor
from ray.data.datasource import BlockBasedFileDatasink

from service.bulk import CHUNK, extract_records, is_parquet, load_worker, parquet_table, read_lines
from service.config import Config, ConfigError
from service.http.records import decode_line

#: Reading, splitting and writing ask for no CPU: they are light next to the NLP, and an actor
#: pool holding every CPU would otherwise starve them and wait forever (seen with Ray 2.60).
LIGHT_CPUS = 0
#: Blocks of at most this many bytes (Ray's default is 128 MiB): about four articles of lines, so
#: that a file's lines spread over every actor (an actor is handed whole blocks, and one file of
#: 200 articles would otherwise be one block, all for one actor).  Ray's ``repartition`` would
#: need a CPU of its own, which the actors hold.
BLOCK_BYTES = 16 * 1024
#: Records per output file at least (small blocks are bundled before they are written).
ROWS_PER_FILE = 1000


def file_lines(row: dict[str, Any]) -> list[dict[str, Any]]:
    """One input file (a row of ``read_binary_files``) as rows ``{"line", "raw"}``, one per document."""
    return [{"line": number, "raw": text} for number, text in read_lines(row["path"], io.BytesIO(row["bytes"]))]


class HeraldBatch:
    """A Ray actor's work: the models loaded once (one torch thread), then batches of lines to records.

    The configuration is read from the actor's own environment (``HERALD_*``), where the models
    are: on a cluster, the worker image's.  Output rows are ``{"id", "record"}`` with the record
    as JSON text, as in a Parquet OUT of the command: records differ in shape (a problem record
    has none of an analysis's fields), which Arrow columns of nested values would not keep.
    """

    def __init__(self) -> None:
        self._extractor, self._config = load_worker(Config.from_env(os.environ))

    def __call__(self, batch: pyarrow.Table) -> pyarrow.Table:
        documents = [(line, decode_line(raw))
                     for line, raw in zip(batch["line"].to_pylist(), batch["raw"].to_pylist(), strict=True)]
        return parquet_table(extract_records(self._extractor, documents, self._config))


class RecordLines(BlockBasedFileDatasink):
    """JSONL files of the ``record`` column: each line exactly the command's line for that document."""

    def __init__(self, path: str) -> None:
        super().__init__(path, file_format="jsonl", mode=SaveMode.ERROR, min_rows_per_file=ROWS_PER_FILE)

    def write_block_to_file(self, block: BlockAccessor, file: pyarrow.NativeFile) -> None:
        file.write("".join(f"{text}\n" for text in block.to_arrow()["record"].to_pylist()).encode("utf-8"))


def records(source: str, actors: int) -> ray.data.Dataset:
    """The dataset of ``{"id", "record"}`` rows for every document under ``source`` (lazy, streamed)."""
    files = ray.data.read_binary_files(source, include_paths=True, num_cpus=LIGHT_CPUS)
    files.context.target_max_block_size = BLOCK_BYTES
    return (files.flat_map(file_lines, num_cpus=LIGHT_CPUS)
            .map_batches(HeraldBatch, batch_size=CHUNK, batch_format="pyarrow",
                         compute=ray.data.ActorPoolStrategy(size=actors), num_cpus=1))


def run(source: str, target: str, actors: int) -> None:
    """Extract every document under ``source`` into the directory ``target`` (Ray must be initialised)."""
    dataset = records(source, actors)
    if is_parquet(target):
        dataset.write_parquet(target, mode=SaveMode.ERROR, min_rows_per_file=ROWS_PER_FILE,
                               ray_remote_args={"num_cpus": LIGHT_CPUS})
    else:
        dataset.write_datasink(RecordLines(target), ray_remote_args={"num_cpus": LIGHT_CPUS})


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv``, connect to (or start) Ray, run; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m service.bulk_ray", description=__doc__.split("\n\n")[1],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", metavar="IN", help="JSONL (.gz) or .parquet file, or a folder of them; s3://")
    parser.add_argument("target", metavar="OUT", help="directory of JSONL files, or of Parquet files if it ends "
                                                      "in .parquet; must not exist")
    parser.add_argument("--actors", type=int, help="model-holding actors, one CPU each (default: the cluster's CPUs)")
    parser.add_argument("--address", help="Ray cluster to join (default: $RAY_ADDRESS, else a local Ray)")
    args = parser.parse_args(argv)
    try:
        Config.from_env(os.environ)  # a bad HERALD_* variable fails here, not in every actor
    except ConfigError as error:
        print(f"herald: invalid configuration: {error}", file=sys.stderr)
        return 2
    ray.init(address=args.address)
    actors = args.actors or max(1, int(ray.cluster_resources().get("CPU", 1)))
    started = time.perf_counter()
    run(args.source, args.target, actors)
    print(f"herald bulk_ray: {args.source} -> {args.target} with {actors} actors in "
          f"{time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
