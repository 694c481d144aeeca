"""Sandboxed, autoescaping docxtpl rendering with compiled templates reused across documents.

A template is read and compiled once (docxtpl's own XML patching, then Jinja compile in a
SandboxedEnvironment with autoescape); each document is then one Jinja render plus a zip write
of the template's parts with the new document.xml. Headers/footers with tags are rendered too.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from perfdoc.errors import InputError

_TAG = re.compile(r"{[{%#]")

# Bounds on one render of a user's template (a real one takes well under a second and a few MB):
RENDER_SECONDS = 30.0  # wall time of one document
RANGE_BUDGET = 1_000_000  # items over all range() calls of one document
MAX_INT_ARG = 1_000_000  # an integer passed to a function or filter (widths, counts)
MAX_POWER = 64  # exponent of **
MAX_REPEAT = 10_000_000  # characters/items made by "…" * n
MAX_OUTPUT = 64 * 1024 * 1024  # characters of rendered XML


class TemplateLimitError(Exception):
    """A template that tries to run too long or build too much; becomes an InputError."""


_budget = __import__("threading").local()


def _start_budget() -> None:
    import time

    _budget.deadline = time.monotonic() + RENDER_SECONDS
    _budget.items = 0


def _tick(items: int = 0) -> None:
    import time

    deadline = getattr(_budget, "deadline", None)
    if deadline is None:
        return
    if time.monotonic() > deadline:
        raise TemplateLimitError(f"模板渲染超过 {RENDER_SECONDS:g} 秒，已停止")
    _budget.items += items
    if _budget.items > RANGE_BUDGET:
        raise TemplateLimitError(f"模板中的循环次数超过上限 {RANGE_BUDGET:,}")


def _check_args(args, kwargs) -> None:
    for a in (*args, *kwargs.values()):
        if isinstance(a, int) and not isinstance(a, bool) and abs(a) > MAX_INT_ARG:
            raise TemplateLimitError(f"模板中的数值参数 {str(a)[:20]} 超过上限 {MAX_INT_ARG:,}")


def _bounded_range(*args):
    _check_args(args, {})
    rng = range(*args)
    _tick(len(rng))
    return rng


def _bounded_filter(fn):
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        _tick()
        _check_args(args[1:], kwargs)
        return fn(*args, **kwargs)

    return wrapper


def jinja_env():
    """The one Jinja environment for every template: sandboxed, autoescaping, strict, bounded.

    No constant folding at compile time (it would run `7**(10**9)` while compiling); `**`, `*`,
    range(), every call and every filter are checked against the bounds above.
    """
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from perfdoc.render.formatting import FILTERS

    class BoundedEnvironment(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"**", "*", "//", "%"})

        def call_binop(self, context, operator, left, right):
            _tick()
            if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_POWER:
                raise TemplateLimitError(f"模板中的乘方指数 {str(right)[:20]} 超过上限 {MAX_POWER}")
            if operator == "*":
                for seq, n in ((left, right), (right, left)):
                    if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_REPEAT:
                        raise TemplateLimitError("模板中重复生成的内容过长")
                if isinstance(left, int) and isinstance(right, int) and \
                        left.bit_length() + right.bit_length() > 4096:
                    raise TemplateLimitError("模板中的数值过大")
            if operator == "%" and isinstance(left, str):
                _check_args(right if isinstance(right, tuple) else (right,), {})
            return super().call_binop(context, operator, left, right)

        def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 - jinja's signature
            _tick()
            _check_args(args, kwargs)
            return super().call(__context, __obj, *args, **kwargs)

    env = BoundedEnvironment(autoescape=True, undefined=StrictUndefined, optimized=False)
    env.filters.update(FILTERS)
    env.filters = {name: _bounded_filter(f) for name, f in env.filters.items()}
    env.globals["range"] = _bounded_range
    return env


@lru_cache(maxsize=1)
def _env():
    return jinja_env()


@dataclass
class _Part:
    name: str  # zip member
    template: Any  # compiled jinja Template
    prefix: str = ""  # document.xml text before/after <w:body>
    suffix: str = ""


def _template_error(path: Path, exc: Exception) -> InputError:
    from jinja2 import TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    if isinstance(exc, SecurityError):
        return InputError(f"模板试图访问不允许的内部属性，已拒绝渲染（{exc}）", file=path,
                          hint="模板只能使用数据中的变量和 perfdoc 提供的过滤器")
    if isinstance(exc, UndefinedError):
        return InputError(f"模板使用了数据中没有的变量或属性（{exc.message}）", file=path,
                          hint="变量名见 docs/drafting.md")
    if isinstance(exc, TemplateSyntaxError):
        return InputError(f"模板语法错误：{exc.message}", file=path,
                          hint="检查 {{ }} 和 {% %} 是否成对，标签中不要使用中文引号")
    if isinstance(exc, TemplateLimitError):
        return InputError(str(exc), file=path, hint="模板中不要使用大循环、递归或超大数值")
    if isinstance(exc, RecursionError):
        return InputError("模板递归层数过多（宏调用自身），已停止渲染", file=path)
    if isinstance(exc, (OverflowError, MemoryError)):
        return InputError("模板中的数值或内容过大，已停止渲染", file=path)
    if isinstance(exc, TypeError) and "loader" in str(exc):
        return InputError("模板不能包含（include/import/extends）其他文件", file=path,
                          hint="请把内容直接写在模板中")
    return InputError(f"模板渲染失败（{type(exc).__name__}：{str(exc)[:200]}）", file=path)


class CompiledTemplate:
    """One .docx template read and compiled; `render_bytes(context)` gives a finished .docx."""

    def __init__(self, path: str | Path) -> None:
        from docxtpl import DocxTemplate
        from jinja2 import TemplateError, meta
        from lxml import etree

        self.path = Path(path)
        self._etree = etree
        try:
            with zipfile.ZipFile(self.path) as zf:
                self.members = [(info, zf.read(info.filename)) for info in zf.infolist()]
        except (zipfile.BadZipFile, OSError, KeyError):
            raise InputError("模板文件已损坏，无法作为 Word 文档打开", file=self.path) from None
        names = {info.filename for info, _ in self.members}
        if "word/document.xml" not in names:
            raise InputError("模板不是 Word 文档（.docx）", file=self.path)
        try:
            tpl = DocxTemplate(str(self.path))
            tpl.init_docx()
        except Exception as exc:  # python-docx raises many kinds on damaged packages
            raise InputError(f"模板无法打开（{type(exc).__name__}）", file=self.path) from None
        self._tpl = tpl
        env = _env()
        self.parts: list[_Part] = []
        sources = []
        doc_xml = dict((i.filename, b) for i, b in self.members)["word/document.xml"].decode("utf-8")
        start = re.search(r"<w:body[ >]", doc_xml)
        end = doc_xml.rfind("</w:body>")
        if start is None or end < 0:
            raise InputError("模板的正文部分无法识别", file=self.path)
        raw_body = tpl.get_xml()
        # docxtpl's table fix-up is only needed for column loops and merges; it costs a re-parse.
        self._fix_tables = bool(re.search(r"{%-?\s*(tc\s|colspan|hm\b|vm\b)", raw_body))
        from perfdoc.render.layout import FIT_MARK

        self._fit = FIT_MARK in raw_body  # tables whose column widths follow the rendered text
        self._frames = 'w:vSpace="2"' in raw_body and 'w:yAlign="bottom"' in raw_body  # 版记 frames
        body_src = tpl.patch_xml(raw_body)
        try:
            compiled = env.from_string(re.sub(r"<w:p([ >])", r"\n<w:p\1", body_src))
            sources.append(body_src)
            self.parts.append(_Part("word/document.xml", compiled, doc_xml[: start.start()],
                                    doc_xml[end + len("</w:body>"):]))
            for uri in (tpl.HEADER_URI, tpl.FOOTER_URI):
                for _, part in tpl.get_headers_footers(uri):
                    xml = tpl.get_part_xml(part)
                    if not _TAG.search(xml):
                        continue
                    src = tpl.patch_xml(xml)
                    sources.append(src)
                    self.parts.append(_Part(str(part.partname).lstrip("/"),
                                            env.from_string(re.sub(r"<w:p([ >])", r"\n<w:p\1", src))))
            self.variables = set().union(*(meta.find_undeclared_variables(env.parse(s)) for s in sources))
        except (TemplateError, RecursionError) as exc:
            raise _template_error(self.path, exc) from None

    def missing(self, context: dict) -> set[str]:
        """Top-level variables the template uses that the context does not provide."""
        return self.variables - set(context)

    def _post(self, xml: str) -> str:
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
        return self._tpl.resolve_listing(xml)

    def render_bytes(self, context: dict) -> bytes:
        from jinja2 import TemplateError

        out: dict[str, bytes] = {}
        for part in self.parts:
            _start_budget()
            try:
                pieces, size = [], 0
                for chunk in part.template.generate(context):
                    size += len(chunk)
                    if size > MAX_OUTPUT:
                        raise TemplateLimitError(f"模板渲染结果超过 {MAX_OUTPUT // 1024 // 1024} MB，已停止")
                    pieces.append(chunk)
                xml = self._post("".join(pieces))
            except (TemplateError, TemplateLimitError, RecursionError, OverflowError, MemoryError,
                    TypeError, ValueError, ZeroDivisionError) as exc:
                raise _template_error(self.path, exc) from None
            finally:
                _budget.deadline = None
            try:
                tree = self._etree.fromstring(xml.encode("utf-8"))
            except self._etree.XMLSyntaxError as exc:
                raise InputError(f"模板渲染结果不是有效的 Word 内容（{exc}）", file=self.path,
                                 hint="检查 {%p %}/{%tr %} 标签是否各占一个段落或表格行") from None
            if part.name == "word/document.xml":
                if self._fix_tables:
                    tree = self._tpl.fix_tables(xml)
                    xml = self._etree.tostring(tree, encoding="unicode")
                if self._fit or self._frames:
                    from perfdoc.render import layout

                    if self._fit:
                        layout.fit_tables(tree)
                    if self._frames:
                        layout.place_copy_frames(tree)
                    xml = self._etree.tostring(tree, encoding="unicode")
                out[part.name] = (part.prefix + xml + part.suffix).encode("utf-8")
            else:
                out[part.name] = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                                  + self._etree.tostring(tree, encoding="utf-8"))
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=3) as zout:
            for info, data in self.members:
                zi = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                zi.compress_type = zipfile.ZIP_DEFLATED
                zi.external_attr = info.external_attr
                zout.writestr(zi, out.get(info.filename, data))
        return buf.getvalue()


def _key(path: Path) -> tuple:
    st = path.stat()
    return (str(path.resolve()), st.st_mtime_ns, st.st_size)


@lru_cache(maxsize=16)
def _compiled(key: tuple) -> CompiledTemplate:
    return CompiledTemplate(key[0])


def compiled(path: str | Path) -> CompiledTemplate:
    """The compiled template for a file, reused while the file is unchanged."""
    p = Path(path)
    if not p.is_file():
        raise InputError("找不到模板文件", file=p)
    return _compiled(_key(p))
