"""The whole report in the browser (issue 11): from the sample corpus's directive to a checked export.

An officer opens "Báo cáo mới", picks the Công văn of tỉnh Lam Sơn (it prescribes the outline and
an indicator form), creates the report, pastes this period's figures on "Số liệu" (they fill the
directive's rows by name), presses "Soạn toàn bộ", opens one finding of "Kiểm tra trước khi
xuất" and fixes it, accepts the sections and exports. The export, rendered to PDF by LibreOffice,
has every heading of the outline in order with its numbering, and the appendix table.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from assistant.export.render import docx_to_pdf
from tests.ui.browser import SHOTS, TIMEOUT_MS, export_docx, open_page, open_tab, type_over

expect = pytest.importorskip("playwright.sync_api").expect

DIRECTIVE = "cong-van-tinh-lam-son-bao-cao-chuyen-doi-so-6-thang-2026.docx"
# The directive's outline, as the export must number it.
OUTLINE = ["I. KẾT QUẢ THỰC HIỆN", "1. Công tác lãnh đạo, chỉ đạo", "2. Kết quả thực hiện các nhiệm vụ",
           "a) Hạ tầng số và an toàn thông tin", "b) Dịch vụ công trực tuyến", "c) Dữ liệu dân cư và Đề án 06",
           "II. ĐÁNH GIÁ CHUNG", "1. Ưu điểm", "2. Tồn tại, hạn chế", "3. Nguyên nhân",
           "III. NHIỆM VỤ, GIẢI PHÁP 6 THÁNG CUỐI NĂM 2026", "IV. ĐỀ XUẤT, KIẾN NGHỊ"]
# This period's figures as copied from the commune's own sheet: names spelled as the officer keeps
# them (case, a "(%)"), not exactly as the directive's form.
PASTED = ("TT\tChỉ tiêu\tĐơn vị tính\tKết quả\n"
          "1\tTỷ lệ hồ sơ trực tuyến toàn trình\t%\t86,5\n"
          "2\ttỷ lệ thanh toán trực tuyến (%)\t%\t64,0\n"
          "3\tTỷ lệ hồ sơ thủ tục hành chính được số hóa\t%\t100\n"
          "4\tTổ công nghệ số cộng đồng đang hoạt động\tTổ\t9\n"
          "5\tCán bộ, công chức được cấp chữ ký số cá nhân\tNgười\t14\n"
          "6\tTài khoản định danh điện tử mức độ 2 được kích hoạt\tTài khoản\t3.412\n")
LEADERSHIP = ("Đảng ủy, Ủy ban nhân dân xã ban hành kế hoạch triển khai chuyển đổi số năm 2026, phân công "
              "từng công chức phụ trách các nhiệm vụ và kiểm tra tiến độ hằng tháng tại giao ban.")


def _letters(text: str) -> str:
    """Text without any whitespace: PDF text extraction splits Vietnamese words at kerning ("chuy ển")."""
    return "".join(text.split())


def _pdf_text(pdf: Path) -> str:
    """The PDF's text as poppler's pdftotext reads it (pypdf garbles Vietnamese combining marks)."""
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True, timeout=60).stdout


@pytest.mark.skipif(shutil.which("pdftotext") is None or (shutil.which("soffice") or shutil.which("libreoffice")) is None,
                    reason="LibreOffice hoặc poppler-utils chưa được cài (make system-deps)")
def test_whole_report_from_the_directive_in_the_browser(sample_corpus_app, browser, tmp_path: Path) -> None:
    page = open_page(browser, sample_corpus_app.url)
    page.get_by_text("Kho tài liệu: 6 văn bản").wait_for()

    # 1. Báo cáo mới → the directive of the corpus → read its outline → create the report.
    page.get_by_text("Báo cáo mới theo văn bản chỉ đạo").click()
    page.locator("#new-report-document input").click()
    page.get_by_role("option", name=re.compile("cong-van-tinh-lam-son")).click()
    page.locator("#new-report-read").click()
    preview = page.locator("#new-report-preview textarea")
    page.wait_for_function("el => el.value.includes('ĐÁNH GIÁ CHUNG')", arg=preview.element_handle())
    shown = preview.input_value()
    assert "b) Dịch vụ công trực tuyến" in shown and "Tỷ lệ thanh toán trực tuyến" in shown
    assert f"Nguồn: {DIRECTIVE}" in shown and "/tmp" not in shown  # the file, not the server's path
    page.screenshot(path=SHOTS / "11_bao_cao_moi_tu_cong_van.png")
    page.locator("#new-report-create").click()
    title = page.locator("#report-title textarea, #report-title input").first
    page.wait_for_function("el => el.value.startsWith('Kết quả chuyển đổi số')", arg=title.element_handle())
    page.locator("#report-outline").get_by_text("Dịch vụ công trực tuyến").wait_for()

    # 2. This period's figures, pasted: they fill the directive's rows (kế hoạch kept).
    open_tab(page, "Số liệu")
    page.locator("#facts-paste textarea").fill(PASTED)
    page.locator("#facts-import").click()
    messages = page.locator("#facts-import-messages")
    messages.get_by_text("cập nhật kỳ này cho 6 chỉ tiêu có sẵn").wait_for()
    assert "Khớp gần đúng" in messages.inner_text() and "thêm" not in messages.inner_text().split("\n")[0]
    editor = page.locator("#facts-editor")
    editor.get_by_text("≥ 70").first.wait_for()  # the directive's kế hoạch is still there
    assert "chưa nhập kỳ này" not in page.locator("#facts-findings").inner_text().lower()
    page.screenshot(path=SHOTS / "12_so_lieu_ky_nay.png")

    # 3. Soạn toàn bộ: every section in order, the progress listed, each landing as a draft.
    open_tab(page, "Soạn báo cáo")
    page.locator("#draft-all").click()
    status = page.locator("#draft-all-status")
    status.get_by_text("Đã soạn xong").wait_for()
    assert "Mục 1/9" in status.inner_text() and "Mục 9/9" in status.inner_text()
    page.screenshot(path=SHOTS / "13_soan_toan_bo.png")
    sections = page.locator("#sections label")
    assert sections.count() == 9

    # 4. Check before export: the empty "1. Công tác lãnh đạo, chỉ đạo" is listed; open it and fix it.
    open_tab(page, "Xuất văn bản")
    check = page.locator("#export-check")
    check.get_by_text("Mục chưa có nội dung").wait_for()
    assert "Công tác lãnh đạo, chỉ đạo" in check.inner_text()
    page.screenshot(path=SHOTS / "14_kiem_tra_truoc_khi_xuat.png")
    page.locator("#export-check-open label").filter(has_text="Công tác lãnh đạo").first.click()
    page.locator("#draft-mode").get_by_text("Công tác lãnh đạo, chỉ đạo").wait_for()  # opened on Soạn báo cáo
    type_over(page.locator("#draft-text textarea"), LEADERSHIP)
    page.locator("#guard-view").get_by_text(re.compile("Không có con số nào|đều khớp")).wait_for()

    # 5. The officer reads and accepts every section.
    for i in range(sections.count()):
        sections.nth(i).click()
        label = sections.nth(i).inner_text().split(" — ")[0]
        page.locator("#draft-mode").get_by_text(label).first.wait_for()
        page.locator("#accept-draft").click()
        page.locator("#draft-mode").get_by_text("đã đưa vào báo cáo").wait_for()

    # 6. The fixed finding is gone; export (allowed with the findings left) and render to PDF.
    open_tab(page, "Xuất văn bản")
    # The tab's refresh re-runs the check: wait for the new list (the old one shows until it lands).
    expect(check).not_to_contain_text("Mục chưa đưa vào báo cáo", timeout=TIMEOUT_MS)
    expect(check).not_to_contain_text("processing", timeout=TIMEOUT_MS)
    check.get_by_text(re.compile("điểm cần xem|Không còn điểm")).wait_for()
    assert "Công tác lãnh đạo, chỉ đạo" not in check.inner_text()
    # What is left is for the officer to write (nguyên nhân, kiến nghị) and the deadline: the drafts'
    # figures are all the officer's, current, and consistent with the appendix.
    for category in ("Số liệu chưa có nguồn", "Số liệu chưa cập nhật", "Số liệu không khớp", "Chỗ còn để trống"):
        assert category not in check.inner_text(), check.inner_text()
    saved = export_docx(page, tmp_path / "bao_cao_tron_bo.docx", "15_xuat_bao_cao_tron_bo.png")
    page.context.close()

    pdf = docx_to_pdf(saved, tmp_path)
    text = _letters(_pdf_text(pdf))
    positions = [text.find(_letters(heading)) for heading in OUTLINE]
    assert -1 not in positions, [h for h, p in zip(OUTLINE, positions) if p == -1]
    assert positions == sorted(positions), "the outline's sections are printed in order"
    assert -1 < text.find(_letters("Thực hiện Công văn số 2145/UBND-KGVX")) < positions[0]  # căn cứ first
    assert _letters(LEADERSHIP) in text
    appendix = text[positions[-1]:]
    for cell in ("Tỷ lệ hồ sơ trực tuyến toàn trình", "86,5", "≥ 70", "64,0", "3.412", "Dịch vụ công trực tuyến"):
        assert _letters(cell) in appendix, cell
