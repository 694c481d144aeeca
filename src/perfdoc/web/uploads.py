"""Upload handling: a size limit enforced while the body streams in, content checks, temp folders.

Every request that carries a user's file gets its own TemporaryDirectory (`workspace`), removed
before the response is sent; downloads are read into memory first, so nothing a user uploads or
receives stays on disk. The multipart body is parsed here with python-multipart's streaming
parser (not Starlette's form parser) so that an oversized upload is refused as soon as the limit
is crossed, without first spooling the whole body.
"""
from __future__ import annotations

import contextlib
import json
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


def safe_filename(name: str | None) -> str:
    """The base name a user's file had, stripped of folders and control characters."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C").strip(" .")
    base = re.sub(r'[<>:"|?*]', "_", base)
    if len(base) > 120:  # keep the suffix, which carries the kind
        stem, dot, suffix = base.rpartition(".")
        base = (stem[: 110] + dot + suffix[:10]) if dot else base[:120]
    return base or "upload"


@contextlib.contextmanager
def workspace() -> Iterator[Path]:
    """A private temporary folder for one request, always removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="perfdoc-web-") as tmp:
        yield Path(tmp)


def _check_declared_length(request: Request, limit: int) -> None:
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise _limit_error(limit)


async def read_body(request: Request, limit: int) -> bytes:
    """The whole request body, refused once it grows past `limit` (for JSON requests)."""
    _check_declared_length(request, limit)
    chunks: list[bytes] = []
    total = 0
    async for chunk in request.stream():
        total += len(chunk)
        if total > limit:
            raise _limit_error(limit)
        chunks.append(chunk)
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
    _check_declared_length(request, limit)
    collector = _FormCollector(dest, charset)
    parser = MultipartParser(boundary, collector.callbacks())
    total = 0
    try:
        async for chunk in request.stream():
            total += len(chunk)
            if total > limit:
                raise _limit_error(limit)
            parser.write(chunk)
        parser.finalize()
    except (InputError, TooLargeError):
        raise
    except Exception as exc:  # python-multipart raises its own errors on a malformed body
        raise InputError(f"上传内容格式错误，无法解析（{type(exc).__name__}）") from None
    finally:
        collector.close()
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
