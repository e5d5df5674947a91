"""Server processes for tests and benchmarks: start-up, stopping, and what their
kernels use, read from /proc (Linux)."""

from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path


def wait_until_answering(
    url: str,
    process: subprocess.Popen[bytes],
    timeout: float,
    *,
    error_status_is_up: bool = True,
) -> str | None:
    """Poll ``url`` until the server answers; ``None`` then, else why it did not.

    With ``error_status_is_up`` an HTTP error status counts as an answer (the
    server is listening); without it only a 2xx does (a proxy without its route).
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return f"exited with {process.returncode}"
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - localhost
                return None
        except urllib.error.HTTPError:
            if error_status_is_up:
                return None
            time.sleep(0.3)
        except OSError:
            time.sleep(0.3)
    return f"did not answer within {timeout} s"


def stop(process: subprocess.Popen[bytes], grace: float) -> None:
    """Ask ``process`` to stop (SIGTERM); kill it after ``grace`` seconds."""
    if process.poll() is None:
        process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def children(pid: int) -> list[int]:
    """All descendant process ids of ``pid``."""
    found: list[int] = []
    stack = [pid]
    while stack:
        parent = stack.pop()
        path = Path(f"/proc/{parent}/task/{parent}/children")
        try:
            kids = [int(x) for x in path.read_text().split()]
        except OSError:
            kids = []
        found.extend(kids)
        stack.extend(kids)
    return found


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def kernel_pids(server_pid: int) -> list[int]:
    """Kernel processes (ipykernel) started by a Voilà server."""
    kernels = []
    for pid in children(server_pid):
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
        except OSError:
            continue
        if b"ipykernel" in cmd:
            kernels.append(pid)
    return kernels


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds a process has used so far."""
    import os

    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds of a process and all its living descendants."""
    return cpu_seconds(pid) + sum(cpu_seconds(child) for child in children(pid))
