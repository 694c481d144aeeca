"""Upload handling: a size limit enforced while the body streams in, content checks, temp folders.

Every request that carries a user's file gets its own TemporaryDirectory (`workspace`), removed
before the response is sent; downloads are read into memory first, so nothing a user uploads or
receives stays on disk. The multipart body is parsed here with python-multipart's streaming
parser (not Starlette's form parser) so that an oversized upload is refused as soon as the limit
is crossed, without first spooling the whole body.
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from perfdoc.config import Config, load_config
from perfdoc.errors import InputError, TooLargeError, UnsupportedFileError
from perfdoc.fileio import expect_kind

# Which content each file name may carry, per job. The name says what the user meant; the
# content (sniffed by perfdoc.fileio) must agree, or the upload is refused with 415.
RENDER_KINDS = {".xlsx": ("xlsx",), ".yaml": ("text",), ".yml": ("text",), ".json": ("text",)}
CHECK_KINDS = {".xlsx": ("xlsx",), ".csv": ("text",), ".jsonl": ("text",)}
LINT_KINDS = {".docx": ("docx",), ".txt": ("text",)}
IMPORT_KINDS = {".docx": ("docx",), ".txt": ("text", "empty")}  # empty: the importer says so in its words

WORKSPACE_PREFIX = "perfdoc-web-"
DRAIN_EXTRA = 64 * 1024 * 1024  # an oversized body up to limit + this is read (and dropped) before the 413
DRAIN_SECONDS = 30.0
MAX_FIELDS = 20  # a page form has a handful of fields; more is not a browser talking to us
MAX_TEXT_FIELD = 2 * 1024 * 1024  # pasted text; larger drafts should be uploaded as files


@dataclass
class Upload:
    """What one request carried: at most one file (saved to disk) and the text fields."""

    path: Path | None = None
    filename: str | None = None
    fields: dict[str, str] = field(default_factory=dict)


def limit_bytes(config: Config | None = None) -> int:
    cfg = config or load_config()
    return int(cfg.limits.max_upload_mb * 1024 * 1024)


def format_mb(limit: int) -> str:
    return f"{limit / 1024 / 1024:.2f}".rstrip("0").rstrip(".")


def _limit_error(limit: int) -> TooLargeError:
    return TooLargeError(f"上传内容超过大小上限 {format_mb(limit)} MB",
                         hint="请压缩或拆分文件后重试；上限可在配置文件 limits.max_upload_mb 中调整")


MAX_NAME_BYTES = 180  # file systems allow 255 bytes per name; outputs add "-审核结果.xlsx" etc.


def _cut_bytes(text: str, size: int) -> str:
    return text.encode("utf-8")[:size].decode("utf-8", "ignore")


def safe_filename(name: str | None) -> str:
    """The base name a user's file had, stripped of folders and control characters.

    Long names are shortened to MAX_NAME_BYTES bytes of UTF-8 (a Chinese character is 3 bytes),
    keeping the suffix, which carries the kind.
    """
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip(" .")
    base = re.sub(r'[<>:"|?*]', "_", base)
    if len(base.encode("utf-8")) > MAX_NAME_BYTES:
        stem, dot, suffix = base.rpartition(".")
        if dot and len(suffix) <= 10:
            base = _cut_bytes(stem, MAX_NAME_BYTES - 11) + dot + suffix
        else:
            base = _cut_bytes(base, MAX_NAME_BYTES)
    return base or "upload"


@contextlib.contextmanager
def workspace() -> Iterator[Path]:
    """A private temporary folder for one request, always removed afterwards.

    Its name carries the server's process id, so that `sweep_stale_workspaces` can remove the
    folders of a server that crashed or was killed; it is also removed at exit (perfdoc.cleanup).
    """
    from perfdoc import cleanup

    with tempfile.TemporaryDirectory(prefix=f"{WORKSPACE_PREFIX}{os.getpid()}-") as tmp:
        cleanup.register(tmp)
        try:
            yield Path(tmp)
        finally:
            cleanup.unregister(tmp)


def sweep_stale_workspaces() -> int:
    """Remove upload folders left in the temp folder by perfdoc servers that are no longer running."""
    from perfdoc import cleanup

    removed = 0
    root = Path(tempfile.gettempdir())
    try:
        entries = list(root.glob(WORKSPACE_PREFIX + "*"))
    except OSError:
        return 0
    for p in entries:
        pid = p.name[len(WORKSPACE_PREFIX):].split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid() or cleanup.pid_alive(int(pid)):
            continue
        try:
            if p.is_dir() and p.stat().st_uid == os.getuid():
                cleanup.remove(p)
                removed += 1
        except OSError:
            continue
    return removed


async def drain(request: Request, already: int, limit: int) -> None:
    """Read and drop the rest of an oversized body (up to limit + DRAIN_EXTRA, DRAIN_SECONDS).

    Clients that send the whole body before reading the answer (Python's urllib, many scripts)
    would otherwise see the connection reset instead of the 413: closing a socket with unread
    data makes the kernel send RST. Beyond the bound the connection is simply closed.
    """
    bound = limit + DRAIN_EXTRA
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > bound:
        return

    async def _read() -> None:
        total = already
        while total <= bound:
            message = await request.receive()
            if message["type"] != "http.request":
                return
            total += len(message.get("body", b""))
            if not message.get("more_body", False):
                return

    try:
        await asyncio.wait_for(_read(), DRAIN_SECONDS)
    except (asyncio.TimeoutError, TimeoutError, Exception):  # noqa: BLE001 - the 413 is what matters
        return


async def _too_large(request: Request, already: int, limit: int) -> TooLargeError:
    await drain(request, already, limit)
    return _limit_error(limit)


def _declared_over(request: Request, limit: int) -> bool:
    declared = request.headers.get("content-length")
    return bool(declared and declared.isdigit() and int(declared) > limit)


async def read_body(request: Request, limit: int) -> bytes:
    """The whole request body, refused once it grows past `limit` (for JSON requests)."""
    if _declared_over(request, limit):
        raise await _too_large(request, 0, limit)
    chunks: list[bytes] = []
    total = 0
    oversized = False
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit:
            oversized = True
            break
        chunks.append(chunk)
    if oversized:
        raise await _too_large(request, total, limit)
    return b"".join(chunks)


async def read_json(request: Request, limit: int):
    body = await read_body(request, limit)
    return await run_in_threadpool(parse_json, body)


def parse_json(body: bytes):
    if not body.strip():
        raise InputError("请求内容为空，需要 JSON")
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"请求内容不是有效的 JSON（{type(exc).__name__}）") from None
    except RecursionError:
        raise InputError("请求内容的 JSON 嵌套层数过多") from None
    except ValueError:  # an integer of thousands of digits
        raise InputError("请求内容的 JSON 中有位数过多的数值") from None


class _FormCollector:
    """Callbacks for python-multipart: text fields kept in memory, the file part written to disk."""

    def __init__(self, dest: Path, charset: str) -> None:
        self.dest = dest
        self.charset = charset
        self.upload = Upload()
        self._header_name = b""
        self._header_value = b""
        self._disposition = b""
        self._name: str | None = None
        self._buf = bytearray()
        self._fh = None
        self._parts = 0

    def callbacks(self) -> dict:
        return {
            "on_part_begin": self.on_part_begin, "on_part_data": self.on_part_data,
            "on_part_end": self.on_part_end, "on_header_field": self.on_header_field,
            "on_header_value": self.on_header_value, "on_header_end": self.on_header_end,
            "on_headers_finished": self.on_headers_finished,
        }

    def _decode(self, raw: bytes) -> str:
        try:
            return raw.decode(self.charset)
        except (UnicodeDecodeError, LookupError):
            return raw.decode("latin-1")

    def on_part_begin(self) -> None:
        self._parts += 1
        if self._parts > MAX_FIELDS:
            raise InputError("表单字段过多")
        self._disposition = b""
        self._name = None
        self._buf = bytearray()
        self._fh = None

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def on_header_end(self) -> None:
        if self._header_name.lower() == b"content-disposition":
            self._disposition = self._header_value
        self._header_name = b""
        self._header_value = b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        self._name = self._decode(options.get(b"name", b""))
        if b"filename" not in options:
            return
        filename = self._decode(options[b"filename"])
        # Browsers send an empty part with filename="" when no file was chosen: not an upload.
        if not filename or self._name != "file" or self.upload.path is not None:
            self._name = None
            return
        name = safe_filename(filename)
        self.dest.mkdir(parents=True, exist_ok=True)
        path = self.dest / name
        self._fh = path.open("wb")
        self.upload.path = path
        self.upload.filename = name

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._fh is not None:
            self._fh.write(data[start:end])
        elif self._name:
            if len(self._buf) + (end - start) > MAX_TEXT_FIELD:
                raise TooLargeError("粘贴的文字过长", hint="请改为上传文件")
            self._buf.extend(data[start:end])

    def on_part_end(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
        elif self._name and self._name != "file":
            self.upload.fields[self._name] = self._decode(bytes(self._buf))

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


async def receive_form(request: Request, dest: Path, limit: int) -> Upload:
    """Parse a multipart/form-data body into `dest`, refusing it as soon as it passes `limit`."""
    ctype = request.headers.get("content-type", "")
    kind, params = parse_options_header(ctype)
    if kind != b"multipart/form-data":
        raise UnsupportedFileError("请以 multipart/form-data 方式上传文件（表单字段名 file）")
    boundary = params.get(b"boundary")
    if not boundary:
        raise InputError("上传请求缺少 multipart 分隔符（boundary）")
    charset = params.get(b"charset", b"utf-8").decode("latin-1")
    if _declared_over(request, limit):
        raise await _too_large(request, 0, limit)
    collector = _FormCollector(dest, charset)
    parser = MultipartParser(boundary, collector.callbacks())
    total = 0
    oversized = False
    try:
        async for chunk in request.stream():
            total += len(chunk)
            if total > limit:
                oversized = True
                break
            parser.write(chunk)
        if not oversized:
            parser.finalize()
    except (InputError, TooLargeError):
        raise
    except OSError as exc:  # the upload could not be saved (disk full, name too long for this disk)
        raise InputError(f"无法保存上传的文件（{exc.strerror or type(exc).__name__}）",
                         hint="文件名过长时请改短后重试") from None
    except Exception as exc:  # python-multipart raises its own errors on a malformed body
        raise InputError(f"上传内容格式错误，无法解析（{type(exc).__name__}）") from None
    finally:
        collector.close()
    if oversized:
        raise await _too_large(request, total, limit)
    return collector.upload


def require_upload(upload: Upload) -> Path:
    if upload.path is None:
        raise InputError("没有收到上传的文件", hint="请选择文件后再提交（表单字段名 file）")
    return upload.path


def check_upload(path: Path, kinds: dict[str, tuple[str, ...]]) -> str:
    """Refuse a file whose name is not one this job takes, or whose content disagrees with it.

    Runs perfdoc.fileio.expect_kind, which also refuses empty files (422) and zip bombs (413).
    """
    suffix = path.suffix.lower()
    if suffix not in kinds:
        allowed = "、".join(kinds)
        raise UnsupportedFileError(f"不支持的文件类型“{suffix or '无扩展名'}”，这里可以上传 {allowed} 文件",
                                   file=path)
    return expect_kind(path, kinds[suffix])
