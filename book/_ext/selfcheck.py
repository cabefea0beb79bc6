r"""Sphinx extension: "predict, then check" questions that answer in the page.

A question is a ``selfcheck`` directive. Multiple choice: ``-`` marks a wrong
choice, ``+`` a right one (several ``+``: select all that apply)::

    :::{selfcheck} How many forward passes does `ad.jacfwd` make for a function of 3 inputs and 100 outputs?
    :label: fr-check-passes
    - 1
    - 100
    + 3
    ---
    One JVP per input direction: three seeds, one per input, give the three columns.
    :::

A number: no list, and ``:answer:`` with an optional relative ``:tolerance:``
(default 1e-3; 0 asks for the exact number)::

    ```{selfcheck} What is $f'(1.5)$ for $f(x) = x^3 + 4x^2 - 10$?
    :answer: 18.75
    :tolerance: 0.01
    ---
    $f'(x) = 3x^2 + 8x$, so $3 \cdot 2.25 + 12 = 18.75$.
    ```

The fence may be backticks or colons (``colon_fence``), but a question with
`code` in it needs colons (or tildes): CommonMark does not take a line as a
backtick fence when the text after the backticks holds a backtick. The question and each choice are inline
MyST; a choice may continue on indented lines. The part after ``---`` is the
explanation, any MyST (math, code, roles), shown once the reader has answered,
right or wrong. It should say why, and why a tempting wrong choice is wrong; it
may point to the cell below that computes the answer. ``:multiple:`` asks for
checkboxes even when only one choice is right. ``:label:`` is the question's
HTML id, and a target for ``{ref}`` given a link text, as in
``{ref}`the first question <fr-check-passes>``` (a question has no title for
``{ref}`` to use). A malformed question is a build error.

In HTML the question is a <form>: radio buttons, checkboxes or a text field, a
Check button, a live region that says "Right." or "Not quite.", and the
explanation, hidden until then. book/_static/selfcheck.js does the checking in
the browser (no kernel, no network); book/_static/selfcheck.css styles it with
the theme's colours, so it follows dark mode. Other builders (LaTeX, text, ...)
get plain text under a rubric: the question, the choices, the answer and
the explanation, in that order.

Loaded through ``sphinx.local_extensions`` in _config.yml; it lives in book/ so
that copies of the book's sources (the student edition) take it along.
"""

from __future__ import annotations

import math
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxDirective

STATIC = Path(__file__).resolve().parent.parent / "_static"
JS_FILE, CSS_FILE = "selfcheck.js", "selfcheck.css"
DEFAULT_TOLERANCE = 1e-3
SEPARATOR = "---"
KICKER = "Predict, then check"


# ---------------------------------------------------------------- nodes


class selfcheck(nodes.General, nodes.Element):
    """One question. Attributes: ``kind`` ("single", "multiple" or "number"),
    ``answer`` and ``tolerance`` (number questions)."""


class selfcheck_question(nodes.Part, nodes.TextElement):
    """The question, inline markup."""


class selfcheck_choice(nodes.Part, nodes.TextElement):
    """One choice, inline markup. Attribute ``right``: a right choice."""


class selfcheck_explanation(nodes.Part, nodes.Element):
    """Why the answer is what it is: block markup."""


# ---------------------------------------------------------------- directive


def number(text: str) -> float:
    """A finite float, for the ``:answer:`` and ``:tolerance:`` options."""
    value = float(directives.unchanged_required(text))
    if not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    return value


class SelfCheck(SphinxDirective):
    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec = {
        "label": directives.unchanged_required,
        "answer": directives.unchanged_required,  # kept as written: "1e-8", not "1e-08"
        "tolerance": number,
        "multiple": directives.flag,
        "class": directives.class_option,
    }

    def run(self) -> list[nodes.Node]:
        lines = list(self.content)
        if SEPARATOR not in [line.strip() for line in lines]:
            raise self.error(f"selfcheck: no explanation. Write it after a line `{SEPARATOR}`.")
        split = [line.strip() for line in lines].index(SEPARATOR)
        choices = self.parse_choices(lines[:split])
        explanation_lines = self.content[split + 1 :]
        if not "".join(explanation_lines).strip():
            raise self.error("selfcheck: the explanation after `---` is empty; say why the answer is right.")

        node = selfcheck(classes=["selfcheck", *self.options.get("class", [])])
        self.set_source_info(node)
        self.set_id(node)

        question = selfcheck_question()
        question.extend(self.inline(self.arguments[0], self.lineno))
        node += question

        if "answer" in self.options:
            if choices:
                raise self.error("selfcheck: give either choices (- and + lines) or :answer:, not both.")
            if "multiple" in self.options:
                raise self.error("selfcheck: :multiple: is for choices, not for a number question.")
            tolerance = self.options.get("tolerance", DEFAULT_TOLERANCE)
            if tolerance < 0:
                raise self.error("selfcheck: :tolerance: must not be negative.")
            try:
                answer = number(self.options["answer"])
            except ValueError:
                raise self.error(f"selfcheck: :answer: {self.options['answer']} is not a number.") from None
            node["kind"] = "number"
            node["answer"] = answer
            node["answer_text"] = self.options["answer"].strip()
            node["tolerance"] = tolerance
        else:
            if not choices:
                raise self.error("selfcheck: no choices (lines starting `- ` or `+ `) and no :answer:.")
            if "tolerance" in self.options:
                raise self.error("selfcheck: :tolerance: is for number questions (with :answer:).")
            rights = sum(right for right, _, _ in choices)
            if rights == 0:
                raise self.error("selfcheck: no right choice; mark it with `+` instead of `-`.")
            if len(choices) < 2:
                raise self.error("selfcheck: a multiple-choice question needs at least two choices.")
            node["kind"] = "multiple" if rights > 1 or "multiple" in self.options else "single"
            for right, text, lineno in choices:
                choice = selfcheck_choice(right=right)
                choice.extend(self.inline(text, lineno))
                node += choice

        explanation = selfcheck_explanation()
        self.state.nested_parse(explanation_lines, self.content_offset + split + 1, explanation)
        node += explanation
        return [node]

    def parse_choices(self, lines: list[str]) -> list[tuple[bool, str, int]]:
        """(right, text, line number) per choice. A choice continues on lines
        indented by at least one space."""
        choices: list[list] = []
        for offset, line in enumerate(lines):
            lineno = self.content_offset + offset + 1
            if not line.strip():
                continue
            marker, _, text = line.partition(" ")
            if marker in ("-", "+") and text.strip():
                choices.append([marker == "+", text.strip(), lineno])
            elif line[:1].isspace() and choices:
                choices[-1][1] += " " + line.strip()
            else:
                raise self.error(
                    f"selfcheck: line {offset + 1} of the content is not a choice: {line!r}. "
                    "Start a wrong choice with `- `, a right one with `+ `, and end the list with `---`."
                )
        return [tuple(choice) for choice in choices]

    def inline(self, text: str, lineno: int) -> list[nodes.Node]:
        parsed, messages = self.state.inline_text(text, lineno)
        return [*parsed, *messages]

    def set_id(self, node: selfcheck) -> None:
        """The :label: if given (a target for {ref}), else selfcheck-1, -2, ... per page."""
        if "label" in self.options:
            label = self.options["label"]
            node_id = nodes.make_id(label)
            if node_id != label:
                raise self.error(
                    f"selfcheck: the label {label!r} is not a valid HTML id; use lowercase letters, digits and -."
                )
            node["ids"].append(node_id)
            node["names"].append(nodes.fully_normalize_name(label))
            self.state.document.note_explicit_target(node, node)
        else:
            node["ids"].append(f"selfcheck-{self.env.new_serialno('selfcheck') + 1}")


# ---------------------------------------------------------------- HTML


def visit_selfcheck_html(self, node: selfcheck) -> None:
    attrs = {"data-kind": node["kind"], "novalidate": "novalidate"}
    choices = list(node.findall(selfcheck_choice))
    if node["kind"] == "number":
        attrs["data-answer"] = repr(node["answer"])
        attrs["data-answer-text"] = node["answer_text"]
        attrs["data-tolerance"] = repr(node["tolerance"])
    else:
        attrs["data-right"] = " ".join(str(i) for i, choice in enumerate(choices) if choice["right"])
    self.body.append(self.starttag(node, "form", "", **attrs))
    self.body.append("<fieldset>")
    self._selfcheck = {"id": node["ids"][0], "kind": node["kind"], "choice": 0}


def depart_selfcheck_html(self, node: selfcheck) -> None:
    self.body.append("</fieldset></form>\n")


def visit_selfcheck_question_html(self, node: selfcheck_question) -> None:
    self.body.append(f'<legend><span class="selfcheck-kicker">{KICKER}</span> ')
    self.body.append('<span class="selfcheck-question">')


def depart_selfcheck_question_html(self, node: selfcheck_question) -> None:
    self.body.append("</span>")
    if self._selfcheck["kind"] == "multiple":
        self.body.append(' <span class="selfcheck-hint">Select all that apply.</span>')
    self.body.append("</legend>\n")
    if self._selfcheck["kind"] == "number":
        form_id = self._selfcheck["id"]
        self.body.append(
            '<div class="selfcheck-number">'
            f'<label for="{form_id}-answer">Your answer</label> '
            f'<span class="selfcheck-hint" id="{form_id}-hint">({tolerance_words(node.parent["tolerance"])})</span> '
            f'<input type="text" inputmode="decimal" autocomplete="off" spellcheck="false" '
            f'class="selfcheck-input" id="{form_id}-answer" name="{form_id}" aria-describedby="{form_id}-hint">'
            "</div>\n"
        )
    else:
        self.body.append('<div class="selfcheck-choices">\n')


def tolerance_words(tolerance: float) -> str:
    """How close counts as right, for the reader: "within 1 %", "exactly"."""
    if tolerance == 0:
        return "a number, exactly"
    return f"a number; within {100 * tolerance:.3g} % counts as right"


def visit_selfcheck_choice_html(self, node: selfcheck_choice) -> None:
    state = self._selfcheck
    index, form_id = state["choice"], state["id"]
    state["choice"] += 1
    kind = "radio" if state["kind"] == "single" else "checkbox"
    self.body.append(
        '<div class="selfcheck-choice">'
        f'<input type="{kind}" class="selfcheck-choice-input" id="{form_id}-choice-{index}" '
        f'name="{form_id}" value="{index}">'
        f'<label for="{form_id}-choice-{index}">'
    )


def depart_selfcheck_choice_html(self, node: selfcheck_choice) -> None:
    self.body.append("</label></div>\n")


def visit_selfcheck_explanation_html(self, node: selfcheck_explanation) -> None:
    form_id = self._selfcheck["id"]
    if self._selfcheck["kind"] != "number":
        self.body.append("</div>\n")  # the choices
    self.body.append(
        '<div class="selfcheck-actions">'
        '<button type="submit" class="selfcheck-check">Check</button>'
        f'<p class="selfcheck-feedback" id="{form_id}-feedback" role="status" aria-live="polite"></p>'
        "</div>\n"
        f'<div class="selfcheck-explanation" id="{form_id}-explanation" hidden>\n'
    )


def depart_selfcheck_explanation_html(self, node: selfcheck_explanation) -> None:
    self.body.append("</div>\n")


def add_assets(app, pagename, templatename, context, doctree) -> None:
    """The script and style go on the pages that have a question, as MathJax's do."""
    if doctree is not None and next(doctree.findall(selfcheck), None) is not None:
        app.builder.add_js_file(JS_FILE, loading_method="defer")
        app.builder.add_css_file(CSS_FILE)


def add_static_path(app) -> None:
    """Ship selfcheck.js and .css even where html_static_path does not name book/_static."""
    static_paths = {(Path(app.confdir) / path).resolve() for path in app.config.html_static_path}
    if STATIC not in static_paths:
        app.config.html_static_path.append(str(STATIC))


# ---------------------------------------------------------------- other builders


class PlainSelfCheck(SphinxPostTransform):
    """For builders other than HTML: the question, the choices, the answer and
    the explanation as ordinary paragraphs and a list under a rubric."""

    default_priority = 199

    def run(self, **kwargs) -> None:
        if self.app.builder.format == "html":
            return
        for node in list(self.document.findall(selfcheck)):
            node.replace_self(plain(node))


def plain(node: selfcheck) -> nodes.container:
    box = nodes.container("", classes=["selfcheck", *node["classes"]], ids=node["ids"], names=node["names"])
    box += nodes.rubric("", KICKER)
    question = next(node.findall(selfcheck_question))
    box += nodes.paragraph("", "", *[child.deepcopy() for child in question.children])
    if node["kind"] == "number":
        answer = [nodes.Text(f"{node['answer_text']} ({tolerance_words(node['tolerance'])})")]
    else:
        if node["kind"] == "multiple":
            box += nodes.paragraph("", "Select all that apply.")
        choices = list(node.findall(selfcheck_choice))
        listing = nodes.bullet_list(bullet="-")
        for choice in choices:
            listing += nodes.list_item("", nodes.paragraph("", "", *[c.deepcopy() for c in choice.children]))
        box += listing
        answer = []
        for choice in (choice for choice in choices if choice["right"]):
            answer.extend([nodes.Text("; ")] if answer else [])
            answer.extend(child.deepcopy() for child in choice.children)
    box += nodes.paragraph("", "", nodes.strong("", "Answer:"), nodes.Text(" "), *answer)
    explanation = next(node.findall(selfcheck_explanation))
    box.extend(child.deepcopy() for child in explanation.children)
    return box


def setup(app):
    app.add_node(selfcheck, html=(visit_selfcheck_html, depart_selfcheck_html))
    app.add_node(selfcheck_question, html=(visit_selfcheck_question_html, depart_selfcheck_question_html))
    app.add_node(selfcheck_choice, html=(visit_selfcheck_choice_html, depart_selfcheck_choice_html))
    app.add_node(selfcheck_explanation, html=(visit_selfcheck_explanation_html, depart_selfcheck_explanation_html))
    app.add_directive("selfcheck", SelfCheck)
    app.add_post_transform(PlainSelfCheck)
    app.connect("builder-inited", add_static_path)
    app.connect("html-page-context", add_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
