"""Limits on guessing codes, tokens and secrets, the same for every backend.

A session code has ~37 bits, so without a limit a script could try codes until
it finds a live session. Each failed code, token or secret is written down
(``failed_attempts``, for the operator). A source that tried
:data:`MAX_PER_SOURCE` wrong codes within :data:`WINDOW_SECONDS` is refused
until the window has passed; so is everyone when all sources together tried
:data:`MAX_ALL` (many hub users guessing at once). Tokens and secrets (144
random bits) cannot be guessed, so their failures are logged but not counted: a
kernel with a stale token must not lock a room out. Text that cannot be a code
(wrong length, wrong letters) is a typo, not a guess, and is not counted.
"""

from __future__ import annotations

WINDOW_SECONDS = 60
MAX_PER_SOURCE = 30
MAX_ALL = 600
#: Longest tool, subject or kind name a store accepts.
MAX_NAME = 200
