# Two commands do all set-up on a fresh machine:
#   make book   build the website into _build/html (creates .venv if no environment is active; installs only
#               the site builder, book/requirements.txt: the build reads the committed outputs, no torch)
#   make test   unit tests of gen_utils + every notebook executed by nbval in fast mode (installs the rest)
SHELL := /bin/bash
PYTHON ?= python3

ifneq ($(VIRTUAL_ENV),)
  ENV_DIR := $(VIRTUAL_ENV)
else ifneq ($(filter-out base,$(CONDA_DEFAULT_ENV)),)
  ENV_DIR := $(CONDA_PREFIX)
else
  ENV_DIR := .venv
endif
PY := $(ENV_DIR)/bin/python
STAMP := $(ENV_DIR)/.gen-utils-installed
BOOK_STAMP := $(ENV_DIR)/.book-builder-installed
PIP := "$(PY)" -m pip install --quiet --disable-pip-version-check

.PHONY: book test install unit notebooks clean benchmark pretrained slides pdf test-pdf

$(PY):
	@echo "Creating a virtual environment in $(ENV_DIR)"; $(PYTHON) -m venv "$(ENV_DIR)"

$(STAMP): pyproject.toml | $(PY)
	$(PIP) -e ".[book,test]"
	@touch "$@" "$(BOOK_STAMP)"

$(BOOK_STAMP): book/requirements.txt | $(PY)
	$(PIP) -r book/requirements.txt
	@touch "$@"

install: $(STAMP)

# make book STUDENT=1: the student edition, without the exercises' solutions, in _build/student/_build/html
book: $(BOOK_STAMP)
ifeq ($(STUDENT),1)
	"$(PY)" tools/student_edition.py --builder "$(ENV_DIR)/bin/jupyter-book"
else
	"$(ENV_DIR)/bin/jupyter-book" build . --warningiserror --nitpick --keep-going
	@$(MAKE) --no-print-directory slides || echo "note: the slides were not built (npm missing?); the chapters' slide links need them"
	@echo "Open _build/html/index.html"
endif

# One reveal.js deck per chapter from the same notebooks (_build/slides/, and the website's slides/ folder);
# reveal.js comes from its npm package, MathJax from book/_static: the decks open offline.
REVEAL := _build/reveal/node_modules/reveal.js/dist/reveal.js
$(REVEAL):
	npm install --no-audit --no-fund --silent --prefix _build/reveal reveal.js@5

slides: $(BOOK_STAMP) $(REVEAL)
	"$(PY)" tools/slides.py

TEST_ENV := GEN_UTILS_FAST=1 PYTHONHASHSEED=0
# Test files (and notebooks, whose cells must stay in order in one kernel: --dist loadscope) run in TEST_WORKERS
# processes of one thread each; on CI's two cores that is 17% faster than one process of two threads (measured).
# `make test TEST_WORKERS=0` runs them in this process, with torch's default threads.
TEST_WORKERS ?= 2
ifeq ($(TEST_WORKERS),0)
  PARALLEL :=
else
  PARALLEL := OMP_NUM_THREADS=1 MKL_NUM_THREADS=1
  XDIST := -n $(TEST_WORKERS) --dist loadscope
endif

test: $(STAMP)
	@ckpt=$$(mktemp -d); trap 'rm -rf "$$ckpt"' EXIT; \
	$(TEST_ENV) $(PARALLEL) GEN_UTILS_CHECKPOINTS="$$ckpt" "$(PY)" -m pytest tests chapters $(XDIST) \
	  --nbval-lax --nbval-current-env --nbval-cell-timeout=900 -p no:cacheprovider --durations=15

unit: $(STAMP)
	$(TEST_ENV) "$(PY)" -m pytest tests -p no:cacheprovider

benchmark: $(STAMP)
	"$(PY)" benchmarks/throughput.py
	"$(PY)" benchmarks/chapter_times.py --readme README.md

clean:
	rm -rf _build

# Re-run every chapter in full mode and keep the outputs (what the website shows); use a GPU.
notebooks: $(STAMP)
	"$(PY)" tools/execute_notebooks.py chapters/*.ipynb

# Train a chapter's models at the book budget with its own cells, in the background (hours on a CPU; resumable,
# HOURS=2.3 stops cleanly before a session ends), then `python tools/pretrained.py pack CHAPTER` ships them.
pretrained: $(STAMP)
	@test -n "$(CHAPTER)" || { echo "usage: make pretrained CHAPTER=09_infogan [HOURS=2.3]"; exit 2; }
	@mkdir -p runs
	nohup "$(PY)" tools/pretrained.py train $(CHAPTER) $(if $(HOURS),--stop-after $(HOURS)) > runs/$(CHAPTER).out 2>&1 &
	@echo "Training $(CHAPTER) at the book budget in the background: progress in runs/$(CHAPTER).log"

# The whole book as one PDF (_build/pdf/book.pdf), printed from the website by Debian's Chromium and joined by
# poppler's pdfunite; `make test-pdf` builds it and checks it (about two minutes: kept out of `make test`).
pdf: book
	"$(PY)" tools/book_pdf.py

test-pdf: pdf $(STAMP)
	"$(PY)" -m pytest tests/test_pdf.py -p no:cacheprovider
