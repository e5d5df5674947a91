"""Run Voilà for ``kit serve`` and stop everything it started when asked to.

A supervisor (systemd, a script, a test) stops ``kit serve`` with SIGTERM; a
terminal sends SIGINT on Ctrl+C and SIGHUP when it closes. Each of them stops
Voilà and every kernel it started, also kernels that left Voilà's process
group, and the exit code says what happened.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

from kit.serve import ServeOptions, voila_command, voila_environment

# What a supervisor reads in the exit code: 128 + the signal that stopped the
# server, after Voilà and every kernel have stopped (the shell's convention).
STOP_SIGNALS = tuple(
    getattr(signal, name)
    for name in ("SIGTERM", "SIGINT", "SIGHUP")
    if hasattr(signal, name)
)
STOP_GRACE_SECONDS = 6.0
SERVE_MARKER = "KIT_SERVE_RUN"


class _Stop(Exception):
    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _raise_stop(signum: int, _frame: object) -> None:
    raise _Stop(signum)


def _in_child() -> None:  # pragma: no cover - runs in the child before exec
    """Take the stop signals again, and on Linux get SIGTERM if ``kit serve``
    itself is killed."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
    if sys.platform == "linux":
        try:
            import ctypes

            ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _start(
    options: ServeOptions, env: dict[str, str], log: IO[bytes] | None
) -> subprocess.Popen[bytes]:
    stderr = subprocess.STDOUT if log else None  # None: the terminal, as ours
    if os.name != "posix":
        return subprocess.Popen(
            voila_command(options), env=env, stdout=log, stderr=stderr
        )
    return subprocess.Popen(
        voila_command(options),
        env=env,
        start_new_session=True,  # Ctrl+C reaches Voilà through us only
        preexec_fn=_in_child,
        stdout=log,
        stderr=stderr,
    )


def _open_log(path: Path | None) -> IO[bytes] | None:
    if path is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    log = path.open("ab")
    log.write(f"\n=== kit serve {time.strftime('%Y-%m-%d %H:%M:%S')} ===\n".encode())
    log.flush()
    return log


def run_voila(options: ServeOptions) -> int:
    """Run Voilà until it exits or this process gets SIGTERM, SIGINT or SIGHUP.

    On a signal Voilà gets SIGTERM (it then shuts its kernels down); whatever
    is left after a few seconds is killed: Voilà's process group and every
    process carrying this run's marker, kernels included. Returns Voilà's exit
    code, or 128 + the signal's number once everything has stopped.
    """
    from kit.processes import stop_all

    marker = (SERVE_MARKER, secrets.token_hex(8))
    env = voila_environment(options)
    env[marker[0]] = marker[1]
    log = _open_log(options.log_path)
    previous = {sig: signal.signal(sig, _raise_stop) for sig in STOP_SIGNALS}
    process: subprocess.Popen[bytes] | None = None
    stopped_by = 0
    posix = os.name == "posix"
    try:
        # Stop signals wait until ``process`` is known, so none can orphan Voilà.
        if posix:
            signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
        try:
            process = _start(options, env, log)
        finally:
            if posix:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)
        process.wait()
    except _Stop as stop:
        stopped_by = stop.signum
    finally:
        for sig in STOP_SIGNALS:  # a second Ctrl+C must not cut the cleanup short
            signal.signal(sig, signal.SIG_IGN)
        try:
            if process is not None:
                stop_all(process, STOP_GRACE_SECONDS, marker=marker)
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)
            if log:
                log.close()
    if stopped_by:
        return 128 + stopped_by
    return process.returncode if process is not None else 1
