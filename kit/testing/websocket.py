"""Open a kernel websocket as a browser would: how the server answered, and
what a kernel sends back to messages a page could craft."""

from __future__ import annotations

import asyncio
import json
import ssl
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any


def websocket_status(
    url: str,
    headers: dict[str, str] | None = None,
    context: ssl.SSLContext | None = None,
) -> int:
    """101 if the websocket at ``url`` opens, else the HTTP status that refused it.

    Runs in a thread of its own: Playwright's sync API keeps an event loop
    running in the test's thread once a browser test has run.
    """
    from tornado.httpclient import HTTPClientError, HTTPRequest
    from tornado.websocket import websocket_connect

    async def connect() -> int:
        request = HTTPRequest(
            url, headers=headers or {}, ssl_options=context, request_timeout=30
        )
        try:
            conn = await websocket_connect(request)
        except HTTPClientError as error:
            return error.code
        conn.close()
        return 101

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(connect())).result()


def kernel_message(msg_type: str, content: dict[str, Any]) -> dict[str, Any]:
    """A shell-channel message as a page sends it (Jupyter's JSON protocol)."""
    return {
        "header": {
            "msg_id": uuid.uuid4().hex,
            "msg_type": msg_type,
            "username": "deelnemer",
            "session": uuid.uuid4().hex,
            "version": "5.3",
            "date": "",
        },
        "parent_header": {},
        "metadata": {},
        "content": content,
        "channel": "shell",
        "buffers": [],
    }


def kernel_exchange(
    url: str, messages: list[dict[str, Any]], timeout: float = 60
) -> list[dict[str, Any]]:
    """Send ``messages`` over the kernel websocket at ``url``, then a
    ``kernel_info_request``; every message received until the kernel has
    answered that one and is idle again.

    A kernel handles shell messages in order and publishes on iopub in order,
    so whatever the earlier messages caused has arrived by then.
    """
    from tornado.websocket import websocket_connect

    hello = kernel_message("kernel_info_request", {})
    hello_id = hello["header"]["msg_id"]

    async def talk() -> list[dict[str, Any]]:
        conn = await websocket_connect(url)
        try:
            for message in [*messages, hello]:
                await conn.write_message(json.dumps(message))
            received: list[dict[str, Any]] = []
            replied = idle = False
            while not (replied and idle):
                raw = await asyncio.wait_for(conn.read_message(), timeout)
                if raw is None:
                    raise ConnectionError(f"the server closed {url}")
                message = json.loads(raw)
                received.append(message)
                if message["parent_header"].get("msg_id") == hello_id:
                    replied |= message["msg_type"] == "kernel_info_reply"
                    idle |= message["content"].get("execution_state") == "idle"
            return received
        finally:
            conn.close()

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(lambda: asyncio.run(talk())).result()
