"""The hybrid search as a LangChain ``BaseRetriever`` (for chains and agents)."""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.retrieve.corpus_index import CorpusIndex
from assistant.retrieve.filters import SearchFilters
from assistant.retrieve.search import search


class HybridRetriever(BaseRetriever):
    """BM25 + dense, fused by RRF, filtered, near-duplicates collapsed.

    Each ``Document`` has the chunk text as ``page_content`` and metadata: chunk_id, doc_id,
    source, title, commune, date, doc_type, section_path, kind, span, score.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Any  # CorpusIndex (typed Any: pydantic does not need to validate it)
    filters: SearchFilters | None = None
    k: int = 10

    def _get_relevant_documents(self, query: str, *, run_manager: CallbackManagerForRetrieverRun) -> list[LCDocument]:
        assert isinstance(self.index, CorpusIndex)
        hits = search(query, self.index, self.filters, self.k)
        return [
            LCDocument(
                id=h.chunk_id,
                page_content=h.text,
                metadata={
                    "chunk_id": h.chunk_id, "doc_id": h.doc_id, "source": h.source, "title": h.title,
                    "commune": h.commune, "date": h.date, "doc_type": h.doc_type, "section_path": h.section_path,
                    "kind": h.kind, "span": h.span, "score": h.score,
                },
            )
            for h in hits
        ]
