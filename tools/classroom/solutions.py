"""Where the exercises and solutions of a MyST Markdown page are.

Three tools ask this question: the student edition cuts the solutions out, its
leak check searches the build for their text, and the classroom tests count
exercises and solutions per chapter. They share this one parser so they cannot
disagree about what a solution is.

A solution is either a ``{solution}`` directive, or everything from a
``{solution-start}`` directive to the end of the next ``{solution-end}``
directive (sphinx-exercise's *gated* form, which lets code cells sit inside a
solution). Exercises are ``{exercise}`` or ``{exercise-start}`` directives.
Directives open with three or more backticks or colons; they close with a line
of the same character at least as long (CommonMark's rule for fences).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

OPENING = re.compile(r"^ {0,3}(?P<fence>`{3,}|:{3,})\{(?P<name>[\w-]+)\}[ \t]*(?P<argument>.*?)\s*$")
OPTION = re.compile(r"^:(?P<key>[\w-]+):[ \t]*(?P<value>.*)$")


@dataclass
class Directive:
    """One top-level directive: its name, argument, options and line span (end exclusive)."""

    name: str
    argument: str
    start: int
    end: int
    options: dict[str, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return self.options.get("label", "")


@dataclass
class Solution:
    """A solution: the exercise label it answers and its lines, split into code and prose."""

    label: str
    start: int
    end: int
    code_lines: list[str]
    prose_lines: list[str]


def directives(lines: list[str]) -> list[Directive]:
    """Top-level directives of a page in order (their nested content is not searched)."""
    found, i = [], 0
    while i < len(lines):
        match = OPENING.match(lines[i])
        if not match:
            i += 1
            continue
        fence = match["fence"]
        end = i + 1
        while end < len(lines) and not _closes(lines[end], fence):
            end += 1
        if end == len(lines):
            raise ValueError(f"line {i + 1}: the {{{match['name']}}} directive opened here is never closed")
        directive = Directive(match["name"], match["argument"], i, end + 1)
        for line in lines[i + 1 : end]:
            option = OPTION.match(line)
            if not option:
                break
            directive.options[option["key"]] = option["value"].strip()
        found.append(directive)
        i = end + 1
    return found


def _closes(line: str, fence: str) -> bool:
    stripped = line.strip()
    return len(stripped) >= len(fence) and set(stripped) == {fence[0]}


def solutions(text: str) -> list[Solution]:
    """Every solution of a page, plain or gated."""
    lines = text.splitlines()
    found = []
    blocks = directives(lines)
    i = 0
    while i < len(blocks):
        block = blocks[i]
        if block.name == "solution":
            found.append(_solution(lines, block.argument, block.start, block.end, blocks[i : i + 1]))
        elif block.name == "solution-start":
            j = next((j for j in range(i + 1, len(blocks)) if blocks[j].name in ("solution-end", "solution-start")),
                     None)
            if j is None or blocks[j].name != "solution-end":
                raise ValueError(f"line {block.start + 1}: {{solution-start}} {block.argument} has no {{solution-end}}")
            found.append(_solution(lines, block.argument, block.start, blocks[j].end, blocks[i : j + 1]))
            i = j
        elif block.name == "solution-end":
            raise ValueError(f"line {block.start + 1}: {{solution-end}} without {{solution-start}}")
        i += 1
    return found


def _solution(lines: list[str], label: str, start: int, end: int, inside: list[Directive]) -> Solution:
    code_cells = [d for d in inside if d.name == "code-cell"]
    code_lines, prose_lines = [], []
    for n in range(start, end):
        if OPENING.match(lines[n]) or _is_fence(lines[n]):
            continue
        cell = next((d for d in code_cells if d.start < n < d.end - 1), None)
        line = lines[n]
        if cell is not None and not OPTION.match(line) and not line.startswith(":"):
            code_lines.append(line)
        else:
            # Options carry prose too: a figure's caption and alt text.
            prose_lines.append(line.lstrip(":").strip() if line.startswith(":") else line)
    return Solution(label, start, end, code_lines, prose_lines)


def _is_fence(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) >= 3 and set(stripped) in ({"`"}, {":"})


def exercise_labels(text: str) -> list[str]:
    """The labels of a page's exercises, in order ('' for an exercise without a label)."""
    return [d.label for d in directives(text.splitlines()) if d.name in ("exercise", "exercise-start")]


def strip_solutions(text: str) -> str:
    """The page without its solutions: each one is cut out with every line and cell inside it."""
    lines = text.splitlines(keepends=True)
    keep = [True] * len(lines)
    for solution in solutions(text):
        for n in range(solution.start, solution.end):
            keep[n] = False
    # Blank lines around a cut stay: they are harmless in Markdown, and collapsing
    # blank lines elsewhere would change code cells (and their cache key).
    return "".join(line for line, k in zip(lines, keep) if k)
