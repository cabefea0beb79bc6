"""Tests of the {selfcheck} directive (book/_ext/selfcheck.py) on a tiny book.

Each test builds a one-page MyST project with Sphinx (HTML, and text for the
other builders) and reads what came out: the form's markup, the plain
rendering, or the warning a malformed question gives. The browser tests
(tests/browser/test_selfcheck.py) check that the built forms answer.
"""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

pytest.importorskip("myst_parser")
from sphinx.testing.util import SphinxTestApp  # noqa: E402

EXT = Path(__file__).resolve().parents[2] / "book" / "_ext"

# A question with `code` in it needs a colon fence (or a tilde fence): CommonMark
# ends a backtick fence's info string at the first backtick.
CHOICE = """
:::{selfcheck} How many forward passes does `ad.jacfwd` make for a function of 3 inputs and 100 outputs?
:label: fr-check-passes
- 1
- 100
+ 3
---
One JVP per input direction: three seeds, one per input, give the three columns.
Not $100$: that is the number of **reverse** passes.
:::
"""

NUMBER = """
````{selfcheck} What is $f'(1.5)$?
:answer: 18.75
:tolerance: 0.01
---
$f'(x) = 3x^2 + 8x$.

```python
print(3 * 1.5**2 + 8 * 1.5)
```
````
"""


def build(tmp_path: Path, page: str, builder: str = "html") -> tuple[Path, str]:
    """Build index.md into tmp_path/src/_build/<builder>; return that folder and the warnings."""
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    (src / "conf.py").write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(EXT)!r})
        extensions = ["myst_parser", "selfcheck"]
        myst_enable_extensions = ["colon_fence", "dollarmath"]
        project = "selfcheck test"
    """))
    (src / "index.md").write_text("# Questions\n" + page)
    # SphinxTestApp, unlike Sphinx, forgets the nodes and directives it
    # registered when cleaned up, so the next build starts afresh.
    app = SphinxTestApp(builder, srcdir=src, freshenv=True)
    try:
        app.build()
        return Path(app.outdir), app.warning.getvalue()
    finally:
        app.cleanup()


def html_of(tmp_path: Path, page: str) -> BeautifulSoup:
    out, warnings = build(tmp_path, page)
    assert warnings == ""
    return BeautifulSoup((out / "index.html").read_text(), "html.parser")


def test_a_choice_question_is_a_form_of_radio_buttons_with_labels(tmp_path):
    soup = html_of(tmp_path, CHOICE)
    form = soup.select_one("form.selfcheck")
    assert form["id"] == "fr-check-passes"
    assert form["data-kind"] == "single"
    assert form["data-right"] == "2"
    legend = form.select_one("fieldset > legend")
    assert "How many forward passes" in legend.text
    assert legend.select_one("code").text == "ad.jacfwd"  # the question is inline MyST
    inputs = form.select("input[type=radio]")
    assert [i["value"] for i in inputs] == ["0", "1", "2"]
    assert {i["name"] for i in inputs} == {"fr-check-passes"}
    labels = [form.select_one(f'label[for="{i["id"]}"]').text for i in inputs]
    assert labels == ["1", "100", "3"]
    assert form.select_one("button[type=submit]").text == "Check"
    feedback = form.select_one(".selfcheck-feedback")
    assert feedback["aria-live"] == "polite" and feedback.text == ""


def test_the_explanation_is_myst_and_hidden_until_answered(tmp_path):
    soup = html_of(tmp_path, CHOICE)
    explanation = soup.select_one("form.selfcheck .selfcheck-explanation")
    assert explanation.has_attr("hidden")
    assert explanation.select_one("strong").text == "reverse"
    assert explanation.select_one(".math") is not None


def test_several_right_choices_make_checkboxes(tmp_path):
    soup = html_of(tmp_path, """
```{selfcheck} Which are exact?
+ symbolic differentiation
- a forward difference
+ reverse mode
---
Both apply the chain rule exactly; a difference quotient truncates.
```
""")
    form = soup.select_one("form.selfcheck")
    assert form["data-kind"] == "multiple"
    assert form["data-right"] == "0 2"
    assert len(form.select("input[type=checkbox]")) == 3
    assert "Select all that apply" in form.select_one("legend").text
    assert form["id"] == "selfcheck-1"  # no :label:, a numbered id


def test_a_number_question_has_a_labelled_text_field(tmp_path):
    soup = html_of(tmp_path, NUMBER)
    form = soup.select_one("form.selfcheck")
    assert form["data-kind"] == "number"
    assert float(form["data-answer"]) == 18.75
    assert float(form["data-tolerance"]) == 0.01
    field = form.select_one("input.selfcheck-input")
    assert form.select_one(f'label[for="{field["id"]}"]').text == "Your answer"
    assert "within 1 %" in form.select_one(".selfcheck-hint").text
    assert form.select("input[type=radio]") == []
    assert "print(3 * 1.5**2" in form.select_one(".selfcheck-explanation pre").text


def test_the_default_tolerance_is_one_in_a_thousand(tmp_path):
    soup = html_of(tmp_path, """
```{selfcheck} How many?
:answer: 1e-8
---
Because.
```
""")
    form = soup.select_one("form.selfcheck")
    assert float(form["data-tolerance"]) == 1e-3
    assert form["data-answer-text"] == "1e-8"  # as written, for the feedback


def test_two_questions_on_a_page_have_distinct_ids(tmp_path):
    soup = html_of(tmp_path, CHOICE.replace(":label: fr-check-passes\n", "") * 2 + NUMBER)
    ids = [tag["id"] for tag in soup.select("[id]")]
    assert len(ids) == len(set(ids))
    assert len(soup.select("form.selfcheck")) == 3


def test_a_choice_may_continue_on_indented_lines_and_multiple_forces_checkboxes(tmp_path):
    soup = html_of(tmp_path, """
```{selfcheck} Which is exact?
:multiple:
- a forward difference,
  whatever the step
+ reverse mode
---
Reverse mode applies the chain rule exactly.
```
""")
    form = soup.select_one("form.selfcheck")
    assert form["data-kind"] == "multiple"
    assert len(form.select("input[type=checkbox]")) == 2
    assert form.select_one("label").text == "a forward difference, whatever the step"


def test_a_label_is_a_target_for_ref(tmp_path):
    soup = html_of(tmp_path, CHOICE + "\nSee {ref}`the question on passes <fr-check-passes>`.\n")
    link = next(a for a in soup.select("a.reference.internal") if a.text == "the question on passes")
    assert link["href"].endswith("#fr-check-passes")


def test_a_tolerance_of_zero_asks_for_the_exact_number(tmp_path):
    soup = html_of(tmp_path, "\n```{selfcheck} How many?\n:answer: 6\n:tolerance: 0\n---\nSix.\n```\n")
    form = soup.select_one("form.selfcheck")
    assert float(form["data-tolerance"]) == 0
    assert "exactly" in form.select_one(".selfcheck-hint").text


def test_text_builders_get_question_choices_answer_and_explanation(tmp_path):
    out, warnings = build(tmp_path, CHOICE + NUMBER, builder="text")
    assert warnings == ""
    text = (out / "index.txt").read_text()
    assert "Predict, then check" in text
    assert "* 100" in text
    assert "**Answer:** 3" in text
    assert "One JVP per input direction" in text
    assert "**Answer:** 18.75" in text


def test_latex_builder_does_not_break(tmp_path):
    out, warnings = build(tmp_path, CHOICE + NUMBER, builder="latex")
    assert warnings == ""
    tex = next(out.glob("*.tex")).read_text()
    assert "One JVP per input direction" in tex


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("- a\n+ b\n", "no explanation"),
        ("- a\n- b\n---\nWhy.", "no right choice"),
        ("+ a\n---\nWhy.", "at least two choices"),
        ("- a\n+ b\n---\n", "explanation after `---` is empty"),
        (":answer: 3\n- a\n+ b\n---\nWhy.", "not both"),
        (":label: q\n---\nWhy.", "no choices"),
        (":answer: three\n---\nWhy.", "answer"),
        ("- a\n+ b\nc\n---\nWhy.", "is not a choice"),
        (":label: Not An Id\n- a\n+ b\n---\nWhy.", "not a valid HTML id"),
    ],
)
def test_a_malformed_question_is_a_build_warning(tmp_path, body, message):
    _, warnings = build(tmp_path, f"\n```{{selfcheck}} Question?\n{body}\n```\n")
    assert message in warnings
