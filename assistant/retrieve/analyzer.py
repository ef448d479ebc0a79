"""Vietnamese text analysis for the lexical (BM25) index and for snippet highlighting.

Every text is NFC'd, put in one canonical tone-mark placement (hoá/hóa, thuỷ/thủy: the seeds mix
both) and lower-cased. Each token is emitted twice: as written, and diacritics-folded with a
``~`` prefix, so "ty le ho so truc tuyen" (typed without diacritics) still meets
"tỷ lệ hồ sơ trực tuyến" — the dense model is weak on such queries.

Two tokenizations, chosen by measurement on the dev set (see docs/benchmarks.md):

* ``syllable``: syllable unigrams + adjacent-syllable bigrams (``hồ_sơ``). Bigrams approximate
  Vietnamese multi-syllable words without a segmenter and also work on folded text.
* ``pyvi``: pyvi word segmentation (CRF), words as tokens.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

ANALYZERS = ("syllable", "pyvi")
DEFAULT_ANALYZER = "syllable"
FOLD_PREFIX = "~"

_WORD = re.compile(r"\w+", re.UNICODE)

# Function words that carry no topic: ignored for highlighting only (BM25's IDF handles them).
_HIGHLIGHT_STOPWORDS = frozenset(
    """va voi cua la cac nhung co duoc thi gi nao the ra sao khong chua da dang se cho trong tren
    o den tu theo ve mot nay do de bi boi nen can phai lam nhu hay hoac cung rat""".split()
)


def _ingest_normalizers():
    """``canonical_tone`` / ``fold_diacritics`` from the ingestion package (one rule for the app)."""
    from assistant.ingest.normalize import canonical_tone, fold_diacritics

    return canonical_tone, fold_diacritics


def fold_char_preserving(text: str) -> str:
    """Strip diacritics one character at a time (đ→d), keeping the length of the NFC text.

    Length preservation lets spans found in the folded text be used on the original — needed by
    the highlighter. Written here because a general folder may change lengths.
    """
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("d" if ch == "đ" else "D")
            continue
        base = unicodedata.normalize("NFD", ch)[0]
        out.append(base if len(base) == 1 else ch)
    return "".join(out)


def normalize_for_index(text: str) -> str:
    """NFC, canonical tone placement, lower case."""
    canonical_tone, _ = _ingest_normalizers()
    return canonical_tone(unicodedata.normalize("NFC", text)).lower()


def fold(text: str) -> str:
    _, fold_diacritics = _ingest_normalizers()
    return fold_diacritics(text).lower()


def is_unaccented(text: str) -> bool:
    """True when a text has letters but no Vietnamese diacritics (typed on a plain keyboard)."""
    letters = [ch for ch in unicodedata.normalize("NFC", text) if ch.isalpha()]
    return bool(letters) and fold_char_preserving("".join(letters)) == "".join(letters)


@lru_cache(maxsize=1)
def _pyvi_tokenizer():
    from pyvi import ViTokenizer

    return ViTokenizer


def _words(text: str, analyzer: str) -> list[str]:
    if analyzer == "syllable":
        syllables = _WORD.findall(text)
        return syllables + [f"{a}_{b}" for a, b in zip(syllables, syllables[1:])]
    if analyzer == "pyvi":
        segmented = _pyvi_tokenizer().tokenize(text)
        return [w for w in segmented.split() if _WORD.search(w)]
    raise ValueError(f"Bộ phân tích không hợp lệ: {analyzer!r}. Các giá trị hợp lệ: {', '.join(ANALYZERS)}")


@dataclass(frozen=True)
class VietnameseAnalyzer:
    """Turns a text into BM25 tokens: surface tokens plus ``~``-prefixed folded tokens."""

    name: str = DEFAULT_ANALYZER

    def __post_init__(self) -> None:
        if self.name not in ANALYZERS:
            raise ValueError(f"Bộ phân tích không hợp lệ: {self.name!r}. Các giá trị hợp lệ: {', '.join(ANALYZERS)}")

    def tokens(self, text: str) -> list[str]:
        normalized = normalize_for_index(text)
        words = _words(normalized, self.name)
        if self.name == "syllable":
            # Folding the whole text once is ~20× faster than folding every token (what makes a
            # 100k-chunk index buildable in minutes); folding keeps syllable boundaries, checked.
            folded = _words(fold(normalized), self.name)
            if len(folded) == len(words):
                return words + [FOLD_PREFIX + w for w in folded]
        return words + [FOLD_PREFIX + fold(w) for w in words]


# Syllables of the question phrasing officers wrap around a topic ("… thế nào", "… ra sao",
# "… là gì", "có … không", "bao nhiêu", "số mấy"): they say what kind of answer is wanted, not what
# it is about, yet a chunk that happens to contain "ra", "sao" or "không" gains BM25 score from
# them. Accented forms: the decision is made on the best-known accented query (typed or restored),
# so "bảo", "báo" (folded "bao") are not mistaken for "bao nhiêu".
QUESTION_SYLLABLES = frozenset("thế nào ra sao là gì có không chưa bao nhiêu mấy nhỉ vậy hả".split())
_QUESTION_FOLDED = frozenset(fold_char_preserving(s) for s in QUESTION_SYLLABLES)


def _is_question_syllable(syllable: str) -> bool:
    """Accented syllables match exactly; one left without diacritics matches any folded form."""
    if syllable in QUESTION_SYLLABLES:
        return True
    return fold_char_preserving(syllable) == syllable and syllable in _QUESTION_FOLDED


@dataclass(frozen=True)
class QueryTerm:
    token: str  # as in the index: surface token, or ``~``-prefixed folded token
    folded: bool
    question: bool  # a question-phrase syllable, or a bigram of two of them


def query_terms(query: str, analyzer: str = DEFAULT_ANALYZER) -> list[QueryTerm]:
    """The BM25 terms of a query, marked as surface/folded and question phrasing / content."""
    terms: dict[str, QueryTerm] = {}
    for word in _words(normalize_for_index(query), analyzer):
        question = all(_is_question_syllable(part) for part in word.split("_"))
        for token, folded in ((word, False), (FOLD_PREFIX + fold(word), True)):
            if token not in terms or (terms[token].question and not question):
                terms[token] = QueryTerm(token, folded, question)
    return list(terms.values())


def highlight_terms(query: str) -> list[tuple[str, bool]]:
    """Query syllables worth highlighting, as (lower-case term, typed_without_diacritics).

    A term typed with diacritics only marks the same syllable (tone-canonical); one typed
    without diacritics marks any syllable that folds to it. Function words and 1-letter tokens
    are skipped.
    """
    terms: list[tuple[str, bool]] = []
    for syllable in _WORD.findall(normalize_for_index(query)):
        folded = fold_char_preserving(syllable)
        plain = folded == syllable
        if (len(syllable) > 1 or syllable.isdigit()) and folded not in _HIGHLIGHT_STOPWORDS:
            if (syllable, plain) not in terms:
                terms.append((syllable, plain))
    return terms
