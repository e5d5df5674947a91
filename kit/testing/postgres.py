"""A throwaway PostgreSQL server for tests: initdb in a temp dir, one free port.

Uses the Debian server binaries (``/usr/lib/postgresql/<v>/bin``). PostgreSQL
refuses to run as root, so as root the cluster is owned by the ``postgres``
system user and commands run through ``runuser``.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from kit.serve import free_port


class NoPostgres(RuntimeError):
    """No PostgreSQL server binaries on this machine."""


def server_bin_dir() -> Path:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for candidate in candidates:
        if (Path(candidate) / "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise NoPostgres("no PostgreSQL server found: install Debian's 'postgresql'")


def _as_owner(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@contextmanager
def temporary_postgres() -> Iterator[str]:
    """Start a private PostgreSQL and yield its ``postgresql://`` URL."""
    bindir = server_bin_dir()
    tmp = Path(tempfile.mkdtemp(prefix="kit-pg-"))
    data, sock = tmp / "data", tmp / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(tmp, "postgres")
        shutil.chown(sock, "postgres")
    port = free_port()
    log = tmp / "server.log"
    run = {"check": True, "capture_output": True}
    subprocess.run(
        _as_owner(
            [
                str(bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "kit",
                "--auth=trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        ),
        **run,
    )
    subprocess.run(
        _as_owner(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(log),
                "-w",
                "-o",
                f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off",
                "start",
            ]
        ),
        **run,
    )
    try:
        subprocess.run(
            _as_owner(
                [
                    str(bindir.parent / "bin" / "createdb"),
                    "-h",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "-U",
                    "kit",
                    "kit",
                ]
            ),
            **run,
        )
        yield f"postgresql://kit@127.0.0.1:{port}/kit"
    finally:
        for mode in ("fast", "immediate"):  # immediate if fast did not stop it
            stopped = subprocess.run(
                _as_owner(
                    [str(bindir / "pg_ctl"), "-D", str(data), "-m", mode, "-w", "stop"]
                ),
                check=False,
                capture_output=True,
            )
            if stopped.returncode == 0:
                break
        shutil.rmtree(tmp, ignore_errors=True)
