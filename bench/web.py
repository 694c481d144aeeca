"""Web app under a bounded burst: 20 concurrent POST /api/check of 100 indicators each, and 5
concurrent statement renders, against `perfdoc serve` started on loopback in a subprocess.

Prints p50/p95/max latency and the error count per burst, the latency of /api/health while the
check burst runs (the event loop must stay free), and a baseline measured in the same run: the
same 100 indicators checked in-process by perfdoc.check, with no HTTP and no concurrency.

    .venv/bin/python bench/web.py [--check-requests 20] [--indicators 100] [--renders 5]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "chengjiang-2023.xlsx"

NAMES_VALUES = [
    ("培训人次", "≥350人次"), ("培训效果", "明显提升"), ("道路养护里程", "≥120公里"),
    ("群众满意度", "≥90%"), ("资金拨付及时率", "100%"), ("项目完成时间", "2024年12月31日前"),
    ("覆盖率", "95"), ("合格率", "≥120%"), ("投入资金", "500万元"), ("受益群众满意度", "≥90人"),
    ("新建校舍面积", "≥3000平方米"), ("设备采购数量", "≥20台"), ("资金拨付", "及时"),
    ("农村饮水安全覆盖率", "≥98%"), ("服务对象满意度", "较好"), ("垃圾清运量", "≥5000吨"),
    ("培训合格率", "≥95%"), ("救助人数", "≥1200人"), ("改造户数", "≥150户"), ("工作效率", "进一步提高"),
]


PREFIXES = ["", "农村", "城区", "全县", "年度", "新增", "累计", "重点", "乡镇", "社区", "学校", "全市", "项目区"]


def items(n: int, seed: int) -> list[dict]:
    """n indicators, varied in name and figure per request so no cache answers them."""
    out = []
    for i in range(n):
        name, value = NAMES_VALUES[(i + seed) % len(NAMES_VALUES)]
        prefix = PREFIXES[(i * 7 + seed * 3) % len(PREFIXES)]
        bump = (seed * 37 + i * 11) % 97
        value = re.sub(r"\d+", lambda m: str(int(m.group()) + bump) if 100 < int(m.group()) < 1900 else m.group(),
                       value, count=1)
        out.append({"name": prefix + name, "value": value, "project": f"项目{seed}-{i // 10}"})
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pct(xs: list[float], p: float) -> float:
    if not xs:
        return float("nan")
    xs = sorted(xs)
    k = max(0, min(len(xs) - 1, round(p / 100 * len(xs) + 0.5) - 1))
    return xs[k]


def line(label: str, lat: list[float], errors: int, total: int) -> str:
    return (f"{label:<34} n={total:<3} p50={pct(lat, 50):6.2f}s p95={pct(lat, 95):6.2f}s "
            f"max={max(lat) if lat else float('nan'):6.2f}s errors={errors}")


async def burst(client: httpx.AsyncClient, requests: list[dict]) -> tuple[list[float], int, list[str]]:
    async def one(req: dict):
        t0 = time.perf_counter()
        try:
            r = await client.request(**req)
            ok = r.status_code == 200
            why = "" if ok else f"{r.status_code} {r.text[:120]}"
        except httpx.HTTPError as exc:
            ok, why = False, type(exc).__name__
        return time.perf_counter() - t0, ok, why

    results = await asyncio.gather(*(one(r) for r in requests))
    lat = [t for t, ok, _ in results if ok]
    errors = [why for _, ok, why in results if not ok]
    return lat, len(errors), errors


async def probe_health(client: httpx.AsyncClient, stop: asyncio.Event, out: list[float]) -> None:
    while not stop.is_set():
        t0 = time.perf_counter()
        try:
            await client.get("/api/health")
            out.append(time.perf_counter() - t0)
        except httpx.HTTPError:
            out.append(float("inf"))
        await asyncio.sleep(0.05)


async def run(url: str, args) -> int:
    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:
        # Warm-up: first use loads models and the library; reported, not part of the burst.
        t0 = time.perf_counter()
        r = await client.post("/api/check", json={"items": items(args.indicators, 0)})
        print(f"warm-up check ({args.indicators} indicators): {time.perf_counter() - t0:.2f}s status={r.status_code}")
        if r.status_code != 200:
            print(f"  check unavailable: {r.text[:200]}")
        reqs = [dict(method="POST", url="/api/check", json={"items": items(args.indicators, s + 1)})
                for s in range(args.check_requests)]
        stop = asyncio.Event()
        health: list[float] = []
        prober = asyncio.create_task(probe_health(client, stop, health))
        t0 = time.perf_counter()
        lat, errors, why = await burst(client, reqs)
        wall = time.perf_counter() - t0
        stop.set()
        await prober
        print(line(f"check burst ({args.check_requests}×{args.indicators})", lat, errors, len(reqs)))
        args.web_rate = args.check_requests * args.indicators / wall
        print(f"  wall {wall:.2f}s, {args.web_rate:.0f} indicators/s")
        if health:
            print(line("  /api/health during check burst", [h for h in health if h != float('inf')],
                       sum(h == float('inf') for h in health), len(health)))
        for w in why[:3]:
            print(f"  error: {w}")
        total_errors = errors

        if EXAMPLE.is_file():
            content = EXAMPLE.read_bytes()
            t0 = time.perf_counter()
            r = await client.post("/api/render/statement",
                                  files={"file": (EXAMPLE.name, content, "application/octet-stream")})
            print(f"warm-up render: {time.perf_counter() - t0:.2f}s status={r.status_code}")
            reqs = [dict(method="POST", url="/api/render/statement",
                         files={"file": (EXAMPLE.name, content, "application/octet-stream")})
                    for _ in range(args.renders)]
            lat, errors, why = await burst(client, reqs)
            print(line(f"statement render burst ({args.renders})", lat, errors, len(reqs)))
            for w in why[:3]:
                print(f"  error: {w}")
            total_errors += errors
        else:
            print("render burst skipped: examples/chengjiang-2023.xlsx not present")
    return total_errors


def baseline(n: int) -> float | None:
    """The same work without HTTP or concurrency: perfdoc.check in this process."""
    try:
        import perfdoc

        perfdoc.check(items(n, 0))  # warm
        runs = []
        for s in range(3):
            t0 = time.perf_counter()
            perfdoc.check(items(n, s + 1))
            runs.append(time.perf_counter() - t0)
        med = statistics.median(runs)
        print(f"baseline in-process perfdoc.check ({n} indicators): median {med:.3f}s "
              f"over {len(runs)} runs = {n / med:.0f} indicators/s")
        return n / med
    except ImportError as exc:
        print(f"baseline skipped: {exc}")
        return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check-requests", type=int, default=20)
    ap.add_argument("--indicators", type=int, default=100)
    ap.add_argument("--renders", type=int, default=5)
    args = ap.parse_args()
    args.check_requests = min(args.check_requests, 200)  # keep the burst bounded
    args.renders = min(args.renders, 50)

    port = free_port()
    env = dict(os.environ)
    env.pop("PERFDOC_CONFIG", None)
    server = subprocess.Popen([sys.executable, "-m", "perfdoc", "serve", "--host", "127.0.0.1",
                               "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                httpx.get(url + "/api/health", timeout=2).raise_for_status()
                break
            except httpx.HTTPError:
                if server.poll() is not None or time.monotonic() > deadline:
                    print("server did not start:", server.stderr.read() if server.poll() is not None else "timeout")
                    return 2
                time.sleep(0.2)
        print(f"server: perfdoc serve on {url} (pid {server.pid}); cpus={os.cpu_count()}")
        errors = asyncio.run(run(url, args))
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=5)
    rate = baseline(args.indicators)
    if rate and getattr(args, "web_rate", None):
        print(f"ratio: web burst throughput / in-process baseline = {args.web_rate / rate:.2f}")
    print(f"total errors: {errors}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
