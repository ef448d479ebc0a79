"""Load run of the web app: N officers searching and M drafting at once, through gradio_client.

    .venv/bin/python bench/load_ui.py                       # starts its own app (composer) on corpus/
    .venv/bin/python bench/load_ui.py --backend llamacpp    # drafting on the embedded LLM
    .venv/bin/python bench/load_ui.py --url http://127.0.0.1:7860/   # against a running app (local user)
    .venv/bin/python bench/load_ui.py --users --bad-logins 20 --profile   # issue 12 run

Each simulated officer has their own session (Client). Searchers loop over typical queries for
``--duration`` seconds; drafters loop over section requests in their own report. Prints p50/p95/max
latency and errors per kind (issue 12 targets: no errors; searches p95 ≤ 300 ms while drafting runs
and a client floods the login form).

``--users``: the app runs with a users file, every officer signs in through the login form.
``--bad-logins R``: one more client posts wrong logins with random names, at most R per second,
to 127.0.0.1 only. ``--profile``: the app records, per search, the time in the search engine and
in Gradio's ``process_api`` (pre/post-processing + the handler); the rest of the client-measured
latency is the queue and the transport.
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
import psutil
from gradio_client import Client

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
OFFICER_PASSWORD = "mat-khau-tai-thu"
# Started instead of ``python -m ui`` with --profile: times the engine and Gradio's process_api per call.
PROFILED_APP = """
import os, sys, time, functools
from gradio.blocks import Blocks
import ui.corpus_service as cs
out = open(os.environ["LOAD_UI_PROFILE"], "a", buffering=1)
real_search = cs.CorpusService.search
def search(self, *a, **k):
    t0 = time.perf_counter()
    try:
        return real_search(self, *a, **k)
    finally:
        out.write(f"engine {time.perf_counter() - t0:.6f}\\n")
cs.CorpusService.search = search
real_process = Blocks.process_api
async def process_api(self, block_fn, *a, **k):
    t0 = time.perf_counter()
    try:
        return await real_process(self, block_fn, *a, **k)
    finally:
        name = getattr(block_fn, "api_name", None) or str(block_fn)
        out.write(f"process_api:{name} {time.perf_counter() - t0:.6f}\\n")
Blocks.process_api = process_api
from ui.app import main
sys.exit(main())
"""
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


def start_app(backend: str, port: int, workdir: Path, officers: list[str], profile: Path | None) -> subprocess.Popen:
    shutil.copytree(ROOT / "corpus", workdir / "corpus")
    models = ROOT / "data" / "models"
    if models.is_dir():  # reuse the assembled GGUF instead of assembling 1 GB again
        (workdir / "data").mkdir(parents=True, exist_ok=True)
        (workdir / "data" / "models").symlink_to(models, target_is_directory=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ASSISTANT_CONFIG": str(workdir / "none.toml"),
           "ASSISTANT_DATA_DIR": str(workdir / "data"), "ASSISTANT_CORPUS_DIR": str(workdir / "corpus"),
           "ASSISTANT_LLM_BACKEND": backend, "ASSISTANT_UI_PORT": str(port)}
    if officers:
        from assistant.workspace.users import add_user

        for name in officers:
            add_user(workdir / "users.toml", name, OFFICER_PASSWORD)
        env["ASSISTANT_USERS_FILE"] = str(workdir / "users.toml")
    command = [sys.executable, "-m", "ui"]
    if profile is not None:
        env["LOAD_UI_PROFILE"] = str(profile)
        command = [sys.executable, "-c", PROFILED_APP]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=open(workdir / "app.log", "w"))
    return proc


def login(url: str, name: str) -> dict[str, str]:
    """Sign in through the form (GET for the CSRF token, then POST); the headers for gradio_client."""
    from ui.login import COOKIE_NAME, CSRF_COOKIE

    with httpx.Client(base_url=url, timeout=60) as http:
        http.get("dang-nhap")
        response = http.post("dang-nhap", data={"username": name, "password": OFFICER_PASSWORD,
                                                "csrf": http.cookies.get(CSRF_COOKIE, "")})
        if response.status_code != 303:
            raise SystemExit(f"Không đăng nhập được {name}: HTTP {response.status_code}")
        return {"Cookie": f"{COOKIE_NAME}={response.cookies[COOKIE_NAME]}"}


def bad_logins(url: str, stop: threading.Event, out: Samples, per_second: float) -> None:
    """Wrong passwords with random names, paced to ``per_second``; loopback only (checked in main)."""
    import secrets

    from ui.login import CSRF_COOKIE

    with httpx.Client(base_url=url, timeout=60) as http:
        http.get("dang-nhap")
        token = http.cookies.get(CSRF_COOKIE, "")
        while not stop.is_set():
            t0 = time.perf_counter()
            try:
                response = http.post("dang-nhap", data={"username": secrets.token_hex(5), "password": "sai",
                                                        "csrf": token})
                out.add(time.perf_counter() - t0, "" if response.status_code in (401, 429, 503)
                        else f"HTTP {response.status_code}")
            except Exception as exc:
                out.add(None, f"{type(exc).__name__}: {exc}"[:200])
            time.sleep(max(0.0, 1.0 / per_second - (time.perf_counter() - t0)))


def read_profile(path: Path) -> dict[str, dict]:
    by_name: dict[str, Samples] = {}
    if path.is_file():
        for line in path.read_text().splitlines():
            name, _, seconds = line.rpartition(" ")
            by_name.setdefault(name, Samples()).add(float(seconds))
    return {name: samples.summary() for name, samples in sorted(by_name.items())}


def wait_ready(url: str, signed_in: bool, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "dang-nhap" if signed_in else url, timeout=2).status_code == 200:
                headers = login(url, "can-bo-0") if signed_in else None
                Client(url, headers=headers, verbose=False).predict(QUERIES[0], "", "", "", "", api_name="/search")
                return
        except Exception:
            time.sleep(1)
    raise SystemExit(f"Ứng dụng tại {url} chưa sẵn sàng sau {timeout:.0f} giây.")


def searcher(url: str, stop: threading.Event, out: Samples, offset: int, headers: dict | None) -> None:
    client = Client(url, headers=headers, verbose=False)
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


def drafter(url: str, stop: threading.Event, out: Samples, first_token: Samples, offset: int,
            headers: dict | None) -> None:
    client = Client(url, headers=headers, verbose=False)
    client.predict(api_name="/new_report")  # each officer drafts in a report of their own
    client.predict(f"Báo cáo thử tải {offset}", "Minh Khê", "6 tháng đầu năm 2026", api_name="/save_report_fields")
    client.predict(FACTS, api_name="/save_facts")
    i = offset
    while not stop.is_set():
        request = DRAFT_REQUESTS[i % len(DRAFT_REQUESTS)]
        i += 1
        t0 = time.perf_counter()
        try:
            job = client.submit(request, [], None, api_name="/chat")
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
    parser.add_argument("--users", action="store_true", help="run with a users file; officers sign in")
    parser.add_argument("--bad-logins", type=float, default=0.0, metavar="R",
                        help="one client sending up to R wrong logins per second (implies --users)")
    parser.add_argument("--profile", action="store_true", help="time the engine and Gradio's handler per call")
    args = parser.parse_args(argv)
    users = args.users or args.bad_logins > 0

    proc = None
    workdir = Path(tempfile.mkdtemp(prefix="load_ui_"))
    profile = workdir / "profile.txt" if args.profile else None
    url = args.url
    officers = [f"can-bo-{i}" for i in range(args.searchers + args.drafters)] if users else []
    if not url:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        proc = start_app(args.backend, port, workdir, officers, profile)
        url = f"http://127.0.0.1:{port}/"
    if args.bad_logins and not url.startswith(("http://127.0.0.1:", "http://localhost:")):
        raise SystemExit("--bad-logins chỉ chạy với ứng dụng trên 127.0.0.1.")
    try:
        wait_ready(url, users)
        if profile is not None:
            profile.write_text("")  # only the load itself, not the warm-up
        headers = [login(url, name) for name in officers] if users else [None] * (args.searchers + args.drafters)
        searches, drafts, ttft, logins = Samples(), Samples(), Samples(), Samples()
        stop = threading.Event()
        threads = [threading.Thread(target=drafter, args=(url, stop, drafts, ttft, i, headers[args.searchers + i]))
                   for i in range(args.drafters)]
        threads += [threading.Thread(target=searcher, args=(url, stop, searches, i, headers[i]))
                    for i in range(args.searchers)]
        if args.bad_logins:
            threads.append(threading.Thread(target=bad_logins, args=(url, stop, logins, args.bad_logins)))
        server = psutil.Process(proc.pid) if proc is not None else None
        cpu0 = sum(server.cpu_times()[:2]) if server else 0.0
        for t in threads:
            t.start()
        time.sleep(args.duration)
        stop.set()
        for t in threads:
            t.join(timeout=600)
        server_cpu_s = round(sum(server.cpu_times()[:2]) - cpu0, 1) if server else None
        result = {"url": url, "backend": args.backend, "searchers": args.searchers, "drafters": args.drafters,
                  "users": users, "bad_logins_per_s": args.bad_logins,
                  "duration_s": args.duration, "search": searches.summary(), "draft": drafts.summary(),
                  "draft_first_update": ttft.summary(), "bad_login": logins.summary(),
                  "server": read_profile(profile) if profile else {}, "server_cpu_s": server_cpu_s,
                  "load_average": [round(x, 1) for x in os.getloadavg()]}
        if args.json:
            print(json.dumps(result, ensure_ascii=False))
        else:
            print(f"Tải thử: {args.searchers} người tìm kiếm + {args.drafters} người soạn ({args.backend}), "
                  f"{args.duration:.0f} s")
            for name in ("search", "draft", "draft_first_update", "bad_login"):
                s = result[name]
                if not s["n"] and not s["errors"]:
                    continue
                print(f"  {name:<20} n={s['n']:<5} lỗi={s['errors']:<3} p50={s['p50_s']} s  p95={s['p95_s']} s  "
                      f"max={s['max_s']} s")
                for e in s["first_errors"]:
                    print(f"      {e}")
            print(f"  server CPU {server_cpu_s} s over {args.duration:.0f} s; load average {result['load_average']}")
            for name, s in result["server"].items():
                print(f"  server {name:<30} n={s['n']:<5} p50={s['p50_s']} s  p95={s['p95_s']} s  max={s['max_s']} s")
        ok = not searches.errors and not drafts.errors and (result["search"]["p95_s"] or 0) <= 0.3
        return 0 if ok else 1
    finally:
        if proc is not None:
            proc.terminate()
            proc.wait(timeout=30)
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
