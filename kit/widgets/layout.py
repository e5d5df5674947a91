"""Small layout helpers every tool uses: show and hide, boxes, buttons, text.

Everything typed by people or read from files goes through :func:`esc` before
it becomes HTML; :func:`para` escapes for you, :func:`element` expects text
that is escaped already.
"""

from __future__ import annotations

import html
from collections.abc import Callable

import ipywidgets as W


def esc(text: object) -> str:
    """Escape text typed by people (or read from files) before it becomes HTML."""
    return html.escape(str(text), quote=True)


def show(widget: W.Widget, visible: bool) -> None:
    """Show or hide ``widget`` (hidden parts are also left out for screen readers)."""
    widget.layout.display = None if visible else "none"


def mark(widget: W.Widget, name: str, on: bool) -> None:
    """Give ``widget`` the CSS class ``name`` or take it away (a state to style)."""
    if on and name not in widget._dom_classes:
        widget.add_class(name)
    elif not on and name in widget._dom_classes:
        widget.remove_class(name)


class Closing(W.VBox):
    """A box whose children close with it (a tool and the lines around it)."""

    def close(self) -> None:
        for child in self.children:
            child.close()
        super().close()


def wide() -> W.Layout:
    """A fresh full-width layout for a form control (max 46em, readable lines).

    Fresh each time: a Layout shared between widgets would hide all of them
    when one is hidden with :func:`show`.
    """
    return W.Layout(width="100%", max_width="46em")


def titled_box(
    title: str, *children: W.Widget, classes: tuple[str, ...] = ()
) -> W.VBox:
    """A part of a tool: a level-3 heading above its controls."""
    box = W.VBox([W.HTML(f"<h3>{esc(title)}</h3>"), *children])
    for name in classes:
        box.add_class(name)
    return box


def html_widget(text: str, *classes: str) -> W.HTML:
    """An HTML widget with ``text`` (already HTML) and CSS classes."""
    widget = W.HTML(text)
    for name in classes:
        widget.add_class(name)
    return widget


def button(
    label: str, action: Callable[[], object], style: str = "", *, tooltip: str = ""
) -> W.Button:
    """A button as wide as its label that calls ``action`` when clicked."""
    made = W.Button(description=label, button_style=style, tooltip=tooltip)
    made.layout = W.Layout(width="auto", align_self="flex-start")
    made.on_click(lambda _b: action())
    return made


def para(text: str, cls: str = "") -> str:
    """A paragraph of plain ``text`` (escaped here)."""
    attr = f" class='{cls}'" if cls else ""
    return f"<p{attr}>{esc(text)}</p>"


def element(tag: str, text: str, cls: str = "") -> str:
    """An element around already-escaped ``text``."""
    attr = f" class='{cls}'" if cls else ""
    return f"<{tag}{attr}>{text}</{tag}>"


def mark_current(button: W.Button, current: bool) -> None:
    """Mark the step you are in now as every tool does: a dark outline and a ▶
    icon (``kit-current``), so blue keeps meaning "the action to take"."""
    button.button_style = ""
    button.icon = "play" if current else ""
    if current:
        button.add_class("kit-current")
    else:
        button.remove_class("kit-current")
