"""Start Voilà on the workshops with the kit's settings (``kit serve``).

The same command line is used by the README, the tests and the benchmarks, so
what is measured and tested is what a facilitator runs.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent


def _workshops() -> Path:
    """The installed copy (the wheel ships them as kit/workshops), or the repo's."""
    installed = PACKAGE_DIR / "workshops"
    return installed if installed.is_dir() else REPO_DIR / "workshops"


DEFAULT_WORKSHOPS = _workshops()


@dataclass
class ServeOptions:
    """What a facilitator can choose; defaults suit one laptop in a room."""

    workshops: Path = DEFAULT_WORKSHOPS
    port: int = 8866
    host: str = "127.0.0.1"
    store_url: str | None = None
    preheat: int = 0
    cull_idle_seconds: int = 0
    extra_args: list[str] = field(default_factory=list)


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def voila_command(options: ServeOptions) -> list[str]:
    """The Voilà command line for ``options``."""
    args = [
        sys.executable,
        "-m",
        "voila",
        str(options.workshops),
        "--no-browser",
        f"--port={options.port}",
        f"--Voila.ip={options.host}",
        "--template=kit",
        "--VoilaExporter.language_code=nl",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.file_allowlist=['.*\\.(png|jpg|gif|svg|css)']",
    ]
    if options.preheat:
        # The room arrives on the start page at once; other pages are opened
        # one by one as the session moves on, so one warm kernel each suffices.
        pools = {
            "default": {"pool_size": 1},
            "start.ipynb": {"pool_size": options.preheat},
        }
        args += [
            "--preheat_kernel=True",
            f"--VoilaKernelManager.kernel_pools_config={json.dumps(pools)}",
        ]
    if options.cull_idle_seconds:
        interval = max(5, options.cull_idle_seconds // 3)
        args += [
            f"--MappingKernelManager.cull_idle_timeout={options.cull_idle_seconds}",
            f"--MappingKernelManager.cull_interval={interval}",
            "--MappingKernelManager.cull_connected=False",
        ]
    return args + options.extra_args


def voila_environment(options: ServeOptions) -> dict[str, str]:
    """Environment for Voilà and its kernels: store URL and the kit's template."""
    env = dict(os.environ)
    # The package folder doubles as a Jupyter data dir (voila/templates/kit), so
    # the template is found even where the shared-data copy is not installed.
    env["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(PACKAGE_DIR), env.get("JUPYTER_PATH", "")) if p
    )
    if options.store_url:
        env["KIT_DATABASE_URL"] = options.store_url
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env
