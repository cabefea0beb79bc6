"""What the build changes in a master before Otter Assign sees it, so every assignment gets the same course rules.

The masters say what is particular to an assignment (its name, questions,
tests). What every assignment of the course shares is set here, once, so a
new assignment folder follows the rules without copying them:

* tests are written as files (``tests/<question>.py``) next to the student
  notebook, not into its metadata: ``grader.check`` then works in a renamed
  copy (``...-Copy1.ipynb``), which reads no metadata of the original;
* an export cell, so students produce a submission zip (no PDF: it needs LaTeX);
* the autograder's environment is the pinned one of ``autograder_env.py``, with
  the book's wheel inside the zip; a master's own ``requirements`` are dropped;
* hidden tests' results are shown to students after grading, or not
  (``show_hidden``, the course's choice);
* every public test says, when it passes, that it is only part of the grading.

After Otter Assign, ``finish_student_notebook`` fixes the two texts Otter writes
that mislead students (see there).
"""

from __future__ import annotations

import re

import jupytext
import nbformat
import yaml

CONFIG_BLOCK = re.compile(r"```otter\n# ASSIGNMENT CONFIG\n(?P<body>.*?)```", re.S)
TEST_CONFIG = re.compile(r'^""" # BEGIN TEST CONFIG\n(?P<body>.*?)""" # END TEST CONFIG\n', re.S)
PUBLIC_PASSED = ("This public check passed. Public checks are a subset of the tests: the autograder runs hidden "
                 "ones on your answer after you submit.")
CHECK_ALL_TEXT = ("---\n\nThe cell below runs the public checks of every question again, the same ones as the "
                  "`grader.check` cells above. They are a subset: after you submit, the autograder also runs "
                  "hidden tests.")
INIT_CALL = re.compile(r'^grader = otter\.Notebook\(\s*"[^"]*"\s*\)$', re.M)
# Jupyter tells the kernel the notebook's full path (JPY_SESSION_NAME), also after a rename, and runs the kernel
# in the notebook's folder; without it (another front end), Otter looks for the one notebook in the folder.
INIT_REPLACEMENT = """import os

# This notebook's file name, also if you renamed it: Jupyter tells the kernel.
grader = otter.Notebook(os.path.basename(os.environ.get("JPY_SESSION_NAME", "")) or None)"""
EXPORT_INSTRUCTIONS = ("Hand in the zip file this cell writes (or, with GitHub Classroom, commit and push this "
                       "notebook).")


def course_config(config: dict, environment_file: str, autograder_files: list[str], show_hidden: bool) -> dict:
    """The master's assignment config with the course's rules applied."""
    config = dict(config)
    config.pop("requirements", None)
    config["environment"] = environment_file
    config["autograder_files"] = sorted(set(config.get("autograder_files", [])) | set(autograder_files))
    config["tests"] = {**(config.get("tests") or {}), "files": True, "ok_format": False}
    config["export_cell"] = {"pdf": False, "instructions": EXPORT_INSTRUCTIONS}
    generate = config.get("generate") if isinstance(config.get("generate"), dict) else {}
    config["generate"] = {**generate, "show_hidden": show_hidden}
    return config


def apply_course_rules(master_nb: nbformat.NotebookNode, environment_file: str, autograder_files: list[str],
                       show_hidden: bool) -> nbformat.NotebookNode:
    """The master notebook (as jupytext reads it) with the course config and the public tests' messages."""
    in_tests, found_config = False, False
    for cell in master_nb.cells:
        if cell.cell_type == "markdown":
            match = CONFIG_BLOCK.search(cell.source)
            if match:
                found_config = True
                config = course_config(yaml.safe_load(match["body"]), environment_file, autograder_files,
                                       show_hidden)
                body = "# ASSIGNMENT CONFIG\n" + yaml.safe_dump(config, sort_keys=False)
                cell.source = cell.source[: match.start()] + f"```otter\n{body}```" + cell.source[match.end():]
            if "# BEGIN TESTS" in cell.source:
                in_tests = True
            if "# END TESTS" in cell.source:
                in_tests = False
        elif in_tests:
            cell.source = with_success_message(cell.source)
    if not found_config:
        raise ValueError("the master has no ```otter block starting with # ASSIGNMENT CONFIG")
    return master_nb


def with_success_message(test_source: str) -> str:
    """A public test cell gets PUBLIC_PASSED as its success message; hidden tests are left alone."""
    match = TEST_CONFIG.match(test_source)
    config = yaml.safe_load(match["body"]) if match else {}
    config = config or {}
    if config.get("hidden") or "success_message" in config:
        return test_source
    config["success_message"] = PUBLIC_PASSED
    body = yaml.safe_dump(config, sort_keys=False, width=1000)
    rest = test_source[match.end():] if match else test_source
    return f'""" # BEGIN TEST CONFIG\n{body}""" # END TEST CONFIG\n{rest}'


def finish_notebook(path) -> None:
    """After Otter Assign: the init cell finds a renamed notebook; the check-all cell says what it really runs."""
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = INIT_CALL.sub(INIT_REPLACEMENT, cell.source)
        elif cell.source.startswith("---\n\nTo double-check your work"):
            cell.source = CHECK_ALL_TEXT
    nbformat.write(nb, path)


def read_master(path) -> nbformat.NotebookNode:
    return jupytext.read(path)
