"""The LLM backends for real: the embedded GGUF, an OpenAI-compatible llama.cpp server, and the
fallback when a server is dead. Each test polishes one short composer draft (no corpus)."""

import subprocess
import sys
import time

import httpx
import pytest

from assistant.draft.backends import make_llm
from assistant.draft.pipeline import Drafter
from assistant.draft.types import Draft


@pytest.fixture(scope="module")
def embedded(model_settings):
    return make_llm(model_settings, "llamacpp")


def test_embedded_model_polishes_or_falls_back_with_reasons(model_settings, embedded, han_che_request):
    drafter = Drafter(model_settings, index=None, llm=embedded)
    items = list(drafter.stream(han_che_request))
    draft = items[-1]
    assert isinstance(draft, Draft)
    assert any(isinstance(i, str) and i for i in items[:-1])  # tokens were streamed
    assert 0 < draft.prompt_tokens <= model_settings.prompt_budget_tokens
    assert draft.ungrounded_after == 0
    if draft.mode.startswith("llm:llamacpp/"):  # accepted: the validator's rules hold on the real output
        assert "Hòa Bình Tây" in draft.text and "có thể thấy" not in draft.text.lower()
    else:  # rejected twice: the composer's draft, and the officer is told why
        assert draft.mode == "composer" and any("chưa đạt yêu cầu" in n for n in draft.notices), draft.notices
    for fact in han_che_request.facts:
        assert fact.value in draft.text
    assert "ttft_s" in draft.timings


def test_tokenizer_counts_vietnamese(embedded):
    n = embedded.count_tokens("UBND xã Hòa Bình Tây tiếp nhận 1.250 hồ sơ trực tuyến.")
    assert 8 <= n <= 40


@pytest.fixture(scope="module")
def llama_server(model_settings):
    """``python -m llama_cpp.server`` on the assembled GGUF, on a free loopback port."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    gguf = model_settings.models_dir / "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"
    proc = subprocess.Popen(
        [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--host", "127.0.0.1", "--port", str(port),
         "--n_ctx", str(model_settings.llm_ctx), "--n_threads", str(model_settings.llm_threads),
         "--model_alias", "qwen-local"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            try:
                if httpx.get(f"{url}/models", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            pytest.fail("llama_cpp.server did not start within 120 s")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_openai_compatible_server_drafts(model_settings, llama_server, han_che_request):
    settings = model_settings.replace(llm_backend="openai", llm_base_url=llama_server, llm_model="qwen-local")
    draft = Drafter(settings, index=None).draft(han_che_request)
    assert draft.mode in ("llm:openai/qwen-local", "composer"), draft.notices
    assert draft.prompt_tokens > 0  # the server was asked to polish
    assert not any("không phản hồi" in n for n in draft.notices)  # a rejected rewrite is not a dead server
    assert draft.ungrounded_after == 0
    for fact in han_che_request.facts:
        assert fact.value in draft.text


def test_dead_server_falls_back_to_composer_quickly(settings, free_port, han_che_request):
    dead = settings.replace(llm_backend="openai", llm_base_url=f"http://127.0.0.1:{free_port}/v1", llm_timeout_s=5.0)
    start = time.perf_counter()
    draft = Drafter(dead, index=None).draft(han_che_request)
    assert time.perf_counter() - start < 10
    assert draft.mode == "composer"
    assert any("không phản hồi" in n for n in draft.notices)
    assert draft.ungrounded_after == 0 and "12/35" in draft.text
