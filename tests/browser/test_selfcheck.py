"""The "predict, then check" questions answer in the page, offline, with no
kernel: a wrong answer says "Not quite.", a right one "Right.", and either way
the explanation appears; number questions accept answers within their
tolerance and no further; everything works from the keyboard alone; the
questions stay readable in dark mode and inside a phone's width.

Every main chapter (each chapter of the part "Differentiating programs" in
_toc.yml) has at least three questions. The questions are found in the built
pages, so new pages and new questions are covered without listing them here.
The directive's markup is tested without a browser in
tests/site/test_selfcheck_directive.py.

Run by `make test-browser` (see conftest.py). Screenshots of each page's first
question of each kind, answered wrongly, at 375 and 1280 px in light and dark
mode, land in _build/screenshots/.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import pytest

from book_pages import MAIN_CHAPTERS, PAGES, source_of

MIN_QUESTIONS = 3
PHONE, DESKTOP = {"width": 375, "height": 800}, {"width": 1280, "height": 900}
MIN_CONTRAST = 4.5  # WCAG AA for body text
# A directive opened by a backtick, colon or tilde fence: ```{selfcheck}, :::{selfcheck}.
DIRECTIVE = re.compile(r"^\s*(?:`{3,}|:{3,}|~{3,})\s*\{selfcheck\}", re.MULTILINE)


def questions_in_source(page: str) -> int:
    return len(DIRECTIVE.findall(source_of(page).read_text(encoding="utf-8")))


SELFCHECK_PAGES = [page for page in PAGES if questions_in_source(page)]

# MathJax typesets after the load event; labels and explanations hold formulas.
JS_WAIT_FOR_MATHJAX = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  await document.fonts.ready;
}"""

JS_FORMS = """() => [...document.querySelectorAll('form.selfcheck')].map(form => ({
  id: form.id,
  kind: form.dataset.kind,
  right: (form.dataset.right || '').split(' ').filter(Boolean).map(Number),
  choices: form.querySelectorAll('.selfcheck-choice').length,
  answer: form.dataset.answer === undefined ? null : Number(form.dataset.answer),
  tolerance: Number(form.dataset.tolerance || 0),
}))"""

# Ids of the questions (forms and their parts) that some other element of the page also has.
JS_DUPLICATE_IDS = """() => {
  const count = {};
  for (const element of document.querySelectorAll('[id]')) count[element.id] = (count[element.id] || 0) + 1;
  const ours = [...document.querySelectorAll('form.selfcheck, form.selfcheck [id]')].map(element => element.id);
  return ours.filter(id => count[id] > 1);
}"""

JS_FOCUS_RING = """() => {
  const style = getComputedStyle(document.activeElement);
  return {id: document.activeElement.id, tag: document.activeElement.tagName.toLowerCase(),
          outline: style.outlineStyle, width: parseFloat(style.outlineWidth)};
}"""

# Contrast ratio (WCAG) of each piece of text in a form against what is behind it.
JS_CONTRAST = """(id) => {
  const channels = color => color.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => {
    v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
  const luminance = color => { const [r, g, b] = channels(color); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const ratio = (a, b) => { const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
                            return (hi + 0.05) / (lo + 0.05); };
  const form = document.getElementById(id);
  const surface = getComputedStyle(form.querySelector('fieldset')).backgroundColor;
  const result = {};
  for (const [name, selector] of Object.entries({
      kicker: '.selfcheck-kicker', question: '.selfcheck-question', label: 'label',
      feedback: '.selfcheck-feedback', explanation: '.selfcheck-explanation p', mark: '.selfcheck-mark'})) {
    const element = form.querySelector(selector);
    if (element) result[name] = ratio(getComputedStyle(element).color, surface);
  }
  const button = getComputedStyle(form.querySelector('.selfcheck-check'));
  result.button = ratio(button.color, button.backgroundColor);
  return result;
}"""

JS_OVERFLOW = """() => [...document.querySelectorAll('form.selfcheck')].flatMap(form => {
  const box = form.getBoundingClientRect(), fieldset = form.querySelector('fieldset');
  const problems = [];
  if (box.left < -0.5 || box.right > innerWidth + 0.5) problems.push(`${form.id} spans ${box.left}..${box.right} px`);
  if (fieldset.scrollWidth > fieldset.clientWidth + 1)
    problems.push(`${form.id}: content ${fieldset.scrollWidth} px wide in ${fieldset.clientWidth} px`);
  return problems;
})"""


@contextmanager
def opened(browsing, page_name: str, viewport: dict = DESKTOP):
    """The page in a fresh browser context (offline, errors recorded), with its
    forms; the visit's console errors are checked when the block ends."""
    visit = browsing.blank_visit(page_name + ".html")
    context, page = browsing.new_page(visit)
    try:
        page.set_viewport_size(viewport)
        page.goto(visit.url, wait_until="load")
        page.wait_for_load_state("networkidle")
        page.evaluate(JS_WAIT_FOR_MATHJAX)
        forms = page.evaluate(JS_FORMS)
        assert forms, f"{page_name} has no rendered self-check"
        yield page, forms
    finally:
        context.close()
    assert visit.console_errors == []
    assert visit.blocked == []


def feedback(page, form: dict) -> str:
    return page.locator(f"#{form['id']}-feedback").inner_text()


def explanation_shown(page, form: dict) -> bool:
    return page.locator(f"#{form['id']}-explanation").is_visible()


def wrong_choice(form: dict) -> int:
    return next(i for i in range(form["choices"]) if i not in form["right"])


def right_number(form: dict) -> float:
    """Inside the tolerance, though not the answer itself (unless no tolerance is allowed)."""
    return form["answer"] * (1 + form["tolerance"] / 2)


def wrong_number(form: dict) -> float:
    """Outside the tolerance."""
    if form["answer"] == 0 or form["tolerance"] == 0:
        return form["answer"] + max(1.0, 3 * form["tolerance"])
    return form["answer"] * (1 + 3 * form["tolerance"])


def answer_with_mouse(page, form: dict, choices: list[int] = (), number: float | None = None) -> None:
    """Click the labels of `choices` (ticking exactly those), or type `number`; then Check."""
    if form["kind"] == "number":
        page.locator(f"#{form['id']}-answer").fill(repr(number))
    else:
        for index in range(form["choices"]):
            box = page.locator(f"#{form['id']}-choice-{index}")
            if (index in choices) != box.is_checked():
                page.locator(f"label[for='{form['id']}-choice-{index}']").click()
    page.locator(f"#{form['id']} .selfcheck-check").click()


# ---------------------------------------------------------------- every main chapter has questions


@pytest.mark.parametrize("chapter", MAIN_CHAPTERS)
def test_each_main_chapter_has_at_least_three_questions(chapter, browsing):
    assert questions_in_source(chapter) >= MIN_QUESTIONS, f"{chapter} has fewer than {MIN_QUESTIONS} self-checks"
    with opened(browsing, chapter) as (page, forms):
        assert len(forms) == questions_in_source(chapter), "a question of the source did not reach the page"


# ---------------------------------------------------------------- answering


@pytest.mark.parametrize("page_name", SELFCHECK_PAGES)
def test_feedback_follows_each_answer(page_name, browsing):
    """On one load of the page, each question in turn: Check with no answer
    reveals nothing; a wrong answer says "Not quite.", shows the explanation and
    marks the right choice in words; then the right answer, judged afresh, says
    "Right." and leaves no mark of the wrong one. (A right first answer is the
    keyboard test's.) The questions' ids are unique in the page: each <label for>
    and aria reference finds its own element (sphinx-exercise repeats ids of its
    own, so only the questions' are checked)."""
    with opened(browsing, page_name) as (page, forms):
        assert page.evaluate(JS_DUPLICATE_IDS) == []
        for form in forms:
            page.locator(f"#{form['id']} .selfcheck-check").click()
            assert not feedback(page, form).startswith(("Right", "Not quite")), form["id"]
            assert not explanation_shown(page, form), f"{form['id']}: explanation visible before answering"
            if form["kind"] == "number":
                answer_with_mouse(page, form, number=wrong_number(form))
            else:
                answer_with_mouse(page, form, choices=[wrong_choice(form)])
                marked = page.locator(f"#{form['id']}-choice-{form['right'][0]} + label .selfcheck-mark")
                assert marked.inner_text() == "right answer", form["id"]
            assert feedback(page, form).startswith("Not quite."), form["id"]
            assert explanation_shown(page, form), form["id"]
            if form["kind"] == "number":
                answer_with_mouse(page, form, number=form["answer"])
            else:
                answer_with_mouse(page, form, choices=form["right"])
                assert page.locator(f"#{form['id']} .selfcheck-is-wrong").count() == 0, form["id"]
            assert feedback(page, form).startswith("Right."), form["id"]
            assert explanation_shown(page, form), form["id"]


def test_number_questions_accept_within_the_tolerance_and_reject_outside(browsing):
    checked = 0
    for page_name in SELFCHECK_PAGES:
        with opened(browsing, page_name) as (page, forms):
            for form in (form for form in forms if form["kind"] == "number"):
                for typed, expected in [
                    (repr(right_number(form)), "Right."),
                    (repr(wrong_number(form)), "Not quite."),
                    (f"{form['answer']:e}", "Right."),  # e-notation
                    (repr(form["answer"] * (1 - form["tolerance"] / 2)), "Right."),
                    (repr(-wrong_number(form)), "Not quite."),
                ]:
                    page.locator(f"#{form['id']}-answer").fill(typed)
                    page.locator(f"#{form['id']} .selfcheck-check").click()
                    assert feedback(page, form).startswith(expected), (form["id"], typed)
                page.locator(f"#{form['id']}-answer").fill("seven")
                page.locator(f"#{form['id']} .selfcheck-check").click()
                assert feedback(page, form).startswith("Type a number"), form["id"]
                checked += 1
    assert checked, "no number question in the book"


# ---------------------------------------------------------------- keyboard


def tab_to(page, target_id: str | None = None, tag: str | None = None) -> dict:
    """Press Tab until the focus reaches the element with this id (or tag), and
    check that it shows a focus ring. On the way, only formulas may take the
    focus: MathJax puts each formula in the tab order, for its menu and explorer."""
    passed = []
    for _ in range(12):
        page.keyboard.press("Tab")
        ring = page.evaluate(JS_FOCUS_RING)
        if (target_id and ring["id"] == target_id) or (tag and ring["tag"] == tag):
            assert ring["outline"] != "none" and ring["width"] >= 2, f"no visible focus on {ring}"
            return ring
        passed.append(ring["tag"])
        assert ring["tag"] == "mjx-container", f"Tab went to {ring} on the way to {target_id or tag}"
    raise AssertionError(f"Tab never reached {target_id or tag}; it passed {passed}")


@pytest.mark.parametrize("page_name", SELFCHECK_PAGES)
def test_questions_can_be_answered_with_the_keyboard_alone(page_name, browsing):
    """Tab into the question, pick with arrows or Space (or type the number),
    Tab to Check and press Enter (or press Enter in the field). Focus is visible
    on every control reached."""
    with opened(browsing, page_name) as (page, forms):
        for form in forms:
            # Start where a reader tabbing through the page would be: at the question.
            page.evaluate("id => { const l = document.querySelector(`#${id} legend`); l.tabIndex = -1; l.focus(); }",
                          form["id"])
            if form["kind"] == "number":
                tab_to(page, f"{form['id']}-answer")
                page.keyboard.type(repr(form["answer"]))
                page.keyboard.press("Enter")
            elif form["kind"] == "single":
                tab_to(page, f"{form['id']}-choice-0")
                right = form["right"][0]
                if right == 0:
                    page.keyboard.press("Space")
                for _ in range(right):
                    page.keyboard.press("ArrowDown")  # moves to, and selects, the next choice
                tab_to(page, tag="button")
                page.keyboard.press("Enter")
            else:
                for index in range(form["choices"]):
                    tab_to(page, f"{form['id']}-choice-{index}")
                    if index in form["right"]:
                        page.keyboard.press("Space")
                tab_to(page, tag="button")
                page.keyboard.press("Enter")
            assert feedback(page, form).startswith("Right."), form["id"]
            assert explanation_shown(page, form), form["id"]


# ---------------------------------------------------------------- markup, dark mode, phones


def answer_all_wrong(page, forms: list[dict]) -> None:
    """Every question answered wrongly: the busiest state (marks, feedback, explanation)."""
    for form in forms:
        if form["kind"] == "number":
            answer_with_mouse(page, form, number=wrong_number(form))
        else:
            answer_with_mouse(page, form, choices=[wrong_choice(form)])


@pytest.mark.parametrize("page_name", SELFCHECK_PAGES)
def test_questions_are_readable_in_both_themes(page_name, browsing):
    """Text, feedback, marks and the Check button keep a contrast of at least 4.5:1, light and dark."""
    with opened(browsing, page_name) as (page, forms):
        answer_all_wrong(page, forms)
        for theme in ("light", "dark"):
            page.evaluate("theme => { document.documentElement.dataset.theme = theme; }", theme)
            page.wait_for_timeout(400)  # the theme's colour transitions
            for form in forms:
                contrast = page.evaluate(JS_CONTRAST, form["id"])
                low = {name: round(ratio, 2) for name, ratio in contrast.items() if ratio < MIN_CONTRAST}
                assert low == {}, f"{form['id']} in {theme} mode"
            assert page.evaluate("() => getComputedStyle(document.body).backgroundColor") != (
                "rgb(255, 255, 255)" if theme == "dark" else "rgb(0, 0, 0)"), theme


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["375px", "1280px"])
@pytest.mark.parametrize("page_name", SELFCHECK_PAGES)
def test_questions_fit_the_screen(page_name, viewport, browsing):
    """Answered (explanations open), no question reaches past the screen's edge
    or past its own frame. Screenshots of the page's first question of each
    kind (single, multiple, number), light and dark."""
    with opened(browsing, page_name, viewport) as (page, forms):
        answer_all_wrong(page, forms)
        assert page.evaluate(JS_OVERFLOW) == []
        first_of_each_kind = {form["kind"]: form for form in reversed(forms)}
        for theme in ("light", "dark"):
            page.evaluate("theme => { document.documentElement.dataset.theme = theme; }", theme)
            page.wait_for_timeout(400)
            for kind, form in first_of_each_kind.items():
                name = f"selfcheck-{page_name.replace('/', '__')}-{kind}-{viewport['width']}-{theme}.png"
                page.locator(f"#{form['id']}").screenshot(path=str(browsing.screenshots / name))
