"""A local web server for the built site that compresses text like a real host.

Why: the weight budget of issue 11 (1.5 MB a page) is about bytes on the wire.
GitHub Pages, Netlify and any nginx serve HTML, CSS, JavaScript, JSON and SVG
gzip-compressed; Python's http.server sends them raw, so the browser would
report three to five times the real weight. Fonts, PNGs and PDFs are already
compressed and go out as they are, as on a real host.
"""

from __future__ import annotations

import gzip
import http.server
import os
from pathlib import Path

COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files from `directory`, gzip-compressed when the browser accepts it
    and the type is text. Each compressed file is kept, so a file is compressed
    once per test run however many pages load it."""

    compressed: dict[Path, bytes] = {}

    def log_message(self, *args) -> None:  # one line per file would drown the report
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        content_type = self.guess_type(str(path))
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or not accepts_gzip or not content_type.startswith(COMPRESSED_TYPES):
            return super().do_GET()
        body = self.compressed.get(path)
        if body is None:
            body = self.compressed[path] = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(int(os.stat(path).st_mtime)))
        self.end_headers()
        self.wfile.write(body)
