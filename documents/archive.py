"""Zip containers (DOCX, PPTX, EPUB) opened only after they prove they are not bombs.

Checks run on the central directory first (entry count, declared sizes and ratios,
paths, encryption, overlapping entries), then again on the real inflated bytes while
streaming, because every size in the directory is attacker data.
"""

from __future__ import annotations

import itertools
import struct
import zipfile
from pathlib import Path, PurePosixPath
from types import TracebackType

from errors import ArchiveBomb, DocumentCorrupt, DocumentEncrypted

MAX_ENTRIES = 2000
MAX_TOTAL_BYTES = 100 * 1024 * 1024
MAX_RATIO = 100  # Apache POI's MIN_INFLATE_RATIO of 0.01
# Small parts (a tiny XML file of repeated tags) can exceed 100:1 legitimately; the ratio
# only starts counting past this many inflated bytes, as POI's grace size does.
RATIO_GRACE_BYTES = 1024 * 1024
MAX_PART_BYTES = 20 * 1024 * 1024  # one XML part
_READ_BLOCK = 64 * 1024
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # 30 bytes
_LOCAL_MAGIC = b"PK\x03\x04"
_ALLOWED_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED}


def _unsafe_name(name: str) -> bool:
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return True
    parts = PurePosixPath(name.replace("\\", "/")).parts
    return ".." in parts


class SafeZip:
    """A read-only zip whose directory has been checked; reads count real inflated bytes."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._zf = zipfile.ZipFile(path)
        except zipfile.BadZipFile as exc:
            raise DocumentCorrupt(f"The file is not a complete zip container ({exc}).") from None
        except (OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise DocumentCorrupt(f"The zip container could not be opened ({exc}).") from None
        self.inflated = 0
        try:
            self._check_directory()
        except BaseException:
            self._zf.close()
            raise
        self._infos = {info.filename: info for info in self._zf.infolist()}

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._zf.close()

    def names(self) -> list[str]:
        return list(self._infos)

    def has(self, name: str) -> bool:
        return name in self._infos

    def _check_directory(self) -> None:
        infos = self._zf.infolist()
        if len(infos) > MAX_ENTRIES:
            raise ArchiveBomb(f"The container has {len(infos):,} entries; the limit is {MAX_ENTRIES:,}.")
        declared = 0
        for info in infos:
            if _unsafe_name(info.filename):
                raise ArchiveBomb(f"The container has an entry with an unsafe path: {info.filename!r}.")
            if (info.external_attr >> 16) & 0o170000 == 0o120000:
                raise ArchiveBomb(f"The container has a symbolic link entry: {info.filename!r}.")
            if info.flag_bits & 0x1:
                raise DocumentEncrypted("The container has encrypted (password-protected) entries.")
            if info.compress_type not in _ALLOWED_METHODS:
                raise DocumentCorrupt(f"The entry {info.filename!r} uses an unsupported compression method.")
            declared += info.file_size
            if info.file_size > RATIO_GRACE_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise ArchiveBomb(
                    f"The entry {info.filename!r} inflates more than {MAX_RATIO}:1 "
                    f"({info.compress_size:,} to {info.file_size:,} bytes)."
                )
        if declared > MAX_TOTAL_BYTES:
            raise ArchiveBomb(f"The container would inflate to {declared:,} bytes; the limit is 100 MiB.")
        self._check_overlaps(infos)

    def _check_overlaps(self, infos: list[zipfile.ZipInfo]) -> None:
        """Refuse entries whose data overlap (David Fifield's non-recursive zip bomb)."""
        spans: list[tuple[int, int, str]] = []
        fp = self._zf.fp
        if fp is None:  # pragma: no cover - ZipFile opened from a path always has one
            return
        end_of_data = self._zf.start_dir
        for info in infos:
            fp.seek(info.header_offset)
            header = fp.read(_LOCAL_HEADER.size)
            if len(header) != _LOCAL_HEADER.size or header[:4] != _LOCAL_MAGIC:
                raise DocumentCorrupt(f"The entry {info.filename!r} has no valid local header.")
            fields = _LOCAL_HEADER.unpack(header)
            name_len, extra_len = fields[-2], fields[-1]
            start = info.header_offset
            end = start + _LOCAL_HEADER.size + name_len + extra_len + info.compress_size
            if end > end_of_data:
                raise ArchiveBomb(f"The entry {info.filename!r} runs into the central directory.")
            spans.append((start, end, info.filename))
        spans.sort()
        for (_s1, end1, name1), (start2, _e2, name2) in itertools.pairwise(spans):
            if start2 < end1:
                raise ArchiveBomb(f"The entries {name1!r} and {name2!r} overlap (a zip bomb).")

    def read(self, name: str, max_bytes: int = MAX_PART_BYTES) -> bytes:
        """The entry's bytes, inflated in blocks and counted against every limit as they come."""
        return self._inflate(name, max_bytes, keep=True)

    def _inflate(self, name: str, max_bytes: int, *, keep: bool) -> bytes:
        info = self._infos.get(name)
        if info is None:
            raise DocumentCorrupt(f"The container has no {name!r} entry.")
        out = bytearray()
        seen = 0
        try:
            with self._zf.open(info) as stream:
                while block := stream.read(_READ_BLOCK):
                    seen += len(block)
                    if keep:
                        out += block
                    self._count(info, seen, len(block), max_bytes)
        except zipfile.BadZipFile as exc:
            raise DocumentCorrupt(f"The entry {name!r} is damaged ({exc}).") from None
        except (OSError, EOFError, ValueError) as exc:
            raise DocumentCorrupt(f"The entry {name!r} could not be inflated ({exc}).") from None
        return bytes(out)

    def _count(self, info: zipfile.ZipInfo, entry_bytes: int, block: int, max_bytes: int) -> None:
        self.inflated += block
        if entry_bytes > max_bytes:
            raise ArchiveBomb(f"The entry {info.filename!r} inflates past {max_bytes:,} bytes.")
        if entry_bytes > RATIO_GRACE_BYTES and entry_bytes > MAX_RATIO * max(info.compress_size, 1):
            raise ArchiveBomb(f"The entry {info.filename!r} inflates more than {MAX_RATIO}:1.")
        if self.inflated > MAX_TOTAL_BYTES:
            raise ArchiveBomb("The container inflates past 100 MiB.")

    def verify_all(self) -> None:
        """Inflate every entry once, counting real bytes, before a library opens the file itself."""
        for name, info in self._infos.items():
            if info.is_dir():
                continue
            self._inflate(name, MAX_TOTAL_BYTES, keep=False)
