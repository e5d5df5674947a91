"""Open a kernel websocket as a browser would, and tell how the server answered."""

from __future__ import annotations

import asyncio
import ssl
from concurrent.futures import ThreadPoolExecutor


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
