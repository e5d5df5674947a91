"""A real JupyterHub on this machine, configured by ``deploy/jupyterhub/``.

Used by ``tests/hub`` and ``benchmarks/bench_hub_capacity.py``. The hub loads the
guide's own ``jupyterhub_config.py`` and changes only what a test must: ports on
127.0.0.1, a temporary folder for its state and the users' homes, the spawner
(``SimpleLocalProcessSpawner``: no system users needed) and the single-user
command from this virtual environment. The store URL and the login (a shared
workshop password) are passed the way the guide says: in the hub's environment.

The proxy is configurable-http-proxy from the npm registry. When it is not on
``PATH`` (or in ``$KIT_CHP``), it is installed with ``npm`` into a cache folder
once. Nothing here is skipped: a missing piece is an error naming what to install.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kit.serve import PACKAGE_DIR, REPO_DIR, free_port
from kit.testing.browser import PageRecord, open_page, page_problems
from kit.testing.procs import children, rss_mb, stop, wait_until_answering

HUB_CONFIG = REPO_DIR / "deploy" / "jupyterhub" / "jupyterhub_config.py"
PASSWORD = "workshop-wachtwoord"  # noqa: S105 - the test hub's shared password
START_PAGE = "voila/render/start.ipynb"


class HubSetupError(RuntimeError):
    """Something the hub needs is missing on this machine."""


def chp_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "wakkere-afweging" / "configurable-http-proxy"


def chp_package(node: str) -> str:
    """configurable-http-proxy 5 needs Node.js 20; Debian 12's nodejs is 18."""
    done = subprocess.run(
        [node, "--version"], capture_output=True, text=True, timeout=30, check=False
    )
    major = done.stdout.strip().lstrip("v").split(".")[0]
    return "configurable-http-proxy@" + (
        "5" if major.isdigit() and int(major) >= 20 else "4"
    )


def proxy_command() -> str:
    """Path of ``configurable-http-proxy``; installs it with npm when missing."""
    explicit = os.environ.get("KIT_CHP")
    if explicit:
        return explicit
    found = shutil.which("configurable-http-proxy")
    if found:
        return found
    prefix = chp_cache_dir()
    binary = prefix / "node_modules" / ".bin" / "configurable-http-proxy"
    if binary.exists():
        return str(binary)
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        raise HubSetupError(
            "configurable-http-proxy is missing and there is no node/npm to "
            "install it: apt-get install nodejs npm"
        )
    package = chp_package(node)
    prefix.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [
            npm,
            "install",
            "--no-audit",
            "--no-fund",
            "--prefix",
            str(prefix),
            package,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if done.returncode != 0 or not binary.exists():
        raise HubSetupError(
            f"npm could not install {package}:\n{done.stdout}\n{done.stderr}"
        )
    return str(binary)


def singleuser_command() -> str:
    """``jupyterhub-singleuser`` of this environment (where the kit is installed)."""
    path = Path(sys.executable).parent / "jupyterhub-singleuser"
    if not path.exists():
        raise HubSetupError(
            f"{path} is missing: pip install jupyterhub (the kit's 'test' extra)"
        )
    return str(path)


@dataclass
class Hub:
    """A running hub: its public URL, process and log."""

    url: str
    process: subprocess.Popen[bytes]
    root: Path
    log_path: Path
    api_token: str
    password: str = PASSWORD
    pages: list[PageRecord] = field(default_factory=list)
    _sent: dict[int, float] = field(default_factory=dict)

    def user_url(self, user: str, path: str = START_PAGE) -> str:
        return f"{self.url}/user/{user}/{path}"

    def redirect_url(self, path: str = START_PAGE) -> str:
        """A link for whoever opens it: the hub sends each user to their own server."""
        return f"{self.url}/hub/user-redirect/{path}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def server_pid(self, user: str) -> int:
        """Process id of ``user``'s single-user server."""
        for pid in children(self.process.pid):
            if _is_server_of(pid, user):
                return pid
        raise LookupError(f"no single-user server for {user!r}")

    def api(self, path: str) -> Any:
        """GET ``/hub/api/<path>`` with the test's read-only token."""
        request = urllib.request.Request(  # noqa: S310 - the hub on 127.0.0.1
            f"{self.url}/hub/api/{path}",
            headers={"Authorization": f"token {self.api_token}"},
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return json.load(response)

    def server_running(self, user: str) -> bool:
        """True while the hub counts ``user``'s server as started or stopping."""
        return bool(self.api(f"users/{user}").get("servers"))

    def wait_until_stopped(self, user: str, timeout: float = 60) -> None:
        """Wait until the hub has fully stopped ``user``'s server."""
        deadline = time.monotonic() + timeout
        while self.server_running(user):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{user}'s server still runs after {timeout}s")
            time.sleep(0.5)

    def wait_until_gone(self, pid: int, timeout: float = 30) -> None:
        """Wait until process ``pid`` (e.g. a culled server) has exited."""
        deadline = time.monotonic() + timeout
        while _alive(pid):
            if time.monotonic() > deadline:
                raise TimeoutError(f"process {pid} still runs after {timeout}s")
            time.sleep(0.2)

    def server_rss_mb(self, user: str) -> tuple[float, float]:
        """Resident memory of ``user``'s server and of its kernels (MB)."""
        pid = self.server_pid(user)
        kernels = [k for k in children(pid) if _is_kernel(k)]
        return rss_mb(pid), sum(rss_mb(k) for k in kernels)

    def log_in(
        self,
        browser: Any,
        user: str,
        url: str | None = None,
        *,
        ready: str = ".kit-root",
        wait: bool = True,
    ) -> PageRecord:
        """A fresh browser context for ``user``: log in at the hub's form and land
        on ``url`` (by default the user's own start page, via the hub).

        With ``wait=False`` it returns once the form is sent, so several servers
        can spawn at once; then call :meth:`wait_until_landed`.
        """
        target = url or self.redirect_url()
        record = open_page(browser, target, ready="#login_submit", timeout_ms=60_000)
        page = record.page
        page.fill("#username_input", user)
        page.fill("#password_input", self.password)
        self._sent[id(record)] = time.perf_counter()
        page.click("#login_submit")
        self.pages.append(record)
        if wait:
            self.wait_until_landed(record, ready)
        return record

    def wait_until_landed(self, record: PageRecord, ready: str = ".kit-root") -> None:
        """Wait until the page after login shows ``ready``; sets ``ready_seconds``
        to the time from sending the login form (spawn included)."""
        record.page.wait_for_selector(ready, state="visible", timeout=120_000)
        sent = self._sent.pop(id(record), None)
        if sent is not None:
            record.ready_seconds = time.perf_counter() - sent


def hub_page_problems(record: PageRecord) -> list[str]:
    """:func:`page_problems` for a page reached through the hub's login.

    The hub's "server is starting" page follows the spawn with an event stream
    (``/hub/api/users/<name>/server/progress``) that the redirect to the ready
    server cuts off; that one aborted request is the hub's, not the page's.
    Everything else counts, on the hub's pages as on the kit's.
    """
    return [
        problem
        for problem in page_problems(record)
        if not (problem.startswith("failed request:") and "/server/progress" in problem)
    ]


def _cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except OSError:
        return b""


def _is_server_of(pid: int, user: str) -> bool:
    if b"jupyterhub-singleuser" not in _cmdline(pid):
        return False
    try:
        environ = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    except OSError:
        return False
    return f"JUPYTERHUB_USER={user}".encode() in environ


def _is_kernel(pid: int) -> bool:
    return b"ipykernel" in _cmdline(pid)


def _override_config(root: Path, port: int, token: str) -> str:
    """The test's few changes on top of the guide's configuration file."""
    return f"""\
# Test overrides on top of the guide's configuration (kit/testing/hub.py).
c = get_config()  # noqa: F821
load_subconfig({str(HUB_CONFIG)!r})  # noqa: F821

c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_bind_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.command = [{proxy_command()!r}]
c.JupyterHub.db_url = "sqlite:///{root / "jupyterhub.sqlite"}"
c.JupyterHub.cookie_secret_file = {str(root / "cookie_secret")!r}
c.JupyterHub.pid_file = {str(root / "jupyterhub.pid")!r}
c.JupyterHub.spawner_class = "jupyterhub.spawner.SimpleLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = {str(root / "home" / "{username}")!r}
c.Spawner.cmd = [{singleuser_command()!r}]
c.Spawner.ip = "127.0.0.1"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
# Editable installs keep an old copy of the template in share/jupyter; use the
# one in the package, as `kit serve` does.
c.Spawner.environment.update({{"JUPYTER_PATH": {str(PACKAGE_DIR)!r}}})
# A token for the test to ask the hub about servers (read-only).
c.JupyterHub.services.append({{"name": "kit-test", "api_token": {token!r}}})
c.JupyterHub.load_roles.append(
    {{
        "name": "kit-test",
        "scopes": ["list:users", "read:users", "read:servers"],
        "services": ["kit-test"],
    }}
)
# The test run's marker (tests/conftest.py), so the end-of-run check also sees
# the single-user servers and their kernels.
c.Spawner.env_keep.append("KIT_TEST_RUN")
# Test machines run as root; a single-user server refuses that unless told.
c.Spawner.args.extend({["--allow-root"] if os.geteuid() == 0 else []!r})
"""


@contextmanager
def running_hub(
    database_url: str,
    *,
    cull_idle_seconds: int = 3600,
    timeout: float = 90,
    extra_env: dict[str, str] | None = None,
) -> Iterator[Hub]:
    """Start JupyterHub with the guide's configuration; stop hub, proxy and servers."""
    root = Path(tempfile.mkdtemp(prefix="kit-hub-"))
    port = free_port()
    config = root / "jupyterhub_test_config.py"
    token = secrets.token_hex(16)
    config.write_text(_override_config(root, port, token))
    env = dict(os.environ)
    env.update(
        {
            "KIT_DATABASE_URL": database_url,
            "KIT_HUB_AUTH": "shared-password",
            "KIT_HUB_USER_PASSWORD": PASSWORD,
            "KIT_HUB_CULL_IDLE_SECONDS": str(cull_idle_seconds),
            "PATH": os.pathsep.join([str(Path(sys.executable).parent), env["PATH"]]),
            "PYTHONUNBUFFERED": "1",
        }
    )
    env.pop("TLJH_INSTALL_PREFIX", None)
    env.update(extra_env or {})
    log_path = root / "jupyterhub.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(config)],
            cwd=root,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    hub = Hub(f"http://127.0.0.1:{port}", process, root, log_path, token)
    try:
        _wait_until_up(hub, timeout)
        yield hub
    except BaseException:
        # Shown by pytest with the failure: what the hub and its servers said.
        sys.stderr.write(f"--- JupyterHub log (end) ---\n{hub.log()[-30_000:]}\n")
        raise
    finally:
        for record in hub.pages:
            with suppress(Exception):  # the browser may be gone already
                record.page.context.close()
        _stop(hub)
        shutil.rmtree(root, ignore_errors=True)


def _wait_until_up(hub: Hub, timeout: float) -> None:
    # Through the proxy: it answers 404 until the hub has added its route.
    problem = wait_until_answering(
        f"{hub.url}/hub/api", hub.process, timeout, error_status_is_up=False
    )
    if problem:
        raise HubSetupError(f"JupyterHub {problem}:\n{hub.log()}")


def _stop(hub: Hub) -> None:
    """SIGTERM the hub (it stops the servers and its proxy), then make sure."""
    started = children(hub.process.pid)  # only what this hub started
    stop(hub.process, grace=30)
    deadline = time.monotonic() + 10
    for pid in started:
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if _alive(pid):
            with suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def _alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status
