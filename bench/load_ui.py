"""Load run of the web app: N officers searching and M drafting at once, through gradio_client.

    .venv/bin/python bench/load_ui.py                       # starts its own app (composer) on corpus/
    .venv/bin/python bench/load_ui.py --backend llamacpp    # drafting on the embedded LLM
    .venv/bin/python bench/load_ui.py --url http://127.0.0.1:7860/   # against a running app (local user)

Each simulated officer has their own session (Client). Searchers loop over typical queries for
``--duration`` seconds; drafters loop over section requests in their own report. Prints p50/p95/max
latency and errors per kind (issue 6 targets: no errors; searches p95 < 1 s while drafting runs).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from gradio_client import Client

ROOT = Path(__file__).resolve().parents[1]
QUERIES = [
    "tỷ lệ hồ sơ trực tuyến",
    "ty le ho so truc tuyen",
    "hạn chế chuyển đổi số",
    "thanh toán không dùng tiền mặt",
    "Tổ công nghệ số cộng đồng",
    "nguyên nhân hạ tầng mạng yếu",
    "kiến nghị kinh phí thiết bị",
    "dịch vụ công trực tuyến toàn trình",
]
DRAFT_REQUESTS = [
    "Viết phần tồn tại, hạn chế về dịch vụ công trực tuyến",
    "Viết phần ưu điểm về chuyển đổi số",
    "Viết phần nguyên nhân của hạn chế về hạ tầng số",
]
FACTS = {"headers": ["Chỉ tiêu", "Giá trị", "Đơn vị", "Mục tiêu", "Ghi chú"],
         "data": [["Hồ sơ tiếp nhận", "2.148", "hồ sơ", "", ""], ["Hồ sơ toàn trình", "1.693", "hồ sơ", "", ""],
                  ["Tỷ lệ hồ sơ toàn trình", "78,82", "%", "", ""]]}


@dataclass
class Samples:
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, seconds: float | None, error: str = "") -> None:
        with self.lock:
            if error:
                self.errors.append(error)
            else:
                self.latencies.append(seconds or 0.0)

    def summary(self) -> dict:
        lat = sorted(self.latencies)
        pct = lambda q: round(lat[min(len(lat) - 1, int(q * len(lat)))], 3) if lat else None  # noqa: E731
        return {"n": len(lat), "errors": len(self.errors), "p50_s": pct(0.50), "p95_s": pct(0.95),
                "max_s": round(lat[-1], 3) if lat else None,
                "mean_s": round(statistics.fmean(lat), 3) if lat else None,
                "first_errors": self.errors[:3]}


def start_app(backend: str, port: int, workdir: Path) -> subprocess.Popen:
    shutil.copytree(ROOT / "corpus", workdir / "corpus")
    models = ROOT / "data" / "models"
    if models.is_dir():  # reuse the assembled GGUF instead of assembling 1 GB again
        (workdir / "data").mkdir(parents=True, exist_ok=True)
        (workdir / "data" / "models").symlink_to(models, target_is_directory=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ASSISTANT_CONFIG": str(workdir / "none.toml"),
           "ASSISTANT_DATA_DIR": str(workdir / "data"), "ASSISTANT_CORPUS_DIR": str(workdir / "corpus"),
           "ASSISTANT_LLM_BACKEND": backend, "ASSISTANT_UI_PORT": str(port)}
    proc = subprocess.Popen([sys.executable, "-m", "ui"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=open(workdir / "app.log", "w"))
    return proc


def wait_ready(url: str, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                Client(url, verbose=False).predict(QUERIES[0], "", "", "", "", api_name="/search")
                return
        except Exception:
            time.sleep(1)
    raise SystemExit(f"Ứng dụng tại {url} chưa sẵn sàng sau {timeout:.0f} giây.")


def searcher(url: str, stop: threading.Event, out: Samples, offset: int) -> None:
    client = Client(url, verbose=False)
    i = offset
    while not stop.is_set():
        query = QUERIES[i % len(QUERIES)]
        i += 1
        t0 = time.perf_counter()
        try:
            client.predict(query, "", "", "", "", api_name="/search")
            out.add(time.perf_counter() - t0)
        except Exception as exc:
            out.add(None, f"{type(exc).__name__}: {exc}"[:200])
        time.sleep(0.2)  # an officer reads results before the next query


def drafter(url: str, stop: threading.Event, out: Samples, first_token: Samples, offset: int) -> None:
    client = Client(url, verbose=False)
    client.predict(api_name="/new_report")  # each officer drafts in a report of their own
    client.predict(f"Báo cáo thử tải {offset}", "Minh Khê", "6 tháng đầu năm 2026", api_name="/save_report_fields")
    client.predict(FACTS, api_name="/save_facts")
    i = offset
    while not stop.is_set():
        request = DRAFT_REQUESTS[i % len(DRAFT_REQUESTS)]
        i += 1
        t0 = time.perf_counter()
        try:
            job = client.submit(request, [], api_name="/chat")
            got_first = False
            for _ in job:
                if not got_first:
                    first_token.add(time.perf_counter() - t0)
                    got_first = True
            status = job.status()
            if not status.success:
                raise RuntimeError(str(job.exception()))
            out.add(time.perf_counter() - t0)
        except Exception as exc:
            out.add(None, f"{type(exc).__name__}: {exc}"[:200])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="a running app (local user); default: start one on corpus/")
    parser.add_argument("--backend", default="composer", choices=("composer", "llamacpp", "openai"))
    parser.add_argument("--searchers", type=int, default=10)
    parser.add_argument("--drafters", type=int, default=3)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)

    proc = None
    workdir = Path(tempfile.mkdtemp(prefix="load_ui_"))
    url = args.url
    if not url:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        proc = start_app(args.backend, port, workdir)
        url = f"http://127.0.0.1:{port}/"
    try:
        wait_ready(url)
        searches, drafts, ttft = Samples(), Samples(), Samples()
        stop = threading.Event()
        threads = [threading.Thread(target=drafter, args=(url, stop, drafts, ttft, i)) for i in range(args.drafters)]
        threads += [threading.Thread(target=searcher, args=(url, stop, searches, i)) for i in range(args.searchers)]
        for t in threads:
            t.start()
        time.sleep(args.duration)
        stop.set()
        for t in threads:
            t.join(timeout=600)
        result = {"url": url, "backend": args.backend, "searchers": args.searchers, "drafters": args.drafters,
                  "duration_s": args.duration, "search": searches.summary(), "draft": drafts.summary(),
                  "draft_first_update": ttft.summary()}
        if args.json:
            print(json.dumps(result, ensure_ascii=False))
        else:
            print(f"Tải thử: {args.searchers} người tìm kiếm + {args.drafters} người soạn ({args.backend}), "
                  f"{args.duration:.0f} s")
            for name in ("search", "draft", "draft_first_update"):
                s = result[name]
                print(f"  {name:<20} n={s['n']:<5} lỗi={s['errors']:<3} p50={s['p50_s']} s  p95={s['p95_s']} s  "
                      f"max={s['max_s']} s")
                for e in s["first_errors"]:
                    print(f"      {e}")
        ok = not searches.errors and not drafts.errors and (result["search"]["p95_s"] or 0) < 1.0
        return 0 if ok else 1
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
