"""``assistant eval retrieval``: Recall@1/5/10 and MRR@10 of hybrid, BM25, dense and a naive baseline.

The corpus is indexed into its own cache directory, keyed by the corpus bytes, the settings that
shape chunks and vectors, the analyzer and the ingestion code, never into the user's index; a
re-run with the same key reuses it. Vectors are cached by text across keys, so a change of
chunking only re-embeds the chunks that changed.

Matching rule: /work/shared/eval/README.md — a passage is a hit when it comes from the record's
``seed`` file (or an ``also`` entry's) and contains the answer. Whitespace is collapsed on both
sides for every record (allowed: only more lenient) and markdown ``**`` is stripped on both
sides, since the loader strips it from the indexed text.

Naive baseline: LangChain ``RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)``
over the raw files, a Chroma collection, the same embeddings, top-k by similarity.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from assistant.retrieve.analyzer import DEFAULT_ANALYZER
from assistant.retrieve.corpus_index import CorpusIndex, HybridParams
from assistant.retrieve.embeddings import embedding_identity
from assistant.retrieve.indexer import _expand, file_hash, index_paths
from assistant.settings import Settings

SYSTEMS = ("hybrid", "bm25", "dense", "naive")
CUTOFFS = (1, 5, 10)
NAIVE_CHUNK_SIZE, NAIVE_OVERLAP = 1000, 200


class EvalError(ValueError):
    """Bad evaluation input (Vietnamese message)."""


@dataclass(frozen=True)
class QueryRecord:
    id: str
    query: str
    targets: tuple[tuple[str, str], ...]  # (seed file name, answer)


@dataclass
class SystemScore:
    ranks: list[int | None] = field(default_factory=list)  # rank of first hit (1-based) or None

    def recall(self, k: int) -> float:
        return sum(1 for r in self.ranks if r is not None and r <= k) / max(1, len(self.ranks))

    @property
    def mrr(self) -> float:
        return sum(1.0 / r for r in self.ranks if r is not None and r <= max(CUTOFFS)) / max(1, len(self.ranks))

    def as_json(self) -> dict[str, float]:
        out = {f"recall@{k}": round(self.recall(k), 4) for k in CUTOFFS}
        out["mrr"] = round(self.mrr, 4)
        return out


@dataclass
class EvalResult:
    n: int
    systems: dict[str, SystemScore]
    per_query: dict[str, dict[str, int | None]]  # query id -> system -> rank

    def as_json(self) -> dict:
        return {"n": self.n, "systems": {name: s.as_json() for name, s in self.systems.items()}}


def _comparable(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


def is_hit(passage_text: str, passage_source: str, record: QueryRecord) -> bool:
    """README rule, with whitespace collapse and ``**`` stripping on both sides."""
    name = Path(passage_source).name
    text = _comparable(passage_text)
    return any(name == seed and _comparable(answer) in text for seed, answer in record.targets)


def _answer(raw: dict, corpus_dir: Path | None) -> str:
    """The record's answer: ``answer``, or ``answer_span`` [start, end) characters of the seed file.

    Spans let a case file refer to passages of texts it must not quote (the shared seeds).
    """
    if "answer" in raw:
        return str(raw["answer"])
    start, end = (int(x) for x in raw["answer_span"])
    if corpus_dir is None:
        raise KeyError("answer_span cần thư mục kho văn bản (--corpus)")
    text = (corpus_dir / raw["seed"]).read_text(encoding="utf-8")
    if not 0 <= start < end <= len(text):
        raise ValueError(f"answer_span {start}–{end} nằm ngoài tệp {raw['seed']}")
    return text[start:end]


def load_queries(path: Path, corpus_dir: Path | None = None) -> list[QueryRecord]:
    """Records of the eval README format; ``answer_span`` (see ``_answer``) may replace ``answer``."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"không đọc được tệp câu hỏi {path}: {exc}") from None
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            alternatives = [raw] + list(raw.get("also", []))
            targets = [(alt["seed"], _answer(alt, corpus_dir)) for alt in alternatives]
            records.append(QueryRecord(str(raw.get("id", number)), raw["query"], tuple(targets)))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise EvalError(
                f"{path}, dòng {number}: bản ghi không hợp lệ ({exc}); cần các trường query, seed và answer "
                "(hoặc answer_span)"
            ) from None
    if not records:
        raise EvalError(f"{path} không có câu hỏi nào")
    return records


def _ingest_code_hash() -> str:
    import assistant.ingest as ingest

    digest = hashlib.sha256()
    for f in sorted(Path(ingest.__file__).parent.glob("*.py")):
        digest.update(f.name.encode() + f.read_bytes())
    return digest.hexdigest()


def cache_key(files: Sequence[Path], settings: Settings, analyzer: str, identity: str) -> str:
    digest = hashlib.sha256()
    for f in sorted(files):
        digest.update(f.name.encode() + file_hash(f).encode())
    shaping = (identity, analyzer, settings.chunk_max_chars, settings.chunk_min_chars, settings.table_rows_per_chunk,
               settings.max_file_mb, _ingest_code_hash())
    digest.update(repr(shaping).encode())
    return digest.hexdigest()[:16]


def _corpus_files(corpus_dir: Path) -> list[Path]:
    """The supported files of ``corpus_dir``, as ``index_paths`` would index them."""
    if not corpus_dir.is_dir():
        raise EvalError(f"không tìm thấy thư mục kho văn bản {corpus_dir}")
    files, _, _ = _expand([corpus_dir])
    if not files:
        raise EvalError(f"thư mục {corpus_dir} không có tệp nào được hỗ trợ")
    return files


def eval_index(
    corpus_dir: Path,
    settings: Settings,
    cache_root: Path = Path(".eval_cache"),
    analyzer: str | None = None,
    params: HybridParams = HybridParams(),
    progress: Callable[[int, int, str], None] | None = None,
) -> CorpusIndex:
    """A CorpusIndex of ``corpus_dir`` in ``cache_root/<cache_key>``, never the user's index.

    Shared by the retrieval and drafting evaluations, so both reuse one cached index; its
    ``settings.data_dir`` is the cache directory.
    """
    analyzer = analyzer or DEFAULT_ANALYZER
    cache_dir = cache_root / cache_key(_corpus_files(corpus_dir), settings, analyzer, embedding_identity(settings))
    index = CorpusIndex(settings.replace(data_dir=cache_dir, chroma_host=""), analyzer=analyzer, params=params,
                        embedding_cache_path=cache_root / "embedding_cache.sqlite")
    index_paths([corpus_dir], index, progress=progress, root=corpus_dir)
    return index


def _naive_ranker(files: Sequence[Path], index: CorpusIndex, cache_dir: Path) -> Callable[[str, int], list[tuple[str, str]]]:
    """The baseline: raw text, RecursiveCharacterTextSplitter 1000/200, Chroma, same embeddings."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from langchain_chroma import Chroma
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=NAIVE_CHUNK_SIZE, chunk_overlap=NAIVE_OVERLAP)
    texts, metadatas = [], []
    for f in files:
        raw = f.read_bytes().decode("utf-8", errors="replace")
        for piece in splitter.split_text(raw):
            texts.append(piece)
            metadatas.append({"source": f.name})
    client = chromadb.PersistentClient(path=str(cache_dir / "naive_chroma"), settings=ChromaSettings(anonymized_telemetry=False))
    store = Chroma(client=client, collection_name="naive", embedding_function=index.embeddings,
                   collection_metadata={"hnsw:space": "cosine"})
    if store._collection.count() != len(texts):
        store.reset_collection()
        for start in range(0, len(texts), 64):
            store.add_texts(texts[start : start + 64], metadatas[start : start + 64],
                            ids=[f"naive-{i}" for i in range(start, min(start + 64, len(texts)))])

    def rank(query: str, k: int) -> list[tuple[str, str]]:
        return [(d.page_content, d.metadata["source"]) for d in store.similarity_search(query, k=k)]

    return rank


def evaluate_retrieval(
    queries_path: Path,
    corpus_dir: Path,
    settings: Settings,
    cache_root: Path = Path(".eval_cache"),
    analyzer: str | None = None,
    params: HybridParams = HybridParams(),
    systems: Sequence[str] = SYSTEMS,
    progress: Callable[[int, int, str], None] | None = None,
) -> EvalResult:
    bad = [s for s in systems if s not in SYSTEMS]
    if bad:
        raise EvalError(f"hệ thống không hợp lệ: {', '.join(bad)}; các giá trị hợp lệ: {', '.join(SYSTEMS)}")
    if not corpus_dir.is_dir():
        raise EvalError(f"không tìm thấy thư mục kho văn bản {corpus_dir}")
    records = load_queries(queries_path, corpus_dir)
    index = eval_index(corpus_dir, settings, cache_root, analyzer, params, progress)
    by_id = index.snapshot().by_id

    k = max(CUTOFFS)
    rankers: dict[str, Callable[[str], list[tuple[str, str]]]] = {
        "hybrid": lambda q: [(by_id[c].text, by_id[c].source) for c, _ in index.hybrid_ranking(q, None, k)],
        "bm25": lambda q: [(by_id[c].text, by_id[c].source) for c, _ in index.bm25_ranking(q, None, k)],
        "dense": lambda q: [(by_id[c].text, by_id[c].source) for c, _ in index.dense_ranking(q, None, k)],
    }
    if "naive" in systems:
        naive = _naive_ranker(_corpus_files(corpus_dir), index, index.settings.data_dir)
        rankers["naive"] = lambda q: naive(q, k)

    scores = {name: SystemScore() for name in systems}
    per_query: dict[str, dict[str, int | None]] = {}
    for record in records:
        per_query[record.id] = {}
        for name in systems:
            passages = rankers[name](record.query)
            rank = next((i for i, (text, src) in enumerate(passages, start=1) if is_hit(text, src, record)), None)
            scores[name].ranks.append(rank)
            per_query[record.id][name] = rank
    return EvalResult(len(records), scores, per_query)


def format_table(result: EvalResult) -> str:
    lines = [f"Số câu hỏi: {result.n}", f"{'hệ thống':<10} {'R@1':>6} {'R@5':>6} {'R@10':>6} {'MRR':>6}"]
    for name, s in result.systems.items():
        lines.append(f"{name:<10} {s.recall(1):>6.3f} {s.recall(5):>6.3f} {s.recall(10):>6.3f} {s.mrr:>6.3f}")
    return "\n".join(lines)
