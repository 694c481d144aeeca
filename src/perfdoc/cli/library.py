"""`perfdoc library search|stats|learn`, `perfdoc train`, `perfdoc eval classify` (thin wrappers)."""
from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import typer

library_app = typer.Typer(help="分行业分领域绩效指标库：检索与统计。", no_args_is_help=True)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(_width(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(_pad(str(c), w) for c, w in zip(header, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(_pad(str(c), w) for c, w in zip(r, widths)).rstrip() for r in rows]
    return "\n".join(lines)


def _echo_json(obj) -> None:
    typer.echo(json.dumps(obj, ensure_ascii=False, indent=2))


@library_app.command("search")
def search_cmd(
    query: str = typer.Argument(..., help="要检索的指标名称或关键词"),
    n: int = typer.Option(10, "-n", "--number", min=1, max=100, help="返回条数"),
    library: Path = typer.Option(None, "--library", help="使用自己的指标库（.xlsx 或 .csv）"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """在指标库中检索与 QUERY 最接近的指标。"""
    from perfdoc.errors import UsageError
    from perfdoc.indicators.library.library import load_library
    from perfdoc.indicators.library.mapping import search

    if not query.strip():
        raise UsageError("检索词不能为空", hint="例如：perfdoc library search 供餐天数")
    lib = load_library(library)
    hits = search(query, n, library=lib)
    if as_json:
        _echo_json([{**h.entry.to_dict(), "aliases": list(h.entry.aliases), "score": round(h.score, 4)}
                    for h in hits])
        return
    rows = [[f"{h.score:.2f}", h.entry.id, h.entry.name, h.entry.level2, h.entry.sector_label,
             h.entry.target() if h.entry.typical_value else (h.entry.unit or "")] for h in hits]
    typer.echo(_table(["相似度", "编号", "指标名称", "二级指标", "行业", "参考写法"], rows))


@library_app.command("stats")
def stats_cmd(
    library: Path = typer.Option(None, "--library", help="使用自己的指标库（.xlsx 或 .csv）"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
) -> None:
    """按行业与二级指标统计指标库条目数。"""
    from perfdoc.indicators.library.library import load_library

    from perfdoc.indicators.library.conventions import load as load_conventions

    lib = load_library(library)
    stats = lib.stats()
    local = load_conventions()
    if as_json:
        _echo_json({**stats, "version": lib.version, "conventions": local.stats() if local else None})
        return
    typer.echo(f"指标库：{Path(lib.source).name}，共 {stats['entries']} 条（版本 {lib.version}）\n")
    level2s = list(stats["level2"])
    short = [l2.removesuffix("指标").removeprefix("服务对象") for l2 in level2s]
    rows = [[sector, *[cells[l2] for l2 in level2s], stats["sectors"][sector]]
            for sector, cells in stats["sector_level2"].items()]
    rows.append(["合计", *[stats["level2"][l2] for l2 in level2s], stats["entries"]])
    typer.echo(_table(["行业", *short, "合计"], rows))
    typer.echo("")
    typer.echo(_conventions_text(local.stats()) if local else
               "本地惯例：未学习（可用 perfdoc library learn 已审定的申报表.xlsx 学习本单位的二级指标归类习惯）")


def _conventions_text(st: dict) -> str:
    files = "、".join(f["name"] for f in st["files"]) or "—"
    lines = [f"本地惯例：{len(st['files'])} 个申报表（{files}），{st['rows']} 条指标；"
             f"按名称 {st['names']} 条，按中心词 {st['heads']} 条；文件 {st['path']}"]
    if st["head_labels"]:
        shown = "、".join(f"{h}→{l2}" for h, l2 in list(st["head_labels"].items())[:12])
        more = "…" if len(st["head_labels"]) > 12 else ""
        lines.append(f"  中心词惯例：{shown}{more}")
    return "\n".join(lines)


@library_app.command("learn")
def learn_cmd(
    files: list[Path] = typer.Argument(None, help="已审定的绩效目标申报表（.xlsx/.csv/.jsonl），可多个",
                                       show_default=False),
    reset: bool = typer.Option(False, "--reset", help="删除已学习的本地惯例（恢复内置分类）"),
) -> None:
    """从本单位已审定的申报表学习二级指标的归类习惯（以申报的一级/二级指标为准），用于审核与 CATEGORY_MISMATCH。"""
    from perfdoc.errors import UsageError
    from perfdoc.indicators.library import conventions

    files = [f for f in (files or []) if f is not None]
    if reset:
        if files:
            raise UsageError("--reset 不能与文件同时使用")
        removed = conventions.reset()
        typer.echo(f"已删除本地惯例：{conventions.store_path()}" if removed else "没有已学习的本地惯例。")
        return
    st = conventions.learn(files)
    typer.echo(_conventions_text(st))
    typer.echo("之后的 perfdoc check 按这些惯例给出二级指标（结果中注明“本地惯例”）；删除：perfdoc library learn --reset")


def train_cmd(
    out: Path = typer.Option(None, "--out", help="模型输出目录（默认为内置 models/）"),
) -> None:
    """用指标库与标注数据重新训练二级指标与行业分类模型，并生成校对用语言模型（结果确定可复现）。"""
    import time

    from perfdoc.indicators.classification.train import train
    from perfdoc.lint.lm import train_lm

    start = time.perf_counter()
    sidecar = train(out)
    lm_sidecar = train_lm(out)
    rows = sidecar["training_rows"]
    typer.echo(f"已训练：指标库 {sidecar['library']['entries']} 条，标注指标 {sidecar['labelled_indicators']} 条；"
               f"二级指标模型 {rows['level2']} 个样本、{len(sidecar['labels']['level2'])} 类，"
               f"行业模型 {rows['sector']} 个样本、{len(sidecar['labels']['sector'])} 类；"
               f"用时 {time.perf_counter() - start:.1f} 秒")
    typer.echo(f"校对用语言模型：语料 {len(lm_sidecar['corpus_files'])} 个文件、{lm_sidecar['corpus_chars']} 字"
               f"（另加 jieba 词典词频）")
    typer.echo(f"语料校验值 {sidecar['corpus_sha256'][:16]}…，模型已写入 {out or 'models/'}")


def eval_classify_cmd(
    input: Path = typer.Option(None, "--input", help="评测集 .jsonl（默认内置留出集；每行 name、value、level2、"
                                                    "sector，可选 project、gold_id 或 gold（库内指标名称））"),
    as_json: bool = typer.Option(False, "--json", help="输出 JSON"),
    errors: bool = typer.Option(False, "--errors", help="列出本系统判错的指标"),
    compare: bool = typer.Option(False, "--compare", help="在公开申报表留出集上同时比较梯度提升模型（较慢）"),
    cv: bool = typer.Option(False, "--cv", help="在公开申报表上做按表分组的交叉验证和留一省验证（较慢）"),
) -> None:
    """在留出的标注指标与公开申报表（按表分组留出）上评测二级指标、行业与指标库匹配的准确率，并与基线对比。"""
    from perfdoc.indicators.classification.evaluate import evaluate

    result = evaluate(input, families=("linear", "boosting") if compare else ("linear",), cv=cv)
    if as_json:
        _echo_json(result)
        return
    typer.echo(f"评测集：{result['items']} 条标注指标（其中 {result['items_with_gold_entry']} 条标有对应的库内指标，"
               f"用于匹配命中率）；指标库 {result['library_entries']} 条\n")

    def f(x):
        return "—" if x is None else f"{x:.3f}"

    rows = [[r["method"], f(r["level2_accuracy"]), f(r["sector_accuracy"]), f(r["top1"]), f(r["top3"])]
            for r in result["results"]]
    typer.echo(_table(["方法", "二级指标准确率", "行业准确率", "匹配 top-1", "匹配 top-3"], rows))
    mm = result["mismatch"]
    typer.echo(f"\nCATEGORY_MISMATCH（置信度 ≥ {mm['threshold']:.2f}）：申报正确时误报 {mm['false_alarm']:.1%}，"
               f"申报错误时检出 {mm['detection']:.1%}")
    pub = result.get("published")
    names = {"linear": "线性模型（字/词 n 元组 + 指标值特征，内置）", "boosting": "梯度提升（同一特征）"}
    if pub:
        typer.echo(f"\n公开申报表留出集（按表分组，种子 {pub['seed']}）：{pub['test_tables']} 张表 {pub['test_rows']} 条指标；"
                   f"训练用其余 {pub['train_tables']} 张表")
        prow = [[names.get(k, k), f(v["level2_accuracy"]), f(v["level2_acceptable"]), f(v["calibration_error"]),
                 f"{len(v['mismatch_claims'])}（成立 {f(v['mismatch_precision'])}）"]
                for k, v in pub["families"].items()]
        prow.append(["（对照）上表 perfdoc 在内置留出集", f(result["results"][0]["level2_accuracy"]), "—", "—", "—"])
        typer.echo(_table(["模型", "二级指标准确率（与公布标签一致）", "可接受（公布标签或合理读法）", "置信度校准误差",
                           "CATEGORY_MISMATCH 提示数"], prow))
    for block in result.get("published_cv") or ():
        what = "按表分组 5 折" if block["by"] == "source" else "留一省"
        typer.echo(f"\n公开申报表交叉验证（{what}，{block['folds']} 折，{block['tables']} 张表 {block['rows']} 条）：")
        crow = [[names.get(k, k), f(v["strict"]), f(v["acceptable"]), f(v["calibration_error"]),
                 f"{v['claims']}（成立 {f(v['claim_precision'])}）", f"{v['model_claims']}（成立 {f(v['model_claim_precision'])}）"]
                for k, v in block["families"].items()]
        typer.echo(_table(["模型", "严格准确率", "可接受", "置信度校准误差", "CATEGORY_MISMATCH 提示", "仅凭模型置信度的提示"], crow))
        if errors:
            for k, v in pub["families"].items():
                for c in v["mismatch_claims"]:
                    typer.echo(f"  [{k}] {c['source']} {c['name']}｜{c['value']}：申报 {c['declared']} → 建议 "
                               f"{c['suggested']}（{c['confidence']:.0%}）")
    if "skops_max_difference" in result:
        typer.echo(f"\n运行时模型与 skops 模型的概率最大差异：{result['skops_max_difference']:.2e}")
    if errors:
        typer.echo("\n判错的指标：")
        for e in result["errors"]:
            gold = f"（应含 {e['gold_id']}）" if e["gold_id"] else ""
            typer.echo(f"  {e['name']}｜{e['value']}：二级 {e['level2']}（应为 {e['gold_level2']}），"
                       f"行业 {e['sector']}（应为 {e['gold_sector']}），匹配 {','.join(e['matches'])}{gold}")


def register(app: typer.Typer) -> None:
    from perfdoc.cli import eval_app

    app.add_typer(library_app, name="library")
    app.command("train")(train_cmd)
    eval_app.command("classify")(eval_classify_cmd)
