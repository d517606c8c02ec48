"""Storing an upload: streamed to disk in blocks with its size and hash, never whole in memory."""

from __future__ import annotations

import contextlib
import hashlib
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import IO
from urllib.parse import quote

from errors import EmptyDocument, PayloadTooLarge

BLOCK = 64 * 1024
#: Characters RFC 8187 lets through unencoded in ``filename*`` (attr-char), besides letters and digits.
ATTR_CHARS = "!#$&+-.^_`|~"
MAX_NAME_BYTES = 255


@dataclass
class StoredUpload:
    path: Path
    size: int
    sha256: str


def _visible(ch: str) -> bool:
    # Cc: controls (C0, DEL, C1); Cf: format characters such as U+202E, which
    # can make "invoice\u202efdp.exe" display as "invoiceexe.pdf"; Zl/Zp: line breaks.
    return unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp")


def sanitize_filename(name: str | None, fallback: str = "upload") -> str:
    """A display name: NFC, no path, control or format characters, at most 255 UTF-8 bytes.

    Only ever displayed and sent back in Content-Disposition: files are stored
    under random UUID keys, never under this name.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if _visible(ch))
    name = " ".join(name.split()).strip(" .")
    if len(name.encode()) > MAX_NAME_BYTES:
        stem, dot, ext = name.rpartition(".")
        keep = "." + ext if dot and stem and len(ext.encode()) <= 16 else ""
        stem = name[: -len(keep)] if keep else name
        while len((stem + keep).encode()) > MAX_NAME_BYTES:
            stem = stem[:-1]
        name = stem.rstrip(" .") + keep
    return name or fallback


def content_disposition(filename: str, fallback: str = "download", disposition: str = "attachment") -> str:
    """RFC 6266 header value: an ASCII ``filename`` fallback and the exact ``filename*=UTF-8''`` form.

    Slashes in ``filename`` (a deck title such as "Chapter 1/2") become ``_``.
    """
    name = sanitize_filename(filename.replace("/", "_").replace("\\", "_"), fallback=fallback)
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = "".join("_" if ch in '"\\%;' else ch for ch in ascii_name).strip(" .") or "download"
    encoded = quote(name, safe=ATTR_CHARS)
    return f"{disposition}; filename=\"{ascii_name}\"; filename*=UTF-8''{encoded}"


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
