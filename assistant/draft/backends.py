"""LLM backends as LangChain chat models (streaming), chosen by ``settings.llm_backend``.

- ``llamacpp`` (default): the embedded GGUF through ``langchain_community``'s ``ChatLlamaCpp``.
- ``openai``: any OpenAI-compatible server (vLLM, Ollama, llama.cpp server, LM Studio) through
  ``langchain_openai.ChatOpenAI``; probed first so that a dead server is reported in seconds.
- ``composer``: no LLM; ``make_llm`` returns None and the pipeline composes deterministically.

A backend that cannot be used raises ``LLMUnavailable`` with a Vietnamese message; callers fall
back to the composer and show the message (issue 5 §1: never a hang).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any, Callable

import httpx
from langchain_core.language_models.chat_models import BaseChatModel

from assistant.draft.model_files import ModelFileError, ensure_model, model_path
from assistant.settings import LLM_BACKENDS, Settings

# Sampling for administrative prose: low temperature keeps the small model on the facts;
# a fixed seed makes drafts reproducible for the officer and the evaluation.
TEMPERATURE = 0.2
TOP_P = 0.9
REPEAT_PENALTY = 1.1
SEED = 7
# Qwen2.5 tokenizer on Vietnamese administrative text, measured on the seeds: ~3.5 characters per
# token. Used only when no tokenizer is available (a remote server without the local GGUF).
CHARS_PER_TOKEN = 3.5
# Probe timeout for a remote server: long enough for a LAN, short enough not to look like a hang.
PROBE_TIMEOUT_S = 3.0


class LLMUnavailable(RuntimeError):
    """The configured LLM cannot be used now; ``str(exc)`` is a Vietnamese message for the officer."""


class LLMTimeout(LLMUnavailable):
    """The model streamed for longer than ``settings.llm_timeout_s`` in total."""


@dataclass
class LLMHandle:
    """A ready chat model and what the pipeline needs to know about it."""

    model: BaseChatModel
    backend: str  # "llamacpp" | "openai"
    name: str  # shown to the officer as the draft's mode
    count_tokens: Callable[[str], int] = field(repr=False)
    exact_tokens: bool = True  # False when counting falls back to a character estimate

    @property
    def mode(self) -> str:
        return f"llm:{self.backend}/{self.name}"


def _approx_tokens(text: str) -> int:
    return int(len(text) / CHARS_PER_TOKEN) + 1


def _llama_tokenizer(gguf_path: str) -> Callable[[str], int]:
    """Token counter from the GGUF's own vocabulary (vocab_only: no weights are loaded)."""
    from llama_cpp import Llama

    vocab = Llama(model_path=gguf_path, vocab_only=True, verbose=False)
    return lambda text: len(vocab.tokenize(text.encode("utf-8"), add_bos=False, special=True))


def _chat_llamacpp(settings: Settings) -> LLMHandle:
    try:
        gguf = ensure_model(settings)
    except ModelFileError as exc:
        raise LLMUnavailable(str(exc)) from exc
    try:
        with warnings.catch_warnings():
            # langchain-community announces its sunset on import; the class itself works with langchain 1.x.
            warnings.simplefilter("ignore", DeprecationWarning)
            from langchain_community.chat_models import ChatLlamaCpp
    except ImportError as exc:  # llama-cpp-python or langchain-community missing
        raise LLMUnavailable(f"Chưa cài thư viện cho mô hình nhúng ({exc.name}); dùng bộ soạn mẫu.") from exc
    try:
        model = ChatLlamaCpp(
            model_path=str(gguf),
            n_ctx=settings.llm_ctx,
            n_threads=settings.llm_threads,
            n_batch=512,  # the default (8) makes prompt processing several times slower
            max_tokens=settings.llm_max_tokens,
            temperature=TEMPERATURE,
            top_p=TOP_P,
            repeat_penalty=REPEAT_PENALTY,
            seed=SEED,
            streaming=True,
            verbose=False,
        )
    except ValueError as exc:
        raise LLMUnavailable(f"Không nạp được mô hình {gguf.name}: {exc}") from exc
    client = model.client
    return LLMHandle(
        model=model,
        backend="llamacpp",
        name=gguf.stem,
        count_tokens=lambda text: len(client.tokenize(text.encode("utf-8"), add_bos=False, special=True)),
    )


def probe_openai_server(settings: Settings, timeout_s: float = PROBE_TIMEOUT_S) -> list[str]:
    """Ask the server for its models (GET /models); raise LLMUnavailable if it does not answer in time."""
    if not settings.llm_base_url:
        raise LLMUnavailable("Chưa cấu hình địa chỉ máy chủ LLM (llm_base_url); dùng bộ soạn mẫu.")
    url = settings.llm_base_url.rstrip("/") + "/models"
    try:
        response = httpx.get(
            url, timeout=min(timeout_s, settings.llm_timeout_s), headers={"Authorization": f"Bearer {settings.llm_api_key}"}
        )
        response.raise_for_status()
    except httpx.HTTPError as exc:
        raise LLMUnavailable(
            f"Máy chủ LLM tại {settings.llm_base_url} không phản hồi ({type(exc).__name__}); "
            "bản nháp được soạn bằng bộ soạn mẫu (không dùng LLM)."
        ) from exc
    return [m.get("id", "") for m in response.json().get("data", [])]


def _chat_openai(settings: Settings) -> LLMHandle:
    from langchain_openai import ChatOpenAI

    served = probe_openai_server(settings)
    name = settings.llm_model or (served[0] if served else "")
    if not name:
        raise LLMUnavailable("Máy chủ LLM không cho biết tên mô hình; đặt llm_model trong cấu hình.")
    model = ChatOpenAI(
        base_url=settings.llm_base_url,
        model=name,
        api_key=settings.llm_api_key,
        timeout=settings.llm_timeout_s,
        max_retries=0,
        max_tokens=settings.llm_max_tokens,
        temperature=TEMPERATURE,
        top_p=TOP_P,
        seed=SEED,
        streaming=True,
    )
    # Count with the model's tokenizer when its GGUF is here (the usual llama.cpp-server set-up);
    # otherwise estimate from characters, and say so through exact_tokens.
    local = model_path(settings)
    if local.is_file():
        return LLMHandle(model=model, backend="openai", name=name, count_tokens=_llama_tokenizer(str(local)))
    return LLMHandle(model=model, backend="openai", name=name, count_tokens=_approx_tokens, exact_tokens=False)


def make_llm(settings: Settings, backend: str | None = None) -> LLMHandle | None:
    """The chat model for ``backend`` (default: settings.llm_backend); None for the composer."""
    backend = backend or settings.llm_backend
    if backend not in LLM_BACKENDS:
        raise ValueError(f"Backend LLM không hợp lệ: {backend!r}. Các giá trị hợp lệ: {', '.join(LLM_BACKENDS)}")
    if backend == "composer":
        return None
    if backend == "llamacpp":
        return _chat_llamacpp(settings)
    return _chat_openai(settings)


def is_connection_error(exc: BaseException) -> bool:
    """Errors meaning "the server went away or is too slow" (fall back) rather than a bug (raise)."""
    if isinstance(exc, LLMUnavailable):
        return True
    names = {type(e).__name__ for e in _chain(exc)}
    return bool(names & {"APIConnectionError", "APITimeoutError", "ConnectError", "ReadTimeout", "RemoteProtocolError",
                         "InternalServerError", "APIStatusError", "TimeoutException", "ConnectTimeout"})


def _chain(exc: BaseException) -> list[BaseException]:
    out: list[BaseException] = []
    seen: set[int] = set()
    current: Any = exc
    while current is not None and id(current) not in seen:
        out.append(current)
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return out
