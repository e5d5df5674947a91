"""Memory of a Voilà server's kernels, read from /proc (Linux)."""

from __future__ import annotations

from pathlib import Path


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
