# Classroom features: the student edition of the book and the autograded assignments.
# The Makefile includes this file; `make help-classroom` lists its targets.
# book/instructors.md explains them to teachers.

STUDENT_DIR = $(BUILD_DIR)/student
ASSIGNMENTS_DIR = $(BUILD_DIR)/assignments
# `make book-student STUDENT_EDITION_FLAGS=--execute` runs every cell again instead.
STUDENT_EDITION_FLAGS ?=

# After book-cold in `make test`, book-student reuses the executed cells of the
# teacher build (tools/classroom/student_edition.py explains how), so it adds seconds, not
# a second execution of every chapter.
TEST_STEPS += check-student-edition check-assignments check-grading check-instructors-page check-student-repo

.PHONY: help-classroom book-student check-student-edition assignments check-assignments grade check-grading \
	student-repo check-student-repo check-instructors-page

help-classroom:
	@echo "make book-student           build the site without solutions into $(STUDENT_DIR)/html"
	@echo "make check-student-edition  build it, then prove no solution text is in it"
	@echo "make assignments            student notebooks and autograder zips into $(ASSIGNMENTS_DIR)/<name>/"
	@echo "make check-assignments      build them, prove nothing secret is in the student notebooks, grade the reference with otter run"
	@echo "make check-grading          grade made-up submissions of every kind (loops, syntax errors, patched numpy...): $(BUILD_DIR)/grading-table.md"
	@echo "make student-repo           the students' repository (no answers) into $(STUDENT_REPO_DIR); STUDENT_REPO_URL=..."
	@echo "make check-student-repo     prove no solution, hidden test or kept answer is in the tree student-repo wrote"
	@echo "make check-instructors-page run every command of book/instructors.md as written"
	@echo "make grade SUBMISSIONS=DIR  grade every notebook in DIR: $(GRADES_DIR)/grades.csv, lms.csv, feedback/"

# Solutions are cut out of a copy of the sources (_build/student-src), not just hidden.
book-student: install figures
	$(PYTHON) -m tools.classroom.student_edition --build-dir $(BUILD_DIR) --jupyter-book $(JUPYTER_BOOK) \
		--flags "$(BOOK_FLAGS)" --repository-url $(STUDENT_REPO_URL) $(STUDENT_EDITION_FLAGS)

check-student-edition: book-student
	$(PYTHON) -m tools.classroom.check_student_edition --build $(STUDENT_DIR)

assignments: install
	$(PYTHON) -m tools.classroom.build_assignments --out $(ASSIGNMENTS_DIR) --show-hidden $(SHOW_HIDDEN)

# No secret in the student notebooks; each zip laid out as Gradescope wants;
# the reference graded with `otter run` (Otter's own executor) scores full marks.
check-assignments: assignments
	$(PYTHON) -m tools.classroom.check_assignments --out $(ASSIGNMENTS_DIR)

# ---------------------------------------------------------------- grading a class

# `make grade SUBMISSIONS=DIR`: every notebook in DIR (flat, or one folder per
# student as GitHub Classroom clones them) -> $(GRADES_DIR)/grades.csv, lms.csv
# and feedback/<student>.md. No Docker; each test has a time limit.
SUBMISSIONS ?=
GRADES_DIR ?= $(BUILD_DIR)/grades
# Whether feedback files show the messages of hidden tests (yes or no).
SHOW_HIDDEN ?= yes
# GitHub Classroom's roster export, to put LMS identifiers in lms.csv (optional).
ROSTER ?=
GRADE_JOBS ?= 2

# Grades with the autograders `make assignments` built (it says so if there are none).
grade: install
	@if [ -z "$(SUBMISSIONS)" ]; then \
		echo "error: say which folder to grade: make grade SUBMISSIONS=path/to/submissions" >&2; exit 1; fi
	$(PYTHON) -m tools.classroom.grade --submissions "$(SUBMISSIONS)" --assignments $(ASSIGNMENTS_DIR) \
		--out $(GRADES_DIR) --jobs $(GRADE_JOBS) --show-hidden $(SHOW_HIDDEN) $(if $(ROSTER),--roster "$(ROSTER)")

# Right, right-but-different, partial, wrong, syntax error, endless loop,
# patched numpy, renamed and empty submissions of every assignment, graded as
# `make grade` grades; each must get the score it deserves, within a time budget.
# Grades what `make assignments` built (run before it in `make test`).
check-grading: install
	$(PYTHON) -m tools.classroom.check_grading --assignments $(ASSIGNMENTS_DIR) --table $(BUILD_DIR)/grading-table.md

# ---------------------------------------------------------------- the students' repository

# Where students work: the repository and launch buttons of the student
# edition lead there, and `make student-repo` writes its tree. Set it to your
# course's repository (a template repository for GitHub Classroom).
STUDENT_REPO_URL ?= https://github.com/autodiff-lessons/autodiff-lessons-student
STUDENT_REPO_DIR = $(BUILD_DIR)/student-repo
# Your course's JupyterHub, for nbgitpuller links in the student README (optional).
JUPYTERHUB_URL ?=

# From what `make book-student` and `make assignments` built (it says so if they are missing).
student-repo: install
	$(PYTHON) -m tools.classroom.student_repo --out $(STUDENT_REPO_DIR) --assignments $(ASSIGNMENTS_DIR) \
		--student-src $(BUILD_DIR)/student-src --repository-url $(STUDENT_REPO_URL) \
		$(if $(JUPYTERHUB_URL),--jupyterhub-url $(JUPYTERHUB_URL))

# Checks the tree `make student-repo` wrote (in `make test`, check-instructors-page runs it).
check-student-repo: install
	$(PYTHON) -m tools.classroom.check_student_repo --repo $(STUDENT_REPO_DIR)

# Every command of book/instructors.md, run as written (tools/classroom/page_commands.py).
check-instructors-page: install
	$(PYTHON) -m tools.classroom.page_commands --page book/instructors.md --venv $(VENV)
