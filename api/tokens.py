"""Personal access tokens as text: made, hashed and recognised. Plain Python, no Django.

A token is shown to its owner once; the database keeps only its SHA-256, so a copy of the database (or of a
backup) lets nobody call the API. 32 random bytes leave nothing to guess, so a fast hash is enough (there is
no password to stretch). The prefix makes a leaked token recognisable in logs and secret scanners.
"""

import hashlib
import secrets

PREFIX = "sc_"
# Shown on the account page so a person can tell their tokens apart without the secret.
HINT_LENGTH = len(PREFIX) + 6


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def hint(raw: str) -> str:
    return raw[:HINT_LENGTH]
