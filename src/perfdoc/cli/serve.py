"""`perfdoc serve`: the local web app, on 127.0.0.1 unless told otherwise."""
from __future__ import annotations

import ipaddress
import socket

import typer

from perfdoc.errors import UsageError


def is_loopback(host: str) -> bool:
    if host.lower() in ("localhost", "localhost.localdomain"):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_port_free(host: str, port: int) -> None:
    """Say in Chinese that the port is taken, instead of uvicorn's English log line."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host.strip("[]"), port))
        except OSError as exc:
            raise UsageError(f"无法在 {host}:{port} 上启动：端口已被占用或地址不可用（{exc.strerror}）",
                             hint="请用 --port 换一个端口，例如 --port 8080") from None


def register(app: typer.Typer) -> None:
    @app.command("serve")
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help="监听地址（默认只允许本机访问）"),
        port: int = typer.Option(8000, "--port", min=1, max=65535, help="端口"),
    ) -> None:
        """启动本机网页版（文书生成、指标审核、文稿校对）。"""
        import uvicorn  # only when serving: keeps `perfdoc --help` light

        from perfdoc.config import load_config
        from perfdoc.web.app import create_app

        load_config()  # a broken config file fails here with a Chinese message, not per request
        check_port_free(host, port)
        if not is_loopback(host):
            typer.secho(
                f"警告：正在监听 {host}，同一网络中的其他电脑也能访问本服务和上传的数据。"
                "如只需本机使用，请去掉 --host 参数（默认 127.0.0.1）。",
                fg=typer.colors.YELLOW, err=True,
            )
        shown = f"[{host}]" if ":" in host else host
        typer.echo(f"perfdoc 网页版已启动：http://{shown}:{port}/  （按 Ctrl+C 停止）")
        uvicorn.run(create_app(hosts=(host,)), host=host, port=port, log_level="warning")
