"""What the model reads of a stored answer; ``kit.store.Answer`` fits it.

The model never imports the store (layers point one way), so the tools'
pure functions accept anything with these fields: store answers, the
``answers`` of an exported session, or small stand-ins in tests.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol


class Event(Protocol):
    """One stored answer or facilitator event."""

    @property
    def seq(self) -> int: ...

    @property
    def participant_id(self) -> str | None: ...

    @property
    def tool(self) -> str: ...

    @property
    def subject(self) -> str: ...

    @property
    def kind(self) -> str: ...

    @property
    def payload(self) -> Mapping[str, Any]: ...
