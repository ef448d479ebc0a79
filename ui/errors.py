"""Unexpected failures as the officer reads them: a Vietnamese sentence, the technical detail in the log.

Callers log the exception (``log.exception``) and show ``user_message(...)``: the raw exception
text is English, may name server paths, and means nothing to an officer.
"""

from __future__ import annotations

import errno

_CAUSES: tuple[tuple[type[BaseException], str], ...] = (
    (MemoryError, "máy chủ không đủ bộ nhớ"),
    (TimeoutError, "quá thời gian chờ"),
    (ConnectionError, "không kết nối được dịch vụ cần thiết (máy chủ mô hình hoặc cơ sở dữ liệu)"),
    (PermissionError, "không có quyền ghi vào thư mục dữ liệu"),
)


def _cause(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return "ổ đĩa đã đầy"
    for kind, text in _CAUSES:
        if isinstance(exc, kind):
            return text
    return "lỗi nội bộ của ứng dụng"


def user_message(action: str, exc: BaseException) -> str:
    """ "Lập chỉ mục thất bại: ổ đĩa đã đầy. …" — ``action`` says what failed, in Vietnamese."""
    return (f"{action}: {_cause(exc)}. Chi tiết kỹ thuật đã được ghi vào nhật ký của máy chủ; "
            "hãy thử lại, nếu vẫn lỗi hãy báo người quản trị.")
