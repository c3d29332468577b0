# Two commands on a fresh machine: `make demo` and `make test`.
# uv installs the locked dependencies into .venv; it never downloads Python.
SHELL := /bin/bash
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
export UV_PYTHON_DOWNLOADS := never

.PHONY: setup demo test lint typecheck check eval bench

$(UV):
	python3 -m pip install --quiet --target .tools/lib uv
	mkdir -p .tools/bin && ln -sf ../lib/bin/uv .tools/bin/uv

.venv/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --quiet
	touch $@

setup: .venv/.synced

demo: setup
	$(UV) run --frozen interviewer demo

test: setup
	$(UV) run --frozen pytest

lint: setup
	$(UV) run --frozen ruff check .
	$(UV) run --frozen ruff format --check .

typecheck: setup
	$(UV) run --frozen mypy

eval: setup
	$(UV) run --frozen interviewer eval eval/cases

check: lint typecheck test
