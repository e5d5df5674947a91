"""A single-user server on a hub that shows the kit's pages and runs nothing else.

On JupyterHub every participant gets their own server, and Voilà starts kernels
in it. Voilà executes the workshop notebooks itself; the page only needs the
widgets' messages to and from its kernel. This module closes what a person
could use to run their own code there, however they craft requests:

* :data:`ALLOWED_MESSAGES` for ``MappingKernelManager.allowed_message_types``:
  over a kernel's websocket only widget (comm) messages and
  ``kernel_info_request`` pass; an ``execute_request`` is dropped;
* :class:`ViewOnlyAuthorizer` for ``ServerApp.authorizer_class``: no new kernels
  or sessions through the REST API, no writing files (Voilà would run a notebook
  someone uploads), no terminals.

``deploy/jupyterhub/singleuser/jupyter_server_config.json`` sets both. A server
for trainers who want JupyterLab leaves them out. ``kit serve`` (``kit.roomserver``)
uses the same :data:`ALLOWED_MESSAGES` in every mode.
"""

from __future__ import annotations

from typing import Any

from jupyter_server.auth import Authorizer

#: Kernel messages a Voilà page sends: the widgets' comms and a hello.
ALLOWED_MESSAGES = (
    "comm_open",
    "comm_msg",
    "comm_close",
    "comm_info_request",
    "kernel_info_request",
    "input_reply",
)

#: What nobody may change through the server's REST API.
READ_ONLY = frozenset({"contents", "kernels", "sessions", "kernelspecs", "config"})


class ViewOnlyAuthorizer(Authorizer):
    """Reading is allowed, connecting a page to its kernel too; writing,
    starting kernels and terminals are not."""

    def is_authorized(
        self, handler: Any, user: Any, action: str, resource: str
    ) -> bool:
        if resource == "terminals":
            return False
        if action == "write" and resource in READ_ONLY:
            self.log.warning("kit: refused %s on %s for %s", action, resource, user)
            return False
        return True
