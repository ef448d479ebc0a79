"""``assistant eval numbers``: run the consistency checker on the dev/held-out number cases.

A case (``../shared/eval/numbers_dev.jsonl``) names a seed file, a verbatim ``quote`` and
maybe ``other_quotes`` (whitespace-collapsed when ``normalize`` is true). The checker runs on
the whole seed text once; a case is *flagged* when some finding
1. touches the quote's span, and
2. cites nothing outside the blocks (paragraph, whole table, or a bullet list with the line
   introducing it: ``layout.block_bounds``) that enclose the quote and the other quotes — a
   finding that reaches elsewhere is about another question.
No case id or string is special-cased; held-out cases run the same way.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from assistant.facts.consistency import Finding, check_consistency
from assistant.facts.layout import block_bounds, find_tables


@dataclass(frozen=True)
class CaseResult:
    id: str
    flagged: bool
    expected_inconsistent: bool
    findings: tuple[Finding, ...] = ()
    problem: str = ""  # Vietnamese, when the case could not be located

    def to_dict(self) -> dict:
        return {"id": self.id, "flagged": self.flagged, "expected_inconsistent": self.expected_inconsistent}


def locate(text: str, quote: str, normalize: bool) -> tuple[int, int] | None:
    """Span of ``quote`` in ``text``; with ``normalize`` any whitespace run matches any other."""
    if not normalize:
        start = text.find(quote)
        return None if start < 0 else (start, start + len(quote))
    words = quote.split()
    if not words:
        return None
    match = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return match.span() if match else None


def read_seed(path: Path) -> str:
    """Seed text as UTF-8; a small reader so the eval does not wait on the ingest package."""
    return path.read_text(encoding="utf-8")


def run_cases(cases_path: Path, corpus: Path) -> list[CaseResult]:
    results: list[CaseResult] = []
    cache: dict[str, tuple[str, list[Finding], list]] = {}
    for line_no, line in enumerate(cases_path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        case = json.loads(line)
        seed = case["seed"]
        expected = not case.get("consistent", True)
        if seed not in cache:
            path = corpus / seed
            if not path.is_file():
                results.append(CaseResult(case.get("id", f"dòng {line_no}"), False, expected,
                                          problem=f"không tìm thấy tệp {path}"))
                continue
            text = read_seed(path)
            cache[seed] = (text, check_consistency(text), find_tables(text))
        text, findings, tables = cache[seed]
        normalize = bool(case.get("normalize"))
        quote_span = locate(text, case["quote"], normalize)
        if quote_span is None:
            results.append(CaseResult(case["id"], False, expected, problem="không tìm thấy đoạn trích trong tệp"))
            continue
        blocks = [block_bounds(text, *quote_span, tables)]
        for other in case.get("other_quotes", []):
            span = locate(text, other, normalize) or locate(text, other, True)
            if span:
                blocks.append(block_bounds(text, *span, tables))
        relevant = tuple(
            f for f in findings
            if any(s < quote_span[1] and quote_span[0] < e for s, e in f.spans)
            and all(any(bs <= s and e <= be for bs, be in blocks) for s, e in f.spans)
        )
        results.append(CaseResult(case["id"], bool(relevant), expected, relevant))
    return results


def summarize(results: list[CaseResult]) -> dict:
    """``{"cases": [...], "recall": flagged share of inconsistent cases, "false_positives": count}``."""
    positives = [r for r in results if r.expected_inconsistent]
    recall = sum(r.flagged for r in positives) / len(positives) if positives else 1.0
    false_positives = sum(1 for r in results if r.flagged and not r.expected_inconsistent)
    return {"cases": [r.to_dict() for r in results], "recall": round(recall, 4), "false_positives": false_positives}
