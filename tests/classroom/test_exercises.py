"""Every chapter has at least four exercises, each with a solution and a difficulty, and at least one challenge.

Difficulty is marked the same way everywhere: the exercise's text starts with a
bold title prefixed ``Warm-up:``, ``Core:`` or ``Challenge:``
(``**Core: a central difference by hand.** ...``).

Chapters are read from _toc.yml, so a new chapter is held to the same rule the
day it is listed. Pages that are not chapters (the landing page, the API
reference, the bibliography, this page for teachers) are named below with the
reason.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tools.classroom.solutions import directives, exercise_labels, solutions
from tools.site.toc import toc_pages

ROOT = Path(__file__).resolve().parents[2]
MIN_EXERCISES = 4
LEVELS = ("Warm-up", "Core", "Challenge")
TITLE = re.compile(r"^\*\*(?P<level>[\w-]+): \S")
NOT_CHAPTERS = {
    "book/intro": "the landing page",
    "book/api": "reference generated from docstrings",
    "book/bibliography": "back matter",
    "book/instructors": "a page for teachers",
}


CHAPTERS = [p for p in toc_pages(ROOT / "_toc.yml") if p not in NOT_CHAPTERS]


def exercise_levels(text: str) -> dict[str, str]:
    """Each exercise's label -> its difficulty, read from the bold title its text starts with ('' if none)."""
    lines = text.splitlines()
    levels = {}
    for directive in directives(lines):
        if directive.name not in ("exercise", "exercise-start"):
            continue
        body = [line for line in lines[directive.start + 1 : directive.end - 1]
                if line.strip() and not line.startswith(":")]
        match = TITLE.match(body[0]) if body else None
        levels[directive.label] = match["level"] if match else ""
    return levels


def exercise_gaps(text: str) -> list[str]:
    """What is wrong with a page's exercises: too few, unlabelled, without a solution or difficulty, duplicated."""
    labels = exercise_labels(text)
    levels = exercise_levels(text)
    answered = [s.label for s in solutions(text)]
    gaps = []
    if len(labels) < MIN_EXERCISES:
        gaps.append(f"{len(labels)} exercises, expected at least {MIN_EXERCISES}")
    gaps += ["an exercise without a :label: cannot have a solution" for label in labels if not label]
    gaps += [f"exercise {label!r} has no solution" for label in labels if label and label not in answered]
    gaps += [f"solution {label!r} answers no exercise of this page" for label in answered if label not in labels]
    gaps += [f"exercise {label!r} has {answered.count(label)} solutions" for label in set(answered)
             if answered.count(label) > 1]
    gaps += [f"exercise {label!r} does not start with **Warm-up: ...**, **Core: ...** or **Challenge: ...**"
             for label, level in levels.items() if level not in LEVELS]
    if labels and "Challenge" not in levels.values():
        gaps.append("no exercise is marked **Challenge: ...**")
    return gaps


def test_the_toc_lists_the_five_chapters_with_exercises():
    assert len(CHAPTERS) >= 5, CHAPTERS


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_has_four_exercises_with_solutions_and_difficulties_and_a_challenge(chapter):
    path = ROOT / f"{chapter}.md"
    assert path.exists(), f"{chapter} is in _toc.yml but {path} does not exist"
    assert exercise_gaps(path.read_text(encoding="utf-8")) == []


EXERCISE = """
```{{exercise}}
:label: {label}

**{level}: something.** Do something.
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


def page(*levels: str, answered: int | None = None) -> str:
    labels = "abcdefgh"[: len(levels)]
    answered = len(levels) if answered is None else answered
    return "".join(EXERCISE.format(label=label, level=level) + (SOLUTION.format(label=label) if i < answered else "")
                   for i, (label, level) in enumerate(zip(labels, levels)))


def test_gaps_are_reported_for_a_missing_solution_and_too_few_exercises():
    assert exercise_gaps(page("Core", "Challenge", "Core", answered=2)) == [
        "3 exercises, expected at least 4", "exercise 'c' has no solution"]


def test_no_gaps_for_four_answered_exercises_with_a_challenge():
    assert exercise_gaps(page("Warm-up", "Core", "Core", "Challenge")) == []


def test_an_exercise_without_a_difficulty_is_reported():
    assert exercise_gaps(page("Warm-up", "Harder", "Core", "Challenge")) == [
        "exercise 'b' does not start with **Warm-up: ...**, **Core: ...** or **Challenge: ...**"]


def test_a_chapter_without_a_challenge_is_reported():
    assert exercise_gaps(page("Warm-up", "Core", "Core", "Core")) == ["no exercise is marked **Challenge: ...**"]
