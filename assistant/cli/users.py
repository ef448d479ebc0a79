"""``assistant users add|passwd|remove|unlock|list``: the officers who may sign in to the web app.

The users file is ``settings.users_file`` (``ASSISTANT_USERS_FILE``) or ``--file``. The running app
re-reads it when it changes, so every command takes effect at once without a restart:
``passwd`` and ``remove`` end that user's open sessions (they are bound to the password hash),
``unlock`` forgives the failed logins that locked the name (from every machine).
Passwords are asked twice on the terminal (``getpass``) or read from stdin with ``--stdin``.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path

from assistant.workspace.users import AccessConfigError, add_user, load_user_entries, remove_user, unlock_user


def register(subparsers) -> None:
    parser = subparsers.add_parser("users", help="Quản lý người dùng của giao diện web")
    parser.add_argument("--file", type=Path, help="tệp người dùng (mặc định: users_file trong cấu hình, "
                                                   "hoặc users.toml)")
    sub = parser.add_subparsers(dest="users_command", required=True, metavar="VIỆC")
    for name, help_text in (("add", "Thêm người dùng"), ("passwd", "Đổi mật khẩu (đóng các phiên đang mở)")):
        cmd = sub.add_parser(name, help=help_text)
        cmd.add_argument("name", help="tên đăng nhập (chữ thường không dấu, số, '.', '_', '-')")
        cmd.add_argument("--stdin", action="store_true", help="đọc mật khẩu từ dòng đầu của stdin")
    sub.add_parser("remove", help="Xóa người dùng (đóng các phiên đang mở)").add_argument("name")
    sub.add_parser("unlock", help="Mở khóa đăng nhập sau nhiều lần nhập sai").add_argument("name")
    sub.add_parser("list", help="Liệt kê người dùng")
    parser.set_defaults(handler=users_command)


def _users_file(args: argparse.Namespace, settings) -> Path:
    return Path(args.file or settings.users_file or "users.toml")


def _password(args: argparse.Namespace) -> str | None:
    if args.stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password = getpass.getpass(f"Mật khẩu cho {args.name}: ")
    if password != getpass.getpass("Nhập lại mật khẩu: "):
        print("Hai lần nhập mật khẩu không khớp.", file=sys.stderr)
        return None
    return password


def users_command(args: argparse.Namespace, settings) -> int:
    path = _users_file(args, settings)
    try:
        if args.users_command == "list":
            for name, entry in sorted(load_user_entries(path).items()):
                print(name)
            return 0
        if args.users_command in ("add", "passwd"):
            exists = path.is_file() and path.stat().st_size and args.name in load_user_entries(path)
            if args.users_command == "passwd" and not exists:
                print(f"Không có người dùng {args.name!r} trong {path}.", file=sys.stderr)
                return 1
            if args.users_command == "add" and exists:
                print(f"Người dùng {args.name!r} đã có; đổi mật khẩu bằng: assistant users passwd {args.name}",
                      file=sys.stderr)
                return 1
            password = _password(args)
            if password is None:
                return 1
            add_user(path, args.name, password)
            print(f"Đã lưu người dùng {args.name} vào {path}."
                  + (" Các phiên đăng nhập cũ đã bị đóng." if exists else ""))
        elif args.users_command == "remove":
            remove_user(path, args.name)
            print(f"Đã xóa người dùng {args.name}; các phiên đăng nhập của người này đã bị đóng.")
        elif args.users_command == "unlock":
            unlock_user(path, args.name)
            print(f"Đã mở khóa đăng nhập cho {args.name}.")
    except (ValueError, AccessConfigError) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0
