# The whole book as one PDF: `make pdf` prints every page of the built site in
# the toc's order with headless Chromium (tools/site/book_pdf.py), writes
# $(PDF_DIR)/autodiff-lessons.pdf, copies it into the site (the intro page
# links to it) and checks it (tests/pdf). In `make test` it runs before
# reach.mk's link check, which follows that link (SIDE_BY_SIDE_2 in the Makefile).

PDF_DIR = $(BUILD_DIR)/pdf
BOOK_PDF = $(PDF_DIR)/autodiff-lessons.pdf

TEST_STEPS += pdf

.PHONY: pdf

pdf: install browser
	@test -f $(HTML_DIR)/index.html || { echo "error: no site in $(HTML_DIR): run make book first" >&2; exit 1; }
	CHROMIUM=$$(command -v $(CHROMIUM)) $(PYTHON) -m tools.site.book_pdf --html $(HTML_DIR) --out $(BOOK_PDF)
	BOOK_PDF=$(BOOK_PDF) BOOK_HTML=$(HTML_DIR) $(PYTHON) -m pytest tests/pdf -p no:cacheprovider -q
