"""Load run of the web app: N officers searching and M drafting at once, through gradio_client.

    .venv/bin/python bench/load_ui.py                       # starts its own app (composer) on corpus/
    .venv/bin/python bench/load_ui.py --backend llamacpp    # drafting on the embedded LLM
    .venv/bin/python bench/load_ui.py --url http://127.0.0.1:7860/   # against a running app (local user)
    .venv/bin/python bench/load_ui.py --users --bad-logins 20 --profile   # issue 12 run
    .venv/bin/python bench/load_ui.py --users --bad-logins 20 --profile --queries varied --think 2

Each simulated officer has their own session (Client). Searchers loop over typical queries for
``--duration`` seconds; drafters loop over section requests in their own report. Prints p50/p95/max
latency and errors per kind (issue 12 targets: no errors; searches p95 ≤ 300 ms while drafting runs
and a client floods the login form).

``--users``: the app runs with a users file, every officer signs in through the login form.
``--bad-logins R``: one more client posts wrong logins with random names, at most R per second,
to 127.0.0.1 only. ``--profile``: the app records, per search, the time in the search engine and
in Gradio's ``process_api`` (pre/post-processing + the handler); the rest of the client-measured
latency is the queue and the transport. With ``--profile`` Gradio's own tracer (GRADIO_PROFILING)
also splits each call into queue wait / preprocess / handler / postprocess, and a stack sampler in
the app counts where its threads are (``--sample``, written to ``--sample-out``).

Each officer runs in a process of its own (``--clients processes``, the default): in reality their
browsers are not on the server, and 13 ``gradio_client`` sessions in one GIL-bound process were
measured competing with the server for the 2 cores. ``--clients threads`` is the old behaviour.
``--client-nice N`` lowers those processes' CPU priority (default 0; see docs/benchmarks.md).
``--queries varied`` gives every search a query of its own (topic phrases of the sample corpus
combined, never repeated), so no query vector comes from the cache; ``repeat`` cycles over 8.
``--think S`` is each searcher's pause between two searches (closed loop; 0.2 s is a stress
setting, an officer reading the results takes seconds).
"""

from __future__ import annotations

import argparse
import itertools
import json
import multiprocessing
import os
import random
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
from assistant.retrieve.embeddings import SerializedEmbeddings
def embed_query(self, text):  # cache misses only: the wait for the one model's lock, then the model
    t0 = time.perf_counter()
    with self._lock:
        t1 = time.perf_counter()
        try:
            return self.inner.embed_query(text)
        finally:
            out.write(f"embed_lock_wait {t1 - t0:.6f}\\nembed_model {time.perf_counter() - t1:.6f}\\n")
SerializedEmbeddings.embed_query = embed_query
import gradio.profiling as gp  # GRADIO_PROFILING=1: Gradio's own per-call phases
if gp.PROFILING_ENABLED:
    real_add = gp.collector.add
    def add(trace):
        real_add(trace)
        for phase in ("queue_wait", "preprocess", "fn_call", "postprocess"):
            out.write(f"{phase}:{trace.fn_name} {getattr(trace, phase + '_ms') / 1000:.6f}\\n")
    gp.collector.add = add
if os.environ.get("LOAD_UI_SAMPLE"):
    import collections, json, threading
    def sample():
        flag, dest = os.environ["LOAD_UI_SAMPLE"], os.environ["LOAD_UI_SAMPLE_OUT"]
        inner, inclusive, n, last = collections.Counter(), collections.Counter(), 0, time.monotonic()
        me = threading.get_ident()
        while True:
            time.sleep(0.01)
            if not os.path.exists(flag):
                continue
            for ident, frame in sys._current_frames().items():
                if ident == me:
                    continue
                where, f = [], frame  # a bare frame walk: traceback.extract_stack reads source lines
                while f is not None:
                    where.append(f"{f.f_code.co_filename.rsplit('site-packages/', 1)[-1]}:{f.f_code.co_name}")
                    f = f.f_back
                inner[f"{where[0]}:{frame.f_lineno}"] += 1
                for w in set(where):
                    inclusive[w] += 1
                n += 1
            if time.monotonic() - last > 2:
                last = time.monotonic()
                with open(dest, "w") as f:
                    json.dump({"samples": n, "innermost": inner.most_common(40),
                               "inclusive": inclusive.most_common(80)}, f, ensure_ascii=False, indent=0)
    threading.Thread(target=sample, daemon=True).start()
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
# Topic phrases of the sample corpus (corpus/): --queries varied combines three of them per search.
TOPICS = [
    "dữ liệu dân cư", "định danh điện tử", "kích hoạt tài khoản", "thiết bị đọc căn cước", "Tổ công nghệ số",
    "hồ sơ trực tuyến", "dịch vụ công toàn trình", "thanh toán không dùng tiền mặt", "phí, lệ phí",
    "đăng ký khai sinh", "chứng thực", "loa truyền thanh thôn", "hạ tầng mạng", "kinh phí", "máy tính",
    "người cao tuổi", "chuyển đổi số", "khó khăn, vướng mắc", "kiến nghị cấp trên", "hộ tịch",
    "Bộ phận Một cửa", "đường truyền internet", "Cổng dịch vụ công quốc gia", "đăng ký thường trú",
]


def varied_query(n: int) -> str:
    """The n-th query of a fixed, shuffled list of ordered triples of TOPICS: n -> a different text."""
    return " ".join(_TRIPLES[n % len(_TRIPLES)])


_TRIPLES = list(itertools.permutations(TOPICS, 3))  # 12 144 distinct queries
random.Random(12).shuffle(_TRIPLES)
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


def start_app(backend: str, port: int, workdir: Path, officers: list[str], profile: Path | None,
              sample: bool) -> subprocess.Popen:
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
        env.update(LOAD_UI_PROFILE=str(profile), GRADIO_PROFILING="1")
        if sample:
            env.update(LOAD_UI_SAMPLE=str(workdir / "sampling"), LOAD_UI_SAMPLE_OUT=str(workdir / "samples.json"))
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


class LeanClient:
    """What a browser tab does for one event, without gradio_client's own costs.

    gradio_client opens a new connection for every call (``httpx.post``), a new SSE stream and
    helper threads, polls for messages every 50 ms and, while a job streams, every 1 ms: up to
    ~100 ms a search, and a busy core per drafter, that an officer's browser does not cost. This
    client keeps one keep-alive connection per officer, POSTs ``queue/join`` and reads the session's
    SSE stream for the event's messages, as Gradio's JS client does.
    """

    def __init__(self, url: str, headers: dict | None):
        import secrets

        self.http = httpx.Client(base_url=url, headers=headers or {}, timeout=60)
        config = self.http.get("config").json()
        prefix = config.get("api_prefix", "/gradio_api").strip("/")
        self.join, self.sse = f"{prefix}/queue/join", f"{prefix}/queue/data"
        self.deps = {d.get("api_name"): (d.get("id", i), d["inputs"]) for i, d in enumerate(config["dependencies"])}
        self.state_ids = {c["id"] for c in config["components"] if c.get("type") == "state"}
        self.session = secrets.token_hex(6)

    def stream(self, *values, api_name: str):
        """Yield each output message of one event (generating updates, then the completed one)."""
        fn_index, input_ids = self.deps[api_name.lstrip("/")]
        given = iter(values)  # gr.State inputs travel as null, as gradio_client sends them
        data = [None if cid in self.state_ids else next(given, None) for cid in input_ids]
        response = self.http.post(self.join, json={"data": data, "fn_index": fn_index, "trigger_id": None,
                                                   "session_hash": self.session, "event_data": None})
        response.raise_for_status()
        event_id = response.json()["event_id"]
        with self.http.stream("GET", self.sse, params={"session_hash": self.session}) as sse:
            for line in sse.iter_lines():
                if not line.startswith("data:"):
                    continue
                msg = json.loads(line[5:])
                if msg.get("event_id") != event_id:
                    continue
                if msg.get("msg") == "process_generating":
                    yield msg["output"]
                elif msg.get("msg") == "process_completed":
                    if not msg.get("success"):
                        raise RuntimeError(str(msg.get("output", {}).get("error")))
                    yield msg["output"]
                    return
        raise RuntimeError("SSE stream closed before the result")

    def predict(self, *values, api_name: str) -> list:
        output: dict = {}
        for output in self.stream(*values, api_name=api_name):
            pass
        return output.get("data", [])


@dataclass(frozen=True)
class Officer:
    """What one simulated client does; picklable, so it runs in a thread or a process of its own."""

    kind: str  # "search", "draft" or "bad_login"
    url: str
    offset: int
    headers: dict | None = None
    think_s: float = 0.2
    queries: str = "repeat"  # or "varied"
    stride: int = 1  # number of searchers: with "varied", officer k asks queries k, k + stride, ...
    per_second: float = 0.0  # bad logins
    nice: int = 0
    lean: bool = False  # LeanClient instead of gradio_client


def run_officer(officer: Officer, ready, start, stop, results) -> None:
    """Set up, report ready, wait for ``start``, loop until ``stop``; put (kind, samples, first updates)."""
    if officer.nice:
        os.nice(officer.nice)
    out, first = Samples(), Samples()
    try:
        loop = {"search": _searcher, "draft": _drafter, "bad_login": _bad_logins}[officer.kind]
        body = loop(officer, out, first)  # set-up happens here, the load in the generator's body
        next(body)
    except Exception as exc:  # a failed set-up is an error of this officer, not a crash of the bench
        out.add(None, f"set-up: {type(exc).__name__}: {exc}"[:200])
        body = None
    ready.put(officer.kind)
    start.wait()
    if body is not None:
        for _ in body:
            if stop.is_set():
                break
    results.put((officer.kind, out.latencies, out.errors, first.latencies))


def _searcher(officer: Officer, out: Samples, first: Samples):
    client = LeanClient(officer.url, officer.headers) if officer.lean else Client(officer.url, headers=officer.headers,
                                                                                  verbose=False)
    i = officer.offset
    yield
    while True:
        if officer.queries == "varied":
            query = varied_query(i)
            i += officer.stride
        else:
            query = QUERIES[i % len(QUERIES)]
            i += 1
        t0 = time.perf_counter()
        try:
            client.predict(query, "", "", "", "", api_name="/search")
            out.add(time.perf_counter() - t0)
        except Exception as exc:
            out.add(None, f"{type(exc).__name__}: {exc}"[:200])
        time.sleep(officer.think_s)  # an officer reads results before the next query
        yield


def _drafter(officer: Officer, out: Samples, first_token: Samples):
    client = LeanClient(officer.url, officer.headers) if officer.lean else Client(officer.url, headers=officer.headers,
                                                                                  verbose=False)
    client.predict(api_name="/new_report")  # each officer drafts in a report of their own
    client.predict(f"Báo cáo thử tải {officer.offset}", "Minh Khê", "6 tháng đầu năm 2026",
                   api_name="/save_report_fields")
    client.predict(FACTS, api_name="/save_facts")
    i = officer.offset
    yield
    while True:
        request = DRAFT_REQUESTS[i % len(DRAFT_REQUESTS)]
        i += 1
        t0 = time.perf_counter()
        try:
            if officer.lean:
                for n, _ in enumerate(client.stream(request, [], None, api_name="/chat")):
                    if n == 0:
                        first_token.add(time.perf_counter() - t0)
            else:
                job = client.submit(request, [], None, api_name="/chat")
                got_first = False
                for _ in job:  # gradio_client polls every 1 ms here
                    if not got_first:
                        first_token.add(time.perf_counter() - t0)
                        got_first = True
                status = job.status()
                if not status.success:
                    raise RuntimeError(str(job.exception()))
            out.add(time.perf_counter() - t0)
        except Exception as exc:
            out.add(None, f"{type(exc).__name__}: {exc}"[:200])
        yield


def _bad_logins(officer: Officer, out: Samples, first: Samples):
    """Wrong passwords with random names, paced to ``per_second``; loopback only (checked in main)."""
    import secrets

    from ui.login import CSRF_COOKIE

    with httpx.Client(base_url=officer.url, timeout=60) as http:
        http.get("dang-nhap")
        token = http.cookies.get(CSRF_COOKIE, "")
        yield
        while True:
            t0 = time.perf_counter()
            try:
                response = http.post("dang-nhap", data={"username": secrets.token_hex(5), "password": "sai",
                                                        "csrf": token})
                out.add(time.perf_counter() - t0, "" if response.status_code in (401, 429, 503)
                        else f"HTTP {response.status_code}")
            except Exception as exc:
                out.add(None, f"{type(exc).__name__}: {exc}"[:200])
            time.sleep(max(0.0, 1.0 / officer.per_second - (time.perf_counter() - t0)))
            yield


def run_load(officers: list[Officer], mode: str, duration: float, on_start=None) -> dict[str, tuple[Samples, Samples]]:
    """Run every officer (a process or a thread each), ``duration`` seconds after all are set up."""
    if mode == "processes":
        ctx = multiprocessing.get_context("spawn")  # a clean interpreter each, no forked threads
        ready, results, start, stop = ctx.Queue(), ctx.Queue(), ctx.Event(), ctx.Event()
        workers = [ctx.Process(target=run_officer, args=(o, ready, start, stop, results), daemon=True)
                   for o in officers]
    else:
        import queue

        ready, results, start, stop = queue.Queue(), queue.Queue(), threading.Event(), threading.Event()
        workers = [threading.Thread(target=run_officer, args=(o, ready, start, stop, results), daemon=True)
                   for o in officers]
    for w in workers:
        w.start()
    for _ in workers:
        ready.get(timeout=600)
    if on_start:
        on_start()
    start.set()
    time.sleep(duration)
    stop.set()
    merged: dict[str, tuple[Samples, Samples]] = {k: (Samples(), Samples()) for k in ("search", "draft", "bad_login")}
    for _ in workers:
        kind, latencies, errors, first = results.get(timeout=600)
        merged[kind][0].latencies += latencies
        merged[kind][0].errors += errors
        merged[kind][1].latencies += first
    for w in workers:
        w.join(timeout=60)
    return merged


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
    parser.add_argument("--sample", action="store_true", help="with --profile: a stack sampler in the app")
    parser.add_argument("--sample-out", type=Path, help="where to copy the sampler's counts (JSON)")
    parser.add_argument("--think", type=float, default=0.2, metavar="S", help="searchers' pause between searches")
    parser.add_argument("--queries", choices=("repeat", "varied"), default="repeat",
                        help="repeat: cycle over 8 queries; varied: a new query every search (no cache hit)")
    parser.add_argument("--clients", choices=("processes", "threads"), default="processes",
                        help="one process per simulated client, or all as threads of this process")
    parser.add_argument("--client", choices=("gradio", "lean"), default="gradio",
                        help="officers use gradio_client, or a lean browser-like client (keep-alive, no polling)")
    parser.add_argument("--client-nice", type=int, default=0, metavar="N",
                        help="os.nice(N) in every client (processes only)")
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
        proc = start_app(args.backend, port, workdir, officers, profile, args.sample)
        url = f"http://127.0.0.1:{port}/"
    if args.bad_logins and not url.startswith(("http://127.0.0.1:", "http://localhost:")):
        raise SystemExit("--bad-logins chỉ chạy với ứng dụng trên 127.0.0.1.")
    try:
        wait_ready(url, users)
        headers = [login(url, name) for name in officers] if users else [None] * (args.searchers + args.drafters)
        nice = args.client_nice if args.clients == "processes" else 0
        clients = [Officer("draft", url, i, headers[args.searchers + i], nice=nice, lean=args.client == "lean") for i in range(args.drafters)]
        clients += [Officer("search", url, i, headers[i], think_s=args.think, queries=args.queries,
                            stride=args.searchers, nice=nice, lean=args.client == "lean") for i in range(args.searchers)]
        if args.bad_logins:
            clients.append(Officer("bad_login", url, 0, per_second=args.bad_logins, nice=nice))
        server = psutil.Process(proc.pid) if proc is not None else None
        cpu0 = [0.0]

        def on_start() -> None:  # after every client is set up: only the load itself is measured
            if profile is not None:
                profile.write_text("")
                (workdir / "sampling").touch()
            cpu0[0] = sum(server.cpu_times()[:2]) if server else 0.0

        merged = run_load(clients, args.clients, args.duration, on_start)
        (workdir / "sampling").unlink(missing_ok=True)
        server_cpu_s = round(sum(server.cpu_times()[:2]) - cpu0[0], 1) if server else None
        searches, drafts = merged["search"][0], merged["draft"][0]
        result = {"url": url, "backend": args.backend, "searchers": args.searchers, "drafters": args.drafters,
                  "users": users, "bad_logins_per_s": args.bad_logins, "think_s": args.think,
                  "queries": args.queries, "clients": args.clients, "client": args.client, "client_nice": nice,
                  "duration_s": args.duration, "search": searches.summary(), "draft": drafts.summary(),
                  "draft_first_update": merged["draft"][1].summary(), "bad_login": merged["bad_login"][0].summary(),
                  "server": read_profile(profile) if profile else {}, "server_cpu_s": server_cpu_s,
                  "load_average": [round(x, 1) for x in os.getloadavg()]}
        if args.sample_out and (workdir / "samples.json").is_file():
            time.sleep(2.5)  # the sampler's last write
            shutil.copy(workdir / "samples.json", args.sample_out)
        if args.json:
            print(json.dumps(result, ensure_ascii=False))
        else:
            print(f"Tải thử: {args.searchers} người tìm kiếm + {args.drafters} người soạn ({args.backend}), "
                  f"{args.duration:.0f} s; think {args.think} s, queries {args.queries}, {args.client} clients as "
                  f"{args.clients}"
                  f"{f' (nice {nice})' if nice else ''}")
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
                if ":" in name and name.split(":", 1)[1] not in ("search", "chat"):
                    continue  # set-up calls and the banner timer
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
