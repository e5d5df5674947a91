"""What the facilitator sees in the terminal when the room server starts."""

from __future__ import annotations

import socket
import tempfile
import threading
import time
from pathlib import Path

from kit.locale import t
from kit.serve import (
    KERNEL_MB,
    ROOM_PAGE,
    ServeOptions,
    available_mb,
    room_memory_mb,
)


def lan_address() -> str:
    """This machine's address on the local network (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        try:
            sock.connect(("192.0.2.1", 9))  # TEST-NET-1: routing lookup only
            return str(sock.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def start_url(options: ServeOptions) -> str:
    """The start page's address; with a room token, the token goes along."""
    if options.public_url:
        base = options.public_url.rstrip("/")
    else:
        host = lan_address() if options.host == "0.0.0.0" else "127.0.0.1"  # noqa: S104
        base = f"http://{host}:{options.port}"
    page = ROOM_PAGE if options.participants else "start.ipynb"
    url = f"{base}/voila/render/{page}"
    return f"{url}?token={options.room_token}" if options.room_token else url


def without_password(url: str | None) -> str:
    """A database URL fit to show on a beamer: any password replaced by ``***``."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url or "")
    if not parts.password:
        return url or ""
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))


def terminal_qr(url: str) -> str:
    import io

    import segno

    out = io.StringIO()
    segno.make(url, error="m").terminal(out=out, compact=True)
    return out.getvalue()


def announce(options: ServeOptions) -> None:
    url = start_url(options)
    print(t("cli.serve.starting", url=url, store=without_password(options.store_url)))
    if options.room_token:
        print(terminal_qr(url))
    if options.max_kernels:
        print(t("cli.serve.capacity", n=options.max_kernels, mb=KERNEL_MB))
    if options.participants:
        print(memory_line(options.participants, available_mb()))
    if options.log_path:
        print(t("cli.serve.log", path=options.log_path))
    print(t("cli.serve.stop"))


def memory_line(participants: int, free_mb: int | None) -> str:
    """What a room of ``participants`` needs, and whether this computer has it."""
    need = room_memory_mb(participants)
    gb = f"{need / 1024:.1f}"
    if free_mb is None:
        return t("cli.serve.memory", n=participants, gb=gb)
    if free_mb < need:
        return t(
            "cli.serve.memory.short",
            n=participants,
            gb=gb,
            free=f"{free_mb / 1024:.1f}",
        )
    return t("cli.serve.memory.ok", n=participants, gb=gb, free=f"{free_mb / 1024:.1f}")


def say_when_ready(poll_seconds: float = 1.0) -> Path:
    """A file the room server writes "klaar" to; a thread prints it here.

    Voilà's own output goes to the log file, so the server cannot tell the
    facilitator itself; this process watches the file and says it.
    """
    folder = Path(tempfile.mkdtemp(prefix="kit-ready-"))
    ready = folder / "klaar.txt"

    def watch() -> None:
        while not ready.exists():
            time.sleep(poll_seconds)
        time.sleep(0.1)  # the server writes one short line
        print(ready.read_text(encoding="utf-8"), flush=True)
        ready.unlink(missing_ok=True)
        folder.rmdir()

    threading.Thread(target=watch, name="kit-ready", daemon=True).start()
    return ready
