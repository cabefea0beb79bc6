"""Every chapter of the book has at least three exercises, and every exercise has a solution.

Chapters are read from _toc.yml, so a new chapter is held to the same rule the
day it is listed. Pages that are not chapters (the landing page, the API
reference, the bibliography, this page for teachers) are named below with the
reason.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tools.classroom.solutions import exercise_labels, solutions
from tools.site.toc import toc_pages

ROOT = Path(__file__).resolve().parents[2]
MIN_EXERCISES = 3
NOT_CHAPTERS = {
    "book/intro": "the landing page",
    "book/api": "reference generated from docstrings",
    "book/bibliography": "back matter",
    "book/instructors": "a page for teachers",
}


CHAPTERS = [p for p in toc_pages(ROOT / "_toc.yml") if p not in NOT_CHAPTERS]


def exercise_gaps(text: str) -> list[str]:
    """What is wrong with a page's exercises: too few, unlabelled, without a solution, duplicated."""
    labels = exercise_labels(text)
    answered = [s.label for s in solutions(text)]
    gaps = []
    if len(labels) < MIN_EXERCISES:
        gaps.append(f"{len(labels)} exercises, expected at least {MIN_EXERCISES}")
    gaps += ["an exercise without a :label: cannot have a solution" for label in labels if not label]
    gaps += [f"exercise {label!r} has no solution" for label in labels if label and label not in answered]
    gaps += [f"solution {label!r} answers no exercise of this page" for label in answered if label not in labels]
    gaps += [f"exercise {label!r} has {answered.count(label)} solutions" for label in set(answered)
             if answered.count(label) > 1]
    return gaps


def test_the_toc_lists_the_five_chapters_with_exercises():
    assert len(CHAPTERS) >= 5, CHAPTERS


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_has_three_exercises_each_with_a_solution(chapter):
    path = ROOT / f"{chapter}.md"
    assert path.exists(), f"{chapter} is in _toc.yml but {path} does not exist"
    assert exercise_gaps(path.read_text(encoding="utf-8")) == []


EXERCISE = """
```{{exercise}}
:label: {label}

Do something.
```
"""
SOLUTION = """
````{{solution-start}} {label}
:class: dropdown
````

```{{code-cell}} ipython3
print("done")
```

````{{solution-end}}
````
"""


def test_gaps_are_reported_for_a_missing_solution_and_too_few_exercises():
    page = EXERCISE.format(label="a") + SOLUTION.format(label="a") + EXERCISE.format(label="b")
    assert exercise_gaps(page) == ["2 exercises, expected at least 3", "exercise 'b' has no solution"]


def test_no_gaps_for_three_answered_exercises():
    page = "".join(EXERCISE.format(label=x) + SOLUTION.format(label=x) for x in "abc")
    assert exercise_gaps(page) == []
