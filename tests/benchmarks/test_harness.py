"""The benchmark harness (benchmarks/harness.py): what keeps one timing independent of the runs before it."""

from __future__ import annotations

import os
import platform
import sys

import pytest

from benchmarks.harness import release_memory


def _resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(sys.platform != "linux" or platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_release_memory_gives_freed_memory_back_before_a_subprocess_is_timed():
    # 100 MB in 1 kB blocks (C's malloc, not Python's small-object arenas), then
    # free all but every 64th: the kept blocks pin the heap, so the allocator
    # keeps the freed pages unless told to give them back.
    blocks = [bytes(1000) for _ in range(100_000)]
    kept = blocks[::64]
    del blocks
    before = _resident_bytes()
    release_memory()
    after = _resident_bytes()
    del kept  # only now: the kept blocks must pin the heap while we measure
    assert before - after > 50e6, f"resident memory went from {before / 1e6:.0f} MB to {after / 1e6:.0f} MB"
