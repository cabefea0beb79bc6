# Runnable notebooks (issue 11): the book build writes one per chapter into
# $(NOTEBOOKS_DIR) and the site's download button (book/_ext/runnable_notebooks.py);
# publish.yml pushes them to the `notebooks` branch, which the Colab buttons open.
# The Makefile includes this file; `make help-notebooks` lists its targets.

NOTEBOOKS_DIR = $(BUILD_DIR)/notebooks

# After book-cold and check-wheel in `make test` (the build writes the notebooks,
# check-wheel the wheel they install).
TEST_STEPS += check-colab-links run-notebooks

.PHONY: help-notebooks notebooks check-colab-links run-notebooks

help-notebooks:
	@echo "make notebooks          build the book, which writes the runnable notebooks into $(NOTEBOOKS_DIR)"
	@echo "make check-colab-links  every Colab button of $(HTML_DIR) opens a notebook the publish workflow publishes"
	@echo "make run-notebooks      run each notebook in a fresh venv outside the repository, then Binder's pins"

notebooks: book
	@test -d $(NOTEBOOKS_DIR) || { echo "error: the book build wrote no $(NOTEBOOKS_DIR)" >&2; exit 1; }

check-colab-links: install
	$(PYTHON) -m tools.notebooks.check_colab_links --html $(HTML_DIR) --notebooks $(NOTEBOOKS_DIR)

# tools/notebooks/run_notebooks.py says what runs where. The notebooks install the
# wheel check-wheel builds and tests (mk/package.mk); in `make test` it runs once.
run-notebooks: install check-wheel
	$(PYTHON) -m tools.notebooks.run_notebooks --notebooks $(NOTEBOOKS_DIR) --dist $(DIST_DIR)
