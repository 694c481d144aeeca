"""The `perfdoc` command: thin Typer wrappers that call the library and print text or --json.

Each job registers its commands from its own module (render, check, lint, library, serve);
every PerfdocError becomes one Chinese line on stderr and exit code 2.
"""
from __future__ import annotations

import sys

import typer

from perfdoc import __version__
from perfdoc.errors import PerfdocError

app = typer.Typer(
    name="perfdoc",
    help="预算绩效管理文书生成、绩效目标审核与文稿校对。",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


# `perfdoc eval check|classify`: the review job and the library job each add one command.
eval_app = typer.Typer(help="在标注数据上评测审核与分类的准确率。", no_args_is_help=True)
app.add_typer(eval_app, name="eval")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"perfdoc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                 help="显示版本号"),
) -> None:
    """预算绩效管理文书生成、绩效目标审核与文稿校对。"""


def _register() -> None:
    # Import order fixes the order commands appear in --help.
    import importlib

    for name in ("render", "importer", "check", "lint", "library", "serve"):
        try:
            module = importlib.import_module(f"perfdoc.cli.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"perfdoc.cli.{name}":
                raise
            continue
        module.register(app)


_register()


def fail(exc: PerfdocError) -> None:
    typer.secho(f"错误：{exc}", fg=typer.colors.RED, err=True)
    raise SystemExit(exc.exit_code)


def main() -> None:
    import gc

    from perfdoc import cleanup

    cleanup.install_sigterm()  # SIGTERM leaves no .part file or hidden temp folder behind
    # A command builds a large, long-lived heap (spaCy, models, lexicons): the cyclic collector's
    # passes over it cost a cold `perfdoc check` ≈0.1 s while running and ≈0.15 s at interpreter
    # exit. Collect young objects less often, and freeze the heap on the way out (atexit handlers
    # and file flushing still run; only the final collector passes are skipped).
    gc.set_threshold(10_000, 10, 10)
    try:
        _main()
    finally:
        gc.freeze()


def _main() -> None:
    try:
        app()
    except PerfdocError as exc:
        fail(exc)
    except KeyboardInterrupt:
        typer.echo("已中断", err=True)
        sys.exit(130)
    except (RecursionError, MemoryError) as exc:
        # Input nested or sized beyond what the readers guard: still a Chinese line, exit 2.
        typer.secho(f"错误：输入内容嵌套过深或过大，无法处理（{type(exc).__name__}）",
                    fg=typer.colors.RED, err=True)
        sys.exit(2)
    except Exception as exc:  # a bug, not the user's fault: one line unless PERFDOC_DEBUG is set
        import os

        if os.environ.get("PERFDOC_DEBUG"):
            raise
        typer.secho(f"错误：处理时发生意外错误（{type(exc).__name__}：{str(exc)[:200]}），"
                    "请将输入文件和命令反馈给维护人员（设置 PERFDOC_DEBUG=1 可查看详细信息）",
                    fg=typer.colors.RED, err=True)
        sys.exit(2)
