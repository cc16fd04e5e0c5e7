# Overclaim: `make serve` and `make test` are the two commands a new machine needs.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MODEL := models/overclaim.joblib
HOST ?= 127.0.0.1
PORT ?= 8000
SHARED ?= ../shared

.PHONY: setup serve test bench evaluate train data-check clean

setup: $(STAMP) $(MODEL)

# Reinstalls only when the project's dependencies change.
$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' || { echo "Overclaim needs Python 3.11: run make PYTHON=/path/to/python3.11"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	@touch $(STAMP)

# The bundled model ships in models/; it is trained only when absent.
$(MODEL): | $(STAMP)
	$(BIN)/overclaim train

serve: setup
	$(BIN)/overclaim serve --host $(HOST) --port $(PORT)

test: setup
	$(BIN)/python -m pytest

train: setup
	$(BIN)/overclaim train

data-check: setup
	$(BIN)/overclaim data check

evaluate: setup
	$(BIN)/overclaim evaluate training_data/test --certainty $(SHARED)/external/pei2021_certainty/sentence-level-certainty.jsonl

bench: setup
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test,bench]'
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
