"""Storing an upload: streamed to disk in blocks with its size and hash, never whole in memory."""

from __future__ import annotations

import contextlib
import hashlib
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from errors import EmptyDocument, PayloadTooLarge

BLOCK = 64 * 1024
CONTROL = {chr(c) for c in range(32)} | {"\x7f"}


@dataclass
class StoredUpload:
    path: Path
    size: int
    sha256: str


def sanitize_filename(name: str | None, fallback: str = "upload") -> str:
    """A display name: NFC, no path or control characters, at most 255 UTF-8 bytes."""
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch not in CONTROL).strip().strip(".")
    while len(name.encode()) > 255:
        name = name[:-1]
    return name or fallback


def store_stream(stream: IO[bytes], target: Path, max_bytes: int) -> StoredUpload:
    """Copy ``stream`` to ``target`` block by block; refuse past ``max_bytes`` or when empty."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    try:
        with open(target, "wb") as out:
            while block := stream.read(BLOCK):
                size += len(block)
                if size > max_bytes:
                    raise PayloadTooLarge(
                        f"The file is larger than the {max_bytes // (1024 * 1024)} MiB limit.",
                        limit_bytes=max_bytes,
                    )
                digest.update(block)
                out.write(block)
        if size == 0:
            raise EmptyDocument("The uploaded file is empty.", hint="Choose a file that has content.")
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return StoredUpload(path=target, size=size, sha256=digest.hexdigest())


def discard(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        os.unlink(path)
