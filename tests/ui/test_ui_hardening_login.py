"""Issue 12, items 1–5 and 9: login under abuse, lockout, sessions bound to the account, Host/Origin/CSRF.

The app runs here with its own users file (module fixture), so locking names out does not
disturb the other test modules.
"""

from __future__ import annotations

import secrets
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from gradio_client import Client

from assistant.cli import main as cli_main
from assistant.workspace.users import Accounts, add_user
from tests.ui.conftest import login_cookie, login_form, start_app, stop_app
from ui.login import COOKIE_NAME, CSRF_COOKIE, SessionSigner

USERS = {"lan": "mk-lan-1", "hung": "mk-hung-1", "mai": "mk-mai-1"}


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    running = start_app(tmp_path_factory.mktemp("ui_hardening"), users=USERS)
    yield running
    stop_app(running)


@pytest.fixture(autouse=True)
def fresh_throttles(request):
    """Each test starts with no failed logins on record (they all come from 127.0.0.1)."""
    if "app" in request.fixturenames:
        accounts = request.getfixturevalue("app").app.policy.accounts
        accounts.pair_throttle.clear()
        accounts.client_throttle.clear()


def _error_text(page: str) -> str:
    return page.split('<p class="error" role="alert">', 1)[1].split("</p>", 1)[0]


def _users_file(app) -> Path:
    return Path(app.settings.users_file)


# -- item 1: argon2 off the event loop, bounded; names validated before they are tracked ------------

def test_password_checks_run_in_the_bounded_pool_not_on_the_event_loop(app, monkeypatch) -> None:
    from assistant.workspace import users as users_module

    threads: list[str] = []
    running, peak = [0], [0]
    lock = threading.Lock()
    real = users_module.verify_password

    def spy(password_hash: str, password: str) -> bool:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
            threads.append(threading.current_thread().name)
        try:
            return real(password_hash, password)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(users_module, "verify_password", spy)
    with ThreadPoolExecutor(8) as pool:
        codes = list(pool.map(lambda i: login_form(app.url, f"ai-do-{i}", "sai").status_code, range(8)))
    assert threads and all(name.startswith("login-argon2") for name in threads), threads
    assert peak[0] <= app.settings.login_workers  # one 64 MiB hash at a time
    assert set(codes) <= {401, 503}  # beyond the waiting limit: "máy chủ đang bận" at once


def test_a_login_burst_leaves_other_officers_responsive(app) -> None:
    """A bounded burst of bad logins from loopback while another officer loads the page and searches."""
    cookie = login_cookie(app.url, "mai", USERS["mai"])
    client = Client(app.url, headers={"Cookie": cookie}, verbose=False)
    client.predict(api_name="/load_workspace")
    burst_done = threading.Event()

    def burst(n: int = 15) -> None:  # 4 × 15 wrong logins with random names, back to back
        session = requests.Session()
        for _ in range(n):
            login_form(app.url, secrets.token_hex(6), "sai", session)

    flooders = [threading.Thread(target=burst) for _ in range(4)]
    for t in flooders:
        t.start()
    latencies = []
    try:
        for i in range(10):
            t0 = time.perf_counter()
            assert requests.get(app.url, headers={"Cookie": cookie, "Accept": "text/html"}, timeout=30).ok
            client.predict("hồ sơ trực tuyến" if i % 2 else "hạ tầng mạng", "", "", "", "", api_name="/search")
            latencies.append(time.perf_counter() - t0)
    finally:
        for t in flooders:
            t.join()
        burst_done.set()
    latencies.sort()
    # Generous bound (shared 2-core machine, the burst runs in this same process); before the fix
    # every argon2 check (≈0.2 s of the event loop) queued behind the others and froze the page.
    assert latencies[int(0.95 * (len(latencies) - 1))] < 1.0, latencies


def test_throttle_memory_is_bounded_and_junk_names_are_not_stored(tmp_path: Path) -> None:
    users_file = tmp_path / "users.toml"
    add_user(users_file, "lan", "mk")
    accounts = Accounts(users_file, max_tracked=50)
    for i in range(30):  # 10 kB names, control characters: refused before hashing, never a key
        assert accounts.check("x" * 10_000 + str(i), "sai", client=f"10.0.0.{i}").user is None
        assert accounts.check(f"Tên Có Dấu {i}\x00", "sai", client=f"10.0.1.{i}").user is None
    assert len(accounts.pair_throttle) == 0
    for i in range(200):
        accounts.pair_throttle.failed(f"10.0.2.{i}\x00ten{i}")
    assert len(accounts.pair_throttle) <= 50 and len(accounts.client_throttle) <= 50


# -- item 2: lockout per (client, name), told in minutes, admin unlock ------------------------------

def test_guesses_from_another_machine_do_not_lock_the_officer_out(tmp_path: Path) -> None:
    users_file = tmp_path / "users.toml"
    add_user(users_file, "lan", "mk-dung")
    accounts = Accounts(users_file)
    for _ in range(12):
        accounts.check("lan", "sai", client="192.168.1.66")
    assert accounts.locked_for("lan", "192.168.1.66") > 0  # the guesser waits
    assert accounts.check("lan", "mk-dung", client="192.168.1.20").user == "lan"  # the officer does not


def test_locked_name_is_told_in_minutes_and_unknown_names_read_the_same(app) -> None:
    pages = {}
    for name in ("hung", "khong-ton-tai"):
        for _ in range(5):
            assert login_form(app.url, name, "sai").status_code == 401
        locked = login_form(app.url, name, USERS.get(name, "sai"))  # even the right password waits
        assert locked.status_code == 429 and COOKIE_NAME not in locked.cookies
        pages[name] = _error_text(locked.text)
        assert "Tạm khóa đăng nhập" in pages[name] and "thử lại sau 1 phút" in pages[name]
    assert pages["hung"] == pages["khong-ton-tai"]  # the same sentence whether the name exists or not


def test_admin_unlocks_a_name_from_the_command_line(app, capsys) -> None:
    for _ in range(6):
        login_form(app.url, "lan", "sai")
    assert login_form(app.url, "lan", USERS["lan"]).status_code == 429
    assert cli_main(["users", "--file", str(_users_file(app)), "unlock", "lan"]) == 0
    assert "Đã mở khóa" in capsys.readouterr().out
    assert login_form(app.url, "lan", USERS["lan"]).status_code == 303


# -- item 3: sessions end with the account --------------------------------------------------------

def test_password_change_and_removal_end_open_sessions(app, tmp_path: Path, monkeypatch) -> None:
    add_user(_users_file(app), "tam", "mk-tam-1")
    old = login_cookie(app.url, "tam", "mk-tam-1")
    info = app.url + "gradio_api/info"
    assert requests.get(info, headers={"Cookie": old}, timeout=30).status_code == 200
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("mk-tam-2\n"))
    assert cli_main(["users", "--file", str(_users_file(app)), "passwd", "tam", "--stdin"]) == 0
    assert requests.get(info, headers={"Cookie": old}, timeout=30).status_code == 401
    new = login_cookie(app.url, "tam", "mk-tam-2")
    assert requests.get(info, headers={"Cookie": new}, timeout=30).status_code == 200
    assert cli_main(["users", "--file", str(_users_file(app)), "remove", "tam"]) == 0
    assert requests.get(info, headers={"Cookie": new}, timeout=30).status_code == 401


# -- item 4: Host allow-list and no proxy in login-free loopback mode --------------------------------

def test_loopback_mode_refuses_foreign_host_and_proxy(local_app) -> None:
    assert requests.get(local_app.url, timeout=30).status_code == 200
    rebinding = requests.get(local_app.url, headers={"Host": "attacker.example:7860"}, timeout=30)
    assert rebinding.status_code == 403 and "không được phép" in rebinding.text
    api = requests.post(local_app.url + "gradio_api/call/list_reports", json={"data": []},
                        headers={"Host": "attacker.example"}, timeout=30)
    assert api.status_code == 403
    proxied = requests.get(local_app.url, headers={"X-Forwarded-For": "192.168.1.50"}, timeout=30)
    assert proxied.status_code == 403 and "proxy" in proxied.text


# -- item 5: CORS and CSRF ----------------------------------------------------------------------

def test_foreign_origin_is_refused_and_never_reflected(app) -> None:
    cookie = login_cookie(app.url, "mai", USERS["mai"])
    port = app.url.rstrip("/").rsplit(":", 1)[1]
    lan_host = f"192.168.1.10:{port}"  # as when bound to a LAN address
    evil = {"Origin": "http://evil.example", "Host": lan_host, "Cookie": cookie}
    preflight = requests.options(app.url + "gradio_api/call/list_reports", timeout=30,
                                 headers={**evil, "Access-Control-Request-Method": "POST"})
    assert preflight.status_code == 403 and "access-control-allow-origin" not in preflight.headers
    call = requests.post(app.url + "gradio_api/call/list_reports", json={"data": []}, headers=evil, timeout=30)
    assert call.status_code == 403 and "access-control-allow-origin" not in call.headers
    own = requests.get(app.url + "gradio_api/info", timeout=30,
                       headers={"Origin": f"http://{lan_host}", "Host": lan_host, "Cookie": cookie})
    assert own.status_code == 200  # the app's own pages keep working


def test_login_form_needs_its_csrf_token_and_same_origin(app) -> None:
    no_token = requests.post(app.url + "dang-nhap", data={"username": "mai", "password": USERS["mai"]},
                             allow_redirects=False, timeout=30)
    assert no_token.status_code == 403 and COOKIE_NAME not in no_token.cookies
    session = requests.Session()
    session.get(app.url + "dang-nhap", timeout=30)
    forged = session.post(app.url + "dang-nhap", data={"username": "mai", "password": USERS["mai"],
                                                       "csrf": "x" * 43}, allow_redirects=False, timeout=30)
    assert forged.status_code == 403
    session = requests.Session()  # a real token, but posted from another site's page
    session.get(app.url + "dang-nhap", timeout=30)
    cross = session.post(app.url + "dang-nhap", data={"username": "mai", "password": USERS["mai"],
                                                      "csrf": session.cookies.get(CSRF_COOKIE)},
                         headers={"Origin": "http://evil.example"}, allow_redirects=False, timeout=30)
    assert cross.status_code == 403 and COOKIE_NAME not in cross.cookies
    sneaky = session.post(app.url + "dang-nhap", data={"username": "mai", "password": USERS["mai"],
                                                       "csrf": session.cookies.get(CSRF_COOKIE)},
                          headers={"Sec-Fetch-Site": "cross-site"}, allow_redirects=False, timeout=30)
    assert sneaky.status_code == 403
    assert login_form(app.url, "mai", USERS["mai"]).status_code == 303  # the genuine form works
    logout = requests.post(app.url + "dang-xuat", headers={"Origin": "http://evil.example"}, timeout=30,
                           allow_redirects=False)
    assert logout.status_code == 403


# -- item 9: no 500 on junk cookies, no raw errors to officers -----------------------------------

def test_non_ascii_cookie_is_a_refusal_not_a_crash(app) -> None:
    signer = SessionSigner(b"k" * 32)
    assert signer.user_of("lan:9999999999:é" + "0" * 63) is None
    assert signer.user_of("lan:٩٩٩٩٩٩٩٩٩٩:" + "0" * 64) is None  # Arabic-Indic digits
    raw = f"{COOKIE_NAME}=lan:9999999999:\xe9\xe9".encode("latin-1")
    response = requests.get(app.url + "gradio_api/info", headers={"Cookie": raw}, timeout=30)
    assert response.status_code == 401


def test_unexpected_errors_are_not_shown_to_officers(local_app) -> None:
    config = requests.get(local_app.url + "config", timeout=30).json()
    assert config.get("show_error") is False
