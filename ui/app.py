"""The Gradio 6 app: five screens over one ``AppServices``.

``build_app(settings)`` returns the Blocks (no network); ``launch_app`` applies the
access policy, request guard, queue and theme (Gradio 6 takes theme/css in ``launch()``);
``main()`` is what ``python -m ui`` runs. Callbacks stay thin: they resolve the
user, call a service method and format its result (ui/render.py).

The request guard (ui/request_guard.py) must see a request before Gradio's own CORS
middleware, which ``App.create_app`` adds outermost and which answers preflights itself.
Gradio offers no hook between building the app and serving it, so after ``launch`` we wrap
Starlette's built ``middleware_stack`` (a plain attribute, built once and called for every
request); the same guard is also installed as an ordinary inner middleware, so the first
requests, served before the wrap, are checked too.
"""

from __future__ import annotations

import logging
import sys
from dataclasses import dataclass

import gradio as gr

from assistant.settings import Settings, load_settings
from assistant.workspace import AccessConfigError, AccessPolicy, access_policy
from ui.locale import gradio_i18n
from ui.login import LoginGate, SessionSigner, load_or_create_secret
from ui.request_guard import GuardMiddleware, RequestGuard
from ui.screens import compose, export, facts, library, search
from ui.screens.common import Shared, guarded, owner_of
from ui.services import AppServices

log = logging.getLogger(__name__)

# Searches, uploads and table edits run side by side; the LLM is limited separately
# (concurrency_id "llm" in ui/screens/compose.py) so drafting waits in its own queue.
DEFAULT_CONCURRENCY = 6

CSS = """
.gradio-container { max-width: 100% !important; }
mark { background: #ffe58a; padding: 0 2px; }
#cited-passage { background: #ffd54f; }
.context { white-space: pre-wrap; max-height: 320px; overflow-y: auto; border: 1px solid #ddd;
           padding: 8px; font-size: 0.92em; }
.hit { border-bottom: 1px solid #e5e5e5; padding: 6px 0; }
.hit .path { color: #555; font-size: 0.9em; }
.status-banner { font-weight: 600; }
#logout button.logout { text-decoration: underline; color: #1d4ed8; background: none; border: 0; padding: 0; cursor: pointer; }
*:focus-visible { outline: 2px solid #1d4ed8 !important; outline-offset: 1px; }
/* Guard panel (ui/render.py guard_html): colour plus a second cue (underline, weight) for
   ungrounded numbers, so the flag does not rely on colour alone. */
.guard-text { white-space: pre-wrap; overflow-wrap: break-word; word-break: normal; line-height: 1.7; }
mark.guard-ungrounded { background: #fecaca !important; color: #7f1d1d; font-weight: 600;
                        border-bottom: 2px solid #b91c1c; padding: 0 2px; }
mark.guard-stale { background: #fde68a !important; color: #78350f; font-weight: 600; border-bottom: 2px dashed #b45309; padding: 0 2px; }
mark.guard-grounded { background: #bbf7d0 !important; color: #14532d; padding: 0 2px; }
mark.guard-reference { background: #e2e8f0 !important; color: #334155; padding: 0 2px; }
.guard-ref { color: #b91c1c; font-weight: 700; }
.guard-legend { font-size: 0.85em; margin-bottom: 4px; }
.guard-legend mark { margin-right: 6px; }
.guard-summary { font-weight: 600; margin: 6px 0 2px; }
.guard-findings { margin: 0; padding-left: 1.4em; }
/* Gradio's monospace font (tables) has no Vietnamese glyphs: tone marks came out detached. */
.gradio-container { --font-mono: var(--font); }
"""

TITLE = "Trợ lý soạn báo cáo xã"


@dataclass
class BuiltApp:
    blocks: gr.Blocks
    services: AppServices
    policy: AccessPolicy


def build_app(settings: Settings, services: AppServices | None = None) -> BuiltApp:
    """Build the UI. Raises AccessConfigError (Vietnamese) if the bind/users configuration is unsafe."""
    policy = access_policy(settings.ui_host, settings.users_file)
    services = services or AppServices(settings, policy)
    # Gradio's cache (uploads, downloads): files older than cache_max_age_h are deleted hourly.
    max_age_s = int(settings.cache_max_age_h * 3600)
    with gr.Blocks(title=TITLE, delete_cache=(min(3600, max_age_s), max_age_s)) as blocks:
        shared = Shared.create(services)
        with gr.Tabs() as tabs:
            with gr.Tab("Soạn báo cáo", id="compose") as compose_tab:
                composing = compose.build(services, shared)
            with gr.Tab("Tìm kiếm", id="search"):
                search_screen = search.build(services, shared)
            with gr.Tab("Số liệu", id="facts") as facts_tab:
                facts_screen = facts.build(services, shared)
            with gr.Tab("Kho tài liệu", id="library"):
                library_screen = library.build(services, shared)
            with gr.Tab("Xuất văn bản", id="export") as export_tab:
                exporting = export.build(services, shared)
        compose_screen, compose_facts, export_screen = composing.screen, composing.facts, exporting.screen
        screens = [compose_screen, facts_screen, export_screen, search_screen, library_screen]
        shared.wire_report_loading(blocks, screens)

        @guarded
        def open_place(choice: str | None, report_id: int | None, request: gr.Request):
            """A finding of "Kiểm tra trước khi xuất" opens its draft on "Soạn báo cáo"."""
            if not choice or report_id is None:
                return {c: gr.skip() for c in [tabs, *composing.draft_outputs]}
            draft_id = int(choice.split(":", 1)[1])
            owner = owner_of(services, request)
            return {tabs: gr.Tabs(selected="compose"), **composing.draft_panel(owner, int(report_id), draft_id)}

        exporting.open_place.input(open_place, [exporting.open_place, shared.report_id],
                                   [tabs, *composing.draft_outputs], api_name="open_check_place")
        # The facts table is edited on two screens and the preview depends on accepted drafts:
        # re-read the saved workspace when those tabs are opened.
        compose_tab.select(shared.refresher([compose_facts]), [shared.report_id],
                           shared.outputs_of([compose_facts]), api_visibility="private")
        facts_tab.select(shared.refresher([facts_screen]), [shared.report_id], shared.outputs_of([facts_screen]),
                         api_visibility="private")
        export_tab.select(shared.refresher([export_screen]), [shared.report_id], shared.outputs_of([export_screen]),
                          api_visibility="private")
    blocks.queue(default_concurrency_limit=DEFAULT_CONCURRENCY)
    return BuiltApp(blocks, services, policy)


def request_guard(policy: AccessPolicy, settings: Settings) -> RequestGuard:
    return RequestGuard.from_settings(settings.allowed_hosts, settings.allowed_origins,
                                      login_required=policy.auth is not None)


def launch_app(app: BuiltApp, settings: Settings, **kwargs):
    """Launch with the access policy; extra kwargs go to ``Blocks.launch`` (tests pass prevent_thread_lock)."""
    app.services.start()
    guard = request_guard(app.policy, settings)
    app_kwargs: dict = {"middleware": [guard.middleware()]}
    login: dict = {}
    if app.policy.accounts is not None:
        # Our Vietnamese login page instead of Gradio's English one (ui/login.py).
        gate = LoginGate(app.policy.accounts, SessionSigner(load_or_create_secret(settings.data_dir)), TITLE, guard,
                         max_workers=settings.login_workers, max_waiting=settings.login_max_waiting)
        login = {"auth_dependency": gate.current_user}
        app_kwargs.update(gate.app_kwargs())
    block = not kwargs.pop("prevent_thread_lock", False)
    result = app.blocks.launch(
        server_name=settings.ui_host,
        server_port=kwargs.pop("server_port", settings.ui_port),
        **login,
        app_kwargs=app_kwargs,
        # Twice the per-file limit at the HTTP layer: a file a little too large still reaches
        # ui/uploads.py and gets its Vietnamese message; a huge one is cut off before it fills the disk.
        max_file_size=f"{int(settings.max_upload_mb * 2) + 1}mb",
        theme=gr.themes.Default(),
        css=CSS,
        footer_links=[],
        i18n=gradio_i18n(),
        # Unexpected exceptions stay in the server log; officers get Gradio's generic error, never
        # a traceback text or a server path (handled errors are gr.Error with Vietnamese text).
        show_error=False,
        prevent_thread_lock=True,
        **kwargs,
    )
    server_app = app.blocks.server_app
    stack = server_app.middleware_stack or server_app.build_middleware_stack()
    server_app.middleware_stack = GuardMiddleware(stack, guard)
    if block:
        app.blocks.block_thread()
    return result


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    try:
        settings = load_settings()
        app = build_app(settings)
    except (AccessConfigError, ValueError) as exc:
        print(f"Không khởi động được giao diện: {exc}", file=sys.stderr)
        return 2
    print(f"{TITLE}: mở http://{settings.ui_host}:{settings.ui_port} trên trình duyệt.")
    try:
        launch_app(app, settings)
    except OSError as exc:  # e.g. the port is taken by another program
        print(f"Không mở được cổng {settings.ui_port} trên {settings.ui_host}: {exc}. "
              "Đặt cổng khác bằng ASSISTANT_UI_PORT.", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
