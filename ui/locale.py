"""Vietnamese for the texts Gradio's own components show (drop zone, queue position, table menus…).

Gradio 6 ships ~30 UI languages, not Vietnamese, and picks one from the browser's locale,
falling back to English. ``gr.I18n`` (passed to ``launch(i18n=...)``) adds custom translations
to that system (https://www.gradio.app/guides/internationalization). We register the Vietnamese
strings under the *built-in keys* ("upload_text.drop_file", …) for English — what a Vietnamese or
English browser gets — and for "vi" in case a later Gradio adds it. Flat dotted keys are looked
up before Gradio's nested English dictionary (svelte-i18n resolves an exact key first).

Gradio's login page is not used: it renders before these translations are sent, so the app
serves its own Vietnamese one (ui/login.py).

Some keys the frontend asks for have no English text at all — "common.complete", which the status
tracker shows when an event ends, is missing from Gradio 6.31's English dictionary and so shows as
the raw key on every screen. ``tests/ui/test_ui_locale.py`` reads the installed Gradio's frontend
and fails when a key of a namespace this app shows (``APP_NAMESPACES``) is not translated here.
"""

from __future__ import annotations

import gradio as gr

# Namespaces of the frontend texts this app can show: shared texts, the status tracker and queue,
# uploads, and the components its screens use (chat, tables, dropdowns, radios, checkboxes).
# Components it never builds (audio, image, video, gallery, plots, 3D, code…) are left out.
APP_NAMESPACES = ("common", "upload_text", "file", "status", "blocks", "chatbot", "dataframe", "dropdown",
                  "radio", "checkbox", "textbox", "label")

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
    "common.complete": "Hoàn tất",
    "common.share": "Chia sẻ",
    "common.upload": "Tải lên",
    "common.settings": "Cài đặt",
    "common.language": "Ngôn ngữ",
    "common.display_theme": "Giao diện hiển thị",
    "common.built_with": "xây dựng bằng",
    "common.built_with_gradio": "Xây dựng bằng Gradio",
    "common.hosted_on": "Chạy trên",
    "common.logo": "biểu tượng",
    "common.runs": "Các lần chạy",
    "common.runs_description": "Xem các lần chạy đã lưu trong trình duyệt này",
    "common.back_to_app": "Ứng dụng",
    "common.back_to_app_description": "Quay lại ứng dụng",
    "common.pwa": "Ứng dụng web cài đặt được (PWA)",
    "common.record": "Ghi âm",
    "common.stop_recording": "Dừng ghi",
    "common.screen_studio": "Quay màn hình",
    "common.video": "Video",
    "common.webcam": "Máy quay",
    "common.run": "Chạy",
    "common.no_devices": "Không tìm thấy thiết bị",
    "upload_text.drop_audio": "Kéo thả tệp âm thanh vào đây",
    "upload_text.drop_image": "Kéo thả ảnh vào đây",
    "upload_text.drop_video": "Kéo thả video vào đây",
    "upload_text.drop_gallery": "Kéo thả tệp ảnh, video vào đây",
    # The LLM queue (issue 6: "show the officer their place")
    "status.queue_position": "Đang xếp hàng: {position}/{size}",
    "blocks.lost_connection": "Mất kết nối vì đã rời trang. Đang vào lại hàng đợi...",
    "blocks.waiting_for_inputs": "Đang chờ tải tệp xong, vui lòng thử lại.",
    "blocks.connection_can_break": ("Trên điện thoại, kết nối có thể bị ngắt khi chuyển sang thẻ khác hoặc "
                                    "màn hình tắt; khi đó lượt xếp hàng sẽ mất."),
    "blocks.long_requests_queue": "Đang có nhiều yêu cầu chờ xử lý, vui lòng đợi.",
    "dropdown.dropdown": "Danh sách chọn",
    "radio.radio": "Lựa chọn",
    "checkbox.checkbox": "Ô đánh dấu",
    "checkbox.checkbox_group": "Nhóm ô đánh dấu",
    "label.label": "Nhãn",
    # Chat
    "chatbot.copy_message": "Chép tin nhắn",
    "chatbot.copied_message": "Đã chép",
    "chatbot.clear": "Xóa cuộc trò chuyện",
    "chatbot.retry": "Thử lại",
    "chatbot.undo": "Hoàn tác",
    "chatbot.edit": "Sửa",
    "chatbot.submit": "Gửi",
    "chatbot.cancel": "Hủy",
    "chatbot.like": "Thích",
    "chatbot.dislike": "Không thích",
    "chatbot.complete": "Hoàn tất",
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
    "dataframe.incorrect_format": "Sai định dạng: chỉ nhận tệp CSV và TSV",
    "dataframe.import_empty_file": "Tệp vừa thả vào không có dữ liệu.",
    "dataframe.import_no_column_names": "Tệp vừa thả vào không có dòng tên cột.",
    "dataframe.import_ragged_row": "Dòng {line} của tệp có {fields} ô, trong khi dòng tiêu đề có {columns} cột.",
    "dataframe.import_static_columns": "Không thể nhập vào bảng có cột chỉ đọc.",
    "dataframe.import_fixed_columns": "Bảng này cần đúng {expected} cột, tệp có {actual} cột.",
    "dataframe.import_fixed_rows": "Bảng này cần đúng {expected} dòng, tệp có {actual} dòng.",
    "dataframe.clear_sort": "Bỏ sắp xếp",
    "dataframe.filter": "Lọc",
    "dataframe.clear_filter": "Bỏ lọc",
}


def gradio_i18n() -> gr.I18n:
    return gr.I18n(en=GRADIO_VI, vi=GRADIO_VI)
