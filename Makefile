PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck bench bench-national bench-served sample laptop-kit clean browser

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

## Install and run the whole test suite, lint, types (for Linux and Windows) and layer contracts.
test: $(STAMP) browser
	$(BIN)/ruff check hotspot_tui tests bench
	$(BIN)/mypy --platform linux --cache-dir .mypy_cache/linux
	$(BIN)/mypy --platform win32 --cache-dir .mypy_cache/win32
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m pytest -n auto --maxprocesses 2

lint: $(STAMP)
	$(BIN)/ruff check hotspot_tui tests bench

## The type checker as `make test` runs it: at the lowest supported Python, for Linux and Windows.
typecheck: $(STAMP)
	$(BIN)/mypy --platform linux --cache-dir .mypy_cache/linux
	$(BIN)/mypy --platform win32 --cache-dir .mypy_cache/win32

bench: $(STAMP)
	$(BIN)/python bench/benchmark.py
	$(BIN)/python bench/sync_bench.py

## The benchmark's rows on the national sample (bench/national.db, 5,000,000 assignments, 8.1 GiB;
## made first if missing: about a quarter of an hour), beside the county's in docs/PERFORMANCE.md.
bench-national: $(STAMP)
	$(BIN)/python bench/benchmark.py --scale national

## Ten supervisors at once for a minute on a served county file (docs/PERFORMANCE.md).
bench-served: $(STAMP)
	$(BIN)/python bench/served.py

## Regenerate the committed demo database.
sample: $(STAMP)
	rm -f sample.db
	$(BIN)/hotspot-tui sample --out sample.db --seed 2026 --scale demo

## Gather the laptop kit: wheels to install on Windows or Linux laptops with no network.
laptop-kit: $(STAMP)
	rm -rf dist/laptop-kit
	$(BIN)/hotspot-tui kit --out dist/laptop-kit

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache .mypy_cache
