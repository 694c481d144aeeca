"""Where the web app runs its jobs: two bounded thread pools and a per-request time limit.

Uploads, renders and long lists go to the *heavy* pool (`limits.web_jobs` threads); a short
pasted check or lint goes to the *quick* pool, so one user's one-line check is answered while
others' big files are being processed. A job that does not finish within
`limits.request_seconds` (waiting included) is answered with 503 and a Chinese message; a job
still waiting for a thread is dropped, one already running finishes in its thread (Python cannot
stop a thread) but keeps its slot, so the number of busy threads stays bounded.
"""
from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

from perfdoc.config import Config, load_config
from perfdoc.errors import PerfdocError

QUICK_ITEMS = 20  # a pasted check of up to this many indicators is quick
QUICK_CHARS = 20_000  # a pasted draft of up to this many characters is quick

_lock = threading.Lock()
_pools: dict[tuple[str, int], ThreadPoolExecutor] = {}


class Busy(PerfdocError):
    """The server is at capacity, or the job ran past the time limit."""

    http_status = 503


def _pool(lane: str, size: int) -> ThreadPoolExecutor:
    with _lock:
        pool = _pools.get((lane, size))
        if pool is None:
            pool = _pools[(lane, size)] = ThreadPoolExecutor(size, thread_name_prefix=f"perfdoc-{lane}")
        return pool


def is_quick(fn, args) -> bool:
    """Short pasted jobs: a few indicators, or a short text."""
    from perfdoc.web import service

    if fn is service.check_items and args and isinstance(args[0], list):
        return len(args[0]) <= QUICK_ITEMS and sum(len(str(a)) for a in args[0]) <= QUICK_CHARS
    if fn is service.lint_pasted and args and isinstance(args[0], str):
        return len(args[0]) <= QUICK_CHARS
    return False


async def run(fn, *args, config: Config | None = None):
    """Run fn(*args) in a worker thread of its lane, within the per-request time limit."""
    limits = (config or load_config()).limits
    quick = is_quick(fn, args)
    pool = _pool("quick", limits.web_quick_jobs) if quick else _pool("heavy", limits.web_jobs)
    started = threading.Event()

    def call():
        started.set()
        return fn(*args)

    future = pool.submit(call)
    try:
        return await asyncio.wait_for(asyncio.wrap_future(future), timeout=limits.request_seconds)
    except (asyncio.TimeoutError, TimeoutError):
        if future.cancel() or not started.is_set():
            raise Busy("服务器繁忙，请稍后重试", hint=f"同时处理的任务已达上限 {limits.web_jobs} 个") from None
        raise Busy(f"处理超过 {limits.request_seconds:g} 秒仍未完成，已停止等待",
                   hint="文件可能过大或内容异常；请拆分后重试") from None


def run_in_threadpool(fn, *args):
    """Drop-in for starlette's run_in_threadpool inside the page and API routes."""
    return run(fn, *args)
