"""`perfdoc import statement SOURCE -o WORKBOOK.xlsx`: last year's 情况说明 → a yearly workbook."""
from __future__ import annotations

import json
from pathlib import Path

import typer

import_app = typer.Typer(help="导入去年的文书，生成今年可改写的数据工作簿。", no_args_is_help=True)


@import_app.command("statement")
def import_statement_command(
    source: Path = typer.Argument(..., help="去年的情况说明（.docx 或 UTF-8 .txt；装有 LibreOffice 时也可 .doc/.wps）"),
    out: Path = typer.Option(..., "-o", "--output", help="要写出的工作簿（.xlsx），不能与输入相同"),
    as_json: bool = typer.Option(False, "--json", help="以 JSON 输出导入结果和所做的更正"),
) -> None:
    """读取去年的情况说明，写出基本信息、提纲和数据工作表，渲染后可复现原文。"""
    from perfdoc import import_statement

    result = import_statement(source, out)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return
    for fix in result.fixes:
        typer.secho(f"更正：{fix}", fg=typer.colors.YELLOW, err=True)
    typer.echo(f"已导入：{result.title or '（未识别标题）'}（地区：{result.region or '未识别'}，"
               f"年度：{result.year or '未识别'}）")
    typer.echo(f"提纲 {result.headings} 个标题、{result.paragraphs} 个段落、{result.tables} 个表格；"
               f"数据 {result.facts} 项")
    typer.echo(f"已写出：{result.path}")


def register(app: typer.Typer) -> None:
    app.add_typer(import_app, name="import")
