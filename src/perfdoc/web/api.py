"""The JSON API of interface.md: check, check/file, lint, render/{kind}, import/statement, health.

Every route reads its upload through `uploads` (size limit while streaming, content check,
private temp folder) and runs the job in a worker thread so the event loop keeps serving.
Errors are PerfdocError and become `{"error": "<中文>"}` in app.py.
"""
from __future__ import annotations

import json
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from starlette.concurrency import run_in_threadpool

import perfdoc
from perfdoc.errors import InputError
from perfdoc.web import jobs, service, uploads

router = APIRouter(prefix="/api")


def _plain(name: str) -> bool:
    return name.isascii() and name.isprintable() and not any(c in name for c in '"\\;')


def content_disposition(filename: str, fallback: str | None = None) -> str:
    """attachment with an ASCII fallback and the real (Chinese) name per RFC 5987/6266."""
    if _plain(filename):
        ascii_name = filename
    elif fallback and _plain(fallback):
        ascii_name = fallback
    else:  # clients that ignore filename* (curl -J) get a plain name with the right suffix
        suffix = filename.rpartition(".")[2] if "." in filename else ""
        ascii_name = "perfdoc." + suffix if suffix.isascii() and suffix.isalnum() else "perfdoc"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def download_response(dl: service.Download) -> Response:
    return Response(dl.content, media_type=dl.media_type,
                    headers={"Content-Disposition": content_disposition(dl.filename, dl.ascii_name)})


def json_bytes(data) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def json_response(body: bytes) -> Response:
    """JSON serialised in the worker thread, so a large answer does not hold up the event loop."""
    return Response(body, media_type="application/json")


def limit(request: Request) -> int:
    return uploads.limit_bytes(request.app.state.config)


@router.get("/health")
async def health() -> dict:
    return {"status": "ok", "version": perfdoc.__version__}


@router.post("/check")
async def check(request: Request):
    body = await uploads.read_json(request, limit(request))
    if not isinstance(body, dict) or "items" not in body:
        raise InputError("请求需要 JSON 对象 {\"items\": [...]}")
    items = body["items"]
    results = await jobs.run(service.check_items, items, config=request.app.state.config)
    return json_response(await run_in_threadpool(json_bytes, results))


async def upload_job(request: Request, kinds, make):
    """One uploaded file in a fresh workspace: its kind checked, then make(path, work) run in the
    job pool; the workspace is gone when this returns, so `make` returns bytes, not paths."""
    with uploads.workspace() as work:
        upload = await uploads.receive_form(request, work / "in", limit(request))
        path = uploads.require_upload(upload)

        def job():
            uploads.check_upload(path, kinds)
            return make(path, work)

        return await jobs.run(job, config=request.app.state.config)


@router.post("/check/file")
async def check_file(request: Request):
    return download_response(await upload_job(request, uploads.CHECK_KINDS, service.annotate_file))


@router.post("/lint")
async def lint(request: Request):
    ctype = request.headers.get("content-type", "")
    if ctype.startswith("application/json"):
        body = await uploads.read_json(request, limit(request))
        text = body.get("text") if isinstance(body, dict) else None
        if not isinstance(text, str):
            raise InputError("请求需要 JSON 对象 {\"text\": \"…\"}，或以 file 字段上传 .docx/.txt")
        findings, _ = await jobs.run(service.lint_pasted, text, config=request.app.state.config)
        return json_response(await run_in_threadpool(json_bytes, findings))
    body = await upload_job(request, uploads.LINT_KINDS, lambda path, work: json_bytes(service.lint_upload(path)[0]))
    return json_response(body)


@router.post("/render/opinion")
async def render_opinion(request: Request):
    """A 申报表 (or its 审核结果.xlsx) → .zip of one 绩效目标审核意见书 per unit + 审核意见汇总.xlsx."""
    return download_response(await upload_job(request, uploads.CHECK_KINDS, service.opinion_zip))


@router.post("/render/{kind}")
async def render(kind: str, request: Request):
    if kind not in service.KIND_TITLES:
        return JSONResponse({"error": f"未知的文书类型“{kind}”，可选 statement、circular、notices"},
                            status_code=404)
    dl = await upload_job(request, uploads.RENDER_KINDS, lambda path, work: service.render_document(kind, path, work))
    return download_response(dl)


MAX_FIXES_HEADER = 50


@router.post("/import/statement")
async def import_statement(request: Request):
    """Last year's statement (.docx/.txt) → the workbook; the fixes made are in X-Perfdoc-Fixes
    (a percent-encoded JSON list of Chinese sentences, the first MAX_FIXES_HEADER of
    X-Perfdoc-Fixes-Count, so that a long list never makes the header too big for a proxy)."""
    dl, fixes = await upload_job(request, uploads.IMPORT_KINDS, service.import_statement)
    response = download_response(dl)
    response.headers["X-Perfdoc-Fixes-Count"] = str(len(fixes))
    response.headers["X-Perfdoc-Fixes"] = quote(json.dumps(fixes[:MAX_FIXES_HEADER], ensure_ascii=False), safe="")
    return response
