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


LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def host_name(header: str) -> str:
    """The host part of a Host header, lower-cased, without port or IPv6 brackets."""
    h = header.strip().lower()
    if h.startswith("["):
        return h[1:].split("]", 1)[0]
    if h.count(":") == 1:
        h = h.split(":", 1)[0]
    return h.rstrip(".")


def _in_process(request: Request) -> bool:
    # Starlette's TestClient calls the app in-process (no socket) and names its client so;
    # a request that came over the network always has an IP address here.
    return request.client is not None and request.client.host == "testclient"


def create_app(config: Config | str | Path | None = None, *, hosts: tuple[str, ...] | list[str] = ()) -> FastAPI:
    """A new perfdoc web app. `config`: a Config, a path to a TOML file, or None (look up per request).

    `hosts`: Host header values accepted besides 127.0.0.1, localhost and ::1 (`perfdoc serve
    --host` passes its own); any other Host is refused with 400 (DNS rebinding).
    """
    if config is not None and not isinstance(config, Config):
        config = load_config(config)
    app = FastAPI(
        title="perfdoc 预算绩效文书助手",
        version=perfdoc.__version__,
        docs_url=None, redoc_url=None, openapi_url="/api/openapi.json",
    )
    app.state.config = config
    allowed = {host_name(h) for h in (*LOCAL_HOSTS, *hosts) if h}
    if allowed & {"0.0.0.0", "::"}:  # listening everywhere: this machine's own names and addresses
        allowed |= _own_addresses()
    app.state.allowed_hosts = allowed

    @app.middleware("http")
    async def _same_origin_only(request: Request, call_next):
        # DNS rebinding: a page on another site whose name now points at 127.0.0.1 reaches us
        # with its own name in Host; only the names this server was started for are answered.
        host = request.headers.get("host", "")
        if host_name(host) not in app.state.allowed_hosts and not _in_process(request):
            return _error_response(request, 400, f"拒绝访问：不接受主机名“{host[:100]}”，请用 http://127.0.0.1 访问")
        # Another web site open in the user's browser must not be able to post files to this
        # local service: a browser names the page that sent a POST in Origin; it must be us.
        # "null" (sandboxed iframe, no-referrer policy, file: page) is never us either.
        origin = request.headers.get("origin")
        if request.method not in ("GET", "HEAD", "OPTIONS") and origin is not None:
            if origin == "null" or urlsplit(origin).netloc.lower() != host.lower():
                return _error_response(request, 403, "拒绝来自其他网站的请求")
        return await call_next(request)

    from perfdoc.web import api, pages, uploads

    uploads.sweep_stale_workspaces()  # uploads left by a server that crashed or was killed

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


def _own_addresses() -> set[str]:
    import socket

    names = {socket.gethostname().lower(), socket.getfqdn().lower()}
    try:
        for info in socket.getaddrinfo(socket.gethostname(), None):
            names.add(str(info[4][0]).lower())
    except OSError:
        pass
    return names

