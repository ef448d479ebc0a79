"""Two users on one app: each sees only their own workspaces through the API; the corpus is shared."""

from __future__ import annotations

import pytest
from gradio_client import Client
from gradio_client.exceptions import AppError

from tests.ui.conftest import PASSWORDS, login_cookie

FACTS = {"headers": ["Chỉ tiêu", "Giá trị", "Đơn vị", "Mục tiêu", "Ghi chú"],
         "data": [["Hồ sơ tiếp nhận", "4.321", "hồ sơ", "", ""]]}


def _client(app, user: str) -> Client:
    return Client(app.url, headers={"Cookie": login_cookie(app.url, user, PASSWORDS[user])}, verbose=False)


def test_login_is_required(multi_user_app) -> None:
    with pytest.raises(Exception):
        Client(multi_user_app.url, verbose=False).predict(api_name="/list_reports")


def test_one_user_cannot_read_anothers_workspace(multi_user_app) -> None:
    lan = _client(multi_user_app, "lan")
    lan.predict(api_name="/load_workspace")
    lan.predict("Báo cáo riêng của Lan", "Tân Hòa", "quý I/2026", api_name="/save_report_fields")
    lan.predict(FACTS, api_name="/save_facts")
    (lan_report,) = lan.predict(api_name="/list_reports")
    assert lan_report["title"] == "Báo cáo riêng của Lan"

    hung = _client(multi_user_app, "hung")
    loaded = hung.predict(api_name="/load_workspace")
    hung_reports = hung.predict(api_name="/list_reports")
    assert [r["id"] for r in hung_reports] != [lan_report["id"]]
    assert all(r["title"] != "Báo cáo riêng của Lan" for r in hung_reports)
    assert "4.321" not in repr(loaded)

    # Asking for Lan's report by id is refused, and nothing of it leaks into the error.
    with pytest.raises(AppError, match="Không tìm thấy báo cáo") as refused:
        hung.predict(str(lan_report["id"]), api_name="/open_report")
    assert "4.321" not in str(refused.value) and "Lan" not in str(refused.value)

    # Hùng's writes land in his own workspace only.
    hung.predict({"headers": FACTS["headers"], "data": [["Hồ sơ tiếp nhận", "9", "hồ sơ", "", ""]]},
                 api_name="/save_facts")
    store = multi_user_app.app.services.store
    assert [f.value for f in store.get_facts("lan", lan_report["id"])] == ["4.321"]

    # The corpus is shared: both find the same documents.
    *_, lan_hits = lan.predict("Tổ công nghệ số cộng đồng", "", "", "", "", api_name="/search")
    *_, hung_hits = hung.predict("Tổ công nghệ số cộng đồng", "", "", "", "", api_name="/search")
    assert [h["chunk_id"] for h in lan_hits] == [h["chunk_id"] for h in hung_hits] != []
