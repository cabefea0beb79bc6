"""The book's PDF, checked after `make pdf` prints it (BOOK_PDF names the file).

`pytest tests` (make test-package) has no PDF and skips this folder.
"""

from __future__ import annotations

import os

if not os.environ.get("BOOK_PDF"):
    collect_ignore_glob = ["test_*.py"]
