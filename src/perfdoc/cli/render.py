"""`perfdoc render statement|circular|notices` and `perfdoc init-data`: thin wrappers over the API."""
from __future__ import annotations

import sys
from pathlib import Path

import typer

render_app = typer.Typer(help="由年度数据工作簿生成情况说明、通报和整改通知单；由审核结果生成绩效目标审核意见书。",
                         no_args_is_help=True)

_DATA = typer.Argument(..., help="年度数据工作簿（.xlsx）或同内容的 .yaml/.json 文件", show_default=False)
_TEMPLATE = typer.Option(None, "--template", "-t", help="使用自己的 docxtpl 模板（.docx）代替内置模板")
_FORCE = typer.Option(False, "--force", help="合计与分项不一致时仍然生成，并在标准错误输出中列出不一致之处")

_LABEL = {"statement": "情况说明", "circular": "通报", "notices": "整改通知单"}


def _run(kind: str, data: Path, output: Path, template: Path | None, force: bool) -> None:
    from perfdoc import render

    progress = None
    bar = None
    if kind == "notices" and sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        from rich.console import Console

        bar = Progress(TextColumn("生成整改通知单"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                       console=Console(stderr=True), transient=True)
        task = bar.add_task("notices", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        bar.start()
    try:
        result = render(kind, data, output, template=template, force=force, progress=progress)
    finally:
        if bar is not None:
            bar.stop()
    if kind == "notices":
        docs = sorted(result.glob("*.docx"))
        typer.echo(f"已生成整改通知单 {len(docs)} 份及整改台账，保存在：{result.resolve()}")
        typer.echo(f"  整改台账：{(result / '整改台账.xlsx').resolve()}")
    else:
        typer.echo(f"已生成{_LABEL[kind]}：{result.resolve()}")


@render_app.command("statement")
def statement(data: Path = _DATA,
              output: Path = typer.Option(..., "-o", "--output", help="输出的 .docx 文件"),
              template: Path | None = _TEMPLATE, force: bool = _FORCE) -> None:
    """生成《预算绩效管理工作开展情况说明》。"""
    _run("statement", data, output, template, force)


@render_app.command("circular")
def circular(data: Path = _DATA,
             output: Path = typer.Option(..., "-o", "--output", help="输出的 .docx 文件"),
             template: Path | None = _TEMPLATE, force: bool = _FORCE) -> None:
    """生成绩效运行监控情况《通报》。"""
    _run("circular", data, output, template, force)


@render_app.command("notices")
def notices(data: Path = _DATA,
            output: Path = typer.Option(..., "-o", "--output", help="输出文件夹：每个单位一份 .docx 及整改台账.xlsx"),
            template: Path | None = _TEMPLATE, force: bool = _FORCE) -> None:
    """按单位批量生成《整改通知单》及整改台账。"""
    _run("notices", data, output, template, force)


def _date(value: str | None, option: str):
    import datetime as dt

    from perfdoc.errors import UsageError

    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{option} 的日期“{value}”无法识别", hint="请写成 2024-01-15") from None


@render_app.command("opinion")
def opinion(review: Path = typer.Argument(..., help="绩效目标申报表（.xlsx/.csv/.jsonl）或 perfdoc check 生成的审核结果.xlsx",
                                          show_default=False),
            output: Path = typer.Option(..., "-o", "--output", help="输出文件夹：每个单位一份意见书 .docx 及审核意见汇总.xlsx"),
            unit: str | None = typer.Option(None, "--unit", help="表中没有“预算单位”列时使用的单位名称"),
            organ: str | None = typer.Option(None, "--organ", help="发文机关（默认取 perfdoc.toml [opinion] organ）"),
            date: str | None = typer.Option(None, "--date", help="成文日期，如 2024-01-15（默认今天）"),
            deadline: str | None = typer.Option(None, "--deadline", help="修改后重新报送的期限，如 2024-01-31"),
            template: Path | None = _TEMPLATE) -> None:
    """由审核结果按单位生成《绩效目标审核意见书》及审核意见汇总表。"""
    from perfdoc.opinion import render_opinions

    result = render_opinions(review, output, unit=unit, organ=organ, date=_date(date, "--date"),
                             deadline=_date(deadline, "--deadline"), template=template)
    docs = sorted(result.glob("*_绩效目标审核意见书*.docx"))
    typer.echo(f"已生成绩效目标审核意见书 {len(docs)} 份及审核意见汇总表，保存在：{result.resolve()}")
    typer.echo(f"  审核意见汇总：{(result / '审核意见汇总.xlsx').resolve()}")


def init_data(directory: Path = typer.Argument(..., help="写入空白工作簿和示例的文件夹")) -> None:
    """生成空白年度数据工作簿（含填表说明、表头批注、下拉选项）和填好的示例。"""
    from perfdoc import init_data as _init

    for path in _init(directory):
        typer.echo(f"已写入：{path.resolve()}")


def register(app: typer.Typer) -> None:
    app.add_typer(render_app, name="render")
    app.command("init-data")(init_data)
