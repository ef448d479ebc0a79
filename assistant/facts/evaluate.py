"""``assistant eval numbers``: run the consistency checker on the dev/held-out number cases.

A case (``../shared/eval/numbers_dev.jsonl``) names a seed file, a verbatim ``quote`` and
maybe ``other_quotes`` (whitespace-collapsed when ``normalize`` is true). The checker runs on
the whole seed text once; a case is *flagged* when some finding
1. touches the quote's span, and
2. cites nothing outside the blocks (paragraph, whole table, or a bullet list with the line
   introducing it: ``layout.block_bounds``) that enclose the quote and the other quotes — a
   finding that reaches elsewhere is about another question.
No case id or string is special-cased; held-out cases run the same way. A line that is not
a JSON case (malformed, or missing ``seed``/``quote``) becomes a result with a Vietnamese
``problem`` naming its line, counted neither as a miss nor as a false alarm; the other cases run.
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
    skipped: bool = False  # the line is no case at all (malformed JSON, missing keys)

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
    """A seed file's raw UTF-8 text. Not ``ingest.load_document``: cases quote the file verbatim,
    and ingest's normalization (unwrapping, tone marks) would move the quoted spans."""
    return path.read_text(encoding="utf-8")


REQUIRED_KEYS = ("seed", "quote")


def _read_case(line: str) -> tuple[dict | None, str]:
    """(case, "") or (None, Vietnamese problem); the result's id names the line."""
    try:
        case = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"không phải JSON hợp lệ (cột {exc.colno}: {exc.msg})"
    if not isinstance(case, dict):
        return None, "mỗi dòng phải là một đối tượng JSON"
    missing = [key for key in REQUIRED_KEYS if not isinstance(case.get(key), str) or not case.get(key)]
    if missing:
        return None, "thiếu trường " + ", ".join(f"«{key}»" for key in missing)
    return case, ""


def run_cases(cases_path: Path, corpus: Path) -> list[CaseResult]:
    results: list[CaseResult] = []
    cache: dict[str, tuple[str, list[Finding], list]] = {}
    for line_no, line in enumerate(cases_path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        case, problem = _read_case(line)
        if case is None:
            results.append(CaseResult(f"dòng {line_no}", False, False, problem=problem, skipped=True))
            continue
        case_id = str(case.get("id") or f"dòng {line_no}")
        seed = case["seed"]
        expected = not case.get("consistent", True)
        if seed not in cache:
            path = corpus / seed
            try:
                text = read_seed(path)
            except (OSError, UnicodeDecodeError) as exc:
                reason = "không tìm thấy tệp" if not path.is_file() else f"không đọc được tệp ({exc})"
                results.append(CaseResult(case_id, False, expected, problem=f"{reason} {path}"))
                continue
            cache[seed] = (text, check_consistency(text), find_tables(text))
        text, findings, tables = cache[seed]
        normalize = bool(case.get("normalize"))
        quote_span = locate(text, case["quote"], normalize)
        if quote_span is None:
            results.append(CaseResult(case_id, False, expected, problem="không tìm thấy đoạn trích trong tệp"))
            continue
        blocks = [block_bounds(text, *quote_span, tables)]
        for other in [q for q in case.get("other_quotes") or [] if isinstance(q, str)]:
            span = locate(text, other, normalize) or locate(text, other, True)
            if span:
                blocks.append(block_bounds(text, *span, tables))
        relevant = tuple(
            f for f in findings
            if any(s < quote_span[1] and quote_span[0] < e for s, e in f.spans)
            and all(any(bs <= s and e <= be for bs, be in blocks) for s, e in f.spans)
        )
        results.append(CaseResult(case_id, bool(relevant), expected, relevant))
    return results


def summarize(results: list[CaseResult]) -> dict:
    """``{"cases": [...], "recall": flagged share of inconsistent cases, "false_positives": count,
    "problems": [Vietnamese messages of cases that could not be run]}``."""
    positives = [r for r in results if r.expected_inconsistent]
    recall = sum(r.flagged for r in positives) / len(positives) if positives else 1.0
    false_positives = sum(1 for r in results if r.flagged and not r.expected_inconsistent)
    problems = [f"{r.id}: {r.problem}" for r in results if r.problem]
    return {"cases": [r.to_dict() for r in results if not r.skipped], "recall": round(recall, 4), "false_positives": false_positives,
            "problems": problems}
