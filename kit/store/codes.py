"""Session codes and secrets.

A session code is read aloud and typed on phones, so it uses an alphabet without
look-alike characters (no 0/O, 1/I/L, 2/Z, 5/S, 8/B) and is long enough to be
hard to guess: 25**8 ≈ 1.5·10¹¹ codes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXY34679"
CODE_LENGTH = 8


def new_session_code() -> str:
    """A random code such as ``"K7QM-3TXA"``."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalize_code(text: str) -> str:
    """Accept what people type: lower case, spaces, missing or extra dashes."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    if len(raw) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in raw):
        return ""
    return f"{raw[:4]}-{raw[4:]}"


def new_secret() -> str:
    """A secret for a facilitator or a participant's rejoin token."""
    return secrets.token_urlsafe(18)


def hash_secret(secret: str) -> str:
    """Secrets are stored hashed, so a copied database file does not leak them."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def same_secret(secret: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_secret(secret), stored_hash)
