"""Render the built-in sample report to .docx, PDF and PNG pages so a person can look at the layout.

    .venv/bin/python scripts/render_sample.py [--out artifacts/export_sample] [--final] [--dpi 100]

Needs the Debian packages named in assistant.export.render.APT_PACKAGES.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assistant.export import ExportOptions, export_report, sample_report  # noqa: E402
from assistant.export.render import RenderError, docx_to_pdf, pdf_to_png  # noqa: E402
from assistant.settings import load_settings  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("artifacts/export_sample"))
    parser.add_argument("--final", action="store_true")
    parser.add_argument("--dpi", type=int, default=100)
    args = parser.parse_args()
    settings = load_settings()
    name = "bao_cao_mau_trinh_ky" if args.final else "bao_cao_mau"
    result = export_report(sample_report(settings.header), args.out / f"{name}.docx", ExportOptions(final=args.final))
    try:
        pdf = docx_to_pdf(result.path, args.out)
        pages = pdf_to_png(pdf, args.out, dpi=args.dpi)
    except RenderError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(result.path)
    print(pdf)
    for page in pages:
        print(page)
    return 0


if __name__ == "__main__":
    sys.exit(main())
