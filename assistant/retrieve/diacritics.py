"""Restoring Vietnamese diacritics of a query typed on a plain keyboard, from the corpus itself.

The e5 model cannot read "ty le ho so truc tuyen", so the dense side needs the accented form
"tỷ lệ hồ sơ trực tuyến". The indexed chunks already hold the vocabulary officers search for:
for every folded syllable we count its accented forms, and for every folded syllable bigram its
accented bigrams, then pick the most probable sequence with a bigram Viterbi search (Jurafsky &
Martin, *Speech and Language Processing*, ch. 8 — an HMM whose hidden states are the accented
forms and whose observations are the folded syllables), bigram probabilities interpolated with
unigram ones (Jelinek–Mercer smoothing).

Written here rather than taken from a library: pyvi's ``ViUtils.add_accents`` (a general CRF)
was measured on the dev queries and restores domain terms badly ("ký số" → "kỹ sở",
"cán bộ công chức" → "cần bộ cổng chức"); the corpus' own counts get them right.
Syllables typed with diacritics are kept as typed and constrain their neighbours; syllables
the corpus never saw are kept as typed.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable

from assistant.retrieve.analyzer import fold, normalize_for_index

_SYLLABLE = re.compile(r"\w+", re.UNICODE)
_MAX_FORMS = 8  # accented forms kept per folded syllable (the rest are typos and rarities)
_LAMBDA = 0.8  # weight of the bigram estimate vs the unigram one


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str  # lower case, tone-canonical
    folded: str


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.start(), m.end(), m.group(), fold(m.group())) for m in _SYLLABLE.finditer(text)]


class DiacriticRestorer:
    """Built once per index generation from the chunk texts; ``restore`` is a few ms per query."""

    def __init__(self, texts: Iterable[str]):
        unigrams: Counter[str] = Counter()
        bigrams: Counter[tuple[str, str]] = Counter()
        for text in texts:
            words = _SYLLABLE.findall(normalize_for_index(text))  # folding waits for the unique words
            unigrams.update(words)
            bigrams.update(zip(words, words[1:]))
        forms: dict[str, list[str]] = defaultdict(list)
        for word, _ in unigrams.most_common():
            folded = fold(word)
            if len(forms[folded]) < _MAX_FORMS:
                forms[folded].append(word)
        self._unigrams = unigrams
        self._bigrams = bigrams
        self._forms = dict(forms)
        self._total = sum(unigrams.values())

    def candidates(self, token: _Token) -> list[str]:
        """Accented forms a syllable may stand for: itself if typed with diacritics or unknown."""
        if token.text != token.folded or token.text.isdigit():
            return [token.text]
        return self._forms.get(token.folded) or [token.text]

    def _log_p(self, prev: str | None, word: str) -> float:
        """log P(word | prev) of a bigram language model with Jelinek–Mercer smoothing.

        A plain LM, not normalized over the candidates of one folded syllable: that way the
        choice at position i is also judged by how well it predicts the syllable after it.
        """
        p_uni = (self._unigrams[word] + 0.5) / (self._total + 0.5 * len(self._unigrams))
        if prev is None or not self._unigrams[prev]:
            return math.log(p_uni)
        p_bi = self._bigrams[(prev, word)] / self._unigrams[prev]
        return math.log(_LAMBDA * p_bi + (1 - _LAMBDA) * p_uni)

    def restore(self, query: str) -> str:
        """The query (lower case, tone-canonical) with diacritics restored where the corpus knows the syllable."""
        text = normalize_for_index(query)
        tokens = _tokens(text)
        if not tokens:
            return text
        # Viterbi over the accented forms; a non-adjacent gap (punctuation) does not break the chain:
        # officers' commas rarely separate unrelated words.
        lattice = [self.candidates(t) for t in tokens]
        best: list[dict[str, tuple[float, str | None]]] = []
        for i, choices in enumerate(lattice):
            column: dict[str, tuple[float, str | None]] = {}
            for word in choices:
                if i == 0:
                    column[word] = (self._log_p(None, word), None)
                    continue
                column[word] = max(
                    ((score + self._log_p(prev, word), prev) for prev, (score, _) in best[-1].items()),
                    key=lambda sp: sp[0],
                )
            best.append(column)
        word = max(best[-1], key=lambda w: best[-1][w][0])
        chosen = [word]
        for i in range(len(tokens) - 1, 0, -1):
            word = best[i][word][1]  # type: ignore[assignment]
            chosen.append(word)
        chosen.reverse()
        out, pos = [], 0
        for token, word in zip(tokens, chosen):
            out.append(text[pos : token.start])
            out.append(word)
            pos = token.end
        out.append(text[pos:])
        return "".join(out)
