/* Replaces pydata-sphinx-theme's scripts/fontawesome.js (Sphinx copies
   html_static_path over the theme's static files).

Why: the theme's file is Font Awesome's whole SVG+JS kit, 1.45 MB (540 kB
gzip) on every page, and a MutationObserver that rescans the page at every
change MathJax makes while typesetting. The theme's stylesheet already carries
Font Awesome's CSS and web fonts, which draw the same <i class="fa-..."> icons
without any script; tests/browser/test_weight.py checks every header icon is
drawn. This file stays so that the theme's <script> tag finds something. */
