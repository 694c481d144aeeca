"""The app factory: API, pages, static files and the one error shape.

    from perfdoc.web.app import create_app
    app = create_app()            # settings from $PERFDOC_CONFIG / ./perfdoc.toml at each request
    app = create_app(my_config)   # or a fixed perfdoc.config.Config (upload limit)

The zip-bomb limits are read by perfdoc.fileio from the same config file.
"""
from __future__ import annotations

import logging
from urllib.parse import urlsplit
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

import perfdoc
from perfdoc.config import Config, load_config
from perfdoc.errors import PerfdocError

HERE = Path(__file__).resolve().parent
log = logging.getLogger("perfdoc.web")

STATUS_MESSAGES = {
    400: "请求格式错误", 403: "拒绝访问", 404: "找不到这个页面或接口", 405: "不支持这种请求方式",
    413: "上传内容过大", 415: "不支持的文件类型", 422: "请求内容有误",
}


def _is_api(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/api"


def _error_response(request: Request, status: int, message: str):
    if _is_api(request):
        return JSONResponse({"error": message}, status_code=status)
    from perfdoc.web.pages import error_page

    return error_page(request, status, message)


def create_app(config: Config | str | Path | None = None) -> FastAPI:
    """A new perfdoc web app. `config`: a Config, a path to a TOML file, or None (look up per request)."""
    if config is not None and not isinstance(config, Config):
        config = load_config(config)
    app = FastAPI(
        title="perfdoc 预算绩效文书助手",
        version=perfdoc.__version__,
        docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
    )
    app.state.config = config

    @app.middleware("http")
    async def _same_origin_only(request: Request, call_next):
        # Another web site open in the user's browser must not be able to post files to this
        # local service: a browser names the page that sent a POST in Origin; it must be us.
        origin = request.headers.get("origin")
        if request.method not in ("GET", "HEAD", "OPTIONS") and origin and origin != "null":
            if urlsplit(origin).netloc.lower() != request.headers.get("host", "").lower():
                return _error_response(request, 403, "拒绝来自其他网站的请求")
        return await call_next(request)

    from perfdoc.web import api, pages

    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(PerfdocError)
    async def _perfdoc_error(request: Request, exc: PerfdocError):
        return _error_response(request, exc.http_status, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        message = STATUS_MESSAGES.get(exc.status_code, f"请求失败（{exc.status_code}）")
        return _error_response(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError):
        return _error_response(request, 422, "请求参数有误")

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s", request.url.path)
        return _error_response(request, 500, f"服务器内部错误（{type(exc).__name__}），请将文件和操作步骤反馈给维护人员")

    return app

