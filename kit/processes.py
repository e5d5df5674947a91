"""Find and stop every process a server started, also those that left its tree.

Jupyter starts each kernel in a session of its own, and a kernel whose server
died is adopted by init, so neither the process group nor the tree of children
finds all of them. A marker in the environment does: every process a server
starts inherits it. Reading ``/proc`` works on Linux; elsewhere the marker
search finds nothing and the process group is what is stopped (kernels then
exit on their own when their server is gone).
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

PROC = Path("/proc")

# One process as (pid, start time): a pid alone may be reused by a newcomer.
Identity = tuple[int, int]
Process = subprocess.Popen[bytes] | subprocess.Popen[str]


def _start_time(pid: int) -> int | None:
    try:
        fields = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    if fields[0] == "Z":  # a zombie has exited; only its parent's wait is missing
        return None
    return int(fields[19])


def alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie counts as gone)."""
    if PROC.is_dir():
        return _start_time(pid) is not None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def descendants(pid: int) -> list[int]:
    """All living descendant process ids of ``pid`` (Linux; ``[]`` elsewhere)."""
    found: list[int] = []
    stack = [pid]
    while stack:
        parent = stack.pop()
        try:
            kids = [
                int(x)
                for x in (PROC / str(parent) / "task" / str(parent) / "children")
                .read_text()
                .split()
            ]
        except OSError:
            kids = []
        found.extend(kids)
        stack.extend(kids)
    return found


def marked(name: str, value: str) -> list[int]:
    """Processes started with ``name=value`` in their environment (Linux)."""
    needle = f"{name}={value}".encode()
    found = []
    me = os.getpid()
    for entry in PROC.glob("[0-9]*") if PROC.is_dir() else []:
        pid = int(entry.name)
        if pid == me:
            continue
        try:
            environ = (entry / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if needle in environ and alive(pid):
            found.append(pid)
    return found


def describe(pid: int) -> str:
    """``pid`` and its command line, for a message."""
    try:
        cmd = (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ")
    except OSError:
        cmd = b"?"
    return f"{pid}: {cmd.decode(errors='replace').strip()[:200]}"


def _identities(pids: list[int]) -> set[Identity]:
    found = set()
    for pid in pids:
        started = _start_time(pid)
        if started is not None:
            found.add((pid, started))
    return found


def _kill_if_same(identity: Identity, signum: int) -> None:
    pid, started = identity
    if _start_time(pid) == started:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(pid, signum)


def _signal_group(process: Process, sig: int) -> None:
    """Signal ``process``'s group if it leads one, else only ``process``."""
    if process.poll() is not None and sig != signal.SIGKILL:
        return
    try:
        if hasattr(os, "killpg") and os.getpgid(process.pid) == process.pid:
            os.killpg(process.pid, sig)
        else:
            process.send_signal(sig)
    except (ProcessLookupError, PermissionError):
        pass


def stop_all(
    process: Process,
    grace: float,
    *,
    marker: tuple[str, str] | None = None,
    signum: int = signal.SIGTERM,
) -> None:
    """Stop ``process``, its process group, its descendants and everything that
    carries ``marker`` in its environment.

    ``signum`` goes to the process (its group, if it leads one) first; after
    ``grace`` seconds, or as soon as it has exited, whatever is left gets SIGKILL.
    Returns once all of them are gone (or after a few more seconds).
    """
    seen = _identities(descendants(process.pid))
    if marker:
        seen |= _identities(marked(*marker))
    _signal_group(process, signum)
    deadline = time.monotonic() + grace
    while process.poll() is None and time.monotonic() < deadline:
        seen |= _identities(descendants(process.pid))
        time.sleep(0.1)
    if marker:
        seen |= _identities(marked(*marker))
    if hasattr(signal, "SIGKILL"):
        _signal_group(process, signal.SIGKILL)
        for identity in seen:
            _kill_if_same(identity, signal.SIGKILL)
    if process.poll() is None:
        process.kill()
    process.wait()
    deadline = time.monotonic() + 5
    while any(alive(pid) for pid, _ in seen) and time.monotonic() < deadline:
        time.sleep(0.05)
