# Two entry points: `make run` and `make test`. Everything installs into ./.venv.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | sha256sum | cut -c1-12)
# Debian packages the tests need: LibreOffice + poppler render the exported .docx,
# Liberation fonts stand in for Times New Roman, Chromium runs the browser tests.
APT_PACKAGES := libreoffice-writer-nogui poppler-utils fonts-liberation chromium

.PHONY: install system-deps run test bench clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Cần Python 3.11 ($(PYTHON) không có)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip wheel setuptools
	# The CPU build of torch first, so nothing below pulls a CUDA build.
	$(PY) -m pip install --quiet torch==2.13.0
	# llama-cpp-python compiles from source (~7 min on 2 cores), for a generic x86-64 CPU: the build
	# tuned to this machine (GGML_NATIVE) crashed in decode on the AVX-512 VMs here. No wheel cache:
	# a cached native build would be reused. The pinned version is read from pyproject.toml.
	CMAKE_ARGS="-DGGML_NATIVE=OFF" $(PY) -m pip install --quiet --no-cache-dir \
		"$$(grep -o 'llama-cpp-python\[server\]==[0-9.]*' pyproject.toml)"
	$(PY) -m pip install --quiet -e '.[dev]'
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

system-deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "Cài gói hệ thống:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

# The app indexes corpus/ itself on first start (incremental, with a progress banner), so a bad
# file in the corpus never stops the app from starting.
run: install
	$(PY) -m ui

test: install system-deps
	$(PY) -m pytest

bench: install
	$(PY) bench/bench_indexing.py
	$(PY) bench/bench_search.py

# Removes the environment and caches only: data/ holds the officers' saved workspaces.
clean:
	rm -rf $(VENV) .eval_cache
