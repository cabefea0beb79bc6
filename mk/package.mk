# The package as PyPI gets it (issue 11): wheel and sdist, and the book's
# chapters as notebooks that run outside the repository. The Makefile includes
# this file; `make help-package` lists its targets.

DIST_DIR = $(BUILD_DIR)/dist

TEST_STEPS += check-wheel

.PHONY: help-package dist check-wheel

help-package:
	@echo "make dist          the wheel and the sdist of autodiff-lessons into $(DIST_DIR)"
	@echo "make check-wheel   build them, twine check, then run the doctests and a smoke test in a fresh venv"

dist: install
	$(PYTHON) -m build --outdir $(DIST_DIR) .

# tools/package/check_wheel.py says what is checked; it also writes $(DIST_DIR).
check-wheel: install
	$(PYTHON) -m tools.package.check_wheel --dist $(DIST_DIR)
