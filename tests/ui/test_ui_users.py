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
