# Thin entry points; the logic lives in Python (specgen) and pytest.
# Quickstart: `make setup` (install + regenerate), then `make test` (all tests, Prism included).
# Inner loop: `make test-fast` (the generator's tests that run no package, mypy or Prism).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
APIS := $(notdir $(wildcard specs/*/openapi.yaml specs/*/openapi.json))
PACKAGES := $(patsubst specs/%/,generated/%,$(sort $(dir $(wildcard specs/*/openapi.*))))
# Every core; tests sharing an expensive fixture stay on one worker (xdist_group marks).
PARALLEL := -n auto --dist loadgroup

.PHONY: setup install generate check compile test test-fast test-generator test-packages test-deps lint bench coverage clean

setup: install test-deps generate  ## install everything and regenerate every package

install:  ## create .venv and install the generator with its dev tools (pinned output tools)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"

generate:
	$(BIN)/specgen generate

check:  ## drift check: generated/ must equal what the specs produce
	$(BIN)/specgen check

lint:
	$(BIN)/specgen lint

# The Prism mock server (npm, pinned by package-lock.json) and each generated package; each
# step reruns only when its inputs changed (the stamp files record the last install).
test-deps: node_modules/.specgen-installed $(VENV)/.specgen-packages

node_modules/.specgen-installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Editable: tests import the package's current source, also right after a regeneration.
$(VENV)/.specgen-packages: $(wildcard generated/*/pyproject.toml)
	for pkg in $(PACKAGES); do \
		$(BIN)/python -m pip install --quiet --no-build-isolation --no-deps -e "./$$pkg" || exit 1; \
	done
	touch $@

# Every test. The generator's suite runs each package's whole suite (Prism included) on what
# `specgen generate` writes now; `specgen check` then proves generated/ byte-identical to it,
# so the committed packages' own suites are the ones that ran (`make test-packages` runs them
# again from generated/ when you want to see it).
test: test-deps test-generator
	$(BIN)/specgen check

test-fast: test-deps compile  ## the inner loop: every generator test not marked slow
	$(BIN)/python -m pytest tests -q $(PARALLEL) -m "not slow"

test-generator: test-deps compile
	$(BIN)/python -m pytest tests -q $(PARALLEL)

# The tests start specgen in a hundred subprocesses: compiled once here, not in each of them
# (compileall writes bytecode even where PYTHONDONTWRITEBYTECODE is set; only changed files).
compile:
	$(BIN)/python -m compileall -q generator

# Each package's own suite from its own folder, two at a time, each one's output kept together.
test-packages: test-deps
	$(MAKE) --no-print-directory -j2 --output-sync=target $(addprefix test-package-,$(notdir $(PACKAGES)))

test-package-%:
	@echo "== generated/$*"
	cd generated/$* && ../../$(BIN)/python -m pytest -q -p no:cacheprovider

# Line coverage of generator/ by every test (a slower run: each process is traced).
coverage: test-deps compile
	rm -rf .coverage-data && mkdir .coverage-data
	COVERAGE_FILE=$(CURDIR)/.coverage-data/.coverage $(BIN)/python -m coverage run -m pytest tests -q $(PARALLEL)
	COVERAGE_FILE=$(CURDIR)/.coverage-data/.coverage $(BIN)/python -m coverage combine -q
	COVERAGE_FILE=$(CURDIR)/.coverage-data/.coverage $(BIN)/python -m coverage report | tail -1

bench:
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache
