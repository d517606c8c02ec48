"""SQLModel tables, one module per idea; every owned row carries its owner (``user_id``)."""

from models.deck import Card, Deck
from models.document import Document, DocumentBlob
from models.job import TERMINAL_STATES, ChunkResult, Job, JobStage, JobState
from models.types import new_id, utcnow
from models.user import ApiToken, Role, User

# Area-owned tables: imported so that every table is on SQLModel.metadata.
from models import error_event, feedback, operations, review, security, usage  # noqa: F401  isort: skip

__all__ = [
    "TERMINAL_STATES",
    "ApiToken",
    "Card",
    "ChunkResult",
    "Deck",
    "Document",
    "DocumentBlob",
    "Job",
    "JobStage",
    "JobState",
    "Role",
    "User",
    "new_id",
    "utcnow",
]
