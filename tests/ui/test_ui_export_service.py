"""The export screen's adapter: header overrides are only what the officer changed."""

from __future__ import annotations

from assistant.workspace import WorkspaceStore
from ui.export_service import ExportService
from ui.facts_service import FactsService


def test_saving_the_header_stores_only_the_fields_that_differ(settings) -> None:
    store = WorkspaceStore(settings.workspace_db)
    service = ExportService(settings, store, FactsService(settings))
    report = store.create_report("lan", "Báo cáo cải cách hành chính", commune="Tân Hòa", period="quý I năm 2026")
    form = service.header_values("lan", report.id)
    assert form["organ"] == "XÃ TÂN HÒA"
    form["signer_name"] = "Nguyễn Văn An"
    form["recipients"] = "UBND tỉnh\n  Sở Nội vụ  \n"
    service.save_header("lan", report.id, form)
    assert store.get_report("lan", report.id).header_overrides == {
        "signer_name": "Nguyễn Văn An", "recipients": ["UBND tỉnh", "Sở Nội vụ"]}
    # A later change of commune still reaches the header: the organ was not pinned.
    store.update_report("lan", report.id, commune="Minh Khê")
    assert service.header_values("lan", report.id)["organ"] == "XÃ MINH KHÊ"
    assert service.header_values("lan", report.id)["signer_name"] == "Nguyễn Văn An"
    # Putting a field back to the computed value removes its override.
    form = service.header_values("lan", report.id)
    form["signer_name"] = ""
    service.save_header("lan", report.id, form)
    assert "signer_name" not in store.get_report("lan", report.id).header_overrides
