# Overclaim: `make serve` and `make test` are the two commands a new machine needs.
# Debian's python3.11 first: it is built with profile-guided and link-time optimization and
# links libpython statically, and scores a 1,500-word article about a sixth faster than a
# plain source build such as pyenv's (README, "How fast it is").
PYTHON ?= $(shell command -v /usr/bin/python3.11 || command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The sentence-embedding baseline (make bench, make bench-embed) needs torch: its own venv, never .venv.
EMBED_VENV := .venv-embed
EMBED_STAMP := $(EMBED_VENV)/.installed
MODEL := models/ACTIVE
HOST ?= 127.0.0.1
PORT ?= 8000
SHARED ?= ../shared

.PHONY: setup browser-deps bench-deps bench-extra serve test bench bench-embed profile-http load evaluate train data-check clean

setup: $(STAMP) $(MODEL)

# $(call venv,DIR): DIR is a virtual environment on $(PYTHON), (re)built when missing or on another interpreter.
define venv
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || { echo "Overclaim needs Python 3.11: run make PYTHON=/path/to/python3.11"; exit 1; }
	@$(PYTHON) -m ensurepip --version >/dev/null 2>&1 || ! command -v apt-get >/dev/null || { $(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3.11-venv; }
	@test -x $(1)/bin/python && [ "$$($(1)/bin/python -c 'import os, sys; print(os.path.realpath(sys._base_executable))')" = "$$(realpath $(PYTHON))" ] || { rm -rf $(1) && $(PYTHON) -m venv $(1); }
endef

# Reinstalls only when the project's dependencies change.
$(STAMP): pyproject.toml requirements.lock
	$(call venv,$(VENV))
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test,train]'
	@touch $(STAMP)

# The bundled model ships in models/ (a registry: models/ACTIVE names the
# version in use); it is trained, and activated, only when ACTIVE is absent.
$(MODEL): | $(STAMP)
	$(BIN)/overclaim train

serve: setup
	$(BIN)/overclaim serve --host $(HOST) --port $(PORT)

test: setup browser-deps bench-deps
	scripts/ensure-postgres.sh
	$(BIN)/python -m pytest

# The extension's tests need Node (unit tests) and Debian's Chromium (end to end); never `playwright install`.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
browser-deps:
	@command -v node >/dev/null || { $(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs; }
	@test -x /usr/bin/chromium || { $(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }

train: setup
	$(BIN)/overclaim train

data-check: setup
	$(BIN)/overclaim data check

evaluate: setup
	$(BIN)/overclaim evaluate training_data/test --certainty $(SHARED)/external/pei2021_certainty/sentence-level-certainty.jsonl

# The bench's compiled HTTP load client (Debian's wrk); only `make bench` needs it.
bench-deps:
	@command -v wrk >/dev/null || { $(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q wrk; }

# Also measures the sentence-embedding baseline, installed into its own .venv-embed (about 1.5 GB, torch).
bench: bench-extra $(EMBED_STAMP)
	$(BIN)/python scripts/bench.py

# The bench's own tools in .venv (pyinstrument, py-spy) and its load client (wrk).
bench-extra: setup bench-deps
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test,train,bench]'

# Where the service's CPU goes under wrk load, by py-spy: writes reports/profile-http.txt.
profile-http: bench-extra
	$(BIN)/python scripts/profile_http.py

$(EMBED_STAMP): pyproject.toml requirements.lock
	$(call venv,$(EMBED_VENV))
	$(EMBED_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test,embed]'
	@touch $(EMBED_STAMP)

bench-embed: $(EMBED_STAMP)
	$(EMBED_VENV)/bin/python scripts/bench_embedding.py
# Loopback only, bounded: LOAD_ARGS='--duration 20 --concurrency 8' (see scripts/load.py --help).
load: setup
	$(BIN)/python scripts/load.py $(LOAD_ARGS)

clean:
	rm -rf $(VENV) $(EMBED_VENV) .pytest_cache .hypothesis
