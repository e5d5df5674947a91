"""Start Voilà on the workshops with the kit's settings (``kit serve``).

The same command line is used by the README, the tests and the benchmarks, so
what is measured and tested is what a facilitator runs.
"""

from __future__ import annotations

import json
import os
import secrets
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
    room_token: str = ""
    max_kernels: int = 0
    public_url: str = ""  # the address participants use, e.g. through a TLS proxy
    participants: int = 0  # a room sized for this many: a warm pool on ROOM_PAGE
    ready_file: Path | None = None  # where the server writes "klaar" for kit serve
    log_path: Path | None = None  # Voilà's and the kernels' output; None: terminal
    extra_args: list[str] = field(default_factory=list)


# Idle memory of one workshop kernel, rounded up from measurements (63-136 MB).
KERNEL_MB = 120
# Memory left for the system, Voilà and the browser on the same laptop.
RESERVED_MB = 1024
# How long Voilà waits for a cell's output after the cell ran (nbclient: 4).
IOPUB_TIMEOUT_SECONDS = 60
# The one page of a live session (workshops/sessie.ipynb).
ROOM_PAGE = "sessie.ipynb"
# A session-page kernel waiting in the pool (tools imported, content loaded),
# and one that has been through a whole programme; rounded up from
# benchmarks/bench_room.py on the 2-core test machine.
POOL_KERNEL_MB = 110
ROOM_KERNEL_MB = 250


def room_memory_mb(participants: int) -> int:
    """Memory a room of ``participants`` needs: their kernels through a whole
    programme, the facilitator's two views, and the pool that refills behind
    them (Voilà starts a new warm kernel for every one taken)."""
    in_use = (participants + 2) * ROOM_KERNEL_MB
    pool = (participants + 2) * POOL_KERNEL_MB
    return in_use + pool + RESERVED_MB


def available_mb() -> int | None:
    """Free memory of this computer in MB, if the system says (Linux)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            fields = dict(line.split(":", 1) for line in meminfo)
        return int(fields["MemAvailable"].split()[0]) // 1024
    except (OSError, KeyError, ValueError):
        return None


def new_room_token() -> str:
    """A fresh random room token (96 bits), safe in a URL as it is."""
    return secrets.token_urlsafe(12)


def default_log_path() -> Path:
    """Where ``kit serve`` writes Voilà's full log (``$XDG_STATE_HOME``)."""
    base = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local" / "state")
    return base / "wakkere-afweging" / "kit-serve.log"


def default_max_kernels() -> int:
    """How many kernels this computer's free memory holds (10 to 120)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            fields = dict(line.split(":", 1) for line in meminfo)
        available_mb = int(fields["MemAvailable"].split()[0]) // 1024
    except (OSError, KeyError, ValueError):
        return 40  # no /proc (macOS, Windows): a room of 30 and its pools
    return max(10, min(120, (available_mb - RESERVED_MB) // KERNEL_MB))


def port_is_free(host: str, port: int) -> bool:
    """True if a server could listen on ``host:port`` now."""
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def kernel_pools(options: ServeOptions) -> dict[str, dict[str, int]]:
    """Preheated kernels per notebook (Voilà's ``kernel_pools_config``).

    A live session (``participants``): everyone arrives on the one session page,
    plus the facilitator's control view and room view; nobody opens another
    page, so no other notebook keeps a kernel waiting and the memory goes to
    the room. Otherwise the room arrives on the start page at once and other
    pages are opened one by one, so one warm kernel each suffices.
    """
    if options.participants:
        return {
            "default": {"pool_size": 0},
            ROOM_PAGE: {"pool_size": options.participants + 2},
        }
    pools = {"default": {"pool_size": 1}}
    if options.preheat:
        pools["start.ipynb"] = {"pool_size": options.preheat}
    return pools


def voila_command(options: ServeOptions) -> list[str]:
    """The Voilà command line for ``options``."""
    args = [
        sys.executable,
        "-m",
        # Voilà with the room token, the kernel cap, and only widget messages
        # to kernels (kit.viewonly.ALLOWED_MESSAGES), in every mode.
        "kit.roomserver",
        str(options.workshops),
        "--no-browser",
        f"--port={options.port}",
        "--Voila.port_retries=0",  # the announced port, or a clear failure
        f"--Voila.ip={options.host}",
        "--template=kit",
        "--VoilaExporter.language_code=nl",
        "--VoilaConfiguration.show_tracebacks=False",
        # No .svg: an SVG file can run script on the kit's origin.
        "--VoilaConfiguration.file_allowlist=.*\\.(png|jpg|gif|css)",
        # A page's widget is the cell's output; on a busy laptop (a room's
        # kernels starting at once) it can come later than nbclient's 4 s, and
        # the page then shows the notebook's text without its tool.
        f"--VoilaExecutor.iopub_timeout={IOPUB_TIMEOUT_SECONDS}",
    ]
    if os.name == "posix":
        # Unix sockets in Voilà's private folder: no TCP ports that can collide
        # in a burst (ZMQError: Address already in use), none open to the network.
        args.append("--KernelManager.transport=ipc")
    if options.max_kernels:
        args.append(f"--KitVoila.max_kernels={options.max_kernels}")
    if options.preheat or options.participants:
        pools = kernel_pools(options)
        if options.participants:
            args += [
                f"--KitVoila.ready_pool={ROOM_PAGE}",
                f"--KitVoila.ready_size={options.participants}",
            ]
            if options.ready_file:
                args.append(f"--KitVoila.ready_file={options.ready_file}")
        # Traitlets 5 calls this syntax deprecated (in the log), but its
        # key=value syntax keeps nested values as text, which Voilà cannot read.
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
    env.pop("KIT_ROOM_TOKEN", None)
    if options.room_token:
        # Read by kit.roomserver, and by the start page for the join link.
        env["KIT_ROOM_TOKEN"] = options.room_token
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env
