# vn-archive: every target bootstraps .venv itself (python3 is all a fresh machine needs).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DB ?= data/archive.db
PYTEST_ARGS ?=

.PHONY: demo demo-crawl test bench crawl serve export lint clean venv

venv: $(STAMP)

# Reinstall when the pins change; requirements.lock pins every transitive dependency.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test]'
	touch $@

## demo: start the demo portal, crawl it into $(DB), print a summary, serve Datasette on :8001
demo: $(STAMP)
	$(BIN)/archiver demo --db $(DB)

## demo-crawl: the same crawl and summary, without serving
demo-crawl: $(STAMP)
	$(BIN)/archiver demo --no-serve --db $(DB)

## test: the whole suite (unit, spider fixtures, end-to-end on loopback)
test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## bench: every bench/bench_*.py in turn (numbers, not pass/fail; long runs live here, not in tests)
bench: $(STAMP)
	set -e; for script in bench/bench_*.py; do echo "== $$script"; $(BIN)/python $$script; done

## crawl: SITE=name BASE_URL=url
crawl: $(STAMP)
	$(BIN)/archiver crawl --site $(SITE) $(if $(BASE_URL),--base-url $(BASE_URL)) --db $(DB)

serve: $(STAMP)
	$(BIN)/archiver serve --db $(DB)

export: $(STAMP)
	$(BIN)/archiver export --db $(DB) --format csv --out data/exports/articles.csv

## lint: ruff and mypy (pinned in the lint extra)
lint: $(STAMP)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[test,lint]'
	$(BIN)/python -m ruff check archiver spiders tests bench
	$(BIN)/python -m mypy archiver spiders

clean:
	rm -rf $(VENV) .pytest_cache
