"""End to end in Debian's Chromium (Playwright), at 1366×768, as an officer works.

Screenshots go to ``artifacts/screenshots/`` (git-ignored) for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from docx import Document

from tests.ui.browser import SHOTS, export_docx, open_page, open_tab, type_over
from tests.ui.conftest import PASSWORDS

pytest.importorskip("playwright.sync_api")

PASTED_FACTS = ("TT\tChỉ tiêu\tĐơn vị tính\tMục tiêu\tKết quả\n"
                "1\tHồ sơ tiếp nhận\thồ sơ\t\t1.254\n"
                "2\tHồ sơ nộp trực tuyến\thồ sơ\t\t1.067\n"
                "3\tTỷ lệ hồ sơ nộp trực tuyến\t%\t\t85,09\n")


def _upload_docx(tmp: Path) -> Path:
    path = tmp / "bao-cao-xa-tan-hoa-thang-4.docx"
    doc = Document()
    doc.add_paragraph("BÁO CÁO")
    doc.add_paragraph("Tình hình thực hiện dịch vụ công trực tuyến tháng 4 năm 2026 của xã Tân Hòa")
    doc.add_heading("I. ĐÁNH GIÁ CHUNG", level=1)
    doc.add_heading("1. Tồn tại, hạn chế", level=2)
    doc.add_paragraph("Việc ký số hồ sơ của một số công chức còn chậm do thiết bị ký số cấp phát chưa đầy đủ; "
                      "người dân ở thôn xa trung tâm còn gặp khó khăn khi thanh toán phí trực tuyến.")
    doc.save(path)
    return path


def test_officer_day_in_the_browser(local_app, browser, tmp_path: Path) -> None:
    page = open_page(browser, local_app.url)
    page.get_by_text("Kho tài liệu: 2 văn bản").wait_for()
    page.screenshot(path=SHOTS / "01_soan_bao_cao_mo_dau.png")

    # 1. Upload a document and see it indexed.
    open_tab(page, "Kho tài liệu")
    page.locator("#upload-files").get_by_text("Kéo thả tệp vào đây").wait_for()  # Gradio's own text, in Vietnamese
    page.locator("#upload-files input[type=file]").set_input_files(str(_upload_docx(tmp_path)))
    page.locator("#upload-btn").click()
    page.locator("#upload-progress").get_by_text("Xong").wait_for()
    assert page.locator("#upload-results").get_by_text("đã lập chỉ mục").count() >= 1
    page.locator("#documents").get_by_text("bao-cao-xa-tan-hoa-thang-4.docx").wait_for()
    page.screenshot(path=SHOTS / "02_kho_tai_lieu_da_lap_chi_muc.png")

    # 2. Enter the numbers (pasted from a report table) on the Số liệu screen.
    open_tab(page, "Số liệu")
    page.locator("#facts-paste textarea").fill(PASTED_FACTS)
    page.locator("#facts-import").click()
    page.locator("#facts-import-messages").get_by_text("Đã nhập 3 chỉ tiêu").wait_for()
    page.locator("#facts-derived").get_by_text("1.067/1.254").first.wait_for()
    page.screenshot(path=SHOTS / "03_so_lieu.png")

    # 3. Ask for a hạn chế section with the keyboard and watch the streamed draft.
    open_tab(page, "Soạn báo cáo")
    page.locator("#report-commune textarea, #report-commune input").first.fill("Tân Hòa")
    page.keyboard.press("Enter")
    page.locator("#report-period textarea, #report-period input").first.fill("6 tháng đầu năm 2026")
    page.keyboard.press("Enter")
    page.locator("#report-saved").get_by_text("Đã lưu").wait_for()
    chat_input = page.locator("#chat-input textarea")
    chat_input.fill("Viết phần tồn tại, hạn chế về dịch vụ công trực tuyến")
    chat_input.press("Enter")
    page.locator("#chat-status").get_by_text("Đã lưu bản nháp").wait_for()
    draft_box = page.locator("#draft-text textarea")
    draft = draft_box.input_value()
    assert "Tân Hòa" in draft and "1.254" in draft
    assert page.locator("#chat").get_by_text("Tân Hòa").count() >= 1
    page.locator("#draft-mode").get_by_text("Bộ soạn mẫu").wait_for()
    page.screenshot(path=SHOTS / "04_ban_nhap_han_che.png")
    # Keyboard order on the main screen: request box → "Gửi" → the draft.
    chat_input.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.innerText").strip() == "Gửi"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('#draft-text') !== null")

    # 4. A hạn chế states only the officer's figures; the prior report's sentences are offered under
    # "Gợi ý từ báo cáo trước". Add one with a click: it comes in cited, and its source opens highlighted.
    page.locator("#suggestions label").first.click()
    page.locator("#add-suggestion").click()
    page.locator("#citations label").first.wait_for()
    draft = draft_box.input_value()
    assert "[1]" in draft
    page.locator("#citations label").first.click()
    page.locator("#citation-context mark#cited-passage").wait_for()
    page.screenshot(path=SHOTS / "05_mo_trich_dan.png")

    # 5. Plant a wrong number by editing: the guard marks it red, with its reason as tooltip and in a list.
    type_over(draft_box, draft.replace("85,09%", "85,90%", 1))
    flagged = page.locator("#guard-view .guard-text mark.guard-ungrounded", has_text="85,90%")
    flagged.wait_for()
    assert "85,09%" in flagged.get_attribute("title")  # the guard's suggestion is in the tooltip
    # The colour really applies (the HighlightedText it replaces showed this number grey-green).
    assert flagged.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(254, 202, 202)"
    assert "85,90%" in page.locator("#guard-view .guard-findings li").first.inner_text()
    grounded = page.locator("#guard-view .guard-text mark.guard-grounded", has_text="1.067/1.254")
    assert grounded.get_attribute("title").startswith("Khớp số liệu")
    flagged.scroll_into_view_if_needed()
    page.screenshot(path=SHOTS / "06_so_lieu_sai_bi_danh_dau.png")
    type_over(draft_box, draft)
    page.locator("#guard-view").get_by_text("đều khớp").wait_for()
    assert page.locator("#guard-view .guard-text mark.guard-ungrounded").count() == 0

    # 6. Accept, export and download the .docx.
    page.locator("#accept-draft").click()
    page.locator("#draft-mode").get_by_text("đã đưa vào báo cáo").wait_for()
    open_tab(page, "Xuất văn bản")
    page.locator("#export-preview").get_by_text("Tồn tại, hạn chế").first.wait_for()
    doc = Document(str(export_docx(page, tmp_path / "bao_cao.docx", "07_xuat_van_ban.png")))
    text = "\n".join([p.text for p in doc.paragraphs] + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    assert "1.254" in text and "85,09" in text and "Tân Hòa" in text
    assert re.search(r"\[\d+\]", text), "the working version keeps the citation markers"
    page.context.close()


def test_search_screen_with_keyboard(local_app, browser) -> None:
    page = open_page(browser, local_app.url)
    page.get_by_text("Kho tài liệu:").wait_for()
    open_tab(page, "Tìm kiếm")
    box = page.locator("#search-query textarea, #search-query input").first
    box.focus()
    page.keyboard.type("nguoi cao tuoi ngai thu tuc")  # no diacritics, as typed in a hurry
    page.keyboard.press("Enter")
    page.locator("#search-results mark").first.wait_for()
    page.locator("#search-pick label").first.click()
    page.locator("#search-context mark#cited-passage").wait_for()
    page.screenshot(path=SHOTS / "08_tim_kiem.png")
    page.context.close()


def _login(browser, url: str, user: str, password: str | None = None):
    page = open_page(browser, url)  # no session: redirected to the Vietnamese form
    page.get_by_label("Tên đăng nhập").fill(user)
    page.get_by_label("Mật khẩu").fill(password or PASSWORDS[user])
    page.get_by_role("button", name="Đăng nhập").click()
    if password is None:
        page.locator("#user-label").get_by_text(user).wait_for()
    return page


def test_users_do_not_see_each_others_reports_in_the_browser(multi_user_app, browser) -> None:
    wrong = _login(browser, multi_user_app.url, "lan", password="sai-mat-khau")
    wrong.get_by_role("alert").get_by_text("Sai tên đăng nhập hoặc mật khẩu").wait_for()
    assert "/dang-nhap" in wrong.url and "Login" not in wrong.content()
    wrong.screenshot(path=SHOTS / "09_dang_nhap.png")
    wrong.context.close()

    lan = _login(browser, multi_user_app.url, "lan")
    title = lan.locator("#report-title textarea, #report-title input").first
    title.fill("Báo cáo bí mật của Lan")
    title.press("Enter")
    lan.locator("#report-saved").get_by_text("Đã lưu").wait_for()
    lan.get_by_role("button", name="Đăng xuất").click()
    lan.get_by_label("Tên đăng nhập").wait_for()  # back on the form, the session cookie is gone
    assert not [c for c in lan.context.cookies() if c["name"] == "tro_ly_phien"]
    lan.context.close()

    hung = _login(browser, multi_user_app.url, "hung")
    hung.locator("#report-picker input").click()
    options = hung.get_by_role("option")
    options.first.wait_for()
    listed = options.all_inner_texts()
    assert any("Báo cáo mới" in o for o in listed)  # his own workspace is listed…
    assert not any("Lan" in o for o in listed)  # …and Lan's is not
    assert "Báo cáo bí mật của Lan" not in hung.content()
    hung.screenshot(path=SHOTS / "10_nguoi_dung_khac.png")
    hung.context.close()
