# The two commands a reader needs:
#   make book   set up (.venv with pinned packages) and build the site into _build/html
#   make test   set up (plus Debian's chromium) and run every test
# Other targets: make serve, make clean, make bench (see benchmarks/README.md).

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# What `book` needs first; tests building throwaway copies pass SETUP= to skip it.
SETUP ?= $(STAMP)
JB_FLAGS := --warningiserror --nitpick --keep-going
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: book test setup chromium serve clean

# Pages are first executed on all cores into the execution cache (prefill.py),
# then Sphinx builds strictly, re-executing any page that failed there.
# On failure the saved Sphinx environment is dropped: otherwise the next build
# would find nothing out of date and pass without repeating the warnings.
book: $(SETUP)
	$(BIN)/python book/_ext/prefill.py
	$(BIN)/jupyter-book build $(JB_FLAGS) . || { rm -f _build/.doctrees/environment.pickle; exit 1; }

test: $(STAMP) chromium book
	$(BIN)/python -m pytest

setup: $(STAMP)

# A fresh virtual environment whenever the pins change.
$(STAMP): requirements.txt constraints.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: the book needs Python 3.11"; exit 1; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -c constraints.txt
	touch $(STAMP)

# The browser tests drive Debian's chromium; Playwright cannot download its own here.
chromium:
	@[ -x /usr/bin/chromium ] || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

serve:
	@echo "Serving _build/html on http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html 8000

clean:
	rm -rf _build
