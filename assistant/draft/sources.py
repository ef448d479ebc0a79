"""Retrieve passages for a draft and pick the candidate sentences worth reusing.

Passages come from ``assistant.retrieve.search`` restricted to the section kind being drafted
(issue 5 §2: "retrieve passages of the same section kind"). Candidate sentences are ranked with
BM25 (``bm25s``) over the retrieval analyzer's tokens against the topic, so ranking follows the
same Vietnamese tokenization as search (tone-canonical, syllable bigrams, folded diacritics).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import Any

from assistant.draft.sanitize import (
    adapt_to_commune,
    commune_names_in,
    has_own_numbers,
    is_instruction,
    names_foreign_place,
    split_sentences,
    strip_label,
)
from assistant.draft.types import Candidate, Passage

log = logging.getLogger(__name__)

# Words that tell what a section kind talks about; added to the topic when ranking sentences so a
# han_che candidate reads like a limitation and not like praise.
KIND_WORDS = {
    "ket_qua": "kết quả triển khai thực hiện đạt",
    "uu_diem": "ưu điểm kịp thời hiệu quả nền nếp được quan tâm",
    "han_che": "hạn chế còn chưa khó khăn vướng mắc",
    "nguyen_nhan": "nguyên nhân do khách quan chủ quan",
    "giai_phap": "tiếp tục đẩy mạnh tăng cường giải pháp nhiệm vụ",
    "kien_nghi": "kiến nghị đề nghị đề xuất cấp trên hỗ trợ",
}
MIN_SENTENCE_CHARS = 40
MAX_SENTENCE_CHARS = 320
NEAR_DUPLICATE_JACCARD = 0.6
# Cosine (multilingual-e5-small, the bundled model) between a prior sentence and the topic below
# which the sentence is off topic. Chosen on the dev tasks' 40 candidates labelled by hand
# (docs/drafting_eval.md): at 0.87, 12 of 15 on-topic sentences pass and 1 of 25 off-topic ones.
# Another embedding backend puts similarities elsewhere: re-measure before changing models.
ON_TOPIC_COSINE = 0.87
# A sentence that leans on the one before it ("Vì vậy …", "… nêu trên") breaks at the seam when
# it stands alone in another report: discourse connectives of Vietnamese administrative prose.
_ANAPHORIC = re.compile(r"^(tuy nhiên|do đó|vì vậy|vì thế|bên cạnh đó|ngoài ra|trên cơ sở đó|qua đó|từ đó|mặt khác)\b|"
                        r"\b(vì vậy|do đó|nêu trên|trên đây|như trên)\b", re.IGNORECASE)
# The stance a reused sentence must carry in a critical or directive section: a shortfall or a
# cause names what is lacking (negative predicates), an action opens with what to do (a verb).
_NEGATIVE = re.compile(r"\b(chưa|còn|hạn chế|khó khăn|thiếu|chậm|vướng mắc|bất cập|không|thấp|yếu|hạn hẹp)\b",
                       re.IGNORECASE)


def carries_stance(sentence: str, kind: str) -> bool:
    """Whether a prior sentence says what the section says: hạn chế and nguyên nhân state a
    shortfall or cause (a negative predicate), giải pháp an action (opens with a verb)."""
    if kind in ("han_che", "nguyen_nhan"):
        return bool(_NEGATIVE.search(sentence))
    if kind == "giai_phap":
        from assistant.draft.realize import first_tag

        return first_tag(sentence) == "V"
    return True


# Table rows and headers are not sentences ("STT\tChỉ tiêu\tĐơn vị tính").
_TABLE_LIKE = re.compile(r"\t|\||\bSTT\b|Đơn vị tính")


@dataclass(frozen=True)
class RetrievalResult:
    passages: list[Passage]
    notice: str = ""  # Vietnamese, when retrieval was not possible


def retrieve_passages(topic: str, kind: str, index: Any, k: int = 5, exclude_commune: str = "") -> RetrievalResult:
    """Top-``k`` passages of section ``kind`` on ``topic``; markers [1]..[k] in rank order.

    ``index`` is what ``assistant.retrieve.search`` accepts (a CorpusIndex or Settings); None means
    "no corpus" and gives no passages. A retrieval failure is reported, never raised: the officer
    still gets a draft from their own numbers.
    """
    if index is None or not topic.strip():
        return RetrievalResult([])
    try:
        from assistant.retrieve import SearchFilters, search

        hits = search(topic, index, SearchFilters(kind=kind), k=k)
    except Exception as exc:  # noqa: BLE001 - an unusable index must not stop drafting
        log.warning("retrieval failed: %s", exc)
        return RetrievalResult([], f"Không tra cứu được kho báo cáo ({exc}); bản nháp chỉ dựa trên số liệu đã nhập.")
    return RetrievalResult([passage_of(hit, marker) for marker, hit in enumerate(hits, start=1)])


def passage_of(hit: Any, marker: int) -> Passage:
    """The drafting view of an ``assistant.retrieve.Hit``, shown to the drafter as ``[marker]``."""
    return Passage(
        marker=marker, chunk_id=hit.chunk_id, doc_id=hit.doc_id, source=hit.source, title=hit.title,
        commune=hit.commune, section_path=hit.section_path, kind=str(getattr(hit.kind, "value", hit.kind)),
        span=tuple(hit.span), text=hit.text, score=float(hit.score),
    )


def foreign_commune_names(passages: list[Passage], commune_name: str) -> set[str]:
    """Names of the other communes the passages come from or mention."""
    names = {p.commune.removeprefix("xã ").strip() for p in passages if p.commune}
    for p in passages:
        names |= commune_names_in(p.text)
    return {n for n in names if n and n != commune_name}


def _tokens(texts: list[str]) -> list[list[str]]:
    from assistant.retrieve.analyzer import VietnameseAnalyzer

    analyzer = VietnameseAnalyzer("syllable")
    return [analyzer.tokens(t) for t in texts]


def _jaccard(a: list[str], b: list[str]) -> float:
    sa, sb = set(a), set(b)
    return len(sa & sb) / max(1, len(sa | sb))


def select_candidates(
    passages: list[Passage], topic: str, kind: str, commune_name: str, limit: int = 4
) -> list[Candidate]:
    """The best reusable sentences, adapted to ``commune_name`` (see ``sanitize`` for the rules).

    A passage containing an instruction-like sentence is dropped whole: a document that talks to the
    model is not a trustworthy source for any of its sentences.
    """
    foreign = foreign_commune_names(passages, commune_name)
    pool: list[tuple[str, int, float]] = []  # (sentence, marker, passage prior)
    for rank, passage in enumerate(passages):
        sentences = split_sentences(passage.text)
        if any(is_instruction(s) for s in sentences):
            continue
        for sentence in sentences:
            sentence = strip_label(sentence)
            if not (MIN_SENTENCE_CHARS <= len(sentence) <= MAX_SENTENCE_CHARS) or sentence.rstrip().endswith(":"):
                continue
            if (has_own_numbers(sentence) or names_foreign_place(sentence) or _TABLE_LIKE.search(sentence)
                    or _ANAPHORIC.search(sentence) or not carries_stance(sentence, kind)):
                continue
            pool.append((adapt_to_commune(sentence, commune_name, foreign), passage.marker, 1.0 / (rank + 2)))
    if not pool:
        return []

    import bm25s

    tokens = _tokens([s for s, _, _ in pool])
    retriever = bm25s.BM25()
    retriever.index(tokens, show_progress=False)
    query = _tokens([f"{topic} {KIND_WORDS.get(kind, '')}"])[0]
    scores = retriever.get_scores(query)
    order = sorted(range(len(pool)), key=lambda i: scores[i] + pool[i][2], reverse=True)

    chosen: list[Candidate] = []
    chosen_tokens: list[list[str]] = []
    for i in order:
        if any(_jaccard(tokens[i], t) > NEAR_DUPLICATE_JACCARD for t in chosen_tokens):
            continue  # communes copy each other's sentences; one copy is enough
        chosen.append(Candidate(pool[i][0], pool[i][1], float(scores[i] + pool[i][2])))
        chosen_tokens.append(tokens[i])
        if len(chosen) == limit:
            break
    return chosen


def topic_similarity(candidates: list[Candidate], query: str, index: Any) -> list[float]:
    """Cosine of each candidate to ``query`` on the index's embedding model (e5 query/passage)."""
    import numpy as np

    embeddings = index.embeddings
    q = np.asarray(embeddings.embed_query(query), dtype=np.float32)
    docs = np.asarray(embeddings.embed_documents([c.text for c in candidates]), dtype=np.float32)
    return [float(x) for x in docs @ q]


def rank_by_topic(candidates: list[Candidate], query: str, index: Any) -> list[tuple[Candidate, float]]:
    """Candidates with their cosine to ``query``, most similar first; [] without an index."""
    if not candidates or index is None or not hasattr(index, "embeddings"):
        return []
    try:
        scores = topic_similarity(candidates, query, index)
    except Exception as exc:  # noqa: BLE001 - no suggestions rather than no draft
        log.warning("topic similarity failed: %s", exc)
        return []
    return sorted(zip(candidates, scores), key=lambda t: -t[1])


def on_topic(candidates: list[Candidate], query: str, index: Any, threshold: float = ON_TOPIC_COSINE) -> list[Candidate]:
    """The candidates about ``query`` (§3 "only on topic"): a sentence from a prior report may stand in
    a draft only when the embedding model puts it close to the topic. Without an index, none."""
    return [c for c, score in rank_by_topic(candidates, query, index) if score >= threshold]
