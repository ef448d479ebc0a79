"""Who may use the app: a single local user on loopback, configured users otherwise.

Rule (issue 6, "Users"): bound to 127.0.0.1 the app serves one local user without
login; binding any other address requires a users file (``settings.users_file``,
TOML ``[users.<name>] password_hash = "$argon2id$…"``) or the app refuses to start.
Passwords are only ever stored as argon2id hashes (argon2-cffi's PasswordHasher
with its RFC 9106 defaults).

Create a hash without the CLI: ``hash_password("…")`` or ``add_user(path, name, pw)``;
from a shell: ``assistant users add NAME`` (assistant/cli/users.py; also passwd, remove, unlock).

Logins (``Accounts``): an unknown name is verified against a dummy hash, so the argon2 work (and
the time it takes) is the same whether the name exists or not (OWASP Authentication Cheat Sheet,
"Authentication Responses"). Failures are throttled per (client address, name) and per client
(``LoginThrottle``, waits that double): someone guessing from another machine locks out only
themselves, not the officer, and an admin can lift a lock at once (``assistant users unlock NAME``
writes ``unlocked_at`` into the users file). A name that is not a valid user name is refused before
any hashing and is never stored, so the throttle's memory is bounded by ``max_tracked`` short keys.

The users file is re-read when it changes (mtime/size), so removing a user or changing a password
takes effect on the next request: sessions are bound to the user's current hash (``fingerprint``).
The web login page and its session cookie are ui/login.py.
"""

from __future__ import annotations

import getpass
import hashlib
import ipaddress
import logging
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

log = logging.getLogger(__name__)

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
    return {name: entry.password_hash for name, entry in load_user_entries(users_file).items()}


@dataclass(frozen=True)
class UserEntry:
    password_hash: str
    unlocked_at: float = 0.0  # epoch seconds of the last admin unlock; failures before it are forgiven


def load_user_entries(users_file: Path) -> dict[str, UserEntry]:
    """name → UserEntry; raises AccessConfigError naming the problem."""
    path = Path(users_file)
    if not path.is_file():
        raise AccessConfigError(f"Không tìm thấy tệp người dùng {path}.")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise AccessConfigError(f"Tệp người dùng {path} không đọc được: {exc}") from None
    users: dict[str, UserEntry] = {}
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
        unlocked_at = entry.get("unlocked_at", 0.0) if isinstance(entry, dict) else 0.0
        users[name] = UserEntry(password_hash, float(unlocked_at) if isinstance(unlocked_at, (int, float)) else 0.0)
    if not users:
        raise AccessConfigError(f"Tệp người dùng {path} chưa khai báo người dùng nào ([users.<tên>]).")
    return users


def _write_users(path: Path, users: dict[str, UserEntry]) -> None:
    """Write the TOML file atomically (temp file + ``os.replace``), readable by its owner only (mode 600).

    Written with tomlkit, which quotes keys as needed: "nguyen.van" is one name, not a nested table.
    """
    doc = tomlkit.document()
    doc.add(tomlkit.comment("Người dùng của Trợ lý soạn báo cáo xã (mật khẩu lưu dạng băm argon2)."))
    table = tomlkit.table(is_super_table=True)
    for user, entry in sorted(users.items()):
        item = tomlkit.table()
        item.add("password_hash", entry.password_hash)
        if entry.unlocked_at:
            item.add("unlocked_at", entry.unlocked_at)
        table.add(user, item)
    doc.add("users", table)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    # Created with 600 from the start (no window in which the hashes are world-readable).
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(tomlkit.dumps(doc))
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)  # the running app never reads a half-written file
    finally:
        if tmp.exists():
            tmp.unlink()


def _existing(path: Path) -> dict[str, UserEntry]:
    return load_user_entries(path) if path.is_file() and path.stat().st_size else {}


def add_user(users_file: Path, name: str, password: str) -> None:
    """Add a user or set a new password (which ends that user's sessions: they are bound to the hash)."""
    if not USERNAME_RE.match(name):
        raise ValueError(f"Tên người dùng {name!r} không hợp lệ (chữ thường không dấu, số, '.', '_', '-').")
    path = Path(users_file)
    users = _existing(path)
    users[name] = UserEntry(hash_password(password))
    _write_users(path, users)


def remove_user(users_file: Path, name: str) -> None:
    """Remove a user; their open sessions end on their next request."""
    path = Path(users_file)
    users = _existing(path)
    if name not in users:
        raise ValueError(f"Không có người dùng {name!r} trong {path}.")
    if len(users) == 1:
        raise ValueError(f"{name!r} là người dùng cuối cùng trong {path}; ứng dụng cần ít nhất một người dùng.")
    del users[name]
    _write_users(path, users)


def unlock_user(users_file: Path, name: str, now: float | None = None) -> None:
    """Forgive ``name``'s failed logins so far (from every client): the running app reads the file."""
    path = Path(users_file)
    users = _existing(path)
    if name not in users:
        raise ValueError(f"Không có người dùng {name!r} trong {path}.")
    users[name] = UserEntry(users[name].password_hash, time.time() if now is None else now)
    _write_users(path, users)


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

    auth: Callable[..., bool] | None
    local_user: str | None  # set when no login is required
    accounts: "Accounts | None" = None  # multi-user mode: throttled checks, session fingerprints

    def user_of(self, request_username: str | None) -> str | None:
        """The workspace owner for a request: the logged-in name, or the local user."""
        if self.auth is None:
            return self.local_user
        return request_username or None


@dataclass
class LoginThrottle:
    """Back-off per key after failed logins: ``free_attempts`` failures, then waits that double.

    After the n-th consecutive failure (n > free_attempts) the key is refused, without checking
    the password, for ``base_delay_s * 2**(n - free_attempts - 1)`` seconds (at most ``max_delay_s``);
    a success clears it. At most ``max_tracked`` keys are kept: beyond that, keys whose wait is over
    are forgotten first, then the oldest (a flood of new keys cannot grow memory without bound).
    """

    free_attempts: int = 5
    base_delay_s: float = 1.0
    max_delay_s: float = 300.0
    clock: Callable[[], float] = time.time
    max_tracked: int = 10_000
    _failures: dict[str, tuple[int, float]] = field(default_factory=dict)  # key → (count, last failure)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _wait(self, count: int) -> float:
        if count < self.free_attempts:
            return 0.0
        return min(self.max_delay_s, self.base_delay_s * 2 ** (count - self.free_attempts))

    def wait_left(self, key: str, forgiven_before: float = 0.0) -> float:
        """Seconds until ``key`` may try again (0: now); failures before ``forgiven_before`` do not count."""
        with self._lock:
            count, last = self._failures.get(key, (0, 0.0))
        if last < forgiven_before:
            return 0.0
        return max(0.0, last + self._wait(count) - self.clock())

    def allowed(self, key: str, forgiven_before: float = 0.0) -> bool:
        return self.wait_left(key, forgiven_before) <= 0.0

    def failed(self, key: str, forgiven_before: float = 0.0) -> None:
        now = self.clock()
        with self._lock:
            count, last = self._failures.pop(key, (0, 0.0))  # re-inserted last: dict order is age
            self._failures[key] = (1 if last < forgiven_before else count + 1, now)
            if len(self._failures) > self.max_tracked:
                self._failures = {k: v for k, v in self._failures.items() if now < v[1] + self._wait(v[0])}
                while len(self._failures) > self.max_tracked:
                    del self._failures[next(iter(self._failures))]

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._failures.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._failures.clear()

    def __len__(self) -> int:
        return len(self._failures)


class UserDirectory:
    """The users file, re-read when it changes on disk (so CLI changes apply to the running app)."""

    def __init__(self, users_file: Path):
        self.path = Path(users_file)
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._entries = load_user_entries(self.path)  # a broken file at start: refuse to start
        self._stamp = self._stat()

    def _stat(self) -> tuple[int, int] | None:
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_mtime_ns, st.st_size)

    def entries(self) -> dict[str, UserEntry]:
        stamp = self._stat()
        if stamp != self._stamp:
            with self._lock:
                if stamp != self._stamp:
                    try:
                        # A vanished or broken file: nobody may sign in until it is fixed.
                        self._entries = load_user_entries(self.path) if stamp else {}
                    except AccessConfigError as exc:
                        log.error("users file unreadable, refusing all logins: %s", exc)
                        self._entries = {}
                    self._stamp = stamp
        return self._entries

    def get(self, name: str) -> UserEntry | None:
        return self.entries().get(name)


@dataclass(frozen=True)
class LoginResult:
    user: str | None  # the signed-in name, or None
    retry_after_s: float = 0.0  # > 0: refused without checking the password (locked for a while)


class Accounts:
    """Password checks with throttling, and the per-user fingerprint that sessions are bound to.

    ``check`` is blocking (argon2: 64 MiB, 3 passes): the web layer runs it in a bounded thread pool.
    """

    def __init__(self, users_file: Path, *, clock: Callable[[], float] = time.time,
                 pair_free: int = 5, client_free: int = 10, max_delay_s: float = 300.0, max_tracked: int = 10_000):
        self.directory = UserDirectory(users_file)
        self._dummy_hash = hash_password(secrets.token_urlsafe(16))  # for names that do not exist
        # (client, name): the officer's own machine is not locked by someone else's guesses.
        self.pair_throttle = LoginThrottle(pair_free, 1.0, max_delay_s, clock, max_tracked)
        # client alone: one machine trying many names; generous, since behind a proxy all share one address.
        self.client_throttle = LoginThrottle(client_free, 1.0, min(max_delay_s, 60.0), clock, max_tracked)

    @staticmethod
    def valid_name(name: str) -> bool:
        return bool(USERNAME_RE.match(name or ""))

    def _pair(self, client: str, name: str) -> str:
        return f"{client}\x00{name}"

    def locked_for(self, name: str, client: str = "") -> float:
        """Seconds this client must wait before trying ``name`` (0: may try now)."""
        entry = self.directory.get(name)
        forgiven = entry.unlocked_at if entry else 0.0
        return max(self.client_throttle.wait_left(client),
                   self.pair_throttle.wait_left(self._pair(client, name), forgiven) if self.valid_name(name) else 0.0)

    def check(self, name: str, password: str, client: str = "") -> LoginResult:
        name = (name or "").strip()
        wait = self.locked_for(name, client)
        if wait > 0:
            return LoginResult(None, wait)
        if not self.valid_name(name):  # cannot exist: refused before hashing, never stored as a key
            self.client_throttle.failed(client)
            return LoginResult(None)
        entry = self.directory.get(name)
        ok = verify_password(entry.password_hash if entry else self._dummy_hash, password or "") and entry is not None
        if ok:
            self.pair_throttle.succeeded(self._pair(client, name))
            self.client_throttle.succeeded(client)
            return LoginResult(name)
        self.pair_throttle.failed(self._pair(client, name), entry.unlocked_at if entry else 0.0)
        self.client_throttle.failed(client)
        return LoginResult(None)

    def fingerprint(self, name: str) -> str | None:
        """A digest of the user's current password hash; None once the user is removed."""
        entry = self.directory.get(name)
        if entry is None:
            return None
        return hashlib.sha256(entry.password_hash.encode("utf-8")).hexdigest()[:32]


def access_policy(host: str, users_file: str | Path | None) -> AccessPolicy:
    """Decide the access mode for binding ``host``; refuse unsafe configurations."""
    if users_file:
        accounts = Accounts(Path(users_file))

        def authenticate(username: str, password: str, client: str = "") -> bool:
            return accounts.check(username, password, client).user is not None

        return AccessPolicy(auth=authenticate, local_user=None, accounts=accounts)
    if is_loopback(host):
        return AccessPolicy(auth=None, local_user=LOCAL_USER)
    raise AccessConfigError(
        f"Từ chối khởi động: giao diện được yêu cầu mở ở địa chỉ {host}, nhưng chưa cấu hình người dùng. "
        "Hãy tạo tệp người dùng (assistant users add TÊN) và đặt "
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
