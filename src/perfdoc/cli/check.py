"""`perfdoc check [TEXT ...] [--input FILE] [-o OUT] [--json] [--strict]` and `perfdoc eval check`."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

MAX_ROWS_SHOWN = 300  # terminal table rows; the full review goes to -o or --json


def _console():
    from rich.console import Console

    terminal = sys.stdout.isatty()
    return Console(highlight=False, width=None if terminal else 160, soft_wrap=not terminal)


def _print_results(results, projects=(), notes=()) -> None:
    from rich.table import Table

    from perfdoc.indicators.forms.annotate import CODE_NAMES

    console = _console()
    for note in notes:
        console.print(f"[yellow]提示：{note}[/]")
    order = sorted(range(len(results)), key=lambda i: (results[i].measurable, not results[i].issues, i))
    hidden = 0
    if len(order) > MAX_ROWS_SHOWN:  # a big 申报表: problems first, the rest is in -o / --json
        hidden = len(order) - MAX_ROWS_SHOWN
        order = order[:MAX_ROWS_SHOWN]
    table = Table(show_lines=False, header_style="bold")
    for title in ("位置", "指标", "指标值", "可衡量", "问题", "修改建议"):
        table.add_column(title, overflow="fold")
    for i in order:
        r = results[i]
        where = f"{r.source.get('sheet') or ''}第{r.source['row']}行" if r.source else str(i + 1)
        flag = "[green]是[/]" if r.measurable else "[bold red]否[/]"
        problems = "\n".join(f"[{'red' if i_.severity == 'error' else 'yellow'}]"
                             f"{CODE_NAMES.get(i_.code, i_.code)}[/]（{i_.code}）{i_.message}" for i_ in r.issues)
        table.add_row(where, r.name, r.value, flag, problems, r.suggestion or "")
    console.print(table)
    if hidden:
        console.print(f"[dim]另有 {hidden} 个指标未列出（问题已优先列出）；完整结果请用 -o 结果.xlsx 或 --json。[/]")
    for p in projects:
        if p["issues"]:
            console.print(f"[bold]项目“{p['project']}”[/]")
            for f in p["issues"]:
                console.print(f"  [yellow]{CODE_NAMES.get(f.code, f.code)}（{f.code}）[/]：{f.message}"
                              + (f" 建议：{f.suggestion}" if f.suggestion else ""))
    console.print(_summary(results, projects))


def _summary(results, projects=()) -> str:
    from collections import Counter

    bad = [r for r in results if not r.measurable]
    codes = Counter(i.code for r in results for i in r.issues)
    text = f"共审核 {len(results)} 个指标：可衡量 {len(results) - len(bad)} 个，不可衡量 {len(bad)} 个"
    if codes:
        # CATEGORY_MISMATCH does not make an indicator unmeasurable, so codes are listed apart
        text += "；问题代码：" + "、".join(f"{c} {n}" for c, n in codes.most_common())
    local = sum(1 for r in results if getattr(r, "decided_by", None) == "local")
    if local:
        text += f"；其中 {local} 个指标的二级指标按本地惯例（perfdoc library learn）确定"
    project_issues = sum(len(p["issues"]) for p in projects)
    if project_issues:
        text += f"；项目层面问题 {project_issues} 个"
    return text + "。"


def register(app: typer.Typer) -> None:
    @app.command("check")
    def check_command(
        texts: list[str] = typer.Argument(None, help="一行一个指标，如“培训人次≥350人次”", show_default=False),
        input_file: Path | None = typer.Option(None, "--input", "-i",
                                               help="绩效目标申报表（.xlsx）、.csv 或 .jsonl"),
        out: Path | None = typer.Option(None, "-o", "--output", help="输出：.xlsx 批注副本或 .jsonl 逐条结果"),
        as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
        strict: bool = typer.Option(False, "--strict", help="发现问题时以退出码 1 结束"),
        library_file: Path | None = typer.Option(
            None, "--library", help="用本地指标库（.xlsx/.csv，中文表头）代替内置指标库匹配；默认取配置 review.library"),
    ) -> None:
        """审核绩效目标：指标值是否可衡量，给出原因和修改建议。"""
        from perfdoc.errors import UsageError

        texts = [t for t in (texts or []) if t is not None]
        if not texts and input_file is None:
            raise UsageError("请提供指标文本或 --input 文件",
                             hint="例如：perfdoc check \"培训人次≥350人次\" 或 perfdoc check --input 申报表.xlsx")
        if texts and input_file is not None:
            raise UsageError("指标文本与 --input 只能二选一")
        library = None
        if library_file is not None:
            from perfdoc.indicators.library.library import load_library

            # read (and validate) it before any output is written: a bad library exits 2 cleanly
            library = load_library(library_file)
        if input_file is not None:
            from perfdoc.fileio import refuse_same_path
            from perfdoc.indicators.review import check_file

            if out is not None:
                refuse_same_path(input_file, out)
                _check_out_suffix(out)
            review = check_file(input_file, library=library)
            if out is not None:
                from perfdoc.indicators.forms.annotate import write_review

                write_review(review, out)
            if as_json:
                typer.echo(json.dumps(review.to_dict(), ensure_ascii=False, indent=2))
            else:
                _print_results(review.indicators, review.projects, review.notes)
                if out is not None:
                    typer.echo(f"已写出：{out}")
            flagged = review.flagged
        else:
            from perfdoc.indicators.review import check

            if out is not None:
                _check_out_suffix(out)
            # The classifier costs ~0.5 s to load; the terminal table shows no classification,
            # so load it only when it can improve a rewrite or the output shows its fields.
            need_classes = as_json or out is not None
            results = check(texts, classify=need_classes, library=library)
            if not need_classes and any(not r.measurable for r in results):
                from perfdoc.indicators.review import enrich

                enrich(results, library=library)
            if out is not None:
                from perfdoc.indicators.forms.annotate import write_jsonl, write_results_workbook

                if out.suffix.lower() == ".jsonl":
                    write_jsonl(results, out)
                else:
                    write_results_workbook(results, out)
            if as_json:
                typer.echo(json.dumps([r.to_dict() for r in results], ensure_ascii=False, indent=2))
            else:
                _print_results(results)
                if out is not None:
                    typer.echo(f"已写出：{out}")
            flagged = any(r.issues for r in results)
        if strict and flagged:
            raise typer.Exit(1)

    from perfdoc.cli import eval_app

    @eval_app.command("check")
    def eval_check_command(
        split: str = typer.Option("test", "--split", help="标注数据的部分：test（默认）或 dev"),
        data: Path | None = typer.Option(None, "--data", help="另一个标注文件（.jsonl）"),
        as_json: bool = typer.Option(False, "--json", help="以 JSON 输出"),
        show_errors: bool = typer.Option(False, "--errors", help="列出判断不一致的指标"),
    ) -> None:
        """在标注数据上评测可衡量判断：准确率、各原因代码的精确率/召回率、混淆表。"""
        from perfdoc.errors import UsageError
        from perfdoc.indicators.evaluate import CODES, OK, evaluate

        if split not in ("test", "dev"):
            raise UsageError("--split 只能是 test 或 dev")
        ev = evaluate(data, split=split)
        if as_json:
            typer.echo(json.dumps(ev.to_dict(), ensure_ascii=False, indent=2))
            return
        from rich.table import Table

        console = _console()
        where = data.name if data else f"check_{split}.jsonl"
        console.print(f"数据：{where}（{ev.total} 条）")
        console.print(f"可衡量判断准确率：{ev.flag_accuracy:.4f}")
        console.print(f"原因代码召回率（标注代码在输出中）：{ev.code_recall:.4f}")
        t = Table(title="各原因代码", header_style="bold")
        for col in ("代码", "精确率", "召回率", "样本数"):
            t.add_column(col)
        for c in CODES:
            v = ev.per_code[c]
            t.add_row(c, f"{v['precision']:.3f}", f"{v['recall']:.3f}", str(v["support"]))
        console.print(t)
        labels = [OK, *CODES]
        ct = Table(title="混淆表（行：标注；列：输出）", header_style="bold")
        ct.add_column("标注＼输出")
        short = {OK: "可衡量", "VAGUE_VALUE": "VAGUE", "NO_VALUE": "NO_VAL", "NO_UNIT": "NO_UNIT",
                 "UNIT_MISMATCH": "UNIT_MM", "OUT_OF_RANGE": "RANGE", "TIME_UNBOUNDED": "TIME",
                 "INPUT_AS_OUTPUT": "INPUT"}
        for lab in labels:
            ct.add_column(short[lab], justify="right")
        for g in labels:
            row = ev.confusion.get(g, {})
            ct.add_row(short[g], *[str(row.get(p, 0) or "·") for p in labels])
        console.print(ct)
        if show_errors:
            for e in ev.errors:
                console.print(f"  {e['name']} | {e['value']} | 标注 {e['gold']} | 输出 {','.join(e['predicted'])}")


def _check_out_suffix(out: Path) -> None:
    from perfdoc.errors import UsageError

    if out.suffix.lower() not in (".xlsx", ".jsonl"):
        raise UsageError(f"不支持的输出格式“{out.suffix or '无扩展名'}”", file=out,
                         hint="输出文件请用 .xlsx（批注副本）或 .jsonl（逐条结果）")
