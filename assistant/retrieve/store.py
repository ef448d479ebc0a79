"""The dense store: a Chroma collection through ``langchain-chroma``.

Embedded ``PersistentClient(settings.chroma_dir)`` by default; ``HttpClient`` when
``settings.chroma_host`` is set (``chroma run``; several app instances can share one server).
The collection name carries the embedding identity, so vectors of two models never share a
collection; the identity is also stored in the collection metadata for humans.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from assistant.settings import Settings

COLLECTION_PREFIX = "chunks-"


def collection_name(identity: str) -> str:
    """A valid Chroma name (3–512 chars of [a-zA-Z0-9._-], alphanumeric ends) for an identity."""
    slug = re.sub(r"[^a-zA-Z0-9._-]+", "-", identity).strip("-._")[:80]
    digest = hashlib.sha256(identity.encode()).hexdigest()[:8]
    return f"{COLLECTION_PREFIX}{slug}-{digest}"


def make_client(settings: Settings) -> Any:
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.uses_chroma_server:
        return chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)


def open_store(client: Any, identity: str, embeddings: Embeddings) -> Chroma:
    return Chroma(
        client=client,
        collection_name=collection_name(identity),
        embedding_function=embeddings,
        collection_metadata={"hnsw:space": "cosine", "embedding_identity": identity},
    )


def stale_collections(client: Any, identity: str) -> list[str]:
    """Our collections built with another embedding identity (to be dropped on a backend change)."""
    current = collection_name(identity)
    names = [c if isinstance(c, str) else c.name for c in client.list_collections()]
    return [n for n in names if n.startswith(COLLECTION_PREFIX) and n != current]
