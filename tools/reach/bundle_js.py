"""Copy the JavaScript the site needs from the npm registry into book/_static/bundled/.

    python -m tools.reach.bundle_js [book/_static/bundled]     # `make bundle-js` runs it

Why: by default every page with a formula loads MathJax from a CDN. Without
network, formulas stay raw LaTeX. We ship it with the site instead: book/_static
is the html_static_path, so Sphinx copies bundled/ into _build/html/_static,
and _config.yml points mathjax_path at the copy. (Inside book/, the student
edition's copy of the sources takes it along.) axe-core, the accessibility
checker of the browser tests, comes the same way, pinned. No page shows a
Jupyter widget, so neither RequireJS nor the widget manager is shipped
(together 4.5 MB, once loaded for one progress bar); a widget added to a
chapter would fetch them from a CDN, which the browser tests block and report.

Each package is fetched with `npm pack` (the tarball alone, no dependencies, no
install scripts), checked against the sha512 pinned below, and only the files
a browser loads are kept. The folder carries its own .gitignore: it is a build
input, like .venv, never committed. Delete it (or `make distclean`) to fetch
again; a changed pin here also fetches again (the Makefile compares times).
Fetching takes about 2 s.
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# (npm spec, sha512 of the tarball, {path in the tarball: path under bundled/}).
# Versions: MathJax 3.2.2 is what Sphinx 7 loads by default (mathjax@3).
PACKAGES = [
    (
        "mathjax@3.2.2",
        "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
        {
            # TeX in, SVG out (the book has no MathML), and what it loads on
            # demand: TeX extensions (autoload), menu, accessibility. SVG output
            # carries its glyphs in the script: no font files, so a chapter
            # makes about ten requests fewer than with CHTML (issue 11's budget
            # is 40 a page), for about 160 kB more.
            "package/LICENSE": "mathjax/LICENSE",
            "package/es5/tex-svg.js": "mathjax/tex-svg.js",
            "package/es5/input": "mathjax/input",
            "package/es5/output/svg": "mathjax/output/svg",
            "package/es5/ui": "mathjax/ui",
            "package/es5/a11y": "mathjax/a11y",
            "package/es5/sre": "mathjax/sre",
            "package/es5/adaptors": "mathjax/adaptors",
        },
    ),
    (
        # The accessibility checker the browser tests run on every page
        # (tests/browser/measure.py). Pages never load it.
        "axe-core@4.10.3",
        "sha512-Xm7bpRXnDSX2YE2YFfBk2FnF0ep6tmG7xPh8iHee8MIcrgq762Nkce856dYtJYLkuIoYZvGfTs/PbZhideTcEg==",
        {"package/LICENSE": "axe-core/LICENSE", "package/axe.min.js": "axe-core/axe.min.js"},
    ),
]

# Files no browser loads.
SKIP_SUFFIXES = (".map",)
SKIP_NAMES: set[str] = set()


def sha512_integrity(path: Path) -> str:
    """The tarball's digest in npm's `integrity` notation."""
    digest = hashlib.sha512(path.read_bytes()).digest()
    return "sha512-" + base64.b64encode(digest).decode()


def npm_pack(spec: str, dest: Path) -> Path:
    """Download one package's tarball into dest and return its path."""
    out = subprocess.run(
        ["npm", "pack", "--silent", "--pack-destination", str(dest), spec],
        check=True, capture_output=True, text=True,
    )
    return dest / out.stdout.strip().splitlines()[-1]


def extract(tarball: Path, files: dict[str, str], bundled: Path) -> int:
    """Copy the selected members of tarball under bundled; return how many files."""
    count = 0
    with tarfile.open(tarball) as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            for src, dst in files.items():
                if member.name != src and not member.name.startswith(src + "/"):
                    continue
                name = Path(member.name).name
                if name.endswith(SKIP_SUFFIXES) or name in SKIP_NAMES:
                    continue
                # A file named itself maps to dst; a folder's files keep their place below dst.
                target = bundled / dst / Path(member.name).relative_to(src)
                target.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(member) as data:
                    target.write_bytes(data.read())
                count += 1
    return count


def main(bundled: Path) -> int:
    if shutil.which("npm") is None:
        print("error: npm is needed to fetch MathJax (Debian: apt-get install npm)", file=sys.stderr)
        return 1
    shutil.rmtree(bundled, ignore_errors=True)
    bundled.mkdir(parents=True)
    (bundled / ".gitignore").write_text("# Written by tools/reach/bundle_js.py: fetched, never committed.\n*\n")
    with tempfile.TemporaryDirectory() as tmp:
        for spec, integrity, files in PACKAGES:
            tarball = npm_pack(spec, Path(tmp))
            found = sha512_integrity(tarball)
            if found != integrity:
                print(f"error: {spec} has digest {found}, expected {integrity}", file=sys.stderr)
                shutil.rmtree(bundled)
                return 1
            print(f"{spec}: {extract(tarball, files, bundled)} files into {bundled}")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "book" / "_static" / "bundled"))
