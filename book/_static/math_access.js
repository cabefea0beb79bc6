/* Formulas for keyboard and screen-reader users, once MathJax has typeset them.

Formulas are not tab stops (_config.yml turns MathJax's inTabOrder off: a
chapter has about a hundred). Two cases still need something:

* A label made only of a formula (a self-check choice such as "ε = 10⁻⁵").
  MathJax hides its SVG from assistive technology and puts the formula's
  MathML beside it; browsers read that MathML, but a label's name, as axe-core
  computes it, skips it, so the radio button counted as unlabelled (critical).
  Such a label is named by its text with each formula replaced by its
  MathML's text, which is what a screen reader says anyway.
* A displayed formula wider than the column scrolls sideways. Keyboard
  readers can scroll it only if it can take focus (axe-core:
  scrollable-region-focusable, serious), so those formulas, and only those,
  become tab stops. */
(() => {
  const spoken = (element) => {
    const copy = element.cloneNode(true);
    for (const math of copy.querySelectorAll("mjx-container")) {
      const mathml = math.querySelector("mjx-assistive-mml");
      math.replaceWith(mathml ? mathml.textContent : "");
    }
    return copy.textContent.replace(/\s+/g, " ").trim();
  };

  const afterTypesetting = () => {
    for (const label of document.querySelectorAll("label")) {
      if (label.querySelector("mjx-container") && !label.hasAttribute("aria-label")) {
        label.setAttribute("aria-label", spoken(label));
      }
    }
    for (const math of document.querySelectorAll('mjx-container[display="true"]')) {
      if (math.scrollWidth > math.clientWidth + 1) math.tabIndex = 0;
    }
  };

  document.addEventListener("DOMContentLoaded", () => {
    // MathJax's script is deferred, so it has run by now on a page with math.
    window.MathJax?.startup?.promise?.then(() => {
      afterTypesetting();
      // Lazy typesetting shows the first screen sooner; the rest is typeset as soon as
      // the browser is idle, so a screen reader finds every formula, scrolled to or not.
      const typesetTheRest = () => MathJax.startup.document.lazyTypesetAll?.();
      (window.requestIdleCallback || ((f) => setTimeout(f, 200)))(typesetTheRest);
      // Typesetting is lazy (_config.yml): a formula scrolled into view is typeset
      // later, so look again whenever one is.
      let pending = false;
      new MutationObserver(() => {
        if (pending) return;
        pending = true;
        requestAnimationFrame(() => { pending = false; afterTypesetting(); });
      }).observe(document.querySelector("main") || document.body, {childList: true, subtree: true});
    });
  });
})();
