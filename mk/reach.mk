# Reach: the site as readers get it. The JavaScript the pages need ships with
# the site (no CDN), the built pages are checked in headless Chromium, and no
# internal link or anchor is broken. The Makefile includes this file; `make
# help-reach` lists its targets. Binder's environment lives in binder/.

# MathJax (and axe-core, for the browser tests), fetched from npm by tools/reach/bundle_js.py
# into book/_static/bundled/ (ignored by git). The stamp is a file the script writes;
# a changed pin in the script fetches again.
BUNDLED_DIR = book/_static/bundled
BUNDLE_STAMP = $(BUNDLED_DIR)/mathjax/tex-svg.js
SCREENSHOTS_DIR = $(BUILD_DIR)/screenshots

# After the book is built (book-cold comes first in TEST_STEPS).
TEST_STEPS += test-browser check-links

.PHONY: help-reach bundle-js test-browser check-links

help-reach:
	@echo "make bundle-js      fetch MathJax and axe-core into $(BUNDLED_DIR) (the book build does it)"
	@echo "make test-browser   open every page of $(HTML_DIR) in headless Chromium, offline; screenshots in $(SCREENSHOTS_DIR)"
	@echo "make check-links    no broken internal link or anchor in $(HTML_DIR)"

bundle-js: $(BUNDLE_STAMP)

$(BUNDLE_STAMP): tools/reach/bundle_js.py | $(PYTHON)
	$(call require-program,npm,npm,node,nodejs)
	$(PYTHON) -m tools.reach.bundle_js $(BUNDLED_DIR)

# Every build of the site needs the bundled scripts (_config.yml points at them).
book book-cold book-student: $(BUNDLE_STAMP)

# The tests serve $(HTML_DIR) on 127.0.0.1 and block every other host.
# tests/browser/conftest.py explains what is checked.
test-browser: install browser
	@test -f $(HTML_DIR)/index.html || { echo "error: no site in $(HTML_DIR): run make book first" >&2; exit 1; }
	BROWSER_TEST_SITE=$(HTML_DIR) BROWSER_TEST_SCREENSHOTS=$(SCREENSHOTS_DIR) CHROMIUM=$$(command -v $(CHROMIUM)) \
		$(PYTHON) -m pytest tests/browser -p no:cacheprovider

# Internal links and #anchors of every page, read from the files (no server, no
# network: external links are listed, not fetched). tools/reach/linkcheckerrc says how.
# Every page links the book's PDF: run `make pdf` first (`make test` does).
check-links: install
	$(PYTHON) -m tools.reach.check_links $(HTML_DIR)
