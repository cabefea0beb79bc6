"""Tests of book/_ext/build_info.py: which version and commit the footer names."""

from __future__ import annotations

import subprocess

import pytest

from book._ext import build_info


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_the_version_is_the_packages_own_version_string(tmp_path):
    write(tmp_path / "autodiff_lessons" / "__init__.py", '"""Doc."""\nimport os\n__version__ = "1.2.3"\n')
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\nversion = "0.0.1"\n')
    assert build_info.package_version(tmp_path) == "1.2.3"


def test_without_a_version_string_the_version_comes_from_pyproject(tmp_path):
    write(tmp_path / "autodiff_lessons" / "__init__.py", "from .api import grad\n")
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\nversion = "0.4.0"\n')
    assert build_info.package_version(tmp_path) == "0.4.0"


def test_a_dynamic_version_in_pyproject_is_not_taken_for_a_version(tmp_path):
    write(tmp_path / "pyproject.toml", '[project]\nname = "x"\ndynamic = ["version"]\n')
    assert build_info.version_in_pyproject(tmp_path / "pyproject.toml") is None


def test_a_computed_version_string_is_not_read_as_text(tmp_path):
    write(tmp_path / "__init__.py", '__version__ = ".".join(["1", "0"])\n')
    assert build_info.version_in_init(tmp_path / "__init__.py") is None


def test_outside_git_the_commit_and_date_are_unknown(tmp_path):
    info = build_info.build_info(tmp_path, "https://github.com/o/r")
    assert info["book_commit"] == "unknown" and info["book_updated"] == "unknown"
    assert info["book_commit_url"] is None


def test_in_git_the_commit_links_to_the_repository(tmp_path):
    run = lambda *args: subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)
    run("init", "-q")
    write(tmp_path / "f.txt", "x")
    run("add", "f.txt")
    run("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "c", "--date=2020-01-02T03:04:05")
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=tmp_path, capture_output=True, text=True).stdout.strip()
    info = build_info.build_info(tmp_path, "https://github.com/o/r/")
    assert info["book_commit"] == commit[:7]
    assert info["book_commit_url"] == f"https://github.com/o/r/commit/{commit}"
    assert len(info["book_updated"]) == 10


@pytest.mark.parametrize("epoch, day", [("0", "1970-01-01"), ("1700000000", "2023-11-14")])
def test_source_date_epoch_fixes_the_build_date(monkeypatch, epoch, day):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert build_info.build_date() == day
