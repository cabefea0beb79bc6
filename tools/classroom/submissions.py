"""Find the submissions in a folder, whichever way a course collected them.

Two layouts are read, and may be mixed:

* flat: ``DIR/alice.ipynb``, ``DIR/bob-finite_differences.ipynb``: each
  notebook is one student's, named by its file (Otter's own layout, or files
  downloaded from an LMS);
* one folder per student: ``DIR/finite_differences-alice/...``, as GitHub
  Classroom's ``gh classroom clone student-repos`` writes them. Every notebook
  anywhere inside is that student's (checkpoints and the book's downloadable
  chapters are skipped).

A notebook's assignment is read from its metadata (``otter.assignment_name``,
which Otter Assign writes into every student notebook), so a renamed copy
(``finite_differences-Copy1.ipynb``) is still recognised. A file with no such
metadata is matched by the assignment name in its file name.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

SKIPPED_PARTS = {".ipynb_checkpoints", ".git", "_build", "html", "_sources", "tests"}


@dataclass(frozen=True)
class Submission:
    student: str
    assignment: str
    notebook: Path


def assignment_of(notebook: Path, assignments: list[str]) -> str | None:
    """The assignment a notebook belongs to: its Otter metadata, else the longest assignment name in its file name."""
    try:
        metadata = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
        name = metadata.get("otter", {}).get("assignment_name")
        if name in assignments:
            return name
    except (json.JSONDecodeError, UnicodeDecodeError, AttributeError):
        pass
    named = [a for a in assignments if a in notebook.stem]
    return max(named, key=len) if named else None


def find_submissions(folder: Path, assignments: list[str]) -> tuple[list[Submission], list[str]]:
    """(the submissions, notes on the files that were skipped and why)."""
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder of submissions (SUBMISSIONS=DIR names one)")
    found, notes = [], []
    for entry in sorted(folder.iterdir()):
        if entry.is_file() and entry.suffix == ".ipynb":
            student, notebooks = entry.stem, [entry]
        elif entry.is_dir() and not entry.name.startswith("."):
            student = entry.name
            notebooks = sorted(p for p in entry.rglob("*.ipynb")
                               if not SKIPPED_PARTS & set(p.relative_to(entry).parts[:-1]))
        else:
            continue
        for notebook in notebooks:
            assignment = assignment_of(notebook, assignments)
            if assignment is None:
                notes.append(f"{notebook}: not a notebook of any assignment ({', '.join(assignments)}); skipped")
            else:
                found.append(Submission(flat_student(entry.stem, assignment) if entry.is_file() else student,
                                        assignment, notebook))
    return found, notes


def flat_student(stem: str, assignment: str) -> str:
    """``alice-finite_differences`` -> ``alice``: in a flat folder, the file name without the assignment's name."""
    rest = stem.replace(assignment, "").strip(" -_.")
    return rest or stem
