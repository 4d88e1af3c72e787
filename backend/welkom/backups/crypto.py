"""Optional encryption of a backup archive with a key the operator holds (``WELKOM_BACKUP_KEY``).

The archive is streamed through Fernet (cryptography) in chunks of 1 MiB, so an archive of any size
is encrypted without holding it in memory. Every chunk carries its number and whether it is the
last one inside the authenticated token: chunks that were reordered, dropped or cut off at the end
are refused like a wrong key."""

from __future__ import annotations

import io
import struct
from typing import BinaryIO

from cryptography.fernet import Fernet, InvalidToken

MAGIC = b"WELKOM-BACKUP-FERNET-1\n"
CHUNK = 1024 * 1024
_HEAD = struct.Struct(">QB")  # chunk number, last chunk (1) or not (0)
_LENGTH = struct.Struct(">I")


class ArchiveKeyError(Exception):
    """The archive cannot be decrypted with the key given (or it was changed)."""


def is_encrypted(path_head: bytes) -> bool:
    return path_head.startswith(MAGIC)


class EncryptingWriter(io.RawIOBase):
    """A write-only stream that encrypts what is written to ``target`` chunk by chunk."""

    def __init__(self, target: BinaryIO, key: str) -> None:
        self._target = target
        self._fernet = Fernet(key.encode() if isinstance(key, str) else key)
        self._buffer = bytearray()
        self._number = 0
        target.write(MAGIC)

    def writable(self) -> bool:
        return True

    def write(self, data: bytes) -> int:  # type: ignore[override]
        self._buffer.extend(data)
        while len(self._buffer) > CHUNK:
            self._emit(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _emit(self, data: bytes, *, last: bool) -> None:
        token = self._fernet.encrypt(_HEAD.pack(self._number, 1 if last else 0) + data)
        self._target.write(_LENGTH.pack(len(token)) + token)
        self._number += 1

    def close(self) -> None:
        if not self.closed:
            self._emit(bytes(self._buffer), last=True)
            self._buffer.clear()
        super().close()


def decrypt_to(source: BinaryIO, target: BinaryIO, key: str) -> None:
    """Write the plain archive of the encrypted ``source`` to ``target``."""
    if source.read(len(MAGIC)) != MAGIC:
        raise ArchiveKeyError("This is not an encrypted Welkom backup.")
    fernet = Fernet(key.encode())
    expected = 0
    while True:
        length_bytes = source.read(_LENGTH.size)
        if len(length_bytes) < _LENGTH.size:
            raise ArchiveKeyError("The encrypted archive is cut off (its last part is missing).")
        token = source.read(_LENGTH.unpack(length_bytes)[0])
        try:
            plain = fernet.decrypt(token)
        except InvalidToken as error:
            raise ArchiveKeyError(
                "The key does not open this archive (or the archive was changed)."
            ) from error
        number, last = _HEAD.unpack_from(plain)
        if number != expected:
            raise ArchiveKeyError("The encrypted archive's parts are out of order.")
        target.write(plain[_HEAD.size :])
        expected += 1
        if last:
            if source.read(1):
                raise ArchiveKeyError("The encrypted archive has data after its last part.")
            return


def key_generate() -> str:
    return Fernet.generate_key().decode()
