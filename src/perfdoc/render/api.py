"""render(kind, data, out): the one entry point the CLI and the web app call.

Reads and validates the workbook, derives every figure, stops on inconsistencies (unless
force), renders with the compiled sandboxed template and writes atomically. Notices go to a
folder: one .docx per unit plus 整改台账.xlsx, written together or not at all.
"""
from __future__ import annotations

import os
import re
import shutil
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from perfdoc.config import load_config
from perfdoc.errors import DataError, UsageError
from perfdoc.fileio import atomic_directory, atomic_output, expect_kind, refuse_same_path

KINDS = ("statement", "circular", "notices")
BUILTIN_TEMPLATES = {"statement": "statement.docx", "circular": "circular.docx", "notices": "notice.docx"}
LEDGER_NAME = "整改台账.xlsx"
_UNSAFE = re.compile(r'[\x00-\x1f\x7f/\\:*?"<>|]')
_WORKER_THRESHOLD = 2000  # measured (bench/render.py): below this a process pool costs more than it saves


def safe_filename(name: str, *, limit: int = 60) -> str:
    """A file name from a unit name that stays inside the output folder on any system."""
    s = unicodedata.normalize("NFKC", name)
    s = _UNSAFE.sub("_", s)
    s = re.sub(r"\.{2,}", "_", s).strip(" ._")
    s = re.sub(r"\s+", " ", s)
    return s[:limit].rstrip(" .") or "未命名单位"


def notice_filenames(contexts: list[dict]) -> list[str]:
    """Unique, safe file names `001_单位_整改通知单.docx` (collisions get （2）, （3）…)."""
    width = max(3, len(str(len(contexts))))
    seen: set[str] = set()
    names = []
    for n, ctx in enumerate(contexts, start=1):
        base = f"{n:0{width}d}_{safe_filename(ctx['unit'])}_整改通知单"
        name, k = f"{base}.docx", 2
        while name.casefold() in seen:
            name, k = f"{base}（{k}）.docx", k + 1
        seen.add(name.casefold())
        names.append(name)
    return names


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def _load(kind: str, data: Any):
    from perfdoc.workbook import load
    from perfdoc.workbook.schema import REQUIRED_SHEETS, YearData

    if isinstance(data, YearData):
        return data
    return load(data, require=REQUIRED_SHEETS[kind])


def prepare(kind: str, data: Any, *, template: str | Path | None = None, force: bool = False,
            warn: Callable[[str], None] | None = None):
    """Validate and derive: (compiled template, list of contexts) for `kind`; no file written."""
    from perfdoc.render import context as ctx
    from perfdoc.render.engine import compiled
    from perfdoc.resources import template as builtin
    from perfdoc.workbook import derive

    if kind not in KINDS:
        raise UsageError(f"未知的文书类型“{kind}”，可选：statement（情况说明）、circular（通报）、notices（整改通知单）")
    cfg = load_config()
    year = _load(kind, data)
    if kind == "statement":
        d = derive.derive_statement(year, cfg)
    elif kind == "circular":
        d = derive.derive_circular(year, cfg)
    else:
        if not year.problems:
            loc = year.loc("problems")
            raise DataError("问题清单中没有问题，无法生成整改通知单", file=loc.file, sheet="问题清单")
        d = derive.derive_notices(year, cfg)
    if d.issues:
        if not force:
            first = d.issues[0].error()
            if len(d.issues) > 1:
                first.message += f"；另有 {len(d.issues) - 1} 处不一致"
            raise first
        for issue in d.issues:
            (warn or _stderr)(f"警告：{issue}")
    for message in d.figures.get("warnings", []):
        (warn or _stderr)(f"提示：{message}")
    if template is not None:
        expect_kind(template, ("docx",))
    path = Path(template) if template is not None else builtin(BUILTIN_TEMPLATES[kind])
    tpl = compiled(path)
    if kind == "statement":
        contexts = [ctx.statement_context(year, d, cfg)]
    elif kind == "circular":
        contexts = [ctx.circular_context(year, d, cfg)]
    else:
        contexts = ctx.notice_contexts(year, d, cfg)
    missing = tpl.missing(contexts[0])
    if missing:
        from perfdoc.errors import InputError

        raise InputError(f"模板使用了数据中没有的变量：{'、'.join(sorted(missing))}", file=path,
                         hint="可用变量见 docs/drafting.md")
    return tpl, contexts


def render(kind: str, data: Any, out: str | Path, *, template: str | Path | None = None,
           force: bool = False, progress: Callable[[int, int], None] | None = None,
           warn: Callable[[str], None] | None = None) -> Path:
    """Render `kind` from a workbook/YAML/JSON path (or a YearData) to `out`; returns what was written."""
    out = Path(out)
    if not isinstance(data, (str, Path)) and not hasattr(data, "issuer"):
        raise UsageError("数据应为工作簿文件路径")
    if isinstance(data, (str, Path)):
        refuse_same_path(data, out)
    if template is not None:
        refuse_same_path(template, out)
    if kind in ("statement", "circular") and out.suffix.lower() != ".docx":
        raise UsageError("输出文件应以 .docx 结尾", file=out, hint="例如 -o out/情况说明.docx")
    if kind == "notices" and out.exists() and not out.is_dir():
        raise UsageError("整改通知单的输出应为文件夹", file=out, hint="例如 -o out/整改通知单")
    tpl, contexts = prepare(kind, data, template=template, force=force, warn=warn)
    if kind != "notices":
        content = tpl.render_bytes(contexts[0])
        with atomic_output(out) as tmp:
            tmp.write_bytes(content)
        return out
    return _render_notices(tpl, contexts, out, progress)


_WORK: dict[str, Any] = {}


def _render_chunk(job: tuple[str, list[tuple[str, dict]]]) -> int:
    folder, items = job
    tpl = _WORK["template"]
    for name, context in items:
        (Path(folder) / name).write_bytes(tpl.render_bytes(context))
    return len(items)


def _workers(n: int) -> int:
    wanted = os.environ.get("PERFDOC_WORKERS")
    if wanted is not None:
        return max(1, int(wanted)) if wanted.isdigit() else 1
    if n < _WORKER_THRESHOLD or sys.platform == "win32":
        return 1
    return min(2, os.cpu_count() or 1)


def _render_notices(tpl, contexts: list[dict], out: Path, progress) -> Path:
    from perfdoc.render.ledger import write_ledger

    names = notice_filenames(contexts)
    total = len(contexts)
    existed = out.exists()
    # the first notice is rendered up front: a template error surfaces before any file exists
    first = tpl.render_bytes(contexts[0])
    try:
        with atomic_directory(out) as tmp:
            (tmp / names[0]).write_bytes(first)
            done = 1
            if progress:
                progress(done, total)
            rest = list(zip(names[1:], contexts[1:]))
            workers = _workers(total)
            if workers > 1 and rest:
                import multiprocessing

                _WORK["template"] = tpl
                size = max(10, len(rest) // (workers * 8))
                jobs = [(str(tmp), rest[k:k + size]) for k in range(0, len(rest), size)]
                with multiprocessing.get_context("fork").Pool(workers) as pool:
                    for count in pool.imap_unordered(_render_chunk, jobs):
                        done += count
                        if progress:
                            progress(done, total)
            else:
                for name, context in rest:
                    (tmp / name).write_bytes(tpl.render_bytes(context))
                    done += 1
                    if progress:
                        progress(done, total)
            write_ledger(tmp / LEDGER_NAME, contexts, names)
    except BaseException:
        if not existed and out.is_dir() and not any(out.iterdir()):
            shutil.rmtree(out, ignore_errors=True)
        raise
    return out
