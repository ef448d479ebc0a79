"""The ``assistant`` command.

Each area owns one module here with ``register(subparsers)`` for its top-level
commands and, optionally, ``register_eval(eval_subparsers)`` for its
``assistant eval <name>`` command. A command handler receives the parsed args
and a Settings and returns the process exit status.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from assistant.settings import load_settings

# Modules that contribute commands; a missing one (area not built yet) is skipped.
COMMAND_MODULES = ("corpus", "facts", "export", "draft", "users", "outline")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="assistant", description="Trợ lý soạn báo cáo xã")
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH")
    eval_parser = sub.add_parser("eval", help="Đánh giá chất lượng (retrieval, numbers, drafting)")
    eval_sub = eval_parser.add_subparsers(dest="eval_command", required=True, metavar="BỘ_ĐÁNH_GIÁ")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(f"assistant.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"assistant.cli.{name}":
                continue
            raise
        module.register(sub)
        if hasattr(module, "register_eval"):
            module.register_eval(eval_sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8")
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except (ValueError, OSError) as exc:
        print(f"Lỗi cấu hình: {exc}", file=sys.stderr)
        return 2
    try:
        return int(args.handler(args, settings) or 0)
    except KeyboardInterrupt:
        print("\nĐã dừng.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
