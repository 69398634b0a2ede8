"""Issue 25, point 7: 2,000 `get_lead` calls against the sandbox, paired in
one run: telecrm (blocking, threads, asyncio) against httpx (sync, threads,
async) and requests (sync, threads) doing the same GET by hand with JSON
decoding. Requests per second and client CPU per request (process CPU time
of this process, so the SDK's runtime threads count; the sandbox runs in a
child process and is not counted). Not run in CI.

    python crates/telecrm-py/bench/get_lead.py [--calls 2000] [--rounds 3] [--concurrency 16]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import requests

import telecrm

SANDBOX = """
import json, sys, telecrm
with telecrm.Sandbox() as s:
    print(json.dumps({"base_url": s.base_url, "token": s.token, "enterprise": s.enterprise}), flush=True)
    sys.stdin.read()
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args()
    n, c = args.calls, args.concurrency

    server = subprocess.Popen(
        [sys.executable, "-c", SANDBOX], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert server.stdout is not None
    info = json.loads(server.stdout.readline())
    base, token, enterprise = info["base_url"], info["token"], info["enterprise"]
    lead = telecrm.Sandbox.SEED_LEAD
    url = f"{base}/enterprise/{enterprise}/lead/{lead}"
    headers = {"Authorization": f"Bearer {token}"}

    sdk = telecrm.Client(token, enterprise, base_url=base)
    hx = httpx.Client(headers=headers)
    session = requests.Session()
    session.headers.update(headers)

    def sdk_one() -> str:
        return sdk.get_lead(lead).fields["name"]  # type: ignore[no-any-return]

    def httpx_one() -> str:
        r = hx.get(url)
        r.raise_for_status()
        return r.json()["fields"]["name"]  # type: ignore[no-any-return]

    def requests_one() -> str:
        r = session.get(url)
        r.raise_for_status()
        return r.json()["fields"]["name"]  # type: ignore[no-any-return]

    def sequential(one: Callable[[], str]) -> Callable[[], None]:
        def run() -> None:
            for _ in range(n):
                assert one() == "Jane Doe"
        return run

    def threaded(one: Callable[[], str]) -> Callable[[], None]:
        def run() -> None:
            with ThreadPoolExecutor(max_workers=c) as pool:
                assert set(pool.map(lambda _: one(), range(n))) == {"Jane Doe"}
        return run

    def sdk_async() -> None:
        async def go() -> None:
            client = telecrm.AsyncClient(token, enterprise, base_url=base)
            await in_flight(c, n, lambda: client.get_lead(lead))
        asyncio.run(go())

    def httpx_async() -> None:
        async def go() -> None:
            async with httpx.AsyncClient(headers=headers) as client:
                async def one() -> Any:
                    r = await client.get(url)
                    r.raise_for_status()
                    return r.json()
                await in_flight(c, n, one)
        asyncio.run(go())

    modes: dict[str, Callable[[], None]] = {
        "telecrm Client, sequential": sequential(sdk_one),
        "httpx.Client, sequential": sequential(httpx_one),
        "requests.Session, sequential": sequential(requests_one),
        f"telecrm Client, {c} threads": threaded(sdk_one),
        f"httpx.Client, {c} threads": threaded(httpx_one),
        f"requests.Session, {c} threads": threaded(requests_one),
        f"telecrm AsyncClient, {c} in flight": sdk_async,
        f"httpx.AsyncClient, {c} in flight": httpx_async,
    }
    results: dict[str, list[tuple[float, float]]] = {name: [] for name in modes}
    try:
        for name, run in modes.items():  # warm-up: connections, caches
            run()
        for _ in range(args.rounds):
            for name, run in modes.items():
                wall, cpu = time.perf_counter(), time.process_time()
                run()
                wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
                results[name].append((n / wall, cpu / n * 1e6))
    finally:
        server.stdin.close()  # type: ignore[union-attr]
        server.wait()

    print(f"{n} get_lead calls per run, median of {args.rounds} paired rounds; "
          f"Python {sys.version.split()[0]}, telecrm {telecrm.__version__}, httpx {httpx.__version__}, "
          f"requests {requests.__version__}, {os.cpu_count()} CPUs\n")
    print("| client | requests/s | client CPU µs/request |")
    print("| --- | ---: | ---: |")
    for name, samples in results.items():
        rps = statistics.median(s[0] for s in samples)
        cpu = statistics.median(s[1] for s in samples)
        print(f"| {name} | {rps:,.0f} | {cpu:,.0f} |")


async def in_flight(c: int, n: int, one: Callable[[], Any]) -> None:
    left = n

    async def worker() -> None:
        nonlocal left
        while left > 0:
            left -= 1
            await one()

    await asyncio.gather(*(worker() for _ in range(c)))


if __name__ == "__main__":
    main()
