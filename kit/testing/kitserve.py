"""``kit serve --room`` started as a facilitator starts it, for tests."""

from __future__ import annotations

import re
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from kit.serve import REPO_DIR, free_port
from kit.testing.procs import cmdline, stop, wait_until_answering


class KitServe:
    """The command in a terminal of its own; what it printed until "Ctrl+C"."""

    def __init__(self, folder: Path, *extra: str) -> None:
        self.port = free_port()
        self.store = folder / "zaal.sqlite3"
        self.log = folder / "kit-serve.log"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kit.cli",
                "serve",
                "--room",
                "--port",
                str(self.port),
                "--store",
                f"sqlite:///{self.store}",
                "--preheat",
                "0",
                "--log",
                str(self.log),
                *extra,
            ],
            cwd=REPO_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,  # as in a terminal of its own
        )
        try:
            lines: list[str] = []
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not any("Ctrl+C" in x for x in lines):
                lines.append(
                    self.process.stdout.readline() if self.process.stdout else ""
                )
            self.printed = "".join(lines)
            found = re.search(r"\?token=([A-Za-z0-9_-]+)", self.printed)
            self.token = found.group(1) if found else ""
            base = f"http://127.0.0.1:{self.port}"
            problem = wait_until_answering(
                f"{base}/?token={self.token}", self.process, 90
            )
            if problem:
                raise RuntimeError(f"kit serve {problem}:\n{self.printed}")
        except BaseException:
            self.stop()
            raise

    def url(self, notebook: str) -> str:
        """A page's address with the room token, as in the printed link."""
        return (
            f"http://127.0.0.1:{self.port}/voila/render/{notebook}?token={self.token}"
        )

    def get(self, notebook: str, token: bool = True) -> tuple[int, str]:
        """Status and page of a GET, waiting until the server answers."""
        url = self.url(notebook) if token else self.url(notebook).split("?")[0]
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(url, timeout=90) as response:  # noqa: S310
                    return response.status, response.read().decode()
            except urllib.error.HTTPError as error:
                return error.code, error.read().decode()
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)

    def kernels(self) -> list[int]:
        """Kernel processes of this server."""
        from kit.processes import descendants

        return [p for p in descendants(self.process.pid) if b"ipykernel" in cmdline(p)]

    def stop(self) -> None:
        """Stop it and everything it started, however the test ended."""
        stop(self.process, grace=30)
