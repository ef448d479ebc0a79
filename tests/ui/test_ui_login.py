"""The Vietnamese login page and its signed session cookie (ui/login.py)."""

from __future__ import annotations

import stat

import pytest
import requests
from gradio_client import Client

from tests.ui.conftest import PASSWORDS, login_cookie, login_form
from ui.login import COOKIE_NAME, SessionSigner, load_or_create_secret

HTML = {"Accept": "text/html"}


def test_secret_is_created_once_with_mode_600(tmp_path) -> None:
    secret = load_or_create_secret(tmp_path)
    assert len(secret) == 32
    assert stat.S_IMODE((tmp_path / "session_secret").stat().st_mode) == 0o600
    assert load_or_create_secret(tmp_path) == secret  # sessions survive a restart


def test_signer_refuses_tampered_forged_and_expired_cookies() -> None:
    now = [1_000_000.0]
    signer = SessionSigner(b"k" * 32, ttl_s=60, clock=lambda: now[0])
    cookie = signer.issue("lan")
    assert signer.user_of(cookie) == "lan"
    name, expiry, mac = cookie.split(":")
    assert signer.user_of(f"hung:{expiry}:{mac}") is None  # another name, same signature
    assert signer.user_of(f"lan:{int(expiry) + 3600}:{mac}") is None  # extended expiry
    assert signer.user_of(SessionSigner(b"x" * 32).issue("lan")) is None  # another key
    for junk in ("", "lan", "lan::", ":1:ab", None):
        assert signer.user_of(junk) is None
    now[0] += 61
    assert signer.user_of(cookie) is None


def test_browser_without_session_is_sent_to_vietnamese_form(multi_user_app) -> None:
    first = requests.get(multi_user_app.url, headers=HTML, allow_redirects=False, timeout=30)
    assert first.status_code == 303 and first.headers["location"] == "/dang-nhap"
    form = requests.get(f"{multi_user_app.url}dang-nhap", timeout=30).text
    for label in ("Tên đăng nhập", "Mật khẩu", "Đăng nhập"):
        assert label in form
    assert "Login" not in form and 'lang="vi"' in form


def test_wrong_password_shows_vietnamese_error(multi_user_app) -> None:
    response = login_form(multi_user_app.url, "lan", "sai")
    assert response.status_code == 401
    assert "Sai tên đăng nhập hoặc mật khẩu" in response.text
    assert COOKIE_NAME not in response.cookies
    assert 'value="lan"' in response.text  # the name is kept, the password is not


def test_login_sets_httponly_lax_cookie_and_logout_clears_it(multi_user_app) -> None:
    response = login_form(multi_user_app.url, "hung", PASSWORDS["hung"])
    header = response.headers["set-cookie"].lower()
    assert response.status_code == 303 and "httponly" in header and "samesite=lax" in header
    out = requests.post(f"{multi_user_app.url}dang-xuat", allow_redirects=False, timeout=30)
    assert out.status_code == 303 and out.headers["location"] == "/dang-nhap"
    assert f'{COOKIE_NAME}=""' in out.headers["set-cookie"] or "max-age=0" in out.headers["set-cookie"].lower()


@pytest.mark.parametrize("cookie", [None, "forged"])
def test_api_refused_without_valid_cookie(multi_user_app, cookie) -> None:
    headers = {}
    if cookie == "forged":  # a real cookie with the name changed: the signature no longer matches
        _, value = login_cookie(multi_user_app.url, "lan", PASSWORDS["lan"]).split("=", 1)
        headers = {"Cookie": f"{COOKIE_NAME}=hung:{value.split(':', 1)[1]}"}
    for path in ("gradio_api/info", "config", "gradio_api/upload_progress"):
        assert requests.get(multi_user_app.url + path, headers=headers, timeout=30).status_code == 401
    call = requests.post(f"{multi_user_app.url}gradio_api/call/list_reports", json={"data": []},
                         headers=headers, timeout=30)
    assert call.status_code == 401
    with pytest.raises(Exception):
        Client(multi_user_app.url, headers=headers, verbose=False).predict(api_name="/list_reports")


def test_valid_cookie_opens_the_api_as_that_user(multi_user_app) -> None:
    client = Client(multi_user_app.url, headers={"Cookie": login_cookie(multi_user_app.url, "hung",
                                                                         PASSWORDS["hung"])}, verbose=False)
    client.predict(api_name="/load_workspace")
    reports = client.predict(api_name="/list_reports")
    store = multi_user_app.app.services.store
    assert [r["id"] for r in reports] == [r.id for r in store.list_reports("hung")] != []
