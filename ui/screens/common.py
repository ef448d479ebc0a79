"""What every screen shares: the signed-in user, the open report, the index status banner.

The open report's id lives in a per-session ``gr.State``; every callback re-checks
ownership through the store (``WorkspaceStore`` filters by owner), so a client that
sends another user's report id gets "không tìm thấy", never the data.
"""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

import gradio as gr

from assistant.report import ReportValidationError
from assistant.workspace import NEW_REPORT_TITLE, WorkspaceNotFound
from ui.login import LOGOUT_PATH
from ui.report_service import OutlineError
from ui.services import AppServices
from ui.workspace_service import InputMissing

# Errors whose message is written for the officer (Vietnamese, no server detail): shown as they are.
USER_ERRORS = (WorkspaceNotFound, OutlineError, ReportValidationError, InputMissing)


def guarded(fn):
    """Every screen handler: a foreign or missing report, an unreadable outline, an invalid header
    become a Vietnamese error on screen instead of a crash (generator handlers too)."""
    if inspect.isgeneratorfunction(fn):

        @functools.wraps(fn)
        def gen_wrapper(*args, **kwargs):
            try:
                yield from fn(*args, **kwargs)
            except USER_ERRORS as exc:
                raise gr.Error(str(exc)) from None

        return gen_wrapper

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except USER_ERRORS as exc:
            raise gr.Error(str(exc)) from None

    return wrapper


@dataclass
class Screen:
    """A screen's components that depend on the open report, and how to fill them."""

    outputs: list[Any]
    refresh: Callable[[str, int], dict[Any, Any]]


def owner_of(services: AppServices, request: gr.Request | None) -> str:
    owner = services.policy.user_of(getattr(request, "username", None) if request else None)
    if not owner:
        raise gr.Error("Bạn cần đăng nhập để dùng không gian làm việc.")
    return owner


@dataclass
class Shared:
    services: AppServices
    report_id: gr.State
    user_label: gr.Markdown
    report_picker: gr.Dropdown
    new_report_btn: gr.Button
    banner: gr.Markdown
    timer: gr.Timer
    screens: list[Screen] = field(default_factory=list)
    # (event, gr.State holding a report id): when the event succeeds, that report is opened on every
    # screen. A screen that creates a report registers here, before the screens' outputs are known.
    openers: list[tuple[Any, Any]] = field(default_factory=list)

    @classmethod
    def create(cls, services: AppServices) -> "Shared":
        with gr.Row(equal_height=False):
            with gr.Column(scale=1, min_width=200):
                user_label = gr.Markdown("", elem_id="user-label")
                if services.policy.auth is not None:  # multi-user mode: sessions from ui/login.py
                    gr.HTML(f'<form method="post" action="{LOGOUT_PATH}"><button type="submit" '
                            'class="logout">Đăng xuất</button></form>', elem_id="logout")
                banner = gr.Markdown("", elem_classes=["status-banner"], elem_id="index-banner")
            report_picker = gr.Dropdown(label="Báo cáo đang soạn", choices=[], allow_custom_value=True,
                                        scale=3, elem_id="report-picker")
            new_report_btn = gr.Button(f"+ {NEW_REPORT_TITLE}", scale=0, size="sm", min_width=130, elem_id="new-report")
        timer = gr.Timer(1.5)
        return cls(services, gr.State(None), user_label, report_picker, new_report_btn, banner, timer)

    # -- helpers used by the screens ----------------------------------------------------
    def open_after(self, event: Any, report_state: Any) -> None:
        self.openers.append((event, report_state))

    def outputs_of(self, screens: Sequence[Screen]) -> list[Any]:
        return [c for s in screens for c in s.outputs]

    def refresher(self, screens: Sequence[Screen]) -> Callable[..., dict[Any, Any]]:
        def refresh(report_id: int | None, request: gr.Request) -> dict[Any, Any]:
            owner = owner_of(self.services, request)
            if report_id is None:  # the page is still loading its workspace
                return {c: gr.skip() for c in self.outputs_of(screens)}
            updates: dict[Any, Any] = {}
            for screen in screens:
                updates.update(screen.refresh(owner, int(report_id)))
            return updates

        return guarded(refresh)

    # -- report selection --------------------------------------------------------------
    def wire_report_loading(self, blocks: gr.Blocks, screens: list[Screen]) -> None:
        self.screens = screens
        outputs = [self.report_id, self.report_picker, self.user_label, *self.outputs_of(screens)]
        services = self.services

        def fill(owner: str, report_id: int) -> dict[Any, Any]:
            updates: dict[Any, Any] = {
                self.report_id: report_id,
                self.report_picker: gr.update(choices=services.workspace.report_choices(owner), value=str(report_id)),
                self.user_label: f"**Người dùng:** {owner}",
            }
            for screen in screens:
                updates.update(screen.refresh(owner, report_id))
            return updates

        @guarded
        def open_created(report_id: int | None, request: gr.Request) -> dict[Any, Any]:
            if report_id is None:
                return {c: gr.skip() for c in outputs}
            return fill(owner_of(services, request), int(report_id))

        for event, state in self.openers:
            event.success(open_created, [state], outputs, api_visibility="private")

        @guarded
        def on_load(request: gr.Request) -> dict[Any, Any]:
            owner = owner_of(services, request)
            return fill(owner, services.workspace.latest_or_new(owner).id)

        @guarded
        def open_report(choice: str, request: gr.Request) -> dict[Any, Any]:
            owner = owner_of(services, request)
            try:
                report_id = int(choice)
                services.workspace.report(owner, report_id)
            except (TypeError, ValueError, WorkspaceNotFound):
                raise gr.Error(f"Không tìm thấy báo cáo «{choice}» trong không gian làm việc của bạn.") from None
            return fill(owner, report_id)

        @guarded
        def new_report(request: gr.Request) -> dict[Any, Any]:
            owner = owner_of(services, request)
            report = services.workspace.new_report(owner)
            gr.Info("Đã tạo báo cáo mới.")
            return fill(owner, report.id)

        def list_reports(request: gr.Request) -> list[dict]:
            owner = owner_of(services, request)
            return [{"id": r.id, "title": r.title, "commune": r.commune, "period": r.period}
                    for r in services.workspace.reports(owner)]

        blocks.load(on_load, None, outputs, api_name="load_workspace")
        self.report_picker.input(open_report, [self.report_picker], outputs, api_name="open_report")
        self.new_report_btn.click(new_report, None, outputs, api_name="new_report")
        gr.api(list_reports, api_name="list_reports")  # API only: the picker shows the same list

        def tick() -> dict[Any, Any]:
            text, busy = services.corpus.status_text()
            return {self.banner: text, self.timer: gr.Timer(active=busy)}

        self.timer.tick(tick, None, [self.banner, self.timer], show_progress="hidden", api_visibility="private")
        blocks.load(tick, None, [self.banner, self.timer], show_progress="hidden", api_visibility="private")
