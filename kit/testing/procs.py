"""Server processes for tests and benchmarks: start-up, stopping, and what their
kernels use, read from /proc (Linux)."""

from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

from kit.processes import Process, descendants, stop_all


def wait_until_answering(
    url: str,
    process: subprocess.Popen[bytes] | subprocess.Popen[str],
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


def stop(
    process: Process, grace: float, *, marker: tuple[str, str] | None = None
) -> None:
    """Ask ``process`` and its process group to stop (SIGTERM); after ``grace``
    seconds kill whatever is left of them, of its descendants and of the
    processes carrying ``marker`` in their environment."""
    stop_all(process, grace, marker=marker)


def children(pid: int) -> list[int]:
    """All descendant process ids of ``pid``."""
    return descendants(pid)


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def pss_mb(pid: int) -> float:
    """Proportional set size of a process in MB (shared pages divided), 0 if gone."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cmdline(pid: int) -> bytes:
    """The command line of ``pid``, arguments separated by spaces (``b""`` if gone)."""
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except OSError:
        return b""


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
