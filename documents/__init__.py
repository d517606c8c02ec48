"""Documents: sniffing, one parser per format, clean-up, the section model, the chunker.

The web process calls :func:`detect_kind` at upload; workers call :func:`parse_document`
(bounded child process) and :func:`chunk_document`.
"""

from documents.chunker import chunk_document, estimate_tokens
from documents.limits import ParseLimits
from documents.model import Chunk, DocumentKind, ParsedDocument, Section, SourceRef
from documents.registry import parse_document_in_process
from documents.sandbox import parse_document
from documents.sniff import detect_kind
from documents.text_input import parse_text

__all__ = [
    "Chunk",
    "DocumentKind",
    "ParseLimits",
    "ParsedDocument",
    "Section",
    "SourceRef",
    "chunk_document",
    "detect_kind",
    "estimate_tokens",
    "parse_document",
    "parse_document_in_process",
    "parse_text",
]
