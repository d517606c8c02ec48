"""Where an uploaded file waits between the API and the worker (``UPLOAD_STORAGE``).

``disk``: ``DATA_DIR/uploads/<user>/<document>``, which the API and the worker must
share (one machine, or one mounted volume). ``database``: the same bytes in
``DocumentBlob`` rows of ``PART_BYTES`` each, written in the transaction that stores
the document, so a host whose services run on separate machines (Render: a disk
belongs to one service) works with no object store to set up. The API always
streams the upload to its local disk first (to size, hash and sniff it); with
``database`` that local copy is removed once the parts are committed.

Written here rather than with an object-store library because the two backends
need nothing beyond the database and the file system Deckhand already has.
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import Engine, delete
from sqlmodel import Session, col, select

from config import Settings
from models import Document, DocumentBlob
from models.db import session_scope

logger = logging.getLogger(__name__)

PART_BYTES = 1024 * 1024


def scratch_dir(settings: Settings) -> Path:
    """Where the worker writes a database-held upload back to disk for parsing."""
    return settings.data_dir / "tmp"


def in_database(settings: Settings) -> bool:
    return settings.upload_storage == "database"


def local_path(settings: Settings, document: Document) -> Path:
    return settings.uploads_dir / document.storage_path


def keep(session: Session, settings: Settings, document: Document, path: Path) -> None:
    """Within the document's transaction: copy ``path`` into parts when storing in the database."""
    if not in_database(settings):
        return
    with open(path, "rb") as fh:
        part = 0
        while data := fh.read(PART_BYTES):
            blob = DocumentBlob(document_id=document.id, part=part, data=data)
            session.add(blob)
            session.flush()  # one part in memory at a time
            session.expunge(blob)
            part += 1


def after_commit(settings: Settings, path: Path) -> None:
    """Once the parts are committed the API's local copy is not needed (the worker reads the parts)."""
    if in_database(settings):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(path)


@contextlib.contextmanager
def readable(settings: Settings, engine: Engine, document: Document) -> Iterator[Path]:
    """A path to the document's bytes for parsing: the stored file, or the parts in a temporary file.

    :raise FileNotFoundError: when neither holds the document (it was cleaned up).
    """
    path = local_path(settings, document)
    if path.is_file():
        yield path
        return
    with session_scope(engine) as session:
        parts = list(
            session.exec(
                select(DocumentBlob.part)
                .where(DocumentBlob.document_id == document.id)
                .order_by(col(DocumentBlob.part))
            )
        )
    if not parts:
        raise FileNotFoundError(f"document {document.id}: no stored file and no parts in the database")
    scratch = scratch_dir(settings)
    scratch.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f"{document.id}-", dir=scratch)
    try:
        with os.fdopen(fd, "wb") as out:
            for part in parts:  # one part per query: a large file never sits whole in memory
                with session_scope(engine) as session:
                    blob = session.get(DocumentBlob, (document.id, part))
                    if blob is None:
                        raise FileNotFoundError(f"document {document.id}: part {part} vanished")
                    out.write(blob.data)
        yield Path(name)
    finally:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(name)


def forget(session: Session, document_id: str) -> None:
    """Delete a document's parts (in the caller's transaction; a no-op on disk storage)."""
    session.execute(delete(DocumentBlob).where(col(DocumentBlob.document_id) == document_id))
