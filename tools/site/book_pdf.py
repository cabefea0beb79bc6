"""The whole book as one PDF, printed from the built site by headless Chromium.

    python -m tools.site.book_pdf [--html _build/html] [--out _build/pdf/autodiff-lessons.pdf]

`make pdf` runs it after `make book`. Every page of _toc.yml is opened in
Chromium from a local server (no other host is reachable), in the toc's
order; once MathJax has typeset it and its pictures have loaded, solutions
and self-check explanations are opened, and the page is printed
with the site's print style (no sidebars, no buttons). A contents page with
each chapter's first page follows the title page; the pieces are joined with
pypdf, with a bookmark per chapter. A copy goes into the site, next to
index.html, where the intro page links to it.

Why from the built site rather than Sphinx's single-page or LaTeX builders:
MyST-NB's cell nodes and our self-check directive have no single-page HTML
writer, and LaTeX would need a TeX installation and draw the figures and
formulas differently from the site. Printing the pages readers see keeps
one rendering: the same figures, MathJax's formulas, chapter numbers and
solutions.
"""

from __future__ import annotations

import argparse
import functools
import html
import http.server
import os
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from tools.site.toc import toc_pages

ROOT = Path(__file__).resolve().parents[2]
PDF_NAME = "autodiff-lessons.pdf"
LOCAL_HOST = "127.0.0.1"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAPER = {"format": "A4", "margin": {"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"}}

# Typeset, pictures decoded (lazy ones too), web fonts ready.
JS_READY = """async () => {
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) { await MathJax.startup.promise; }
  // Typesetting is lazy (_config.yml): MathJax typesets every formula before printing,
  // on the beforeprint event, which printing to PDF from a script does not send.
  if (document.querySelector('mjx-lazy')) {
    window.dispatchEvent(new Event('beforeprint'));
    for (let waited = 0; document.querySelector('mjx-lazy') && waited < 30000; waited += 50) {
      await new Promise(done => setTimeout(done, 50));
    }
  }
  const images = [...document.images];
  for (const img of images) img.loading = 'eager';
  await Promise.all(images.map(img => img.complete ? null :
    new Promise(done => { img.addEventListener('load', done); img.addEventListener('error', done); })));
  await document.fonts.ready;
}"""

# What a printed page cannot unfold: solutions and other dropdowns (sphinx-togglebutton)
# and the explanations of self-check questions. Cells whose code the chapter hides
# (tag hide-input: setup, plotting) stay folded, as on the site. Returns the page's title.
JS_UNFOLD = """() => {
  for (const hidden of document.querySelectorAll('.toggle-hidden')) hidden.classList.remove('toggle-hidden');
  for (const button of document.querySelectorAll('button.toggle-button')) button.remove();
  for (const explanation of document.querySelectorAll('.selfcheck-explanation')) explanation.hidden = false;
  const title = document.querySelector('.bd-article h1');
  return title ? title.textContent.replace(/[#¶]\\s*$/, '').trim() : document.title;
}"""

FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#555;">'
          '{title} · <span class="pageNumber"></span></div>')


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer((LOCAL_HOST, 0), functools.partial(QuietHandler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://{LOCAL_HOST}:{server.server_address[1]}/"


def contents_html(book_title: str, chapters: list[tuple[str, int]]) -> str:
    """A contents page: each chapter's title and first page in the PDF."""
    rows = "".join(
        f'<tr><td>{html.escape(title)}</td><td style="text-align:right">{page}</td></tr>' for title, page in chapters
    )
    return (
        "<!doctype html><meta charset=utf-8><title>Contents</title>"
        "<style>body{font-family:sans-serif;margin:0}h1{font-size:22pt}"
        "table{width:100%;border-collapse:collapse;font-size:12pt}td{padding:4pt 0;border-bottom:1px solid #ddd}</style>"
        f"<h1>Contents</h1><p>{html.escape(book_title)}</p><table>{rows}</table>"
    )


def print_pages(html_dir: Path, pages: list[str], workdir: Path, chromium: str) -> list[tuple[str, Path]]:
    """Each page printed to its own PDF in workdir: (title, path), in order."""
    from playwright.sync_api import sync_playwright

    server, base = serve(html_dir)
    printed = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            context = browser.new_context(color_scheme="light")
            context.route("**/*", lambda route: route.continue_() if urlsplit(route.request.url).hostname == LOCAL_HOST
                          else route.abort())
            tab = context.new_page()
            for number, page in enumerate(pages):
                tab.goto(base + page + ".html", wait_until="load")
                tab.evaluate(JS_READY)
                title = tab.evaluate(JS_UNFOLD)
                tab.emulate_media(media="print")
                out = workdir / f"{number:03d}.pdf"
                tab.pdf(path=str(out), print_background=True, display_header_footer=True,
                        header_template="<span></span>", footer_template=FOOTER.format(title=html.escape(title)),
                        **PAPER)
                tab.emulate_media(media="screen")
                printed.append((title, out))
            browser.close()
    finally:
        server.shutdown()
        server.server_close()
    return printed


def print_contents(book_title: str, chapters: list[tuple[str, int]], out: Path, chromium: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        tab = browser.new_page()
        tab.set_content(contents_html(book_title, chapters))
        tab.pdf(path=str(out), **PAPER)
        browser.close()


def join(parts: list[tuple[str, Path]], out: Path) -> int:
    """The parts in order, with a bookmark at each one's first page; returns the page count."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for title, path in parts:
        first = len(writer.pages)
        writer.append(PdfReader(path))
        writer.add_outline_item(title=title, page_number=first)
    writer.add_metadata({"/Title": parts[0][0]})
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as file:
        writer.write(file)
    return len(writer.pages)


def page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def build_pdf(html_dir: Path, out: Path, chromium: str, toc: Path = ROOT / "_toc.yml") -> int:
    pages = toc_pages(toc)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        printed = print_pages(html_dir, pages, workdir, chromium)
        title_page, chapters = printed[0], printed[1:]
        # The contents page is one page long (a longer toc would shift the numbers: checked below).
        start = page_count(title_page[1]) + 1 + 1
        starts = []
        for title, path in chapters:
            starts.append((title, start))
            start += page_count(path)
        contents = workdir / "contents.pdf"
        print_contents(title_page[0], starts, contents, chromium)
        if page_count(contents) != 1:
            raise RuntimeError("the contents page ran onto a second page: the page numbers it lists would be off")
        return join([title_page, ("Contents", contents), *chapters], out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--html", type=Path, default=ROOT / "_build" / "html", help="the built site")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "pdf" / PDF_NAME)
    args = parser.parse_args(argv)
    if not (args.html / "index.html").is_file():
        print(f"error: no site in {args.html}: run `make book` first", file=sys.stderr)
        return 2
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    started = time.monotonic()
    pages = build_pdf(args.html, args.out, chromium)
    shutil.copyfile(args.out, args.html / PDF_NAME)
    print(f"{args.out}: {pages} pages in {time.monotonic() - started:.0f} s; copied to {args.html / PDF_NAME}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
