"""Render a .docx to PDF with LibreOffice and to PNG pages with pdftoppm (for tests and for people).

System tools, not Python packages: Debian ``libreoffice-writer-nogui`` (soffice) and
``poppler-utils`` (pdftoppm); ``fonts-liberation`` gives Liberation Serif, which is
metric-compatible with Times New Roman, so line breaks match Word's.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

APT_PACKAGES = ("libreoffice-writer-nogui", "poppler-utils", "fonts-liberation")


class RenderError(RuntimeError):
    """A rendering tool is missing or failed; the message is Vietnamese and names the package."""


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise RenderError(
            f"Không tìm thấy lệnh {name!r}. Cài các gói Debian: apt-get install -y {' '.join(APT_PACKAGES)}"
        )
    return path


def docx_to_pdf(docx: Path, out_dir: Path, timeout_s: float = 120) -> Path:
    """Convert with ``soffice --headless --convert-to pdf``.

    A private LibreOffice profile per call: concurrent conversions (parallel tests,
    other users) would otherwise fight over the lock of the shared profile.
    """
    soffice = _tool("soffice")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        cmd = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout_s)
        except subprocess.TimeoutExpired:
            raise RenderError(f"LibreOffice không chuyển xong {docx.name} sau {timeout_s:.0f} giây") from None
    pdf = out_dir / (docx.stem + ".pdf")
    if proc.returncode != 0 or not pdf.is_file():
        raise RenderError(f"LibreOffice không chuyển được {docx.name}: {proc.stderr.strip() or proc.stdout.strip()}")
    return pdf


def pdf_to_png(pdf: Path, out_dir: Path, dpi: int = 100) -> list[Path]:
    """One PNG per page (``pdftoppm -png``), named ``<stem>-<page>.png``."""
    pdftoppm = _tool("pdftoppm")
    out_dir.mkdir(parents=True, exist_ok=True)
    prefix = out_dir / pdf.stem
    subprocess.run([pdftoppm, "-r", str(dpi), "-png", str(pdf), str(prefix)], check=True, capture_output=True)
    return sorted(out_dir.glob(f"{pdf.stem}-*.png"))
