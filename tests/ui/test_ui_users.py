"""Access policy: local user on loopback, argon2 users elsewhere, refusal otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.workspace import LOCAL_USER, AccessConfigError, access_policy, add_user, load_users


def test_loopback_without_users_serves_the_local_user() -> None:
    policy = access_policy("127.0.0.1", "")
    assert policy.auth is None and policy.user_of(None) == LOCAL_USER


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::"])
def test_other_address_without_users_refuses_with_vietnamese_message(host: str) -> None:
    with pytest.raises(AccessConfigError, match="Từ chối khởi động"):
        access_policy(host, "")


def test_configured_users_are_hashed_and_verified(tmp_path: Path) -> None:
    users_file = tmp_path / "users.toml"
    add_user(users_file, "lan", "mật-khẩu-1")
    add_user(users_file, "hung", "khac")
    text = users_file.read_text(encoding="utf-8")
    assert "mật-khẩu-1" not in text and "$argon2id$" in text
    assert set(load_users(users_file)) == {"lan", "hung"}
    policy = access_policy("0.0.0.0", users_file)
    assert policy.auth is not None
    assert policy.auth("lan", "mật-khẩu-1")
    assert not policy.auth("lan", "khac")
    assert not policy.auth("nobody", "mật-khẩu-1")
    assert policy.user_of("lan") == "lan" and policy.user_of(None) is None


@pytest.mark.parametrize(
    "content, fragment",
    [
        ("[users.lan]\npassword_hash = \"plain\"\n", "argon2"),
        ("[users]\n", "chưa khai báo"),
        ("not toml [", "không đọc được"),
        ("[users.\"Lan Anh\"]\npassword_hash = \"$argon2id$x\"\n", "không hợp lệ"),
    ],
)
def test_bad_users_file_is_refused(tmp_path: Path, content: str, fragment: str) -> None:
    users_file = tmp_path / "users.toml"
    users_file.write_text(content, encoding="utf-8")
    with pytest.raises(AccessConfigError, match=fragment):
        access_policy("0.0.0.0", users_file)


def test_missing_users_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(AccessConfigError, match="Không tìm thấy"):
        access_policy("127.0.0.1", tmp_path / "absent.toml")


def test_dotted_user_name_is_written_as_a_quoted_key_and_file_is_private(tmp_path: Path) -> None:
    users_file = tmp_path / "users.toml"
    add_user(users_file, "nguyen.van", "mk-1")
    add_user(users_file, "lan", "mk-2")  # re-reading the file must not fail on the dotted name
    assert set(load_users(users_file)) == {"nguyen.van", "lan"}
    assert access_policy("0.0.0.0", users_file).auth("nguyen.van", "mk-1")
    assert users_file.stat().st_mode & 0o777 == 0o600


def test_unknown_names_are_checked_against_a_dummy_hash(tmp_path: Path, monkeypatch) -> None:
    """Same argon2 work for a wrong name as for a wrong password: timing does not reveal who exists."""
    from assistant.workspace import users as users_module

    users_file = tmp_path / "users.toml"
    add_user(users_file, "lan", "mk")
    policy = access_policy("0.0.0.0", users_file)
    verified: list[str] = []
    real = users_module.verify_password
    monkeypatch.setattr(users_module, "verify_password", lambda h, p: verified.append(h) or real(h, p))
    assert not policy.auth("nobody", "mk")
    assert len(verified) == 1 and verified[0].startswith("$argon2id$")


def test_repeated_failures_lock_the_name_for_a_while(tmp_path: Path) -> None:
    from assistant.workspace.users import LoginThrottle

    clock = [1000.0]
    throttle = LoginThrottle(free_attempts=3, base_delay_s=2.0, max_delay_s=60.0, clock=lambda: clock[0])
    for _ in range(3):
        assert throttle.allowed("lan")
        throttle.failed("lan")
    assert not throttle.allowed("lan") and throttle.allowed("hung")  # per name
    clock[0] += 2.1
    assert throttle.allowed("lan")
    throttle.failed("lan")  # the next failure doubles the wait
    clock[0] += 2.1
    assert not throttle.allowed("lan")
    clock[0] += 2.0
    assert throttle.allowed("lan")
    throttle.succeeded("lan")
    assert throttle.allowed("lan")

    users_file = tmp_path / "users.toml"
    add_user(users_file, "lan", "mk")
    policy = access_policy("0.0.0.0", users_file)
    for _ in range(5):
        assert not policy.auth("lan", "sai")
    assert not policy.auth("lan", "mk")  # locked: even the right password waits
