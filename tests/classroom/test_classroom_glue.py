"""The glue around grading: the instructors page's commands, nbgitpuller links, the Classroom workflow, the LMS CSV."""

from __future__ import annotations

import csv
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import yaml
from tools.classroom.classroom_workflow import workflow
from tools.classroom.grading import CaseResult, QuestionResult, SubmissionResult
from tools.classroom.nbgitpuller import pull_link
from tools.classroom.page_commands import adapted, blocks
from tools.classroom.reports import feedback, write_lms_csv

ROOT = Path(__file__).resolve().parents[2]


def test_every_command_block_of_the_instructors_page_is_marked_to_run():
    found = blocks((ROOT / "book" / "instructors.md").read_text(encoding="utf-8"))
    assert found and all(how == "run" for how, _ in found), [body for how, body in found if how != "run"]


def test_a_block_without_the_marker_is_found():
    page = "% test: run\n```bash\nmake a\n```\n\ntext\n\n```bash\nmake b\n```\n"
    assert blocks(page) == [("run", "make a"), ("", "make b")]


def test_commands_run_with_the_tests_environment():
    assert adapted("make grade X=1\n.venv/bin/python -m m", "/v") == "make VENV=/v grade X=1\n/v/bin/python -m m"


def test_a_pull_link_opens_the_file_in_the_folder_nbgitpuller_clones_into():
    link = pull_link("https://hub.example.edu/", "https://github.com/course/student-repo", "a/b.ipynb")
    query = parse_qs(urlparse(link).query)
    assert link.startswith("https://hub.example.edu/hub/user-redirect/git-pull?")
    assert query == {"repo": ["https://github.com/course/student-repo"], "branch": ["main"],
                     "urlpath": ["lab/tree/student-repo/a/b.ipynb"]}


def test_the_workflow_has_one_graded_step_per_question_and_reports_them_all():
    document = yaml.safe_load(workflow({"hw": {"q1_a": 3, "q2_b": 2}}))
    steps = document["jobs"]["grade"]["steps"]
    graded = [s for s in steps if s.get("uses", "").startswith("classroom-resources/autograding-command-grader")]
    assert [(s["id"], s["with"]["max-score"], s["with"]["command"]) for s in graded] == [
        ("hw-q1-a", 3, "python -m grading.classroom_points hw q1_a"),
        ("hw-q2-b", 2, "python -m grading.classroom_points hw q2_b")]
    reporter = steps[-1]
    assert reporter["with"]["runners"] == "hw-q1-a,hw-q2-b"
    assert reporter["env"]["HW-Q1-A_RESULTS"] == "${{steps.hw-q1-a.outputs.result}}"


def result(total_passed: bool) -> SubmissionResult:
    cases = [CaseResult("q1 - 1", False, 1.0, True, "✅"), CaseResult("q1 - 2", True, 1.0, total_passed,
                                                                     "❌ Test case failed\nAssertionError: secret")]
    return SubmissionResult(Path("hw.ipynb"), "hw", {"q1": QuestionResult("q1", 2.0, cases)})


def test_the_lms_csv_has_the_points_possible_and_the_roster_identifier(tmp_path):
    write_lms_csv(tmp_path / "lms.csv", {"hw-alice-gh": {"hw": result(True)}, "bob": {"hw": result(False)}},
                  {"alice-gh": "alice@school.edu"})
    rows = list(csv.reader((tmp_path / "lms.csv").open()))
    assert rows[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "hw"]
    assert rows[1][0] == "Points Possible" and rows[1][-1] == "2"
    assert ["alice@school.edu", "2"] == [rows[3][0], rows[3][-1]] and rows[2][-1] == "1"


def test_hidden_messages_are_shown_only_when_the_course_says_so():
    assert "AssertionError: secret" in feedback("bob", {"hw": result(False)}, show_hidden=True)
    hidden = feedback("bob", {"hw": result(False)}, show_hidden=False)
    assert "secret" not in hidden and "does not show hidden tests' messages" in hidden


# ---------------------------------------------------------------- the student repository's check


def student_tree(tmp_path: Path, *extra: tuple[str, str]) -> Path:
    repo = tmp_path / "student-repo"
    (repo / "assignments" / "hw").mkdir(parents=True)
    (repo / "README.md").write_text("Work in assignments/, see https://github.com/course/autodiff-student\n")
    for name, text in extra:
        (repo / name).parent.mkdir(parents=True, exist_ok=True)
        (repo / name).write_text(text)
    return repo


def test_a_clean_student_tree_passes(tmp_path):
    from tools.classroom.check_student_repo import check

    assert check(student_tree(tmp_path)) == []


def test_a_hidden_test_a_kept_answer_and_a_teacher_link_in_the_student_tree_are_found(tmp_path):
    from tools.classroom.check_student_repo import check

    repo = student_tree(tmp_path, ("notes.md", "counted = ad.CallCounter(lambda x: np.sum(np.sin(x)))"),
                        ("assignments/hw/wrong_answers.py", "WRONG_ANSWERS = {}"),
                        ("_config.yml", "repository:\n  url: https://github.com/autodiff-lessons/autodiff-lessons\n"))
    problems = check(repo)
    assert any(p.startswith("hidden test in the student repository") for p in problems), problems
    assert "wrong_answers.py is in the student repository" in problems
    assert any("link to the teacher's repository" in p for p in problems)


def test_a_student_test_importing_a_folder_the_student_repository_lacks_is_found(tmp_path):
    # Once the student repository kept tests/test_engine_stats.py, whose `tools` import fails there.
    from tools.classroom.check_student_repo import missing_imports

    repo = student_tree(tmp_path, ("tests/test_stats.py", "from tools.engine import engine_stats\nimport numpy\n"),
                        ("tests/test_sir.py", "import benchmarks.sir as sir\n"),
                        ("tests/test_ok.py", "import autodiff_lessons\nfrom functions import CASES\n"),
                        ("autodiff_lessons/__init__.py", ""))
    assert missing_imports(repo) == [
        "tests/test_sir.py imports benchmarks.sir, which the student repository does not have",
        "tests/test_stats.py imports tools.engine, which the student repository does not have",
    ]
