"""The LLM backends for real: the embedded GGUF, an OpenAI-compatible llama.cpp server, and the
fallback when a server is dead. Each test polishes one short composer draft (no corpus)."""

import subprocess
import sys
import time

import httpx
import pytest

from assistant.draft.backends import make_llm
from assistant.draft.pipeline import Drafter, Streamed
from assistant.draft.types import fact_value_text


@pytest.fixture(scope="module")
def embedded(model_settings):
    return make_llm(model_settings, "llamacpp")


def test_embedded_model_polishes_each_sentence_or_keeps_the_composers(model_settings, embedded, han_che_request):
    drafter = Drafter(model_settings, index=None, llm=embedded)
    streamed = Streamed(drafter.stream(han_che_request))
    chunks = list(streamed)
    draft = streamed.result
    assert any(chunks)  # validated sentences were streamed
    assert draft.polish["tried"] >= 3 and 0 <= draft.polish["accepted"] <= draft.polish["tried"]
    assert draft.mode in ("composer", "llm:llamacpp/" + embedded.name, f"llm:llamacpp/{embedded.name}+composer")
    assert draft.ungrounded_after == 0 and "Hòa Bình Tây" in draft.text
    assert "có thể thấy" not in draft.text.lower() and "tôi" not in draft.text.lower().split()
    for fact in han_che_request.facts:
        assert fact_value_text(fact) in draft.text
    assert len(draft.log) == draft.polish["tried"] - draft.polish["accepted"]  # one reason per rejected sentence
    assert draft.timings["ttft_s"] < draft.timings["total_s"]  # the opening is shown before the model finishes


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
    assert draft.polish["tried"] >= 3 and draft.prompt_tokens > 0, draft.notices  # the server was asked
    assert not any("phản hồi" in n for n in draft.notices)  # a rejected sentence is not a dead server
    assert draft.ungrounded_after == 0
    for fact in han_che_request.facts:
        assert fact_value_text(fact) in draft.text


def test_dead_server_falls_back_to_composer_quickly(settings, free_port, han_che_request):
    dead = settings.replace(llm_backend="openai", llm_base_url=f"http://127.0.0.1:{free_port}/v1", llm_timeout_s=5.0)
    start = time.perf_counter()
    draft = Drafter(dead, index=None).draft(han_che_request)
    assert time.perf_counter() - start < 10
    assert draft.mode == "composer"
    assert any("không phản hồi" in n for n in draft.notices)
    assert draft.ungrounded_after == 0 and "12/35" in draft.text and draft.polish == {"tried": 0, "accepted": 0}
