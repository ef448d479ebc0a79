"""Rendering check: LibreOffice renders the export and the text lands where Nghị định 30 puts it.

Positions are read from the PDF with pdfplumber (points, origin top-left). The
text area runs from the left margin (30 mm) to 15 mm before the right edge.
"""

from __future__ import annotations

import pdfplumber
import pytest

from assistant.export.layout import ND30
from assistant.export.render import pdf_to_png

MM = 72 / 25.4
TEXT_LEFT = ND30.margin_left_mm * MM
TEXT_RIGHT = (ND30.page_width_mm - ND30.margin_right_mm) * MM
TEXT_CENTRE = (TEXT_LEFT + TEXT_RIGHT) / 2
TOP_MARGIN = ND30.margin_top_mm * MM


@pytest.fixture(scope="module")
def pages(working_pdf):
    with pdfplumber.open(str(working_pdf)) as pdf:
        yield [(p.width, p.height, p.extract_words()) for p in pdf.pages]


def _line(words, *texts):
    """Bounding box (x0, x1, top) of the consecutive words ``texts`` on one line."""
    for i in range(len(words) - len(texts) + 1):
        window = words[i : i + len(texts)]
        if [w["text"] for w in window] == list(texts) and len({round(w["top"]) for w in window}) == 1:
            return window[0]["x0"], window[-1]["x1"], window[0]["top"]
    raise AssertionError(f"{' '.join(texts)!r} not found on the page")


def test_first_page_header_positions(pages):
    width, height, words = pages[0]
    nat_x0, nat_x1, nat_top = _line(words, "CỘNG", "HÒA", "XÃ", "HỘI", "CHỦ", "NGHĨA", "VIỆT", "NAM")
    org_x0, org_x1, org_top = _line(words, "ỦY", "BAN", "NHÂN", "DÂN")
    # Quốc hiệu top-right, organ top-left, both in the top eighth of the page on the same line.
    assert nat_x0 > width / 2 - 30 and nat_x1 <= TEXT_RIGHT + 1 and nat_top < height / 8
    assert org_x1 < width / 2 and org_x0 >= TEXT_LEFT - 1 and abs(org_top - nat_top) < 3
    motto_x0, motto_x1, motto_top = _line(words, "Độc", "lập", "-", "Tự", "do", "-", "Hạnh", "phúc")
    assert motto_top > nat_top and abs((motto_x0 + motto_x1) / 2 - (nat_x0 + nat_x1) / 2) < 6

    # "BÁO CÁO" centred on the text area, below both header columns.
    bc_x0, bc_x1, bc_top = _line(words, "BÁO", "CÁO")
    assert abs((bc_x0 + bc_x1) / 2 - TEXT_CENTRE) < 6
    date_top = _line(words, "Minh", "Khê,", "ngày")[2]
    assert bc_top > date_top > motto_top


def test_no_page_number_on_page_one_and_centred_number_from_page_two(pages):
    assert len(pages) >= 2
    _, _, words = pages[0]
    assert not [w for w in words if w["top"] < TOP_MARGIN - 2], "page 1 must show nothing in the top margin"
    for index, (_, _, words) in enumerate(pages[1:], start=2):
        numbers = [w for w in words if w["top"] < TOP_MARGIN and w["text"] == str(index)]
        assert len(numbers) == 1, f"page {index} lacks its number in the top margin"
        assert abs((numbers[0]["x0"] + numbers[0]["x1"]) / 2 - TEXT_CENTRE) < 6


def test_signature_is_bottom_right_of_the_last_page(pages):
    width, _, words = pages[-1]
    name_x0, name_x1, name_top = _line(words, "Trần", "Văn", "Minh")
    title_top = _line(words, "PHÓ", "CHỦ", "TỊCH")[2]
    noi_x0, _, noi_top = _line(words, "Nơi", "nhận:")
    assert name_x0 > width / 2 and name_x1 <= TEXT_RIGHT + 1
    assert noi_x0 < width / 2
    assert name_top > title_top + 48  # the blank space for the signature and seal
    assert name_top > noi_top
    assert all(w["top"] <= name_top + 1 for w in words if w["x0"] > width / 2), "nothing below the signer"


def test_pages_render_to_png(working_pdf, tmp_path):
    pngs = pdf_to_png(working_pdf, tmp_path, dpi=40)
    assert len(pngs) >= 2 and all(p.stat().st_size > 1000 for p in pngs)
