"""Run a real Voilà server on a free local port for tests and benchmarks."""

from __future__ import annotations

import secrets
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from kit.serve import ServeOptions, free_port, voila_command, voila_environment
from kit.supervise import SERVE_MARKER
from kit.testing.procs import stop, wait_until_answering
from kit.testing.strict import refuse_in_fast_loop


@dataclass
class VoilaServer:
    base_url: str
    process: subprocess.Popen[bytes]
    log_path: Path
    room_token: str = ""

    def url(self, notebook: str, **query: str) -> str:
        """A page's address with ``query``, and the room token if there is one."""
        if self.room_token:
            query = {**query, "token": self.room_token}
        suffix = f"?{urlencode(query)}" if query else ""
        return f"{self.base_url}/voila/render/{notebook}{suffix}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextmanager
def running_voila(
    options: ServeOptions | None = None, timeout: float = 60
) -> Iterator[VoilaServer]:
    """Start Voilà, wait until it answers, yield it, and stop it afterwards:
    Voilà, its process group and every kernel it started, also on failure."""
    refuse_in_fast_loop("Voilà", "voila")
    options = options or ServeOptions()
    options.port = options.port if options.port != 8866 else free_port()
    marker = (SERVE_MARKER, secrets.token_hex(8))
    with tempfile.TemporaryDirectory(prefix="kit-voila-") as tmp:
        if options.store_url is None:
            options.store_url = f"sqlite:///{tmp}/store.sqlite3"
        log_path = Path(tmp) / "voila.log"
        env = voila_environment(options)
        env[marker[0]] = marker[1]
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                voila_command(options),
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            base = f"http://127.0.0.1:{options.port}"
            server = VoilaServer(base, process, log_path, options.room_token)
            try:
                query = f"?token={options.room_token}" if options.room_token else ""
                problem = wait_until_answering(f"{base}/{query}", process, timeout)
                if problem:
                    raise RuntimeError(f"Voila {problem}:\n{log_path.read_text()}")
                yield server
            finally:
                stop(process, grace=15, marker=marker)
