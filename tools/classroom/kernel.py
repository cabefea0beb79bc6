"""Run code in a Jupyter kernel with a time limit per run, and survive code that never ends.

Grading executes students' notebooks, and a student's loop can run forever.
Otter's own executor waits for every cell without a limit, so one endless
loop stops the grading of a whole class. Here every run has a deadline: when
it passes, the kernel is interrupted (the loop gets a KeyboardInterrupt) and
the next run goes on in the same kernel, with everything defined so far. If
the code swallows the interrupt too, the kernel is killed and every later run
reports that the kernel is gone, so grading still ends.
"""

from __future__ import annotations

import queue
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from jupyter_client.manager import KernelManager

# After an interrupt, how long the code gets to stop before the kernel is killed.
INTERRUPT_GRACE = 5.0


@dataclass
class Run:
    """What one piece of code did: its printed text, its error (if any), and whether it ran out of time."""

    stdout: str = ""
    error_name: str = ""
    error_value: str = ""
    traceback: list[str] = field(default_factory=list)
    timed_out: bool = False
    kernel_dead: bool = False

    @property
    def ok(self) -> bool:
        return not (self.error_name or self.timed_out or self.kernel_dead)


class Kernel:
    """A python3 kernel started in ``cwd``; use as a context manager so it is always shut down."""

    def __init__(self, cwd: Path, env: dict[str, str] | None = None):
        self.cwd, self.env = cwd, env
        self.manager: KernelManager | None = None
        self.client = None
        self.dead = False

    def __enter__(self) -> "Kernel":
        self.manager = KernelManager(kernel_name="python3")
        # The kernel warns on stderr that it talks over local TCP without encryption: noise in a grading log.
        self.manager.start_kernel(cwd=str(self.cwd), stderr=subprocess.DEVNULL,
                                  **({"env": self.env} if self.env else {}))
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=60)
        return self

    def __exit__(self, *exc) -> None:
        if self.client is not None:
            self.client.stop_channels()
        if self.manager is not None and self.manager.has_kernel:
            self.manager.shutdown_kernel(now=True)

    def run(self, code: str, timeout: float) -> Run:
        """Execute ``code``; interrupt it after ``timeout`` seconds, kill the kernel if that does not stop it."""
        result = Run()
        if self.dead:
            result.kernel_dead = True
            return result
        msg_id = self.client.execute(code, store_history=False, allow_stdin=False)
        deadline = time.monotonic() + timeout
        interrupted_at = None
        stdout = []
        while True:
            now = time.monotonic()
            if interrupted_at is None and now > deadline:
                result.timed_out = True
                self.manager.interrupt_kernel()
                interrupted_at = now
            if interrupted_at is not None and now > interrupted_at + INTERRUPT_GRACE:
                self.manager.shutdown_kernel(now=True)
                self.dead = result.kernel_dead = True
                break
            try:
                message = self.client.get_iopub_msg(timeout=0.2)
            except queue.Empty:
                continue
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = message["msg_type"], message["content"]
            if kind == "stream" and content.get("name") == "stdout":
                stdout.append(content["text"])
            elif kind == "error":
                result.error_name, result.error_value = content["ename"], content["evalue"]
                result.traceback = content.get("traceback", [])
            elif kind == "status" and content["execution_state"] == "idle":
                break
        result.stdout = "".join(stdout)
        return result
