/* "Predict, then check" questions: checks the reader's answer in the page.
 *
 * book/_ext/selfcheck.py writes each question as <form class="selfcheck">
 * with data-kind "single", "multiple" or "number". Choice forms name their
 * right choices in data-right ("2", or "0 3"); number forms carry
 * data-answer and a relative data-tolerance. Checking needs no kernel and no
 * network. Once answered, the feedback line says "Right." or "Not quite.",
 * the right choices are marked (in words, not only in colour), and the
 * explanation appears. The reader may change the answer and check again.
 */
(function () {
  "use strict";

  // "0.5", "-3", "1e-8", "1.5E+3", "10^-8", "2*10^-5", "2 × 10^-5", "−4" (a minus sign).
  const POWER_OF_TEN = /^([+-]?(?:\d+\.?\d*|\.\d+))?\s*[*x×·]?\s*10\s*\^\s*\(?\s*([+-]?\d+)\s*\)?$/i;

  function parseNumber(text) {
    const cleaned = text.trim().replace(/[\u2212\u2012\u2013]/g, "-").replace(/[\s_]/g, "");
    if (cleaned === "") return null;
    const power = cleaned.match(POWER_OF_TEN);
    if (power) {
      const mantissa = power[1] === undefined ? 1 : Number(power[1]);
      return mantissa * Math.pow(10, Number(power[2]));
    }
    if (!/^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i.test(cleaned)) return null;
    return Number(cleaned);
  }

  function withinTolerance(value, answer, tolerance) {
    const scale = answer === 0 ? 1 : Math.abs(answer);
    return Math.abs(value - answer) <= tolerance * scale * (1 + 1e-12);
  }

  function clearMarks(form) {
    form.querySelectorAll(".selfcheck-mark").forEach((mark) => mark.remove());
    form.querySelectorAll(".selfcheck-choice").forEach((choice) => {
      choice.classList.remove("selfcheck-is-right", "selfcheck-is-wrong");
    });
  }

  function mark(choice, text, className) {
    choice.classList.add(className);
    const label = document.createElement("span");
    label.className = "selfcheck-mark";
    label.textContent = text;
    choice.querySelector("label").append(label);
  }

  function check(form) {
    const feedback = form.querySelector(".selfcheck-feedback");
    const explanation = form.querySelector(".selfcheck-explanation");
    let right;
    let detail = "";
    clearMarks(form);
    form.classList.remove("selfcheck-answered-right", "selfcheck-answered-wrong");

    if (form.dataset.kind === "number") {
      const input = form.querySelector(".selfcheck-input");
      const value = parseNumber(input.value);
      if (value === null) {
        feedback.textContent = "Type a number first, for example 0.5, 1e-8 or 10^-8.";
        input.focus();
        return;
      }
      right = withinTolerance(value, Number(form.dataset.answer), Number(form.dataset.tolerance));
      input.setAttribute("aria-invalid", right ? "false" : "true");
      detail = right ? "" : ` The answer is ${form.dataset.answerText}.`;
    } else {
      const rightIndices = form.dataset.right.split(" ");
      const choices = [...form.querySelectorAll(".selfcheck-choice")];
      const picked = choices.filter((choice) => choice.querySelector("input").checked);
      if (picked.length === 0) {
        feedback.textContent = form.dataset.kind === "multiple" ? "Tick your choices first." : "Pick an answer first.";
        return;
      }
      right = true;
      choices.forEach((choice) => {
        const input = choice.querySelector("input");
        const isRight = rightIndices.includes(input.value);
        if (isRight !== input.checked) right = false;
        if (isRight) mark(choice, "right answer", "selfcheck-is-right");
        else if (input.checked) mark(choice, "not this one", "selfcheck-is-wrong");
      });
      if (!right) {
        detail = form.dataset.kind === "multiple" ? " The right choices are marked." : " The right answer is marked.";
      }
    }

    form.classList.add(right ? "selfcheck-answered-right" : "selfcheck-answered-wrong");
    feedback.textContent = (right ? "Right." : "Not quite.") + detail;
    explanation.hidden = false;
  }

  function setUp(form) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      check(form);
    });
  }

  function start() {
    document.querySelectorAll("form.selfcheck").forEach(setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
