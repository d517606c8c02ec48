"""Benchmark of the provider chain against fake servers and a private redis-server.

1. Overhead: calls through the chain to the second provider while the first one's breaker is
   open, against calling the second directly with the OpenAI SDK (target ratio <= 1.05 at a
   realistic answer latency; the raw overhead in milliseconds is printed too).
2. Throughput: a 200-chunk job, 16 threads, fakes answering in 1 s, against the ideal
   chunks x 1 s / threads (target <= 1.2 x ideal).

Run: ``.venv/bin/python scripts/bench/providers_bench.py``
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import openai
import redis

from cards.schema import LLMCardBatch, llm_json_schema
from config import Settings, load_settings
from providers import AllProvidersUnavailable, LLMRequest, ProviderChain
from providers.fakes import FakeLLMServer
from redisconn.embedded import free_port, server_args, wait_until_up

TEXT = "The mitochondrion is the powerhouse of the cell. Water boils at 100 degrees Celsius at sea level."


def req(i: int) -> LLMRequest:
    return LLMRequest(
        system="Write flashcards as JSON.",
        user=f"Chunk {i}. {TEXT}",
        json_schema=llm_json_schema(),
        validator=LLMCardBatch.model_validate,
    )


def settings_for(a: FakeLLMServer, b: FakeLLMServer, **extra: object) -> Settings:
    return load_settings(
        _env_file=None,
        llm_providers=["kiwi", "openrouter"],
        kiwi_api_keys=["ka"],
        kiwi_base_url=a.openai_url,
        openrouter_api_keys=["kb"],
        openrouter_base_url=b.openai_url,
        openrouter_model="bench-model",
        llm_cache_ttl_s=0,
        **extra,
    )


def overhead(client: redis.Redis, latency_s: float, n: int) -> tuple[float, float]:
    """Mean seconds per call: (through the chain with the first provider open, direct SDK)."""
    client.flushdb()
    with FakeLLMServer() as a, FakeLLMServer(latency_s=latency_s) as b:
        chain = ProviderChain.from_settings(settings_for(a, b, llm_breaker_cooldown_s=600), client)
        a.script(default="503")
        b.set_latency(0)
        for i in range(3):  # trip the first provider's breaker
            chain.complete_json(req(i))
        assert client.hget("llm:cb:kiwi", "state") == b"open"
        b.set_latency(latency_s)
        direct = openai.OpenAI(api_key="kb", base_url=b.openai_url, max_retries=0)
        request = req(0)

        def sdk_call() -> None:
            response = direct.chat.completions.create(
                model="bench-model",
                messages=[
                    {"role": "system", "content": request.system},
                    {"role": "user", "content": request.user},
                ],
                response_format={
                    "type": "json_schema",
                    "json_schema": {"name": "cards", "schema": request.json_schema, "strict": False},
                },
                max_tokens=request.max_output_tokens,
            )
            assert response.choices[0].message.content

        for _ in range(3):  # warm both connection pools
            chain.complete_json(request)
            sdk_call()
        chain_times, sdk_times = [], []
        for _ in range(n):  # interleaved so that drift hits both alike
            t = time.perf_counter()
            answer = chain.complete_json(request)
            chain_times.append(time.perf_counter() - t)
            assert answer.provider == "openrouter"
            t = time.perf_counter()
            sdk_call()
            sdk_times.append(time.perf_counter() - t)
        chain.close()
        direct.close()
        return statistics.mean(chain_times), statistics.mean(sdk_times)


def throughput(client: redis.Redis, chunks: int, threads: int, latency_s: float) -> float:
    client.flushdb()
    with FakeLLMServer(latency_s=latency_s) as a, FakeLLMServer(latency_s=latency_s) as b:
        chain = ProviderChain.from_settings(settings_for(a, b), client)
        offline = 0

        def one(i: int) -> None:
            nonlocal offline
            try:
                chain.complete_json(req(i))
            except AllProvidersUnavailable:
                offline += 1

        t = time.perf_counter()
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(one, range(chunks)))
        elapsed = time.perf_counter() - t
        chain.close()
        assert offline == 0 and len(a.log()) == chunks
        return elapsed


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        proc = subprocess.Popen(server_args(port, Path(tmp), daemonize=False), stdout=subprocess.DEVNULL)
        try:
            url = f"redis://127.0.0.1:{port}/0"
            wait_until_up(url)
            client = redis.Redis.from_url(url)
            print("1. chain to the 2nd provider (1st open) vs the SDK directly, mean per call")
            for latency in (0.0, 0.2):
                via_chain, direct = overhead(client, latency, n=100 if latency else 300)
                print(
                    f"   answer latency {latency:.1f} s: chain {via_chain * 1000:.2f} ms, "
                    f"SDK {direct * 1000:.2f} ms, added {(via_chain - direct) * 1000:.2f} ms, "
                    f"ratio {via_chain / direct:.3f}"
                )
            chunks, threads, latency = 200, 16, 1.0
            ideal = chunks * latency / threads
            elapsed = throughput(client, chunks, threads, latency)
            print(f"2. {chunks} chunks, {threads} threads, answers in {latency:.0f} s")
            print(f"   {elapsed:.2f} s vs ideal {ideal:.2f} s: {elapsed / ideal:.3f} x ideal")
            client.close()
        finally:
            proc.terminate()
            proc.wait(timeout=10)


if __name__ == "__main__":
    main()
