"""How well the outline reader does on directives it was not tuned on (labelled, held out).

    .venv/bin/python bench/eval_outline.py [--cases tests/outline/fixtures/heldout]

Each case is a fictional directive (written for this, in the style of real công văn, kế hoạch and
hướng dẫn) with its labels: the outline's headings and acceptable kinds, deadline, recipient,
period, number of indicators (``labels.jsonl``). They were written and labelled before the reader
was run on them and are not used to tune it. Headings are compared without numbering, case and
diacritics aside.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.ingest.normalize import fold_diacritics  # noqa: E402
from assistant.outline import read_skeleton  # noqa: E402
from assistant.settings import load_settings  # noqa: E402


def _key(title: str) -> str:
    return " ".join(fold_diacritics(title).strip(" .;:").split())


def evaluate(cases_dir: Path) -> tuple[list[dict], dict[str, float]]:
    labels = [json.loads(x) for x in (cases_dir / "labels.jsonl").read_text(encoding="utf-8").splitlines() if x.strip()]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        settings = load_settings(env={}, config_path=Path(tmp) / "none.toml", data_dir=Path(tmp) / "data")
        for case in labels:
            sk = read_skeleton(cases_dir / case["file"], settings)
            got = {_key(s.title): s.kind.value for _, s in sk.walk()}
            want = {_key(t): kinds for t, kinds in case["sections"]}
            matched = set(got) & set(want)
            rows.append({
                "file": case["file"],
                "headings_p": len(matched) / len(got) if got else 0.0,
                "headings_r": len(matched) / len(want),
                "kinds": sum(got[k] in want[k] for k in matched) / len(matched) if matched else 0.0,
                "deadline": (sk.deadline.isoformat() if sk.deadline else "") == case["deadline"],
                "recipient": (sk.recipients[0] if sk.recipients else "") == case["recipient"],
                "period": sk.period == case["period"],
                "indicators": len(sk.indicators) == case["indicators"],
            })
    n = len(rows)
    totals = {k: sum(float(r[k]) for r in rows) / n for k in rows[0] if k != "file"}
    return rows, totals


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path,
                        default=Path(__file__).resolve().parents[1] / "tests/outline/fixtures/heldout")
    args = parser.parse_args()
    rows, totals = evaluate(args.cases)
    cols = ["headings_p", "headings_r", "kinds", "deadline", "recipient", "period", "indicators"]
    print("| case | " + " | ".join(cols) + " |")
    print("|---" * (len(cols) + 1) + "|")
    for r in rows + [{"file": "**all**", **totals}]:
        print(f"| {r['file']} | " + " | ".join(f"{float(r[c]):.2f}" for c in cols) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
