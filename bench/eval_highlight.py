"""Which lone syllables should the search highlight mark? Measured on a small labelled set.

    PYTHONPATH=. .venv/bin/python bench/eval_highlight.py [--cases tests/retrieve/cases/highlight_cases.jsonl]

Each case is a query, a passage and the words a reader expects marked (written for this purpose,
fictional sentences). Phrases (runs of consecutive query syllables) are always marked; the variants
differ in which syllables matched *alone* they also mark. Syllable-level precision / recall / F1,
per split: the rule was chosen on "dev", "test" is reported as held out.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from assistant.retrieve.highlight import _query_syllables, _worth_alone, match_spans

_SYLLABLE = re.compile(r"\w+", re.UNICODE)
VARIANTS = {
    "every content syllable (before)": lambda text, span, q: True,
    "numbers, or a one-word query (chosen)": lambda text, span, q: _worth_alone(text[span[0]:span[1]], q),
    "numbers, one-word query, or ≥ 5 letters": lambda text, span, q: (
        _worth_alone(text[span[0]:span[1]], q) or len(text[span[0]:span[1]]) >= 5),
    "phrases only": lambda text, span, q: False,
}


def _gold_chars(text: str, gold: list[str]) -> set[int]:
    marked: set[int] = set()
    for g in gold:
        for m in re.finditer(re.escape(g), text):
            if not marked & set(range(*m.span())):
                marked |= set(range(*m.span()))
                break
    return marked


def _syllables(text: str, chars: set[int]) -> set[int]:
    return {m.start() for m in _SYLLABLE.finditer(text) if m.start() in chars}


def evaluate(cases: list[dict]) -> dict[str, dict[str, tuple[float, float, float]]]:
    out: dict[str, dict[str, tuple[float, float, float]]] = {}
    for name, keep in VARIANTS.items():
        for split in ("dev", "test"):
            tp = fp = fn = 0
            for c in (c for c in cases if c["split"] == split):
                text, q = c["text"], _query_syllables(c["query"])
                phrases, lone = match_spans(text, c["query"])
                chars = {i for a, b in phrases + [s for s in lone if keep(text, s, q)] for i in range(a, b)}
                got, want = _syllables(text, chars), _syllables(text, _gold_chars(text, c["gold"]))
                tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
            p = tp / (tp + fp) if tp + fp else 0.0
            r = tp / (tp + fn) if tp + fn else 0.0
            out.setdefault(name, {})[split] = (p, r, 2 * p * r / (p + r) if p + r else 0.0)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=Path(__file__).resolve().parent.parent
                        / "tests/retrieve/cases/highlight_cases.jsonl")
    args = parser.parse_args()
    cases = [json.loads(line) for line in args.cases.read_text(encoding="utf-8").splitlines() if line.strip()]
    result = evaluate(cases)
    print("| lone syllables marked | dev P / R / F1 | test P / R / F1 |")
    print("|---|---|---|")
    for name, by_split in result.items():
        cells = [" / ".join(f"{x:.2f}" for x in by_split[s]) for s in ("dev", "test")]
        print(f"| {name} | {cells[0]} | {cells[1]} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
