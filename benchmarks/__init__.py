"""Benchmarks of autodiff_lessons against other engines: run them with ``python benchmarks/run.py`` (benchmarks/README.md)."""
