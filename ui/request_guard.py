"""Which requests reach the app at all: allowed Host names, allowed Origins, no proxy without login.

Checked for every HTTP and WebSocket request, before Gradio's routes and its CORS handling
(issue 12, items 4–5):

* **Host** — in the single-user loopback mode there is no login, so a web page the officer
  visits could reach the app by DNS rebinding (a name that first resolves to the attacker, then
  to 127.0.0.1): the browser sends that name as ``Host``. Only 127.0.0.1, localhost, ::1 and the
  names in ``settings.allowed_hosts`` are served. With users (LAN), the names are enforced when
  configured; sessions are cookies scoped to the name anyway.
* **Origin** — Gradio reflects any ``Origin`` with credentials when bound to a LAN address. A
  request that carries an ``Origin`` must come from the app itself (same scheme://host:port as
  the request) or from ``settings.allowed_origins``; otherwise 403, preflights included, so no
  foreign page ever gets an ``Access-Control-Allow-Origin`` for it.
* **Proxy headers** — a reverse proxy on the same machine would expose the login-free loopback
  mode to the LAN. Without a users file, a request with ``Forwarded``/``X-Forwarded-*``/
  ``X-Real-IP`` is refused and the operator is told (log) to configure users.

Starlette's TrustedHostMiddleware covers only the first point and answers in English; this one
middleware does the three with Vietnamese messages.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger(__name__)

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "::1"})
PROXY_HEADERS = ("forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto", "x-real-ip")

HOST_REFUSED = "Địa chỉ «{host}» không được phép truy cập ứng dụng này."
ORIGIN_REFUSED = "Yêu cầu từ trang web khác ({origin}) bị từ chối."
PROXY_REFUSED = ("Ứng dụng đang chạy ở chế độ một người dùng không đăng nhập nên không phục vụ qua máy chủ "
                 "trung gian (proxy). Người quản trị cần tạo tệp người dùng (assistant users add TÊN).")


def split_names(value: str) -> frozenset[str]:
    """A comma/space separated setting → a set of lower-case entries."""
    return frozenset(v.strip().lower().rstrip("/") for v in value.replace(",", " ").split() if v.strip())


def host_name(host: str) -> str:
    """The name part of a Host header (port and IPv6 brackets removed), lower case."""
    try:
        return (urlsplit(f"//{host}").hostname or "").lower()
    except ValueError:  # e.g. "[::1" or a bad port
        return ""


@dataclass(frozen=True)
class RequestGuard:
    allowed_hosts: frozenset[str] | None  # None: any Host (LAN mode without configured names)
    allowed_origins: frozenset[str]  # besides the app's own origin
    login_required: bool

    @classmethod
    def from_settings(cls, allowed_hosts: str, allowed_origins: str, login_required: bool) -> "RequestGuard":
        names = split_names(allowed_hosts)
        hosts = None if login_required and not names else LOOPBACK_NAMES | names
        return cls(hosts, split_names(allowed_origins), login_required)

    # -- the checks ------------------------------------------------------------------------
    def host_ok(self, host: str) -> bool:
        return self.allowed_hosts is None or host_name(host) in self.allowed_hosts

    def origin_ok(self, origin: str, host: str, scheme: str) -> bool:
        origin = origin.strip().lower().rstrip("/")
        if not origin or origin == "null":
            return False
        own = f"{'https' if scheme in ('https', 'wss') else 'http'}://{host.strip().lower()}"
        return origin == own or origin in self.allowed_origins

    def refusal(self, headers: Headers, scheme: str) -> str | None:
        """Why this request is refused (Vietnamese), or None to serve it."""
        host = headers.get("host", "")
        if not self.host_ok(host):
            return HOST_REFUSED.format(host=host[:100])
        if not self.login_required and any(h in headers for h in PROXY_HEADERS):
            log.error("request through a reverse proxy refused: no users file (single-user loopback mode); "
                      "create users (assistant users add NAME) and set ASSISTANT_USERS_FILE")
            return PROXY_REFUSED
        origin = headers.get("origin")
        if origin is not None and not self.origin_ok(origin, host, scheme):
            return ORIGIN_REFUSED.format(origin=origin[:100])
        return None

    def same_site_post(self, request: Request) -> bool:
        """A form POST from the app's own page (the Origin check, or Sec-Fetch-Site when there is no Origin)."""
        origin = request.headers.get("origin")
        if origin is not None:
            return self.origin_ok(origin, request.headers.get("host", ""), request.url.scheme)
        return request.headers.get("sec-fetch-site", "same-origin") in ("same-origin", "none")

    def middleware(self) -> Middleware:
        return Middleware(GuardMiddleware, guard=self)


class GuardMiddleware:
    """Pure ASGI middleware applying ``RequestGuard.refusal`` to HTTP and WebSocket requests."""

    def __init__(self, app: ASGIApp, guard: RequestGuard):
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        reason = self.guard.refusal(Headers(scope=scope), scope.get("scheme", "http"))
        if reason is None:
            await self.app(scope, receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008})
        else:
            await PlainTextResponse(reason, status_code=403)(scope, receive, send)
