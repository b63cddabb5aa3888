# Bulle: every command bootstraps .venv with the pinned dependencies first.
# Without make, see the README ("Sans make").

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
NODE_READY := node_modules/.ready
PROPERDOCS_READY := $(VENV)/.properdocs-ready
ZENSICAL_VENV := .venv-zensical
ZENSICAL_READY := $(ZENSICAL_VENV)/.ready
export NO_MKDOCS_2_WARNING := 1


.PHONY: serve build check report test bench clean install entry project city import export

serve: $(READY)  ## Serve the site at http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --dirty --dev-addr 127.0.0.1:8000  # Bulle decides what is dirty

# ENGINE=properdocs builds the same site with ProperDocs (guide « Après Material for MkDocs »)
ENGINE ?= mkdocs
build: $(READY) $(if $(filter properdocs,$(ENGINE)),$(PROPERDOCS_READY))  ## Strict build into site/
	$(BIN)/$(ENGINE) build --strict

check: $(READY)  ## Check the content of projects/ (messages in French)
	$(BIN)/python scripts/bulle.py check

report: $(READY)  ## The projects without news, oldest silence first (for the programme team)
	$(BIN)/python scripts/bulle.py report

test: $(READY) $(NODE_READY) $(PROPERDOCS_READY) $(ZENSICAL_READY)  ## Run the whole test suite (browser tests and other engines included)
	$(BIN)/python -m pytest

bench: $(READY)  ## Benchmark against plain Material and the blog plugin (SIZES=S,M,L)
	$(BIN)/python scripts/bench.py --sizes $(or $(SIZES),S,M) --repeat $(or $(REPEAT),1) \
	  $(if $(value REPEAT_L),--repeat-l $(REPEAT_L))

# The site as a plain folder that an engine without hooks builds (Zensical), see the guide
# « Après Material for MkDocs »: make export DIR=build/export; ENGINE=zensical builds it too
# (into DIR/site), installing Zensical in .venv-zensical first.
export: $(READY) $(if $(filter zensical,$(ENGINE)),$(ZENSICAL_READY))  ## The site as a plain folder for Zensical: make export DIR=<dossier> (ENGINE=zensical)
	@test -n $(call shell_arg,DIR) || { echo 'Indiquez le dossier : make export DIR=build/export'; exit 2; }
	@$(BIN)/python scripts/bulle.py export $(call shell_arg,DIR)
	$(if $(filter zensical,$(ENGINE)),@cd $(call shell_arg,DIR) && "$(CURDIR)/$(ZENSICAL_VENV)/bin/zensical" build -f mkdocs.yml)

clean:
	rm -rf site $(VENV) $(ZENSICAL_VENV) node_modules

install: $(READY)  ## Create .venv with the pinned dependencies (CI uses it)

# New content: make entry PROJECT=notre-projet TITLE="Première réunion" (DATE=AAAA-MM-JJ
# optional), make project SLUG=mon-projet. `shell_arg` hands a value to the shell as
# plain text, unexpanded: a title may hold $, quotes or backquotes.
shell_arg = '$(subst ','"'"',$(value $(1)))'

entry: $(READY)  ## New journal entry: make entry PROJECT=<projet> TITLE="<titre>"
	@test -n $(call shell_arg,PROJECT) || { echo 'Indiquez le projet : make entry PROJECT=nom-du-dossier TITLE="Titre de l'"'"'entrée"'; exit 2; }
	@$(BIN)/python scripts/bulle.py new entry $(call shell_arg,PROJECT) \
	  $(if $(value TITLE),$(call shell_arg,TITLE)) $(if $(value DATE),--date $(call shell_arg,DATE))

project: $(READY)  ## New project: make project SLUG=<nom-du-dossier>
	@test -n $(call shell_arg,SLUG) || { echo 'Indiquez le nom du dossier : make project SLUG=mon-projet'; exit 2; }
	@$(BIN)/python scripts/bulle.py new project $(call shell_arg,SLUG)

# A new city's programme in place of the Pau sample: asks for its identity (Enter keeps
# the value in brackets), then builds the site. FORCE=1 when the repository was changed.
city: $(READY)  ## Replace the Pau sample by your own programme (asks its identity)
	@$(BIN)/python scripts/bulle.py new city $(if $(value FORCE),--force)
	@$(BIN)/mkdocs build --strict -q && echo "Site construit dans site/ : « make serve » pour le regarder."

# Projects from a checkout of github.com/betagouv/beta.gouv.fr:
# make import FROM=../beta.gouv.fr (ARGS="--incubator anct --add-terms --with-team --force")
import: $(READY)  ## Import beta.gouv.fr startup files: make import FROM=<checkout>
	@test -n $(call shell_arg,FROM) || { echo 'Indiquez la copie du dépôt beta.gouv.fr : make import FROM=../beta.gouv.fr'; exit 2; }
	@$(BIN)/python scripts/bulle.py import betagouv $(call shell_arg,FROM) $(value ARGS)

$(READY): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
	  { echo "Bulle demande Python 3.11 ou plus récent ($(PYTHON) est trop ancien)."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || \
	  { echo "Impossible de créer $(VENV) : sur Debian/Ubuntu, installez python3-venv."; exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

# The other engines the tests build the site with (Material for MkDocs ends in 2027):
# ProperDocs beside MkDocs in .venv, held to the versions of requirements.txt;
# Zensical in its own environment, without Bulle: it builds what `bulle export` writes.
# Without them (pytest run by hand) the tests that need them are skipped, and fail in CI.
$(PROPERDOCS_READY): $(READY) requirements-properdocs.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
	  -r requirements-properdocs.txt -c requirements.txt
	@touch $@

$(ZENSICAL_READY): requirements-zensical.txt
	@test -x $(ZENSICAL_VENV)/bin/python || $(PYTHON) -m venv $(ZENSICAL_VENV)
	$(ZENSICAL_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
	  -r requirements-zensical.txt
	@touch $@

# axe-core, injected into pages by the accessibility tests (package-lock.json pins it).
# Without npm the tests that need it say so and are skipped (they fail in CI).
$(NODE_READY): package.json package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
	  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error && touch $@; \
	else \
	  echo "npm introuvable : les tests d'accessibilité (axe-core) seront sautés."; \
	fi
