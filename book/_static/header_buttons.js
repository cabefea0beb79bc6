/* The menu and "On this page" buttons, and their tooltips, on every screen size.

Why: pydata-sphinx-theme 0.17.1 binds the handler that opens a sidebar to the
first `.primary-toggle` (and `.secondary-toggle`) of the page, which is its
own navbar button, hidden under sphinx-book-theme 1.3.0. The buttons a reader
sees are sphinx-book-theme's, further down, and nothing listens to them. So a
click on a visible toggle is passed on to the bound one, which then does what
the theme means at that width: open the sidebar as a dialog on a narrow
screen, fold the primary sidebar away on a wide one.

Bootstrap's tooltips appear on hover and on focus. A tap on a phone is both,
and no "mouse leave" ever follows, so the tooltip stayed over the search
button next to it. Every button with a tooltip hides it, and gives up focus,
once clicked. After a tap the emulated mouse stays where the finger was, and
when the page moves under it (formulas are typeset once the browser is idle)
the browser sends the button a mouseover: its tooltip came back, to stay. So a
touch turns the button's tooltip off, until a mouse leaves the button. */
(() => {
  const hideTooltip = (button) => {
    window.bootstrap?.Tooltip?.getInstance(button)?.hide();
    button.blur();
  };

  const forwardToggles = () => {
    for (const kind of [".primary-toggle", ".secondary-toggle"]) {
      const [bound, ...visible] = document.querySelectorAll(kind);
      for (const button of visible) {
        button.addEventListener("click", (event) => {
          event.preventDefault();
          event.stopPropagation();
          hideTooltip(button);
          bound.click();
        });
      }
    }
    for (const button of document.querySelectorAll('[data-bs-toggle="tooltip"]')) {
      const tooltip = () => window.bootstrap?.Tooltip?.getInstance(button);
      button.addEventListener("click", () => hideTooltip(button));
      button.addEventListener("pointerdown", (event) => {
        if (event.pointerType !== "mouse") tooltip()?.disable();
      });
      button.addEventListener("pointerleave", (event) => {
        if (event.pointerType === "mouse") tooltip()?.enable();
      });
    }
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", forwardToggles);
  } else {
    forwardToggles();
  }
})();
