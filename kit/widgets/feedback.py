"""Messages to people, and the guard that keeps tracebacks off the page.

Every callback a person can trigger runs through :func:`guarded`: a known
:class:`~kit.errors.KitError` becomes one Dutch sentence with the fix; anything
else becomes a calm "something went wrong" while the traceback goes to the
server log, never to the Voilà page.
"""

from __future__ import annotations

import functools
import html
import logging
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

import ipywidgets as W

from kit.errors import KitError, explain
from kit.widgets.layout import esc, show, titled_box, wide
from kit.widgets.styles import use_styles

log = logging.getLogger("kit")
F = TypeVar("F", bound=Callable[..., Any])

#: Older imports of these names from here keep working.
__all__ = [
    "MessageArea",
    "esc",
    "explain",
    "guarded",
    "show",
    "titled_box",
    "visible_html",
    "wide",
]


class MessageArea(W.HTML):
    """A live region: screen readers announce what appears here."""

    def __init__(self, **kwargs: Any):
        super().__init__(**kwargs)
        use_styles()
        self.add_class("kit-messages")

    def _show(self, kind: str, text: str) -> None:
        role = "alert" if kind == "error" else "status"
        body = html.escape(text).replace("\n", "<br>")
        self.value = (
            f"<div class='kit-message kit-message-{kind}' role='{role}'>{body}</div>"
        )
        self.last = (kind, text)

    last: tuple[str, str] = ("", "")

    def error(self, text: str) -> None:
        self._show("error", text)

    def info(self, text: str) -> None:
        self._show("info", text)

    def ok(self, text: str) -> None:
        self._show("ok", text)

    def clear(self) -> None:
        self.value = ""
        self.last = ("", "")


P = ParamSpec("P")
R = TypeVar("R")


def guarded(
    method: Callable[Concatenate[Any, P], R],
) -> Callable[Concatenate[Any, P], R | None]:
    """Decorate a widget method so errors land in ``self.messages``, not the page.

    The method then returns ``None`` after an error.
    """

    def wrapper(self: Any, /, *args: P.args, **kwargs: P.kwargs) -> R | None:
        try:
            return method(self, *args, **kwargs)
        except KitError as exc:
            self.messages.error(explain(exc))
        except Exception as exc:  # the page must stay usable whatever happens
            log.exception("kit: %s failed", method.__qualname__)
            self.messages.error(explain(exc))
        return None

    functools.update_wrapper(wrapper, method)
    return wrapper


def visible_html(widget: W.Widget, *, include_hidden_root: bool = False) -> str:
    """The HTML a person sees in ``widget`` now: HTML values and the labels of
    choices, leaving out hidden parts. Tests read pages through this."""

    def walk(node: W.Widget, root: bool) -> list[str]:
        hidden = getattr(getattr(node, "layout", None), "display", None) == "none"
        if hidden and not (root and include_hidden_root):
            return []
        found = [node.value] if isinstance(node, W.HTML) else []
        if isinstance(node, W.RadioButtons | W.Dropdown | W.Select):
            found += [esc(label) for label in node._options_labels]
        for child in getattr(node, "children", ()):
            found += walk(child, False)
        return found

    return "\n".join(walk(widget, True))
