"""Browser tests: a real Voilà on a free port and Debian's headless Chromium.

No Chromium is a failure, not a skip: CI must prove the pages render.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from kit.serve import ServeOptions, new_room_token
from kit.testing.voila import VoilaServer, running_voila


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.voila)


@pytest.fixture(scope="session")
def voila() -> Iterator[VoilaServer]:
    """One Voilà server on the workshops for the whole test session.

    It admits only browsers with the room token, as ``kit serve --room`` does:
    ``voila.url(...)`` carries it, and a page opened with it sets the cookie
    that lets the same browser go on without it.
    """
    with running_voila(ServeOptions(room_token=new_room_token())) as server:
        yield server
