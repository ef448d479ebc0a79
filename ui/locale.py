"""Vietnamese for the texts Gradio's own components show (drop zone, queue position, table menus…).

Gradio 6 ships ~30 UI languages, not Vietnamese, and picks one from the browser's locale,
falling back to English. ``gr.I18n`` (passed to ``launch(i18n=...)``) adds custom translations
to that system (https://www.gradio.app/guides/internationalization). We register the Vietnamese
strings under the *built-in keys* ("upload_text.drop_file", …) for English — what a Vietnamese or
English browser gets — and for "vi" in case a later Gradio adds it. Flat dotted keys are looked
up before Gradio's nested English dictionary (svelte-i18n resolves an exact key first).

Gradio's login page is not used: it renders before these translations are sent, so the app
serves its own Vietnamese one (ui/login.py).
"""

from __future__ import annotations

import gradio as gr

GRADIO_VI: dict[str, str] = {
    # File drop zones (Kho tài liệu, Số liệu)
    "upload_text.drop_file": "Kéo thả tệp vào đây",
    "upload_text.drop_csv": "Kéo thả tệp CSV vào đây",
    "upload_text.click_to_upload": "Bấm để chọn tệp",
    "upload_text.paste_clipboard": "Dán từ bộ nhớ tạm",
    "common.or": "hoặc",
    "file.uploading": "Đang tải lên...",
    # Shared buttons and states
    "common.clear": "Xóa",
    "common.download": "Tải về",
    "common.download_all": "Tải tất cả",
    "common.edit": "Sửa",
    "common.empty": "Trống",
    "common.error": "Lỗi",
    "common.loading": "Đang tải",
    "common.remove": "Bỏ",
    "common.submit": "Gửi",
    "common.undo": "Hoàn tác",
    "common.progress": "Tiến độ",
    # The LLM queue (issue 6: "show the officer their place")
    "status.queue_position": "Đang xếp hàng: {position}/{size}",
    "blocks.lost_connection": "Mất kết nối vì đã rời trang. Đang vào lại hàng đợi...",
    "blocks.waiting_for_inputs": "Đang chờ tải tệp xong, vui lòng thử lại.",
    # Chat
    "chatbot.copy_message": "Chép tin nhắn",
    "chatbot.copied_message": "Đã chép",
    "chatbot.clear": "Xóa cuộc trò chuyện",
    "chatbot.retry": "Thử lại",
    "chatbot.undo": "Hoàn tác",
    "chatbot.edit": "Sửa",
    "chatbot.submit": "Gửi",
    "chatbot.cancel": "Hủy",
    # Facts tables
    "dataframe.new_row": "Thêm dòng",
    "dataframe.new_column": "Thêm cột",
    "dataframe.add_row_above": "Thêm dòng phía trên",
    "dataframe.add_row_below": "Thêm dòng phía dưới",
    "dataframe.delete_row": "Xóa dòng",
    "dataframe.delete_column": "Xóa cột",
    "dataframe.add_column_left": "Thêm cột bên trái",
    "dataframe.add_column_right": "Thêm cột bên phải",
    "dataframe.sort_column": "Sắp xếp cột",
    "dataframe.sort_ascending": "Sắp xếp tăng dần",
    "dataframe.sort_descending": "Sắp xếp giảm dần",
    "dataframe.drop_to_upload": "Kéo thả tệp CSV hoặc TSV vào đây để nhập bảng",
}


def gradio_i18n() -> gr.I18n:
    return gr.I18n(en=GRADIO_VI, vi=GRADIO_VI)
