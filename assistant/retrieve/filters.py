"""Metadata filters shared by the lexical and the dense search.

The same ``SearchFilters`` becomes a Chroma ``where`` clause for the dense side and a predicate
over chunk metadata for BM25, so both rankings see the same candidate set before fusion.
Commune and document type are compared diacritics-folded and lower-cased ("Tan Cuong" finds
"Tân Cương", "bao cao" finds "BÁO CÁO").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from assistant.ingest.types import SectionKind
from assistant.retrieve.analyzer import fold_char_preserving

_SPACES = re.compile(r"\s+")


def filter_key(value: str) -> str:
    """The comparison form of a commune or doc type: folded, lower case, no leading "xã"."""
    key = _SPACES.sub(" ", fold_char_preserving(value).lower()).strip()
    return key[3:] if key.startswith("xa ") else key


def _as_kinds(value: Any) -> tuple[SectionKind, ...]:
    if value is None or value == "" or value == ():
        return ()
    items: Iterable[Any] = [value] if isinstance(value, (str, SectionKind)) else value
    return tuple(k if isinstance(k, SectionKind) else SectionKind.parse(str(k)) for k in items)


@dataclass(frozen=True)
class SearchFilters:
    """Restrict a search. Every field left empty means "any".

    ``kind`` takes one ``SectionKind`` (or its value, e.g. "han_che") or several.
    ``is_directive``: True = only directive documents (kế hoạch, công văn…), False = only reports.
    """

    commune: str = ""
    year: int | None = None
    doc_type: str = ""
    kind: tuple[SectionKind, ...] | SectionKind | str = field(default=())
    is_directive: bool | None = None
    sources: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", _as_kinds(self.kind))
        object.__setattr__(self, "sources", tuple(self.sources))

    @property
    def kinds(self) -> tuple[SectionKind, ...]:
        return self.kind  # type: ignore[return-value]

    def is_empty(self) -> bool:
        return not (self.commune or self.year or self.doc_type or self.kinds or self.sources) and self.is_directive is None

    def chroma_where(self) -> dict[str, Any] | None:
        """The Chroma ``where`` clause (keys as written by ``chunk_metadata``)."""
        clauses: list[dict[str, Any]] = []
        if self.commune:
            clauses.append({"commune_key": filter_key(self.commune)})
        if self.year:
            clauses.append({"year": int(self.year)})
        if self.doc_type:
            clauses.append({"doc_type_key": filter_key(self.doc_type)})
        if self.kinds:
            clauses.append({"kind": {"$in": [k.value for k in self.kinds]}})
        if self.is_directive is not None:
            clauses.append({"is_directive": bool(self.is_directive)})
        if self.sources:
            clauses.append({"source": {"$in": list(self.sources)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def matches(self, metadata: dict[str, Any]) -> bool:
        """The same rule as ``chroma_where``, evaluated on one chunk's metadata."""
        if self.commune and metadata.get("commune_key") != filter_key(self.commune):
            return False
        if self.year and metadata.get("year") != int(self.year):
            return False
        if self.doc_type and metadata.get("doc_type_key") != filter_key(self.doc_type):
            return False
        if self.kinds and metadata.get("kind") not in {k.value for k in self.kinds}:
            return False
        if self.is_directive is not None and bool(metadata.get("is_directive")) != self.is_directive:
            return False
        if self.sources and metadata.get("source") not in self.sources:
            return False
        return True
