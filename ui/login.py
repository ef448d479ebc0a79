"""Our own Vietnamese login page in front of the Gradio app (multi-user mode only).

Gradio's built-in login form (``launch(auth=…)``) renders before the app's translations
load, so it stays English. Instead the app is launched with Gradio's documented
``auth_dependency`` hook (``launch``/``mount_gradio_app``: a callable taking the FastAPI
request and returning the user name, or None to refuse): every Gradio route, the page and
every ``/gradio_api/…`` call, then answers 401 without a valid session cookie, and the name
returned becomes ``gr.Request.username`` in callbacks (ui/screens/common.py ``owner_of``).

Routes added here: ``GET /dang-nhap`` (the form), ``POST /dang-nhap`` (argon2 check with the
per-name back-off of ``AccessPolicy.auth``), ``POST /dang-xuat`` (clears the cookie). A browser
that opens the app without a session is redirected to the form.

The session cookie is ``name:expiry:HMAC-SHA256(name:expiry)`` (stdlib ``hmac``; RFC 2104),
HttpOnly and SameSite=Lax, keyed by a random secret created once in ``data_dir`` (mode 600),
so sessions survive a restart and a forged or edited cookie is refused. Sessions are
stateless: logging out clears the browser's cookie; a copied cookie stays valid until it expires.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import os
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from fastapi import Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Route

LOGIN_PATH = "/dang-nhap"
LOGOUT_PATH = "/dang-xuat"
COOKIE_NAME = "tro_ly_phien"
SECRET_FILE = "session_secret"
SESSION_TTL_S = 12 * 3600  # one working day
WRONG_LOGIN = "Sai tên đăng nhập hoặc mật khẩu."


def load_or_create_secret(data_dir: Path) -> bytes:
    """The signing key: 32 random bytes in ``data_dir/session_secret``, created with mode 600."""
    path = Path(data_dir) / SECRET_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        secret = path.read_bytes()
        if len(secret) >= 32:
            return secret
        raise RuntimeError(f"Tệp khóa phiên {path} bị hỏng (quá ngắn): hãy xóa tệp để tạo lại.") from None
    secret = secrets.token_bytes(32)
    with os.fdopen(fd, "wb") as out:
        out.write(secret)
    return secret


@dataclass(frozen=True)
class SessionSigner:
    """Signs and checks session cookie values."""

    secret: bytes
    ttl_s: int = SESSION_TTL_S
    clock: Callable[[], float] = field(default=time.time)

    def _mac(self, payload: str) -> str:
        return hmac.new(self.secret, payload.encode("utf-8"), hashlib.sha256).hexdigest()

    def issue(self, username: str) -> str:
        payload = f"{username}:{int(self.clock()) + self.ttl_s}"
        return f"{payload}:{self._mac(payload)}"

    def user_of(self, cookie: str | None) -> str | None:
        """The signed-in name, or None for a missing, malformed, forged or expired cookie."""
        name, _, rest = (cookie or "").partition(":")
        expiry, _, mac = rest.partition(":")
        if not (name and expiry.isdigit() and mac):
            return None
        if not hmac.compare_digest(mac, self._mac(f"{name}:{expiry}")):
            return None
        return name if int(expiry) > self.clock() else None


LOGIN_HTML = """<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Đăng nhập — {title}</title>
<style>
 body {{ font-family: system-ui, sans-serif; background: #f3f4f6; margin: 0; }}
 main {{ max-width: 360px; margin: 12vh auto; background: #fff; padding: 28px; border-radius: 8px;
        box-shadow: 0 1px 4px rgba(0,0,0,.15); }}
 h1 {{ font-size: 1.25em; margin: 0 0 18px; }}
 label {{ display: block; margin: 12px 0 4px; font-weight: 600; }}
 input {{ width: 100%; box-sizing: border-box; padding: 8px; font-size: 1em; }}
 button {{ margin-top: 18px; width: 100%; padding: 10px; font-size: 1em; background: #1d4ed8;
          color: #fff; border: 0; border-radius: 4px; cursor: pointer; }}
 .error {{ color: #b91c1c; font-weight: 600; }}
 *:focus-visible {{ outline: 2px solid #1d4ed8; outline-offset: 1px; }}
</style></head>
<body><main>
<h1>{title}</h1>
{error}
<form method="post" action="{action}">
 <label for="username">Tên đăng nhập</label>
 <input id="username" name="username" autocomplete="username" required {focus_name}value="{username}">
 <label for="password">Mật khẩu</label>
 <input id="password" name="password" type="password" autocomplete="current-password" required {focus_password}>
 <button type="submit">Đăng nhập</button>
</form>
</main></body></html>
"""


def login_page(title: str, error: str = "", username: str = "") -> str:
    error_html = f'<p class="error" role="alert">{html.escape(error)}</p>' if error else ""
    # After a failed attempt the name is kept: the cursor goes to the password.
    focus_name, focus_password = ("", "autofocus") if username else ("autofocus ", "")
    return LOGIN_HTML.format(title=html.escape(title), error=error_html, action=LOGIN_PATH,
                             username=html.escape(username), focus_name=focus_name, focus_password=focus_password)


@dataclass(frozen=True)
class LoginGate:
    """The login routes and the ``auth_dependency`` for one app."""

    authenticate: Callable[[str, str], bool]
    signer: SessionSigner
    title: str

    def current_user(self, request: Request) -> str | None:
        """Gradio's ``auth_dependency``: the name in a valid session cookie, else None (→ 401)."""
        return self.signer.user_of(request.cookies.get(COOKIE_NAME))

    async def show_form(self, request: Request) -> Response:
        if self.current_user(request):
            return RedirectResponse("/", status_code=303)
        return HTMLResponse(login_page(self.title))

    async def submit(self, request: Request) -> Response:
        form = await request.form()
        username = str(form.get("username") or "").strip()
        password = str(form.get("password") or "")
        if not self.authenticate(username, password):
            return HTMLResponse(login_page(self.title, WRONG_LOGIN, username), status_code=401)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(COOKIE_NAME, self.signer.issue(username), max_age=self.signer.ttl_s,
                            httponly=True, samesite="lax", secure=request.url.scheme == "https", path="/")
        return response

    async def logout(self, request: Request) -> Response:
        response = RedirectResponse(LOGIN_PATH, status_code=303)
        response.delete_cookie(COOKIE_NAME, path="/", httponly=True, samesite="lax")
        return response

    async def on_http_error(self, request: Request, exc: StarletteHTTPException) -> Response:
        """A browser opening a page without a session goes to the form; API calls keep their 401."""
        wants_page = (request.method == "GET" and not request.url.path.startswith("/gradio_api")
                      and "text/html" in request.headers.get("accept", ""))
        if exc.status_code == 401 and wants_page:
            return RedirectResponse(LOGIN_PATH, status_code=303)
        return await http_exception_handler(request, exc)

    def app_kwargs(self) -> dict:
        """FastAPI arguments for ``launch(app_kwargs=…)``: our routes come before Gradio's."""
        return {
            "routes": [
                Route(LOGIN_PATH, self.show_form, methods=["GET"]),
                Route(LOGIN_PATH, self.submit, methods=["POST"]),
                Route(LOGOUT_PATH, self.logout, methods=["POST"]),
            ],
            "exception_handlers": {StarletteHTTPException: self.on_http_error},
        }
