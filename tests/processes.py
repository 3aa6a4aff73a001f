"""A process started as a user starts one, its stderr read line by line as it comes."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest


class Process:
    """A command in its own process group (so stopping it stops its children too)."""

    def __init__(self, args: list[str] | str, env: dict[str, str], cwd: Path) -> None:
        self.popen = subprocess.Popen(
            args,
            cwd=cwd,
            env=env,
            shell=isinstance(args, str),
            executable="/bin/bash" if isinstance(args, str) else None,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.popen.stderr is not None
        for line in self.popen.stderr:
            self.lines.put(line)
        self.lines.put(None)

    def wait_for(self, text: str, timeout: float = 90) -> str:
        """The first stderr line holding `text`; fails if the process ends first."""
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines.get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                pytest.fail(f"exited ({self.popen.wait()}) before {text!r}:\n{''.join(self.seen)}")
            self.seen.append(line)
            if text in line:
                return line
        pytest.fail(f"no {text!r} in {timeout} s:\n{''.join(self.seen)}")

    def finish(self, timeout: float = 90) -> tuple[int, str]:
        """Wait for the process to end by itself: its exit status and all of its stderr."""
        try:
            code = self.popen.wait(timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            pytest.fail(f"still running after {timeout} s:\n{''.join(self.seen)}")
        while (line := self.lines.get(timeout=10)) is not None:
            self.seen.append(line)
        return code, "".join(self.seen)

    def stop(self) -> None:
        """SIGTERM to the whole group, as Ctrl-C would stop it; SIGKILL if it hangs."""
        if self.popen.poll() is None:
            os.killpg(self.popen.pid, signal.SIGTERM)
            try:
                self.popen.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(10)
