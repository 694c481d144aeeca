"""Web app under a bounded burst: 20 concurrent POST /api/check of 100 indicators each, and 5
concurrent statement renders, against `perfdoc serve` started on loopback in a subprocess.

With --load (issue 13): 50 concurrent reviews (POST /api/check/file) of a 500-indicator 申报表
and 20 concurrent statement renders, then a burst of failing uploads (damaged, oversized, bomb);
prints p95 latency, the server's peak RSS (/proc VmHWM) and the upload folders left in the temp
folder (must be 0).

Prints p50/p95/max latency and the error count per burst, the latency of /api/health while the
check burst runs (the event loop must stay free), and a baseline measured in the same run: the
same 100 indicators checked in-process by perfdoc.check, with no HTTP and no concurrency.

    .venv/bin/python bench/web.py [--check-requests 20] [--indicators 100] [--renders 5]
    .venv/bin/python bench/web.py --load [--reviews 50] [--review-indicators 500] [--load-renders 20]
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


def goals_workbook(n: int) -> bytes:
    """A 申报表 (.xlsx) of n indicators in n/10 projects, as a unit would upload it."""
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "绩效目标"
    ws.append(["项目名称", "一级指标", "二级指标", "三级指标", "指标值"])
    levels = [("产出指标", "数量指标"), ("产出指标", "质量指标"), ("效益指标", "社会效益指标"),
              ("满意度指标", "服务对象满意度指标")]
    for k, it in enumerate(items(n, 7)):
        l1, l2 = levels[k % len(levels)]
        ws.append([it["project"], l1, l2, it["name"], it["value"]])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def peak_rss_mb(pid: int) -> float:
    try:
        for row in Path(f"/proc/{pid}/status").read_text().splitlines():
            if row.startswith("VmHWM:"):
                return int(row.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def upload_folders() -> int:
    import tempfile

    return len(list(Path(tempfile.gettempdir()).glob("perfdoc-web-*")))


def bad_uploads() -> list[tuple[str, str, bytes]]:
    """(route, file name, content) that must each fail with a 4xx."""
    import io
    import zipfile

    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("xl/workbook.xml", "<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", b"<c/>" * (30 * 1024 * 1024))
    return [
        ("/api/check/file", "申报表.xlsx", b"PK\x03\x04" + bytes(range(256)) * 16),  # damaged
        ("/api/check/file", "申报表.xlsx", bomb.getvalue()),  # 120 MB inflation
        ("/api/check/file", "申报表.jsonl", b"[" * 100_000),  # nesting
        ("/api/render/statement", "data.yaml", b"a: &a [1,2]\nb: [*a, *a]\n"),  # alias
        ("/api/lint", "big.txt", b"a" * (21 * 1024 * 1024)),  # over 20 MB
    ]


async def load(url: str, args, pid: int) -> int:
    before = upload_folders()
    limits = httpx.Limits(max_connections=128, max_keepalive_connections=128)
    errors_total = 0
    async with httpx.AsyncClient(base_url=url, timeout=600, limits=limits) as client:
        goals = goals_workbook(args.review_indicators)
        t0 = time.perf_counter()
        r = await client.post("/api/check/file", files={"file": ("申报表.xlsx", goals)})
        print(f"warm-up review ({args.review_indicators} indicators): {time.perf_counter() - t0:.2f}s "
              f"status={r.status_code}")
        reqs = [dict(method="POST", url="/api/check/file", files={"file": ("申报表.xlsx", goals)})
                for _ in range(args.reviews)]
        t0 = time.perf_counter()
        lat, errors, why = await burst(client, reqs)
        wall = time.perf_counter() - t0
        print(line(f"review burst ({args.reviews}×{args.review_indicators})", lat, errors, len(reqs)))
        print(f"  wall {wall:.1f}s = {args.reviews * args.review_indicators / wall:.0f} indicators/s; "
              f"server peak RSS {peak_rss_mb(pid):.0f} MB")
        for w in why[:3]:
            print(f"  error: {w}")
        errors_total += errors
        content = EXAMPLE.read_bytes()
        reqs = [dict(method="POST", url="/api/render/statement",
                     files={"file": (EXAMPLE.name, content, "application/octet-stream")})
                for _ in range(args.load_renders)]
        lat, errors, why = await burst(client, reqs)
        print(line(f"statement render burst ({args.load_renders})", lat, errors, len(reqs)))
        for w in why[:3]:
            print(f"  error: {w}")
        errors_total += errors
        statuses = []
        for route, name, data in bad_uploads():
            r = await client.post(route, files={"file": (name, data)})
            statuses.append(r.status_code)
        print(f"failing uploads answered: {statuses} (all 4xx: {all(400 <= s < 500 for s in statuses)})")
        errors_total += sum(not 400 <= s < 500 for s in statuses)
    print(f"server peak RSS after all bursts: {peak_rss_mb(pid):.0f} MB")
    left = upload_folders() - before
    print(f"upload folders left in the temp folder: {left}")
    return errors_total + max(0, left)


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


def baseline_review(n: int) -> float | None:
    """One 申报表 of n indicators annotated in-process (perfdoc.annotate), no HTTP, no concurrency."""
    import tempfile

    import perfdoc

    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "申报表.xlsx"
        src.write_bytes(goals_workbook(n))
        perfdoc.annotate(src, Path(tmp) / "warm.xlsx")
        t0 = time.perf_counter()
        perfdoc.annotate(src, Path(tmp) / "out.xlsx")
        took = time.perf_counter() - t0
    print(f"baseline in-process perfdoc.annotate ({n} indicators): {took:.2f}s")
    return took


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check-requests", type=int, default=20)
    ap.add_argument("--indicators", type=int, default=100)
    ap.add_argument("--renders", type=int, default=5)
    ap.add_argument("--load", action="store_true", help="issue 13: reviews of a 申报表, renders, failing uploads")
    ap.add_argument("--reviews", type=int, default=50)
    ap.add_argument("--review-indicators", type=int, default=500)
    ap.add_argument("--load-renders", type=int, default=20)
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
        if args.load:
            errors = asyncio.run(load(url, args, server.pid))
            base = baseline_review(args.review_indicators)
            print(f"total errors: {errors}")
            return 1 if errors else 0
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
