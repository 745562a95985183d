PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench sample clean browser

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

## Install and open the app on a temporary copy of the demo data.
run: $(STAMP)
	$(BIN)/hotspot-tui --demo

## Debian's chromium for the browser tests (installed once; needs root or sudo).
CHROMIUM ?= /usr/bin/chromium
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium; \
	fi

## Install and run the whole test suite, lint and layer contracts.
test: $(STAMP) browser
	$(BIN)/ruff check hotspot_tui tests bench
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check hotspot_tui tests bench

bench: $(STAMP)
	$(BIN)/python bench/benchmark.py

## Regenerate the committed demo database.
sample: $(STAMP)
	rm -f sample.db
	$(BIN)/hotspot-tui sample --out sample.db --seed 2026 --scale demo

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
