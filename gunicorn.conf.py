"""gunicorn settings for herald (``python -m service serve`` passes ``--config gunicorn.conf.py``).

Sized for a 2-core machine where every worker process holds its own copy of the Stanza
models.  Environment variables override the defaults, Heroku style: HOST, PORT,
WEB_CONCURRENCY, GUNICORN_WORKER_CLASS, GUNICORN_THREADS, GUNICORN_KEEPALIVE, HERALD_TORCH_THREADS, HERALD_LOG_LEVEL.
This file runs in the gunicorn master before any worker is forked.
"""

import os
import tempfile
from pathlib import Path

# The app factory; gunicorn calls it in each worker after the fork (see preload_app).
wsgi_app = "service.app:create_app()"

# Import the app from the repository (or image) root whatever the current directory is;
# gunicorn also puts this directory on sys.path.
chdir = str(Path(__file__).resolve().parent)

# Listen on every interface by default (containers, PaaS); HOST and PORT are the usual PaaS
# variables, and the Dockerfile sets PORT=8000.
_host = os.environ.get("HOST", "0.0.0.0")
bind = [f"[{_host}]:{os.environ.get('PORT', '8000')}" if ":" in _host else f"{_host}:{os.environ.get('PORT', '8000')}"]

# One process per core: the NLP work is CPU-bound and each worker runs torch on one thread,
# so 2 workers keep a 2-core box busy without oversubscribing it.  Each worker loads its own
# models (memory grows linearly with workers); lower WEB_CONCURRENCY if memory is tight.
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))

# herald's worker (service/worker.py): gunicorn's threaded worker, hardened for clients met
# without a proxy in front.  Threads answer health checks while another thread runs an
# extraction (the models are used by one thread at a time); a request must arrive whole within
# HERALD_READ_TIMEOUT_S, so slow clients cost one thread for that long at most; an unread
# oversized body is drained so its 413 reaches the client; a worker whose models are in use
# leaves new connections to an idle sibling first, which keeps the even spread of sync workers
# (measured in BENCHMARKS.md).  GUNICORN_WORKER_CLASS=sync remains possible behind a buffering
# proxy, at the price of health checks that wait for a busy worker.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "service.worker.HeraldWorker")
# 8 threads: one runs the models, up to HERALD_MAX_WAITING (4) extraction requests wait for
# them, and the rest are left for health checks and quick refusals (4xx) from slow clients.
threads = int(os.environ.get("GUNICORN_THREADS", "8"))

# Torch reads these when it is imported, i.e. in the worker after the fork: one intra-op
# thread per worker so 2 workers use 2 cores instead of fighting over them.  The extractor
# also calls torch.set_num_threads(HERALD_TORCH_THREADS).
os.environ.setdefault("OMP_NUM_THREADS", os.environ.get("HERALD_TORCH_THREADS", "1"))
os.environ.setdefault("MKL_NUM_THREADS", os.environ.get("HERALD_TORCH_THREADS", "1"))
# oneDNN (torch's CPU kernels) caches one compiled primitive per input shape, by default 1,024
# of them; with every sentence length a new shape, a worker grew by ~100 MB over a few hundred
# varied articles.  A cap of 8 bounds that growth (RSS within 562-604 MB over 1,000 varied
# articles; 588-654 with 64) at no measurable cost in speed (BENCHMARKS.md).
os.environ.setdefault("ONEDNN_PRIMITIVE_CACHE_CAPACITY", "8")

# Memory per worker (HERALD_WORKER_MEMORY_MB, 1,200 MB by default): a worker whose resident
# memory is past it after a request finishes that request and is replaced (post_request
# below); and its address space is capped at a multiple of it (post_fork), so that even a
# request that would need tens of GB fails alone (a 413 problem) instead of taking the node.
# Parsed and defaulted by service.config (one place: a bad value stops start-up naming the variable).
from service.config import Config  # noqa: E402 - light module: no torch, no Flask app

_memory_mb = Config.from_env(os.environ).worker_memory_mb
#: Address space is not resident memory: torch and its libraries map ~2-3 GB they never touch.
_ADDRESS_SPACE_FACTOR = 4

# PyTorch is not fork-safe once initialised (its thread pools and OpenMP state do not survive
# fork), so the app (and the models) must NOT be loaded in the master and inherited:
# every worker imports the app and loads the models itself after the fork.  The price is a
# slower start and no copy-on-write sharing of model memory.
preload_app = False

# A worker that does not report for this long is killed and replaced.  It also bounds the
# worker's start-up, which includes loading the models, and a 100,000-character article on
# one CPU thread; 120 s covers both with room to spare.
timeout = 120

# On SIGTERM (deploys, scale-down) let in-flight extractions finish before workers are
# killed; below the usual 30 s a PaaS or `docker stop -t 30` waits before SIGKILL.
graceful_timeout = 25

# No keep-alive by default: a kept-alive connection stays with the worker that accepted it, and
# two clients pinned to one worker wait for each other while the other worker idles (measured
# with gthread workers, see BENCHMARKS.md); a new connection per request is spread by the
# busy-aware accept.  Behind a load balancer that reuses upstream connections, set
# GUNICORN_KEEPALIVE above the balancer's idle timeout (a source of sporadic 502s otherwise).
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "0"))

# Restart each worker after about 2,000 requests to bound slow memory growth (fragmentation
# from large texts and tensors; freed heap is already returned after every extraction, see
# service/memory.py).  Not fewer: a restarting worker reloads its models (about 4 s), and with
# one worker per instance (scripts/lb_check.sh) that stall was the load test's p99.  The jitter
# staggers restarts so two workers never reload at the same moment.
max_requests = 2000
max_requests_jitter = 200

# Worker heartbeat files on tmpfs: in containers /tmp may be a slow overlay disk, and a
# blocked heartbeat write looks like a hung worker.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# Access log to stdout, error log to stderr, both JSON lines (service.logs.GunicornLogger):
# method, path, status, sizes, duration, request id; never bodies or query strings.
accesslog = "-"
errorlog = "-"
logger_class = "service.logs.GunicornLogger"
loglevel = os.environ.get("HERALD_LOG_LEVEL", "info").lower()

# Prometheus metrics across workers: each worker writes its values to memory-mapped files in
# PROMETHEUS_MULTIPROC_DIR and /metrics merges them (service.http.metrics).  The variable must be
# set before anything imports prometheus_client, i.e. here in the master, which is why the hooks
# import service.http.metrics only when they run.  An operator-provided directory (e.g. an emptyDir
# volume in Kubernetes) is never deleted: at start only its *.db files go (stale values of an
# earlier run would be counted again).  Otherwise a private one is made under /tmp and deleted
# at exit; HERALD_METRICS_DIR_CREATED records that the service made it (an environment variable
# because SIGHUP re-runs this file, when PROMETHEUS_MULTIPROC_DIR is already set).
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="herald-metrics-")
    os.environ["HERALD_METRICS_DIR_CREATED"] = os.environ["PROMETHEUS_MULTIPROC_DIR"]
_metrics_dir = os.environ["PROMETHEUS_MULTIPROC_DIR"]


def on_starting(server: object) -> None:
    """Start every server run without metrics files of an earlier run."""
    from service.http.metrics import reset_directory

    reset_directory(_metrics_dir)


def child_exit(server: object, worker: object) -> None:
    """Fold a dead worker's counters into the archive files and delete its files (totals unchanged)."""
    from service.http.metrics import mark_worker_dead

    mark_worker_dead(worker.pid)  # type: ignore[attr-defined]


def on_exit(server: object) -> None:
    """Delete the metrics directory if the service made it (never an operator's)."""
    from service.http.metrics import remove_created_directory

    remove_created_directory(_metrics_dir)


def post_fork(server: object, worker: object) -> None:
    """Cap the new worker's address space (see _memory_mb)."""
    from service.memory import limit_address_space

    limit_address_space(_memory_mb * _ADDRESS_SPACE_FACTOR * 1024 * 1024)


def post_request(worker: object, req: object, environ: object, resp: object) -> None:
    """Replace a worker whose resident memory grew past HERALD_WORKER_MEMORY_MB."""
    from service.memory import resident_mb

    rss = resident_mb()
    if rss is not None and rss > _memory_mb and worker.alive:  # type: ignore[attr-defined]
        worker.log.warning("worker RSS %.0f MB over HERALD_WORKER_MEMORY_MB=%d: replacing it",  # type: ignore[attr-defined]
                           rss, _memory_mb)
        worker.alive = False  # type: ignore[attr-defined]


# Name the processes in ps/top.
proc_name = "herald"

# post_fork / post_worker_init hooks are not needed: nothing but the metrics directory is
# set up in the master, and each worker configures logging, torch threads and models in create_app().

# No runtime control socket (gunicornc): nothing here uses it, it would be written under
# $HOME (absent or read-only for the container's user), and two instances on one machine
# (tests, CI) would fight over the same default path.
control_socket_disable = True
