"""gunicorn settings for the spaCy baseline (scripts/baseline_spacy/README.md), laid out like herald's.

Run from the repository root with the baseline's own environment::

    .venv-bench/bin/python -m gunicorn --config scripts/baseline_spacy/gunicorn.conf.py

Like herald (gunicorn.conf.py): WEB_CONCURRENCY workers (2 by default), each loading the model itself
after the fork, one BLAS/OpenMP thread each, bound to HOST:PORT.  Unlike herald: gunicorn's plain sync
worker (no keep-alive, no health-check threads), no metrics, no memory guard.
"""

import os
from pathlib import Path

# The app factory, imported from the repository root whatever the current directory is.
wsgi_app = "scripts.baseline_spacy.app:create_app()"
chdir = str(Path(__file__).resolve().parents[2])

_host = os.environ.get("HOST", "127.0.0.1")
_port = os.environ.get("PORT", "8001")
bind = [f"[{_host}]:{_port}" if ":" in _host else f"{_host}:{_port}"]

# One process per core, one thread each: the same layout as herald's workers on a 2-core machine.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "sync"
# Read by numpy's BLAS and thinc when they load, i.e. in the worker after the fork (preload_app off).
for _name in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_name, "1")
preload_app = False

timeout = 120
graceful_timeout = 25
accesslog = None
errorlog = "-"
loglevel = os.environ.get("BASELINE_LOG_LEVEL", "warning")
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
proc_name = "herald-baseline-spacy"
control_socket_disable = True
