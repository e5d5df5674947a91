"""The Voilà server ``kit serve`` runs: Voilà with a room token and a kernel cap.

Run as ``python -m kit.roomserver`` with Voilà's own options, in every mode of
``kit serve``. Four additions:

- **Room token.** With ``$KIT_ROOM_TOKEN`` set, only requests carrying it
  (``?token=…``; jupyter_server then sets a login cookie for the rest of the
  run) get a page, a kernel or a kernel websocket. Without it the answer is a
  Dutch refusal (403) and no kernel starts. This is jupyter_server's own token
  login, compared in constant time, with the login form replaced by the refusal.
- **Kernel cap.** ``--KitVoila.max_kernels=N`` refuses a new page (503, in
  Dutch) while N pages have a kernel. Kernels waiting in the preheated pool do
  not count; the pool's size is fixed, so the total stays bounded.
- **Widget messages only.** Over a kernel's websocket only
  :data:`kit.viewonly.ALLOWED_MESSAGES` reach the kernel; an ``execute_request``
  from a page is dropped. Voilà 0.5 passes its own list to the kernel manager's
  constructor, which beats any ``--MappingKernelManager.allowed_message_types``
  on the command line, so the kit sets the list on the manager itself.
- **The cull spares a kernel its page still needs.** The cull (``kit serve
  --room``: 90 s) measures inactivity from a kernel's last message; a kernel
  that waited in the pool for minutes was culled the moment it was handed out,
  before a busy page had connected to it (30 joins at once: pages showed the
  notebook's text without its join form and reloaded into the next pool
  kernel, which went the same way). A handed-out kernel now has a few minutes
  to be connected to (:func:`spare_kernels_pages_still_need`).
"""

from __future__ import annotations

import hmac
import html
import os
import time
from collections.abc import Awaitable
from datetime import UTC, datetime
from typing import Any

from jupyter_server.auth.identity import PasswordIdentityProvider, User
from tornado import web
from tornado.ioloop import PeriodicCallback
from traitlets import Int, TraitError, Unicode, default
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from kit.locale import t
from kit.viewonly import ALLOWED_MESSAGES

TOKEN_VARIABLE = "KIT_ROOM_TOKEN"  # noqa: S105 - the name of a variable


def dutch_page(title: str, text: str) -> str:
    """A small, accessible page with one message (no script, no outside request)."""
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="nl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title>"
        "<style>body{font-family:sans-serif;max-width:40em;margin:3em auto;"
        "padding:0 1em;line-height:1.5;color:#1b1b1b}</style></head>"
        f"<body><main><h1>{html.escape(title)}</h1><p>{html.escape(text)}</p>"
        "</main></body></html>\n"
    )


def refuse(handler: web.RequestHandler, status: int, key: str, **values: Any) -> None:
    """Finish ``handler``'s request with the Dutch message ``key`` (``.title``)."""
    handler.clear()
    handler.set_status(status)
    handler.set_header("Content-Type", "text/html; charset=utf-8")
    handler.set_header("Cache-Control", "no-store")
    if status == 503:
        handler.set_header("Retry-After", "30")
    handler.finish(dutch_page(t(f"{key}.title"), t(key, **values)))


class RefusedHandler(web.RequestHandler):
    """Where jupyter_server sends a browser without the token (its login URL)."""

    def get(self) -> None:
        refuse(self, 403, "room.refused")

    post = get


class RoomIdentityProvider(PasswordIdentityProvider):
    """jupyter_server's token login with the room token and a Dutch refusal."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.token = os.environ.get(TOKEN_VARIABLE, "")

    async def get_user_token(self, handler: web.RequestHandler) -> User | None:
        if not self.token:
            return None
        given = self.get_token(handler) or ""
        if not hmac.compare_digest(given.encode(), self.token.encode()):
            return None
        user = self.get_user_cookie(handler)
        if isinstance(user, Awaitable):  # a coroutine in newer jupyter_server
            user = await user
        return user or self.generate_anonymous_user(handler)

    def get_handlers(self) -> list[tuple[str, object]]:
        return [(r"/login", RefusedHandler)] if self.auth_enabled else []


def kernels_in_use(kernel_manager: Any) -> int:
    """Kernels that serve a page: all of them minus those in a pool.

    A pool kernel still starting counts as pooled, so a large pool warming up
    never makes the room look full (at worst the cap lets a pool's size more in).
    """
    pooled = 0
    for pool in getattr(kernel_manager, "_pools", {}).values():
        for task in pool:
            failed = task.done() and (task.cancelled() or task.exception() is not None)
            pooled += not failed
    return max(0, len(kernel_manager.list_kernel_ids()) - pooled)


#: A page that got a kernel from the pool has this long to connect to it
#: before the cull may stop it (a phone loading the page's scripts over a busy
#: guest Wi-Fi can take minutes; the cap still bounds how many wait).
HANDOUT_GRACE_SECONDS = 300


def spare_kernels_pages_still_need(kernel_manager: Any) -> None:
    """Keep the cull away from kernels that a page has not connected to yet.

    - A pool kernel handed to a page is not culled for
      :data:`HANDOUT_GRACE_SECONDS`, and its idle time counts from the
      hand-out: the culler would otherwise see a kernel idle since it was
      preheated, with nobody connected yet, and stop it under its page.
    - A kernel still starting has no last activity; jupyter_server's culler
      then logs a traceback for it on every round. It is skipped (not idle).
    """
    if not hasattr(kernel_manager, "get_rendered_notebook"):
        return  # no pool (preheating off): every kernel starts for its page
    handed_out: dict[str, float] = {}
    hand_out = kernel_manager.get_rendered_notebook
    cull_if_idle = kernel_manager.cull_kernel_if_idle

    async def get_rendered_notebook(*args: Any, **kwargs: Any) -> Any:
        render_task, rendered_cache, kernel_id = await hand_out(*args, **kwargs)
        handed_out[kernel_id] = time.monotonic()
        if kernel_id in kernel_manager:
            kernel_manager.get_kernel(kernel_id).last_activity = datetime.now(UTC)
        return render_task, rendered_cache, kernel_id

    async def cull_kernel_if_idle(kernel_id: str) -> None:
        since = handed_out.get(kernel_id)
        if since is not None:
            if time.monotonic() - since < HANDOUT_GRACE_SECONDS:
                return
            del handed_out[kernel_id]
        try:
            kernel_manager.get_kernel(kernel_id).last_activity  # noqa: B018
        except TraitError:  # still starting: no activity yet, so not idle
            return
        await cull_if_idle(kernel_id)

    kernel_manager.get_rendered_notebook = get_rendered_notebook
    kernel_manager.cull_kernel_if_idle = cull_kernel_if_idle


class CappedVoilaHandler(TornadoVoilaHandler):
    """Voilà's page handler: refuses without the token, and past the cap."""

    def initialize(self, **kwargs: Any) -> None:
        self.max_kernels = int(kwargs.pop("max_kernels", 0))
        super().initialize(**kwargs)

    async def prepare(self) -> None:
        try:
            await super().prepare(_redirect_to_login=False)
        except web.HTTPError as error:
            if error.status_code != 403:
                raise
            refuse(self, 403, "room.refused")
            return
        if self.max_kernels and kernels_in_use(self.kernel_manager) >= self.max_kernels:
            self.log.warning("kit: kernel cap of %d reached", self.max_kernels)
            refuse(self, 503, "room.full")


class KitVoila(Voila):
    """Voilà with the room token and the kernel cap."""

    max_kernels = Int(
        0, config=True, help="Most pages with a kernel at once; 0 means no cap."
    )

    ready_pool = Unicode(
        "", config=True, help="Say 'klaar' once this notebook's pool is warm."
    )
    ready_size = Int(0, config=True, help="Participants the ready pool is for.")
    ready_file = Unicode(
        "", config=True, help="Write 'klaar' here (kit serve shows it); else print."
    )

    @default("identity_provider_class")
    def _room_identity_provider(self) -> type[RoomIdentityProvider]:
        return RoomIdentityProvider

    def init_settings(self) -> dict[str, Any]:
        settings = super().init_settings()  # makes self.kernel_manager
        # Read by jupyter_server's websocket connection for every message a
        # page sends, to kernels from the pool and new ones alike.
        self.kernel_manager.allowed_message_types = list(ALLOWED_MESSAGES)
        spare_kernels_pages_still_need(self.kernel_manager)
        # The room token is in the page's address: no page passes it on.
        headers = dict(settings.get("headers", {}))
        headers["Referrer-Policy"] = "no-referrer"
        settings["headers"] = headers
        return settings

    def init_handlers(self) -> list[Any]:
        handlers = []
        for spec in super().init_handlers():
            if len(spec) > 2 and spec[1] is TornadoVoilaHandler:
                options = {**spec[2], "max_kernels": self.max_kernels}
                spec = (spec[0], CappedVoilaHandler, options)
            handlers.append(spec)
        return handlers

    def start(self) -> None:
        if self.ready_pool:
            self._ready_check = PeriodicCallback(self._say_ready_when_warm, 1000)
            self._ready_check.start()
        super().start()

    def _say_ready_when_warm(self) -> None:
        """Print the Dutch "klaar" once every kernel of the room's pool is up."""
        pool = getattr(self.kernel_manager, "_pools", {}).get(self.ready_pool, [])
        wanted = self.ready_size + 2  # the facilitator's control view and room view
        done = [
            task
            for task in pool
            if task.done() and not task.cancelled() and task.exception() is None
        ]
        if len(done) >= wanted:
            text = t("cli.serve.ready", n=self.ready_size)
            self.log.info("kit: %s", text)
            if self.ready_file:
                with open(self.ready_file, "w", encoding="utf-8") as ready:
                    ready.write(text)
            else:
                print(text, flush=True)
            self._ready_check.stop()


main = KitVoila.launch_instance

if __name__ == "__main__":
    main()
