"""The book's MyST markup, rewritten as Markdown that any notebook viewer renders.

A chapter's Markdown cells use directives and roles that only the Sphinx build
understands: in Jupyter, Colab or on GitHub they would show as raw text. This
module rewrites them (``runnable_notebooks.py`` calls it for every Markdown
cell of a runnable notebook):

=====================  ==========================================================
``{figure}``           the picture as a cell attachment (no ``../figures`` path) and its caption
``{literalinclude}``   the included lines as a fenced code block (Sphinx's own reader cuts them)
``{exercise}``         a heading "Exercise 7.1 (title)" and the text
``{solution-start}``   a heading "Solution to Exercise 7.1" (``{solution-end}`` disappears)
admonitions            quoted text under the admonition's title ("> **Note**")
``{selfcheck}``        the question and its choices; answer and explanation in ``<details>``
other directives       their text, quoted under their name: never the raw fence
``{cite}``             author-year: "(Baydin et al., 2018)", ``{cite:t}`` "Baydin et al. (2018)"
``{glue:text}``        the value the build computed, formatted, or a readable placeholder
``{ref}`` ``{numref}``  the section title or "Fig. 3.1", linked; ``{doc}`` the chapter's title
``(label)=``           an HTML anchor, so links within the notebook work
=====================  ==========================================================

Everything the rewriting needs from the book (numbers, titles, glue values,
the bibliography) comes in a :class:`Book`; nothing here imports Sphinx, so
the rewriting is tested without a build.
"""

from __future__ import annotations

import ast
import base64
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

FENCE_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,}|~{3,})\s*\{(?P<name>[\w:.-]+)\}\s*(?P<arg>.*)$")
PLAIN_FENCE = re.compile(r"^(?P<fence>`{3,}|~{3,})")
OPTION = re.compile(r"^:(?P<key>[\w-]+):\s*(?P<value>.*)$")
TARGET = re.compile(r"^\((?P<label>[\w:.-]+)\)=\s*$")
ROLE = re.compile(r"\{(?P<name>[\w:.-]+)\}`(?P<content>[^`]+)`")
# A Markdown link to another chapter's source, [text](other.md#anchor): a notebook opened
# alone (Colab, a download) has no other.md beside it, so it links to the page on the site.
CHAPTER_LINK = re.compile(r"\]\((?P<target>[\w./-]+)\.md(?P<anchor>#[\w-]+)?\)")
EXPLICIT = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
ADMONITIONS = {"note", "tip", "hint", "important", "warning", "caution", "attention", "danger", "error", "seealso",
               "admonition"}
CODE_DIRECTIVES = {"code", "code-block", "sourcecode"}


@dataclass
class Reference:
    """One bibliography entry, as author-year text."""

    authors: str  # "Baydin et al.", "Griewank and Walther", "Nocedal"
    year: str
    full: str  # the entry as a reader finds it: authors, year, title, venue


@dataclass
class Book:
    """What a chapter's markup refers to outside its own text."""

    source: Path  # the chapter's .md file: literalinclude and figure paths are relative to its folder
    chapter_number: str = ""  # "7", or "" for an unnumbered page
    glue: dict[str, str] = field(default_factory=dict)  # name -> text/plain of the value the build computed
    references: dict[str, Reference] = field(default_factory=dict)
    # label -> (link text, URL or "#anchor"); None when the book has no such label
    resolve_ref: Callable[[str], tuple[str, str] | None] = lambda label: None
    resolve_numref: Callable[[str], tuple[str, str] | None] = lambda label: None
    resolve_doc: Callable[[str], tuple[str, str] | None] = lambda target: None
    read_literal: Callable[[Path, dict[str, str]], str] | None = None  # (file, options) -> included text


@dataclass
class Converted:
    """A Markdown cell rewritten: its text, the pictures it carries, the works it cites."""

    text: str
    attachments: dict[str, dict[str, str]] = field(default_factory=dict)
    cited: list[str] = field(default_factory=list)


class Chapter:
    """Rewrites the Markdown cells of one chapter, in order (exercise numbers run on across cells)."""

    def __init__(self, book: Book) -> None:
        self.book = book
        self.exercises: dict[str, str] = {}  # label -> "7.1"
        self.cited: list[str] = []

    # ------------------------------------------------------------ blocks

    def convert(self, markdown: str) -> Converted:
        """One Markdown cell of the chapter, rewritten."""
        self._attachments: dict[str, dict[str, str]] = {}
        self._cited_here: list[str] = []
        text = self._blocks(markdown.splitlines())
        return Converted(text.strip("\n"), self._attachments, self._cited_here)

    def _blocks(self, lines: list[str]) -> str:
        out, i = [], 0
        while i < len(lines):
            line = lines[i]
            directive = FENCE_OPEN.match(line)
            plain = PLAIN_FENCE.match(line)
            target = TARGET.match(line)
            if directive:
                end = _closing(lines, i, directive.group("fence"))
                out.append(self._directive(directive.group("name"), directive.group("arg").strip(), lines[i + 1:end]))
                i = end + 1
            elif plain:
                end = _closing(lines, i, plain.group("fence"))
                out.extend(lines[i:end + 1])  # code shown in the prose: left exactly as written
                i = end + 1
            elif target:
                out.append(f'<a id="{target.group("label")}"></a>')
                i += 1
            else:
                out.append(self._inline(line))
                i += 1
        return "\n".join(out)

    def _directive(self, name: str, arg: str, body: list[str]) -> str:
        options, body = _options(body)
        if name == "figure":
            return self._figure(arg, options, body)
        if name == "literalinclude":
            return self._literalinclude(arg, options)
        if name == "exercise":
            return self._exercise(arg, options, body)
        if name in ("solution-start", "solution"):
            number = self.exercises.get(arg, "")
            heading = f"#### Solution to Exercise {number}" if number else "#### Solution"
            return f"{heading}\n\n{self._blocks(body)}".rstrip()
        if name == "solution-end":
            return ""
        if name == "selfcheck":
            return self._selfcheck(arg, options, body)
        if name in CODE_DIRECTIVES:
            return "\n".join([f"```{arg}", *body, "```"])
        if name == "math":
            return "\n".join(["$$", *body, "$$"])
        if name in ADMONITIONS:
            title = self._inline(arg) if name == "admonition" and arg else name.replace("seealso", "see also").capitalize()
            return _quote(f"**{title}**\n\n{self._blocks(body)}")
        if name == "eval-rst":
            return _quote("*This part of the page is generated from the package's docstrings: read it in the "
                          "online book, or call `help()` on the names it documents.*")
        title = f"{name}: {self._inline(arg)}" if arg else name
        return _quote(f"**{title}**\n\n{self._blocks(body)}".rstrip())

    def _figure(self, path: str, options: dict[str, str], caption: list[str]) -> str:
        file = (self.book.source.parent / path).resolve()
        if not file.exists():
            raise FileNotFoundError(f"{self.book.source.name}: the figure {path} does not exist ({file})")
        mime = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
                ".gif": "image/gif"}.get(file.suffix.lower())
        if mime is None:
            raise ValueError(f"{self.book.source.name}: cannot attach {path}: only svg, png, jpg and gif pictures")
        self._attachments[file.name] = {mime: base64.b64encode(file.read_bytes()).decode("ascii")}
        alt = options.get("alt", "").replace("[", "(").replace("]", ")")
        parts = [f'<a id="{options["name"]}"></a>'] if "name" in options else []
        parts.append(f"![{alt}](attachment:{file.name})")
        number = self.book.resolve_numref(options["name"]) if "name" in options else None
        text = self._blocks(caption).strip()
        if text or number:
            label = f"{number[0]}. " if number else ""
            parts.append(f"*{label}{text}*" if text else f"*{number[0]}*")
        return "\n\n".join(parts)

    def _literalinclude(self, path: str, options: dict[str, str]) -> str:
        file = (self.book.source.parent / path).resolve()
        if self.book.read_literal is None:
            raise RuntimeError("Book.read_literal is needed to include files")
        typed = {k: (int(v) if v else None) if k in ("dedent", "tab-width", "lineno-start") else v
                 for k, v in options.items()}
        code = self.book.read_literal(file, typed).rstrip("\n")
        language = options.get("language", "python")
        fence = "````" if "```" in code else "```"
        caption = f"{self._inline(options['caption'])}\n\n" if options.get("caption") else ""
        return f"{caption}{fence}{language}\n{code}\n{fence}"

    def _exercise(self, title: str, options: dict[str, str], body: list[str]) -> str:
        index = len(self.exercises) + 1
        number = f"{self.book.chapter_number}.{index}" if self.book.chapter_number else str(index)
        label = options.get("label", f"exercise-{number}")
        self.exercises[label] = number
        heading = f"#### Exercise {number}" + (f" ({self._inline(title)})" if title else "")
        return f'<a id="{label}"></a>\n\n{heading}\n\n{self._blocks(body)}'.rstrip()

    def _selfcheck(self, question: str, options: dict[str, str], body: list[str]) -> str:
        if "---" in body:
            split = body.index("---")
            choices_part, explanation = body[:split], body[split + 1:]
        else:
            choices_part, explanation = body, []
        choices: list[tuple[bool, str]] = []
        for line in choices_part:
            if line[:2] in ("- ", "+ "):
                choices.append((line[0] == "+", line[2:].strip()))
            elif line.strip() and choices:  # a choice continued on an indented line
                right, text = choices[-1]
                choices[-1] = (right, f"{text} {line.strip()}")
        lines = [f"**Check yourself.** {self._inline(question)}", ""]
        lines += [f"- {self._inline(text)}" for _, text in choices]
        if choices:
            right = [self._inline(text) for is_right, text in choices if is_right]
            answer = "; ".join(right)
        else:
            answer = options.get("answer", "")
            if options.get("tolerance") not in (None, "", "0"):
                answer += f" (within a relative {options['tolerance']})"
        label = options.get("label")
        anchor = [f'<a id="{label}"></a>', ""] if label else []
        details = ["", "<details><summary>Answer</summary>", "", f"**Answer:** {answer}", ""]
        if explanation:
            details += [self._blocks(explanation), ""]
        details.append("</details>")
        return "\n".join(anchor + lines + details)

    # ------------------------------------------------------------ roles

    def _inline(self, line: str) -> str:
        line = ROLE.sub(lambda m: self._role(m.group("name"), m.group("content")), line)
        return CHAPTER_LINK.sub(self._chapter_link, line)

    def _chapter_link(self, match: re.Match) -> str:
        found = self.book.resolve_doc(match.group("target"))
        if found is None:  # not a page of the book: leave the link as written
            return match.group(0)
        url = found[1].split("#")[0] + (match.group("anchor") or "")
        return f"]({url})"

    def _role(self, name: str, content: str) -> str:
        if name.startswith("cite"):
            return self._cite(name, content)
        if name.startswith("glue"):
            return self._glue(content)
        if name in ("ref", "numref", "doc"):
            explicit = EXPLICIT.match(content)
            text, target = (explicit.group("text"), explicit.group("target")) if explicit else ("", content)
            resolve = {"ref": self._resolve_ref, "numref": self.book.resolve_numref, "doc": self.book.resolve_doc}[name]
            found = resolve(target)
            if found is None:
                return text or target
            default, url = found
            if name == "numref" and text:
                text = text.replace("%s", default.split()[-1]).replace("{number}", default.split()[-1])
            return f"[{text or default}]({url})"
        if name == "math":
            return f"${content}$"
        if name in ("term", "abbr", "command", "file", "samp", "kbd", "guilabel", "program"):
            return EXPLICIT.match(content).group("text") if EXPLICIT.match(content) else content
        return f"`{content}`"

    def _resolve_ref(self, label: str) -> tuple[str, str] | None:
        if label in self.exercises:  # defined earlier in this chapter
            return f"Exercise {self.exercises[label]}", f"#{label}"
        return self.book.resolve_ref(label)

    def _cite(self, role: str, keys: str) -> str:
        parts = []
        for key in (k.strip() for k in keys.split(",")):
            ref = self.book.references.get(key)
            if ref is None:
                raise KeyError(f"{self.book.source.name} cites {key!r}, which is not in book/references.bib")
            if key not in self.cited:
                self.cited.append(key)
            self._cited_here.append(key)
            parts.append((key, ref))
        if role in ("cite:t", "cite:ts"):
            return "; ".join(f"[{ref.authors} ({ref.year})](#ref-{key})" for key, ref in parts)
        return "(" + "; ".join(f"[{ref.authors}, {ref.year}](#ref-{key})" for key, ref in parts) + ")"

    def _glue(self, content: str) -> str:
        name, _, spec = content.partition(":")
        value = self.book.glue.get(name)
        if value is None:
            return f"*[`{name}`: computed by this notebook's cells]*"
        if not spec:
            return value
        try:
            return format(_number(value), spec)
        except (ValueError, TypeError):
            return value

    def references_cell(self) -> str:
        """A "References" section listing every work the chapter cited, in order of first citation."""
        lines = ["## References", ""]
        for key in self.cited:
            lines.append(f'- <a id="ref-{key}"></a>{self.book.references[key].full}')
        return "\n".join(lines)


def _closing(lines: list[str], start: int, fence: str) -> int:
    """Index of the line closing the fence opened at ``start`` (same character, at least as long)."""
    char = fence[0]
    for j in range(start + 1, len(lines)):
        stripped = lines[j].strip()
        if stripped and set(stripped) == {char} and len(stripped) >= len(fence):
            return j
    raise ValueError(f"unclosed {fence} fence: {lines[start]!r}")


def _options(body: list[str]) -> tuple[dict[str, str], list[str]]:
    """The ``:key: value`` lines at the top of a directive, and the rest of its body."""
    options, i = {}, 0
    while i < len(body) and (match := OPTION.match(body[i])):
        options[match.group("key")] = match.group("value").strip()
        i += 1
    while i < len(body) and not body[i].strip():
        i += 1
    return options, body[i:]


def _quote(text: str) -> str:
    return "\n".join(f"> {line}".rstrip() for line in text.strip("\n").splitlines())


def _number(text: str) -> float | int:
    """The number in a glued value's text form: ``5.5``, ``np.float64(5.5)``, ``12``."""
    match = re.fullmatch(r"\s*(?:np\.\w+\()?(?P<n>[-+0-9.eE]+|nan|inf)\)?\s*", text)
    if not match:
        raise ValueError(text)
    return ast.literal_eval(match.group("n")) if match.group("n") not in ("nan", "inf") else float(match.group("n"))
