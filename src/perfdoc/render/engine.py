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


def jinja_env():
    """The one Jinja environment for every template: sandboxed, autoescaping, strict."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    from perfdoc.render.formatting import FILTERS

    env = ImmutableSandboxedEnvironment(autoescape=True, undefined=StrictUndefined)
    env.filters.update(FILTERS)
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
    return InputError(f"模板渲染失败：{exc}", file=path)


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
        except TemplateError as exc:
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
            try:
                xml = self._post(part.template.render(context))
            except TemplateError as exc:
                raise _template_error(self.path, exc) from None
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
