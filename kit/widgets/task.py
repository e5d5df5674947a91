"""A participant's task first: one line that says what to do, explanations folded.

On a participant's own seat (not the facilitator's, not one shared screen) a
tool shows :func:`task_html` right above its form and moves its intro texts
into one closed "Uitleg" disclosure (:func:`about_html`) below the form, so a
phone shows the task and its first control on the first screen.
"""

from __future__ import annotations

from kit.locale import t
from kit.session import Seat
from kit.widgets.layout import esc


def participant_only(seat: Seat) -> bool:
    """Whether ``seat`` answers without leading: a participant's own page."""
    return seat.participant is not None and not seat.is_facilitator


def task_html(key: str) -> str:
    """The one line that says what to do now (the locale text at ``key``)."""
    return f"<p class='kit-task'>{esc(t(key))}</p>"


def about_html(*parts: str) -> str:
    """Already-escaped HTML ``parts`` in one closed "Uitleg" disclosure."""
    return (
        f"<details class='kit-about'><summary>{esc(t('task.about'))}</summary>"
        f"{''.join(parts)}</details>"
    )
