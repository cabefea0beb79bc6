"""A virtual environment outside the repository, as a reader's machine would have.

The wheel check and the notebook runs must not see the checkout: the venv
lives in a temporary folder, has no ``--system-site-packages``, and commands
run from an empty folder with a clean ``PYTHONPATH``, so ``import
autodiff_lessons`` can only find what pip installed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import venv
from pathlib import Path

from tools.package.pins import ROOT


class FreshVenv:
    """A new venv in ``parent`` (a temporary folder by default) and an empty working folder beside it."""

    def __init__(self, parent: Path | None = None, name: str = "venv") -> None:
        self.home = Path(parent or tempfile.mkdtemp(prefix="autodiff-lessons-"))
        if self.home.resolve().is_relative_to(ROOT):
            raise ValueError(f"{self.home} is inside the repository {ROOT}: a fresh venv must live outside it")
        self.path = self.home / name
        self.work = self.home / "work"
        self.work.mkdir(parents=True, exist_ok=True)
        venv.EnvBuilder(with_pip=True, system_site_packages=False, clear=True).create(self.path)
        self.python = self.path / "bin" / "python"

    def env(self, **extra: str) -> dict[str, str]:
        """The environment commands run with: this venv first on PATH, nothing of the checkout importable."""
        env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
        env["PATH"] = f"{self.path / 'bin'}{os.pathsep}{env.get('PATH', '')}"
        env["VIRTUAL_ENV"] = str(self.path)
        env.update(extra)
        return env

    def run(self, *args: str | Path, check: bool = True, **extra_env: str) -> subprocess.CompletedProcess:
        """Run ``args`` in the empty working folder; on failure, show the output and raise."""
        result = subprocess.run([str(a) for a in args], cwd=self.work, env=self.env(**extra_env),
                                capture_output=True, text=True)
        if check and result.returncode != 0:
            sys.stderr.write(result.stdout[-8000:] + result.stderr[-8000:])
            raise subprocess.CalledProcessError(result.returncode, result.args)
        return result

    def pip_install(self, *requirements: str | Path) -> None:
        """``pip install`` into this venv (the machine's pip configuration and cache apply)."""
        self.run(self.python, "-m", "pip", "install", "--quiet", *requirements)
