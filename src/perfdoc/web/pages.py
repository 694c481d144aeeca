"""Server-rendered pages (Jinja2, all Chinese): 首页, 文书生成, 指标审核, 文稿校对.

The pages work without JavaScript: each is a plain form posting back to the same address. A
result page carries everything it shows (the annotated workbook as a data: link), so nothing
has to be kept on the server between requests.
"""
from __future__ import annotations

import base64
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import Response
from fastapi.templating import Jinja2Templates

import perfdoc
from perfdoc.config import load_config
from perfdoc.errors import InputError, PerfdocError
from perfdoc.web import service, uploads
from perfdoc.web.api import content_disposition, download_response
from perfdoc.web.jobs import run_in_threadpool  # bounded pools and a time limit

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
templates.env.globals.update(
    version=perfdoc.__version__,
    kind_titles=service.KIND_TITLES,
    issue_labels=service.ISSUE_LABELS,
    severity_labels=service.SEVERITY_LABELS,
)

router = APIRouter(include_in_schema=False)

MAX_INLINE_DOWNLOAD = 8 * 1024 * 1024  # larger annotated workbooks: use the API instead
KIND_HELP = {
    "statement": "《预算绩效管理工作开展情况说明》，一个 Word 文档",
    "circular": "运行监控 / 评价结果《通报》，一个 Word 文档",
    "notices": "每个单位一份《整改通知单》和《整改台账》，打包为 .zip",
}


def page(request: Request, name: str, status: int = 200, **context) -> Response:
    context.setdefault("nav", name.removesuffix(".html"))
    context.setdefault("max_upload_mb", _limit_mb(request))
    return templates.TemplateResponse(request, name, context, status_code=status)


def _limit_mb(request: Request) -> float:
    return (request.app.state.config or load_config()).limits.max_upload_mb


def error_page(request: Request, status: int, message: str) -> Response:
    return page(request, "error.html", status=status, nav="", message=message, status_code=status)


def error_context(exc: PerfdocError) -> dict:
    """The error box: the message, and where it is (file / sheet / row / column) when known."""
    where = [(label, value) for label, value in (
        ("文件", exc.file), ("工作表", exc.sheet),
        ("行", f"第 {exc.row} 行" if exc.row is not None else None), ("列", exc.column),
    ) if value]
    return {"message": exc.message, "hint": exc.hint, "where": where, "status": exc.http_status}


@router.get("/")
async def index(request: Request):
    return page(request, "index.html")


# --- 文书生成 ---------------------------------------------------------------------------------

@router.get("/render")
async def render_form(request: Request):
    return page(request, "render.html", kind="statement", kind_help=KIND_HELP)


@router.post("/render")
async def render_submit(request: Request):
    kind = "statement"
    try:
        with uploads.workspace() as work:
            upload = await uploads.receive_form(request, work / "in", uploads.limit_bytes(request.app.state.config))
            kind = upload.fields.get("kind", "statement")
            path = uploads.require_upload(upload)

            def job() -> service.Download:
                uploads.check_upload(path, uploads.RENDER_KINDS)
                return service.render_document(kind, path, work)

            dl = await run_in_threadpool(job)
    except PerfdocError as exc:
        return page(request, "render.html", status=exc.http_status, kind=kind, kind_help=KIND_HELP,
                    error=error_context(exc))
    return download_response(dl)


@router.post("/render/import")
async def import_submit(request: Request):
    """文书生成 page, second form: last year's statement in, this year's workbook out."""
    try:
        with uploads.workspace() as work:
            upload = await uploads.receive_form(request, work / "in", uploads.limit_bytes(request.app.state.config))
            path = uploads.require_upload(upload)

            def job() -> service.Download:
                uploads.check_upload(path, uploads.IMPORT_KINDS)
                return service.import_statement(path, work)[0]

            dl = await run_in_threadpool(job)
    except PerfdocError as exc:
        return page(request, "render.html", status=exc.http_status, kind="statement", kind_help=KIND_HELP,
                    import_error=error_context(exc))
    return download_response(dl)


@router.get("/download/{which}")
async def sample_download(which: str, request: Request):
    if which not in ("blank", "example"):
        return error_page(request, 404, "找不到这个文件")
    with uploads.workspace() as work:
        found = await run_in_threadpool(service.sample_workbooks, work)
        if which not in found:
            return error_page(request, 404, "此版本未附带该工作簿")
        content, name = found[which].read_bytes(), found[which].name
    return Response(content, media_type=service.XLSX_TYPE,
                    headers={"Content-Disposition": content_disposition(name, f"perfdoc-{which}.xlsx")})


# --- 指标审核 ---------------------------------------------------------------------------------

@router.get("/check")
async def check_form(request: Request):
    return page(request, "check.html", text="")


async def form_input(request: Request, work: Path):
    """The pasted text and the uploaded file (or None) of a 审核 or 校对 form."""
    upload = await uploads.receive_form(request, work / "in", uploads.limit_bytes(request.app.state.config))
    return upload.fields.get("text", ""), upload


async def paste_or_upload(upload, text: str, on_file, on_text, empty: str):
    """The shared shape of the 审核 and 校对 forms: an uploaded file wins over pasted text.

    Returns (result, source filename or None); `on_file(path)` and `on_text(text)` run in the
    bounded pool. Raises InputError with `empty` when neither was given."""
    if upload.path is not None:
        return await run_in_threadpool(on_file, upload.path), upload.filename
    if text.strip():
        return await run_in_threadpool(on_text, text), None
    raise InputError(empty)


def inline_download(made) -> dict | None:
    """A made file as a data: link for the result page, or None when too big (use the API then)."""
    if made is None or len(made.content) > MAX_INLINE_DOWNLOAD:
        return None
    return {"filename": made.filename,
            "href": f"data:{made.media_type};base64," + base64.b64encode(made.content).decode("ascii")}


@router.post("/check")
async def check_submit(request: Request):
    text = ""
    try:
        with uploads.workspace() as work:
            def review_upload(path):
                uploads.check_upload(path, uploads.CHECK_KINDS)
                review = service.review_file(path)
                try:
                    annotated = service.annotate_file(path, work)
                except PerfdocError:
                    annotated = None  # e.g. a .csv the annotator cannot copy; the table still shows
                try:
                    # from the annotated copy just written, so the file is not reviewed a third time
                    written = work / "out" / annotated.filename if annotated is not None else path
                    opinions = service.opinion_zip(written, work, stem=path.stem)
                except PerfdocError:
                    opinions = None
                return review, annotated, opinions

            def review_text(pasted):
                return {"indicators": service.check_items(service.parse_pasted(pasted)), "projects": []}, None, None

            text, upload = await form_input(request, work)
            (review, annotated, opinions), source = await paste_or_upload(
                upload, text, review_upload, review_text, "请粘贴指标或选择申报表文件后再提交")
    except PerfdocError as exc:
        return page(request, "check.html", status=exc.http_status, text=text, error=error_context(exc))
    view = service.review_view(review["indicators"], review["projects"])
    return page(request, "check.html", text=text, result=view, source=source,
                download=inline_download(annotated), opinions=inline_download(opinions))


# --- 文稿校对 ---------------------------------------------------------------------------------

@router.get("/lint")
async def lint_form(request: Request):
    return page(request, "lint.html", text="")


@router.post("/lint")
async def lint_submit(request: Request):
    text = ""
    try:
        with uploads.workspace() as work:
            def lint_upload(path):
                uploads.check_upload(path, uploads.LINT_KINDS)
                return service.lint_upload(path)

            text, upload = await form_input(request, work)
            (findings, paragraphs), source = await paste_or_upload(
                upload, text, lint_upload, service.lint_pasted, "请粘贴文稿或选择 .docx/.txt 文件后再提交")
    except PerfdocError as exc:
        return page(request, "lint.html", status=exc.http_status, text=text, error=error_context(exc))
    return page(request, "lint.html", text=text, result=service.lint_view(findings, paragraphs),
                source=source)
