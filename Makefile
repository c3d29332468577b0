# Two commands on a fresh machine: `make demo` and `make test`.
# uv installs the locked dependencies into .venv; it never downloads Python.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
export UV_PYTHON_DOWNLOADS := never

.PHONY: setup demo test browser-deps lint typecheck check eval bench

$(UV):
	python3 -m pip install --quiet --target .tools/lib uv
	mkdir -p .tools/bin && ln -sf ../lib/bin/uv .tools/bin/uv

.venv/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --quiet
	touch $@

setup: .venv/.synced

demo: setup
	$(UV) run --frozen interviewer demo

# The browser tests import the BPMN into bpmn-js: the npm packages are
# installed when npm is there; without them those tests say they are skipped.
browser-deps:
	@if [ ! -f tests/browser/node_modules/.package-lock.json ] || [ tests/browser/package-lock.json -nt tests/browser/node_modules/.package-lock.json ]; then \
	  if command -v npm >/dev/null 2>&1; then (cd tests/browser && npm ci --silent --no-audit --no-fund) || echo "npm ci failed: browser tests will be skipped"; \
	  else echo "npm not found: browser tests will be skipped"; fi; \
	fi

test: setup browser-deps
	$(UV) run --frozen pytest

lint: setup
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

typecheck: setup
	$(UV) run --frozen mypy

eval: setup
	$(UV) run --frozen interviewer eval eval/cases
	$(UV) run --frozen interviewer eval eval/holdout --out eval/results/scorecard-holdout-offline.json
	$(UV) run --frozen interviewer eval --pet

# Figures, not tests: each script prints its medians next to the targets.
bench: setup
	@for script in bench/bench_*.py; do echo "== $$script"; $(UV) run --frozen python "$$script" || exit 1; done

check: lint typecheck test
