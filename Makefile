# herald: the two commands of the README, plus helpers.  Python 3.11, CPU only, no model hub needed.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CORPORA ?= ../shared/corpora

.PHONY: setup run test lint openapi golden bench bench-models container-check lb-check

$(BIN)/activate:
	$(PY) -m venv $(VENV)

# torch first: the CPU wheel (2.13.0) lies on disk; any other torch spec pulls a multi-GB CUDA build.
$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/activate
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -r requirements.txt -r requirements-dev.txt
	touch $@

setup: $(VENV)/.installed

run: setup
	$(BIN)/python -m service serve

test: setup
	$(BIN)/python -m pytest -q

lint: setup
	$(BIN)/ruff check service schemas scripts tests

openapi: setup
	$(BIN)/python -m service openapi

golden: setup
	$(BIN)/python -m scripts.golden

# With the spaCy baseline (scripts/baseline_spacy) when its environment exists: `make bench-setup` first.
bench: setup
	@if [ -x $(BENCH_VENV)/bin/python ]; then \
	  $(BIN)/python -m scripts.bench --corpora $(CORPORA) --baseline spacy --baseline-python $(BENCH_VENV)/bin/python; \
	else \
	  echo "make bench: no $(BENCH_VENV): herald only; run 'make bench-setup' to compare with the spaCy baseline"; \
	  $(BIN)/python -m scripts.bench --corpora $(CORPORA); \
	fi

# The spaCy baseline's own environment (requirements-bench.txt: spaCy, en_core_web_sm, textacy, dateparser,
# gunicorn); never herald's .venv, never the image.
BENCH_VENV ?= .venv-bench
BENCH_PY ?= python3.11

$(BENCH_VENV)/.installed: requirements-bench.txt
	$(BENCH_PY) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install -q -r requirements-bench.txt
	touch $@

.PHONY: bench-setup
bench-setup: $(BENCH_VENV)/.installed

bench-models: setup
	$(BIN)/python -m scripts.bench_pipeline --corpora $(CORPORA)

container-check:
	bash scripts/container_check.sh

lb-check: setup
	bash scripts/lb_check.sh

# The Ray Data runner's documented check (not in `make test`: ray[data] is ~500 MB): install
# requirements-bulk.txt into the venv, then run tests/test_bulk_ray.py (a local Ray, 2 CPUs, ~1 min).
.PHONY: bulk-ray-check
bulk-ray-check: setup
	$(BIN)/pip install -q -r requirements-bulk.txt
	$(BIN)/python -m pytest -q tests/test_bulk_ray.py
