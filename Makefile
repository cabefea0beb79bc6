# One set of targets for people and for CI (.ci/run calls `make test`).
# `make help` lists them.

VENV ?= .venv
PYTHON = $(VENV)/bin/python
PIP = $(PYTHON) -m pip
JUPYTER_BOOK = $(VENV)/bin/jupyter-book

BUILD_DIR = _build
HTML_DIR = $(BUILD_DIR)/html
# -W: warnings are errors (a failing cell is a warning); -n: broken references
# too; --keep-going: report every problem, not just the first.
BOOK_FLAGS = -W -n --keep-going
LAB_FLAGS ?=
BENCH_FLAGS ?=

# What `make test` runs, in this order. To add a check, write a target and
# append it here.
TEST_STEPS = test-package check-figures book-cold check-site bench-smoke

# Written after a successful install; newer inputs make `install` run again.
INSTALL_STAMP = $(VENV)/.installed

.DEFAULT_GOAL := help
# The test steps must run one after the other, even under `make -j`.
.NOTPARALLEL:
.PHONY: help install system-tools browser figures check-figures book book-cold \
	test $(TEST_STEPS) bench stats lab clean distclean

help:
	@echo "make book        build the site into $(HTML_DIR) (installs everything first)"
	@echo "make test        install, then run every check CI runs: $(TEST_STEPS) (side by side: $(SIDE_BY_SIDE_1), $(SIDE_BY_SIDE_2))"
	@echo "make book-cold   build the site from scratch, executing every cell"
	@echo "make pdf         the whole book as one PDF in $(BUILD_DIR)/pdf, linked from the site (after make book)"
	@echo "make figures     regenerate figures/*.gv and their .svg"
	@echo "make bench       run the benchmarks"
	@echo "make stats       count the engine's lines of code against their budgets"
	@echo "make lab         open the chapters as notebooks in JupyterLab"
	@echo "make install     create $(VENV) and install the Python packages and Graphviz"
	@echo "make clean       remove build outputs and caches (keeps $(VENV))"
	@echo "make distclean   clean, and remove $(VENV) and the fetched scripts too"
	@echo "make help-classroom, make help-reach: targets for teachers, and for checking the site as readers see it"

# ---------------------------------------------------------------- install

install: $(INSTALL_STAMP) system-tools

$(PYTHON):
	@py=$$(command -v python3.11 || true); \
	if [ -z "$$py" ] && python3 -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null; then \
		py=$$(command -v python3); \
	fi; \
	if [ -z "$$py" ]; then \
		echo "error: Python 3.11 is needed to create $(VENV); neither python3.11 nor python3 is 3.11." >&2; \
		exit 1; \
	fi; \
	echo "Creating $(VENV) with $$py"; \
	"$$py" -m venv $(VENV)

$(INSTALL_STAMP): requirements.txt pyproject.toml | $(PYTHON)
	$(PIP) install -r requirements.txt
	$(PIP) install -e .
	@touch $@

# Programs from outside PyPI: when one is missing, install it with apt-get if
# we can (Debian/Ubuntu as root, as on CI), else say how and stop.
# $(call require-program,PROGRAM,DEBIAN PACKAGE,BREW PACKAGE,CONDA PACKAGE or empty)
define require-program
	@if ! command -v $(1) >/dev/null 2>&1; then \
		if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
			echo "Installing $(2) with apt-get"; \
			apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y $(2); \
		else \
			echo "error: the program '$(1)' is missing. Install it, then run make again:" >&2; \
			echo "    Debian/Ubuntu:  sudo apt-get install $(2)" >&2; \
			echo "    macOS:          brew install $(3)" >&2; \
			if [ -n "$(4)" ]; then echo "    conda:          conda install -c conda-forge $(4)" >&2; fi; \
			exit 1; \
		fi; \
	fi
endef

# Graphviz's `dot` draws the expression graphs in the book and the tests.
system-tools:
	$(call require-program,dot,graphviz,graphviz,graphviz)

# Headless Chromium, for the browser tests of the built site (mk/reach.mk).
# Another Chromium-based browser will do: `make test CHROMIUM=google-chrome`.
CHROMIUM ?= chromium
browser:
	$(call require-program,$(CHROMIUM),chromium,--cask chromium,)

# ---------------------------------------------------------------- figures

figures: install
	$(PYTHON) -m tools.site.make_figures

# A committed .gv that `make figures` changes is stale. SVGs are not compared:
# they differ between Graphviz versions.
check-figures: figures
	$(PYTHON) -m tools.site.check_site --figures

# ---------------------------------------------------------------- book

# Sphinx re-reads only changed pages, so a warning (a failing cell among them)
# would show in one build and pass silently in the next. After a failed build,
# forget the parsed pages: the next build reads them all again (cells whose
# results are cached do not run again; a failed notebook is never cached).
#
# The chapters' kernels read book/ipython_kernel_config.py (plots as SVG) from
# an IPython folder of the build's own, so no reader's settings change.
IPYTHON_DIR = $(BUILD_DIR)/ipython
BUILD_BOOK = mkdir -p $(IPYTHON_DIR)/profile_default && \
	cp book/ipython_kernel_config.py $(IPYTHON_DIR)/profile_default/ && \
	IPYTHONDIR=$(abspath $(IPYTHON_DIR)) $(JUPYTER_BOOK) build . $(BOOK_FLAGS) || { rm -rf $(BUILD_DIR)/.doctrees; exit 1; }

book: install figures
	$(BUILD_BOOK)

# Every cell runs again: no execution cache, no previous HTML.
book-cold: install figures
	rm -rf $(BUILD_DIR)
	$(BUILD_BOOK)

# ---------------------------------------------------------------- tests

# Targets of the classroom and reach features live in mk/; each file appends
# its checks to TEST_STEPS.
include $(wildcard mk/*.mk)

# ---------------------------------------------------------------- side by side

# CI has two cores, and many steps keep only one busy, so `make test` runs
# these groups side by side (groups separated by |; the steps of a group one
# after the other). tools/site/side_by_side.py prefixes each line with its step
# and fails if any step fails. Each pair takes the place of its last step in
# TEST_STEPS. No group writes a file another group of its pair reads:
# 1. The package tests (in temporary folders) beside the book's build, the
#    check of the built site and the benchmark smoke run (one core each). The
#    figures are drawn before (check-figures), not again while tests read them.
# 2. run-notebooks (pip, then one kernel at a time, in a temporary folder)
#    beside pdf then check-links (one Chromium, then one Python: pdf writes the
#    PDF into the site, whose links check-links then follows); after check-wheel,
#    which builds the wheel run-notebooks installs.
# Each step still runs alone with `make <target>`.
SIDE_BY_SIDE_1 = test-package | book-cold check-site bench-smoke
SIDE_BY_SIDE_2 = run-notebooks | pdf check-links
SIDE_BY_SIDE_STEPS = $(filter-out |,$(SIDE_BY_SIDE_1) $(SIDE_BY_SIDE_2))
TEST_STEPS := $(strip $(foreach step,$(TEST_STEPS), \
	$(if $(filter $(step),$(lastword $(SIDE_BY_SIDE_1))),side-by-side-1, \
	$(if $(filter $(step),$(lastword $(SIDE_BY_SIDE_2))),side-by-side-2, \
	$(filter-out $(SIDE_BY_SIDE_STEPS),$(step))))))

.PHONY: side-by-side-1 side-by-side-2
side-by-side-1: install check-figures
	$(PYTHON) -m tools.site.side_by_side --make "$(MAKE) VENV=$(VENV)" --old install --old figures "$(SIDE_BY_SIDE_1)"

side-by-side-2: install check-wheel browser
	$(PYTHON) -m tools.site.side_by_side --make "$(MAKE) VENV=$(VENV)" --old install --old browser --old check-wheel \
		"$(SIDE_BY_SIDE_2)"

test: $(TEST_STEPS)
	@echo "make test: all steps passed ($(TEST_STEPS); side by side: $(SIDE_BY_SIDE_1), $(SIDE_BY_SIDE_2))"

# The package tests, then the examples in the package's docstrings (what the API page shows).
# The tests run in TEST_JOBS processes (pytest-xdist): most of them are one
# core's work each, and CI has two cores (about 100 s -> 75 s there).
TEST_JOBS ?= 2
test-package: install
	$(PYTHON) -m pytest tests -n $(TEST_JOBS)
	$(PYTHON) -m pytest --doctest-modules autodiff_lessons -p no:cacheprovider

check-site: install
	$(PYTHON) -m tools.site.check_site --html $(HTML_DIR)

# `make bench BENCH_FLAGS=--quick` for a smoke run; benchmarks/README.md has the flags.
bench: install
	$(PYTHON) -m benchmarks.run $(BENCH_FLAGS)

# The benchmark script at small sizes: it keeps working, and its gradient
# checks pass. Timings from a shared CI machine are not judged.
bench-smoke: install
	mkdir -p $(BUILD_DIR)
	$(PYTHON) -m benchmarks.run --quick --out $(BUILD_DIR)/bench-quick.md > /dev/null

# The engine's lines of code against the budgets of issue 9; the budgets
# themselves are enforced by tests/engine/test_engine_stats.py.
stats: install
	$(PYTHON) -m tools.engine.engine_stats

# ---------------------------------------------------------------- reading

# JupyterLab is installed here, on first use, rather than from requirements.txt:
# its dependencies make every jupyter-book run start about 2 s slower (jsonschema
# then compiles a URI grammar on import), and neither CI nor `make book` needs it.
# Binder brings its own JupyterLab.
LAB_PACKAGES = jupyterlab==4.6.6

# Jupytext opens the MyST .md chapters as notebooks; the setting is written
# inside $(VENV), so nothing outside the project changes.
lab: install
	@$(PYTHON) -c "import jupyterlab" 2>/dev/null || $(PIP) install $(LAB_PACKAGES)
	$(VENV)/bin/jupytext-config \
		--settings-file $(VENV)/etc/jupyter/labconfig/default_setting_overrides.json \
		set-default-viewer markdown myst
	$(VENV)/bin/jupyter lab --ServerApp.root_dir=book \
		$$([ "$$(id -u)" = 0 ] && echo --allow-root) $(LAB_FLAGS)

# ---------------------------------------------------------------- cleaning

clean:
	rm -rf $(BUILD_DIR) .pytest_cache .hypothesis
	find . -path ./$(VENV) -prune -o \( -name __pycache__ -o -name .ipynb_checkpoints \) -type d -prune -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) book/_static/bundled
