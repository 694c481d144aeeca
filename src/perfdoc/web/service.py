"""The three jobs as the web app runs them: plain synchronous functions over files in a workspace.

Both the JSON API and the pages call these (in a worker thread, off the event loop). They call
only the public functions of `perfdoc`, and they return bytes or plain dicts, so the request's
temporary folder can be removed before the response goes out.
"""
from __future__ import annotations

import io
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import perfdoc
from perfdoc.errors import InputError, PerfdocError

KIND_TITLES = {"statement": "情况说明", "circular": "通报", "notices": "整改通知单"}
MAX_ITEMS = 5000  # one request; a 申报表 of a whole county fits, a runaway script does not

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ZIP_TYPE = "application/zip"

ISSUE_LABELS = {
    "VAGUE_VALUE": "指标值表述模糊", "NO_VALUE": "缺少指标值", "NO_UNIT": "缺少计量单位",
    "UNIT_MISMATCH": "单位与指标不符", "OUT_OF_RANGE": "数值超出合理范围",
    "TIME_UNBOUNDED": "时效指标无时限", "INPUT_AS_OUTPUT": "把投入当作产出",
    "CATEGORY_MISMATCH": "指标类别不符", "FEW_INDICATORS": "指标数量过少",
    "MISSING_OUTPUT": "缺少产出指标", "MISSING_EFFECT": "缺少效益指标",
    "MISSING_SATISFACTION": "缺少满意度指标", "DUPLICATE": "指标重复",
}
LINT_LABELS = {
    "NUMBERING": "标题序号", "PUNCT_PAIR": "标点配对", "PUNCT_WIDTH": "全角半角标点",
    "DOC_NUMBER": "发文字号", "NUMBER_FORMAT": "数字格式", "DATE_FORMAT": "日期格式",
    "ARITHMETIC": "算术不一致", "TYPO": "错别字",
}
SEVERITY_LABELS = {"error": "错误", "warning": "警告", "info": "提示"}


class JobUnavailable(PerfdocError):
    """A job whose modules are not installed in this build."""

    http_status = 503


@dataclass
class Download:
    content: bytes
    filename: str  # what the user sees (Chinese)
    media_type: str
    ascii_name: str | None = None  # for clients that ignore filename*=UTF-8''


def ascii_stem(stem: str) -> str:
    return stem if stem.isascii() and stem.isprintable() and '"' not in stem else "perfdoc"


def _call(fn, *args, **kwargs):
    """Call a public perfdoc function; a job that is not built yet becomes a 503, not a 500."""
    try:
        return fn(*args, **kwargs)
    except ModuleNotFoundError as exc:
        if (exc.name or "").startswith("perfdoc"):
            raise JobUnavailable("此功能尚未安装完成，暂时无法使用", hint=f"缺少模块 {exc.name}") from None
        raise


# --- drafting -------------------------------------------------------------------------------

def render_document(kind: str, data: Path, workdir: Path) -> Download:
    """Render one document kind from an uploaded workbook; notices come back as one .zip."""
    if kind not in KIND_TITLES:
        raise InputError(f"未知的文书类型“{kind}”", hint="可选：statement（情况说明）、circular（通报）、notices（整改通知单）")
    title = KIND_TITLES[kind]
    stem = data.stem
    out_dir = workdir / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    if kind == "notices":
        folder = Path(_call(perfdoc.render, kind, data, out_dir / "notices"))
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for item in sorted(p for p in folder.rglob("*") if p.is_file()):
                zf.write(item, item.relative_to(folder).as_posix())
        return Download(buf.getvalue(), f"{stem}-{title}.zip", ZIP_TYPE, f"{ascii_stem(stem)}-{kind}.zip")
    path = Path(_call(perfdoc.render, kind, data, out_dir / f"{kind}.docx"))
    return Download(path.read_bytes(), f"{stem}-{title}.docx", DOCX_TYPE, f"{ascii_stem(stem)}-{kind}.docx")


def import_statement(source: Path, workdir: Path) -> tuple[Download, list[str]]:
    """Last year's statement → the workbook (提纲 + 数据) as a download, and the fixes made."""
    out_dir = workdir / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    result = _call(perfdoc.import_statement, source, out_dir / "workbook.xlsx")
    stem = source.stem
    dl = Download(Path(result.path).read_bytes(), f"{stem}-数据.xlsx", XLSX_TYPE, f"{ascii_stem(stem)}-data.xlsx")
    return dl, list(result.fixes)


def sample_workbooks(workdir: Path) -> dict[str, Path]:
    """The blank workbook and the filled example, written by perfdoc.init_data."""
    paths = [Path(p) for p in _call(perfdoc.init_data, workdir)]
    found: dict[str, Path] = {}
    for p in paths:
        name = p.name.lower()
        if any(w in name for w in ("example", "示例", "样例", "chengjiang", "澄江")):
            found.setdefault("example", p)
        elif any(w in name for w in ("blank", "空白", "模板", "template")):
            found.setdefault("blank", p)
    # Fall back on the documented order: blank first, then the example.
    xlsx = [p for p in paths if p.suffix.lower() == ".xlsx"]
    if "blank" not in found and xlsx:
        found["blank"] = xlsx[0]
    if "example" not in found and len(xlsx) > 1:
        found["example"] = xlsx[-1]
    return found


# --- review ---------------------------------------------------------------------------------

def validate_items(items) -> list[str | dict]:
    """The `items` of POST /api/check, checked so a bad request gets a Chinese 422, not a 500."""
    if not isinstance(items, list) or not items:
        raise InputError("请求需要非空的 items 列表，例如 {\"items\": [{\"name\": \"培训人次\", \"value\": \"≥350人次\"}]}")
    if len(items) > MAX_ITEMS:
        raise InputError(f"一次最多审核 {MAX_ITEMS} 条指标，本次 {len(items)} 条", hint="请分批提交")
    clean: list[str | dict] = []
    for n, item in enumerate(items, 1):
        if isinstance(item, str):
            if not item.strip():
                raise InputError(f"第{n}条指标是空的")
            clean.append(item.strip())
            continue
        if not isinstance(item, dict):
            raise InputError(f"第{n}条指标格式不对：应为 {{\"name\", \"value\"}} 或 {{\"text\"}}")
        out = {}
        for key in ("text", "name", "value", "project", "level1", "level2"):
            val = item.get(key)
            if val is None:
                continue
            if isinstance(val, bool) or not isinstance(val, (str, int, float)):
                raise InputError(f"第{n}条指标的“{key}”应为文字")
            out[key] = str(val).strip()
        if not out.get("text") and not out.get("name"):
            raise InputError(f"第{n}条指标缺少 name（指标名称）或 text（整条指标）")
        clean.append(out)
    return clean


def parse_pasted(text: str) -> list[str | dict]:
    """Pasted indicators: one per line, either whole text or name<TAB>value (as copied from Excel)."""
    items: list[str | dict] = []
    for line in text.splitlines():
        if not line.strip():
            continue
        if "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
            cells = [c for c in cells if c]
            if len(cells) >= 2:
                # A row copied from a 申报表 may carry more columns; the last two are name and value.
                items.append({"name": cells[-2], "value": cells[-1]})
                continue
            if cells:
                items.append(cells[0])
            continue
        items.append(line.strip())
    if not items:
        raise InputError("没有可审核的指标", hint="每行一条，或“指标名称<Tab>指标值”")
    return items


def check_items(items: list[str | dict]) -> list[dict]:
    results = _call(perfdoc.check, validate_items(items))
    return [r.to_dict() for r in results]


def _project_dict(p) -> dict:
    if isinstance(p, dict):
        project, issues = p.get("project"), p.get("issues", [])
    else:
        project, issues = getattr(p, "project", None), getattr(p, "issues", [])
    return {"project": project,
            "issues": [i.issue_dict() if hasattr(i, "issue_dict") else dict(i) for i in issues]}


def review_file(path: Path) -> dict:
    """check_file on an uploaded 申报表: {"indicators": [...], "projects": [...]}, as `check --json`."""
    review = _call(perfdoc.check_file, path)
    indicators = [r.to_dict() | {"project": getattr(r, "project", None)} for r in review.indicators]
    return {"indicators": indicators, "projects": [_project_dict(p) for p in review.projects]}


def annotate_file(path: Path, workdir: Path) -> Download:
    out_dir = workdir / "out"
    out_dir.mkdir(parents=True, exist_ok=True)
    out = Path(_call(perfdoc.annotate, path, out_dir / f"{path.stem}-审核结果.xlsx"))
    return Download(out.read_bytes(), f"{path.stem}-审核结果.xlsx", XLSX_TYPE,
                    f"{ascii_stem(path.stem)}-checked.xlsx")


def opinion_zip(path: Path, workdir: Path, stem: str | None = None) -> Download:
    """绩效目标审核意见书 for every unit plus 审核意见汇总.xlsx, as one .zip. `path` may be the
    annotated workbook just written (then nothing is reviewed twice) or a raw 申报表."""
    stem = stem or path.stem
    folder = Path(_call(perfdoc.render_opinion, path, workdir / "out" / "opinions"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for item in sorted(p for p in folder.rglob("*") if p.is_file()):
            zf.write(item, item.relative_to(folder).as_posix())
    return Download(buf.getvalue(), f"{stem}-审核意见书.zip", ZIP_TYPE, f"{ascii_stem(stem)}-opinions.zip")


def verdict(result: dict) -> str:
    """fail: not measurable; warn: measurable but flagged; ok: nothing to say."""
    if not result.get("measurable", True):
        return "fail"
    return "warn" if result.get("issues") else "ok"


def review_view(indicators: list[dict], projects: list[dict] | None = None) -> dict:
    """What the 指标审核 page shows: rows with problems first, counts per code, project findings."""
    rows = []
    for n, r in enumerate(indicators, 1):
        rewrite = r.get("suggestion")
        if not rewrite or rewrite == r.get("text"):
            rewrite = None
        advice: list[str] = []
        for i in r.get("issues", []):
            tip = i.get("suggestion")
            if tip and tip != rewrite and tip not in advice:
                advice.append(tip)
        rows.append(r | {"n": n, "verdict": verdict(r), "rewrite": rewrite, "advice": advice,
                         "best": (r.get("matches") or [None])[0]})
    order = {"fail": 0, "warn": 1, "ok": 2}
    rows.sort(key=lambda r: (order[r["verdict"]], r["n"]))
    counts = Counter(i["code"] for r in indicators for i in r.get("issues", []))
    for p in projects or []:
        counts.update(i["code"] for i in p.get("issues", []))
    verdicts = Counter(r["verdict"] for r in rows)
    return {
        "rows": rows,
        "codes": [{"code": c, "label": ISSUE_LABELS.get(c, c), "count": k}
                  for c, k in counts.most_common()],
        "verdicts": {"fail": verdicts.get("fail", 0), "warn": verdicts.get("warn", 0),
                     "ok": verdicts.get("ok", 0)},
        "projects": [p for p in projects or [] if p.get("issues")],
        "total": len(rows),
    }


# --- proofreading ---------------------------------------------------------------------------

def lint_upload(path: Path) -> tuple[list[dict], list[str]]:
    """Findings for an uploaded draft, and its non-empty paragraphs (for highlighting)."""
    findings = [f.lint_dict() for f in _call(perfdoc.lint_file, path)]
    return findings, _paragraphs(path)


def lint_pasted(text: str) -> tuple[list[dict], list[str]]:
    if not text.strip():
        raise InputError("没有可校对的文字", hint="请粘贴文稿或上传 .docx/.txt 文件")
    findings = [f.lint_dict() for f in _call(perfdoc.lint_text, text)]
    return findings, [line for line in text.splitlines() if line.strip()]


def _paragraphs(path: Path) -> list[str]:
    """Non-empty paragraphs in reading order (body and table cells); only used to show context.

    Automatic numbering labels are not rendered by python-docx, so a numbered paragraph's text
    may be shorter than what lint saw; `highlight` checks each paragraph against the excerpt.
    """
    try:
        if path.suffix.lower() == ".docx":
            import docx  # python-docx: only when a draft is actually shown

            document = docx.Document(str(path))
            texts: list[str] = []

            def walk(container) -> None:
                for block in container.iter_inner_content():
                    if hasattr(block, "rows"):  # a table: its cells' paragraphs, row by row
                        for row in block.rows:
                            for cell in row.cells:
                                walk(cell)
                    else:
                        texts.append(block.text)

            walk(document)
            return [t for t in texts if t.strip()]
        from perfdoc.fileio import read_text

        return [line for line in read_text(path).splitlines() if line.strip()]
    except Exception:  # context is a nicety; the findings themselves are already computed
        return []


CONTEXT = 30  # characters shown either side of a highlighted span
ELLIPSIS = "…"


def _fits(para: str, excerpt: str, start: int, end: int) -> bool:
    """Whether `excerpt` is a window of `para` around [start, end), i.e. para is the right text."""
    core = excerpt.removeprefix(ELLIPSIS).removesuffix(ELLIPSIS) if excerpt else ""
    if not core:
        return True
    pos = para.find(core)
    while pos != -1:
        if pos <= start and pos + len(core) >= end:
            return True
        pos = para.find(core, pos + 1)
    return False


def highlight(finding: dict, paragraphs: list[str]) -> tuple[str, str, str]:
    """(before, marked, after) for showing a finding: its span, with context, in its paragraph.

    start/end count characters of the paragraph (interface.md); the excerpt is a window of it.
    """
    excerpt = finding.get("excerpt") or ""
    start, end = finding.get("start"), finding.get("end")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
        return "", excerpt, ""
    n = finding.get("paragraph")
    para = paragraphs[n - 1] if isinstance(n, int) and 0 < n <= len(paragraphs) else None
    if para is not None and end <= len(para) and _fits(para, excerpt, start, end):
        before = para[max(0, start - CONTEXT):start]
        after = para[end:end + CONTEXT]
        if start > CONTEXT:
            before = ELLIPSIS + before
        if end + CONTEXT < len(para):
            after += ELLIPSIS
        return before, para[start:end], after
    # Without the paragraph, place the span inside the excerpt window when that is unambiguous.
    lead = excerpt.startswith(ELLIPSIS)
    trail = excerpt.endswith(ELLIPSIS) and len(excerpt) > 1
    core = excerpt[1 if lead else 0: len(excerpt) - (1 if trail else 0)]
    offset = None
    if not lead:
        offset = start
    elif trail and (len(core) - (end - start)) % 2 == 0:
        offset = (len(core) - (end - start)) // 2
    if offset is not None and 0 <= offset and offset + (end - start) <= len(core):
        i = offset + (1 if lead else 0)
        j = i + (end - start)
        return excerpt[:i], excerpt[i:j], excerpt[j:]
    return "", excerpt, ""


def lint_view(findings: list[dict], paragraphs: list[str]) -> dict:
    rows = []
    for f in findings:
        before, mark, after = highlight(f, paragraphs)
        rows.append(f | {"before": before, "mark": mark, "after": after,
                         "label": LINT_LABELS.get(f["code"], f["code"]),
                         "severity_label": SEVERITY_LABELS.get(f["severity"], f["severity"])})
    counts = Counter(f["severity"] for f in findings)
    return {"rows": rows, "total": len(rows),
            "counts": {s: counts.get(s, 0) for s in ("error", "warning", "info")}}
