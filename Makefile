# Bulle: every command bootstraps .venv with the pinned dependencies first.
# Without make, see the README ("Sans make").

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve build check test bench clean

serve: $(READY)  ## Serve the site at http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(READY)  ## Strict build into site/
	$(BIN)/mkdocs build --strict

check: $(READY)  ## Check the content of projects/ (messages in French)
	$(BIN)/python scripts/bulle.py check

test: $(READY)  ## Run the whole test suite
	$(BIN)/python -m pytest

bench: $(READY)  ## Benchmark against plain Material and the blog plugin (SIZES=S,M,L)
	$(BIN)/python scripts/bench.py --sizes $(or $(SIZES),S,M) --repeat $(or $(REPEAT),1)

clean:
	rm -rf site $(VENV)

$(READY): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Bulle demande Python 3.11 ou plus récent ($(PYTHON) est trop ancien)."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || \
	  { echo "Impossible de créer $(VENV) : sur Debian/Ubuntu, installez python3-venv."; exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@
