"""Benchmarks of autodiff_lessons against other engines: run them with ``python -m benchmarks.run`` (benchmarks/README.md)."""
