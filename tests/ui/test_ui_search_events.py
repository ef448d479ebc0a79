"""The search event under load (issue 12): no per-component thread hops, inputs checked by the handler,
"dùng trong báo cáo" through the workspace service."""

from __future__ import annotations

import asyncio

import anyio.to_thread
import pytest
from gradio.state_holder import SessionState
from gradio_client import Client
from gradio_client.exceptions import AppError

from assistant.workspace import LOCAL_USER


@pytest.fixture(scope="module")
def client(local_app) -> Client:
    c = Client(local_app.url, verbose=False)
    c.predict(api_name="/load_workspace")
    return c


def test_search_hands_only_its_handler_to_a_worker_thread(local_app, monkeypatch) -> None:
    """Gradio's default pre/postprocessing sends each of the 5 inputs and 3 non-State outputs to a
    thread and back; under load each round trip waits for the event loop and the GIL."""
    blocks = local_app.app.blocks
    (search_fn,) = [fn for fn in blocks.fns.values() if fn.api_name == "search"]
    real = anyio.to_thread.run_sync
    hops: list[str] = []

    async def counting(func, *args, **kwargs):
        hops.append(getattr(func, "__qualname__", repr(func)))
        return await real(func, *args, **kwargs)

    monkeypatch.setattr(anyio.to_thread, "run_sync", counting)
    result = asyncio.run(blocks.process_api(search_fn, ["hồ sơ trực tuyến", "", "", "", ""],
                                            state=SessionState(blocks)))
    assert len(hops) == 1, hops  # the handler itself, nothing else
    html, _, pick, context, hits = result["data"]  # what the browser receives, unchanged
    assert hits and "<mark>" in html and context == ""
    assert [label for label, _ in pick["choices"]][0].startswith("1. ") and len(pick["choices"]) == len(hits)


def test_unknown_filter_values_get_vietnamese_messages(client: Client) -> None:
    with pytest.raises(AppError, match="Loại văn bản «CÔNG ĐIỆN MẬT» không có trong danh sách"):
        client.predict("hồ sơ trực tuyến", "", "", "CÔNG ĐIỆN MẬT", "", api_name="/search")
    with pytest.raises(AppError, match="Loại nội dung «bí_mật» không có trong danh sách"):
        client.predict("hồ sơ trực tuyến", "", "", "", "bí_mật", api_name="/search")
    with pytest.raises(AppError, match="Năm «hai nghìn» không hợp lệ"):
        client.predict("hồ sơ trực tuyến", "", "hai nghìn", "", "", api_name="/search")
    *_, hits = client.predict("hồ sơ trực tuyến", "", "", "", "han_che", api_name="/search")
    assert hits and {h["kind"] for h in hits} == {"han_che"}  # valid values still filter


def test_use_in_report_saves_the_source_and_explains_a_missing_report(local_app, client: Client) -> None:
    store = local_app.app.services.store
    (report,) = store.list_reports(LOCAL_USER)
    *_, hits = client.predict("đường truyền internet thôn vùng sâu", "", "", "", "", api_name="/search")
    message = client.predict(0, api_name="/use_in_report")
    assert message.startswith("✓ Đã lưu đoạn trích")
    (source,) = store.list_sources(LOCAL_USER, report.id)
    assert source.chunk_id == hits[0]["chunk_id"] and source.text == hits[0]["text"]
    store.delete_report(LOCAL_USER, report.id)  # e.g. deleted from another tab
    with pytest.raises(AppError, match=f"Không tìm thấy báo cáo số {report.id}"):
        client.predict(0, api_name="/use_in_report")
