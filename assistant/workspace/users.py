"""Who may use the app: a single local user on loopback, configured users otherwise.

Rule (issue 6, "Users"): bound to 127.0.0.1 the app serves one local user without
login; binding any other address requires a users file (``settings.users_file``,
TOML ``[users.<name>] password_hash = "$argon2id$…"``) or the app refuses to start.
Passwords are only ever stored as argon2id hashes (argon2-cffi's PasswordHasher
with its RFC 9106 defaults).

Create a hash without the CLI: ``hash_password("…")`` or ``add_user(path, name, pw)``;
from a shell: ``python -m assistant.workspace.users NAME [USERS_FILE]`` (asks for the password).

Logins: an unknown name is verified against a dummy hash, so the argon2 work (and the time it
takes) is the same whether the name exists or not (OWASP Authentication Cheat Sheet, "Authentication
Responses"); repeated failures for one name make it wait, doubling each time (``LoginThrottle``).
The throttle is per name, not per IP: behind a reverse proxy every client has the proxy's address.
The web login page and its session cookie are ui/login.py.
"""

from __future__ import annotations

import getpass
import ipaddress
import os
import re
import secrets
import sys
import threading
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import tomlkit
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

LOCAL_USER = "local"
USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")

_hasher = PasswordHasher()


class AccessConfigError(RuntimeError):
    """The app must not start with this access configuration; the message is for the operator."""


def hash_password(password: str) -> str:
    if not password:
        raise ValueError("Mật khẩu không được để trống.")
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def load_users(users_file: Path) -> dict[str, str]:
    """name → argon2 hash; raises AccessConfigError naming the problem."""
    path = Path(users_file)
    if not path.is_file():
        raise AccessConfigError(f"Không tìm thấy tệp người dùng {path}.")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise AccessConfigError(f"Tệp người dùng {path} không đọc được: {exc}") from None
    users: dict[str, str] = {}
    for name, entry in (data.get("users") or {}).items():
        password_hash = entry.get("password_hash", "") if isinstance(entry, dict) else ""
        if not USERNAME_RE.match(name):
            raise AccessConfigError(
                f"Tên người dùng {name!r} trong {path} không hợp lệ (chữ thường không dấu, số, '.', '_', '-')."
            )
        if not password_hash.startswith("$argon2"):
            raise AccessConfigError(
                f"Người dùng {name!r} trong {path} chưa có password_hash dạng argon2 "
                "(tạo bằng: python -m assistant.workspace.users TÊN)."
            )
        users[name] = password_hash
    if not users:
        raise AccessConfigError(f"Tệp người dùng {path} chưa khai báo người dùng nào ([users.<tên>]).")
    return users


def add_user(users_file: Path, name: str, password: str) -> None:
    """Add or replace one user in the TOML file, readable by its owner only (mode 600).

    Written with tomlkit, which quotes keys as needed: "nguyen.van" is one name, not a nested table.
    """
    if not USERNAME_RE.match(name):
        raise ValueError(f"Tên người dùng {name!r} không hợp lệ (chữ thường không dấu, số, '.', '_', '-').")
    path = Path(users_file)
    users = load_users(path) if path.is_file() and path.stat().st_size else {}
    users[name] = hash_password(password)
    doc = tomlkit.document()
    doc.add(tomlkit.comment("Người dùng của Trợ lý soạn báo cáo xã (mật khẩu lưu dạng băm argon2)."))
    table = tomlkit.table(is_super_table=True)
    for user, password_hash in sorted(users.items()):
        entry = tomlkit.table()
        entry.add("password_hash", password_hash)
        table.add(user, entry)
    doc.add("users", table)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Create with 600 from the start (no window in which the hashes are world-readable).
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(tomlkit.dumps(doc))
    os.chmod(path, 0o600)  # an existing file keeps its old mode through os.open


def is_loopback(host: str) -> bool:
    if host in ("localhost", ""):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class AccessPolicy:
    """How the app authenticates: ``auth(name, password)`` for the login page, or a fixed local user."""

    auth: Callable[[str, str], bool] | None
    local_user: str | None  # set when no login is required

    def user_of(self, request_username: str | None) -> str | None:
        """The workspace owner for a request: the logged-in name, or the local user."""
        if self.auth is None:
            return self.local_user
        return request_username or None


@dataclass
class LoginThrottle:
    """Per-name back-off after failed logins: ``free_attempts`` failures, then waits that double.

    After the n-th consecutive failure (n > free_attempts) the name is refused, without checking
    the password, for ``base_delay_s * 2**(n - free_attempts - 1)`` seconds (at most ``max_delay_s``);
    a success clears it. Unknown names are tracked like known ones.
    """

    free_attempts: int = 5
    base_delay_s: float = 1.0
    max_delay_s: float = 300.0
    clock: Callable[[], float] = time.monotonic
    max_tracked: int = 10_000  # beyond this, entries whose wait is over are forgotten
    _failures: dict[str, tuple[int, float]] = field(default_factory=dict)  # name → (count, last failure)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _wait(self, count: int) -> float:
        if count < self.free_attempts:
            return 0.0
        return min(self.max_delay_s, self.base_delay_s * 2 ** (count - self.free_attempts))

    def allowed(self, name: str) -> bool:
        with self._lock:
            count, last = self._failures.get(name, (0, 0.0))
        return self.clock() >= last + self._wait(count)

    def failed(self, name: str) -> None:
        now = self.clock()
        with self._lock:
            count, _ = self._failures.get(name, (0, 0.0))
            self._failures[name] = (count + 1, now)
            if len(self._failures) > self.max_tracked:
                self._failures = {k: v for k, v in self._failures.items() if now < v[1] + self._wait(v[0])}

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name, None)


def access_policy(host: str, users_file: str | Path | None) -> AccessPolicy:
    """Decide the access mode for binding ``host``; refuse unsafe configurations."""
    if users_file:
        users = load_users(Path(users_file))
        dummy_hash = hash_password(secrets.token_urlsafe(16))  # for names that do not exist
        throttle = LoginThrottle()

        def authenticate(username: str, password: str) -> bool:
            name = (username or "").strip()
            if not throttle.allowed(name):
                return False
            ok = verify_password(users.get(name, dummy_hash), password or "") and name in users
            if ok:
                throttle.succeeded(name)
            else:
                throttle.failed(name)
            return ok

        return AccessPolicy(auth=authenticate, local_user=None)
    if is_loopback(host):
        return AccessPolicy(auth=None, local_user=LOCAL_USER)
    raise AccessConfigError(
        f"Từ chối khởi động: giao diện được yêu cầu mở ở địa chỉ {host}, nhưng chưa cấu hình người dùng. "
        "Hãy tạo tệp người dùng (python -m assistant.workspace.users TÊN users.toml) và đặt "
        "ASSISTANT_USERS_FILE=users.toml, hoặc chỉ mở ở 127.0.0.1."
    )


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print("Cách dùng: python -m assistant.workspace.users TÊN [TỆP_NGƯỜI_DÙNG=users.toml]", file=sys.stderr)
        return 2
    name, users_file = args[0], Path(args[1] if len(args) > 1 else "users.toml")
    password = getpass.getpass(f"Mật khẩu cho {name}: ")
    if password != getpass.getpass("Nhập lại mật khẩu: "):
        print("Hai lần nhập mật khẩu không khớp.", file=sys.stderr)
        return 1
    try:
        add_user(users_file, name, password)
    except (ValueError, AccessConfigError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    print(f"Đã lưu người dùng {name} vào {users_file}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
