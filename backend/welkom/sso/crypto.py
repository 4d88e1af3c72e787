"""Encrypting the client secret at rest.

Fernet (AES-128-CBC + HMAC-SHA256, the `cryptography` library the backups already use) with keys
derived from SECRET_KEY and SECRET_KEY_FALLBACKS by HKDF: rotating SECRET_KEY the way Django
documents (old key into the fallbacks) keeps stored secrets readable, and the next save of the
provider's settings encrypts with the newest key.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

_INFO = b"welkom.sso.client-secret"


def _fernet(secret_key: str) -> Fernet:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO).derive(secret_key.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def _keys() -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([_fernet(key) for key in keys])


def encrypt(plain: str) -> str:
    return _keys().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    """The plain secret; ValueError when no current or fallback key opens it."""
    try:
        return _keys().decrypt(token.encode()).decode()
    except InvalidToken as error:
        raise ValueError("The client secret cannot be decrypted with SECRET_KEY or its fallbacks.") from error
