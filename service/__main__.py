"""Command line: ``python -m service {serve,extract,openapi,healthcheck}``.

- ``serve [--host H] [--port N] [--workers W]``: exec gunicorn with ``gunicorn.conf.py``.
- ``extract FILE [--date D] [--id X]``: print the JSON that ``POST /v1/extract`` would answer, without a server.
- ``openapi [--check]``: regenerate ``openapi.yaml`` from the schemas (``--check``: fail if it is stale).
- ``healthcheck``: exit 0 if ``/healthz`` on this machine answers 200 (the container's HEALTHCHECK; no curl in slim).

Heavy imports (Flask, apispec, Stanza) happen inside the subcommands so each loads only what it needs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from service.config import Config
    from service.extract.contract import Extractor

ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONF = ROOT / "gunicorn.conf.py"


def _serve(args: argparse.Namespace) -> int:
    """Validate the configuration (a clear error now beats a worker boot loop), then become gunicorn."""
    from service.config import Config

    Config.from_env(os.environ)  # raises ConfigError, reported by main()
    argv = [sys.executable, "-m", "gunicorn", "--config", str(GUNICORN_CONF)]
    if args.host is not None or args.port is not None:
        host = args.host if args.host is not None else os.environ.get("HOST", "0.0.0.0")
        port = args.port if args.port is not None else os.environ.get("PORT", "8000")
        argv += ["--bind", f"[{host}]:{port}" if ":" in host else f"{host}:{port}"]
    if args.workers is not None:
        argv += ["--workers", str(args.workers)]
    sys.stdout.flush()
    sys.stderr.flush()
    # exec, not a child process: gunicorn becomes PID 1 in the container and receives SIGTERM itself.
    os.execv(sys.executable, argv)
    return 0  # not reached


def _load_extractor(config: Config) -> Extractor:
    """The real extractor (imports Stanza); a separate function so tests can substitute a fake."""
    from service.extract import build_extractor

    return build_extractor(config)


def _extract(args: argparse.Namespace) -> int:
    """Run one document through the same validation and extractor as the API and print the JSON."""
    from schemas import ExtractRequestSchema
    from service.config import Config
    from service.http.documents import only_body, parse_document, run_extraction
    from service.http.errors import ApiError
    from service.logs import configure_logging

    config = Config.from_env(os.environ)
    try:
        data = sys.stdin.buffer.read() if args.file == "-" else Path(args.file).read_bytes()
    except OSError as error:
        print(f"herald: cannot read {args.file}: {error.strerror}", file=sys.stderr)
        return 2
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        print(f"herald: {args.file} is not valid UTF-8", file=sys.stderr)
        return 2
    raw: dict[str, str] = {"text": text}
    if args.date is not None:
        raw["date"] = args.date
    if args.id is not None:
        raw["id"] = args.id
    try:
        schema = ExtractRequestSchema(max_text_chars=config.max_text_chars)
        document = parse_document(raw, schema, config.max_text_chars)
    except ApiError as error:
        print(json.dumps(error.body(), indent=2), file=sys.stderr)
        return 1

    configure_logging(config.log_level)
    extractor = _load_extractor(config)
    started = time.perf_counter()
    try:
        body = only_body(run_extraction(extractor, [document], started))
    except ApiError as error:
        print(json.dumps(error.body(), indent=2), file=sys.stderr)
        return 1
    print(json.dumps(body, indent=2, ensure_ascii=False))
    return 0


def _bulk(args: argparse.Namespace) -> int:
    """Run :func:`service.bulk.run` and print its summary (stderr)."""
    from service import bulk
    from service.config import Config
    from service.logs import configure_logging

    config = Config.from_env(os.environ)
    configure_logging(config.log_level)
    if args.workers < 1:
        print("herald: --workers must be at least 1", file=sys.stderr)
        return 2
    try:
        summary = bulk.run(Path(args.source), Path(args.target), config, workers=args.workers, resume=args.resume)
    except (FileExistsError, FileNotFoundError) as error:
        print(f"herald: {error}", file=sys.stderr)
        return 2
    print(summary.line(), file=sys.stderr)
    return 0


def _openapi(args: argparse.Namespace) -> int:
    """Write openapi.yaml, or with --check report whether the committed one is current."""
    from service.http.openapi import SPEC_PATH, render, write

    if args.check:
        current = SPEC_PATH.read_text(encoding="utf-8") if SPEC_PATH.exists() else ""
        if current != render():
            print(f"{SPEC_PATH} is stale: run python -m service openapi", file=sys.stderr)
            return 1
        return 0
    print(write())
    return 0


def _healthcheck(args: argparse.Namespace) -> int:
    """GET /healthz on the local server; exit 0 on 200, 1 otherwise."""
    import urllib.error
    import urllib.request

    host = os.environ.get("HOST", "0.0.0.0")
    if host in ("", "0.0.0.0", "::"):
        host = "127.0.0.1"
    url = f"http://{f'[{host}]' if ':' in host else host}:{os.environ.get('PORT', '8000')}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=args.timeout) as response:
            return 0 if response.status == 200 else 1
    except (urllib.error.URLError, OSError):
        return 1


def _download_models(args: argparse.Namespace) -> int:
    """Fetch the official models: an explicit, one-off step; the service never downloads by itself."""
    from service.nlp import download_official_models

    download_official_models(Path(args.dir))
    print(f"downloaded Stanza's official English models into {args.dir}; set HERALD_MODELS_DIR={args.dir}")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m service", description="herald news extraction service")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the HTTP service under gunicorn (gunicorn.conf.py)")
    serve.add_argument("--host", help="interface to bind (default: $HOST or 0.0.0.0)")
    serve.add_argument("--port", type=int, help="port to bind (default: $PORT or 8000)")
    serve.add_argument("--workers", type=int, help="worker processes (default: $WEB_CONCURRENCY or 2)")
    serve.set_defaults(handler=_serve)

    extract = commands.add_parser("extract", help="print the API's JSON for one article file, without a server")
    extract.add_argument("file", help="UTF-8 text file ('-' for stdin)")
    extract.add_argument("--date", help="publication date YYYY-MM-DD")
    extract.add_argument("--id", help="document id to echo")
    extract.set_defaults(handler=_extract)

    bulk = commands.add_parser("bulk",
                               help="extract every document of a JSONL (or Parquet) file into a file of records")
    bulk.add_argument("source", metavar="IN",
                      help="JSONL of documents (the fields of /v1/extract), .gz allowed; .parquet with pyarrow")
    bulk.add_argument("target", metavar="OUT",
                      help="JSONL of records in input order, .gz allowed; .parquet (id, record) with pyarrow")
    bulk.add_argument("--workers", type=int, default=os.cpu_count() or 1,
                      help="processes, one torch thread each (default: one per core)")
    bulk.add_argument("--resume", action="store_true",
                      help="continue OUT after a crash: skip the documents whose id it already holds")
    bulk.set_defaults(handler=_bulk)

    openapi = commands.add_parser("openapi", help="regenerate openapi.yaml from the schemas")
    openapi.add_argument("--check", action="store_true", help="exit 1 if openapi.yaml is stale instead of writing it")
    openapi.set_defaults(handler=_openapi)

    download = commands.add_parser(
        "download-models", help="download Stanza's official English models into DIR (needs the model hub)")
    download.add_argument("dir", help="target directory; then set HERALD_MODELS_DIR=DIR")
    download.set_defaults(handler=_download_models)

    healthcheck = commands.add_parser("healthcheck", help="exit 0 if the local /healthz answers 200")
    healthcheck.add_argument("--timeout", type=float, default=4.0, help="seconds to wait (default 4)")
    healthcheck.set_defaults(handler=_healthcheck)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen subcommand; returns the exit status."""
    from service.config import ConfigError

    args = _parser().parse_args(argv)
    try:
        return args.handler(args)
    except ConfigError as error:
        print(f"herald: invalid configuration: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
