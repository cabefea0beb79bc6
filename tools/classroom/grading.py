"""Grade one submitted notebook against an assignment's tests, in a kernel of its own, with time limits.

This does what ``otter run`` does (execute the notebook, then run every test,
public and hidden, on what it defined), with four differences that make
scores fair and grading safe to leave running:

* every cell and every test case has a time limit (``tools/classroom/kernel.py``):
  an endless loop loses the question it is in, and grading goes on;
* a cell that does not parse is reported as a ``SyntaxError`` with its cell
  number and first line, not as the error it later causes in a test;
* the tests do not use the student's numpy: before the notebook runs, the
  grader keeps the namespaces of numpy, math, builtins, json, sympy and
  ``autodiff_lessons``; before each test it puts them back, so an answer that
  sets ``np.allclose = lambda *a, **k: True`` gains nothing;
* ``grader.check`` and ``grader.export`` cells of the notebook do nothing, so
  grading does not depend on the notebook's file name or on its tests folder.

Test files are Otter's exception-based ``tests/<question>.py``, read with
Otter's own parser, so points and hidden flags mean what they mean to Otter.
"""

from __future__ import annotations

import json
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from otter.test_files.exception_test import ExceptionTestFile

from tools.classroom.autograder_env import imported_modules
from tools.classroom.kernel import Kernel

CELL_TIMEOUT = 60.0
TEST_TIMEOUT = 30.0

# Modules whose namespaces the tests trust, with those the tests import. Their state before the notebook ran is
# put back before every test.
GUARDED_MODULES = ("builtins", "math", "json", "numpy", "numpy.linalg", "numpy.random", "numpy.testing",
                   "autodiff_lessons")

SETUP = '''
def _autograder_setup(nonce, guarded_names):
    import importlib, sys
    guarded = {}
    for name in guarded_names:
        try:
            importlib.import_module(name)
        except ImportError:
            continue
    for name, module in list(sys.modules.items()):
        if module is not None and (name in guarded_names or name.startswith("autodiff_lessons.")):
            guarded[name] = (module, dict(vars(module)))

    import otter

    class _NoChecks:
        """grader.check/export do nothing while grading: the grader runs every test itself."""
        def __init__(self, *args, **kwargs):
            pass
        def __getattr__(self, name):
            return lambda *args, **kwargs: None

    otter.Notebook = _NoChecks
    modules, namespace_of = sys.modules, vars
    main_globals = globals()

    def restore():
        for name, (module, namespace) in guarded.items():
            modules[name] = module
            current = namespace_of(module)
            for key, value in namespace.items():
                if current.get(key, restore) is not value:
                    current[key] = value

    def run_test(path, index):
        restore()
        from otter.test_files.exception_test import ExceptionTestFile
        test_file = ExceptionTestFile.from_file(path)
        test_file.test_cases = [test_file.test_cases[index]]
        missing = [name for name in test_file.test_cases[0].body._get_func_params()
                   if name != "env" and name not in main_globals]
        if missing:
            # Otter would pass None and report "'NoneType' object is not callable".
            passed, message = False, ("❌ Test case failed\\n" + ", ".join(missing) + " not defined: run the cell "
                                      "that defines it, and keep the name the question asks for")
        else:
            test_file.run(main_globals)
            result = test_file.test_case_results[0]
            passed, message = bool(result.passed), result.message
        restore()
        print(nonce, __import__("json").dumps({"passed": passed, "message": message}))

    main_globals["_autograder_" + nonce] = run_test
'''


@dataclass
class CaseResult:
    name: str
    hidden: bool
    points: float
    passed: bool
    message: str


@dataclass
class QuestionResult:
    name: str
    possible: float
    cases: list[CaseResult] = field(default_factory=list)

    @property
    def score(self) -> float:
        return sum(case.points for case in self.cases if case.passed)


@dataclass
class SubmissionResult:
    """The grade of one notebook: a result per question, and notes about the notebook itself."""

    notebook: Path
    assignment: str
    questions: dict[str, QuestionResult] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(q.score for q in self.questions.values())

    @property
    def possible(self) -> float:
        return sum(q.possible for q in self.questions.values())


def load_tests(tests_dir: Path) -> list[ExceptionTestFile]:
    """The assignment's test files, one per question, in name order."""
    files = sorted(tests_dir.glob("*.py"))
    if not files:
        raise FileNotFoundError(f"{tests_dir} holds no test files: build the assignments with `make assignments`")
    return [ExceptionTestFile.from_file(str(path)) for path in files]


def describe_cell(number: int, source: str) -> str:
    first = next((line.strip() for line in source.splitlines() if line.strip()), "")
    return f"cell {number} (`{first[:60]}`)"


def empty_result(notebook: Path, assignment: str, tests: list[ExceptionTestFile], note: str) -> SubmissionResult:
    """Zero on every question, with the reason: for a file that is not a notebook, for instance."""
    result = SubmissionResult(notebook, assignment, notes=[note])
    for test_file in tests:
        result.questions[test_file.name] = QuestionResult(
            test_file.name, sum(tc.points for tc in test_file.test_cases),
            [CaseResult(tc.name, tc.hidden, tc.points, False, note) for tc in test_file.test_cases])
    return result


def grade_notebook(notebook: Path, assignment: str, tests_dir: Path, cell_timeout: float = CELL_TIMEOUT,
                   test_timeout: float = TEST_TIMEOUT) -> SubmissionResult:
    """Execute ``notebook`` in a fresh kernel in a scratch folder, then run every test case of ``tests_dir``."""
    tests = load_tests(tests_dir.resolve())
    try:
        nb = nbformat.read(notebook, as_version=4)
    except Exception as error:  # noqa: BLE001 - any unreadable file is graded zero, with the reason
        return empty_result(notebook, assignment, tests, f"the file is not a readable notebook ({error})")
    result = SubmissionResult(notebook, assignment)
    nonce = secrets.token_hex(8)
    with tempfile.TemporaryDirectory(prefix="grade-") as scratch:
        # Files next to the notebook (data the assignment reads) come along; the notebook runs in the copy.
        work = Path(scratch) / "work"
        shutil.copytree(notebook.parent, work, ignore=shutil.ignore_patterns("*.ipynb", ".git", "tests"))
        with Kernel(work) as kernel:
            guarded = sorted(set(GUARDED_MODULES) | imported_modules([t.source for t in tests]))
            setup = kernel.run(f"{SETUP}\n_autograder_setup({nonce!r}, {guarded!r})\ndel _autograder_setup",
                               timeout=120)
            if not setup.ok:
                raise RuntimeError(f"the grader's setup failed in the kernel: {setup.error_name}: {setup.error_value}")
            for number, cell in enumerate(nb.cells, start=1):
                if cell.cell_type != "code" or not cell.source.strip():
                    continue
                run = kernel.run(cell.source, cell_timeout)
                where = describe_cell(number, cell.source)
                if run.timed_out:
                    result.notes.append(f"{where} did not finish within {cell_timeout:g} s and was stopped "
                                        "(an endless loop?)")
                elif run.error_name == "SyntaxError" or run.error_name == "IndentationError":
                    result.notes.append(f"{where} has a {run.error_name}: {run.error_value}. Nothing in that cell ran.")
                elif run.error_name:
                    result.notes.append(f"{where} raised {run.error_name}: {run.error_value}")
            for test_file in tests:
                result.questions[test_file.name] = run_question(kernel, test_file, nonce, test_timeout)
    return result


def run_question(kernel: Kernel, test_file: ExceptionTestFile, nonce: str, timeout: float) -> QuestionResult:
    """Run each test case of one question; after one runs out of time, the question's others are not run."""
    question = QuestionResult(test_file.name, sum(tc.points for tc in test_file.test_cases))
    stuck = ""
    for index, case in enumerate(test_file.test_cases):
        if stuck:
            question.cases.append(CaseResult(case.name, case.hidden, case.points, False, stuck))
            continue
        run = kernel.run(f"_autograder_{nonce}({test_file.path!r}, {index})", timeout)
        reported = [line.split(" ", 1)[1] for line in run.stdout.splitlines() if line.startswith(nonce + " ")]
        if reported:
            outcome = json.loads(reported[-1])
            question.cases.append(CaseResult(case.name, case.hidden, case.points, outcome["passed"],
                                             outcome["message"]))
            continue
        if run.timed_out or run.kernel_dead:
            message = (f"❌ Test case did not finish within {timeout:g} s: the code it calls may loop forever"
                       if not run.kernel_dead or run.timed_out else "❌ Not run: the kernel was stopped earlier")
            stuck = "❌ Not run: an earlier test of this question did not finish"
        else:
            message = f"❌ Test case failed\n{run.error_name}: {run.error_value}"
        question.cases.append(CaseResult(case.name, case.hidden, case.points, False, message))
    return question
