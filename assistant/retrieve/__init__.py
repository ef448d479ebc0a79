"""Hybrid retrieval over the indexed corpus: embeddings, Chroma, BM25, fusion, filters.

Public API::

    index = CorpusIndex(settings)                 # holds models and clients; build once, pass around
    report = index_paths([Path("corpus")], index) # incremental, crash-safe
    hits = search("tỷ lệ hồ sơ trực tuyến", index, SearchFilters(kind="han_che"), k=5)

    # An app that searches while it indexes: one writer thread, any number of searching threads.
    worker = IndexWorker(index)
    job = worker.wait(worker.submit([Path("uploads/bao_cao.docx")]).id)   # job.results: per file
"""

from assistant.retrieve.corpus_index import CorpusIndex, HybridParams
from assistant.retrieve.embeddings import embedding_identity, make_embeddings
from assistant.retrieve.filters import SearchFilters
from assistant.retrieve.index_worker import IndexJob, IndexWorker
from assistant.retrieve.indexer import FileResult, IndexReport, index_paths, list_documents, remove_document
from assistant.retrieve.records import ChunkRecord, DocumentRecord
from assistant.retrieve.retriever import HybridRetriever
from assistant.retrieve.search import EmptyQueryError, Hit, document_text, get_chunk, search

__all__ = [
    "ChunkRecord", "CorpusIndex", "DocumentRecord", "EmptyQueryError", "FileResult", "Hit", "HybridParams",
    "HybridRetriever", "IndexJob", "IndexReport", "IndexWorker", "SearchFilters", "document_text",
    "embedding_identity", "get_chunk", "index_paths", "list_documents", "make_embeddings", "remove_document",
    "search",
]
