"""`perfdoc lint FILE [--json] [--disable CODE ...] [--fix -o OUT]`: proofread a draft."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import typer

SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}
SEVERITY_COLOURS = {"error": typer.colors.RED, "warning": typer.colors.YELLOW, "info": typer.colors.CYAN}


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)


def _print_findings(findings) -> None:
    from perfdoc.lint.registry import span_in_excerpt

    for f in findings:
        head = f"第{f.paragraph}段  {f.code}  {SEVERITY_NAMES.get(f.severity, f.severity)}：{f.message}"
        typer.secho(head, fg=SEVERITY_COLOURS.get(f.severity), bold=f.severity == "error")
        excerpt = (f.excerpt or "").replace("\t", " ").replace("\n", " ")
        a, b = span_in_excerpt(f)
        typer.echo("    " + excerpt)
        caret = " " * _width(excerpt[:a]) + "^" * max(1, _width(excerpt[a:b]))
        typer.secho("    " + caret, fg=SEVERITY_COLOURS.get(f.severity))
        if f.suggestion:
            typer.echo(f"    建议：{f.suggestion}")


def _summary(findings) -> str:
    if not findings:
        return "未发现问题。"
    counts = {s: sum(1 for f in findings if f.severity == s) for s in SEVERITY_NAMES}
    parts = [f"{SEVERITY_NAMES[s]} {n} 处" for s, n in counts.items() if n]
    return f"共发现 {len(findings)} 处问题（" + "，".join(parts) + "）。"


def register(app: typer.Typer) -> None:
    @app.command("lint")
    def lint_command(
        file: Path = typer.Argument(..., help="要校对的文稿（.docx 或 .txt）"),
        as_json: bool = typer.Option(False, "--json", help="以 JSON 输出全部问题"),
        disable: list[str] = typer.Option([], "--disable", help="关闭某条规则（可多次使用，如 --disable TYPO）"),
        fix: bool = typer.Option(False, "--fix", help="把可机械修正的问题改好后另存（需配合 -o）"),
        out: Path | None = typer.Option(None, "-o", "--output", help="--fix 的输出文件，不能与输入文件相同"),
    ) -> None:
        """校对文稿：标题序号、成对标点、全半角、发文字号、数字与日期格式、计算、固定表述错别字。"""
        from perfdoc.errors import UsageError
        from perfdoc.lint.api import enabled_codes, lint_file

        enabled_codes(disable)  # refuse unknown codes before reading anything
        if fix and out is None:
            raise UsageError("使用 --fix 时必须用 -o 指定输出文件", hint="例如：perfdoc lint 草稿.docx --fix -o 修正稿.docx")
        if out is not None and not fix:
            raise UsageError("-o 只能与 --fix 一起使用")
        findings = lint_file(file, disable=tuple(disable))
        if fix:
            from perfdoc.lint.api import apply_fixes

            changes = apply_fixes(file, out)
            if not as_json:
                typer.secho(f"已写入修正稿：{out}（自动修正 {len(changes)} 处）", fg=typer.colors.GREEN, err=True)
                for c in sorted(changes, key=lambda c: c.paragraph):
                    typer.secho(f"    第{c.paragraph}段  {c.code}：“{c.before}”→“{c.after}”", err=True)
            findings = lint_file(out, disable=tuple(disable))
        if as_json:
            typer.echo(json.dumps([f.lint_dict() for f in findings], ensure_ascii=False, indent=2))
        else:
            _print_findings(findings)
            typer.echo(_summary(findings))
        if any(f.severity == "error" for f in findings):
            raise typer.Exit(1)
